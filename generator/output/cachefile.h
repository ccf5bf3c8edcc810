/*
 * cachefile: the bytes of a build cache file (buildcache.h), and back.
 *
 * Layout, every number a native-endian 8-byte word (wire.h): the magic
 * CACHEFILE_MAGIC, the format version, a checksum of everything after it,
 * the key of the build it describes, the stamp, sources and manifest
 * words of the up-to-date check (uptodate.h), the pages (identity, URL,
 * two fingerprints, flags, the hash of the output file and its stat, its
 * links to ids of other pages), the copied files (output path, the
 * source's stat, the output's hash and stat), the output's folders
 * (path, stat), the keep: names, then the build's reports (kind, place,
 * text). The file may be anything (truncated, corrupt, another version):
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
#define CACHEFILE_VERSION 2

enum { CACHEFILE_NOISY = 1 };

/* A link to an id of another page: "url#id", written at line:col. */
struct cachefile_anchor {
	const char *url, *id;
	uint64_t line, col;
};

/* A file's size, mtime and inode as stat(2) gave them; all zero: none
 * (the file changed too close to when it was seen to trust its stat). */
struct cachefile_stat {
	uint64_t size, mtime_s, mtime_ns, ino;
};

struct cachefile_page {
	const char *id;            /* deps.h's identity */
	const char *url;           /* its output file */
	uint64_t seen, md;         /* deps.h's fingerprints */
	uint64_t flags;            /* CACHEFILE_NOISY */
	uint64_t out;              /* hash of the output file's bytes */
	struct cachefile_stat ost; /* of the output file */
	struct cachefile_anchor *anchors;
	size_t nanchors;
};

struct cachefile_file {
	const char *rel;                       /* its output path */
	uint64_t size, mtime_s, mtime_ns, ino; /* of its source */
	uint64_t out;
	struct cachefile_stat ost; /* of the output file */
};

/* A folder of the output (not its top): its mtime tells of entries added
 * or removed. */
struct cachefile_dir {
	const char *rel;
	struct cachefile_stat st;
};

/* A report of the build, as diag_each() gave it (diag.h). */
struct cachefile_report {
	uint64_t kind, line, col;
	const char *path, *text; /* path may be NULL */
};

struct cachefile {
	uint64_t key;      /* everything every page depends on */
	uint64_t stamp;    /* options, environment, brief's executable (uptodate.h) */
	uint64_t sources;  /* content/ and templates/ as stat saw them; 0: none */
	uint64_t manifest; /* hash of the output's manifest */
	struct cachefile_page *pages;
	size_t npages;
	struct cachefile_file *files;
	size_t nfiles;
	struct cachefile_dir *dirs;
	size_t ndirs;
	const char **keep; /* site.yaml's keep: names */
	size_t nkeep;
	struct cachefile_report *reports;
	size_t nreports;
};

/* The stat of path (not following a last symlink) into *st: false, *st
 * all zero, when there is none. */
bool cachefile_stat_of(const char *path, struct cachefile_stat *st);

/* The same with path relative to the open folder at (fstatat(2)'s dirfd;
 * AT_FDCWD: as cachefile_stat_of()): a caller stat'ing many files of one
 * tree has the kernel walk its root once, not once per file. */
bool cachefile_stat_at(int at, const char *path, struct cachefile_stat *st);

/* Whether the record want (not all zero) is what got says. */
bool cachefile_stat_same(const struct cachefile_stat *want, const struct cachefile_stat *got);

/* Whether the file at path (relative to the open folder at, as for
 * cachefile_stat_at()) is as recorded: its stat is ost (trusted without
 * reading the file), else its bytes hash to out. *now (unless NULL) gets
 * the stat it has. */
bool cachefile_as_recorded(int at, const char *path, const struct cachefile_stat *ost, uint64_t out,
                           struct cachefile_stat *now);

/* Whether st changed at or after the moment mtime s.ns: its record
 * cannot tell of a change made within the same tick of the clock. */
bool cachefile_stat_racy(const struct cachefile_stat *st, uint64_t s, uint64_t ns);

/* Writes bytes to the file path in the folder dir (made if missing)
 * through a temporary file beside it, synced before the rename: the file
 * is whole or as it was. 0, or -1 with errno set and the path that
 * failed in *failed. */
int cachefile_write(const char *dir, const char *path, const struct buf *bytes, struct buf *failed);

/* Appends the bytes of cf to out. */
void cachefile_encode(const struct cachefile *cf, struct buf *out);

/* Reads len bytes into *cf (strings and arrays in arena): false when they
 * are not a sound cache file of this version. */
bool cachefile_decode(const char *bytes, size_t len, struct arena *arena, struct cachefile *cf);

#endif
