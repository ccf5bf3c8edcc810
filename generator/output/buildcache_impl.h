/*
 * The build cache's state, private to output/: buildcache.c (opening,
 * the plan, keeping files) and buildcache_save.c (the cache written
 * after a good build) share it. Everyone else goes through buildcache.h.
 */
#ifndef BRIEF_BUILDCACHE_IMPL_H
#define BRIEF_BUILDCACHE_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "cachefile.h"
#include "deps.h"
#include "scancache.h"
#include "strmap.h"

/* An output file of this build, as the next cache will hold it. */
struct note {
	const char *rel;
	uint64_t out;
	uint64_t size, mtime_s, mtime_ns, ino; /* a copied file's source; else 0 */
	struct cachefile_stat ost;             /* the staged file's */
};

struct buildcache {
	const char *output;     /* borrowed */
	char *dir, *path;       /* heap: PARENT/.brief-cache and its file NAME */
	char *trash;            /* heap: PARENT/.brief-cache/trash (trash.h) */
	struct scancache *scan; /* in PARENT/.brief-cache/NAME.scan */
	struct arena *arena;    /* the old cache's records, and the notes' paths */
	struct cachefile old;   /* what the last build wrote */
	bool valid;             /* old holds the last build, under this build's key */
	uint64_t key;
	struct strmap page_by_url, file_by_rel; /* into old */
	pthread_mutex_t lock;                   /* the notes, failed */
	struct note *notes;
	size_t nnotes, notes_cap;
	struct strmap note_by_rel;
	const char *failed; /* a kept file that could not be linked or copied */
	const long *rec;    /* from the plan, per page: its record in old, or -1 */
	const bool *skip;   /* from the plan, per page: Markdown left unrendered */
	uint64_t *seen;     /* from the plan, per page: deps_seen() (heap) */
	/* Per record of old: the stat its output file had when checked, which
	 * a link keeps (heap; ino 0: not checked). */
	struct cachefile_stat *page_now, *file_now;
	bool *deep;              /* and whether it saw all (heap) */
	uint64_t stamp, sources; /* of the up-to-date check (uptodate.h) */
	unsigned jobs;
	struct cachefile_stat newest; /* the latest mtime noted */
	/* The previous output and the staging folder, opened at the first
	 * kept file (under lock): links by paths relative to them do not
	 * walk both folders' own paths 100,000 times. -1: none. */
	int old_fd, stage_fd;
	bool roots_tried;
	/* The cache file is read on a thread while the up-to-date check
	 * walks the sources (buildcache_loaded() waits for it). */
	pthread_t loader;
	bool loading;
	struct deps *old_deps; /* of old's pages, for the plan (deps.h); NULL once it took it */
	/* The last build's folders being made in the staging folder
	 * (buildcache_ahead.c), which ahead_fd holds open (-1: none). */
	pthread_t ahead;
	bool ahead_running;
	int ahead_fd;
	/* Per record of old, once that thread checked them all: whether its
	 * output file is as recorded (NULL: the plan checks). */
	bool *page_ok;
	bool pages_checked;
	/* The staged output's folders, stat'ed on a thread from the last
	 * write on (buildcache_stat_dirs()), for the save; dirs_fd holds the
	 * staging folder open (-1: none). */
	pthread_t dirs_thread;
	bool dirs_running, dirs_taken;
	int dirs_fd;
	struct arena *dirs_arena;
	struct cachefile dirs; /* only its dirs */
};

/* Waits for the cache file to be read: every use of old comes after. */
void buildcache_loaded(struct buildcache *bc);

/* Waits for the folders' stats (buildcache_stat_dirs()), if they were
 * started; true when bc->dirs holds them. */
bool buildcache_dirs_taken(struct buildcache *bc);

#endif
