/*
 * outdir: publishing a build into the output folder.
 *
 * The build writes into a staging folder beside the output
 * (PARENT/.NAME.brief-XXXXXX). outdir_stage_commit() moves the old
 * output's dot-entries (.git, .well-known, .nojekyll, ...) and its keep:
 * entries (site.yaml) into it with rename(2), never a copy, then swaps it
 * in for the output in one rename: readers see the old site or the new
 * one, never a mix, and a build that fails at any point leaves the output
 * as it was and no staging folder.
 * Every output brief publishes holds a manifest, OUTDIR_MANIFEST: the line
 * "brief-manifest 1" (the format's version), then every path the build
 * wrote, sorted bytewise, one per line. A later build knows the folder as
 * its own by it (outpath.h).
 * The caller holds the output's lock (outlock.h) from before
 * outdir_stage_begin() until after the commit or abort.
 * While a staging folder exists, SIGINT and SIGTERM make every write fail
 * and the commit refuse (interrupt.h): the build unwinds and removes it.
 * Functions return 0, or -1 after reporting to the diag.
 */
#ifndef BRIEF_OUTDIR_H
#define BRIEF_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

#define OUTDIR_MANIFEST ".brief-manifest"
#define OUTDIR_MANIFEST_HEAD "brief-manifest "
#define OUTDIR_MANIFEST_VERSION 1

/* True when dir holds a manifest: a regular file whose first line is
 * OUTDIR_MANIFEST_HEAD and a version number (any version is brief's). */
bool outdir_has_manifest(const char *dir);

/* keep: in site.yaml, the other top-level entries carried over. */
struct outdir_keep {
	const char **names; /* plain names: no '/', not "." or "..", no leading '.' */
	struct pos *pos;    /* where each was listed */
	size_t len;
};

/* Reads keep: from the site.yaml map site (absent: none). A value that is
 * not a list of plain names is an error at the item; a name starting with
 * '.' is a warning (carried over anyway). Owned by arena. */
void outdir_keep_load(struct arena *arena, struct diag *d, const struct value *site,
                      struct outdir_keep *keep);

/* An error at each keep: name that the build writes itself: a path of
 * paths[0..n) (written for srcs[i]) that is that name or lies below it. */
void outdir_keep_check(struct diag *d, const struct outdir_keep *keep, const char *const *paths,
                       const char *const *srcs, size_t n);

struct outdir_stage {
	char *dir;                      /* heap; the folder to write into */
	const char *output;             /* borrowed */
	const struct outdir_keep *keep; /* borrowed; NULL: none */
	const char *trash;              /* borrowed; NULL: the old tree is removed before the
	                                   commit returns, else moved there (trash.h) */
	bool trashed;                   /* the old tree is in trash, its removal not started */
};

/* Whether a killed build left a staging folder beside output (the next
 * outdir_stage_begin() removes it). The caller holds the lock. */
bool outdir_stale_left(const char *output);

/* Removes the staging folders that killed builds left beside output, then
 * makes a fresh one (mode 0777 less the umask). */
int outdir_stage_begin(struct diag *d, const char *output, const struct outdir_keep *keep,
                       struct outdir_stage *stage);

/* Writes the manifest of paths[0..n) into the staging folder; paths stay
 * in their order (a sorted copy is written). */
int outdir_stage_manifest(struct diag *d, struct outdir_stage *stage, const char *const *paths,
                          size_t n);

/* Carries the old output's dot-entries and keep: entries over and swaps
 * the staging folder in; the old tree is then removed, or with trash
 * moved there for outdir_stage_abort() to start its removal. On failure,
 * everything carried goes back and the staging folder is removed. */
int outdir_stage_commit(struct diag *d, struct outdir_stage *stage);

/* Removes the staging folder; safe after a commit or a failed begin.
 * After a commit that moved the old tree into trash, starts its removal
 * in the background: called once the build has nothing else to do. */
void outdir_stage_abort(struct diag *d, struct outdir_stage *stage);

#endif
