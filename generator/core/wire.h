/*
 * wire: a plain byte format for handing results from one process to
 * another (see procpool): lengths and numbers as 8 bytes, strings with
 * their length first. Pointers may be sent only when they point at
 * memory made before the fork, which both processes share at the same
 * address. A reader that runs past the end sets bad and reads zeroes.
 */
#ifndef BRIEF_WIRE_H
#define BRIEF_WIRE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

void wire_put_u64(struct buf *out, uint64_t v);
/* s may be NULL, and comes back as NULL. */
void wire_put_str(struct buf *out, const char *s);
void wire_put_ptr(struct buf *out, const void *p);

/* Reads bytes in memory [p, end), or, with a window, from the file fd a
 * window at a time: only what the reader holds is in memory. */
struct wire {
	const char *p, *end;
	bool bad;
	int fd; /* -1 (or window NULL): memory only */
	struct buf *window;
};

uint64_t wire_u64(struct wire *w);
/* A copy in arena, NUL-terminated. */
const char *wire_str(struct wire *w, struct arena *arena);
const void *wire_ptr(struct wire *w);
/* A count of items to follow: past max the bytes have gone wrong, so it
 * sets bad and returns 0. */
size_t wire_count(struct wire *w, size_t max);

#endif
