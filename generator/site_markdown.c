#include "site_markdown.h"

#include <string.h>

#include "hash.h"
#include "links.h"
#include "mdcache.h"
#include "mdwire.h"
#include "pagecache.h"
#include "procpool.h"
#include "searchindex.h"
#include "wire.h"
#include "sitelimits.h"

/* One run of the phase: what site_markdown_run() was given, and its own;
 * it outlives the run for site_markdown_page(). */
struct site_markdown_run {
	struct arena *arena;
	struct diag *diag;
	struct content *content;
	struct strmap *outputs;
	struct site_cache *cache;
	unsigned jobs;
	bool search;
	bool toc_wanted;
	const bool *streamed; /* as in struct site_markdown */
	bool (*stream)(void *ctx, size_t i, struct diag *d);
	void *stream_ctx;
	struct diag *stream_diag;
	struct markdown_options *markdown; /* per language */
	struct links_scope *scopes;        /* per language */
	struct links_resolver *resolvers;  /* per language */
	size_t *todo;                      /* the pages whose Markdown renders, ntodo of them */
	size_t ntodo;
	struct markdown_page *md; /* per page */
	uint64_t *md_key;         /* per page, with a cache */
	bool *md_fresh;           /* per page, with a cache */
	bool *md_noisy;           /* per page, keyed */
};

static bool
site_flag(struct site_markdown_run *r, const char *key)
{
	struct value *v = value_cget(r->content->site, key);
	if (v == NULL)
		return false;
	if (v->kind != VALUE_BOOL) {
		diag_error(r->diag, v->pos, "'%s' must be true or false", key);
		return false;
	}
	return v->as.boolean;
}

static struct value *
toc_value(struct arena *arena, const struct markdown_page *md)
{
	struct value *list = value_list(arena, (struct pos){0});
	for (size_t i = 0; i < md->toc_len; i++) {
		const struct markdown_heading *h = &md->toc[i];
		struct value *item = value_map(arena, (struct pos){0});
		value_map_put(arena, item, "id",
		              value_string_borrowed(arena, h->id, strlen(h->id)));
		value_map_put(arena, item, "title",
		              value_string_borrowed(arena, h->text, strlen(h->text)));
		value_map_put(arena, item, "level", value_number(arena, h->level));
		value_list_push(arena, list, item);
	}
	return list;
}

static bool
streamed(const struct site_markdown_run *r, size_t i)
{
	return r->streamed != NULL && r->streamed[i];
}

/* Page p's markdown values from md, its toc values in arena. */
static void
set_page(struct site_markdown_run *r, struct page *p, const struct markdown_page *md,
         struct arena *arena)
{
	p->html = md->html;
	p->has_toc = md->toc_len > 1;
	if (r->toc_wanted)
		p->toc = toc_value(arena, md);
	const char *summary = value_str(value_cget(p->meta, "summary"));
	p->summary = summary ? summary : md->summary;
}

/* What the build keeps of a page's rendered Markdown: of a streamed
 * page, what other pages and links to it need, but no toc values (no
 * other page shows them). */
static void
keep_markdown(struct site_markdown_run *r, size_t i)
{
	struct page *p = &r->content->pages[i];
	content_release_source(r->content, (long)i);
	if (streamed(r, i)) {
		p->has_toc = r->md[i].toc_len > 1 || r->md[i].has_toc;
		const char *summary = value_str(value_cget(p->meta, "summary"));
		p->summary = summary ? summary : r->md[i].summary;
		return;
	}
	set_page(r, p, &r->md[i], r->arena);
}

/* In the worker: renders streamed page i's template with its Markdown md
 * (toc values in arena) and writes it; then the page is as it was, so
 * that nothing points into arena once it is freed. */
static void
stream_page(struct site_markdown_run *r, size_t i, const struct markdown_page *md,
            struct arena *arena, struct diag *d)
{
	struct page *p = &r->content->pages[i];
	struct page saved = *p;
	set_page(r, p, md, arena);
	r->stream(r->stream_ctx, i, d);
	p->html = saved.html;
	p->summary = saved.summary;
	p->toc = saved.toc;
	p->has_toc = saved.has_toc;
}

/* Hands a render to the session's cache, which keeps the one copy of it
 * (10,000 pages' HTML is the largest part of a session): the build keeps
 * its anchors only. A render that reported something is never reused. */
static void
cache_markdown(struct site_markdown_run *r, size_t i, bool quiet)
{
	if (r->md_noisy != NULL)
		r->md_noisy[i] = !quiet;
	if (r->cache == NULL)
		return;
	r->md_fresh[i] = true;
	struct markdown_page *md = &r->md[i];
	struct markdown_anchor *anchors =
	    arena_alloc(r->arena, (md->anchors_len + 1) * sizeof(*anchors));
	for (size_t k = 0; k < md->anchors_len; k++) {
		anchors[k] = md->anchors[k];
		anchors[k].id = arena_strdup(r->arena, md->anchors[k].id);
	}
	size_t n = md->anchors_len;
	*md = *mdcache_put(r->cache->markdown, r->md_key[i], md, r->cache->data_gen, quiet);
	md->anchors = n ? anchors : NULL;
	md->anchors_len = n;
}

/* Where page renders go before cache_markdown(): with a session, an arena
 * of their own, freed once the cache has them. */
static struct arena *
render_arena(struct site_markdown_run *r)
{
	return r->cache != NULL ? arena_new() : r->arena;
}

static void
free_render_arena(struct site_markdown_run *r, struct arena *a)
{
	if (a != r->arena)
		arena_free(a);
}

/* Writes streamed page i, then keeps of md what the build needs of it. */
static void
stream_and_strip(struct site_markdown_run *r, size_t i, struct markdown_page *md,
                 struct arena *arena, struct diag *d)
{
	stream_page(r, i, md, arena, d);
	md->html_ids = links_html_ids(arena, md->html, &md->html_ids_len);
	md->html = NULL;
	/* Links to it need its ids, which html_ids has, headings' too; only
	 * the search index reads the table of contents. */
	if (!r->search) {
		md->has_toc = md->toc_len > 1;
		md->toc = NULL;
		md->toc_len = 0;
	}
}

static void take_page(struct site_markdown_run *r, size_t i, struct wire *in);

/* Takes streamed page i, rendered in this process, as if from a worker:
 * a copy of what the build keeps of it, without its HTML. */
static void
take_here(struct site_markdown_run *r, size_t i, const struct markdown_page *md, bool quiet)
{
	struct buf bytes = BUF_INIT;
	mdwire_put_page(&bytes, md, quiet);
	struct wire in = {bytes.ptr, bytes.ptr + bytes.len, false, -1, NULL};
	take_page(r, i, &in);
	buf_free(&bytes);
}

/* Renders the Markdown of pages todo[begin, end): into the build when out is
 * NULL, else as bytes for the parent process. A streamed page's template
 * renders and its file is written here, in an arena of its own. */
static void
markdown_work(void *ctx, size_t begin, size_t end, struct procpool_out *out)
{
	struct site_markdown_run *r = ctx;
	struct diag buffered, shown, *d = r->diag, *td = r->stream_diag;
	if (out != NULL) {
		diag_init_buffered(&buffered);
		diag_init_buffered(&shown);
		d = &buffered;
		td = &shown;
	}
	for (size_t k = begin; k < end; k++) {
		size_t i = r->todo[k];
		const struct page *p = &r->content->pages[i];
		bool stream = streamed(r, i);
		struct arena *arena = out != NULL || stream ? arena_new() : render_arena(r);
		struct markdown_page md;
		/* A worker frees only what it read: freeing what the parent
		 * holds would copy the parent's pages (copy on write). */
		bool reread = p->body == NULL;
		size_t before = diag_reports(d);
		if (out != NULL)
			procpool_item(out, k);
		/* Links get a mark, not this page's root: the emit hook puts in the
		 * root of whichever page shows this content. */
		if (p->body != NULL || pagecache_read_body(d, &r->content->pages[i]) == 0)
			markdown_render(arena, d, &r->markdown[p->lang], p->src, p->dir, p->url,
			                p->body_line, p->body, p->body_len, VALUE_ROOT_MARK_RAW,
			                &r->resolvers[p->lang], &md);
		else
			md = (struct markdown_page){.html = "", .summary = ""};
		if (out != NULL && reread) /* content_options.hold_bytes */
			content_release_source(r->content, (long)i);
		bool quiet = diag_reports(d) == before;
		if (stream)
			stream_and_strip(r, i, &md, arena, td);
		if (out == NULL && !stream) {
			r->md[i] = md;
			cache_markdown(r, i, quiet);
			keep_markdown(r, i);
			free_render_arena(r, arena);
			continue;
		}
		if (r->cache == NULL) {
			md.links_len = 0; /* only a cache reads them */
			if (value_str(value_cget(p->meta, "summary")) != NULL)
				md.summary = ""; /* the front matter's wins */
		}
		if (out == NULL)
			take_here(r, i, &md, quiet);
		else
			mdwire_put_page(&out->buf, &md, quiet);
		arena_free(arena);
		if (out != NULL)
			procpool_flush(out);
	}
	if (out != NULL) {
		mdwire_put_diag(&out->buf, &buffered);
		mdwire_put_diag(&out->buf, &shown);
		diag_close(&buffered);
		diag_close(&shown);
	}
}

/* Takes page i from in. */
static void
take_page(struct site_markdown_run *r, size_t i, struct wire *in)
{
	struct arena *a = render_arena(r);
	bool quiet = mdwire_get_page(in, a, &r->md[i]);
	cache_markdown(r, i, quiet && !in->bad);
	keep_markdown(r, i);
	free_render_arena(r, a);
}

/* Takes pages [begin, end) that a worker process rendered. */
static void
markdown_take(void *ctx, size_t begin, size_t end, struct wire *in)
{
	struct site_markdown_run *r = ctx;
	for (size_t k = begin; k < end && !in->bad; k++)
		take_page(r, r->todo[k], in);
	mdwire_get_diag(in, r->diag);
	mdwire_get_diag(in, r->stream_diag != NULL ? r->stream_diag : r->diag);
	if (in->bad)
		diag_error(r->diag, (struct pos){0}, "a worker's results were cut short");
}

/* Page todo[k] ran out of CPU time (limits.render_seconds) in a worker. */
static void
markdown_over(void *ctx, size_t k)
{
	struct site_markdown_run *r = ctx;
	size_t i = r->todo[k];
	unsigned s = sitelimits_get()->render_seconds;
	diag_error(
	    r->diag, diag_file(r->content->pages[i].src),
	    "rendering took more than %u s of CPU time (limits.render_seconds): cmark-gfm is "
	    "slow on some text, such as a long paragraph mixing emphasis and links; split "
	    "it into paragraphs, or raise limits.render_seconds in site.yaml",
	    s);
	r->md[i] = (struct markdown_page){.html = "", .summary = ""};
	keep_markdown(r, i);
}

/* Takes page i's Markdown from the session's cache: false when it must
 * render. */
static bool
from_cache(struct site_markdown_run *r, size_t i)
{
	if (r->cache == NULL)
		return false;
	const struct page *p = &r->content->pages[i];
	r->md_key[i] = mdcache_key(&r->markdown[p->lang], p);
	struct links_page from = {p->dir, p->url, VALUE_ROOT_MARK_RAW, &r->resolvers[p->lang]};
	if (!mdcache_get(r->cache->markdown, r->md_key[i], &from, r->cache->data_gen, p->src,
	                 r->arena, &r->md[i]))
		return false;
	keep_markdown(r, i);
	return true;
}

/* Page i, taken from the session's page cache without its text, reads
 * its body again: false when it cannot. */
static bool
with_body(struct site_markdown_run *r, size_t i)
{
	struct page *p = &r->content->pages[i];
	/* Without keys to make (no cache of either kind), the worker reads it. */
	if (p->body != NULL || r->md_key == NULL)
		return true;
	if (pagecache_read_body(r->diag, p) != 0)
		return false;
	if (r->cache == NULL) /* brief build's scan cache: keyed as plan_keys() */
		p->body_hash = hash_bytes(p->body, p->body_len, 0);
	r->md_key[i] = mdcache_key(&r->markdown[p->lang], p);
	return true;
}

/* Each language's Markdown options and link resolver. */
static void
set_languages(struct site_markdown_run *r)
{
	struct content *c = r->content;
	bool unsafe = site_flag(r, "unsafe_html"), smart = site_flag(r, "smart_punctuation");
	r->markdown = arena_alloc(r->arena, c->nlangs * sizeof(*r->markdown));
	r->scopes = arena_alloc(r->arena, c->nlangs * sizeof(*r->scopes));
	r->resolvers = arena_alloc(r->arena, c->nlangs * sizeof(*r->resolvers));
	for (size_t l = 0; l < c->nlangs; l++) {
		const struct value *i18n = c->langs[l].i18n;
		r->markdown[l] =
		    (struct markdown_options){unsafe,
		                              smart,
		                              {value_str(value_cget(i18n, "chart_data")),
		                               value_str(value_cget(i18n, "chart_item")),
		                               value_str(value_cget(i18n, "chart_value")),
		                               value_str(value_cget(i18n, "number_group")),
		                               value_str(value_cget(i18n, "number_decimal"))},
		                              c->langs[l].data,
		                              r->search ? searchindex_page_budget(c, (int)l) : 0};
		r->scopes[l] = (struct links_scope){c, r->outputs, (int)l};
		r->resolvers[l] =
		    (struct links_resolver){links_source, links_output, &r->scopes[l]};
	}
}

/* Keyed: every page's key, then the pages the plan leaves unrendered. */
static const bool *
plan_keys(struct site_markdown *m, struct site_markdown_run *r)
{
	struct content *c = r->content;
	r->md_noisy = arena_alloc(r->arena, (c->npages + 1) * sizeof(*r->md_noisy));
	for (size_t i = 0; i < c->npages; i++) {
		/* The scan hashes bodies only for a session's page cache, and
		 * brief build's scan cache (scancache.h, body NULL if unread). */
		struct page *p = &c->pages[i];
		if (p->body_hash == 0 && p->body != NULL)
			p->body_hash = hash_bytes(p->body, p->body_len, 0);
		r->md_key[i] = mdcache_key(&r->markdown[p->lang], p);
	}
	return m->plan ? m->plan(m->plan_ctx, r->md_key) : NULL;
}

/* Renders the Markdown of r->todo. Processes, not threads: cmark-gfm
 * keeps state of its own for the whole process (see markdown.c). A few
 * small pages render here, as site_markdown_page() renders them, sparing
 * the forks of a process that holds a large site. */
static void
render_todo(struct site_markdown_run *r)
{
	if (r->ntodo == 0)
		return;
	bool here = r->ntodo <= SITE_MARKDOWN_INPLACE_PAGES;
	for (size_t k = 0; here && k < r->ntodo; k++)
		here = r->content->pages[r->todo[k]].body_len <= SITE_MARKDOWN_INPLACE_MAX;
	struct procpool_budget budget = {sitelimits_get()->render_seconds, markdown_over};
	procpool_run(r->diag, r->ntodo, here ? 1 : r->jobs, here ? NULL : &budget, markdown_work,
	             markdown_take, r);
}

/* Skipped pages that a rendered page links to an id of render too, so
 * that links_check_anchors() sees their ids; returns how many. */
static size_t
render_targets(struct site_markdown_run *r, const bool *skip)
{
	struct content *c = r->content;
	bool *queued = arena_alloc(r->arena, (c->npages + 1) * sizeof(*queued));
	r->ntodo = 0;
	for (size_t i = 0; i < c->npages; i++) {
		for (size_t k = 0; !skip[i] && k < r->md[i].anchors_len; k++) {
			long t = r->md[i].anchors[k].page;
			if (t < 0 || !skip[t] || queued[t])
				continue;
			/* Its source went with keep_markdown(): read it again. */
			if (c->pages[t].source == NULL)
				c->pages[t].body = NULL;
			if (with_body(r, (size_t)t)) {
				struct page *p = &c->pages[t];
				p->body_hash = hash_bytes(p->body, p->body_len, 0);
				r->md_key[t] = mdcache_key(&r->markdown[p->lang], p);
				queued[t] = true;
				r->todo[r->ntodo++] = (size_t)t;
			}
		}
	}
	render_todo(r);
	return r->ntodo;
}

void
site_markdown_run(struct site_markdown *m)
{
	struct content *c = m->content;
	struct site_markdown_run *r = m->run = arena_alloc(m->arena, sizeof(*r));
	*r = (struct site_markdown_run){.arena = m->arena,
	                                .diag = m->diag,
	                                .content = c,
	                                .outputs = m->outputs,
	                                .cache = m->cache,
	                                .jobs = m->jobs,
	                                .search = m->search,
	                                .streamed = m->streamed,
	                                .stream = m->stream,
	                                .stream_ctx = m->stream_ctx,
	                                .stream_diag = m->stream_diag};
	set_languages(r);
	r->md = arena_alloc(r->arena, c->npages * sizeof(*r->md));
	if (r->cache != NULL || m->keyed) {
		r->md_key = arena_alloc(r->arena, (c->npages + 1) * sizeof(*r->md_key));
		r->md_fresh = arena_alloc(r->arena, (c->npages + 1) * sizeof(*r->md_fresh));
	}
	/* A table of contents is a dozen values a page: build it only for
	 * templates that show one. */
	r->toc_wanted = templates_mention(m->templates, "toc");
	r->todo = arena_alloc(r->arena, (c->npages + 1) * sizeof(*r->todo));
	const bool *skip = m->keyed ? plan_keys(m, r) : NULL;
	for (size_t i = 0; i < c->npages; i++) {
		if (skip != NULL && skip[i]) {
			r->md[i] = (struct markdown_page){.html = "", .summary = ""};
			keep_markdown(r, i);
		} else if (!from_cache(r, i) && with_body(r, i)) {
			r->todo[r->ntodo++] = i;
		}
	}
	render_todo(r);
	size_t rendered = r->ntodo + (skip != NULL ? render_targets(r, skip) : 0);
	/* Every body is rendered: the session keeps hashes, not texts. */
	if (r->cache != NULL)
		pagecache_drop_sources(r->cache->pages);
	m->md = r->md;
	m->md_key = r->md_key;
	m->md_fresh = r->md_fresh;
	m->md_noisy = r->md_noisy;
	m->rendered = rendered;
}

bool
site_markdown_page(struct site_markdown *m, size_t i, unsigned line, const char *body, size_t len)
{
	struct site_markdown_run *r = m->run;
	/* The build may have moved (a session keeps it): aim at it again. */
	r->arena = m->arena;
	r->diag = m->diag;
	r->content = m->content;
	r->outputs = m->outputs;
	r->cache = m->cache;
	for (size_t l = 0; l < r->content->nlangs; l++)
		r->scopes[l] = (struct links_scope){r->content, r->outputs, (int)l};
	struct page *p = &r->content->pages[i];
	p->body = body;
	p->body_len = len;
	p->body_line = line;
	p->body_hash = hash_bytes(body, len, 0);
	r->md_key[i] = mdcache_key(&r->markdown[p->lang], p);
	/* A large page renders in a worker process, as the run does: within
	 * the CPU budget. A small one renders here, sparing the fork of a
	 * server that holds the whole site (14 ms at 10,000 pages). */
	r->todo[0] = i;
	r->ntodo = 1;
	size_t before = diag_reports(r->diag);
	struct procpool_budget budget = {sitelimits_get()->render_seconds, markdown_over};
	procpool_run(r->diag, 1, 1, len > SITE_MARKDOWN_INPLACE_MAX ? &budget : NULL, markdown_work,
	             markdown_take, r);
	return diag_reports(r->diag) == before;
}
