/*
 * pagesort: weighted pages first (lightest first), then dated ones
 * newest first (instants, time zones counted), then by title, then URL;
 * the same order as comparing the pages two by two with value_date_cmp().
 */
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

int
main(void)
{
	arena = arena_new();
	RUN(pages_sort_by_weight_date_title_url);
	arena_free(arena);
	return check_summary();
}
