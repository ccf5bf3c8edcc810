/*
 * tags: the tags of pages' front matter, per language, and the pages
 * made for them.
 *
 * A tag is named by its slug (slug.h: "Été" -> "ete"); spellings that
 * fold to one slug are one tag, named by the first in page order, and
 * each other spelling is a warning at its place. With opt->tag_pages,
 * each language with tags gets tags/index.html (PAGE_TAGS, listing every
 * tag by slug in byte order) and tags/SLUG/index.html per tag (PAGE_TAG,
 * its pages in the usual order). 404 pages carry no tags.
 */
#ifndef BRIEF_TAGS_H
#define BRIEF_TAGS_H

#include "scan.h"

/* Reads every page's tags and makes the tag pages; before urls_assign(),
 * which gives those pages their URLs and catches collisions. */
void tags_collect(struct scan *s);

/* Sorts each tag's pages; after urls_assign(), as sorting reads titles
 * and URLs. */
void tags_order(struct scan *s);

#endif
