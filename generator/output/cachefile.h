/*
 * cachefile: the bytes of a build cache file (buildcache.h), and back.
 *
 * Layout, every number a native-endian 8-byte word (wire.h): the magic
 * CACHEFILE_MAGIC, the format version, a checksum of everything after it,
 * the key of the build it describes, the pages (identity, URL, two
 * fingerprints, flags, the hash of the output file, its links to ids of
 * other pages), then the copied
 * files (output path, the source's size, mtime and inode, the output's
 * hash). The file may be anything (truncated, corrupt, another version):
 * cachefile_decode() checks every length against what is there and the
 * checksum against every byte, and refuses it whole.
 */
#ifndef BRIEF_CACHEFILE_H
#define BRIEF_CACHEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

#define CACHEFILE_MAGIC UINT64_C(0x3143424645495242) /* "BRIEFBC1" read little-endian */
#define CACHEFILE_VERSION 1

enum { CACHEFILE_NOISY = 1 };

/* A link to an id of another page: "url#id", written at line:col. */
struct cachefile_anchor {
	const char *url, *id;
	uint64_t line, col;
};

struct cachefile_page {
	const char *id;    /* deps.h's identity */
	const char *url;   /* its output file */
	uint64_t seen, md; /* deps.h's fingerprints */
	uint64_t flags;    /* CACHEFILE_NOISY */
	uint64_t out;      /* hash of the output file's bytes */
	struct cachefile_anchor *anchors;
	size_t nanchors;
};

struct cachefile_file {
	const char *rel;                       /* its output path */
	uint64_t size, mtime_s, mtime_ns, ino; /* of its source */
	uint64_t out;
};

struct cachefile {
	uint64_t key; /* everything every page depends on */
	struct cachefile_page *pages;
	size_t npages;
	struct cachefile_file *files;
	size_t nfiles;
};

/* A fast hash of len bytes, eight at a time: for telling files apart
 * from what the cache recorded (not against an adversary). */
uint64_t cachefile_hash(const void *bytes, size_t len);

/* Appends the bytes of cf to out. */
void cachefile_encode(const struct cachefile *cf, struct buf *out);

/* Reads len bytes into *cf (strings and arrays in arena): false when they
 * are not a sound cache file of this version. */
bool cachefile_decode(const char *bytes, size_t len, struct arena *arena, struct cachefile *cf);

#endif
