#include "content.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "fsutil.h"
#include "yamlload.h"

struct scan {
	struct arena *arena;
	struct diag *diag;
	const struct content_options *opt;
	struct content *c;
	int status;
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The folder part of rel, with its slash: "a/b.md" -> "a/", "b.md" -> "". */
static char *
dir_of(struct arena *arena, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return arena_strndup(arena, rel, slash ? (size_t)(slash - rel) + 1 : 0);
}

static const char *
base_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return slash ? slash + 1 : rel;
}

/* "key-figures" -> "Key figures": a readable title for a bare name. */
static char *
title_from_name(struct arena *arena, const char *name, size_t len)
{
	char *t = arena_strndup(arena, name, len);
	for (char *p = t; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

static void
error_at(struct scan *s, const struct value *v, const char *msg, const char *key)
{
	diag_error(s->diag, v->pos, msg, key);
	s->status = -1;
}

static bool
valid_slug(const char *slug)
{
	if (slug[0] == '\0' || slug[0] == '.')
		return false;
	for (const char *p = slug; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
			return false;
	return true;
}

/* Text of a scalar front matter value such as a title written as 2018. */
static const char *
scalar_text(struct scan *s, const struct value *v)
{
	if (v->kind == VALUE_STRING || v->kind == VALUE_DATE)
		return v->str;
	if (v->kind == VALUE_NUMBER || v->kind == VALUE_BOOL) {
		struct buf b = BUF_INIT;
		value_to_text(v, &b);
		char *t = arena_strdup(s->arena, b.ptr);
		buf_free(&b);
		return t;
	}
	return NULL;
}

/* Front matter keys that the generator itself reads. */
static void
read_fields(struct scan *s, struct page *p, struct value *meta, bool *draft)
{
	struct value *v;
	if ((v = value_cget(meta, "title")) != NULL && (p->title = scalar_text(s, v)) == NULL)
		error_at(s, v, "'%s' must be text", "title");
	if ((v = value_cget(meta, "weight")) != NULL) {
		if (v->kind != VALUE_NUMBER)
			error_at(s, v, "'%s' must be a number", "weight");
		p->has_weight = true;
		p->weight = v->as.number;
	}
	if ((v = value_cget(meta, "draft")) != NULL) {
		if (v->kind != VALUE_BOOL)
			error_at(s, v, "'%s' must be true or false", "draft");
		*draft = v->kind == VALUE_BOOL && v->as.boolean;
	}
	if ((v = value_cget(meta, "date")) != NULL) {
		struct value_date date;
		if (v->kind == VALUE_STRING && value_parse_date(v->str, v->len, &date)) {
			v->kind = VALUE_DATE;
			v->as.date = date;
		}
		if (v->kind != VALUE_DATE)
			error_at(s, v, "'%s' must be a date (YYYY-MM-DD or ISO 8601)", "date");
		else
			p->date = v;
	}
	if ((v = value_cget(meta, "layout")) != NULL) {
		if (v->kind != VALUE_STRING || v->len == 0)
			error_at(s, v, "'%s' must name a template", "layout");
		p->layout = v->str;
		p->layout_pos = v->pos;
	}
	if ((v = value_cget(meta, "summary")) != NULL && v->kind != VALUE_STRING)
		error_at(s, v, "'%s' must be text", "summary");
	if ((v = value_cget(meta, "slug")) != NULL &&
	    (v->kind != VALUE_STRING || !valid_slug(v->str)))
		error_at(s, v,
		         "'%s' must be a single URL segment (no '/', no leading '.', not empty)",
		         "slug");
	if ((v = value_cget(meta, "tags")) != NULL) {
		if (v->kind == VALUE_STRING) {
			struct value *list = value_list(s->arena, v->pos);
			value_list_push(s->arena, list, v);
			value_map_set(s->arena, meta, "tags", list);
		} else if (v->kind != VALUE_LIST) {
			error_at(s, v, "'%s' must be a list", "tags");
		}
	}
}

static struct page *
new_page(struct scan *s)
{
	struct content *c = s->c;
	c->pages = arena_grow(s->arena, c->pages, c->npages, &c->pages_cap, sizeof(*c->pages));
	struct page *p = &c->pages[c->npages++];
	memset(p, 0, sizeof(*p));
	p->section = p->own_section = p->prev = p->next = -1;
	p->summary = "";
	return p;
}

static void
add_page(struct scan *s, const char *rel, const char *full)
{
	size_t len;
	char *src = fsutil_read(s->arena, s->diag, full, &len);
	struct frontmatter fm;
	if (src == NULL || frontmatter_split(s->diag, full, src, len, &fm) != 0) {
		s->status = -1;
		return;
	}
	struct value *meta = NULL;
	if (fm.yaml != NULL) {
		meta = yamlload_string(s->arena, s->diag, full, fm.yaml, fm.yaml_len, fm.yaml_line);
		if (meta == NULL) {
			s->status = -1;
			return;
		}
		if (meta->kind == VALUE_NULL) {
			meta = NULL;
		} else if (meta->kind != VALUE_MAP) {
			error_at(s, meta, "front matter must be a mapping of keys to values%s", "");
			return;
		}
	}
	if (meta == NULL)
		meta = value_map(s->arena, (struct pos){full, 1, 1});

	struct page tmp = {0};
	bool draft = false;
	read_fields(s, &tmp, meta, &draft);
	if (draft && !s->opt->drafts)
		return;
	struct page *p = new_page(s);
	const char *base = base_of(rel);
	bool index = !strcmp(base, "_index.md") || !strcmp(base, "index.md");
	p->src = full;
	p->rel = rel;
	p->dir = dir_of(s->arena, rel);
	p->kind = !index ? PAGE_REGULAR : p->dir[0] == '\0' ? PAGE_HOME : PAGE_SECTION;
	p->meta = meta;
	p->title = tmp.title;
	p->has_weight = tmp.has_weight;
	p->weight = tmp.weight;
	p->date = tmp.date;
	p->layout = tmp.layout;
	p->layout_pos = tmp.layout_pos;
	p->body = fm.body;
	p->body_len = fm.body_len;
	p->body_line = fm.body_line;
	strmap_add(&s->c->page_by_path, rel, strlen(rel), (long)(p - s->c->pages));
}

/* The map at data.a.b for "a/b/", created on the way. */
static struct value *
data_folder(struct scan *s, const char *dir, const char *full)
{
	struct value *m = s->c->data;
	const char *p = dir;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = (size_t)(slash - p);
		struct value *next = value_get(m, p, n);
		if (next == NULL) {
			next = value_map(s->arena, diag_file(full));
			value_map_put(s->arena, m, arena_strndup(s->arena, p, n), next);
		} else if (next->kind != VALUE_MAP) {
			diag_error(s->diag, diag_file(full), "data folder '%.*s' clashes with %s",
			           (int)n, p, next->pos.path);
			s->status = -1;
			return NULL;
		}
		m = next;
		p = slash + 1;
	}
	return m;
}

static void
add_data(struct scan *s, const char *rel, const char *full)
{
	struct value *v = yamlload_file(s->arena, s->diag, full);
	if (v == NULL) {
		s->status = -1;
		return;
	}
	const char *base = base_of(rel);
	size_t stem = (size_t)(strrchr(base, '.') - base);
	struct value *folder = data_folder(s, dir_of(s->arena, rel), full);
	if (folder == NULL)
		return;
	struct value *prev = value_get(folder, base, stem);
	if (prev != NULL) {
		diag_error(s->diag, diag_file(full), "data '%.*s' is also defined by %s",
		           (int)stem, base, prev->pos.path ? prev->pos.path : "a folder");
		s->status = -1;
		return;
	}
	value_map_put(s->arena, folder, arena_strndup(s->arena, base, stem), v);
}

static void
add_file(struct scan *s, const char *rel, const char *full)
{
	struct content *c = s->c;
	c->files = arena_grow(s->arena, c->files, c->nfiles, &c->files_cap, sizeof(*c->files));
	c->files[c->nfiles] = (struct content_file){full, rel};
	strmap_add(&c->file_by_path, rel, strlen(rel), (long)c->nfiles);
	c->nfiles++;
}

static void
visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct scan *s = ctx;
	if (is_dir || !strcmp(rel, "site.yaml"))
		return;
	if (ends_with(rel, ".md"))
		add_page(s, rel, full);
	else if (ends_with(rel, ".yaml") || ends_with(rel, ".yml"))
		add_data(s, rel, full);
	else
		add_file(s, rel, full);
}

/* The section for folder dir ("a/b/"), created with its parents. */
static long
ensure_section(struct scan *s, const char *dir)
{
	struct content *c = s->c;
	long found = strmap_cget(&c->section_by_dir, dir);
	if (found >= 0)
		return found;
	long parent = -1;
	if (dir[0] != '\0') {
		size_t n = strlen(dir) - 1;
		while (n > 0 && dir[n - 1] != '/')
			n--;
		parent = ensure_section(s, arena_strndup(s->arena, dir, n));
	}
	c->sections = arena_grow(s->arena, c->sections, c->nsections, &c->sections_cap,
	                         sizeof(*c->sections));
	long i = (long)c->nsections++;
	c->sections[i] = (struct section){.dir = dir, .page = -1, .parent = parent};
	strmap_add(&c->section_by_dir, dir, strlen(dir), i);
	return i;
}

static void
push_index(struct arena *arena, long **items, size_t *len, size_t *cap, long v)
{
	*items = arena_grow(arena, *items, *len, cap, sizeof(long));
	(*items)[(*len)++] = v;
}

/* Gives every folder holding pages a section, and every section a page. */
static void
build_sections(struct scan *s)
{
	struct content *c = s->c;
	ensure_section(s, "");
	size_t scanned = c->npages;
	for (size_t i = 0; i < scanned; i++) {
		struct page *p = &c->pages[i];
		long sec = ensure_section(s, p->dir);
		if (p->kind == PAGE_REGULAR)
			continue;
		struct section *sc = &c->sections[sec];
		if (sc->page >= 0) {
			diag_error(s->diag, (struct pos){p->src, 1, 1},
			           "%s and %s both define the page of '%s'",
			           c->pages[sc->page].src, p->src, p->dir[0] ? p->dir : "the home page");
			s->status = -1;
			continue;
		}
		sc->page = (long)i;
		p->own_section = sec;
	}
	for (size_t i = 0; i < c->nsections; i++) {
		if (c->sections[i].page >= 0)
			continue;
		const char *dir = c->sections[i].dir;
		struct page *p = new_page(s);
		size_t n = strlen(dir);
		size_t start = n > 0 ? n - 1 : 0;
		while (start > 0 && dir[start - 1] != '/')
			start--;
		p->kind = n == 0 ? PAGE_HOME : PAGE_SECTION;
		p->src = n == 0 ? c->dir : fsutil_join(s->arena, c->dir, dir);
		p->dir = dir;
		p->meta = value_map(s->arena, diag_file(p->src));
		p->title = n == 0 ? NULL : title_from_name(s->arena, dir + start, n - 1 - start);
		p->body = "";
		p->own_section = (long)i;
		c->sections[i].page = (long)(p - c->pages);
	}
}

/* Where to point at a page's URL: its slug, else the top of its file. */
static struct pos
page_pos(const struct page *p)
{
	const struct value *slug = value_cget(p->meta, "slug");
	return slug ? slug->pos : (struct pos){p->src, 1, 1};
}

static char *
root_for(struct arena *arena, const char *url)
{
	size_t depth = 0;
	for (const char *p = url; *p; p++)
		depth += *p == '/';
	char *root = arena_alloc(arena, depth * 3 + 1);
	for (size_t i = 0; i < depth; i++)
		memcpy(root + i * 3, "../", 3);
	return root;
}

/* URLs for every page; two pages with one URL is an error naming both. */
static void
assign_urls(struct scan *s)
{
	struct content *c = s->c;
	struct strmap urls = {0};
	for (size_t i = 0; i < c->npages; i++) {
		struct page *p = &c->pages[i];
		if (p->kind == PAGE_REGULAR) {
			const char *slug = value_str(value_cget(p->meta, "slug"));
			const char *base = base_of(p->rel);
			if (slug == NULL)
				slug = arena_strndup(s->arena, base, strlen(base) - 3);
			p->url = arena_printf(s->arena, "%s%s/index.html", p->dir, slug);
		} else {
			p->url = arena_printf(s->arena, "%sindex.html", p->dir);
		}
		p->root = root_for(s->arena, p->url);
		if (p->title == NULL)
			p->title = value_str(value_cget(c->site, "title"));
		if (p->title == NULL)
			p->title = "";
		long first = strmap_add(&urls, p->url, strlen(p->url), (long)i);
		if (first != (long)i) {
			diag_error(s->diag, page_pos(p), "page URL '%s' is also the URL of %s",
			           p->url, c->pages[first].src);
			diag_note(s->diag, page_pos(&c->pages[first]), "%s gets that URL here",
			          c->pages[first].src);
			s->status = -1;
		}
	}
	strmap_free(&urls);
}

static int
cmp_pages(const void *a, const void *b, void *ctx)
{
	const struct content *c = ctx;
	const struct page *x = &c->pages[*(const long *)a], *y = &c->pages[*(const long *)b];
	if (x->has_weight != y->has_weight)
		return x->has_weight ? -1 : 1;
	if (x->has_weight && x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	if ((x->date != NULL) != (y->date != NULL))
		return x->date ? -1 : 1;
	if (x->date != NULL) {
		int d = value_date_cmp(&x->date->as.date, &y->date->as.date);
		if (d != 0)
			return -d;
	}
	int t = strcmp(x->title, y->title);
	if (t != 0)
		return t;
	return strcmp(x->src, y->src);
}

/* Lists pages and sub-sections in their sections, sorted, with prev/next. */
static void
order_sections(struct scan *s)
{
	struct content *c = s->c;
	for (size_t i = 0; i < c->npages; i++) {
		struct page *p = &c->pages[i];
		if (p->kind == PAGE_REGULAR) {
			p->section = strmap_cget(&c->section_by_dir, p->dir);
			struct section *sc = &c->sections[p->section];
			push_index(s->arena, &sc->pages, &sc->npages, &sc->pages_cap, (long)i);
		} else if (p->kind == PAGE_SECTION) {
			p->section = c->sections[p->own_section].parent;
		}
	}
	for (size_t i = 0; i < c->nsections; i++) {
		struct section *sc = &c->sections[i];
		if (sc->parent >= 0) {
			struct section *up = &c->sections[sc->parent];
			push_index(s->arena, &up->children, &up->nchildren, &up->children_cap,
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

void
content_sort(const struct content *c, long *pages, size_t n)
{
	if (n > 1)
		qsort_r(pages, n, sizeof(long), cmp_pages, (void *)c);
}

int
content_scan(struct arena *arena, struct diag *d, const char *dir,
             const struct content_options *opt, struct content *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = dir;
	struct scan s = {arena, d, opt, c, 0};
	const char *site_path = fsutil_join(arena, dir, "site.yaml");
	c->site = yamlload_file(arena, d, site_path);
	if (c->site == NULL)
		return -1;
	if (c->site->kind == VALUE_NULL)
		c->site = value_map(arena, diag_file(site_path));
	if (c->site->kind != VALUE_MAP) {
		diag_error(d, c->site->pos, "site.yaml must be a mapping of settings");
		return -1;
	}
	c->data = value_map(arena, diag_file(dir));
	if (fsutil_walk(arena, d, dir, visit, &s) != 0)
		s.status = -1;
	if (s.status != 0)
		return -1;
	build_sections(&s);
	assign_urls(&s);
	if (s.status != 0)
		return -1;
	order_sections(&s);
	return 0;
}

void
content_free(struct content *c)
{
	strmap_free(&c->page_by_path);
	strmap_free(&c->section_by_dir);
	strmap_free(&c->file_by_path);
}

long
content_section_page(const struct content *c, const char *dir)
{
	struct buf key = BUF_INIT;
	buf_puts(&key, dir);
	if (key.len > 0 && key.ptr[key.len - 1] != '/')
		buf_putc(&key, '/');
	long sec = strmap_get(&c->section_by_dir, key.ptr, key.len);
	buf_free(&key);
	return sec >= 0 ? c->sections[sec].page : -1;
}
