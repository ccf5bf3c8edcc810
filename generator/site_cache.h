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
};

#endif
