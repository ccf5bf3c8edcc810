/*
 * sitelimits: the bounds a build puts on what it reads and makes, so that no
 * input can crash it, hang it or exhaust memory: the `limits:` map of
 * site.yaml, each key with a documented default (README, "What brief does
 * with bad input").
 *
 * The limits in force are one per process: the loaders, the template
 * engine and the worker pool all read sitelimits_get(), and threading a
 * settings struct through every one of their calls would buy nothing, as
 * a build changes them only once, before it reads anything but site.yaml
 * (which is read under the defaults).
 */
#ifndef BRIEF_SITELIMITS_H
#define BRIEF_SITELIMITS_H

#include <stddef.h>

#include "diag.h"
#include "mustache.h"
#include "value.h"

/* The largest depth site.yaml may ask for: data is walked recursively. */
#define SITELIMITS_DEPTH_MAX 1000

struct sitelimits {
	size_t file_bytes;       /* the largest file read (page, data, template) */
	unsigned depth;          /* data nesting: YAML, JSON, front matter */
	unsigned template_depth; /* partials, parents and blocks inside each other */
	size_t page_bytes;       /* what a template may write for one page */
	size_t alias_nodes;      /* nodes YAML aliases may add to a document */
	size_t pages;            /* pages in a build, generated ones included */
	unsigned render_seconds; /* CPU seconds a page's Markdown may take */
};

/* The limits in force: the defaults until sitelimits_load() changes them. */
const struct sitelimits *sitelimits_get(void);

/* Puts the defaults back in force (before reading a new site.yaml). */
void sitelimits_reset(void);

/*
 * Reads site's `limits:` map (site is site.yaml, a map) over the defaults
 * and puts the result in force. Returns 0, or -1 after reporting each bad
 * key or value at its place (the defaults then stay in force).
 */
int sitelimits_load(struct diag *d, const struct value *site);

/* A mustache_env.limit hook (ctx unused): reports a bound a page's render
 * hit with the limits.* key that raises it. */
void sitelimits_report_render(void *ctx, struct diag *d, struct pos at,
                              const struct mustache_limit *hit);

#endif
