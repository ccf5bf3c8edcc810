#include "site.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "content.h"
#include "context.h"
#include "factcheck.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "linkcheck.h"
#include "links.h"
#include "markdown.h"
#include "mustache.h"
#include "outdir.h"
#include "parallel.h"
#include "pagecache.h"
#include "procpool.h"
#include "searchindex.h"
#include "services.h"
#include "sink.h"
#include "site_cache.h"
#include "strmap.h"
#include "templates.h"
#include "wire.h"

/* What each thread owns: nothing is shared but read-only build data. */
struct worker {
	struct arena *arena;
	struct diag diag; /* buffered, handed over in page order */
	struct buf html, path, note;
	struct value *top; /* the render context, re-aimed at each page */
	size_t written, rendered;
};

struct build {
	const struct site_options *opt;
	struct diag *diag;
	unsigned errors; /* d->errors before the build: a session's diag may have more */
	size_t reports;  /* diag_reports() before the build: a quiet one can be patched */
	struct arena *arena;
	struct content content;
	struct templates templates;
	const struct mustache **layouts; /* per page */
	struct markdown_page *md;        /* per page */
	struct content_file *assets;     /* templates/assets/ files */
	size_t nassets, assets_cap;
	struct value **sites;              /* per language */
	struct markdown_options *markdown; /* per language */
	struct strmap outputs;             /* output file -> owner, as links.h wants it */
	struct links_scope *scopes;        /* per language */
	struct links_resolver *resolvers;  /* per language */
	struct sink *sink;                 /* where pages and files go */
	const char **outs; /* every path written into output/, per page, file, asset */
	size_t nouts;
	struct outdir_keep keep;  /* site.yaml keep: */
	struct services services; /* sitemap, feeds, robots.txt */
	unsigned jobs;
	struct worker *workers;
	bool toc_wanted;
	bool search; /* the templates have a search layout: write the index */
	/* With a session's cache: */
	struct site_cache *cache;
	bool templates_cached;
	size_t *todo; /* the pages whose Markdown renders, ntodo of them */
	size_t ntodo;
	uint64_t *md_key;    /* per page */
	bool *md_fresh;      /* per page: rendered, not taken from the cache */
	bool *kept;          /* per page: its last output stands; NULL: render all */
	bool *noisy;         /* per page: its render reported something */
	bool sink_has_last;  /* the sink holds the last site: kept pages stay as they are */
	bool changed_md;     /* a patch changed some page's Markdown */
	struct strmap known; /* with a patch: every file the scan read, and their folders */
};

static bool
site_flag(struct build *b, const char *key)
{
	struct value *v = value_cget(b->content.site, key);
	if (v == NULL)
		return false;
	if (v->kind != VALUE_BOOL) {
		diag_error(b->diag, v->pos, "'%s' must be true or false", key);
		return false;
	}
	return v->as.boolean;
}

/* The template each page renders with; an unknown name is an error at
 * the page's layout: line, or once per missing default. */
static void
pick_layouts(struct build *b)
{
	static const char *const defaults[] = {
	    [PAGE_HOME] = "index", [PAGE_SECTION] = "section", [PAGE_REGULAR] = "page",
	    [PAGE_404] = "404",    [PAGE_TAGS] = "tags",       [PAGE_TAG] = "tag"};
	bool reported[6] = {false};
	b->layouts = arena_alloc(b->arena, b->content.npages * sizeof(*b->layouts));
	for (size_t i = 0; i < b->content.npages; i++) {
		const struct page *p = &b->content.pages[i];
		const char *name = p->layout ? p->layout : defaults[p->kind];
		if (p->kind == PAGE_404 && !p->layout && !templates_get(&b->templates, "404", 3))
			name = defaults[PAGE_REGULAR]; /* 404.mustache is optional */
		b->layouts[i] = templates_get(&b->templates, name, strlen(name));
		if (b->layouts[i] != NULL)
			continue;
		if (p->layout != NULL) {
			diag_error(b->diag, p->layout_pos,
			           "layout '%s' not found (no %s/%s.mustache)", name,
			           b->templates.dir, name);
		} else if (!reported[p->kind]) {
			reported[p->kind] = true;
			diag_error(b->diag, diag_file(p->src),
			           "no template for this page: %s/%s.mustache is missing",
			           b->templates.dir, name);
		}
	}
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

/* What the build keeps of a page's rendered Markdown. */
static void
keep_markdown(struct build *b, size_t i)
{
	struct page *p = &b->content.pages[i];
	content_release_source(&b->content, (long)i);
	p->html = b->md[i].html;
	p->has_toc = b->md[i].toc_len > 1;
	if (b->toc_wanted)
		p->toc = toc_value(b->arena, &b->md[i]);
	const char *summary = value_str(value_cget(p->meta, "summary"));
	p->summary = summary ? summary : b->md[i].summary;
}

/* Hands a render to the session's cache, which keeps the one copy of it
 * (10,000 pages' HTML is the largest part of a session): the build keeps
 * its anchors only. A render that reported something is never reused. */
static void
cache_markdown(struct build *b, size_t i, bool quiet)
{
	if (b->cache == NULL)
		return;
	b->md_fresh[i] = true;
	struct markdown_page *md = &b->md[i];
	struct markdown_anchor *anchors =
	    arena_alloc(b->arena, (md->anchors_len + 1) * sizeof(*anchors));
	for (size_t k = 0; k < md->anchors_len; k++) {
		anchors[k] = md->anchors[k];
		anchors[k].id = arena_strdup(b->arena, md->anchors[k].id);
	}
	size_t n = md->anchors_len;
	*md = *mdcache_put(b->cache->markdown, b->md_key[i], md, b->cache->data_gen, quiet);
	md->anchors = n ? anchors : NULL;
	md->anchors_len = n;
}

/* Where page renders go before cache_markdown(): with a session, an arena
 * of their own, freed once the cache has them. */
static struct arena *
render_arena(struct build *b)
{
	return b->cache != NULL ? arena_new() : b->arena;
}

static void
free_render_arena(struct build *b, struct arena *a)
{
	if (a != b->arena)
		arena_free(a);
}

/* Renders the Markdown of pages todo[begin, end): into the build when out is
 * NULL, else as bytes for the parent process. */
static void
markdown_work(void *ctx, size_t begin, size_t end, struct procpool_out *out)
{
	struct build *b = ctx;
	struct arena *arena = out ? arena_new() : render_arena(b);
	struct diag buffered, *d = b->diag;
	if (out != NULL) {
		diag_init_buffered(&buffered);
		d = &buffered;
	}
	for (size_t k = begin; k < end; k++) {
		size_t i = b->todo[k];
		const struct page *p = &b->content.pages[i];
		struct markdown_page md;
		size_t before = diag_reports(d);
		/* Links get a mark, not this page's root: the renderer puts in the
		 * root of whichever page shows this content. */
		markdown_render(arena, d, &b->markdown[p->lang], p->src, p->dir, p->url,
		                p->body_line, p->body, p->body_len, VALUE_ROOT_MARK_RAW,
		                &b->resolvers[p->lang], &md);
		bool quiet = diag_reports(d) == before;
		if (out == NULL) {
			b->md[i] = md;
			cache_markdown(b, i, quiet);
			keep_markdown(b, i);
			free_render_arena(b, arena);
			arena = render_arena(b);
			continue;
		}
		markdown_page_save(&md, &out->buf);
		wire_put_u64(&out->buf, quiet);
		procpool_flush(out);
	}
	if (out != NULL) {
		diag_save(&buffered, &out->buf);
		diag_close(&buffered);
	}
	free_render_arena(b, arena);
}

/* Takes pages [begin, end) that a worker process rendered. */
static void
markdown_take(void *ctx, size_t begin, size_t end, struct wire *in)
{
	struct build *b = ctx;
	for (size_t k = begin; k < end && !in->bad; k++) {
		size_t i = b->todo[k];
		struct arena *a = render_arena(b);
		markdown_page_load(in, a, &b->md[i]);
		cache_markdown(b, i, wire_u64(in) != 0 && !in->bad);
		keep_markdown(b, i);
		free_render_arena(b, a);
	}
	diag_load(in, b->diag);
	if (in->bad)
		diag_error(b->diag, (struct pos){0}, "a worker's results were cut short");
}

/* Hands every worker's diagnostics to the build's, in page order. */
static void
flush_workers(struct build *b)
{
	for (unsigned w = 0; w < b->jobs; w++)
		diag_flush(&b->workers[w].diag, b->diag);
}

/* Takes page i's Markdown from the session's cache: false when it must
 * render. */
static bool
from_cache(struct build *b, size_t i)
{
	if (b->cache == NULL)
		return false;
	if (b->md_key == NULL) {
		b->md_key = arena_alloc(b->arena, (b->content.npages + 1) * sizeof(*b->md_key));
		b->md_fresh = arena_alloc(b->arena, (b->content.npages + 1) * sizeof(*b->md_fresh));
	}
	const struct page *p = &b->content.pages[i];
	b->md_key[i] = mdcache_key(&b->markdown[p->lang], p);
	struct links_page from = {p->dir, p->url, VALUE_ROOT_MARK_RAW, &b->resolvers[p->lang]};
	if (!mdcache_get(b->cache->markdown, b->md_key[i], &from, b->cache->data_gen, p->src,
	                 b->arena, &b->md[i]))
		return false;
	keep_markdown(b, i);
	return true;
}

/* Page i, taken from the session's page cache without its text, reads
 * its body again: false when it cannot. */
static bool
with_body(struct build *b, size_t i)
{
	struct page *p = &b->content.pages[i];
	if (p->body != NULL)
		return true;
	if (pagecache_read_body(b->diag, p) != 0)
		return false;
	b->md_key[i] = mdcache_key(&b->markdown[p->lang], p);
	return true;
}

static void
render_markdown(struct build *b, struct site_stats *stats)
{
	struct content *c = &b->content;
	bool unsafe = site_flag(b, "unsafe_html"), smart = site_flag(b, "smart_punctuation");
	b->markdown = arena_alloc(b->arena, c->nlangs * sizeof(*b->markdown));
	b->scopes = arena_alloc(b->arena, c->nlangs * sizeof(*b->scopes));
	b->resolvers = arena_alloc(b->arena, c->nlangs * sizeof(*b->resolvers));
	for (size_t l = 0; l < c->nlangs; l++) {
		const struct value *i18n = c->langs[l].i18n;
		b->markdown[l] =
		    (struct markdown_options){unsafe,
		                              smart,
		                              {value_str(value_cget(i18n, "chart_data")),
		                               value_str(value_cget(i18n, "chart_item")),
		                               value_str(value_cget(i18n, "chart_value")),
		                               value_str(value_cget(i18n, "number_group")),
		                               value_str(value_cget(i18n, "number_decimal"))},
		                              c->langs[l].data,
		                              b->search ? searchindex_page_budget(c, (int)l) : 0};
		b->scopes[l] = (struct links_scope){c, &b->outputs, (int)l};
		b->resolvers[l] =
		    (struct links_resolver){links_source, links_output, &b->scopes[l]};
	}
	b->md = arena_alloc(b->arena, c->npages * sizeof(*b->md));
	/* A table of contents is a dozen values a page: build it only for
	 * templates that show one. */
	b->toc_wanted = templates_mention(&b->templates, "toc");
	b->todo = arena_alloc(b->arena, (c->npages + 1) * sizeof(*b->todo));
	for (size_t i = 0; i < c->npages; i++)
		if (!from_cache(b, i) && with_body(b, i))
			b->todo[b->ntodo++] = i;
	/* Processes, not threads: cmark-gfm keeps state of its own for the
	 * whole process (see markdown.c). */
	procpool_run(b->diag, b->ntodo, b->jobs, markdown_work, markdown_take, b);
	stats->markdown = b->ntodo;
	/* Every body is rendered: the session keeps hashes, not texts. */
	if (b->cache != NULL)
		pagecache_drop_sources(b->cache->pages);
}

static void
add_asset(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct build *b = ctx;
	if (is_dir)
		return;
	b->assets = arena_grow(b->arena, b->assets, b->nassets, &b->assets_cap, sizeof(*b->assets));
	b->assets[b->nassets++] = (struct content_file){full, fsutil_join(b->arena, "assets", rel)};
}

/* Every file of output/ has one source: two claims are an error naming
 * both, unless content already failed (two pages may share a URL: already
 * an error). Links to output files look them up in b->outputs. */
static void
check_outputs(struct build *b, bool report)
{
	const char *assets = fsutil_join(b->arena, b->templates.dir, "assets");
	if (fsutil_is_dir(assets) && fsutil_walk(b->arena, b->diag, assets, add_asset, b) != 0)
		return;
	struct strmap *owners = &b->outputs;
	const struct content *c = &b->content;
	size_t nsearch = b->search ? c->nlangs : 0;
	size_t nbuilt = c->npages + c->nfiles + b->nassets; /* then search, then services */
	size_t total = nbuilt + nsearch + b->services.nfiles;
	const char **srcs = arena_alloc(b->arena, total * sizeof(*srcs));
	b->outs = arena_alloc(b->arena, total * sizeof(*b->outs));
	b->nouts = total;
	for (size_t i = 0; i < total; i++) {
		const char *out, *src;
		if (i < c->npages) {
			out = c->pages[i].url, src = c->pages[i].src;
		} else if (i < c->npages + c->nfiles) {
			out = c->files[i - c->npages].rel, src = c->files[i - c->npages].src;
		} else if (i < nbuilt) {
			out = b->assets[i - c->npages - c->nfiles].rel;
			src = b->assets[i - c->npages - c->nfiles].src;
		} else if (i < nbuilt + nsearch) {
			out = searchindex_path(b->arena, c->langs[i - nbuilt].prefix);
			src = mustache_path(templates_get(&b->templates, "search", 6));
		} else {
			out = b->services.files[i - nbuilt - nsearch].name;
			src = c->site->pos.path;
		}
		srcs[i] = src;
		b->outs[i] = out;
		long first = strmap_add(owners, out, strlen(out), (long)i);
		if (first != (long)i && report)
			diag_error(b->diag, diag_file(src),
			           "output file '%s' is also written for %s", out, srcs[first]);
	}
	outdir_keep_check(b->diag, &b->keep, b->outs, srcs, total);
}

/* SOURCE_DATE_EPOCH is the only clock a build reads, so output stays
 * reproducible. */
static void
add_build_date(struct build *b)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch == NULL || *epoch == '\0')
		return;
	char *end;
	time_t t = (time_t)strtoll(epoch, &end, 10);
	struct tm tm;
	if (*end != '\0' || gmtime_r(&t, &tm) == NULL) {
		diag_warning(b->diag, (struct pos){0},
		             "SOURCE_DATE_EPOCH is not a number: ignored");
		return;
	}
	char text[32];
	strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct value *v = value_cstring(b->arena, text);
	value_parse_date(text, strlen(text), &v->as.date);
	v->kind = VALUE_DATE;
	for (size_t l = 0; l < b->content.nlangs; l++)
		value_map_set(b->arena, b->sites[l], "build_date",
		              context_date(b->arena, v, b->content.langs[l].i18n));
}

/* site.feed_url: the language's feed from the site root, when it has one. */
static void
add_feed_urls(struct build *b)
{
	for (size_t l = 0; b->services.feeds != NULL && l < b->content.nlangs; l++) {
		const char *feed = b->services.feeds[l];
		if (feed == NULL)
			continue;
		struct value *v = value_string_borrowed(b->arena, feed, strlen(feed));
		v->rooted = true;
		value_map_set(b->arena, b->sites[l], "feed_url", v);
	}
}

/* Mustache renders a missing name as nothing; for a site it is usually a
 * typo, so it is a warning (an error with --strict). */
static void
report_missing(void *ctx, struct pos at, const char *name, size_t len)
{
	diag_warning(ctx, at, "'%.*s' is not defined: it renders as nothing", (int)len, name);
}

/* Template messages name a template line that many pages share: a note
 * after each says which page was being rendered. */
static void
name_page(struct build *b, struct worker *wk, size_t i)
{
	const struct page *p = &b->content.pages[i];
	const char *tpl = mustache_path(b->layouts[i]);
	buf_clear(&wk->note);
	if (p->rel != NULL)
		buf_printf(&wk->note, "while rendering this page with %s", tpl);
	else
		buf_printf(&wk->note, "while rendering %s, made from this, with %s", p->url, tpl);
	diag_set_context(&wk->diag, p->rel != NULL ? diag_file(p->src) : p->pos, wk->note.ptr);
}

static void
write_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	struct build *b = ctx;
	struct worker *wk = &b->workers[w];
	for (size_t i = begin; i < end; i++) {
		const struct page *p = &b->content.pages[i];
		if (b->layouts[i] == NULL)
			continue; /* its layout is missing: already an error */
		if (b->kept != NULL && b->kept[i] &&
		    (b->sink_has_last || sink_keep(b->sink, p->url))) {
			wk->written++;
			continue;
		}
		size_t before = diag_reports(&wk->diag);
		struct mustache_env env = {.lookup = templates_lookup,
		                           .lookup_ctx = &b->templates,
		                           .root = p->root,
		                           .diag = &wk->diag,
		                           .missing = report_missing,
		                           .missing_ctx = &wk->diag};
		context_point(wk->top, &b->content, b->sites, (long)i);
		buf_clear(&wk->html);
		name_page(b, wk, i);
		int rendered = mustache_render(b->layouts[i], wk->top, &env, &wk->html);
		wk->rendered++;
		diag_set_context(&wk->diag, (struct pos){0}, NULL);
		if (b->noisy != NULL)
			b->noisy[i] = diag_reports(&wk->diag) != before;
		if (rendered != 0 ||
		    sink_write(b->sink, &wk->diag, p->url, wk->html.ptr, wk->html.len) != 0)
			return;
		wk->written++;
	}
}

static int
write_pages(struct build *b, struct site_stats *stats)
{
	for (unsigned w = 0; w < b->jobs; w++)
		b->workers[w].top = context_top(b->workers[w].arena);
	parallel_for(b->content.npages, b->jobs, write_slice, b);
	flush_workers(b);
	for (unsigned w = 0; w < b->jobs; w++) {
		stats->pages += b->workers[w].written;
		stats->rendered += b->workers[w].rendered;
	}
	return b->diag->errors > b->errors ? -1 : 0;
}

/* Whether the session's watcher named no change to file src. */
static bool
unchanged(const struct build *b, const char *src)
{
	if (b->cache == NULL || b->cache->nchanged == 0)
		return false;
	for (size_t i = 0; i < b->cache->nchanged; i++) {
		const char *c = b->cache->changed[i];
		size_t len = strlen(c);
		if (!strncmp(src, c, len) && (src[len] == '\0' || src[len] == '/'))
			return false;
	}
	return true;
}

static int
copy_files(struct build *b, const struct content_file *files, size_t n, struct site_stats *stats)
{
	int status = 0;
	for (size_t i = 0; i < n && status == 0; i++) {
		if (!unchanged(b, files[i].src) || !sink_keep(b->sink, files[i].rel))
			status = sink_copy(b->sink, b->diag, files[i].rel, files[i].src);
		stats->files += status == 0;
	}
	return status;
}

/* build --check: the content file (or data item) a page was made from,
 * for the note under a broken link on it. */
static bool
page_origin(void *ctx, const char *path, struct pos *at)
{
	struct build *b = ctx;
	long i = strmap_cget(&b->outputs, path);
	if (i < 0 || (size_t)i >= b->content.npages)
		return false;
	const struct page *p = &b->content.pages[i];
	*at = p->rel != NULL ? diag_file(p->src) : p->pos;
	return true;
}

/* build --check: every link of the staged site, templates' included,
 * before it replaces the output. */
static int
check_stage(struct build *b, const char *dir)
{
	struct linkcheck_options o = {dir, b->opt->output_dir, b->jobs, page_origin, b};
	struct linkcheck_report report;
	return linkcheck_site(b->arena, b->diag, &o, &report);
}

/* Every file that is neither a page nor a copy is written here. */
static int
write_extra(struct build *b, const char *rel, const char *data, size_t len)
{
	return sink_write(b->sink, b->diag, rel, data, len);
}

static int
write_services(struct build *b)
{
	struct buf out = BUF_INIT;
	int status = 0;
	for (size_t i = 0; i < b->services.nfiles && status == 0; i++) {
		buf_clear(&out);
		services_render(&b->services, &b->content, i, &out);
		status = write_extra(b, b->services.files[i].name, out.ptr, out.len);
	}
	buf_free(&out);
	return status;
}

/* The sink stores the pages and files; the disk sink's staging folder
 * goes if anything fails. */
static int
write_output(struct build *b, struct sink *sink, struct site_stats *stats)
{
	b->sink = sink;
	if (sink_begin(sink, b->diag, &b->keep) != 0)
		return -1;
	if (write_pages(b, stats) != 0 ||
	    copy_files(b, b->content.files, b->content.nfiles, stats) != 0 ||
	    copy_files(b, b->assets, b->nassets, stats) != 0 || write_services(b) != 0 ||
	    (b->search && searchindex_write_site(b->diag, sink, &b->content, b->md) != 0) ||
	    /* --check reads the staged folder, before it replaces the output */
	    (b->opt->check && sink->kind == SINK_DISK && check_stage(b, sink->stage.dir) != 0) ||
	    sink_commit(sink, b->diag, b->outs, b->nouts) != 0) {
		sink_abort(sink, b->diag);
		return -1;
	}
	return 0;
}

/* The session's compiled templates when they still hold, else the
 * templates/ folder compiled (and kept, when that reported nothing). */
static bool
load_templates(struct build *b)
{
	struct site_cache *c = b->cache;
	if (c != NULL && c->templates_valid) {
		b->templates = c->templates;
		b->templates_cached = true;
		return true;
	}
	size_t before = diag_reports(b->diag);
	struct arena *a = c != NULL ? c->tpl_arena : b->arena;
	if (templates_load(a, b->diag, b->opt->templates_dir, &b->templates) != 0)
		return false;
	if (c != NULL && diag_reports(b->diag) == before) {
		c->templates = b->templates;
		c->templates_valid = b->templates_cached = true;
	}
	return true;
}

/* Whether a template shows some page's Markdown beyond page.PART. */
static bool
markdown_shown(const struct build *b)
{
	return templates_mention_beyond_page(&b->templates, "content") ||
	       templates_mention_beyond_page(&b->templates, "summary") ||
	       templates_mention_beyond_page(&b->templates, "toc") ||
	       templates_mention_beyond_page(&b->templates, "has_toc");
}

/* With a session: which pages keep their last output (deps.h). */
static void
plan_pages(struct build *b)
{
	struct site_cache *c = b->cache;
	if (c == NULL)
		return;
	size_t n = b->content.npages + 1;
	b->noisy = arena_alloc(b->arena, n * sizeof(*b->noisy));
	if (b->md_key == NULL) { /* no page had Markdown to take */
		b->md_key = arena_alloc(b->arena, n * sizeof(*b->md_key));
		b->md_fresh = arena_alloc(b->arena, n * sizeof(*b->md_fresh));
	}
	if (!c->render_all)
		b->kept = deps_plan(c->deps, b->arena, &b->content, b->md_key, b->md_fresh,
		                    markdown_shown(b));
}

static bool
has_layout(const struct site_options *opt, const char *name)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s.mustache", opt->templates_dir, name);
	bool found = access(path.ptr, R_OK) == 0;
	buf_free(&path);
	return found;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
start_workers(struct build *b)
{
	b->jobs = b->opt->jobs ? b->opt->jobs : parallel_cpus();
	b->workers = xcalloc(b->jobs, sizeof(*b->workers));
	for (unsigned w = 0; w < b->jobs; w++) {
		b->workers[w].arena = arena_new();
		diag_init_buffered(&b->workers[w].diag);
		buf_init(&b->workers[w].html);
		buf_init(&b->workers[w].path);
		buf_init(&b->workers[w].note);
	}
}

static void
stop_workers(struct build *b)
{
	for (unsigned w = 0; w < b->jobs; w++) {
		arena_free(b->workers[w].arena);
		diag_close(&b->workers[w].diag);
		buf_free(&b->workers[w].html);
		buf_free(&b->workers[w].path);
		buf_free(&b->workers[w].note);
	}
	free(b->workers);
}

const char *const site_phase_names[SITE_PHASES] = {[SITE_SCAN] = "scan",
                                                   [SITE_TEMPLATES] = "templates",
                                                   [SITE_MARKDOWN] = "markdown",
                                                   [SITE_CONTEXT] = "context",
                                                   [SITE_WRITE] = "write"};

/* Charges the time since *mark to phase, and moves the mark. */
static void
lap(struct site_stats *stats, enum site_phase phase, double *mark)
{
	double t = now();
	stats->phase[phase] += t - *mark;
	*mark = t;
}

/* Frees what a build made. */
static void
release(struct build *b)
{
	content_free(&b->content);
	strmap_free(&b->outputs);
	strmap_free(&b->known);
	if (!b->templates_cached)
		templates_free(&b->templates);
	arena_free(b->arena);
}

/* A session keeps a build that reported nothing, for site_patch(). */
static void
keep_build(struct site_cache *cache, const struct build *b)
{
	site_cache_drop(cache);
	struct build *kept = cache->last = xmalloc(sizeof(*cache->last));
	*kept = *b;
	/* Links resolve against the build where it now lives. */
	for (size_t l = 0; l < kept->content.nlangs; l++)
		kept->scopes[l] = (struct links_scope){&kept->content, &kept->outputs, (int)l};
}

void
site_cache_drop(struct site_cache *cache)
{
	if (cache->last == NULL)
		return;
	release(cache->last);
	free(cache->last);
	cache->last = NULL;
}

int
site_run(const struct site_options *opt, struct diag *d, struct sink *sink,
         struct site_cache *cache, struct site_stats *stats)
{
	double start = now(), mark = start;
	struct build b = {.opt = opt,
	                  .diag = d,
	                  .errors = d->errors,
	                  .reports = diag_reports(d),
	                  .arena = arena_new(),
	                  .cache = cache};
	start_workers(&b);
	/* Tag pages are made only for templates that can show them. */
	struct content_options co = {.drafts = opt->drafts,
	                             .tag_pages = has_layout(opt, "tags") && has_layout(opt, "tag"),
	                             .jobs = b.jobs,
	                             .cache = cache ? cache->pages : NULL};
	int status = -1;
	memset(stats, 0, sizeof(*stats));

	/* Every phase runs whose input is usable, so that one build reports
	 * every independent problem; only writing needs no errors at all. */
	bool content_ok = content_scan(b.arena, d, opt->content_dir, &co, &b.content) == 0;
	if (b.content.nlangs == 0)
		goto out;
	for (size_t l = 0; l < b.content.nlangs; l++)
		factcheck_data(d, b.content.langs[l].data);
	outdir_keep_load(b.arena, d, b.content.site, &b.keep);
	if (services_load(d, b.content.site, &b.services) == 0)
		services_plan(b.arena, d, &b.content, opt->verbose, &b.services);
	lap(stats, SITE_SCAN, &mark);
	bool templates_ok = load_templates(&b);
	if (templates_ok)
		pick_layouts(&b);
	b.search = templates_ok && templates_get(&b.templates, "search", 6) != NULL;
	check_outputs(&b, content_ok);
	lap(stats, SITE_TEMPLATES, &mark);
	render_markdown(&b, stats);
	/* Links to ids too, so that every link problem is reported at once. */
	links_check_anchors(d, &b.content, b.md);
	lap(stats, SITE_MARKDOWN, &mark);
	b.sites = context_sites(b.arena, d, &b.content);
	if (b.sites != NULL) {
		add_build_date(&b);
		add_feed_urls(&b);
	}
	lap(stats, SITE_CONTEXT, &mark);
	if (d->errors > b.errors) {
		/* Templates meet only sound content, lest they warn about
		 * what a broken page or data file failed to define. */
		struct sink none;
		sink_init_none(&none);
		b.sink = &none;
		if (content_ok && templates_ok && b.sites != NULL)
			write_pages(&b, stats);
		goto out;
	}
	plan_pages(&b);
	if (write_output(&b, sink, stats) != 0)
		goto out;
	lap(stats, SITE_WRITE, &mark);
	status = 0;
	if (cache != NULL)
		deps_commit(cache->deps, &b.content, b.md_key, b.noisy);
out:
	if (cache != NULL && status != 0)
		deps_reset(cache->deps);
	stop_workers(&b);
	if (status == 0 && cache != NULL && b.templates_cached && diag_reports(d) == b.reports)
		keep_build(cache, &b);
	else
		release(&b);
	stats->seconds = now() - start;
	return status;
}

int
site_build(const struct site_options *opt, struct diag *d, struct site_stats *stats)
{
	struct sink disk;
	sink_init_disk(&disk, opt->output_dir);
	int status = site_run(opt, d, &disk, NULL, stats);
	sink_abort(&disk, d);
	return status;
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
	uint64_t head = pagecache_hash(r->src, (size_t)(r->fm.body - r->src), 0);
	return head == b->content.pages[r->page].head_hash;
}

/* Renders page r->page's new body, as render_markdown() would have. */
static bool
rerender(struct build *b, const struct reread *r, struct site_stats *stats)
{
	size_t i = (size_t)r->page, before = diag_reports(b->diag);
	struct page *p = &b->content.pages[i];
	if (pagecache_hash(r->fm.body, r->fm.body_len, 0) == p->body_hash)
		return true; /* saved as it was */
	markdown_render(b->arena, b->diag, &b->markdown[p->lang], p->src, p->dir, p->url,
	                r->fm.body_line, r->fm.body, r->fm.body_len, VALUE_ROOT_MARK_RAW,
	                &b->resolvers[p->lang], &b->md[i]);
	p->body_hash = pagecache_hash(r->fm.body, r->fm.body_len, 0);
	p->body_len = r->fm.body_len;
	b->changed_md = true;
	b->md_key[i] = mdcache_key(&b->markdown[p->lang], p);
	stats->markdown++;
	if (diag_reports(b->diag) != before)
		return false;
	cache_markdown(b, i, true);
	keep_markdown(b, i);
	context_set_markdown(b->arena, p);
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
	if (b->changed_md && markdown_shown(b))
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
	    templates_mention(&t, "toc") != b->toc_wanted) {
		templates_free(&t);
		arena_free(a);
		return false;
	}
	templates_free(&c->templates);
	arena_free(c->tpl_arena);
	c->templates = b->templates = t;
	c->tpl_arena = a;
	pick_layouts(b);
	b->kept = NULL;
	return diag_reports(b->diag) == 0;
}

int
site_patch(struct site_cache *cache, bool templates, struct sink *sink, struct site_stats *stats)
{
	struct build *b = cache->last;
	if (b == NULL || !cache->templates_valid || cache->nchanged == 0)
		return -1;
	double start = now(), mark = start;
	memset(stats, 0, sizeof(*stats));
	stats->patched = true;
	/* Any message gives up: the full rebuild reports it in its place. */
	struct diag quiet;
	diag_init_buffered(&quiet);
	b->diag = &quiet;
	b->errors = 0;
	b->cache = cache;
	b->sink_has_last = true;
	b->changed_md = false;
	bool ok =
	    (templates ? patch_templates(b) : patch_bodies(b, stats)) && diag_reports(&quiet) == 0;
	lap(stats, templates ? SITE_TEMPLATES : SITE_MARKDOWN, &mark);
	if (ok) {
		start_workers(b);
		ok = write_output(b, sink, stats) == 0 && diag_reports(&quiet) == 0;
		stop_workers(b);
		lap(stats, SITE_WRITE, &mark);
	}
	/* The last site now has the edited pages' new Markdown. */
	for (size_t k = 0; ok && !templates && k < cache->nchanged; k++) {
		long i = page_of(&b->content, cache->changed[k]);
		deps_set_markdown(cache->deps, b->content.pages[i].rel, b->md_key[i]);
	}
	diag_close(&quiet);
	b->diag = NULL;
	stats->seconds = now() - start;
	return ok ? 0 : -1;
}
