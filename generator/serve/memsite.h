/*
 * memsite: a built site held in memory, as `brief serve` shows it.
 *
 * Each output file (its path below the site root, "notes/a/index.html")
 * has its bytes and an ETag. A memsite is filled by one build, then only
 * read: the server answers from one while the next build fills another,
 * then swaps them. Two memsites can share a file's bytes (reference
 * counted), so a rebuild after one edit copies only what it re-rendered.
 * Not thread-safe while being filled; safe to read from many threads.
 */
#ifndef BRIEF_MEMSITE_H
#define BRIEF_MEMSITE_H

#include <stdbool.h>
#include <stddef.h>

struct memsite;

struct memsite_file {
	const char *path; /* below the site root, no leading '/' */
	const char *data; /* not NUL-terminated */
	size_t len;
	char etag[20]; /* "\"" 16 hex digits "\"", NUL-terminated */
};

/* An empty site with one reference; pair with memsite_unref(). */
struct memsite *memsite_new(void);
void memsite_ref(struct memsite *m);
void memsite_unref(struct memsite *m);

/* A new site (one reference) holding every file of from, sharing their
 * bytes: what a rebuild that replaces a few files starts from. O(files),
 * with no hashing and no byte copied. */
struct memsite *memsite_copy(const struct memsite *from);

/* Stores a copy of data as path, replacing what path held. */
void memsite_put(struct memsite *m, const char *path, const char *data, size_t len);

/* Stores from's file at path in m without copying its bytes; false when
 * from has no such file. */
bool memsite_share(struct memsite *m, const struct memsite *from, const char *path);

/* The file at path, or NULL. O(1). */
const struct memsite_file *memsite_get(const struct memsite *m, const char *path);

/* Files in the order they were first stored: i from 0 to memsite_count(). */
size_t memsite_count(const struct memsite *m);
const struct memsite_file *memsite_at(const struct memsite *m, size_t i);

#endif
