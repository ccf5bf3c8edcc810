/*
 * site_cache: what a session keeps between rebuilds, as site_run() uses
 * it (site_session.c fills it in; a plain build has none).
 */
#ifndef BRIEF_SITE_CACHE_H
#define BRIEF_SITE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "deps.h"
#include "mdcache.h"
#include "pagecache.h"
#include "templates.h"

struct build;
struct sink;
struct site_stats;

struct site_cache {
	struct pagecache *pages;  /* page files */
	struct mdcache *markdown; /* rendered Markdown */
	struct deps *deps;        /* what the last rebuild rendered */
	uint64_t data_gen;        /* changes whenever data files may have */
	struct arena *tpl_arena;  /* the compiled templates' */
	struct templates templates;
	bool templates_valid;       /* compiled, cleanly, from the files as they are */
	bool render_all;            /* a change every page may show */
	const char *const *changed; /* paths the watcher named */
	size_t nchanged;            /* 0: any file may have changed */
	struct build *last;         /* the last build, kept when it reported nothing */
};

/* Frees the kept build (cache->last): before anything it borrows from the
 * caches (page files, Markdown, templates) may change. */
void site_cache_drop(struct site_cache *cache);

/*
 * The fast paths of a session: patches the kept build after the changes
 * named in cache->changed, when they are only page bodies (bytes before
 * the body, and so everything other pages see of it, unchanged) or, with
 * templates, only template files (the same names, compiled anew). sink
 * already holds the last site (a copy): only the pages that can show the
 * change render into it again. Returns 0, or -1 having reported nothing
 * when the change needs a full site_run() (which drops the build first).
 */
int site_patch(struct site_cache *cache, bool templates, struct sink *sink,
               struct site_stats *stats);

#endif
