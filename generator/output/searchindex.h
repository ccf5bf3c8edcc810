/*
 * searchindex: one language's search index, as JavaScript files that the
 * search page loads with plain <script src> (so it works from file:// and
 * any sub-path: no fetch, no network).
 *
 * The first file, search/index.js, answers the first results: per page
 * its URL and title, and nothing else, so that it stays small (its size
 * is the time to the first results; title matches rank first). Each
 * field is one string holding every page's value, pages separated by '\n':
 *
 *   window.briefSearch={"v":2,"l":"en","n":2,"k":1,"p":2,"x":[],
 *   "u":"index.html\nnotes/first/","t":"Home\nFirst note"};
 *
 * n is the number of pages; u their URLs from the site root, with a final
 * "index.html" dropped; t their titles. The rest comes in k text files,
 * search/text-1.js to text-K.js, each for p consecutive pages (the last
 * for what remains), which the script loads once the first results are on
 * the page, with the same one string per field:
 *
 *   window.briefSearch.x[0]={"h":"\nWhat this is\tA part",
 *   "i":"\n\tpart-2","s":"\nA summary","x":"\nbefore\tpart one\tpart two"};
 *
 * h holds each page's headings, '\t' between them; i their ids, '\t'
 * between them, each empty where it is the heading lower-cased with every
 * run of characters other than a-z and 0-9 made one '-', none at either
 * end (an ASCII heading's usual slug), the line cut after its last id that
 * is not; s the front matter summary; x the Markdown body as plain text
 * per section (the text before the first heading, then one per heading),
 * cut to a budget per page (see below). No HTML: the script puts it on
 * the page as text. Control characters in any text become spaces, so
 * '\n' and '\t' only separate. Strings are JSON strings that are also
 * safe in JavaScript and inside HTML: '<', U+2028 and U+2029 are written
 * as \u escapes. The browser folds case and accents itself, once per
 * field (native toLowerCase: cheaper than shipping folded text; README,
 * Search, has the figures).
 */
#ifndef BRIEF_SEARCHINDEX_H
#define BRIEF_SEARCHINDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "markdown.h"

/*
 * Each language's pages share SEARCHINDEX_TEXT_BUDGET bytes of body text,
 * between SEARCHINDEX_PAGE_MIN and SEARCHINDEX_PAGE_MAX a page (a small
 * site keeps its text whole; README, Search, has the figures), in text
 * files of at most SEARCHINDEX_FILE_PAGES pages each.
 */
#define SEARCHINDEX_TEXT_BUDGET (1024 * 1024)
#define SEARCHINDEX_PAGE_MIN 160
#define SEARCHINDEX_PAGE_MAX (64 * 1024)
#define SEARCHINDEX_FILE_PAGES 1000

/* The markdown_options text_budget of a page of language lang. */
size_t searchindex_page_budget(const struct content *c, int lang);

/* Where the index of a language whose pages start at lang_root ("" or
 * "fr/") goes in the output: "search/index.js", "fr/search/index.js". */
const char *searchindex_path(struct arena *a, const char *lang_root);

/* Every file the site's indexes write, from the output's root, for every
 * language: its index.js, then its text files. *n gets their number. */
const char **searchindex_outputs(struct arena *a, const struct content *c, size_t *n);

struct searchindex_page {
	const char *url;                /* from the site root */
	const char *title;              /* plain text */
	const char *summary;            /* plain text, or NULL */
	const struct markdown_page *md; /* rendered with section_text */
};

/* One language's index being built: begin, add its pages, then take each
 * text file when searchindex_text_ready says so, and end. */
struct searchindex {
	const char *lang;
	size_t total, npages;               /* pages to add, pages added */
	size_t per_file;                    /* pages a text file holds */
	size_t ntext;                       /* text files taken */
	struct buf url, title;              /* index.js's fields */
	struct buf head, id, summary, text; /* the next text file's */
};

/* Starts the index of language lang, which has npages pages. */
void searchindex_begin(struct searchindex *ix, const char *lang, size_t npages);
void searchindex_add(struct searchindex *ix, const struct searchindex_page *page);
/* Whether the pages added since the last text file fill one, or are the
 * last ones. */
bool searchindex_text_ready(const struct searchindex *ix);
/* Replaces out with the next text file's JavaScript. */
void searchindex_text_take(struct searchindex *ix, struct buf *out);
/* Replaces out with index.js, and frees what ix holds. */
void searchindex_end(struct searchindex *ix, struct buf *out);

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
