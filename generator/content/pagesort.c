#include "pagesort.h"

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

void
pagesort_sort(const struct content *c, long *pages, size_t n)
{
	if (n < 2)
		return;
	struct key *keys = xmalloc(arena_size_mul(n, sizeof(*keys)));
	for (size_t i = 0; i < n; i++) {
		const struct page *p = &c->pages[pages[i]];
		keys[i] = (struct key){pages[i],
		                       p->has_weight,
		                       p->date != NULL,
		                       p->weight,
		                       p->date != NULL ? value_date_instant(&p->date->as.date) : 0,
		                       p->title,
		                       p->url};
	}
	qsort(keys, n, sizeof(*keys), cmp_keys);
	for (size_t i = 0; i < n; i++)
		pages[i] = keys[i].page;
	free(keys);
}
