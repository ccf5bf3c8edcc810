#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "deps.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "hash.h"
#include "links.h"
#include "site_build.h"
#include "site_cache.h"
#include "site_markdown.h"
#include "strmap.h"
#include "templates.h"

void
site_patch_keep(struct site_cache *cache, const struct build *b)
{
	site_cache_drop(cache);
	struct build *kept = cache->last = xmalloc(sizeof(*cache->last));
	*kept = *b;
	/* Links resolve against the build where it now lives. */
	kept->mdp.content = &kept->content;
	kept->mdp.outputs = &kept->outputs;
	kept->mdp.templates = &kept->templates;
}

void
site_cache_drop(struct site_cache *cache)
{
	if (cache->last == NULL)
		return;
	site_build_release(cache->last);
	free(cache->last);
	cache->last = NULL;
}

/* The page made from the file at path, or -1. */
static long
page_of(const struct content *c, const char *path)
{
	for (size_t i = 0; i < c->npages; i++)
		if (c->pages[i].rel != NULL && !strcmp(c->pages[i].src, path))
			return (long)i;
	return -1;
}

/* Puts file full, and the folders it is in below content/, in b->known. */
static void
know(struct build *b, const char *full)
{
	strmap_add(&b->known, full, strlen(full), 1);
	size_t root = strlen(b->opt->content_dir);
	for (size_t len = strlen(full); len-- > root + 1;) {
		if (full[len] != '/')
			continue;
		if (strmap_get(&b->known, full, len) >= 0)
			break; /* and so are the folders above */
		strmap_add(&b->known, arena_strndup(b->arena, full, len), len, 1);
	}
}

/*
 * Whether the folder of page file path holds only what the scan read
 * (pages, drafts, copied and data files, folders of them). An editor's
 * backup (name~, #name#) that appeared beside it is a file a build copies,
 * though the watcher names no such file: it needs the full rebuild's walk.
 */
static bool
folder_known(struct build *b, const char *path)
{
	const struct content *c = &b->content;
	if (b->known.count == 0) {
		for (size_t i = 0; i < c->npages; i++)
			if (c->pages[i].rel != NULL)
				know(b, c->pages[i].src);
		for (size_t i = 0; i < c->nfiles; i++)
			know(b, c->files[i].src);
		for (size_t i = 0; i < c->ndata_files; i++)
			know(b, c->data_files[i].src);
		know(b, fsutil_join(b->arena, b->opt->content_dir, "site.yaml"));
	}
	char *dir = arena_strndup(b->arena, path, (size_t)(strrchr(path, '/') - path));
	DIR *d = opendir(dir);
	if (d == NULL)
		return false;
	struct buf full = BUF_INIT;
	size_t root = strlen(b->opt->content_dir) + 1;
	bool known = true;
	for (struct dirent *e; known && (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue; /* the walk skips them too */
		buf_clear(&full);
		buf_printf(&full, "%s/%s", dir, e->d_name);
		known = strmap_cget(&b->known, full.ptr) >= 0 ||
		        strmap_cget(&c->draft_by_path, full.ptr + root) >= 0;
	}
	closedir(d);
	buf_free(&full);
	return known;
}

/* A page file read again for site_patch(). */
struct reread {
	long page;
	char *src; /* heap */
	struct frontmatter fm;
};

/* Reads path again: true when it is a page of b whose bytes before the
 * body (front matter, hence title, date, URL ...) are what they were. */
static bool
reread(struct build *b, const char *path, struct reread *r)
{
	size_t len;
	r->page = page_of(&b->content, path);
	if (r->page < 0 || !folder_known(b, path) ||
	    (r->src = fsutil_read_heap(b->diag, path, &len)) == NULL ||
	    frontmatter_split(b->diag, path, r->src, len, &r->fm) != 0)
		return false;
	uint64_t head = hash_bytes(r->src, (size_t)(r->fm.body - r->src), 0);
	return head == b->content.pages[r->page].head_hash;
}

/* Renders page r->page's new body, as the Markdown phase would have. */
static bool
rerender(struct build *b, const struct reread *r, struct site_stats *stats)
{
	size_t i = (size_t)r->page;
	struct page *p = &b->content.pages[i];
	if (hash_bytes(r->fm.body, r->fm.body_len, 0) == p->body_hash)
		return true; /* saved as it was */
	b->changed_md = true;
	stats->markdown++;
	if (!site_markdown_page(&b->mdp, i, r->fm.body_line, r->fm.body, r->fm.body_len))
		return false;
	b->kept[i] = false;
	return true;
}

/* Page bodies changed: their Markdown renders again, then the pages that
 * show it (their own; every page when a template shows others'). */
static bool
patch_bodies(struct build *b, struct site_stats *stats)
{
	struct site_cache *c = b->cache;
	size_t n = c->nchanged;
	struct reread *r = xcalloc(n, sizeof(*r));
	bool ok = true;
	for (size_t k = 0; k < n && ok; k++)
		ok = reread(b, c->changed[k], &r[k]);
	b->kept = arena_alloc(b->arena, (b->content.npages + 1) * sizeof(*b->kept));
	for (size_t i = 0; i < b->content.npages; i++)
		b->kept[i] = true;
	for (size_t k = 0; k < n && ok; k++)
		ok = rerender(b, &r[k], stats);
	for (size_t k = 0; k < n; k++)
		free(r[k].src);
	free(r);
	if (!ok)
		return false;
	/* Links from any page to the ids of the edited ones. */
	if (b->changed_md)
		links_check_anchors(b->diag, &b->content, b->md);
	if (b->changed_md && site_markdown_shown(b))
		b->kept = NULL;
	return true;
}

/* Whether t has the templates of u, by name. */
static bool
same_names(const struct templates *t, const struct templates *u)
{
	if (t->len != u->len)
		return false;
	for (size_t i = 0; i < t->len; i++)
		if (templates_get(u, t->items[i].name, strlen(t->items[i].name)) == NULL)
			return false;
	return true;
}

/* Template files changed: the same templates compile anew (the session's
 * from then on) and every page renders again with them. */
static bool
patch_templates(struct build *b)
{
	struct site_cache *c = b->cache;
	struct arena *a = arena_new();
	struct templates t;
	if (templates_load(a, b->diag, b->opt->templates_dir, &t) != 0 ||
	    diag_reports(b->diag) != 0 || !same_names(&t, &b->templates) ||
	    templates_mention(&t, "toc") != templates_mention(&b->templates, "toc")) {
		templates_free(&t);
		arena_free(a);
		return false;
	}
	templates_free(&c->templates);
	arena_free(c->tpl_arena);
	c->templates = b->templates = t;
	c->tpl_arena = a;
	site_pick_layouts(b);
	b->kept = NULL;
	return diag_reports(b->diag) == 0;
}

int
site_patch(struct site_cache *cache, bool templates, struct sink *sink, struct site_stats *stats)
{
	struct build *b = cache->last;
	if (b == NULL || !cache->templates_valid || cache->nchanged == 0)
		return -1;
	double start = site_now(), mark = start;
	memset(stats, 0, sizeof(*stats));
	stats->patched = true;
	/* Any message gives up: the full rebuild reports it in its place. */
	struct diag quiet;
	diag_init_buffered(&quiet);
	b->diag = &quiet;
	b->errors = 0;
	b->cache = cache;
	b->mdp.diag = &quiet;
	b->mdp.cache = cache;
	b->sink_has_last = true;
	b->changed_md = false;
	bool ok =
	    (templates ? patch_templates(b) : patch_bodies(b, stats)) && diag_reports(&quiet) == 0;
	site_lap(stats, templates ? SITE_TEMPLATES : SITE_MARKDOWN, &mark);
	if (ok) {
		site_start_workers(b);
		ok = site_write_output(b, sink, stats) == 0 && diag_reports(&quiet) == 0;
		site_stop_workers(b);
		site_lap(stats, SITE_WRITE, &mark);
	}
	/* The last site now has the edited pages' new Markdown. */
	for (size_t k = 0; ok && !templates && k < cache->nchanged; k++) {
		long i = page_of(&b->content, cache->changed[k]);
		deps_set_markdown(cache->deps, b->content.pages[i].rel, b->md_key[i]);
	}
	diag_close(&quiet);
	b->diag = NULL;
	stats->seconds = site_now() - start;
	return ok ? 0 : -1;
}
