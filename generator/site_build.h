/*
 * site_build: the state of one build, shared by site.c, which runs it,
 * and site_patch.c, which patches a session's kept build; private to
 * them.
 */
#ifndef BRIEF_SITE_BUILD_H
#define BRIEF_SITE_BUILD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buildcache.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "markdown.h"
#include "outdir.h"
#include "services.h"
#include "sink.h"
#include "site.h"
#include "site_cache.h"
#include "site_markdown.h"
#include "site_stream.h"
#include "strmap.h"
#include "templates.h"

/* What each thread owns: nothing is shared but read-only build data. */
struct worker {
	struct arena *arena;
	struct diag diag; /* buffered, handed over in page order */
	struct buf html, path, note;
	struct value *top;  /* the render context, re-aimed at each page */
	struct arena *made; /* page values a render asks for (pagevalue.h): emptied after each */
	size_t written, rendered;
};

struct build {
	const struct site_options *opt;
	struct diag *diag;
	unsigned errors; /* d->errors before the build: a session's diag may have more */
	size_t reports;  /* diag_reports() before the build: a quiet one can be patched */
	struct arena *arena;
	struct content content;
	struct templates templates;
	const struct mustache **layouts; /* per page */
	struct markdown_page *md;        /* per page */
	struct content_file *assets;     /* templates/assets/ files */
	size_t nassets, assets_cap;
	struct value **sites;  /* per language */
	struct strmap outputs; /* output file -> owner, as links.h wants it */
	struct sink *sink;     /* where pages and files go */
	const char **outs;     /* every path written into output/, per page, file, asset */
	size_t nouts;
	struct outdir_keep keep;  /* site.yaml keep: */
	struct services services; /* sitemap, feeds, robots.txt */
	unsigned jobs;
	struct worker *workers;
	bool search; /* the templates have a search layout: write the index */
	/* With a session's cache: */
	struct site_cache *cache;
	bool templates_cached;
	uint64_t *md_key;         /* per page */
	bool *md_fresh;           /* per page: rendered, not taken from the cache */
	bool *kept;               /* per page: its last output stands; NULL: render all */
	bool *noisy;              /* per page: its render reported something */
	struct site_markdown mdp; /* the Markdown phase, for site_markdown_page() */
	bool sink_has_last;       /* the sink holds the last site: kept pages stay as they are */
	bool changed_md;          /* a patch changed some page's Markdown */
	struct strmap known;      /* with a patch: every file the scan read, and their folders */
	/* Streaming (site_stream.h): */
	bool context_done;       /* the context values are made */
	bool begun;              /* sink_begin() ran */
	bool *streamed;          /* per page: written by a Markdown worker; NULL: none */
	struct diag stream_diag; /* buffered: their template messages */
	/* `brief build`'s cache on disk (buildcache.h), or NULL: */
	struct buildcache *bcache;
	/* The kept pages linked into the disk sink on a thread from the end
	 * of the Markdown phase (site_diskcache_link_begin()): */
	pthread_t linker;
	bool linking;
	bool *linked;            /* per page: linked; NULL: the write phase links */
	struct sink *link_sink;  /* borrowed */
	atomic_size_t link_next; /* the first page no thread has claimed */
};

/* Makes the context values (b->sites), reporting to d. */
void site_context(struct build *b, struct diag *d);

/* Renders page i's template with worker wk, reporting to d, and writes
 * it into b->sink: 0, or -1 having reported why. */
int site_render_page(struct build *b, struct worker *wk, struct diag *d, size_t i);

/* Picks each page's template (b->layouts), reporting the missing ones. */
void site_pick_layouts(struct build *b);

/* Whether a template shows some page's Markdown beyond page.PART. */
bool site_markdown_shown(const struct build *b);

/* Renders the pages that are neither kept nor streamed into b->sink
 * (site_write.c): 0, or -1 having reported why. */
int site_write_pages(struct build *b, struct site_stats *stats);

/* Writes the pages (b->kept: those that are not kept) and files into
 * sink, and commits it: 0, or -1 having reported why. */
int site_write_output(struct build *b, struct sink *sink, struct site_stats *stats);

/* The render threads, b->jobs of them. */
void site_start_workers(struct build *b);
void site_stop_workers(struct build *b);

/* A monotonic clock, in seconds. */
double site_now(void);

/* Charges the time since *mark to phase, and moves the mark. */
void site_lap(struct site_stats *stats, enum site_phase phase, double *mark);

/* Frees what a build made (not its workers). */
void site_build_release(struct build *b);

/* With a session: keeps build b, which reported nothing, as cache->last
 * for site_patch() (site_patch.c). */
void site_patch_keep(struct site_cache *cache, const struct build *b);

/* With a build cache (site_diskcache.c): its key, before the Markdown
 * phase; the plan, as site_markdown's hook (sets b->kept, returns which
 * pages' Markdown may stay unrendered); after the phase, those pages'
 * links to ids of pages that rendered, as the cache has them, for
 * links_check_anchors(); the cache, after a good build. */
void site_diskcache_begin(struct build *b);
const bool *site_diskcache_plan(void *ctx, const uint64_t *md_key);
void site_diskcache_anchors(struct build *b);
void site_diskcache_save(struct build *b);

/* After the plan: links the kept pages' last output into sink (once it
 * has its staging folder) on a thread, while the build makes the context
 * on another core. _end() waits for it, the render threads helping it
 * finish (or, finish false, leaving the rest); it may be called any
 * time. */
void site_diskcache_link_begin(struct build *b, struct sink *sink);
void site_diskcache_link_end(struct build *b, bool finish);

/* Before a build with a build cache: gives bc the up-to-date check's
 * stamp and sources (uptodate.h); true when the output is up to date
 * (the last build's reports repeated to d): nothing to build. */
bool site_diskcache_uptodate(const struct site_options *opt, struct diag *d, struct buildcache *bc);

#endif
