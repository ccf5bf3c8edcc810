/*
 * sink: where a build's output files go. Page rendering and file copying
 * call sink_write() and sink_copy() and never know which sink it is:
 *
 *   disk    a staging folder beside the output, its manifest, then the
 *           atomic swap of outdir.h (`brief build`)
 *   memory  a memsite (`brief serve`)
 *   none    nothing: pages rendered for their errors only, and a build
 *           that checks the site without writing it
 *
 * sink_write() and sink_copy() may be called from several threads at
 * once. Functions return 0, or -1 after reporting to the diag.
 */
#ifndef BRIEF_SINK_H
#define BRIEF_SINK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "buildcache.h"
#include "diag.h"
#include "memsite.h"
#include "outdir.h"

enum sink_kind { SINK_DISK, SINK_MEMORY, SINK_NONE };

struct sink {
	enum sink_kind kind;
	struct outdir_stage stage;  /* disk */
	const char *output;         /* disk: borrowed */
	struct buildcache *cache;   /* disk: the build cache (buildcache.h), or NULL */
	struct memsite *site;       /* memory: borrowed */
	const struct memsite *prev; /* memory: the last site, for sink_keep(); may be NULL */
	pthread_mutex_t lock;       /* memory: memsite_store() is not thread-safe */
};

/* The disk sink for the folder output (borrowed). */
void sink_init_disk(struct sink *s, const char *output);
/* The memory sink filling site; prev (or NULL) is what sink_keep() takes
 * files from. Both borrowed. */
void sink_init_memory(struct sink *s, struct memsite *site, const struct memsite *prev);
void sink_init_none(struct sink *s);

/* Before the build scans: a disk sink with a build cache that holds a
 * last build makes its staging folder now and starts making the last
 * build's folders in it (buildcache_ahead()). When it cannot, it leaves
 * everything to sink_begin(), which reports why. */
void sink_prepare(struct sink *s);

/* Before the first write: the disk sink makes its staging folder (unless
 * sink_prepare() did); keep (site.yaml's keep:, borrowed) is what its
 * commit carries over. */
int sink_begin(struct sink *s, struct diag *d, const struct outdir_keep *keep);

/* Whether the disk sink has its staging folder (sink_prepare() or
 * sink_begin() made it). */
bool sink_staged(const struct sink *s);

/* Stores len bytes as rel (below the site root, no leading '/'). */
int sink_write(struct sink *s, struct diag *d, const char *rel, const char *bytes, size_t len);

/* Stores a copy of the file src as rel. */
int sink_copy(struct sink *s, struct diag *d, const char *rel, const char *src);

/* Stores rel as the previous site had it, without rendering it again:
 * the memory sink from its last memsite, the disk sink with a build cache
 * from the previous output (buildcache_keep()); false when it cannot. */
bool sink_keep(struct sink *s, const char *rel);

/* After the last write, before the staged folder is read back: the disk
 * sink removes the folders sink_prepare() made that nothing went into,
 * and starts stat'ing the others for the build cache (buildcache.h). */
void sink_tidy(struct sink *s);

/* After the last write: the disk sink writes the manifest of the
 * paths[0..n) written and swaps the staging folder in (with a build
 * cache, only when every kept file was kept; the cache file goes). */
int sink_commit(struct sink *s, struct diag *d, const char *const *paths, size_t n);

/* Drops what a failed build wrote (the disk sink's staging folder) and
 * frees the sink; safe after a commit, and on any sink. */
void sink_abort(struct sink *s, struct diag *d);

#endif
