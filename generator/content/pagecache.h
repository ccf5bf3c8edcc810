/*
 * pagecache: page files kept between the rebuilds of a session, so that a
 * rebuild reads and parses only the files that changed.
 *
 * An entry is a page file as read (its text, front matter values and the
 * fields brief reads), keyed by its path and held while the file keeps
 * its size, mtime and inode and no rebuild names it as changed. Only
 * files read without any message are kept: a file with errors or
 * warnings is read again by every rebuild, so every rebuild reports them.
 * Entries live in the arenas of the scans that read them; an arena is
 * freed when its last entry is replaced.
 */
#ifndef BRIEF_PAGECACHE_H
#define BRIEF_PAGECACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

struct page;
struct page_file;
struct pagecache;

struct pagecache *pagecache_new(void);
void pagecache_free(struct pagecache *pc);

/* Forgets the file at path (or, for a folder, every file below it). */
void pagecache_forget(struct pagecache *pc, const char *path);

/* Fills f (whose full path is set) from the cache: false when the file
 * is not there or changed on disk since. */
bool pagecache_take(struct pagecache *pc, struct page_file *f);

/* Keeps f, read into arena, for the next rebuilds. */
void pagecache_put(struct pagecache *pc, const struct page_file *f, struct arena *arena);

/* Frees the text of every file kept (the largest part of the cache),
 * keeping what was read from it; call once the pages taken from the cache
 * have rendered their bodies. A page taken afterwards has no body (NULL)
 * until pagecache_read_body(). */
void pagecache_drop_sources(struct pagecache *pc);

/* Reads page p's file again for its body, when p came from the cache
 * without it. A file that changed since gives its new body and
 * body_hash. Returns 0, or -1 after reporting why. */
int pagecache_read_body(struct diag *d, struct page *p);

/* Hands arena (a scan's) to the cache, which frees it in the first
 * pagecache_sweep() that finds no entry living in it. */
void pagecache_adopt(struct pagecache *pc, struct arena *arena);

/* Frees the arenas whose entries are all gone; call between rebuilds,
 * when no build uses what the last scan read. */
void pagecache_sweep(struct pagecache *pc);

#endif
