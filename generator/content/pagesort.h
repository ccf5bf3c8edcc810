/*
 * pagesort: page indices in the documented order (weight, then newest
 * date first, then title, then URL), for content_sort(). Each page's
 * sort key (its date as one instant) is made once per sort, not once per
 * comparison: a section of 100,000 pages is compared some 1.7 million
 * times.
 */
#ifndef BRIEF_PAGESORT_H
#define BRIEF_PAGESORT_H

#include <stddef.h>

#include "content.h"

/* Sorts the n indices into c->pages in place. */
void pagesort_sort(const struct content *c, long *pages, size_t n);

#endif
