#include "sections.h"

#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "pagefile.h"

/* The section for folder dir ("a/b/") of lang, created with its parents. */
static long
ensure_section(struct scan *s, int lang, const char *dir)
{
	struct content *c = s->c;
	const char *key = arena_join(s->arena, c->langs[lang].prefix, dir);
	long found = strmap_cget(&c->section_by_dir, key);
	if (found >= 0)
		return found;
	long parent = -1;
	if (dir[0] != '\0') {
		size_t n = strlen(dir) - 1;
		while (n > 0 && dir[n - 1] != '/')
			n--;
		parent = ensure_section(s, lang, arena_strndup(s->arena, dir, n));
	}
	c->sections =
	    arena_grow(s->arena, c->sections, c->nsections, &c->sections_cap, sizeof(*c->sections));
	long i = (long)c->nsections++;
	c->sections[i] = (struct section){.lang = lang, .dir = dir, .page = -1, .parent = parent};
	strmap_add(&c->section_by_dir, key, strlen(key), i);
	return i;
}

/* What a section's pages_from asks of each page it makes. */
struct pages_from {
	const char *slug_key;  /* the item key holding the slug */
	const char *title_key; /* NULL: the item's title, or its slug */
	struct value *layout;  /* NULL: the item's layout, or the default */
};

/* The page of one data item of section page section_page, unless it is
 * a draft (remembered) or has no good slug (reported). */
static void
data_page(struct scan *s, long section_page, const struct pages_from *from, struct value *item)
{
	struct content *c = s->c;
	int lang = c->pages[section_page].lang;
	const char *dir = c->pages[section_page].dir;
	struct value *slug = value_cget(item, from->slug_key);
	if (item->kind != VALUE_MAP || slug == NULL || slug->kind != VALUE_STRING ||
	    !pagefile_valid_slug(slug->str)) {
		scan_error_at(s, slug ? slug : item,
		              "a page made from data needs a '%s': one URL segment",
		              from->slug_key);
		return;
	}
	struct pagefile_fields fields = {0};
	bool draft = false;
	pagefile_read_fields(s, &fields, item, &draft);
	if (draft && !s->opt->drafts) {
		pagefile_remember_draft(s, lang, arena_join(s->arena, dir, slug->str, ".md"), NULL);
		return;
	}
	struct page *p = scan_new_page(s); /* may move the page array */
	pagefile_take_fields(p, &fields);
	if (from->title_key != NULL)
		p->title = value_str(value_cget(item, from->title_key));
	if (p->title == NULL)
		p->title = slug->str;
	if (p->layout == NULL && from->layout != NULL) {
		p->layout = value_str(from->layout);
		p->layout_pos = from->layout->pos;
	}
	p->kind = PAGE_REGULAR;
	p->lang = lang;
	p->src = item->pos.path;
	p->pos = item->pos;
	p->dir = dir;
	p->slug = slug->str;
	p->key = arena_join(s->arena, dir, slug->str, ".md");
	p->meta = item;
}

/* One page per item of the data list a section's pages_from names. */
static void
pages_from_data(struct scan *s, long section_page)
{
	struct content *c = s->c;
	const struct page *sp = &c->pages[section_page];
	struct value *spec = value_cget(sp->meta, "pages_from");
	if (spec == NULL)
		return;
	const char *path = value_str(value_cget(spec, "data"));
	const char *slug_key = value_str(value_cget(spec, "slug"));
	struct pages_from from = {slug_key ? slug_key : "slug",
	                          value_str(value_cget(spec, "title")), value_cget(spec, "layout")};
	struct value *list = path ? value_path(c->langs[sp->lang].data, path) : NULL;
	if (spec->kind != VALUE_MAP || path == NULL) {
		scan_error_at(s, spec, "'%s' needs 'data: NAME', the data list to make pages of",
		              "pages_from");
		return;
	}
	if (list == NULL && s->data_failed)
		return; /* its file may be the one that could not be read */
	if (list == NULL || list->kind != VALUE_LIST) {
		diag_error(s->diag, value_cget(spec, "data")->pos, "no data list 'data.%s'", path);
		s->status = -1;
		return;
	}
	if (from.layout != NULL && value_str(from.layout) == NULL)
		scan_error_at(s, from.layout, "'%s' must name a template", "layout");
	for (size_t i = 0; i < list->as.list.len; i++)
		data_page(s, section_page, &from, list->as.list.items[i]);
}

/* Gives every folder holding pages a section, and every section a page. */
void
sections_build(struct scan *s)
{
	struct content *c = s->c;
	ensure_section(s, 0, "");
	size_t scanned = c->npages;
	for (size_t i = 0; i < scanned; i++) {
		struct page *p = &c->pages[i];
		long sec = ensure_section(s, p->lang, p->dir);
		if (p->kind == PAGE_REGULAR || p->kind == PAGE_404)
			continue;
		struct section *sc = &c->sections[sec];
		if (sc->page >= 0) {
			diag_error(s->diag, p->pos, "%s and %s both define the page of '%s'",
			           c->pages[sc->page].src, p->src,
			           p->dir[0] ? p->dir : "the home page");
			s->status = -1;
			continue;
		}
		sc->page = (long)i;
		p->own_section = sec;
	}
	for (size_t i = 0; i < scanned; i++)
		if (c->pages[i].kind == PAGE_HOME || c->pages[i].kind == PAGE_SECTION)
			pages_from_data(s, (long)i);
	for (size_t i = 0; i < c->nsections; i++) {
		if (c->sections[i].page >= 0)
			continue;
		const char *dir = c->sections[i].dir;
		struct page *p = scan_new_page(s);
		size_t n = strlen(dir);
		p->kind = n == 0 ? PAGE_HOME : PAGE_SECTION;
		p->lang = c->sections[i].lang;
		p->src = n == 0 ? c->dir : fsutil_join(s->arena, c->dir, dir);
		p->pos = diag_file(p->src);
		p->dir = dir;
		p->key = arena_join(s->arena, dir, "_index.md");
		p->meta = value_map(s->arena, diag_file(p->src));
		p->own_section = (long)i;
		c->sections[i].page = (long)(p - c->pages);
	}
}

/* Lists pages and sub-sections in their sections, sorted, with prev/next. */
void
sections_order(struct scan *s)
{
	struct content *c = s->c;
	for (size_t i = 0; i < c->npages; i++) {
		struct page *p = &c->pages[i];
		if (p->kind == PAGE_REGULAR) {
			const char *key = arena_join(s->arena, c->langs[p->lang].prefix, p->dir);
			p->section = strmap_cget(&c->section_by_dir, key);
			struct section *sc = &c->sections[p->section];
			scan_push_index(s->arena, &sc->pages, &sc->npages, &sc->pages_cap, (long)i);
		} else if (p->kind == PAGE_SECTION && p->own_section >= 0) {
			p->section = c->sections[p->own_section].parent;
		} else if (p->own_section >= 0) {
			c->langs[p->lang].home = (long)i;
		}
	}
	for (size_t i = 0; i < c->nsections; i++) {
		struct section *sc = &c->sections[i];
		if (sc->parent >= 0) {
			struct section *up = &c->sections[sc->parent];
			scan_push_index(s->arena, &up->children, &up->nchildren, &up->children_cap,
			                sc->page);
		}
	}
	for (size_t i = 0; i < c->nsections; i++) {
		struct section *sc = &c->sections[i];
		content_sort(c, sc->pages, sc->npages);
		content_sort(c, sc->children, sc->nchildren);
		for (size_t k = 0; k < sc->npages; k++) {
			struct page *p = &c->pages[sc->pages[k]];
			p->prev = k > 0 ? sc->pages[k - 1] : -1;
			p->next = k + 1 < sc->npages ? sc->pages[k + 1] : -1;
		}
	}
}
