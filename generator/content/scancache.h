/*
 * scancache: what `brief build`'s scan read from each page file, kept on
 * disk beside the build cache (buildcache.h) so that a build reads only
 * the page files that changed: per file, keyed by its path and its size,
 * mtime, ctime (which a write with its mtime set back changes) and
 * inode, the front matter's values as the scan left them (valuewire.h:
 * read back without libyaml, positions and all), where the body starts
 * and the body's length and hash (hash_bytes(), as the Markdown keys
 * take it).
 * A page taken from it has no text (body NULL) until the Markdown phase
 * reads the body, if it renders (pagecache_read_body()).
 *
 * Only files read without any message are kept, and only when they
 * changed more than TREESTAMP_RACY_S seconds before the build started
 * (a change within the same tick of a coarse clock keeps the mtime).
 * The file is written like the build cache's (temporary file, fsync,
 * rename) and refused whole when it is not sound (checksum, lengths).
 * scancache_take() and _note() may run on several threads.
 */
#ifndef BRIEF_SCANCACHE_H
#define BRIEF_SCANCACHE_H

#include <stdbool.h>
#include <sys/stat.h>

#include "arena.h"
#include "scan.h"

struct scancache;

/* The scan cache in the file path (borrowed), read when it is sound:
 * never fails (one that cannot be read is empty). */
struct scancache *scancache_open(const char *path);
void scancache_free(struct scancache *sc);

/* Told by the up-to-date check's walk (treestamp.h) of the regular file
 * path as it stat'ed it, moments before the scan: scancache_take() uses
 * that stat instead of its own. A file changed after the walk is seen by
 * the next build's walk, as one changed after take's stat would be.
 * Before the scan, on one thread. */
void scancache_seen(struct scancache *sc, const char *path, const struct stat *st);

/*
 * Before reading page file f (its full path set): stats it, unless the
 * walk did (into *st,
 * for scancache_note(); st_ino 0 when it cannot), and when the cache has
 * it as it is, fills f->meta (the front matter's values, in arena, their
 * positions in f->full), f->fm (no text: the body NULL with its length
 * and line) and f->body_hash, marks it kept (no text to free) and
 * returns true.
 */
bool scancache_take(struct scancache *sc, struct arena *arena, struct page_file *f,
                    struct stat *st);

/* After reading page file f, ok and quietly, as *st (from take) saw it:
 * keeps it for the next build, with its front matter's values (f->meta,
 * as the scan's checks left them) and its body's hash (set in f too). */
void scancache_note(struct scancache *sc, struct page_file *f, const struct stat *st);

/* Writes what was noted and taken to the file, unless it holds that
 * already (every entry taken, none noted): 0, or -1 (errno says). */
int scancache_save(struct scancache *sc);

#endif
