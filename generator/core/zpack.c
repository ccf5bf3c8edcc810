#include "zpack.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <zstd.h>

#include "arena.h"

/* One thread's contexts, made on its first call, freed when it ends. */
struct contexts {
	ZSTD_CCtx *c;
	ZSTD_DCtx *d;
};

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
free_contexts(void *p)
{
	struct contexts *t = p;
	ZSTD_freeCCtx(t->c);
	ZSTD_freeDCtx(t->d);
	free(t);
}

static void
make_key(void)
{
	if (pthread_key_create(&key, free_contexts) != 0)
		abort();
}

static struct contexts *
contexts(void)
{
	pthread_once(&once, make_key);
	struct contexts *t = pthread_getspecific(key);
	if (t != NULL)
		return t;
	t = xmalloc(sizeof(*t));
	t->c = ZSTD_createCCtx();
	t->d = ZSTD_createDCtx();
	if (t->c == NULL || t->d == NULL || pthread_setspecific(key, t) != 0) {
		fprintf(stderr, "brief: out of memory\n");
		abort();
	}
	return t;
}

size_t
zpack_compress(const char *src, size_t len, char *dst)
{
	if (len < ZPACK_MIN)
		return 0;
	/* Room for what saves an eighth: zstd stops when it runs out. */
	size_t n = ZSTD_compressCCtx(contexts()->c, dst, len - len / 8, src, len, 1);
	return ZSTD_isError(n) ? 0 : n;
}

void
zpack_expand(const char *src, size_t n, char *dst, size_t len)
{
	size_t got = ZSTD_decompressDCtx(contexts()->d, dst, len, src, n);
	if (ZSTD_isError(got) || got != len) {
		fprintf(stderr, "brief: bytes held in memory are damaged\n");
		abort();
	}
}
