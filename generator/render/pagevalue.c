#include "pagevalue.h"

#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "strmap.h"

/* What every page's value shares, made once: the lazy values' maker. */
struct pagevalues {
	/* The content's arrays, not the content: a session moves its struct. */
	const struct page *pages;
	const struct section *sections;
	const struct content_lang *langs;
	size_t nlangs;
	struct value *yes, *no;
	struct value *none;   /* an empty list */
	struct value **codes; /* per language */
	struct value **tags;  /* per tag */
	struct value **dates; /* per page: its date as templates see it, or NULL */
	struct value **section_pages, **section_children; /* per section */
	/* Per page: the next page with the same key (its translations and
	 * itself), in page order and round to the first: one ring a key. */
	long *same_key;
};

/* The generated keys (pagevalue.h), which win over the front matter's. */
enum key {
	K_TITLE,
	K_DATE,
	K_URL,
	K_CONTENT,
	K_SUMMARY,
	K_TOC,
	K_HAS_TOC,
	K_IS_HOME,
	K_IS_SECTION,
	K_IS_PAGE,
	K_IS_404,
	K_IS_TAGS,
	K_IS_TAG,
	K_LANG,
	K_PATH,
	K_SECTION,
	K_PREV,
	K_NEXT,
	K_PAGES,
	K_SECTIONS,
	K_TAGS,
	K_TAG,
	K_TRANSLATIONS,
	NKEYS
};

static const char *const key_names[NKEYS] = {[K_TITLE] = "title",
                                             [K_DATE] = "date",
                                             [K_URL] = "url",
                                             [K_CONTENT] = "content",
                                             [K_SUMMARY] = "summary",
                                             [K_TOC] = "toc",
                                             [K_HAS_TOC] = "has_toc",
                                             [K_IS_HOME] = "is_home",
                                             [K_IS_SECTION] = "is_section",
                                             [K_IS_PAGE] = "is_page",
                                             [K_IS_404] = "is_404",
                                             [K_IS_TAGS] = "is_tags",
                                             [K_IS_TAG] = "is_tag",
                                             [K_LANG] = "lang",
                                             [K_PATH] = "path",
                                             [K_SECTION] = "section",
                                             [K_PREV] = "prev",
                                             [K_NEXT] = "next",
                                             [K_PAGES] = "pages",
                                             [K_SECTIONS] = "sections",
                                             [K_TAGS] = "tags",
                                             [K_TAG] = "tag",
                                             [K_TRANSLATIONS] = "translations"};

/* The page kind each is_* key tests. */
static const enum page_kind kind_of_flag[] = {
    [K_IS_HOME - K_IS_HOME] = PAGE_HOME,    [K_IS_SECTION - K_IS_HOME] = PAGE_SECTION,
    [K_IS_PAGE - K_IS_HOME] = PAGE_REGULAR, [K_IS_404 - K_IS_HOME] = PAGE_404,
    [K_IS_TAGS - K_IS_HOME] = PAGE_TAGS,    [K_IS_TAG - K_IS_HOME] = PAGE_TAG};

struct value *
pagevalue_list(struct arena *arena, const struct content *c, const long *idx, size_t n)
{
	struct value *list = value_list(arena, (struct pos){0});
	list->as.list.items = arena_alloc(arena, arena_size_mul(n + 1, sizeof(struct value *)));
	list->as.list.cap = n + 1;
	for (size_t i = 0; i < n; i++)
		list->as.list.items[i] = c->pages[idx[i]].v;
	list->as.list.len = n;
	return list;
}

/* A tag as templates see it: {name, slug, count, pages, url (when it has
 * a page)}, printing as its name, like the text it was in front matter. */
static struct value **
tag_values(struct arena *arena, const struct content *c)
{
	struct value **tags = arena_alloc(arena, (c->ntags + 1) * sizeof(*tags));
	for (size_t t = 0; t < c->ntags; t++) {
		const struct content_tag *tag = &c->tags[t];
		struct value *v = value_map(arena, tag->pos);
		v->str = tag->name;
		v->len = strlen(tag->name);
		v->has_text = true;
		value_map_put(arena, v, "name", value_cborrowed(arena, tag->name));
		value_map_put(arena, v, "slug", value_cborrowed(arena, tag->slug));
		value_map_put(arena, v, "count", value_number(arena, (double)tag->npages));
		value_map_put(arena, v, "pages", pagevalue_list(arena, c, tag->pages, tag->npages));
		if (tag->page >= 0)
			value_map_put(arena, v, "url",
			              value_rooted(arena, c->pages[tag->page].url));
		tags[t] = v;
	}
	return tags;
}

/* Each dated page's date as templates see it, shared with the pages of
 * its language that have the same text: most pages share theirs. */
static struct value **
date_values(struct arena *arena, const struct content *c)
{
	struct value **dates = arena_alloc(arena, arena_size_mul(c->npages + 1, sizeof(*dates)));
	struct strmap *seen = xcalloc(c->nlangs + 1, sizeof(*seen)); /* text -> page */
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *p = &c->pages[i];
		if (p->date == NULL)
			continue;
		long first = strmap_add(&seen[p->lang], p->date->str, p->date->len, (long)i);
		dates[i] = first != (long)i ? dates[first]
		                            : context_date(arena, p->date, c->langs[p->lang].i18n);
	}
	for (size_t l = 0; l < c->nlangs; l++)
		strmap_free(&seen[l]);
	free(seen);
	return dates;
}

/* The rings of pages that share a key (struct pagevalues.same_key). */
static long *
key_rings(struct arena *arena, const struct content *c)
{
	long *ring = arena_alloc(arena, arena_size_mul(c->npages + 1, sizeof(long)));
	long *last = xmalloc(arena_size_mul(c->npages + 1, sizeof(long)));
	struct strmap first = {0};
	strmap_reserve(&first, c->npages);
	for (size_t i = 0; i < c->npages; i++) {
		const char *key = c->pages[i].key;
		long head = strmap_add(&first, key, strlen(key), (long)i);
		ring[i] = head;
		if (head != (long)i)
			ring[last[head]] = (long)i;
		last[head] = (long)i;
	}
	strmap_free(&first);
	free(last);
	return ring;
}

void
pagevalue_make(struct arena *arena, struct content *c)
{
	struct pagevalues *pv = arena_alloc(arena, sizeof(*pv));
	struct value *stubs = arena_alloc(arena, arena_size_mul(c->npages + 1, sizeof(*stubs)));
	for (size_t i = 0; i < c->npages; i++) {
		stubs[i] = (struct value){.kind = VALUE_LAZY, .pos = c->pages[i].pos, .str = ""};
		stubs[i].as.lazy.maker = pv;
		stubs[i].as.lazy.index = (long)i;
		c->pages[i].v = &stubs[i];
	}
	pv->pages = c->pages;
	pv->sections = c->sections;
	pv->langs = c->langs;
	pv->nlangs = c->nlangs;
	pv->yes = value_bool(arena, true);
	pv->no = value_bool(arena, false);
	pv->none = value_list(arena, (struct pos){0});
	pv->codes = arena_alloc(arena, (c->nlangs + 1) * sizeof(*pv->codes));
	for (size_t l = 0; l < c->nlangs; l++)
		pv->codes[l] = value_cborrowed(arena, c->langs[l].code);
	pv->tags = tag_values(arena, c);
	pv->dates = date_values(arena, c);
	pv->section_pages = arena_alloc(arena, (c->nsections + 1) * sizeof(struct value *));
	pv->section_children = arena_alloc(arena, (c->nsections + 1) * sizeof(struct value *));
	for (size_t s = 0; s < c->nsections; s++) {
		const struct section *sc = &c->sections[s];
		pv->section_pages[s] = pagevalue_list(arena, c, sc->pages, sc->npages);
		pv->section_children[s] = pagevalue_list(arena, c, sc->children, sc->nchildren);
	}
	pv->same_key = key_rings(arena, c);
}

/* The first page of page i's ring, in page order. */
static long
ring_head(const struct pagevalues *pv, long i)
{
	long j = i;
	while (pv->same_key[j] > j)
		j = pv->same_key[j];
	return pv->same_key[j];
}

/* page.translations: the same page in the other languages, in the order
 * of site.yaml; the shared empty list when there is none. A 404 page is
 * no page to switch to or from. */
static struct value *
translations(struct arena *arena, const struct pagevalues *pv, long i)
{
	struct value *list = pv->none;
	if (pv->pages[i].kind == PAGE_404)
		return list;
	long head = ring_head(pv, i);
	for (size_t l = 0; l < pv->nlangs; l++) {
		long j = head;
		do {
			const struct page *t = &pv->pages[j];
			if (t->lang == (int)l && j != i) {
				struct value *item = value_map(arena, (struct pos){0});
				value_map_reserve(arena, item, 4);
				value_map_put(arena, item, "lang",
				              value_cborrowed(arena, pv->langs[l].code));
				value_map_put(arena, item, "name",
				              value_cborrowed(arena, pv->langs[l].name));
				value_map_put(arena, item, "title",
				              value_cborrowed(arena, t->title));
				value_map_put(arena, item, "url", value_rooted(arena, t->url));
				if (list == pv->none)
					list = value_list(arena, (struct pos){0});
				value_list_push(arena, list, item);
			}
			j = pv->same_key[j];
		} while (j != head);
	}
	return list;
}

long
pagevalue_translation(const struct value *page, int lang)
{
	if (page == NULL)
		return -1;
	const struct pagevalues *pv = page->as.lazy.maker;
	long i = page->as.lazy.index;
	if (pv->pages[i].kind == PAGE_404)
		return -1;
	long head = ring_head(pv, i), j = head;
	do {
		if (pv->pages[j].lang == lang && j != i)
			return j;
		j = pv->same_key[j];
	} while (j != head);
	return -1;
}

/* page.tags: the tags the content found, in place of the front matter's
 * text; none on a 404 page, which is listed nowhere. */
static struct value *
tags(struct arena *arena, const struct pagevalues *pv, const struct page *p)
{
	if (p->ntags == 0)
		return p->kind == PAGE_404 ? pv->none : NULL;
	struct value *list = value_list(arena, (struct pos){0});
	for (size_t k = 0; k < p->ntags; k++)
		value_list_push(arena, list, pv->tags[p->tags[k]]);
	return list;
}

/* page.title: the front matter's own value when it is the title (no copy). */
static struct value *
title(struct arena *arena, const struct page *p)
{
	struct value *v = value_cget(p->meta, "title");
	return v != NULL && v->kind == VALUE_STRING && v->str == p->title
	           ? v
	           : value_cborrowed(arena, p->title);
}

static struct value *
content(struct arena *arena, const struct page *p)
{
	struct value *v = value_cborrowed(arena, p->html ? p->html : "");
	v->root_marked = true;
	return v;
}

static struct value *
page_at(const struct pagevalues *pv, long i)
{
	return i >= 0 ? pv->pages[i].v : NULL;
}

/* Generated key k of page i, or NULL when the page has none of it. */
static struct value *
made(struct arena *arena, const struct pagevalues *pv, long i, enum key k)
{
	const struct page *p = &pv->pages[i];
	bool tagged = p->kind == PAGE_TAG && p->ntags > 0;
	switch (k) {
	case K_TITLE: return title(arena, p);
	case K_DATE: return pv->dates[i];
	case K_URL: return value_rooted(arena, p->url);
	case K_CONTENT: return content(arena, p);
	case K_SUMMARY: return value_cborrowed(arena, p->summary);
	case K_TOC: return p->toc;
	case K_HAS_TOC: return p->has_toc ? pv->yes : pv->no;
	case K_IS_HOME:
	case K_IS_SECTION:
	case K_IS_PAGE:
	case K_IS_404:
	case K_IS_TAGS:
	case K_IS_TAG: return p->kind == kind_of_flag[k - K_IS_HOME] ? pv->yes : pv->no;
	case K_LANG: return pv->codes[p->lang];
	case K_PATH: return p->rel != NULL ? value_cborrowed(arena, p->rel) : NULL;
	case K_SECTION: return p->section >= 0 ? page_at(pv, pv->sections[p->section].page) : NULL;
	case K_PREV: return page_at(pv, p->prev);
	case K_NEXT: return page_at(pv, p->next);
	case K_PAGES:
		if (tagged)
			return value_cget(pv->tags[p->tags[0]], "pages");
		return p->own_section >= 0 ? pv->section_pages[p->own_section] : NULL;
	case K_SECTIONS: return p->own_section >= 0 ? pv->section_children[p->own_section] : NULL;
	case K_TAGS: return tags(arena, pv, p);
	case K_TAG: return tagged ? pv->tags[p->tags[0]] : NULL;
	case K_TRANSLATIONS: return translations(arena, pv, i);
	case NKEYS: break;
	}
	return NULL;
}

const struct value *
pagevalue_get(void *arena, const struct value *page, const char *key, size_t len)
{
	const struct pagevalues *pv = page->as.lazy.maker;
	long i = page->as.lazy.index;
	for (size_t k = 0; k < NKEYS; k++) {
		if (strlen(key_names[k]) != len || memcmp(key_names[k], key, len) != 0)
			continue;
		struct value *v = made(arena, pv, i, (enum key)k);
		if (v != NULL)
			return v;
		break;
	}
	return value_get(pv->pages[i].meta, key, len);
}
