/*
 * links: what a URL written in a page's Markdown names in the site, whether
 * it is there, and the relative URL that reaches it from the page.
 *
 * A URL with a scheme (https:, mailto: ...), "//host", "?query" or ""
 * stays as written. "#id" names an id of the page itself. Any other URL
 * names something in the site: "/x" from the site root, "x" from the page.
 *   - A ".md" path is a page's source: a path in content/ (from the page's
 *     folder, or from content/ itself for "/x.md"), found in the page's
 *     language when it has a translation there.
 *   - Anything else is read first the same way, as a path in content/ (a
 *     folder for its section page, a copied file), then as an output URL
 *     (from the page's own URL, or from the site root for "/x"):
 *     "programs/csp/", "programs/csp/index.html", "assets/site.css".
 * What it finds is written as a URL from the site's root: a page as its
 * index.html file, so the link works from file:// too.
 *
 * links_check_anchors() then checks every link to a page's #id once all
 * pages have their ids.
 */
#ifndef BRIEF_LINKS_H
#define BRIEF_LINKS_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"

struct content;
struct markdown_page;

/* What a resolver found at a path. */
enum links_found { LINKS_MISSING, LINKS_FOUND, LINKS_DRAFT };

struct links_target {
	const char *url; /* from the site root: "programs/csp/index.html" */
	long page;       /* the target page, or -1 for a plain file */
};

/*
 * Decides which links exist. Pages rendering in parallel call it at once.
 * source() looks up a normalised path in content/: "programs/csp.md",
 * "img/chart.png", "programs/" for a folder, "" for content/ itself;
 * LINKS_DRAFT names a page left out as a draft. output() looks up a file
 * of the built site: "programs/csp/index.html", "assets/site.css"; it may
 * give back path itself as out->url. out->url is only read at once.
 */
struct links_resolver {
	enum links_found (*source)(void *ctx, const char *path, struct links_target *out);
	enum links_found (*output)(void *ctx, const char *path, struct links_target *out);
	void *ctx;
};

/* The page a link is written on. */
struct links_page {
	const char *dir;  /* its folder inside content/: "" or "programs/" */
	const char *url;  /* its output file: "programs/csp/index.html" */
	const char *root; /* written before every URL into the site */
	const struct links_resolver *res;
};

/* LINKS_SAME_PAGE as a link's page: "#id" on the page itself. */
#define LINKS_SAME_PAGE (-2L)

struct links_result {
	bool rewrite; /* the new URL is in out */
	/* Why the link is broken, or NULL. It completes "link to 'URL'":
	 * ": no such page", " leaves the content folder". */
	const char *problem;
	long page;      /* whose ids the fragment must name: a page, LINKS_SAME_PAGE */
	const char *id; /* the fragment, percent-decoded; NULL: nothing to check */
};

/*
 * Reads url as written on page. When it names something in the site,
 * writes root + the URL from the root, with the query and fragment as
 * written, into out ("../../programs/csp/index.html#aims"). tmp is
 * scratch space; r->id points into it until its next use. Costs a few
 * lookups and copies of the URL.
 */
void links_resolve(const struct links_page *page, const char *url, struct buf *tmp, struct buf *out,
                   struct links_result *r);

/* The site's resolver for pages in language lang. */
struct links_scope {
	const struct content *content;
	/* Every output file -> its owner: a page index below content->npages,
	 * any other value for a copied file or asset. */
	const struct strmap *outputs;
	int lang;
};

/* The resolver functions over a struct links_scope. */
enum links_found links_source(void *ctx, const char *path, struct links_target *out);
enum links_found links_output(void *ctx, const char *path, struct links_target *out);

/*
 * Reports every link of md[0 .. c->npages) to an id that its target page
 * lacks: a heading's id, or any other id in its HTML (footnotes, charts,
 * raw HTML under unsafe_html). "#top" always exists: browsers scroll to
 * the top for it.
 */
void links_check_anchors(struct diag *d, const struct content *c, const struct markdown_page *md);

/* The id="..." and id='...' attributes of html that page ids are found
 * by, each as its quote and its value, NUL-ended, in arena (*len bytes,
 * then one more NUL): a page's ids without its HTML. */
const char *links_html_ids(struct arena *a, const char *html, size_t *len);

#endif
