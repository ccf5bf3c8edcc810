#include "context.h"

#include <stdlib.h>
#include <string.h>

#include "mustache.h"
#include "pagevalue.h"
#include "safeurl.h"

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
	value_map_put(arena, v, "iso",
	              value_cborrowed(
	                  arena, arena_printf(arena, "%04d-%02d-%02d", d->year, d->month, d->day)));
	value_map_put(arena, v, "long",
	              value_cborrowed(arena, arena_printf(arena, "%d %s %d", d->day,
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
		value_map_set(arena, entry, "url", value_cborrowed(arena, ""));
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
		value_map_set(arena, copy, "url", value_rooted(arena, c->pages[page].url));
		if (title == NULL)
			value_map_set(arena, copy, "title",
			              value_cborrowed(arena, c->pages[page].title));
	}
	return out;
}

static struct value *
languages(struct arena *arena, const struct content *c, int current)
{
	struct value *list = value_list(arena, (struct pos){0});
	for (size_t l = 0; l < c->nlangs; l++) {
		struct value *item = value_map(arena, (struct pos){0});
		value_map_put(arena, item, "code", value_cborrowed(arena, c->langs[l].code));
		value_map_put(arena, item, "name", value_cborrowed(arena, c->langs[l].name));
		value_map_put(arena, item, "is_current", value_bool(arena, (int)l == current));
		if (c->langs[l].home >= 0)
			value_map_put(arena, item, "url",
			              value_rooted(arena, c->pages[c->langs[l].home].url));
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
	value_map_set(arena, site, "lang", value_cborrowed(arena, c->langs[lang].code));
	value_map_set(arena, site, "lang_root", value_cborrowed(arena, c->langs[lang].prefix));
	value_map_set(arena, site, "languages", languages(arena, c, lang));
	value_map_set(arena, site, "pages", pagevalue_list(arena, c, regular, nregular));
	value_map_set(arena, site, "sections", pagevalue_list(arena, c, sections, nsections));
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
	for (size_t l = 0; l < c->nlangs; l++)
		check_months(d, c->langs[l].i18n);
	pagevalue_make(arena, c);
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
