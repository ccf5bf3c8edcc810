/*
 * uptodate: whether `brief build` has nothing to do, without reading a
 * page: the build cache (buildcache.h) holds, besides its records, a
 * stamp (options, environment, brief's executable), a fingerprint of
 * content/ and templates/ as stat(2) saw them, the stat of every output
 * file and folder, the hash of the manifest and the build's reports.
 * When all of them are as the last build left them, the output is what a
 * build would write, and the build only repeats the reports.
 *
 * A stat is trusted only when it is older than the moment it was taken
 * (a file system's clock ticks coarsely: a change within the same tick
 * keeps the mtime): an output stat is recorded against the manifest's
 * mtime, written after every output file (buildcache.c waits a tick for
 * it); one that is not older is recorded as none, and the check reads
 * and hashes that file instead, or, for a folder, gives up.
 */
#ifndef BRIEF_UPTODATE_H
#define BRIEF_UPTODATE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "cachefile.h"
#include "diag.h"

/* Each folder above the output paths rels[0..n) (not the top), parents
 * first, with its stat relative to the open folder at, into cf (memory
 * in arena; stats on jobs threads): once the last file is written. */
void uptodate_dirs(struct arena *arena, int at, const char *const *rels, size_t n, unsigned jobs,
                   struct cachefile *cf);

/* After the swap, into cf (its pages and files already there, and with
 * dirs_taken its folders, from uptodate_dirs(); else they are taken
 * now): the manifest's hash, every stat not older than the manifest made
 * none, and d's reports so far (a diag that is not sorted printed them
 * and kept none: then cf->sources is made none, and the next build
 * builds). Memory in arena; stats taken on jobs threads. */
void uptodate_record(struct arena *arena, struct diag *d, const char *output, unsigned jobs,
                     struct cachefile *cf, bool dirs_taken);

/* Whether output (borrowed) is as cf, the last build's cache, recorded
 * it: every page, file and folder stats (or hashes) as recorded, no entry
 * at the top that it does not know of (but dot-entries and keep: names),
 * the manifest hashes as recorded. Reads no page that stats as recorded. */
bool uptodate_check(const struct cachefile *cf, const char *output, unsigned jobs);

/* Reports cf's reports to d, as the last build reported them. */
void uptodate_replay(const struct cachefile *cf, struct diag *d);

#endif
