/*
 * feed: the Atom 1.0 feed of one language, feed.xml at its root
 * (fr/feed.xml): its regular pages that have a date, newest first (then
 * in the usual order), at most limit of them, each with its HTML made
 * absolute (absurl.h). The feed's updated is its newest entry's (lastmod,
 * else date): a build reads no clock.
 */
#ifndef BRIEF_FEED_H
#define BRIEF_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "content.h"

struct feed_site {
	const char *base;   /* base_url: absolute, ending in '/' */
	const char *title;  /* the feed's title */
	const char *author; /* Atom wants one */
	size_t limit;       /* entries at most */
};

/* True when lang has a page for its feed: a language without one gets
 * no feed, as a feed needs the date of its newest entry. */
bool feed_wanted(const struct content *c, int lang);

/* "feed.xml", "fr/feed.xml": where lang's feed goes, from the arena. */
const char *feed_name(struct arena *arena, const struct content *c, int lang);

/* Sets shown[i] for every page whose content lang's feed shows (the
 * limit newest). */
void feed_mark(const struct content *c, int lang, size_t limit, bool *shown);

/* Appends lang's feed. Needs each page's html and summary. */
void feed_render(struct buf *b, const struct content *c, int lang, const struct feed_site *fs);

#endif
