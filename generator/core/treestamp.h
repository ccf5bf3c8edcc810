/*
 * treestamp: a fingerprint of a folder tree as stat(2) sees it, reading
 * no file: every entry's path, type, size, mtime, ctime and inode. Any
 * file added, removed, renamed, written or touched changes it, even one
 * written with its mtime set back (the ctime tells). Used by the
 * build cache's up-to-date check (uptodate.h) on content/ and templates/.
 */
#ifndef BRIEF_TREESTAMP_H
#define BRIEF_TREESTAMP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

/* The fingerprint of the tree at dir, mixed into *h; false (a stamp not
 * to trust) when some entry cannot be read, is a symlink to a folder, is
 * nested too deep, or changed within TREESTAMP_RACY_S seconds before
 * now_s (a file system's clock may tick that coarsely: a change within
 * the same tick would keep the mtime). */
#define TREESTAMP_RACY_S 2
bool treestamp_mix(const char *dir, int64_t now_s, uint64_t *h);

/* Told of each regular file the walk stats (lstat(2)), by its path as
 * fsutil_join() would make it from dir: a later phase of the same build
 * may take that stat instead of its own (the scan cache does). */
typedef void treestamp_seen_fn(void *ctx, const char *path, const struct stat *st);

/* treestamp_mix(), telling seen (unless NULL) of each regular file. */
bool treestamp_mix_seen(const char *dir, int64_t now_s, uint64_t *h, treestamp_seen_fn *seen,
                        void *ctx);

#endif
