/*
 * buildcache: what `brief build` keeps on disk between builds, so that a
 * build renders only the pages a change can reach and links the others
 * from the previous output into the staging folder.
 *
 * The cache of output folder PARENT/NAME is the file
 * PARENT/.brief-cache/NAME (cachefile.h): outside the output, so that
 * the manifest and the carry-over of outdir.h never see it, and one per
 * output folder. It is a cache: deleting it at any time only makes the
 * next build render everything. It is used only when its key (every
 * input every page depends on: brief's own executable, the options,
 * templates, site.yaml, data, translations, the set of output files)
 * is the build's, and each page it keeps is checked: its previous output
 * file must still have the size, mtime and inode the cache recorded
 * (uptodate.h says when a stat is recorded), or else hash to what it
 * wrote down, else the page renders again. The cache is removed before
 * the swap and written after it (temporary file, fsync, rename), so a
 * crash or failed build never leaves one that disagrees with the output.
 * Beside it: the scan cache (scancache.h) and the trash (trash.h).
 * buildcache_keep(), _note() and _note_file() may run on several threads.
 */
#ifndef BRIEF_BUILDCACHE_H
#define BRIEF_BUILDCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "cachefile.h"
#include "content.h"
#include "diag.h"
#include "markdown.h"

struct buildcache;

/* The cache of the folder output (borrowed), read when it is there and
 * sound: never fails (a cache that cannot be read is an empty one). */
struct buildcache *buildcache_open(const char *output);
void buildcache_free(struct buildcache *bc);

/* The folder the old output goes into to be removed in the background
 * (trash.h): PARENT/.brief-cache/trash. */
const char *buildcache_trash(const struct buildcache *bc);

/* The scan cache (scancache.h) kept beside it, PARENT/.brief-cache/
 * NAME.scan: written with it after a good build (at the same time, on a
 * thread). */
struct scancache *buildcache_scancache(struct buildcache *bc);

/* The build's key: a cache made under another key is not used. */
void buildcache_use(struct buildcache *bc, uint64_t key);

/* Whether the cache, under the build's key, holds the last build. */
bool buildcache_valid(const struct buildcache *bc);

/* The words of the up-to-date check (uptodate.h) for this build: stamp,
 * sources (0: none), and the threads it may use. */
void buildcache_stamp(struct buildcache *bc, uint64_t stamp, uint64_t sources, unsigned jobs);

/* Whether the output is as the last build left it, under the same stamp
 * and sources (uptodate_check()), with no staging folder of a killed
 * build beside it: if so, the last build's reports are repeated to d,
 * and there is nothing to build. */
bool buildcache_uptodate(struct buildcache *bc, struct diag *d);

struct buildcache_plan {
	bool *kept; /* per page: its previous output stands (NULL: render all) */
	bool *skip; /* per page: its Markdown need not render (NULL: none) */
};

/*
 * Which pages of c keep their last output: deps_plan() (deps.h) over the
 * pages the cache recorded, then each kept page's previous output file
 * read and checked against its recorded hash (on jobs threads). md_key:
 * the pages' Markdown keys; md_shown: a template shows some page's
 * Markdown beyond page.PART; md_all: something else needs every page's
 * Markdown (feeds, the search index). Arrays in arena.
 */
void buildcache_plan(struct buildcache *bc, struct arena *arena, const struct content *c,
                     const uint64_t *md_key, bool md_shown, bool md_all, unsigned jobs,
                     struct buildcache_plan *plan);

/* After the plan: whether it left page i's Markdown unrendered. */
bool buildcache_skipped(const struct buildcache *bc, size_t i);

/* After the plan, for page i left unrendered: its links to ids of other
 * pages as the last build rendered them (*out, and their number). */
size_t buildcache_anchors(const struct buildcache *bc, size_t i,
                          const struct cachefile_anchor **out);

/* Whether the file copied as rel from src is as the last build copied it
 * (the source's size, mtime and inode) and the previous output's copy
 * still hashes as recorded. */
bool buildcache_file_unchanged(struct buildcache *bc, const char *rel, const char *src);

/* Whether the cache holds a last build's output folders, whatever the
 * build's key. */
bool buildcache_has_folders(struct buildcache *bc);

/* Starts making the last build's folders in the staging folder stage,
 * on a thread, while the build goes on; the writes make whatever is not
 * there yet. Nothing when there was no last build. */
void buildcache_ahead(struct buildcache *bc, const char *stage);

/* Waits until the threads that work in the staging folder are done
 * (before it goes). */
void buildcache_stop(struct buildcache *bc);

/* After the last write into stage: waits for that thread, then removes
 * the folders it made that nothing was written into. */
void buildcache_ahead_tidy(struct buildcache *bc);

/* After the last write into stage (and buildcache_ahead_tidy()): starts
 * stat'ing its folders on a thread, for buildcache_save(). */
void buildcache_stat_dirs(struct buildcache *bc, const char *stage);

/* Links (or copies) rel from the previous output into the staging folder
 * stage: false when it cannot (the build then fails at
 * buildcache_check()). */
bool buildcache_keep(struct buildcache *bc, const char *rel, const char *stage);

/* Notes the output file rel written to staged with len bytes. */
void buildcache_note(struct buildcache *bc, const char *rel, const char *staged, const char *bytes,
                     size_t len);

/* Notes the output file rel, copied from src to staged; st_src: src's
 * stat before the copy (its size, mtime and inode go into the cache). */
void buildcache_note_file(struct buildcache *bc, const char *rel, const char *staged,
                          const void *st_src);

/* Before the manifest and the swap: 0, or -1 having reported a page that
 * could not be kept; then waits, if need be, until a file made in the
 * staging folder stage would be later than every file noted (uptodate.h),
 * and the cache file goes (the output is about to change). */
int buildcache_check(struct buildcache *bc, struct diag *d, const char *stage);

/*
 * After the swap: writes the cache of this build. Per page of c: md_key,
 * noisy (its render reported something: it renders every time) and md
 * (its links to ids of other pages, unless the plan left it unrendered);
 * keep[0..nkeep): site.yaml's keep: names; d's reports so far, for the
 * up-to-date check to repeat. A failure is a note: the output is out.
 */
void buildcache_save(struct buildcache *bc, struct diag *d, const struct content *c,
                     const uint64_t *md_key, const bool *noisy, const struct markdown_page *md,
                     const char **keep, size_t nkeep);

#endif
