#include "content.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafiles.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "jsonload.h"
#include "parallel.h"
#include "yamlload.h"

struct scan {
	struct arena *arena;
	struct diag *diag;
	const struct content_options *opt;
	struct content *c;
	int status;
	bool data_failed; /* a data file could not be read: lists may be missing */
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
	p->body = "";
	return p;
}

/* Copies what read_fields() found into a page. */
static void
take_fields(struct page *p, const struct page *fields)
{
	p->title = fields->title;
	p->has_weight = fields->has_weight;
	p->weight = fields->weight;
	p->date = fields->date;
	p->layout = fields->layout;
	p->layout_pos = fields->layout_pos;
}

/*
 * Splits the language out of a file name: "a/csp.fr.md" with ext ".md"
 * gives the index of "fr" and sets *key to "a/csp.md". Names without a
 * declared language code belong to the default language.
 */
static int
split_lang(struct scan *s, const char *rel, const char *ext, const char **key)
{
	size_t n = strlen(rel) - strlen(ext);
	const char *base = base_of(rel);
	*key = rel;
	for (size_t i = 0; i < s->c->nlangs; i++) {
		const char *code = s->c->langs[i].code;
		size_t m = strlen(code);
		const char *dot = rel + n - m - 1;
		if (n > m + 1 && dot > base && *dot == '.' && !strncmp(dot + 1, code, m)) {
			*key = arena_printf(s->arena, "%.*s%s", (int)(dot - rel), rel, ext);
			return (int)i;
		}
	}
	return 0;
}

/* A page file, read and parsed by one of the workers of read_pages(). */
struct page_file {
	const char *rel, *full;
	char *src; /* heap: the page takes it over */
	struct frontmatter fm;
	struct value *meta;
	struct page fields;
	bool draft, ok;
};

/* The front matter of a page as a map, or NULL after reporting why not. */
static struct value *
read_meta(struct scan *s, struct page_file *f)
{
	if (f->fm.yaml == NULL)
		return value_map(s->arena, (struct pos){f->full, 1, 1});
	struct value *meta = (f->fm.json ? jsonload_string : yamlload_string)(
	    s->arena, s->diag, f->full, f->fm.yaml, f->fm.yaml_len, f->fm.yaml_line);
	if (meta == NULL) {
		if (f->fm.json)
			diag_note(s->diag, (struct pos){f->full, f->fm.yaml_line, 1},
			          "a page that starts with '{' starts with JSON front matter, as in Hugo");
		return NULL;
	}
	if (meta->kind == VALUE_NULL)
		return value_map(s->arena, (struct pos){f->full, 1, 1});
	if (meta->kind != VALUE_MAP) {
		error_at(s, meta, "front matter must be a mapping of keys to values%s", "");
		return NULL;
	}
	return meta;
}

/*
 * Reads a page file and its front matter: the part of a page that can
 * run on any thread, as s has the worker's own arena and diagnostics.
 * A page whose front matter has errors is kept (with what could be
 * read), so that links to it still resolve; f->ok says it had none.
 */
static void
read_page(struct scan *s, struct page_file *f)
{
	size_t len;
	int before = s->status;
	s->status = 0;
	f->src = fsutil_read_heap(s->diag, f->full, &len);
	if (f->src == NULL) {
		s->status = -1;
	} else if (frontmatter_split(s->diag, f->full, f->src, len, &f->fm) != 0) {
		/* No line ends the front matter: the body is unknown. */
		f->fm = (struct frontmatter){.body = "", .body_line = 0};
		s->status = -1;
	} else if ((f->meta = read_meta(s, f)) != NULL) {
		read_fields(s, &f->fields, f->meta, &f->draft);
	} else {
		s->status = -1;
	}
	if (f->meta == NULL && f->src != NULL)
		f->meta = value_map(s->arena, (struct pos){f->full, 1, 1});
	f->ok = s->status == 0;
	s->status |= before;
}

/* A draft left out keeps its paths, so that links to it can say why. */
static void
remember_draft(struct scan *s, int lang, const char *key, const char *rel)
{
	struct content *c = s->c;
	const char *path = arena_join(s->arena, c->langs[lang].prefix, key);
	strmap_add(&c->draft_by_path, path, strlen(path), 1);
	if (rel != NULL)
		strmap_add(&c->draft_by_path, rel, strlen(rel), 1);
}

static void
add_page(struct scan *s, struct page_file *f)
{
	if (f->src == NULL || (f->draft && !s->opt->drafts)) {
		if (f->src != NULL) {
			const char *key;
			int lang = split_lang(s, f->rel, ".md", &key);
			remember_draft(s, lang, key, f->rel);
		}
		free(f->src);
		return;
	}
	struct page *p = new_page(s);
	p->failed = !f->ok;
	p->source = f->src;
	p->lang = split_lang(s, f->rel, ".md", &p->key);
	const char *base = base_of(p->key);
	bool index = !strcmp(base, "_index.md") || !strcmp(base, "index.md");
	p->src = f->full;
	p->pos = (struct pos){f->full, 1, 1};
	p->rel = f->rel;
	p->dir = dir_of(s->arena, f->rel);
	if (index)
		p->kind = p->dir[0] == '\0' ? PAGE_HOME : PAGE_SECTION;
	else
		p->kind = strcmp(p->key, "404.md") == 0 ? PAGE_404 : PAGE_REGULAR;
	p->meta = f->meta;
	take_fields(p, &f->fields);
	p->body = f->fm.body;
	p->body_len = f->fm.body_len;
	p->body_line = f->fm.body_line;
}

/* Every worker reads its slice of the page files with a scan of its own. */
struct page_reading {
	struct scan *workers;
	struct page_file *files;
};

static void
read_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	struct page_reading *r = ctx;
	for (size_t i = begin; i < end; i++)
		read_page(&r->workers[w], &r->files[i]);
}

/*
 * Reading and parsing the page files is most of a scan: it runs on
 * opt->jobs threads, each with an arena (kept by the content) and its
 * diagnostics buffered, handed over in file order; pages are then made
 * in that order, so nothing depends on the number of threads.
 */
static void
read_pages(struct scan *s)
{
	struct content *c = s->c;
	unsigned jobs = s->opt->jobs ? s->opt->jobs : 1;
	if (jobs > c->npage_files)
		jobs = c->npage_files > 0 ? (unsigned)c->npage_files : 1;
	struct page_reading r = {xcalloc(jobs, sizeof(struct scan)), c->page_files};
	c->scan_arenas = xcalloc(jobs, sizeof(struct arena *));
	c->nscan_arenas = jobs;
	for (unsigned w = 0; w < jobs; w++) {
		c->scan_arenas[w] = arena_new();
		r.workers[w] = (struct scan){c->scan_arenas[w], NULL, s->opt, c, 0, false};
		r.workers[w].diag = xmalloc(sizeof(struct diag));
		diag_init_buffered(r.workers[w].diag);
	}
	parallel_for(c->npage_files, jobs, read_slice, &r);
	for (unsigned w = 0; w < jobs; w++) {
		diag_flush(r.workers[w].diag, s->diag);
		diag_close(r.workers[w].diag);
		free(r.workers[w].diag);
		if (r.workers[w].status != 0)
			s->status = -1;
	}
	free(r.workers);
	for (size_t i = 0; i < c->npage_files; i++)
		add_page(s, &c->page_files[i]);
}

static void
add_data(struct scan *s, const char *rel, const char *full)
{
	struct value *v = datafiles_load(s->arena, s->diag, full);
	if (v == NULL) {
		s->status = -1;
		s->data_failed = true;
		return;
	}
	const char *ext = strrchr(rel, '.');
	const char *key;
	int lang = split_lang(s, rel, ext, &key);
	const char *base = base_of(key);
	struct content *c = s->c;
	c->data_files = arena_grow(s->arena, c->data_files, c->ndata_files, &c->data_files_cap,
	                           sizeof(*c->data_files));
	c->data_files[c->ndata_files++] = (struct datafiles_file){
	    lang, full, dir_of(s->arena, key),
	    arena_strndup(s->arena, base, (size_t)(strrchr(base, '.') - base)), v};
}

/* content/i18n/CODE.yaml: the strings of language CODE. */
static void
add_i18n(struct scan *s, const char *rel, const char *full)
{
	const char *base = base_of(rel);
	size_t n = (size_t)(strrchr(base, '.') - base);
	for (size_t i = 0; i < s->c->nlangs; i++) {
		if (strlen(s->c->langs[i].code) != n || strncmp(base, s->c->langs[i].code, n))
			continue;
		struct value *v = yamlload_file(s->arena, s->diag, full);
		if (v == NULL || v->kind != VALUE_MAP) {
			if (v != NULL)
				error_at(s, v, "%s must map keys to translated strings", "i18n");
			s->status = -1;
			return;
		}
		s->c->langs[i].i18n = v;
		return;
	}
	diag_error(s->diag, (struct pos){full, 1, 1},
	           "'%.*s' is not a language listed in site.yaml", (int)n, base);
	s->status = -1;
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
queue_page(struct scan *s, const char *rel, const char *full)
{
	struct content *c = s->c;
	c->page_files = arena_grow(s->arena, c->page_files, c->npage_files, &c->page_files_cap,
	                           sizeof(*c->page_files));
	c->page_files[c->npage_files++] = (struct page_file){.rel = rel, .full = full};
}

static void
visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct scan *s = ctx;
	bool yaml = ends_with(rel, ".yaml") || ends_with(rel, ".yml");
	bool data = datafiles_is_data(rel);
	if (is_dir) {
		/* Each other language lives under CODE/: a folder of that name
		 * would mix the two. */
		for (size_t i = 1; i < s->c->nlangs; i++)
			if (!strcmp(rel, s->c->langs[i].code)) {
				diag_error(
				    s->diag, (struct pos){full, 0, 0},
				    "this folder has the name of a language; its pages would "
				    "mix with those of language '%s'",
				    rel);
				s->status = -1;
			}
		return;
	}
	if (!strcmp(rel, "site.yaml"))
		return;
	if (yaml && !strncmp(rel, "i18n/", 5) && strchr(rel + 5, '/') == NULL)
		add_i18n(s, rel, full);
	else if (ends_with(rel, ".md"))
		queue_page(s, rel, full);
	else if (data)
		add_data(s, rel, full);
	/* JSON and CSV data are downloads too. */
	if (!ends_with(rel, ".md") && (!data || datafiles_is_download(rel)))
		add_file(s, rel, full);
}

/* Each language sees the default data, with its own files in their place. */
static void
build_data(struct scan *s)
{
	struct content *c = s->c;
	for (size_t l = 0; l < c->nlangs; l++) {
		c->langs[l].data = datafiles_tree(s->arena, s->diag, c->dir, c->data_files,
		                                  c->ndata_files, (int)l);
		if (c->langs[l].data == NULL)
			s->status = -1;
	}
}

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

static void
push_index(struct arena *arena, long **items, size_t *len, size_t *cap, long v)
{
	*items = arena_grow(arena, *items, *len, cap, sizeof(long));
	(*items)[(*len)++] = v;
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
	const char *title_key = value_str(value_cget(spec, "title"));
	struct value *layout = value_cget(spec, "layout");
	struct value *list = path ? value_path(c->langs[sp->lang].data, path) : NULL;
	if (spec->kind != VALUE_MAP || path == NULL) {
		error_at(s, spec, "'%s' needs 'data: NAME', the data list to make pages of",
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
	if (layout != NULL && value_str(layout) == NULL)
		error_at(s, layout, "'%s' must name a template", "layout");
	int lang = sp->lang;
	const char *dir = sp->dir;
	for (size_t i = 0; i < list->as.list.len; i++) {
		struct value *item = list->as.list.items[i];
		struct value *slug = value_cget(item, slug_key ? slug_key : "slug");
		if (item->kind != VALUE_MAP || slug == NULL || slug->kind != VALUE_STRING ||
		    !valid_slug(slug->str)) {
			error_at(s, slug ? slug : item,
			         "a page made from data needs a '%s': one URL segment",
			         slug_key ? slug_key : "slug");
			continue;
		}
		struct page fields = {0};
		bool draft = false;
		read_fields(s, &fields, item, &draft);
		if (draft && !s->opt->drafts) {
			remember_draft(s, lang, arena_join(s->arena, dir, slug->str, ".md"), NULL);
			continue;
		}
		struct page *p = new_page(s);
		take_fields(p, &fields);
		if (title_key != NULL)
			p->title = value_str(value_cget(item, title_key));
		if (p->title == NULL)
			p->title = slug->str;
		if (p->layout == NULL && layout != NULL) {
			p->layout = value_str(layout);
			p->layout_pos = layout->pos;
		}
		p->kind = PAGE_REGULAR;
		p->lang = lang;
		p->src = item->pos.path;
		p->pos = item->pos;
		p->dir = dir;
		p->slug = slug->str;
		p->key = arena_join(s->arena, dir, slug->str, ".md");
		p->meta = item;
		sp = &c->pages[section_page]; /* new_page() may have moved the array */
	}
}

/* Gives every folder holding pages a section, and every section a page. */
static void
build_sections(struct scan *s)
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
		struct page *p = new_page(s);
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

/* The name a regular page has in its URL: its slug, else its file's. */
static const char *
url_name(struct scan *s, const struct page *p)
{
	const char *slug = value_str(value_cget(p->meta, "slug"));
	if (p->slug != NULL)
		return p->slug;
	if (slug != NULL)
		return slug;
	const char *base = base_of(p->key);
	return arena_strndup(s->arena, base, strlen(base) - 3);
}

/* A page without a title: the site's for the home page, else its
 * folder's name (section pages) or file name made readable. */
static const char *
default_title(struct scan *s, const struct page *p)
{
	if (p->kind == PAGE_HOME) {
		const char *site = value_str(value_cget(s->c->site, "title"));
		return site ? site : "";
	}
	if (p->kind == PAGE_SECTION) {
		size_t n = strlen(p->dir) - 1, start = n;
		while (start > 0 && p->dir[start - 1] != '/')
			start--;
		return title_from_name(s->arena, p->dir + start, n - start);
	}
	const char *base = base_of(p->key);
	return title_from_name(s->arena, base, strlen(base) - 3);
}

/* Where a page's URL comes from: its slug, else the page itself. */
static struct pos
url_pos(const struct page *p)
{
	const struct value *slug = value_cget(p->meta, "slug");
	return slug != NULL ? slug->pos : p->pos;
}

/* URLs for every page; two pages with one URL is an error naming both. */
static void
assign_urls(struct scan *s)
{
	struct content *c = s->c;
	struct strmap urls = {0};
	for (size_t i = 0; i < c->npages; i++) {
		struct page *p = &c->pages[i];
		const char *prefix = c->langs[p->lang].prefix;
		if (p->kind == PAGE_REGULAR)
			p->url =
			    arena_join(s->arena, prefix, p->dir, url_name(s, p), "/index.html");
		else if (p->kind == PAGE_404) /* where servers look for it */
			p->url = arena_join(s->arena, prefix, "404.html");
		else
			p->url = arena_join(s->arena, prefix, p->dir, "index.html");
		p->root = root_for(s->arena, p->url);
		if (p->title == NULL)
			p->title = default_title(s, p);
		long first = strmap_add(&urls, p->url, strlen(p->url), (long)i);
		if (first != (long)i) {
			diag_error(s->diag, url_pos(p), "page URL '%s' is also the URL of %s",
			           p->url, c->pages[first].src);
			diag_note(s->diag, url_pos(&c->pages[first]), "%s gets that URL here",
			          c->pages[first].src);
			s->status = -1;
		}
		const char *key = arena_join(s->arena, prefix, p->key);
		strmap_add(&c->page_by_path, key, strlen(key), (long)i);
		if (p->rel != NULL)
			strmap_add(&c->page_by_path, p->rel, strlen(p->rel), (long)i);
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
	return strcmp(x->url, y->url);
}

void
content_sort(const struct content *c, long *pages, size_t n)
{
	if (n > 1)
		qsort_r(pages, n, sizeof(long), cmp_pages, (void *)c);
}

/* Lists pages and sub-sections in their sections, sorted, with prev/next. */
static void
order_sections(struct scan *s)
{
	struct content *c = s->c;
	for (size_t i = 0; i < c->npages; i++) {
		struct page *p = &c->pages[i];
		if (p->kind == PAGE_REGULAR) {
			const char *key = arena_join(s->arena, c->langs[p->lang].prefix, p->dir);
			p->section = strmap_cget(&c->section_by_dir, key);
			struct section *sc = &c->sections[p->section];
			push_index(s->arena, &sc->pages, &sc->npages, &sc->pages_cap, (long)i);
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

/* site.yaml's languages: a list of codes or of {code, name}; the first
 * is the default. Without it, one language: site.language or "en". */
static void
read_languages(struct scan *s)
{
	struct content *c = s->c;
	struct value *list = value_cget(c->site, "languages");
	size_t n = list && list->kind == VALUE_LIST ? list->as.list.len : 0;
	c->langs = arena_alloc(s->arena, (n ? n : 1) * sizeof(*c->langs));
	if (list != NULL && (list->kind != VALUE_LIST || n == 0))
		error_at(s, list, "'%s' must be a list of {code, name}, the default first",
		         "languages");
	for (size_t i = 0; i < n; i++) {
		struct value *e = list->as.list.items[i];
		struct value *code = e->kind == VALUE_MAP ? value_cget(e, "code") : e;
		const char *text = value_str(code);
		if (text == NULL || text[0] == '\0' || strpbrk(text, "/.\\ ") != NULL) {
			error_at(s, code ? code : e, "a language needs a %s such as 'en' or 'fr'",
			         "code");
			text = "?";
		}
		const char *name = value_str(value_cget(e, "name"));
		c->langs[i] =
		    (struct content_lang){text,
		                          name ? name : text,
		                          i == 0 ? "" : arena_printf(s->arena, "%s/", text),
		                          NULL,
		                          NULL,
		                          -1};
	}
	if (n == 0) {
		const char *code = value_str(value_cget(c->site, "language"));
		c->langs[0] = (struct content_lang){
		    code ? code : "en", code ? code : "en", "", NULL, NULL, -1};
		n = 1;
	}
	c->nlangs = n;
}

int
content_scan(struct arena *arena, struct diag *d, const char *dir,
             const struct content_options *opt, struct content *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = dir;
	struct scan s = {arena, d, opt, c, 0, false};
	const char *site_path = fsutil_join(arena, dir, "site.yaml");
	c->site = yamlload_file(arena, d, site_path);
	if (c->site == NULL) {
		if (access(site_path, F_OK) != 0 && errno == ENOENT)
			diag_note(d, diag_file(site_path),
			          "no site here: start one with 'brief init DIR', or name a site's "
			          "content folder with --content DIR");
		return -1;
	}
	if (c->site->kind == VALUE_NULL)
		c->site = value_map(arena, diag_file(site_path));
	if (c->site->kind != VALUE_MAP) {
		diag_error(d, c->site->pos, "site.yaml must be a mapping of settings");
		return -1;
	}
	read_languages(&s);
	if (s.status != 0) {
		c->nlangs = 0;
		return -1;
	}
	if (fsutil_walk(arena, d, dir, visit, &s) != 0)
		s.status = -1;
	read_pages(&s);
	build_data(&s);
	for (size_t l = 0; l < c->nlangs; l++)
		if (c->langs[l].i18n == NULL)
			c->langs[l].i18n = value_map(arena, diag_file(dir));
	/* Carry on after errors: links are checked against every page. */
	build_sections(&s);
	assign_urls(&s);
	order_sections(&s);
	return s.status;
}

void
content_release_source(struct content *c, long i)
{
	free(c->pages[i].source);
	c->pages[i].source = NULL;
	c->pages[i].body = "";
	c->pages[i].body_len = 0;
}

void
content_free(struct content *c)
{
	for (size_t i = 0; i < c->npages; i++)
		content_release_source(c, (long)i);
	for (size_t i = 0; i < c->nscan_arenas; i++)
		arena_free(c->scan_arenas[i]);
	free(c->scan_arenas);
	strmap_free(&c->page_by_path);
	strmap_free(&c->section_by_dir);
	strmap_free(&c->file_by_path);
	strmap_free(&c->draft_by_path);
}

static long
find_in(const struct content *c, int lang, const char *path)
{
	const char *prefix = c->langs[lang].prefix;
	size_t plen = strlen(prefix), len = strlen(path);
	struct buf key = BUF_INIT;
	const char *k = path;
	/* The default language's keys are the paths themselves. */
	if (plen > 0) {
		buf_put(&key, prefix, plen);
		buf_put(&key, path, len);
		k = key.ptr;
		len = key.len;
	}
	long i = strmap_get(&c->page_by_path, k, len);
	if (i < 0) {
		/* A folder: its section page. */
		if (len > plen && k[len - 1] != '/') {
			if (k == path)
				buf_put(&key, path, len);
			buf_putc(&key, '/');
			k = key.ptr;
			len = key.len;
		}
		long sec = strmap_get(&c->section_by_dir, k, len);
		i = sec >= 0 ? c->sections[sec].page : -1;
	}
	buf_free(&key);
	return i;
}

long
content_find_page(const struct content *c, int lang, const char *path)
{
	long i = find_in(c, lang, path);
	return i >= 0 || lang == 0 ? i : find_in(c, 0, path);
}

bool
content_is_draft(const struct content *c, int lang, const char *path)
{
	const char *prefix = c->langs[lang].prefix;
	struct buf key = BUF_INIT;
	buf_puts(&key, prefix);
	buf_puts(&key, path);
	bool draft = strmap_cget(&c->draft_by_path, key.ptr) >= 0 ||
	             (lang != 0 && strmap_cget(&c->draft_by_path, path) >= 0);
	buf_free(&key);
	return draft;
}
