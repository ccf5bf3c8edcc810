/*
 * site_write: the write phase of a build: each page's template rendered
 * on the render threads (or by a Markdown worker, site_stream.c) and
 * written to the sink, the copied files, the search index and services,
 * and the optional link check of the staged folder.
 */
#include <string.h>

#include "buf.h"
#include "buildcache.h"
#include "context.h"
#include "linkcheck.h"
#include "mustache.h"
#include "pagevalue.h"
#include "parallel.h"
#include "searchindex.h"
#include "services.h"
#include "sink.h"
#include "site_build.h"
#include "sitelimits.h"
#include "strmap.h"
#include "templates.h"

/* Hands every worker's diagnostics to the build's, in page order. */
static void
flush_workers(struct build *b)
{
	for (unsigned w = 0; w < b->jobs; w++)
		diag_flush(&b->workers[w].diag, b->diag);
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
name_page(struct build *b, struct worker *wk, struct diag *d, size_t i)
{
	const struct page *p = &b->content.pages[i];
	const char *tpl = mustache_path(b->layouts[i]);
	buf_clear(&wk->note);
	if (p->rel != NULL)
		buf_printf(&wk->note, "while rendering this page with %s", tpl);
	else
		buf_printf(&wk->note, "while rendering %s, made from this, with %s", p->url, tpl);
	diag_set_context(d, p->rel != NULL ? diag_file(p->src) : p->pos, wk->note.ptr);
}

int
site_render_page(struct build *b, struct worker *wk, struct diag *d, size_t i)
{
	const struct page *p = &b->content.pages[i];
	size_t before = diag_reports(d);
	struct mustache_env env = {.lookup = templates_lookup,
	                           .lookup_ctx = &b->templates,
	                           .emit = context_emit,
	                           .emit_ctx = wk->top,
	                           .get = pagevalue_get,
	                           .get_ctx = wk->made,
	                           .diag = d,
	                           .missing = report_missing,
	                           .missing_ctx = d,
	                           .max_depth = sitelimits_get()->template_depth,
	                           .max_bytes = sitelimits_get()->page_bytes,
	                           .limit = sitelimits_report_render};
	context_point(wk->top, &b->content, b->sites, (long)i);
	buf_clear(&wk->html);
	name_page(b, wk, d, i);
	int rendered = mustache_render(b->layouts[i], wk->top, &env, &wk->html);
	arena_reset(wk->made);
	wk->rendered++;
	diag_set_context(d, (struct pos){0}, NULL);
	if (b->noisy != NULL)
		b->noisy[i] = diag_reports(d) != before;
	if (rendered != 0 || sink_write(b->sink, d, p->url, wk->html.ptr, wk->html.len) != 0)
		return -1;
	wk->written++;
	return 0;
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
		bool by_linker = b->linked != NULL && b->sink == b->link_sink;
		bool kept =
		    b->kept != NULL && b->kept[i] &&
		    (b->sink_has_last || (by_linker ? b->linked[i] : sink_keep(b->sink, p->url)));
		if (kept || (b->streamed != NULL && b->streamed[i])) {
			wk->rendered += !kept; /* streamed: by a Markdown worker */
			wk->written++;
			continue;
		}
		if (site_render_page(b, wk, &wk->diag, i) != 0)
			return;
	}
}

int
site_write_pages(struct build *b, struct site_stats *stats)
{
	for (unsigned w = 0; w < b->jobs; w++)
		b->workers[w].top = context_top(b->workers[w].arena);
	/* A build that failed renders into no sink, for its messages. */
	site_diskcache_link_end(b, b->sink == b->link_sink);
	parallel_for(b->content.npages, b->jobs, write_slice, b);
	if (b->streamed != NULL)
		diag_flush(&b->stream_diag, b->diag);
	flush_workers(b);
	for (unsigned w = 0; w < b->jobs; w++) {
		stats->pages += b->workers[w].written;
		stats->rendered += b->workers[w].rendered;
	}
	return b->diag->errors > b->errors ? -1 : 0;
}

/* Whether the session's watcher, or the build cache, tells of no change
 * to file f. */
static bool
unchanged(const struct build *b, const struct content_file *f)
{
	const char *src = f->src;
	if (b->bcache != NULL)
		return buildcache_file_unchanged(b->bcache, f->rel, src);
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
		if (!unchanged(b, &files[i]) || !sink_keep(b->sink, files[i].rel))
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

/* Every page and file into the sink. */
static int
write_all(struct build *b, struct sink *sink, struct site_stats *stats)
{
	if (site_write_pages(b, stats) != 0 ||
	    copy_files(b, b->content.files, b->content.nfiles, stats) != 0 ||
	    copy_files(b, b->assets, b->nassets, stats) != 0 || write_services(b) != 0)
		return -1;
	return b->search ? searchindex_write_site(b->diag, sink, &b->content, b->md) : 0;
}

/* The sink stores the pages and files; the disk sink's staging folder
 * goes if anything fails. */
int
site_write_output(struct build *b, struct sink *sink, struct site_stats *stats)
{
	b->sink = sink;
	if (!b->begun && sink_begin(sink, b->diag, &b->keep) != 0)
		return -1;
	int status = write_all(b, sink, stats);
	if (status == 0)
		sink_tidy(sink);
	/* --check reads the staged folder, before it replaces the output */
	if (status != 0 ||
	    (b->opt->check && sink->kind == SINK_DISK && check_stage(b, sink->stage.dir) != 0) ||
	    sink_commit(sink, b->diag, b->outs, b->nouts) != 0) {
		sink_abort(sink, b->diag);
		return -1;
	}
	return 0;
}
