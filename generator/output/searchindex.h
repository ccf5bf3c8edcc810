/*
 * searchindex: one language's search index, as a JavaScript file that a
 * page loads with a plain <script src> (so it works from file:// and any
 * sub-path: no fetch, no network).
 *
 * The file defines one global and nothing else:
 *
 *   window.briefSearch = {"v":1,"l":"en","p":[
 *   {"u":"notes/first/index.html","t":"First note","s":"summary",
 *    "x":"text before the first heading",
 *    "h":[["what-this-is","What this is","text of that section"]]},
 *   ...]};
 *
 * u is the page's URL from the site root, t its title, s its front
 * matter summary (omitted when it has none), x and h its Markdown body
 * as plain text, cut to a budget per page (see below; x is
 * omitted when empty, h when the page has no heading). No HTML: the
 * script puts it on the page as text. Strings are JSON strings that are
 * also safe in JavaScript and inside HTML: '<', U+2028 and U+2029 are
 * written as \u escapes.
 */
#ifndef BRIEF_SEARCHINDEX_H
#define BRIEF_SEARCHINDEX_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "markdown.h"

/*
 * An index reads its whole file before it answers, so its size is its
 * speed: each language's pages share SEARCHINDEX_TEXT_BUDGET bytes of
 * body text, between SEARCHINDEX_PAGE_MIN and SEARCHINDEX_PAGE_MAX a page
 * (a small site keeps its text whole; README, Search, has the figures).
 */
#define SEARCHINDEX_TEXT_BUDGET (1024 * 1024)
#define SEARCHINDEX_PAGE_MIN 160
#define SEARCHINDEX_PAGE_MAX (64 * 1024)

/* The markdown_options text_budget of a page of language lang. */
size_t searchindex_page_budget(const struct content *c, int lang);

/* Where the index of a language whose pages start at lang_root ("" or
 * "fr/") goes in the output: "search/index.js", "fr/search/index.js". */
const char *searchindex_path(struct arena *a, const char *lang_root);

struct searchindex_page {
	const char *url;                /* from the site root */
	const char *title;              /* plain text */
	const char *summary;            /* plain text, or NULL */
	const struct markdown_page *md; /* rendered with section_text */
};

/* Starts an index in out for language lang; add pages, then end it. */
void searchindex_begin(struct buf *out, const char *lang);
void searchindex_add(struct buf *out, const struct searchindex_page *page);
void searchindex_end(struct buf *out);

/*
 * Writes every language's index of the site's pages to sink (sink.h):
 * md holds each page's rendered Markdown.
 * Left out: 404 pages, pages with layout: search, and pages whose front
 * matter says search: false. Returns 0, or -1 after reporting why.
 */
struct sink;
int searchindex_write_site(struct diag *d, struct sink *sink, const struct content *c,
                           const struct markdown_page *md);

/* Appends len bytes of UTF-8 as a double-quoted string, safe in JSON, in
 * JavaScript and inside an HTML <script> element. */
void searchindex_put_string(struct buf *out, const char *s, size_t len);

#endif
