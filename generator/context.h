/*
 * context: the values every template render sees.
 *
 *   site   site.yaml, plus pages (every regular page), sections (every
 *          section page), home, and menu with resolved URLs
 *   data   every data file, by path
 *   page   the page: front matter plus title, url, content, summary,
 *          date, toc, section, prev, next, pages, sections, kind flags
 *   root   the path from the page to the site root: "", "../", ...
 *
 * Page values are built once per build and shared: a url is a "rooted"
 * string (value.h), so the renderer makes it relative to whichever page
 * it is rendering, and 10,000 pages cost 10,000 values, not 10,000^2.
 */
#ifndef BRIEF_CONTEXT_H
#define BRIEF_CONTEXT_H

#include "arena.h"
#include "content.h"
#include "diag.h"
#include "value.h"

/* Builds page->v for every page and returns the site value. Needs each
 * page's html, summary and toc already set. Returns NULL after reporting
 * a menu entry that names no page. */
struct value *context_site(struct arena *arena, struct diag *d, struct content *c);

/* The top-level map for rendering page i: {site, data, page, root}.
 * Allocated in arena (use a per-page or per-worker arena). */
struct value *context_page(struct arena *arena, const struct content *c, struct value *site,
                           long i);

#endif
