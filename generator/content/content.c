#include "content.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafiles.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "jsonload.h"
#include "sitelimits.h"
#include "parallel.h"
#include "pagefile.h"
#include "pagesort.h"
#include "scan.h"
#include "sections.h"
#include "tags.h"
#include "urls.h"
#include "yamlload.h"

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
	int lang = scan_split_lang(s, rel, ext, &key);
	const char *base = scan_base_of(key);
	struct content *c = s->c;
	c->data_files = arena_grow(s->arena, c->data_files, c->ndata_files, &c->data_files_cap,
	                           sizeof(*c->data_files));
	c->data_files[c->ndata_files++] = (struct datafiles_file){
	    lang, full, scan_dir_of(s->arena, key),
	    arena_strndup(s->arena, base, (size_t)(strrchr(base, '.') - base)), v};
}

/* content/i18n/CODE.yaml: the strings of language CODE. */
static void
add_i18n(struct scan *s, const char *rel, const char *full)
{
	const char *base = scan_base_of(rel);
	size_t n = (size_t)(strrchr(base, '.') - base);
	for (size_t i = 0; i < s->c->nlangs; i++) {
		if (strlen(s->c->langs[i].code) != n || strncmp(base, s->c->langs[i].code, n))
			continue;
		struct value *v = yamlload_file(s->arena, s->diag, full);
		if (v == NULL || v->kind != VALUE_MAP) {
			if (v != NULL)
				scan_error_at(s, v, "%s must map keys to translated strings",
				              "i18n");
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
	/* On the heap, freed once the pages are made: an arena would keep
	 * every outgrown copy. */
	if (c->npage_files == c->page_files_cap) {
		size_t cap = c->page_files_cap ? c->page_files_cap : 64;
		if (cap > SIZE_MAX / 2 / sizeof(*c->page_files)) {
			fprintf(stderr, "brief: too many page files\n");
			abort();
		}
		c->page_files = xrealloc(c->page_files, 2 * cap * sizeof(*c->page_files));
		c->page_files_cap = 2 * cap;
	}
	c->page_files[c->npage_files++] = (struct page_file){.rel = rel, .full = full};
}

static void
visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct scan *s = ctx;
	bool yaml = scan_ends_with(rel, ".yaml") || scan_ends_with(rel, ".yml");
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
	else if (scan_ends_with(rel, ".md"))
		queue_page(s, rel, full);
	else if (data)
		add_data(s, rel, full);
	/* JSON and CSV data are downloads too. */
	if (!scan_ends_with(rel, ".md") && (!data || datafiles_is_download(rel)))
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

void
content_sort(const struct content *c, long *pages, size_t n)
{
	pagesort_sort(c, pages, n);
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
		scan_error_at(s, list, "'%s' must be a list of {code, name}, the default first",
		              "languages");
	for (size_t i = 0; i < n; i++) {
		struct value *e = list->as.list.items[i];
		struct value *code = e->kind == VALUE_MAP ? value_cget(e, "code") : e;
		const char *text = value_str(code);
		if (text == NULL || text[0] == '\0' || strpbrk(text, "/.\\ ") != NULL) {
			scan_error_at(s, code ? code : e,
			              "a language needs a %s such as 'en' or 'fr'", "code");
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
	if (fsutil_stat_dir(dir) != 0 && errno != ENOENT) { /* a file, a link loop */
		diag_syserr(d, dir, "cannot open the content folder");
		return -1;
	}
	const char *site_path = fsutil_join(arena, dir, "site.yaml");
	sitelimits_reset();
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
	if (sitelimits_load(d, c->site) != 0)
		s.status = -1;
	read_languages(&s);
	if (s.status != 0) {
		c->nlangs = 0;
		return -1;
	}
	if (fsutil_walk(arena, d, dir, visit, &s) != 0)
		s.status = -1;
	pagefile_read_all(&s);
	build_data(&s);
	for (size_t l = 0; l < c->nlangs; l++)
		if (c->langs[l].i18n == NULL)
			c->langs[l].i18n = value_map(arena, diag_file(dir));
	/* Carry on after errors: links are checked against every page. */
	sections_build(&s);
	tags_collect(&s);
	if (c->npages > sitelimits_get()->pages) {
		diag_error(
		    d, diag_file(site_path),
		    "the site has %zu pages, more than limits.pages (%zu): raise limits.pages "
		    "in site.yaml",
		    c->npages, sitelimits_get()->pages);
		c->nlangs = 0; /* nothing to render: stop the build here */
		return -1;
	}
	urls_assign(&s);
	pagesort_rank(arena, c);
	sections_order(&s);
	tags_order(&s);
	return s.status;
}

void
content_release_source(struct content *c, long i)
{
	if (!c->pages[i].source_cached)
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
	free(c->page_files);
	strmap_free(&c->page_by_path);
	strmap_free(&c->section_by_dir);
	strmap_free(&c->file_by_path);
	strmap_free(&c->draft_by_path);
	strmap_free(&c->tag_by_slug);
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
