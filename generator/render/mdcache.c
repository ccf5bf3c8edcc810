#include "mdcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strmap.h"

struct entry {
	char name[17];           /* the key in hex: the map's key */
	struct markdown_page md; /* every string on the heap; anchors unused */
	uint64_t data_gen;
	bool used;
	bool noisy; /* its render reported something: never taken */
};

struct mdcache {
	struct strmap by_key;
	struct entry **entries;
	size_t len, cap, used;
};

struct mdcache *
mdcache_new(void)
{
	return xcalloc(1, sizeof(struct mdcache));
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void
free_md(struct entry *e)
{
	free((char *)e->md.html);
	free((char *)e->md.summary);
	for (size_t i = 0; i < e->md.toc_len; i++) {
		free((char *)e->md.toc[i].id);
		free((char *)e->md.toc[i].text);
	}
	for (size_t i = 0; i < e->md.links_len; i++) {
		free((char *)e->md.links[i].href);
		free((char *)e->md.links[i].out);
	}
	for (size_t i = 0; e->md.section_text != NULL && i <= e->md.toc_len; i++)
		free((char *)e->md.section_text[i]);
	free(e->md.section_text);
	free(e->md.toc);
	free(e->md.links);
}

static void
entry_free(struct entry *e)
{
	free_md(e);
	free(e);
}

void
mdcache_free(struct mdcache *mc)
{
	if (mc == NULL)
		return;
	for (size_t i = 0; i < mc->len; i++)
		entry_free(mc->entries[i]);
	free(mc->entries);
	strmap_free(&mc->by_key);
	free(mc);
}

static void
mix(uint64_t *h, const char *s)
{
	*h = hash_bytes(s ? s : "\1", s ? strlen(s) + 1 : 1, *h);
}

uint64_t
mdcache_key(const struct markdown_options *opt, const struct page *p)
{
	char head[96];
	/* The search text's budget too: it depends on the number of pages. */
	int n =
	    snprintf(head, sizeof(head), "%d%d %llu %zu %u %zu", opt->unsafe_html, opt->smart,
	             (unsigned long long)p->body_hash, p->body_len, p->body_line, opt->text_budget);
	uint64_t h = hash_bytes(head, (size_t)n, 0);
	mix(&h, p->src);
	mix(&h, p->dir);
	mix(&h, p->url);
	mix(&h, opt->chart.data);
	mix(&h, opt->chart.item);
	mix(&h, opt->chart.value);
	mix(&h, opt->chart.group);
	mix(&h, opt->chart.decimal);
	return h;
}

static struct entry *
find(const struct mdcache *mc, uint64_t key)
{
	char name[17];
	snprintf(name, sizeof(name), "%016llx", (unsigned long long)key);
	long i = strmap_cget(&mc->by_key, name);
	return i >= 0 ? mc->entries[i] : NULL;
}

/* Resolves every link again; the anchors they name go into out. */
static bool
same_links(const struct markdown_page *md, const struct links_page *from, const char *path,
           struct arena *arena, struct markdown_page *out)
{
	struct buf tmp = BUF_INIT, url = BUF_INIT;
	size_t cap = 0;
	bool same = true;
	for (size_t i = 0; i < md->links_len && same; i++) {
		const struct markdown_link *l = &md->links[i];
		struct links_result r;
		buf_clear(&url);
		links_resolve(from, l->href, &tmp, &url, &r);
		same = r.problem == NULL && r.rewrite == (l->out != NULL) &&
		       (!r.rewrite || !strcmp(url.ptr, l->out));
		if (same && r.id != NULL) {
			out->anchors = arena_grow(arena, out->anchors, out->anchors_len, &cap,
			                          sizeof(*out->anchors));
			out->anchors[out->anchors_len++] = (struct markdown_anchor){
			    r.page, arena_strdup(arena, r.id), {path, l->line, l->col}};
		}
	}
	buf_free(&tmp);
	buf_free(&url);
	return same;
}

bool
mdcache_get(struct mdcache *mc, uint64_t key, const struct links_page *from, uint64_t data_gen,
            const char *path, struct arena *arena, struct markdown_page *out)
{
	struct entry *e = find(mc, key);
	if (e == NULL || e->noisy || (e->md.charts > 0 && e->data_gen != data_gen))
		return false;
	*out = e->md;
	out->anchors = NULL;
	out->anchors_len = 0;
	if (!same_links(&e->md, from, path, arena, out))
		return false;
	if (!e->used)
		mc->used++;
	e->used = true;
	return true;
}

static struct entry *
copy_entry(const struct markdown_page *md, uint64_t data_gen)
{
	struct entry *e = xcalloc(1, sizeof(*e));
	/* A worker cut short leaves no HTML: such a render is noisy. */
	e->md = (struct markdown_page){.html = dup_or_null(md->html),
	                               .summary = dup_or_null(md->summary),
	                               .toc_len = md->toc_len,
	                               .links_len = md->links_len,
	                               .charts = md->charts};
	e->md.toc = md->toc_len ? xcalloc(md->toc_len, sizeof(*e->md.toc)) : NULL;
	for (size_t i = 0; i < md->toc_len; i++)
		e->md.toc[i] = (struct markdown_heading){md->toc[i].level, xstrdup(md->toc[i].id),
		                                         xstrdup(md->toc[i].text)};
	e->md.links = md->links_len ? xcalloc(md->links_len, sizeof(*e->md.links)) : NULL;
	for (size_t i = 0; i < md->links_len; i++)
		e->md.links[i] = (struct markdown_link){xstrdup(md->links[i].href),
		                                        dup_or_null(md->links[i].out),
		                                        md->links[i].line, md->links[i].col};
	if (md->section_text != NULL) {
		e->md.section_text = xcalloc(md->toc_len + 1, sizeof(*e->md.section_text));
		for (size_t i = 0; i <= md->toc_len; i++)
			e->md.section_text[i] = dup_or_null(md->section_text[i]);
	}
	e->data_gen = data_gen;
	e->used = true;
	return e;
}

static void
add(struct mdcache *mc, struct entry *e)
{
	if (mc->len == mc->cap) {
		if (mc->cap > SIZE_MAX / 2 / sizeof(*mc->entries))
			abort();
		mc->cap = mc->cap ? mc->cap * 2 : 64;
		mc->entries = xrealloc(mc->entries, mc->cap * sizeof(*mc->entries));
	}
	mc->entries[mc->len] = e;
	strmap_add(&mc->by_key, e->name, strlen(e->name), (long)mc->len++);
}

const struct markdown_page *
mdcache_put(struct mdcache *mc, uint64_t key, const struct markdown_page *md, uint64_t data_gen,
            bool quiet)
{
	struct entry *e = copy_entry(md, data_gen);
	snprintf(e->name, sizeof(e->name), "%016llx", (unsigned long long)key);
	e->noisy = !quiet;
	e->used = quiet; /* a noisy one goes at the sweep after next */
	long i = strmap_cget(&mc->by_key, e->name);
	mc->used += quiet;
	if (i < 0) {
		add(mc, e);
		return &e->md;
	}
	/* The same key rendered again: its links resolve otherwise now. The
	 * map borrows the old entry's name: it stays, with the new render. */
	struct entry *was = mc->entries[i];
	if (was->used)
		mc->used--;
	free_md(was);
	was->md = e->md;
	was->data_gen = e->data_gen;
	was->used = e->used;
	was->noisy = e->noisy;
	free(e);
	return &was->md;
}

void
mdcache_sweep(struct mdcache *mc)
{
	if (mc->len > 2 * mc->used + 64) {
		struct entry **all = mc->entries;
		size_t n = mc->len;
		strmap_free(&mc->by_key);
		memset(&mc->by_key, 0, sizeof(mc->by_key));
		mc->entries = NULL;
		mc->len = mc->cap = 0;
		for (size_t i = 0; i < n; i++) {
			if (all[i]->used)
				add(mc, all[i]);
			else
				entry_free(all[i]);
		}
		free(all);
	}
	for (size_t i = 0; i < mc->len; i++)
		mc->entries[i]->used = false;
	mc->used = 0;
}
