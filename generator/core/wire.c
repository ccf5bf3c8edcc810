#include "wire.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define WIRE_NULL UINT64_MAX

void
wire_put_u64(struct buf *out, uint64_t v)
{
	buf_put(out, (const char *)&v, sizeof(v));
}

void
wire_put_str(struct buf *out, const char *s)
{
	if (s == NULL) {
		wire_put_u64(out, WIRE_NULL);
		return;
	}
	size_t len = strlen(s);
	wire_put_u64(out, len);
	buf_put(out, s, len);
}

void
wire_put_ptr(struct buf *out, const void *p)
{
	wire_put_u64(out, (uint64_t)(uintptr_t)p);
}

/* Makes need bytes readable at w->p, reading on from the file; false
 * (and bad) when they are not there. */
static bool
have(struct wire *w, size_t need)
{
	if (w->bad)
		return false; /* what follows a bad read is not to be trusted */
	if ((size_t)(w->end - w->p) >= need)
		return true;
	if (w->window == NULL) {
		w->bad = true;
		return false;
	}
	struct buf *b = w->window;
	size_t keep = (size_t)(w->end - w->p);
	memmove(b->ptr, w->p, keep);
	buf_truncate(b, keep);
	while (b->len < need) {
		size_t chunk = need - b->len > 65536 ? need - b->len : 65536;
		buf_grow(b, chunk);
		ssize_t n = read(w->fd, b->ptr + b->len, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b->len += (size_t)n;
	}
	w->p = b->ptr;
	w->end = b->ptr + b->len;
	if (b->len < need)
		w->bad = true;
	return !w->bad;
}

uint64_t
wire_u64(struct wire *w)
{
	uint64_t v = 0;
	if (!have(w, sizeof(v)))
		return 0;
	memcpy(&v, w->p, sizeof(v));
	w->p += sizeof(v);
	return v;
}

const char *
wire_str(struct wire *w, struct arena *arena)
{
	uint64_t len = wire_u64(w);
	if (len == WIRE_NULL)
		return NULL;
	if (len > SIZE_MAX / 2 || !have(w, (size_t)len))
		return "";
	const char *s = arena_strndup(arena, w->p, (size_t)len);
	w->p += len;
	return s;
}

const void *
wire_ptr(struct wire *w)
{
	return (const void *)(uintptr_t)wire_u64(w);
}

size_t
wire_count(struct wire *w, size_t max)
{
	uint64_t n = wire_u64(w);
	if (n <= max)
		return (size_t)n;
	w->bad = true;
	return 0;
}
