/*
 * site_markdown: the Markdown phase of a build (site.c).
 *
 * Renders every page's body with cmark-gfm, in worker processes
 * (procpool.h: cmark-gfm keeps process-wide state, so not on threads),
 * taking what a session's cache still holds instead (mdcache.h). Each
 * page then has its HTML, summary and table of contents; the phase keeps
 * the rest (ids, links, section texts) in md for the phases after it.
 */
#ifndef BRIEF_SITE_MARKDOWN_H
#define BRIEF_SITE_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "content.h"
#include "diag.h"
#include "markdown.h"
#include "site_cache.h"
#include "strmap.h"
#include "templates.h"

struct site_markdown_run;

struct site_markdown {
	/* Set by the caller: */
	struct arena *arena; /* the build's: every result lives in it */
	struct diag *diag;
	struct content *content;           /* pages get html, summary, toc, has_toc */
	const struct templates *templates; /* whether any shows a toc */
	struct strmap *outputs;            /* output file -> owner, for links (links.h) */
	struct site_cache *cache;          /* a session's, or NULL */
	unsigned jobs;                     /* worker processes */
	bool search;                       /* keep section texts for the search index */
	/* Optional: the pages (streamed[i]) whose template renders and whose
	 * file is written in the worker process right after their Markdown,
	 * by stream(stream_ctx, i, d), and whose HTML is then let go; its
	 * messages go to stream_diag (buffered). */
	const bool *streamed;
	bool (*stream)(void *ctx, size_t i, struct diag *d);
	void *stream_ctx;
	struct diag *stream_diag;
	/* With a build cache (buildcache.h): every page's md_key is set, then
	 * plan (when set) says which pages' Markdown may stay unrendered
	 * (their html, summary and toc are ""), or NULL: none. A page some
	 * rendered page links to an id of renders all the same. */
	bool keyed;
	const bool *(*plan)(void *ctx, const uint64_t *md_key);
	void *plan_ctx;
	/* Set by site_markdown_run(), per page: */
	struct markdown_page *md;
	uint64_t *md_key;              /* with a cache: the page's key in it */
	bool *md_fresh;                /* with a cache: rendered now, not taken from it */
	bool *md_noisy;                /* keyed: its render reported something */
	size_t rendered;               /* pages rendered rather than taken from the cache */
	struct site_markdown_run *run; /* what site_markdown_page() needs */
};

/* Runs the phase over m->content's pages; problems go to m->diag. */
void site_markdown_run(struct site_markdown *m);

/* The largest body site_markdown_page() renders in this process rather
 * than in a worker within limits.render_seconds: the slowest input known
 * for Debian 12's cmark-gfm (emphasis and links on every line, worse than
 * quadratic) takes about 60 ms at this size, 40 s at 256 KiB. */
#define SITE_MARKDOWN_INPLACE_MAX (32 * 1024)

/* How many such pages a run renders in this process (a rebuild after an
 * edit or two): at most a quarter of a second, were all of them that
 * slowest input. */
#define SITE_MARKDOWN_INPLACE_PAGES 4

/*
 * Renders page i's new body (its text from line on) after
 * site_markdown_run() with a session's cache, as the run would have: for
 * a patched rebuild (site_cache.h). m's caller fields may have changed
 * since (the build moved, another diag). Returns whether the render
 * reported nothing: else the build is not to be written.
 */
bool site_markdown_page(struct site_markdown *m, size_t i, unsigned line, const char *body,
                        size_t len);

#endif
