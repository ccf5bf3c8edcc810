/*
 * pagevalue: a page as templates see it, made when a template asks.
 *
 * Every page has one small value, page->v, of kind VALUE_LAZY: what
 * page, prev, next, section, site.home and the items of every list of
 * pages point at. A key of it is made from the compact struct page (and
 * its front matter) only when a render reaches it, in the render
 * thread's arena, which the caller empties after each page. A site of a
 * million pages so keeps a value of 64 bytes a page, not a map of about
 * 23 entries (1.2 KB) each for the whole build.
 *
 * The keys, as templates always saw them: the front matter's, and these,
 * which win over it: title, date (context_date()), url (rooted), content
 * (root-marked HTML), summary, toc (when a template mentions it), has_toc,
 * is_home, is_section, is_page, is_404, is_tags, is_tag, lang,
 * translations ([{lang, name, title, url}], none for a 404 page), and
 * when the page has them: path, section, prev, next, pages and sections
 * (of a home or section page), tags, tag and pages (of a tag's page).
 * Content, summary and toc are read from the page when asked, so they
 * are what its Markdown last gave.
 */
#ifndef BRIEF_PAGEVALUE_H
#define BRIEF_PAGEVALUE_H

#include <stddef.h>

#include "arena.h"
#include "content.h"
#include "value.h"

/* Gives every page of c its value (c->pages[i].v), and makes what pages
 * share: flags, language codes, tags, dates (one per language and text),
 * the lists of a section's pages. Everything is in arena. The values
 * keep c's arrays of pages, sections and languages, which must stay
 * where they are while they are used (c itself may move: a session's
 * kept build does). */
void pagevalue_make(struct arena *arena, struct content *c);

/* A list of the values of n pages, by index. */
struct value *pagevalue_list(struct arena *arena, const struct content *c, const long *idx,
                             size_t n);

/*
 * The get hook of mustache_env, with the render's arena as ctx: key of
 * page (a value from pagevalue_make()), made in that arena, or NULL when
 * the page has no such key. Costs a short scan of the generated keys'
 * names, then of the front matter's; lists are made anew on each call.
 */
const struct value *pagevalue_get(void *arena, const struct value *page, const char *key,
                                  size_t len);

/* The first other page in language lang that translates page (its
 * page.translations, which sitemaps list too), or -1 (also when page is
 * NULL: no values were made). */
long pagevalue_translation(const struct value *page, int lang);

#endif
