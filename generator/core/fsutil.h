/*
 * fsutil: the file system, as the build needs it.
 *
 * Whole-file reads, sorted directory walks that never leave their root,
 * writes that create their folders, and removing whole trees.
 * Functions return 0 (or a pointer) on success, -1 (or NULL) after
 * reporting the problem, with strerror(errno), to the diag.
 */
#ifndef BRIEF_FSUTIL_H
#define BRIEF_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"

/* Folder levels a walk descends before it calls the tree hostile. */
#define FSUTIL_MAX_DEPTH 32

/* The largest file a read accepts, unless fsutil_set_read_max() says
 * otherwise (site.yaml's limits.file_bytes does). */
#define FSUTIL_READ_MAX ((size_t)16 << 20)
void fsutil_set_read_max(size_t max);

/* Reads all of path into the arena, NUL-terminated; *len gets its size. */
char *fsutil_read(struct arena *arena, struct diag *d, const char *path, size_t *len);

/* The same on the heap, for a file needed only for a while: free() it. */
char *fsutil_read_heap(struct diag *d, const char *path, size_t *len);

/* "a/b" from "a" and "b"; an empty a gives b. Owned by the arena. */
char *fsutil_join(struct arena *arena, const char *a, const char *b);

/* True when path names a directory. */
bool fsutil_is_dir(const char *path);

/* 0 when path names a directory; otherwise -1 with errno set (ENOTDIR
 * when it names something else). */
int fsutil_stat_dir(const char *path);

/*
 * Visits every file and folder under root in byte order of names, depth
 * first, folders before their contents. rel is the path below root ("a/b.md"),
 * full is root/rel. Names starting with "." are skipped. A symbolic link
 * whose target lies outside root is reported as an error and skipped, and
 * so is a name with a control character or bytes that are not UTF-8 (it
 * could become neither a URL nor a line of the manifest).
 * Returns -1 if any entry could not be read or was refused.
 */
typedef void fsutil_visit_fn(void *ctx, const char *rel, const char *full, bool is_dir);
int fsutil_walk(struct arena *arena, struct diag *d, const char *root, fsutil_visit_fn *visit,
                void *ctx);

/* Writes all len bytes to fd, retrying short writes; -1 with errno set. */
int fsutil_write_all(int fd, const char *data, size_t len);

/* Writes len bytes to path, creating missing parent folders. */
int fsutil_write(struct diag *d, const char *path, const char *data, size_t len);

/* mkdir -p of the folder that will hold path. */
int fsutil_make_parents(struct diag *d, const char *path);
/* The same with path relative to the open folder at (openat(2)'s
 * dirfd): a caller making many folders in one tree walks its root once. */
int fsutil_make_parents_at(struct diag *d, int at, const char *path);

/* Copies the file from to the file to, creating missing parent folders. */
int fsutil_copy(struct diag *d, const char *from, const char *to);

/* Removes path and everything below it; quiet when it does not exist. */
int fsutil_remove_tree(struct diag *d, const char *path);

/* The folder holding path ("." when it has no '/') and its last
 * component, trailing slashes ignored: "a/out/" gives "a" and "out". */
void fsutil_split(const char *path, struct buf *parent, struct buf *base);

#endif
