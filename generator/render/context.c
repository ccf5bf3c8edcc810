#include "context.h"

#include <stdlib.h>
#include <string.h>

#include "mustache.h"
#include "safeurl.h"
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

static const char *const english_months[12] = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};

/* The name of month m (1 to 12) in i18n's "months", else in English. */
static const char *
month_name(const struct value *i18n, int m)
{
	const struct value *months = value_cget(i18n, "months");
	if (months != NULL && months->kind == VALUE_LIST && months->as.list.len == 12) {
		const char *name = value_str(months->as.list.items[m - 1]);
		if (name != NULL)
			return name;
	}
	return english_months[m - 1];
}

struct value *
context_date(struct arena *arena, const struct value *date, const struct value *i18n)
{
	const struct value_date *d = &date->as.date;
	struct value *v = value_map(arena, date->pos);
	v->str = date->str;
	v->len = date->len;
	v->has_text = true;
	value_map_reserve(arena, v, 5);
	value_map_put(arena, v, "year", value_number(arena, d->year));
	value_map_put(arena, v, "month", value_number(arena, d->month));
	value_map_put(arena, v, "day", value_number(arena, d->day));
	value_map_put(
	    arena, v, "iso",
	    text(arena, arena_printf(arena, "%04d-%02d-%02d", d->year, d->month, d->day)));
	value_map_put(arena, v, "long",
	              text(arena, arena_printf(arena, "%d %s %d", d->day,
	                                       month_name(i18n, d->month), d->year)));
	return v;
}

/* i18n's "months", when there is one, must name the 12 months. */
static void
check_months(struct diag *d, const struct value *i18n)
{
	const struct value *months = value_cget(i18n, "months");
	bool ok = months == NULL || (months->kind == VALUE_LIST && months->as.list.len == 12);
	for (size_t i = 0; ok && months != NULL && i < 12; i++)
		ok = value_str(months->as.list.items[i]) != NULL;
	if (!ok)
		diag_error(d, months->pos, "'months' must list the 12 month names, January first");
}

/* Values every page shares rather than copies. */
struct shared {
	struct value *yes, *no;
	struct value **codes; /* per language */
	struct value **tags;  /* per tag */
};

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
		value_map_put(arena, v, "name", text(arena, tag->name));
		value_map_put(arena, v, "slug", text(arena, tag->slug));
		value_map_put(arena, v, "count", value_number(arena, (double)tag->npages));
		value_map_put(arena, v, "pages", page_list(arena, c, tag->pages, tag->npages));
		if (tag->page >= 0)
			value_map_put(arena, v, "url", rooted(arena, c->pages[tag->page].url));
		tags[t] = v;
	}
	return tags;
}

/* page.tags (and page.tag on a tag's page) from the tags the content
 * found, in place of the front matter's text. */
static void
put_tags(struct arena *arena, const struct shared *sh, const struct page *p)
{
	if (p->kind == PAGE_404) /* listed nowhere, so in no tag either */
		value_map_set(arena, p->v, "tags", value_list(arena, (struct pos){0}));
	if (p->ntags == 0)
		return;
	struct value *list = value_list(arena, (struct pos){0});
	for (size_t k = 0; k < p->ntags; k++)
		value_list_push(arena, list, sh->tags[p->tags[k]]);
	value_map_set(arena, p->v, "tags", list);
	if (p->kind == PAGE_TAG) {
		value_map_set(arena, p->v, "tag", sh->tags[p->tags[0]]);
		value_map_set(arena, p->v, "pages", value_cget(sh->tags[p->tags[0]], "pages"));
	}
}

static struct value *
flag(const struct shared *sh, bool b)
{
	return b ? sh->yes : sh->no;
}

/* What page p's Markdown gave: content, summary, toc, has_toc. */
static void
put_markdown(struct arena *arena, const struct page *p, struct value *has_toc)
{
	struct value *content = text(arena, p->html ? p->html : "");
	content->root_marked = true;
	value_map_set(arena, p->v, "content", content);
	value_map_set(arena, p->v, "summary", text(arena, p->summary));
	if (p->toc != NULL)
		value_map_set(arena, p->v, "toc", p->toc);
	value_map_set(arena, p->v, "has_toc", has_toc);
}

void
context_set_markdown(struct arena *arena, const struct page *p)
{
	put_markdown(arena, p, value_bool(arena, p->has_toc));
}

/* The front matter, then what the generator knows, which wins. */
static void
fill_page(struct arena *arena, const struct content *c, const struct shared *sh, struct page *p)
{
	struct value *v = p->v;
	/* Front matter plus the at most 24 keys below. */
	value_map_reserve(arena, v, p->meta->as.map.len + 24);
	for (size_t i = 0; i < p->meta->as.map.len; i++) {
		struct value_entry *e = &p->meta->as.map.items[i];
		value_map_put(arena, v, e->key, e->val);
	}
	value_map_set(arena, v, "title", text(arena, p->title));
	if (p->date != NULL)
		value_map_set(arena, v, "date",
		              context_date(arena, p->date, c->langs[p->lang].i18n));
	value_map_set(arena, v, "url", rooted(arena, p->url));
	put_markdown(arena, p, flag(sh, p->has_toc));
	value_map_set(arena, v, "is_home", flag(sh, p->kind == PAGE_HOME));
	value_map_set(arena, v, "is_section", flag(sh, p->kind == PAGE_SECTION));
	value_map_set(arena, v, "is_page", flag(sh, p->kind == PAGE_REGULAR));
	value_map_set(arena, v, "is_404", flag(sh, p->kind == PAGE_404));
	value_map_set(arena, v, "is_tags", flag(sh, p->kind == PAGE_TAGS));
	value_map_set(arena, v, "is_tag", flag(sh, p->kind == PAGE_TAG));
	value_map_set(arena, v, "lang", sh->codes[p->lang]);
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
	put_tags(arena, sh, p);
}

/* page.translations: the same page in the other languages, in the order
 * of site.yaml. Pages are grouped by key with one pass and a hash table. */
static void
link_translations(struct arena *arena, const struct content *c)
{
	struct strmap first = {0};
	long *next = arena_alloc(arena, (c->npages + 1) * sizeof(long));
	long *last = arena_alloc(arena, (c->npages + 1) * sizeof(long));
	for (size_t i = 0; i < c->npages; i++) {
		const char *key = c->pages[i].key;
		long head = strmap_add(&first, key, strlen(key), (long)i);
		next[i] = -1;
		if (head != (long)i)
			next[last[head]] = (long)i;
		last[head] = (long)i;
	}
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *p = &c->pages[i];
		long head = strmap_cget(&first, p->key);
		struct value *list = value_list(arena, (struct pos){0});
		/* A 404 page is no page to switch to or from. */
		for (size_t l = 0; l < c->nlangs && p->kind != PAGE_404; l++) {
			for (long j = head; j >= 0; j = next[j]) {
				const struct page *t = &c->pages[j];
				if (t->lang != (int)l || j == (long)i)
					continue;
				struct value *item = value_map(arena, (struct pos){0});
				value_map_put(arena, item, "lang", text(arena, c->langs[l].code));
				value_map_put(arena, item, "name", text(arena, c->langs[l].name));
				value_map_put(arena, item, "title", text(arena, t->title));
				value_map_put(arena, item, "url", rooted(arena, t->url));
				value_list_push(arena, list, item);
			}
		}
		value_map_set(arena, p->v, "translations", list);
	}
	strmap_free(&first);
}

/* A menu title: text, or a map from language code to text. */
static struct value *
menu_title(const struct value *title, const char *code)
{
	if (title != NULL && title->kind == VALUE_MAP)
		return value_cget(title, code);
	return (struct value *)title;
}

/* A menu entry's own url goes into an href unchecked by Markdown: one
 * that could run code is an error, and is emptied. */
static void
check_menu_url(struct arena *arena, struct diag *d, struct value *entry)
{
	struct value *url = value_cget(entry, "url");
	if (url != NULL && url->kind == VALUE_STRING &&
	    safeurl_check(d, url->pos, "menu entry's url", url->str, url->len) != 0)
		value_map_set(arena, entry, "url", text(arena, ""));
}

/* menu entries name a page ("programs/" or "about.md") or carry a url;
 * each language gets its own copy, pointing at its own pages. */
static struct value *
resolve_menu(struct arena *arena, struct diag *d, struct content *c, const struct value *menu,
             int lang)
{
	if (menu->kind != VALUE_LIST) {
		diag_error(d, menu->pos, "'menu' must be a list of {title, page} entries");
		return NULL;
	}
	struct value *out = value_list(arena, menu->pos);
	for (size_t i = 0; i < menu->as.list.len; i++) {
		struct value *item = menu->as.list.items[i];
		struct value *copy = value_map(arena, item->pos);
		for (size_t k = 0; item->kind == VALUE_MAP && k < item->as.map.len; k++)
			value_map_put(arena, copy, item->as.map.items[k].key,
			              item->as.map.items[k].val);
		value_list_push(arena, out, copy);
		struct value *title = menu_title(value_cget(item, "title"), c->langs[lang].code);
		if (title != NULL)
			value_map_set(arena, copy, "title", title);
		struct value *target = value_cget(item, "page");
		if (target == NULL) {
			check_menu_url(arena, d, copy);
			continue;
		}
		const char *path = value_str(target);
		long page = path ? content_find_page(c, lang, path) : -1;
		if (page < 0) {
			diag_error(d, target->pos, "menu entry names no page: '%s'",
			           path ? path : "(not text)");
			continue;
		}
		value_map_set(arena, copy, "url", rooted(arena, c->pages[page].url));
		if (title == NULL)
			value_map_set(arena, copy, "title", text(arena, c->pages[page].title));
	}
	return out;
}

static struct value *
languages(struct arena *arena, const struct content *c, int current)
{
	struct value *list = value_list(arena, (struct pos){0});
	for (size_t l = 0; l < c->nlangs; l++) {
		struct value *item = value_map(arena, (struct pos){0});
		value_map_put(arena, item, "code", text(arena, c->langs[l].code));
		value_map_put(arena, item, "name", text(arena, c->langs[l].name));
		value_map_put(arena, item, "is_current", value_bool(arena, (int)l == current));
		if (c->langs[l].home >= 0)
			value_map_put(arena, item, "url",
			              rooted(arena, c->pages[c->langs[l].home].url));
		value_list_push(arena, list, item);
	}
	return list;
}

static struct value *
site_for(struct arena *arena, struct diag *d, struct content *c, int lang)
{
	struct value *site = value_map(arena, c->site->pos);
	for (size_t i = 0; i < c->site->as.map.len; i++) {
		struct value_entry *e = &c->site->as.map.items[i];
		value_map_put(arena, site, e->key, e->val);
	}
	long *regular = arena_alloc(arena, (c->npages + 1) * sizeof(long));
	long *sections = arena_alloc(arena, (c->npages + 1) * sizeof(long));
	size_t nregular = 0, nsections = 0;
	for (size_t i = 0; i < c->npages; i++) {
		if (c->pages[i].lang != lang)
			continue;
		if (c->pages[i].kind == PAGE_REGULAR)
			regular[nregular++] = (long)i;
		else if (c->pages[i].kind == PAGE_SECTION)
			sections[nsections++] = (long)i;
	}
	content_sort(c, regular, nregular);
	content_sort(c, sections, nsections);
	value_map_set(arena, site, "lang", text(arena, c->langs[lang].code));
	value_map_set(arena, site, "lang_root", text(arena, c->langs[lang].prefix));
	value_map_set(arena, site, "languages", languages(arena, c, lang));
	value_map_set(arena, site, "pages", page_list(arena, c, regular, nregular));
	value_map_set(arena, site, "sections", page_list(arena, c, sections, nsections));
	if (c->langs[lang].home >= 0)
		value_map_set(arena, site, "home", c->pages[c->langs[lang].home].v);
	struct value *menu = value_cget(c->site, "menu");
	if (menu != NULL) {
		if ((menu = resolve_menu(arena, d, c, menu, lang)) == NULL)
			return NULL;
		value_map_set(arena, site, "menu", menu);
	}
	return site;
}

struct value **
context_sites(struct arena *arena, struct diag *d, struct content *c)
{
	for (size_t i = 0; i < c->npages; i++)
		c->pages[i].v = value_map(arena, c->pages[i].pos);
	struct shared sh = {value_bool(arena, true), value_bool(arena, false),
	                    arena_alloc(arena, c->nlangs * sizeof(struct value *)), NULL};
	for (size_t l = 0; l < c->nlangs; l++) {
		sh.codes[l] = text(arena, c->langs[l].code);
		check_months(d, c->langs[l].i18n);
	}
	sh.tags = tag_values(arena, c);
	for (size_t i = 0; i < c->npages; i++)
		fill_page(arena, c, &sh, &c->pages[i]);
	link_translations(arena, c);
	struct value **sites = arena_alloc(arena, c->nlangs * sizeof(*sites));
	unsigned errors = d->errors;
	for (size_t l = 0; l < c->nlangs; l++)
		if ((sites[l] = site_for(arena, d, c, (int)l)) == NULL)
			return NULL;
	return d->errors == errors ? sites : NULL;
}

/* The top map's keys, in order: context_emit() finds root by its index. */
enum { TOP_SITE, TOP_DATA, TOP_I18N, TOP_PAGE, TOP_ROOT, TOP_KEYS };

struct value *
context_top(struct arena *arena)
{
	static const char *const keys[TOP_KEYS] = {"site", "data", "i18n", "page", "root"};
	struct value *top = value_map(arena, (struct pos){0});
	for (size_t i = 0; i < TOP_KEYS; i++)
		value_map_put(arena, top, keys[i], value_null(arena));
	top->as.map.items[TOP_ROOT].val = value_string_borrowed(arena, "", 0);
	return top;
}

void
context_point(struct value *top, const struct content *c, struct value *const *sites, long i)
{
	const struct page *p = &c->pages[i];
	struct value_entry *e = top->as.map.items;
	e[TOP_SITE].val = sites[p->lang];
	e[TOP_DATA].val = c->langs[p->lang].data;
	e[TOP_I18N].val = c->langs[p->lang].i18n;
	e[TOP_PAGE].val = p->v;
	e[TOP_ROOT].val->str = p->root;
	e[TOP_ROOT].val->len = strlen(p->root);
}

static void
put_text(struct buf *out, const char *s, size_t len, bool escape)
{
	if (escape)
		buf_put_html(out, s, len);
	else
		buf_put(out, s, len);
}

/* The next link mark ('="%1F') in [p, end), or NULL. memchr for the
 * rare '%' is much faster than memmem on every page's whole content. */
static const char *
next_mark(const char *p, const char *end)
{
	static const char mark[] = "=\"" VALUE_ROOT_MARK;
	for (const char *pct; (pct = memchr(p, '%', (size_t)(end - p))) != NULL; p = pct + 1)
		if (pct - p >= 2 && end - pct >= 3 && memcmp(pct - 2, mark, sizeof(mark) - 1) == 0)
			return pct - 2;
	return NULL;
}

/* Writes s with root in place of every link mark: '="%1F' -> '="../'. */
static void
put_marked(struct buf *out, const char *s, size_t len, const struct value *root, bool escape)
{
	const char *end = s + len, *p = s, *hit;
	while ((hit = next_mark(p, end)) != NULL) {
		put_text(out, p, (size_t)(hit - p) + 2, escape);
		put_text(out, root->str, root->len, escape);
		p = hit + 2 + strlen(VALUE_ROOT_MARK);
	}
	put_text(out, p, (size_t)(end - p), escape);
}

void
context_emit(void *top, const struct value *v, bool escape, struct buf *out)
{
	const struct value *root = ((const struct value *)top)->as.map.items[TOP_ROOT].val;
	if (v->root_marked) {
		put_marked(out, v->str, v->len, root, escape);
		return;
	}
	if (v->rooted)
		put_text(out, root->str, root->len, escape);
	mustache_emit(v, escape, out);
}
