/*
 * pagesort: weighted pages first (lightest first), then dated ones
 * newest first (instants, time zones counted), then by title, then URL;
 * the same order as comparing the pages two by two with value_date_cmp().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "content.h"
#include "pagesort.h"

static struct arena *arena;

static struct value *
date(const char *text)
{
	struct value *v = value_new(arena, VALUE_DATE, (struct pos){0});
	CHECK(value_parse_date(text, strlen(text), &v->as.date));
	v->str = text;
	v->len = strlen(text);
	return v;
}

TEST(pages_sort_by_weight_date_title_url)
{
	struct page pages[8];
	memset(pages, 0, sizeof(pages));
	const char *urls[] = {"a/", "b/", "c/", "d/", "e/", "f/", "g/", "h/"};
	for (size_t i = 0; i < 8; i++) {
		pages[i].url = urls[i];
		pages[i].title = "Same";
	}
	pages[0].date = date("2023-12-31T23:00:00Z");
	pages[1].date = date("2024-01-01T00:30:00+02:00"); /* 22:30 UTC: older than 0 */
	pages[2].has_weight = true, pages[2].weight = 2;
	pages[3].has_weight = true, pages[3].weight = -1;
	pages[4].title = "Alpha"; /* undated, by title */
	pages[5].date = date("2024-06-01");
	pages[6].date = date("2024-06-01T00:00:00Z"); /* the same instant as 5: by title, URL */
	pages[7].title = "Zulu";
	struct content c = {.pages = pages, .npages = 8};
	long idx[8] = {7, 6, 5, 4, 3, 2, 1, 0};
	pagesort_sort(&c, idx, 8);
	long want[8] = {3, 2, 5, 6, 0, 1, 4, 7};
	for (size_t i = 0; i < 8; i++)
		CHECK_INT(idx[i], want[i]);
	long one[1] = {4};
	pagesort_sort(&c, one, 1);
	CHECK_INT(one[0], 4);
	pagesort_sort(&c, NULL, 0);
}

/* Pages with few distinct weights, dates and titles, so that every rule
 * of the order decides some pairs; URLs are distinct. */
static void
random_pages(struct page *pages, size_t n, char (*urls)[24])
{
	static const char *titles[] = {"A", "B", "C"};
	static const char *dates[] = {"2024-01-01", "2024-01-01T01:00:00+02:00", "2023-05-05"};
	memset(pages, 0, n * sizeof(*pages));
	for (size_t i = 0; i < n; i++) {
		snprintf(urls[i], sizeof(urls[i]), "p%zu/", (i * 7919) % n);
		pages[i].url = urls[i];
		pages[i].title = titles[rand() % 3];
		if (rand() % 4 == 0)
			pages[i].has_weight = true, pages[i].weight = rand() % 3;
		if (rand() % 3 != 0)
			pages[i].date = date(dates[rand() % 3]);
	}
}

/* A subset of the pages, as a section or tag lists them. */
static size_t
some_pages(long *idx, size_t n)
{
	size_t k = 0;
	for (size_t i = n; i-- > 0;)
		if (rand() % 3 == 0)
			idx[k++] = (long)i;
	return k;
}

TEST(ranks_order_lists_as_the_keys_do)
{
	enum { N = 300 };
	static struct page pages[N];
	static char urls[N][24];
	srand(7);
	random_pages(pages, N, urls);
	struct content plain = {.pages = pages, .npages = N};
	struct content ranked = plain;
	pagesort_rank(arena, &ranked);
	REQUIRE(ranked.rank != NULL && ranked.nranked == N);
	for (int round = 0; round < 20; round++) {
		long a[N], b[N];
		size_t k = some_pages(a, N);
		memcpy(b, a, k * sizeof(*a));
		pagesort_sort(&plain, a, k);
		pagesort_sort(&ranked, b, k);
		CHECK(memcmp(a, b, k * sizeof(*a)) == 0);
	}
	for (size_t i = 1; i < N; i++) /* by_rank is the whole order */
		CHECK(ranked.rank[ranked.by_rank[i - 1]] == (long)i - 1);
}

TEST(no_ranks_unless_the_order_is_strict)
{
	struct page pages[3];
	char urls[3][24];
	random_pages(pages, 3, urls);
	struct content c = {.pages = pages, .npages = 3};
	pages[1].has_weight = true, pages[1].weight = NAN; /* compares neither way */
	pagesort_rank(arena, &c);
	CHECK(c.rank == NULL && c.nranked == 0);
	random_pages(pages, 3, urls);
	pages[2] = pages[0]; /* two pages alike: one URL twice */
	pagesort_rank(arena, &c);
	CHECK(c.rank == NULL);
}

int
main(void)
{
	arena = arena_new();
	RUN(pages_sort_by_weight_date_title_url);
	RUN(ranks_order_lists_as_the_keys_do);
	RUN(no_ranks_unless_the_order_is_strict);
	arena_free(arena);
	return check_summary();
}
