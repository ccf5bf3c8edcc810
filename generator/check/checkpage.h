/*
 * checkpage: one HTML page read for `brief check`, with gumbo (a real
 * HTML5 parser: what a browser builds is what is checked).
 *
 * A page gives the names a fragment can point at (every id, and name on
 * <a>), the URLs it refers to (href, src and poster on any element,
 * srcset on <img> and <source>, one entry per candidate) and its
 * <base href>. Positions are the attribute's: its name's line and
 * column, counting characters from 1 (a tab is one).
 */
#ifndef BRIEF_CHECKPAGE_H
#define BRIEF_CHECKPAGE_H

#include <stddef.h>

#include "arena.h"
#include "strmap.h"

struct checkpage_link {
	const char *url; /* as written, entities decoded */
	unsigned line, col;
};

struct checkpage {
	struct strmap ids; /* id and <a name> values -> 0 */
	struct checkpage_link *links;
	size_t nlinks, links_cap;
	const char *base; /* the first <base href>, or NULL */
	unsigned base_line, base_col;
};

/* Parses html[0..len) into page; strings are owned by the arena, the ids
 * map by page: pair with checkpage_free(). Walks the tree with a stack of
 * its own, so deep nesting cannot exhaust the C stack. */
void checkpage_parse(struct arena *arena, const char *html, size_t len, struct checkpage *page);

void checkpage_free(struct checkpage *page);

#endif
