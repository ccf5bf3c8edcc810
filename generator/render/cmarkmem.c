#include "cmarkmem.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* ASan cannot see inside our blocks: poisoning what is not handed out
 * keeps its checks of cmark-gfm's overflows and uses after free. */
#if defined(__SANITIZE_ADDRESS__)
#define CMARKMEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CMARKMEM_ASAN 1
#endif
#endif
#ifdef CMARKMEM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A page of the bench's mixes needs well under one block. */
#define BLOCK_SIZE (256 * 1024)
/* Blocks kept between pages; more (and larger) ones are freed. */
#define KEEP_BLOCKS 8
/* Every allocation is preceded by its size, and both are this aligned. */
#define ALIGN 16

struct block {
	struct block *next;
	size_t size, used;
	alignas(ALIGN) unsigned char data[];
};

struct head {
	alignas(ALIGN) size_t size;
};

/* The thread's blocks: those before cur are full, those after it empty. */
struct state {
	struct block *first, *cur;
	void *last; /* the latest allocation, which can grow or shrink in place */
};

static _Thread_local struct state tls;
static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;

static void
free_blocks(struct block *b)
{
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
}

/* A thread's blocks go with it. */
static void
at_thread_exit(void *state)
{
	struct state *s = state;
	free_blocks(s->first);
	*s = (struct state){0};
}

static void
make_exit_key(void)
{
	if (pthread_key_create(&exit_key, at_thread_exit) != 0)
		abort();
}

/* size rounded up to ALIGN; at most BUMP_MAX, which guard() keeps sizes under. */
static size_t
rounded(size_t size)
{
	return (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

#define BUMP_MAX (SIZE_MAX / 2)

/* No block could hold more than BUMP_MAX bytes: arena_size_add() then says
 * out of memory and aborts. One comparison on the fast path. */
static void
guard(size_t size)
{
	if (size > BUMP_MAX)
		(void)arena_size_add(size, BUMP_MAX + 1);
}

static size_t
size_of(void *p)
{
	struct head *h = (struct head *)p - 1;
	UNPOISON(h, sizeof(*h));
	size_t size = h->size;
	POISON(h, sizeof(*h));
	return size;
}

static void
set_size(void *p, size_t size)
{
	struct head *h = (struct head *)p - 1;
	UNPOISON(h, sizeof(*h));
	h->size = size;
	POISON(h, sizeof(*h));
}

/* A new empty block after cur with room for need bytes (at most BUMP_MAX plus
 * a header, so the sum below cannot wrap). */
static struct block *
add_block(size_t need)
{
	size_t size = need > BLOCK_SIZE ? need : BLOCK_SIZE;
	struct block *b = xmalloc(sizeof(*b) + size);
	*b = (struct block){.size = size};
	POISON(b->data, size);
	if (tls.cur == NULL) {
		pthread_once(&exit_once, make_exit_key);
		if (pthread_setspecific(exit_key, &tls) != 0)
			abort();
		tls.first = b;
	} else {
		b->next = tls.cur->next;
		tls.cur->next = b;
	}
	return b;
}

/* The block after cur if it has room for need bytes, else a new one. */
static struct block *
next_block(size_t need)
{
	struct block *next = tls.cur != NULL ? tls.cur->next : NULL;
	struct block *b = next != NULL && next->size - next->used >= need ? next : add_block(need);
	tls.cur = b;
	return b;
}

static void *
bump(size_t size)
{
	guard(size);
	size_t need = sizeof(struct head) + rounded(size);
	struct block *b = tls.cur;
	if (b == NULL || b->size - b->used < need)
		b = next_block(need);
	void *p = b->data + b->used + sizeof(struct head);
	b->used += need;
	set_size(p, size);
	UNPOISON(p, size);
	tls.last = p;
	return p;
}

static void *
mem_calloc(size_t count, size_t size)
{
	/* cmark-gfm's calls are calloc(1, size). */
	size_t total = count == 1 ? size : arena_size_mul(count, size);
	return memset(bump(total), 0, total);
}

static void
mem_free(void *p)
{
	if (p == NULL)
		return;
	POISON(p, size_of(p));
	/* The latest allocation's room serves the next one. */
	if (p == tls.last) {
		tls.cur->used = (size_t)((unsigned char *)p - tls.cur->data) - sizeof(struct head);
		tls.last = NULL;
	}
}

static void *
mem_realloc(void *p, size_t size)
{
	if (p == NULL)
		return bump(size);
	guard(size);
	size_t old = size_of(p);
	if (p == tls.last) {
		struct block *b = tls.cur;
		size_t start = (size_t)((unsigned char *)p - b->data);
		if (b->size - start >= rounded(size)) {
			b->used = start + rounded(size);
			set_size(p, size);
			POISON(p, old);
			UNPOISON(p, size);
			return p;
		}
	}
	void *q = bump(size);
	memcpy(q, p, old < size ? old : size);
	POISON(p, old);
	return q;
}

static cmark_mem allocator = {mem_calloc, mem_realloc, mem_free};

cmark_mem *
cmarkmem_get(void)
{
	return &allocator;
}

struct cmarkmem_mark
cmarkmem_mark(void)
{
	return (struct cmarkmem_mark){tls.cur, tls.cur != NULL ? tls.cur->used : 0};
}

/* Frees the blocks after the first KEEP_BLOCKS, and any larger than usual. */
static void
trim(void)
{
	size_t kept = 0;
	for (struct block **b = &tls.first; *b != NULL;) {
		if (kept < KEEP_BLOCKS && (*b)->size == BLOCK_SIZE) {
			kept++;
			b = &(*b)->next;
			continue;
		}
		struct block *gone = *b;
		*b = gone->next;
		free(gone);
	}
}

void
cmarkmem_rewind(struct cmarkmem_mark m)
{
	struct block *b = m.block;
	if (b == NULL) {
		trim();
		b = tls.first;
	}
	tls.cur = b;
	tls.last = NULL;
	if (b == NULL)
		return;
	b->used = m.used;
	POISON(b->data + b->used, b->size - b->used);
	for (b = b->next; b != NULL; b = b->next) {
		b->used = 0;
		POISON(b->data, b->size);
	}
}
