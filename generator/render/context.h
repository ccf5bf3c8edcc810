/*
 * context: the values every template render sees.
 *
 *   site   site.yaml, plus lang, languages, pages (every regular page of
 *          the language), sections (every section page), home, and menu
 *          with resolved URLs
 *   data   every data file, by path, as the page's language sees it
 *   i18n   content/i18n/LANG.yaml of the page's language
 *   page   the page: front matter plus title, url, content, summary,
 *          date, toc, section, prev, next, pages, sections, lang,
 *          translations, tags (and tag on a tag's page), kind flags
 *   root   the path from the page to the site root: "", "../", ...
 *
 * A page's value is made only when a render asks (pagevalue.h), and
 * shared: a url is a "rooted" string and a page's content "root-marked"
 * HTML (value.h), which context_emit() makes relative to whichever page
 * is being rendered, so 10,000 pages cost 10,000 values, not 10,000^2.
 * A render's mustache_env takes pagevalue_get() as its get hook, with an
 * arena of the render thread, emptied after each page, as its ctx.
 */
#ifndef BRIEF_CONTEXT_H
#define BRIEF_CONTEXT_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "value.h"

/* Gives every page its value (page->v, pagevalue_make()) and returns the
 * site value of each language (an array of c->nlangs). A page's html,
 * summary and toc are read when a template asks for them, so they may be
 * set before or after. Returns NULL after reporting a menu entry that
 * names no page. */
struct value **context_sites(struct arena *arena, struct diag *d, struct content *c);

/*
 * A date value as templates see it: a map that prints as the date was
 * written, with year, month and day (numbers), iso ("2026-11-30") and
 * long ("30 November 2026", in the language of i18n: its "months" list
 * of 12 names, English without one). date must be a VALUE_DATE.
 */
struct value *context_date(struct arena *arena, const struct value *date, const struct value *i18n);

/* A top-level map {site, data, i18n, page, root} for one thread to render
 * with: context_point() aims it at each page in turn. */
struct value *context_top(struct arena *arena);
void context_point(struct value *top, const struct content *c, struct value *const *sites, long i);

/*
 * The emit hook of mustache_env, with top (from context_top()) as its
 * ctx: writes v as mustache_emit() does, but with the root of the page
 * top points at written before a rooted string and in place of each link
 * mark (VALUE_ROOT_MARK after '="') of root-marked HTML.
 */
void context_emit(void *top, const struct value *v, bool escape, struct buf *out);

#endif
