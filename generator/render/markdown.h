/*
 * markdown: one page's Markdown body to HTML, with cmark-gfm.
 *
 * Each body is parsed and rendered once; on the way the renderer gives
 * every heading a unique id (slug_make() of its text, then -1, -2 ... for
 * repeats, as GitHub does), collects the table of contents and the
 * summary, and rewrites links into the site as links.h reads them:
 * "../img/a.png", "/programs/csp.md#aims" or "../csp/" become URLs from
 * the page to the file they name, after asking the caller whether that
 * file exists. Broken links are reported at their place in the source
 * file.
 *
 * GFM tables, strikethrough, autolinks, task lists and footnotes are on.
 * Raw HTML and javascript:, vbscript:, file: and data: URLs (but for
 * data:image/png, gif, jpeg and webp) are dropped by cmark's safe mode
 * unless unsafe_html is set (then GitHub's tag filter applies).
 *
 * A fenced code block whose info string is exactly "chart" holds a chart
 * in YAML and becomes the <figure> of chart_render(), in either mode; the
 * charts of programs/csp.md get the ids chart_programs-csp_1, _2 ... in
 * order (no heading id has a '_'). Its YAML and spec errors are reported
 * at their line and column in the file, and fail the page like a broken
 * link.
 */
#ifndef BRIEF_MARKDOWN_H
#define BRIEF_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "chart.h"
#include "diag.h"
#include "links.h"

/* Registers cmark-gfm's extensions; call once before any thread renders.
 * markdown_render() is thread-safe after that (given its own arena). */
void markdown_init(void);

struct markdown_options {
	bool unsafe_html;          /* keep raw HTML and every URL scheme */
	bool smart;                /* curly quotes, dashes, ellipses */
	struct chart_labels chart; /* the words of charts' data tables */
	const struct value *data;  /* data.* of the language, for charts' 'data:' */
	/* Keep the body's plain text per heading section, for the search
	 * index: about this many bytes for the page, shared evenly among its
	 * sections, each cut at a word but keeping at least
	 * MARKDOWN_SECTION_TEXT_MIN bytes; 0 keeps none. */
	size_t text_budget;
};

struct markdown_heading {
	int level;        /* 1 to 6 */
	const char *id;   /* unique within the page */
	const char *text; /* plain text */
};

/* A link to page#id, to check once every page has its ids. */
struct markdown_anchor {
	long page;      /* the target page, or LINKS_SAME_PAGE */
	const char *id; /* the fragment, percent-decoded, without '#' */
	struct pos pos;
};

/* A link as written and what it became (out NULL: left as written), kept
 * so that a cache can tell whether it still resolves the same way. */
struct markdown_link {
	const char *href;
	const char *out;
	unsigned line, col; /* where it is reported */
};

/* A rendered page; every pointer is owned by the arena (toc and anchors
 * are NULL when their length is 0). */
struct markdown_page {
	const char *html;
	/* Plain text of the first top-level paragraph, cut at a word boundary
	 * near MARKDOWN_SUMMARY_MAX bytes and ended with "…"; "" if none. */
	const char *summary;
	struct markdown_heading *toc;
	size_t toc_len;
	struct markdown_anchor *anchors;
	size_t anchors_len;
	/* With text_budget: the plain text of the body before the first
	 * heading, then after each heading (toc_len + 1 entries; headings'
	 * own text is in toc, code blocks' is kept, charts' is not).
	 * NULL without it. */
	const char **section_text;
	struct markdown_link *links; /* every link that resolved */
	size_t links_len;
	unsigned charts; /* ```chart blocks: they draw on data files */
	/* With html NULL (its page was written and its HTML let go): the
	 * id attributes the HTML had (links_html_ids()), for links to them. */
	const char *html_ids;
	size_t html_ids_len;
	bool has_toc; /* with html NULL and toc dropped: it had two headings or more */
};

#define MARKDOWN_SUMMARY_MAX 300
#define MARKDOWN_SECTION_TEXT_MIN 40

/*
 * Renders len bytes of body into *out.
 *   path        the source file, for diagnostics (borrowed: anchors keep it)
 *   dir         the page's folder inside content/: "" or "programs/"
 *   url         the page's output file: "programs/csp/index.html"
 *   first_line  the file line the body starts on (after the front matter)
 *   root        from the page's output file to the site root: "", "../" ...;
 *               written before every resolved URL
 *   res         decides which links exist
 * Positions are path:line:col with col in bytes, as cmark counts them.
 * Returns 0, or -1 after reporting every broken link and bad chart of the
 * page; *out is filled either way. The cmark tree is freed before it returns.
 */
int markdown_render(struct arena *a, struct diag *d, const struct markdown_options *opt,
                    const char *path, const char *dir, const char *url, unsigned first_line,
                    const char *body, size_t len, const char *root,
                    const struct links_resolver *res, struct markdown_page *out);

#endif
