#include "pagesort.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* What the order compares of a page, copied out of it. */
struct key {
	long page;
	bool has_weight, has_date;
	double weight;
	long long when; /* seconds since 1970, UTC */
	const char *title, *url;
};

static int
cmp_keys(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (x->has_weight != y->has_weight)
		return x->has_weight ? -1 : 1;
	if (x->has_weight && x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	if (x->has_date != y->has_date)
		return x->has_date ? -1 : 1;
	if (x->has_date && x->when != y->when)
		return x->when > y->when ? -1 : 1; /* newest first */
	int t = strcmp(x->title, y->title);
	if (t != 0)
		return t;
	return strcmp(x->url, y->url);
}

/* The keys of n pages, on the heap: the caller frees them. */
static struct key *
make_keys(const struct content *c, const long *pages, size_t n)
{
	struct key *keys = xmalloc(arena_size_mul(n, sizeof(*keys)));
	enum { AHEAD = 16 }; /* dates are scattered: ask for them early */
	for (size_t i = 0; i < n; i++) {
		const struct page *p = &c->pages[pages[i]];
		if (i + AHEAD < n && c->pages[pages[i + AHEAD]].date != NULL)
			__builtin_prefetch(c->pages[pages[i + AHEAD]].date);
		keys[i] = (struct key){pages[i],
		                       p->has_weight,
		                       p->date != NULL,
		                       p->weight,
		                       p->date != NULL ? value_date_instant(&p->date->as.date) : 0,
		                       p->title,
		                       p->url};
	}
	return keys;
}

static int
cmp_longs(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Whether every one of the n pages has a rank. */
static bool
all_ranked(const struct content *c, const long *pages, size_t n)
{
	if (c->rank == NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		if (pages[i] < 0 || (size_t)pages[i] >= c->nranked)
			return false;
	return true;
}

void
pagesort_sort(const struct content *c, long *pages, size_t n)
{
	if (n < 2)
		return;
	if (all_ranked(c, pages, n)) {
		/* Ranks are distinct: sorting them is sorting the pages. */
		for (size_t i = 0; i < n; i++)
			pages[i] = c->rank[pages[i]];
		qsort(pages, n, sizeof(*pages), cmp_longs);
		for (size_t i = 0; i < n; i++)
			pages[i] = c->by_rank[pages[i]];
		return;
	}
	struct key *keys = make_keys(c, pages, n);
	qsort(keys, n, sizeof(*keys), cmp_keys);
	for (size_t i = 0; i < n; i++)
		pages[i] = keys[i].page;
	free(keys);
}

/* Whether the keys, sorted, are a strict order: no NaN weight (which
 * compares neither way) and no two pages alike (two URLs the same is an
 * error). Else the ranks could order a list otherwise than its sort. */
static bool
strict(const struct key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i].has_weight && isnan(keys[i].weight))
			return false;
	for (size_t i = 1; i < n; i++)
		if (cmp_keys(&keys[i - 1], &keys[i]) >= 0)
			return false;
	return true;
}

void
pagesort_rank(struct arena *arena, struct content *c)
{
	c->rank = c->by_rank = NULL;
	c->nranked = 0;
	size_t n = c->npages;
	long *all = xmalloc(arena_size_mul(n + 1, sizeof(*all)));
	for (size_t i = 0; i < n; i++)
		all[i] = (long)i;
	struct key *keys = make_keys(c, all, n);
	free(all);
	qsort(keys, n, sizeof(*keys), cmp_keys);
	if (strict(keys, n)) {
		c->rank = arena_alloc(arena, arena_size_mul(n + 1, sizeof(long)));
		c->by_rank = arena_alloc(arena, arena_size_mul(n + 1, sizeof(long)));
		for (size_t i = 0; i < n; i++) {
			c->rank[keys[i].page] = (long)i;
			c->by_rank[i] = keys[i].page;
		}
		c->nranked = n;
	}
	free(keys);
}
