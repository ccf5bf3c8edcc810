/*
 * sitemap: sitemap.xml (the sitemap protocol, sitemaps.org 0.9): every
 * HTML page but 404 pages, by URL, each with its lastmod (front matter
 * lastmod, else date) and its translations, itself included, as
 * xhtml:link alternates. Past per_file URLs (the protocol allows 50,000)
 * sitemap.xml is a sitemap index of sitemap-1.xml, sitemap-2.xml...
 */
#ifndef BRIEF_SITEMAP_H
#define BRIEF_SITEMAP_H

#include <stddef.h>

#include "buf.h"
#include "content.h"

#define SITEMAP_MAX_URLS 50000

struct sitemap {
	long *pages; /* listed, by URL */
	size_t npages;
	size_t per_file;
	size_t nfiles; /* 1, or the index and its parts */
};

/* Lists the pages of c, in the arena. */
void sitemap_plan(struct arena *arena, const struct content *c, size_t per_file,
                  struct sitemap *sm);

/* The name of file i (0 to nfiles - 1) in output/, from the arena. */
const char *sitemap_name(struct arena *arena, size_t i);

/* Appends file i. base is the absolute base_url; page values (context.h)
 * must be built, as translations are read from them. */
void sitemap_render(struct buf *b, const struct content *c, const struct sitemap *sm,
                    const char *base, size_t i);

#endif
