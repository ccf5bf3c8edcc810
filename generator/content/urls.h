/*
 * urls: each page's output file (its URL), the way back to the site root,
 * and its title when front matter gives none.
 */
#ifndef BRIEF_URLS_H
#define BRIEF_URLS_H

#include "scan.h"

/* URLs for every page; two pages with one URL is an error naming both. */
void urls_assign(struct scan *s);

#endif
