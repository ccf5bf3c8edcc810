/*
 * memsite: a built site held in memory, as `brief serve` shows it.
 *
 * Each output file (its path below the site root, "notes/a/index.html")
 * has its bytes and an ETag. A memsite is filled by one build, then only
 * read: the server answers from one while the next build fills another,
 * then swaps them. Two memsites can share a file's bytes (reference
 * counted), so a rebuild after one edit copies only what it re-rendered.
 * Files are held compressed (zpack.h) unless small or incompressible:
 * read them with memsite_read(). Not thread-safe while being filled (but
 * memsite_pack(), the costly part, is); safe to read from many threads.
 */
#ifndef BRIEF_MEMSITE_H
#define BRIEF_MEMSITE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct memsite;
/* A file's bytes as held, with their ETag; shared between sites. */
struct memsite_blob;

struct memsite_file {
	const char *path; /* below the site root, no leading '/' */
	size_t len;       /* of the bytes as served (uncompressed) */
	const char *raw;  /* the bytes when held as they are, else NULL */
	char etag[20];    /* of the bytes as served: "\"" 16 hex digits "\"", NUL-terminated */
	const struct memsite_blob *blob; /* the same for every site sharing them */
};

/* An empty site with one reference; pair with memsite_unref(). */
struct memsite *memsite_new(void);
void memsite_ref(struct memsite *m);
void memsite_unref(struct memsite *m);

/* A new site (one reference) holding every file of from, sharing their
 * bytes: what a rebuild that replaces a few files starts from. O(files),
 * with no hashing and no byte copied. */
struct memsite *memsite_copy(const struct memsite *from);

/* Stores a copy of data as path, replacing what path held:
 * memsite_store(m, path, memsite_pack(m, path, data, len)). */
void memsite_put(struct memsite *m, const char *path, const char *data, size_t len);

/*
 * data[0..len) as a memsite holds it: its ETag, and its bytes compressed
 * when that pays (zpack.h); or, when prev (may be NULL) holds these very
 * bytes at path, prev's blob, shared (a page that rendered as before is
 * neither compressed nor copied). Safe on many threads at once as long
 * as prev does not change meanwhile, so that render threads compress in
 * parallel; pair with memsite_store().
 */
struct memsite_blob *memsite_pack(const struct memsite *prev, const char *path, const char *data,
                                  size_t len);

/* Stores b (from memsite_pack(), its ownership taken) as path. */
void memsite_store(struct memsite *m, const char *path, struct memsite_blob *b);

/* Stores from's file at path in m without copying its bytes; false when
 * from has no such file. */
bool memsite_share(struct memsite *m, const struct memsite *from, const char *path);

/* The file at path, or NULL. O(1). */
const struct memsite_file *memsite_get(const struct memsite *m, const char *path);

/* Files in the order they were first stored: i from 0 to memsite_count(). */
size_t memsite_count(const struct memsite *m);
const struct memsite_file *memsite_at(const struct memsite *m, size_t i);

/* Appends f's f->len bytes, as served, to out (decompressing them:
 * microseconds for a page). */
void memsite_read(const struct memsite_file *f, struct buf *out);

/* The bytes m's files take in memory (compressed, each shared blob
 * counted once per site holding it), without paths and tables. */
size_t memsite_bytes_held(const struct memsite *m);

#endif
