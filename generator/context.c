#include "context.h"

#include <string.h>

#include "strmap.h"

static struct value *
rooted(struct arena *arena, const char *url)
{
	struct value *v = value_string_borrowed(arena, url, strlen(url));
	v->rooted = true;
	return v;
}

static struct value *
text(struct arena *arena, const char *s)
{
	return value_string_borrowed(arena, s, strlen(s));
}

static struct value *
page_list(struct arena *arena, const struct content *c, const long *idx, size_t n)
{
	struct value *list = value_list(arena, (struct pos){0});
	for (size_t i = 0; i < n; i++)
		value_list_push(arena, list, c->pages[idx[i]].v);
	return list;
}

/* The front matter, then what the generator knows, which wins. */
static void
fill_page(struct arena *arena, const struct content *c, struct page *p)
{
	struct value *v = p->v;
	for (size_t i = 0; i < p->meta->as.map.len; i++) {
		struct value_entry *e = &p->meta->as.map.items[i];
		value_map_put(arena, v, e->key, e->val);
	}
	value_map_set(arena, v, "title", text(arena, p->title));
	value_map_set(arena, v, "url", rooted(arena, p->url));
	value_map_set(arena, v, "content", text(arena, p->html ? p->html : ""));
	value_map_set(arena, v, "summary", text(arena, p->summary));
	value_map_set(arena, v, "toc", p->toc ? p->toc : value_list(arena, (struct pos){0}));
	value_map_set(arena, v, "has_toc", value_bool(arena, p->toc && p->toc->as.list.len > 1));
	value_map_set(arena, v, "is_home", value_bool(arena, p->kind == PAGE_HOME));
	value_map_set(arena, v, "is_section", value_bool(arena, p->kind == PAGE_SECTION));
	value_map_set(arena, v, "is_page", value_bool(arena, p->kind == PAGE_REGULAR));
	if (p->rel != NULL)
		value_map_set(arena, v, "path", text(arena, p->rel));
	if (p->section >= 0)
		value_map_set(arena, v, "section", c->pages[c->sections[p->section].page].v);
	if (p->prev >= 0)
		value_map_set(arena, v, "prev", c->pages[p->prev].v);
	if (p->next >= 0)
		value_map_set(arena, v, "next", c->pages[p->next].v);
	if (p->own_section >= 0) {
		const struct section *sc = &c->sections[p->own_section];
		value_map_set(arena, v, "pages", page_list(arena, c, sc->pages, sc->npages));
		value_map_set(arena, v, "sections",
		              page_list(arena, c, sc->children, sc->nchildren));
	}
}

/* menu entries name a page ("programs/" or "about.md") or carry a url. */
static int
resolve_menu(struct arena *arena, struct diag *d, struct content *c, struct value *menu)
{
	int status = 0;
	if (menu->kind != VALUE_LIST) {
		diag_error(d, menu->pos, "'menu' must be a list of {title, page} entries");
		return -1;
	}
	for (size_t i = 0; i < menu->as.list.len; i++) {
		struct value *item = menu->as.list.items[i];
		struct value *target = value_cget(item, "page");
		if (target == NULL)
			continue;
		const char *path = value_str(target);
		long page = path ? strmap_cget(&c->page_by_path, path) : -1;
		if (page < 0 && path != NULL)
			page = content_section_page(c, path);
		if (page < 0) {
			diag_error(d, target->pos, "menu entry names no page: '%s'",
			           path ? path : "(not text)");
			status = -1;
			continue;
		}
		value_map_set(arena, item, "url", rooted(arena, c->pages[page].url));
		if (value_cget(item, "title") == NULL)
			value_map_set(arena, item, "title", text(arena, c->pages[page].title));
	}
	return status;
}

struct value *
context_site(struct arena *arena, struct diag *d, struct content *c)
{
	for (size_t i = 0; i < c->npages; i++)
		c->pages[i].v = value_map(arena, diag_file(c->pages[i].src));
	for (size_t i = 0; i < c->npages; i++)
		fill_page(arena, c, &c->pages[i]);

	struct value *site = value_map(arena, c->site->pos);
	for (size_t i = 0; i < c->site->as.map.len; i++) {
		struct value_entry *e = &c->site->as.map.items[i];
		value_map_put(arena, site, e->key, e->val);
	}
	long *regular = arena_alloc(arena, (c->npages + 1) * sizeof(long));
	long *sections = arena_alloc(arena, (c->npages + 1) * sizeof(long));
	size_t nregular = 0, nsections = 0;
	for (size_t i = 0; i < c->npages; i++) {
		if (c->pages[i].kind == PAGE_REGULAR)
			regular[nregular++] = (long)i;
		else if (c->pages[i].kind == PAGE_SECTION)
			sections[nsections++] = (long)i;
	}
	content_sort(c, regular, nregular);
	content_sort(c, sections, nsections);
	value_map_set(arena, site, "pages", page_list(arena, c, regular, nregular));
	value_map_set(arena, site, "sections", page_list(arena, c, sections, nsections));
	value_map_set(arena, site, "home", c->pages[c->sections[0].page].v);
	struct value *menu = value_cget(site, "menu");
	if (menu != NULL && resolve_menu(arena, d, c, menu) != 0)
		return NULL;
	return site;
}

struct value *
context_page(struct arena *arena, const struct content *c, struct value *site, long i)
{
	struct value *top = value_map(arena, (struct pos){0});
	value_map_put(arena, top, "site", site);
	value_map_put(arena, top, "data", c->data);
	value_map_put(arena, top, "page", c->pages[i].v);
	value_map_put(arena, top, "root", text(arena, c->pages[i].root));
	return top;
}
