#include "site_stream.h"

#include "context.h"
#include "services.h"
#include "site_build.h"

/* Whether b can stream: a plain build (no session, no build cache: what
 * they keep of each page is not yet handed back by the worker processes)
 * into a staging folder (or none),
 * nothing failed so far, and no template shows another page's Markdown. */
static bool
may_stream(const struct build *b, const struct sink *sink)
{
	return b->cache == NULL && b->bcache == NULL && (sink->kind == SINK_DISK || sink->kind == SINK_NONE) &&
	       b->diag->errors == b->errors && !site_markdown_shown(b);
}

bool
site_stream_begin(struct build *b, struct sink *sink, struct diag *later)
{
	if (!may_stream(b, sink))
		return false;
	struct content *c = &b->content;
	/* A toc for each page, filled in later, keeps the values' keys in
	 * the order they have when made after the Markdown. */
	if (templates_mention(&b->templates, "toc")) {
		struct value *none = value_list(b->arena, (struct pos){0});
		for (size_t i = 0; i < c->npages; i++)
			c->pages[i].toc = none;
	}
	size_t before = diag_reports(later);
	site_context(b, later);
	if (b->sites == NULL || diag_reports(later) != before ||
	    sink_begin(sink, b->diag, &b->keep) != 0)
		return true;
	b->sink = sink;
	b->begun = true;
	bool *shown = arena_alloc(b->arena, (c->npages + 1) * sizeof(*shown));
	services_mark_shown(&b->services, c, shown);
	b->streamed = arena_alloc(b->arena, (c->npages + 1) * sizeof(*b->streamed));
	for (size_t i = 0; i < c->npages; i++)
		b->streamed[i] = b->layouts[i] != NULL && !shown[i];
	diag_init_buffered(&b->stream_diag);
	/* Forked Markdown workers render with the first render thread's. */
	b->workers[0].top = context_top(b->workers[0].arena);
	return true;
}

/* In a Markdown worker process: page i's template, into the staging folder. */
static bool
stream_page(void *ctx, size_t i, struct diag *d)
{
	struct build *b = ctx;
	return site_render_page(b, &b->workers[0], d, i) == 0;
}

void
site_stream_markdown(struct build *b, struct site_markdown *m)
{
	m->streamed = b->streamed;
	m->stream = stream_page;
	m->stream_ctx = b;
	m->stream_diag = &b->stream_diag;
}

void
site_stream_end(struct build *b, struct diag *later, struct site_stats *stats)
{
	diag_flush(later, b->diag);
	for (size_t i = 0; b->streamed != NULL && i < b->content.npages; i++)
		stats->streamed += b->streamed[i];
}
