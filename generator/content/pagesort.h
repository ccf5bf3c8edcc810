/*
 * pagesort: page indices in the documented order (weight, then newest
 * date first, then title, then URL), for content_sort(). Each page's
 * sort key (its date as one instant) is made once per sort, not once per
 * comparison: a section of 100,000 pages is compared some 1.7 million
 * times. pagesort_rank() sorts all pages once; later sorts then compare
 * two integers a pair.
 */
#ifndef BRIEF_PAGESORT_H
#define BRIEF_PAGESORT_H

#include <stddef.h>

#include "content.h"

/* Sorts the n indices into c->pages in place: by rank when all n have
 * one, else by their keys. */
void pagesort_sort(const struct content *c, long *pages, size_t n);

/* Ranks every page of c in the order (c->rank, c->by_rank, in arena), or
 * leaves c->rank NULL when the order is not strict. Call again whenever a
 * page's title, URL, weight or date changes, or pages are added. */
void pagesort_rank(struct arena *arena, struct content *c);

#endif
