#include "pagefile.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "hash.h"
#include "jsonload.h"
#include "pagecache.h"
#include "parallel.h"
#include "scancache.h"
#include "yamlload.h"

bool
pagefile_valid_slug(const char *slug)
{
	if (slug[0] == '\0' || slug[0] == '.')
		return false;
	/* '%', '?' and '#' mean something in a URL: a browser reads the link
	 * to "%2e%2e" as "..", and lands somewhere else than the page. */
	for (const char *p = slug; *p; p++)
		if (strchr("/\\%?#", *p) != NULL || (unsigned char)*p < 0x20)
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

/* meta's key as a VALUE_DATE (text such as "2024-01-02" turned into
 * one), or NULL when it is missing or, reported, not a date. */
static const struct value *
read_date(struct scan *s, struct value *meta, const char *key)
{
	struct value *v = value_cget(meta, key);
	struct value_date date;
	if (v == NULL)
		return NULL;
	if (v->kind == VALUE_STRING && value_parse_date(v->str, v->len, &date)) {
		v->kind = VALUE_DATE;
		v->as.date = date;
	}
	if (v->kind == VALUE_DATE)
		return v;
	scan_error_at(s, v, "'%s' must be a date (YYYY-MM-DD or ISO 8601)", key);
	return NULL;
}

/* tags: a list of text; one text is a list of one. */
static void
read_tags(struct scan *s, struct value *meta)
{
	struct value *v = value_cget(meta, "tags");
	if (v != NULL && v->kind == VALUE_STRING) {
		struct value *list = value_list(s->arena, v->pos);
		value_list_push(s->arena, list, v);
		value_map_set(s->arena, meta, "tags", list);
		return;
	}
	bool ok = v == NULL || v->kind == VALUE_LIST;
	for (size_t i = 0; ok && v != NULL && i < v->as.list.len; i++)
		if (v->as.list.items[i]->kind != VALUE_STRING)
			v = v->as.list.items[i], ok = false;
	if (!ok)
		scan_error_at(s, v, "'%s' must be a list of text", "tags");
}

/* Front matter keys that the generator itself reads. */
void
pagefile_read_fields(struct scan *s, struct pagefile_fields *p, struct value *meta, bool *draft)
{
	struct value *v;
	if ((v = value_cget(meta, "title")) != NULL && (p->title = scalar_text(s, v)) == NULL)
		scan_error_at(s, v, "'%s' must be text", "title");
	if ((v = value_cget(meta, "weight")) != NULL) {
		if (v->kind != VALUE_NUMBER)
			scan_error_at(s, v, "'%s' must be a number", "weight");
		p->has_weight = true;
		p->weight = v->as.number;
	}
	if ((v = value_cget(meta, "draft")) != NULL) {
		if (v->kind != VALUE_BOOL)
			scan_error_at(s, v, "'%s' must be true or false", "draft");
		*draft = v->kind == VALUE_BOOL && v->as.boolean;
	}
	p->date = read_date(s, meta, "date");
	read_date(s, meta, "lastmod");
	if ((v = value_cget(meta, "layout")) != NULL) {
		if (v->kind != VALUE_STRING || v->len == 0)
			scan_error_at(s, v, "'%s' must name a template", "layout");
		p->layout = v->str;
		p->layout_pos = v->pos;
	}
	if ((v = value_cget(meta, "summary")) != NULL && v->kind != VALUE_STRING)
		scan_error_at(s, v, "'%s' must be text", "summary");
	if ((v = value_cget(meta, "slug")) != NULL &&
	    (v->kind != VALUE_STRING || !pagefile_valid_slug(v->str)))
		scan_error_at(s, v,
		              "'%s' must be a single URL segment (no '/', '%%', '?' or '#', "
		              "no leading '.', not empty)",
		              "slug");
	read_tags(s, meta);
}

/* Copies what pagefile_read_fields() found into a page. */
void
pagefile_take_fields(struct page *p, const struct pagefile_fields *fields)
{
	p->title = fields->title;
	p->has_weight = fields->has_weight;
	p->weight = fields->weight;
	p->date = fields->date;
	p->layout = fields->layout;
	p->layout_pos = fields->layout_pos;
}

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
			          "a page that starts with '{' starts with JSON front matter, as "
			          "in Hugo");
		return NULL;
	}
	if (meta->kind == VALUE_NULL)
		return value_map(s->arena, (struct pos){f->full, 1, 1});
	if (meta->kind != VALUE_MAP) {
		scan_error_at(s, meta, "front matter must be a mapping of keys to values%s", "");
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
read_page(struct scan *s, struct page_file *f, bool cached)
{
	size_t len;
	int before = s->status;
	s->status = 0;
	f->src = cached ? NULL : fsutil_read_heap(s->diag, f->full, &len);
	if (cached) { /* the front matter's values from the scan cache, the body unread */
		pagefile_read_fields(s, &f->fields, f->meta, &f->draft);
	} else if (f->src == NULL) {
		s->status = -1;
	} else if (frontmatter_split(s->diag, f->full, f->src, len, &f->fm) != 0) {
		/* No line ends the front matter: the body is unknown. */
		f->fm = (struct frontmatter){.body = "", .body_line = 0};
		s->status = -1;
	} else if ((f->meta = read_meta(s, f)) != NULL) {
		pagefile_read_fields(s, &f->fields, f->meta, &f->draft);
	} else {
		s->status = -1;
	}
	if (f->meta == NULL && (f->src != NULL || cached))
		f->meta = value_map(s->arena, (struct pos){f->full, 1, 1});
	f->ok = s->status == 0;
	s->status |= before;
}

/* A draft left out keeps its paths, so that links to it can say why. */
void
pagefile_remember_draft(struct scan *s, int lang, const char *key, const char *rel)
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
	/* A cached file may come without its text (pagecache_drop_sources()). */
	bool unread = f->src == NULL && !f->kept && !f->reread;
	if (unread || (f->draft && !s->opt->drafts)) {
		if (!unread) {
			const char *key;
			int lang = scan_split_lang(s, f->rel, ".md", &key);
			pagefile_remember_draft(s, lang, key, f->rel);
		}
		if (!f->kept)
			free(f->src);
		return;
	}
	struct page *p = scan_new_page(s);
	p->failed = !f->ok;
	p->source = f->src;
	p->source_cached = f->kept;
	p->body_hash = f->body_hash;
	p->head_hash = f->head_hash;
	p->lang = scan_split_lang(s, f->rel, ".md", &p->key);
	const char *base = scan_base_of(p->key);
	bool index = !strcmp(base, "_index.md") || !strcmp(base, "index.md");
	p->src = f->full;
	p->pos = (struct pos){f->full, 1, 1};
	p->rel = f->rel;
	/* Pages come folder by folder: a page shares the last one's folder. */
	const struct page *last = p > s->c->pages ? p - 1 : NULL;
	size_t dir_len = (size_t)(scan_base_of(f->rel) - f->rel);
	if (last != NULL && last->dir != NULL && strlen(last->dir) == dir_len &&
	    memcmp(last->dir, f->rel, dir_len) == 0)
		p->dir = last->dir;
	else
		p->dir = scan_dir_of(s->arena, f->rel);
	if (index)
		p->kind = p->dir[0] == '\0' ? PAGE_HOME : PAGE_SECTION;
	else
		p->kind = strcmp(p->key, "404.md") == 0 ? PAGE_404 : PAGE_REGULAR;
	p->meta = f->meta;
	pagefile_take_fields(p, &f->fields);
	p->body = f->fm.body;
	p->body_len = f->fm.body_len;
	p->body_line = f->fm.body_line;
}

/* Room for a page per file and some made by the scan, at once: each
 * doubling of the page array would leave its old copy in the arena. */
static void
reserve_pages(struct scan *s)
{
	struct content *c = s->c;
	size_t n = c->npages + c->npage_files + c->npage_files / 16 + 16;
	if (c->pages_cap >= n || n > SIZE_MAX / sizeof(*c->pages))
		return;
	struct page *pages = arena_alloc(s->arena, n * sizeof(*pages));
	if (c->npages > 0)
		memcpy(pages, c->pages, c->npages * sizeof(*pages));
	c->pages = pages;
	c->pages_cap = n;
}

/* Every worker reads its slice of the page files with a scan of its own. */
struct page_reading {
	struct scan *workers;
	struct page_file *files;
	size_t hold; /* bytes of sources each slice holds (hold_or_drop()) */
};

/* A site of more page files than this holds none of their sources
 * after the scan: reading a body twice costs a few microseconds, holding
 * a million of them gigabytes. */
#define PAGEFILE_HOLD_FILES 20000

/* What each of jobs slices may hold of opt->hold_bytes among n files. */
static size_t
hold_per_slice(const struct content_options *opt, size_t n, unsigned jobs)
{
	if (opt->hold_bytes == 0 || opt->cache != NULL)
		return SIZE_MAX;
	return n > PAGEFILE_HOLD_FILES ? 0 : opt->hold_bytes / jobs;
}

/* Past this slice's share of opt->hold_bytes, lets f's source go: its
 * body is read again when it renders (site_markdown.c), so that a large
 * site never holds every page file at once. */
static void
hold_or_drop(const struct page_reading *r, struct page_file *f, size_t *held)
{
	if (!f->ok || f->src == NULL)
		return;
	size_t len = (size_t)(f->fm.body - f->src) + f->fm.body_len;
	if (len <= r->hold && *held <= r->hold - len) {
		*held += len;
		return;
	}
	free(f->src);
	f->src = NULL;
	f->fm.body = NULL;
	f->reread = true;
}

static void
read_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	struct page_reading *r = ctx;
	struct scan *s = &r->workers[w];
	size_t held = 0;
	for (size_t i = begin; i < end; i++) {
		struct page_file *f = &r->files[i];
		if (f->kept)
			continue;
		if (s->opt->cache != NULL) {
			/* Positions in its values name the path: it must live as
			 * long as they do, in the cache. */
			f->full = arena_strdup(s->arena, f->full);
			f->rel = arena_strdup(s->arena, f->rel);
		}
		size_t before = diag_reports(s->diag);
		struct stat st;
		bool cached =
		    s->opt->scan != NULL && scancache_take(s->opt->scan, s->arena, f, &st);
		read_page(s, f, cached);
		f->quiet = diag_reports(s->diag) == before;
		if (s->opt->scan != NULL && !cached && f->ok && f->quiet && f->src != NULL)
			scancache_note(s->opt->scan, f, &st);
		f->arena = s->arena;
		if (s->opt->cache != NULL && f->src != NULL) {
			f->body_hash = hash_bytes(f->fm.body, f->fm.body_len, 0);
			if (f->ok) /* else the body is not inside src */
				f->head_hash = hash_bytes(f->src, (size_t)(f->fm.body - f->src), 0);
		}
		hold_or_drop(r, f, &held);
	}
}

/* With a cache: takes the unchanged files from it before reading, keeps
 * the files read cleanly after, and gives it the reading arenas. */
static void
take_cached(struct pagecache *pc, struct page_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		files[i].kept = pagecache_take(pc, &files[i]);
}

static void
keep_read(struct pagecache *pc, struct content *c)
{
	for (size_t i = 0; i < c->npage_files; i++) {
		struct page_file *f = &c->page_files[i];
		if (f->kept || !f->ok || !f->quiet || f->src == NULL)
			continue;
		pagecache_put(pc, f, f->arena);
		f->kept = true;
	}
	for (size_t w = 0; w < c->nscan_arenas; w++)
		pagecache_adopt(pc, c->scan_arenas[w]);
	c->nscan_arenas = 0;
}

/*
 * Reading and parsing the page files is most of a scan: it runs on
 * opt->jobs threads, each with an arena (kept by the content) and its
 * diagnostics buffered, handed over in file order; pages are then made
 * in that order, so nothing depends on the number of threads.
 */
void
pagefile_read_all(struct scan *s)
{
	struct content *c = s->c;
	unsigned jobs = s->opt->jobs ? s->opt->jobs : 1;
	if (jobs > c->npage_files)
		jobs = c->npage_files > 0 ? (unsigned)c->npage_files : 1;
	struct page_reading r = {xcalloc(jobs, sizeof(struct scan)), c->page_files,
	                         hold_per_slice(s->opt, c->npage_files, jobs)};
	c->scan_arenas = xcalloc(jobs, sizeof(struct arena *));
	c->nscan_arenas = jobs;
	for (unsigned w = 0; w < jobs; w++) {
		c->scan_arenas[w] = arena_new();
		r.workers[w] = (struct scan){c->scan_arenas[w], NULL, s->opt, c, 0, false};
		r.workers[w].diag = xmalloc(sizeof(struct diag));
		diag_init_buffered(r.workers[w].diag);
	}
	if (s->opt->cache != NULL)
		take_cached(s->opt->cache, c->page_files, c->npage_files);
	parallel_for(c->npage_files, jobs, read_slice, &r);
	for (unsigned w = 0; w < jobs; w++) {
		diag_flush(r.workers[w].diag, s->diag);
		diag_close(r.workers[w].diag);
		free(r.workers[w].diag);
		if (r.workers[w].status != 0)
			s->status = -1;
	}
	free(r.workers);
	if (s->opt->cache != NULL)
		keep_read(s->opt->cache, c);
	reserve_pages(s);
	for (size_t i = 0; i < c->npage_files; i++)
		add_page(s, &c->page_files[i]);
	free(c->page_files);
	c->page_files = NULL;
	c->npage_files = c->page_files_cap = 0;
}
