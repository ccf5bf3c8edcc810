#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks are chained; a request larger than a block gets a block of its own. */
#define ARENA_BLOCK (64 * 1024)

struct block {
	struct block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

static void
out_of_memory(size_t size)
{
	fprintf(stderr, "brief: out of memory (%zu bytes)\n", size);
	abort();
}

size_t
arena_size_add(size_t a, size_t b)
{
	if (a > SIZE_MAX - b)
		out_of_memory(SIZE_MAX);
	return a + b;
}

size_t
arena_size_mul(size_t a, size_t b)
{
	if (b != 0 && a > SIZE_MAX / b)
		out_of_memory(SIZE_MAX);
	return a * b;
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	/* Checked here too: a sanitizer's calloc reports the overflow itself. */
	size_t total = arena_size_mul(count, size);
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		out_of_memory(total);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (p == NULL)
		out_of_memory(size);
	return p;
}

char *
xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	return memcpy(xmalloc(len), s, len);
}

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *arena)
{
	if (arena == NULL)
		return;
	struct block *b = arena->head;
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(arena);
}

void
arena_reset(struct arena *arena)
{
	struct block *keep = arena->head;
	/* A head that is a one-off big block is not worth keeping. */
	if (keep != NULL && keep->size != ARENA_BLOCK)
		keep = NULL;
	for (struct block *b = arena->head, *next; b != NULL; b = next) {
		next = b->next;
		if (b != keep)
			free(b);
	}
	arena->head = keep;
	arena->total = 0;
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
		arena->total = keep->size;
	}
}

/* size bytes, not cleared: for memory about to be written over whole. */
static void *
alloc_raw(struct arena *arena, size_t size)
{
	/* 8, not max_align_t's 16: nothing in an arena is a long double,
	 * and most of a big site's memory is small values and strings. */
	const size_t align = ARENA_ALIGN;
	/* Room for the rounding and the block header, or the sums below wrap. */
	if (size > SIZE_MAX - align - sizeof(struct block))
		out_of_memory(size);
	size = (size + align - 1) & ~(align - 1);
	struct block *b = arena->head;
	if (b == NULL || b->size - b->used < size) {
		size_t cap = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
		struct block *nb = xmalloc(sizeof(*nb) + cap);
		nb->used = 0;
		nb->size = cap;
		arena->total += cap;
		/* A big one-off block goes behind the head so the head's free
		 * space stays usable for small requests. */
		if (b != NULL && cap != ARENA_BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			arena->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

void *
arena_alloc(struct arena *arena, size_t size)
{
	return memset(alloc_raw(arena, size), 0, size);
}

char *
arena_strndup(struct arena *arena, const char *s, size_t len)
{
	char *p = alloc_raw(arena, arena_size_add(len, 1));
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *arena, const char *s)
{
	return arena_strndup(arena, s, strlen(s));
}

char *
arena_vprintf(struct arena *arena, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		out_of_memory(0);
	char *p = alloc_raw(arena, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *arena, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(arena, fmt, ap);
	va_end(ap);
	return p;
}

void *
arena_grow(struct arena *arena, void *items, size_t len, size_t *cap, size_t elem)
{
	if (len < *cap)
		return items;
	size_t ncap = *cap ? arena_size_mul(*cap, 2) : 4;
	void *n = arena_alloc(arena, arena_size_mul(ncap, elem));
	if (len > 0)
		memcpy(n, items, len * elem);
	*cap = ncap;
	return n;
}

char *
arena_join_list(struct arena *arena, ...)
{
	va_list ap;
	size_t len = 0;
	va_start(ap, arena);
	for (const char *s; (s = va_arg(ap, const char *)) != NULL;)
		len = arena_size_add(len, strlen(s));
	va_end(ap);
	char *out = alloc_raw(arena, arena_size_add(len, 1)), *p = out;
	va_start(ap, arena);
	for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
		size_t n = strlen(s);
		memcpy(p, s, n);
		p += n;
	}
	va_end(ap);
	*p = '\0';
	return out;
}

size_t
arena_used(const struct arena *arena)
{
	return arena->total;
}
