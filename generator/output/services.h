/*
 * services: the files a published site offers beside its pages, all
 * needing its absolute address, site.yaml's base_url: sitemap.xml, an
 * Atom feed per language (feed.xml, fr/feed.xml) and robots.txt (unless
 * content/robots.txt is there: it is copied and wins). Without base_url
 * none is written; --verbose says so in a note.
 */
#ifndef BRIEF_SERVICES_H
#define BRIEF_SERVICES_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "content.h"
#include "diag.h"
#include "sitemap.h"

#define SERVICES_FEED_LIMIT 20

struct services_file {
	const char *name; /* in output/: "sitemap.xml", "fr/feed.xml" */
	int lang;         /* a feed's language; -1 for others */
	size_t part;      /* a sitemap file's number (sitemap.h) */
	bool robots;
};

struct services {
	const char *base_url; /* checked; NULL without one */
	size_t feed_limit;
	struct sitemap sitemap;
	const char **feeds; /* per language: its feed's name, or NULL */
	struct services_file *files;
	size_t nfiles;
};

/* Reads base_url (an absolute http:// or https:// URL ending in '/') and
 * feed_limit (a whole number, 1 or more; default 20) from site.yaml,
 * each error at its value. Returns 0 or -1. */
int services_load(struct diag *d, const struct value *site, struct services *sv);

/* Decides which files to write, once the content is scanned. */
void services_plan(struct arena *arena, struct diag *d, const struct content *c, bool verbose,
                   struct services *sv);

/* Sets shown[i] for every page whose HTML a file of sv shows (a feed's
 * entries). */
void services_mark_shown(const struct services *sv, const struct content *c, bool *shown);

/* Appends the bytes of sv->files[i]. Needs the pages' html and values. */
void services_render(const struct services *sv, const struct content *c, size_t i, struct buf *b);

#endif
