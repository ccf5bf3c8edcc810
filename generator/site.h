/*
 * site: one build, phase by phase.
 *
 *   load site.yaml and scan content/  ->  check figures against quotes
 *   ->  compile templates/
 *   -> pick each page's layout  ->  render Markdown (ids, links)
 *   -> check links to ids (even when other links failed, so that every
 *      link problem comes at once)  ->  build the template context
 *   -> render every page into a staging folder  ->  with check, check
 *      its links (check.h)  ->  swap it in for output/
 *
 * Each phase reports every problem it finds, and the next phases still
 * run on what is usable (a page with broken front matter keeps its URL;
 * templates compile and links are checked after content errors; pages
 * are rendered, unwritten, when content and templates are sound), so one
 * build reports every independent problem. Nothing is written to
 * output/ after an error.
 * Reading pages and rendering them run on opt->jobs threads, Markdown on
 * as many processes (cmark-gfm is not thread-safe), each with its own
 * arena and buffers; output and messages do not depend on the count.
 */
#ifndef BRIEF_SITE_H
#define BRIEF_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "memsite.h"

struct site_options {
	const char *content_dir;
	const char *templates_dir;
	const char *output_dir;
	bool drafts;
	unsigned jobs; /* threads rendering pages; 0: one per online CPU */
	bool check;    /* check every link of the staged output (check.h) */
	bool verbose;  /* notes about what a build leaves out */
	bool no_cache; /* build: neither read nor write the build cache (buildcache.h) */
};

enum site_phase { SITE_SCAN, SITE_TEMPLATES, SITE_MARKDOWN, SITE_CONTEXT, SITE_WRITE, SITE_PHASES };

/* "scan", "templates", ...: the phases' names, for --verbose. */
extern const char *const site_phase_names[SITE_PHASES];

struct site_stats {
	size_t pages;              /* HTML pages written */
	size_t files;              /* files copied */
	size_t rendered;           /* pages whose templates ran (others were kept) */
	size_t markdown;           /* pages whose Markdown rendered (others were cached) */
	size_t streamed;           /* pages written as soon as their Markdown rendered */
	bool patched;              /* a session's fast path: the last build patched */
	bool uptodate;             /* build: nothing changed, nothing written (uptodate.h) */
	double seconds;            /* wall time of the whole build */
	double phase[SITE_PHASES]; /* wall time of each phase that ran */
};

/* Builds the site. Returns 0, or -1 when d got errors; output_dir is then
 * exactly as it was before. The caller has checked output_dir (outpath.h)
 * and holds its lock (outlock.h). */
int site_build(const struct site_options *opt, struct diag *d, struct site_stats *stats);

struct sink;
struct site_cache;
/* site_build() into any sink (sink.h): what the session runs too, with
 * what it keeps between rebuilds (site_cache.h; NULL: nothing). The sink
 * is begun and committed (or aborted) here; free it after. */
int site_run(const struct site_options *opt, struct diag *d, struct sink *sink,
             struct site_cache *cache, struct site_stats *stats);

/*
 * A rebuild session, for `brief serve`. Everything a build reads stays
 * loaded between rebuilds: compiled templates, page files, rendered
 * Markdown (a cache), the last site.
 */
struct site_session;

/* A session over opt (copied; its strings are borrowed and must outlive
 * the session). Builds nothing yet. Pair with site_session_free(). */
struct site_session *site_session_new(const struct site_options *opt);
void site_session_free(struct site_session *s);

/*
 * Rebuilds into memory after the files in changed[0..n) changed (paths as
 * the watcher reports them: under opt->content_dir or opt->templates_dir,
 * created, modified or removed; n == 0: anything may have changed). On
 * success returns 0 and sets *site to the new site (the caller owns one
 * reference: memsite_unref() it); its files are byte for byte what
 * `brief build` would write into output/ for the same sources (brief's
 * manifest aside). On failure returns -1 with every problem reported to
 * d, and *site is left as it was. Never writes to output/. Runs Markdown
 * in worker processes like a build, so the caller must have no threads of
 * its own running; the build's own threads are joined before it returns.
 */
int site_session_rebuild(struct site_session *s, struct diag *d, const char *const *changed,
                         size_t n, struct memsite **site, struct site_stats *stats);

#endif
