#include "site.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "content.h"
#include "context.h"
#include "factcheck.h"
#include "fsutil.h"
#include "links.h"
#include "markdown.h"
#include "mustache.h"
#include "outdir.h"
#include "parallel.h"
#include "searchindex.h"
#include "services.h"
#include "sink.h"
#include "site_build.h"
#include "site_cache.h"
#include "site_markdown.h"
#include "strmap.h"
#include "templates.h"

/* The template each page renders with; an unknown name is an error at
 * the page's layout: line, or once per missing default. */
void
site_pick_layouts(struct build *b)
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

static void
render_markdown(struct build *b, struct site_stats *stats)
{
	struct site_markdown *m = &b->mdp;
	*m = (struct site_markdown){.arena = b->arena,
	                            .diag = b->diag,
	                            .content = &b->content,
	                            .templates = &b->templates,
	                            .outputs = &b->outputs,
	                            .cache = b->cache,
	                            .jobs = b->jobs,
	                            .search = b->search,
	                            .keyed = b->bcache != NULL,
	                            .plan = b->bcache != NULL ? site_diskcache_plan : NULL,
	                            .plan_ctx = b};
	if (b->streamed != NULL)
		site_stream_markdown(b, m);
	site_markdown_run(m);
	b->md = m->md;
	if (b->bcache != NULL)
		site_diskcache_anchors(b);
	b->md_key = m->md_key;
	b->md_fresh = m->md_fresh;
	stats->markdown = m->rendered;
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
	size_t nsearch = 0;
	const char **search = b->search ? searchindex_outputs(b->arena, c, &nsearch) : NULL;
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
			out = search[i - nbuilt];
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
add_build_date(struct build *b, struct diag *d)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch == NULL || *epoch == '\0')
		return;
	char *end;
	time_t t = (time_t)strtoll(epoch, &end, 10);
	struct tm tm;
	if (*end != '\0' || gmtime_r(&t, &tm) == NULL) {
		diag_warning(d, (struct pos){0}, "SOURCE_DATE_EPOCH is not a number: ignored");
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

void
site_context(struct build *b, struct diag *d)
{
	size_t before = diag_reports(d);
	b->sites = context_sites(b->arena, d, &b->content);
	if (diag_reports(d) != before)
		b->sites = NULL; /* its errors: a buffered d counts none yet */
	if (b->sites != NULL) {
		add_build_date(b, d);
		add_feed_urls(b);
	}
	b->context_done = true;
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

bool
site_markdown_shown(const struct build *b)
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
	b->noisy = arena_alloc(b->arena, (b->content.npages + 1) * sizeof(*b->noisy));
	if (!c->render_all)
		b->kept = deps_plan(c->deps, b->arena, &b->content, b->md_key, b->md_fresh,
		                    site_markdown_shown(b));
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

double
site_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
site_start_workers(struct build *b)
{
	b->jobs = b->opt->jobs ? b->opt->jobs : parallel_cpus();
	b->workers = xcalloc(b->jobs, sizeof(*b->workers));
	for (unsigned w = 0; w < b->jobs; w++) {
		b->workers[w].arena = arena_new();
		b->workers[w].made = arena_new();
		diag_init_buffered(&b->workers[w].diag);
		buf_init(&b->workers[w].html);
		buf_init(&b->workers[w].path);
		buf_init(&b->workers[w].note);
	}
}

void
site_stop_workers(struct build *b)
{
	for (unsigned w = 0; w < b->jobs; w++) {
		arena_free(b->workers[w].arena);
		arena_free(b->workers[w].made);
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

void
site_lap(struct site_stats *stats, enum site_phase phase, double *mark)
{
	double t = site_now();
	stats->phase[phase] += t - *mark;
	*mark = t;
}

/* Scans content/, checks data figures against their quotes, reads keep:
 * and the services site.yaml asks for. Returns whether the scan itself
 * reported no error; with no language at all, nothing else ran. */
static bool
scan(struct build *b)
{
	const struct site_options *opt = b->opt;
	struct content *c = &b->content;
	/* Tag pages are made only for templates that can show them. */
	struct content_options co = {.drafts = opt->drafts,
	                             .tag_pages = has_layout(opt, "tags") && has_layout(opt, "tag"),
	                             .jobs = b->jobs,
	                             .cache = b->cache ? b->cache->pages : NULL,
	                             /* enough for 10,000 pages of the bench */
	                             .hold_bytes = b->cache || b->bcache ? 0 : 64 << 20,
	                             .scan = b->bcache ? buildcache_scancache(b->bcache) : NULL};
	bool ok = content_scan(b->arena, b->diag, opt->content_dir, &co, c) == 0;
	if (c->nlangs == 0)
		return ok;
	for (size_t l = 0; l < c->nlangs; l++)
		factcheck_data(b->diag, c->langs[l].data);
	outdir_keep_load(b->arena, b->diag, c->site, &b->keep);
	if (services_load(b->diag, c->site, &b->services) == 0)
		services_plan(b->arena, b->diag, c, opt->verbose, &b->services);
	return ok;
}

void
site_build_release(struct build *b)
{
	content_free(&b->content);
	strmap_free(&b->outputs);
	strmap_free(&b->known);
	if (b->streamed != NULL)
		diag_close(&b->stream_diag);
	if (!b->templates_cached)
		templates_free(&b->templates);
	arena_free(b->arena);
}

int
site_run(const struct site_options *opt, struct diag *d, struct sink *sink,
         struct site_cache *cache, struct site_stats *stats)
{
	double start = site_now(), mark = start;
	struct build b = {.opt = opt,
	                  .diag = d,
	                  .errors = d->errors,
	                  .reports = diag_reports(d),
	                  .arena = arena_new(),
	                  .cache = cache,
	                  .bcache = sink->kind == SINK_DISK ? sink->cache : NULL};
	site_start_workers(&b);
	int status = -1;
	memset(stats, 0, sizeof(*stats));

	/* Every phase runs whose input is usable, so that one build reports
	 * every independent problem; only writing needs no errors at all. */
	bool content_ok = scan(&b);
	if (b.content.nlangs == 0)
		goto out;
	site_lap(stats, SITE_SCAN, &mark);
	bool templates_ok = load_templates(&b);
	if (templates_ok)
		site_pick_layouts(&b);
	b.search = templates_ok && templates_get(&b.templates, "search", 6) != NULL;
	check_outputs(&b, content_ok);
	if (b.bcache != NULL)
		site_diskcache_begin(&b);
	site_lap(stats, SITE_TEMPLATES, &mark);
	/* Context first when pages may stream, its messages held for their turn. */
	struct diag later;
	diag_init_buffered(&later);
	if (content_ok && templates_ok && site_stream_begin(&b, sink, &later))
		site_lap(stats, SITE_CONTEXT, &mark);
	render_markdown(&b, stats);
	/* Links to ids too, so that every link problem is reported at once. */
	links_check_anchors(d, &b.content, b.md);
	if (b.bcache != NULL && d->errors == b.errors)
		site_diskcache_link_begin(&b, sink);
	site_lap(stats, SITE_MARKDOWN, &mark);
	if (b.context_done)
		site_stream_end(&b, &later, stats);
	else
		site_context(&b, d);
	diag_close(&later);
	site_lap(stats, SITE_CONTEXT, &mark);
	if (d->errors > b.errors) {
		/* Templates meet only sound content, lest they warn about
		 * what a broken page or data file failed to define. */
		struct sink none;
		sink_init_none(&none);
		b.sink = &none;
		if (content_ok && templates_ok && b.sites != NULL)
			site_write_pages(&b, stats);
		goto out;
	}
	plan_pages(&b);
	if (site_write_output(&b, sink, stats) != 0)
		goto out;
	site_lap(stats, SITE_WRITE, &mark);
	status = 0;
	if (cache != NULL)
		deps_commit(cache->deps, &b.content, b.md_key, b.noisy);
	if (b.bcache != NULL)
		site_diskcache_save(&b);
out:
	site_diskcache_link_end(&b, false);
	if (cache != NULL && status != 0)
		deps_reset(cache->deps);
	site_stop_workers(&b);
	if (status == 0 && cache != NULL && b.templates_cached && diag_reports(d) == b.reports)
		site_patch_keep(cache, &b);
	else
		site_build_release(&b);
	stats->seconds = site_now() - start;
	return status;
}

int
site_build(const struct site_options *opt, struct diag *d, struct site_stats *stats)
{
	struct sink disk;
	sink_init_disk(&disk, opt->output_dir);
	disk.cache = opt->no_cache ? NULL : buildcache_open(opt->output_dir);
	if (disk.cache != NULL) {
		double start = site_now();
		memset(stats, 0, sizeof(*stats));
		stats->uptodate = site_diskcache_uptodate(opt, d, disk.cache);
		stats->seconds = site_now() - start;
		if (stats->uptodate) {
			buildcache_free(disk.cache);
			return d->errors > 0 ? -1 : 0;
		}
	}
	sink_prepare(&disk);
	int status = site_run(opt, d, &disk, NULL, stats);
	sink_abort(&disk, d);
	buildcache_free(disk.cache);
	return status;
}
