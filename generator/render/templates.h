/*
 * templates: the templates/ folder as a registry of compiled Mustache
 * templates, named by path without ".mustache" ("page", "partials/nav").
 *
 * Every template is read and compiled once per build. Every partial and
 * parent a template names must exist: the engine would render a missing
 * one as nothing (the spec says so), but for a site that is a mistake, so
 * the registry reports it at the tag. templates/assets/ is not templates.
 */
#ifndef BRIEF_TEMPLATES_H
#define BRIEF_TEMPLATES_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "mustache.h"
#include "strmap.h"

struct template_entry {
	const char *name;
	const char *path;
	struct mustache *tpl;
};

struct templates {
	const char *dir;
	struct template_entry *items;
	size_t len, cap;
	struct strmap by_name;
	struct strmap words;  /* every part of every name the templates look up */
	struct strmap others; /* the same, but for the names page.PART */
};

/* Compiles every template under dir. Returns -1 after reporting every
 * syntax error and unknown partial or parent. Pair with templates_free(). */
int templates_load(struct arena *arena, struct diag *d, const char *dir, struct templates *t);
void templates_free(struct templates *t);

/* True when some template looks up a name with this part: "toc" for
 * {{#page.toc}} or {{toc}}. Lets the build skip what no template shows. */
bool templates_mention(const struct templates *t, const char *part);

/* True when some template looks up a name with this part other than as
 * page.PART: {{content}} in a list of pages, {{page.next.content}}. A
 * rebuild can then not know which pages show another page's part. */
bool templates_mention_beyond_page(const struct templates *t, const char *part);

/* The template called name, or NULL. */
const struct mustache *templates_get(const struct templates *t, const char *name, size_t len);

/* templates_get() in the shape mustache_env.lookup wants; ctx is the registry. */
const struct mustache *templates_lookup(void *ctx, const char *name, size_t len);

#endif
