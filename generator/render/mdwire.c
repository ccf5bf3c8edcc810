#include "mdwire.h"

#include <string.h>

/* More headings, anchors, links or reports than any page has: bytes gone wrong. */
#define MDWIRE_MAX (1u << 24)

/* A count, then room in arena for that many items of size bytes (NULL for none). */
static void *
get_items(struct wire *in, struct arena *arena, size_t size, size_t *n)
{
	*n = wire_count(in, MDWIRE_MAX);
	return *n ? arena_alloc(arena, *n * size) : NULL;
}

static void
put_toc(struct buf *out, const struct markdown_page *page)
{
	wire_put_u64(out, page->toc_len);
	for (size_t i = 0; i < page->toc_len; i++) {
		wire_put_u64(out, (uint64_t)page->toc[i].level);
		wire_put_str(out, page->toc[i].id);
		wire_put_str(out, page->toc[i].text);
	}
	/* The section texts, when kept, follow the toc: one more than it. */
	wire_put_u64(out, page->section_text != NULL);
	for (size_t i = 0; page->section_text != NULL && i <= page->toc_len; i++)
		wire_put_str(out, page->section_text[i]);
}

static void
get_toc(struct wire *in, struct arena *arena, struct markdown_page *page)
{
	page->toc = get_items(in, arena, sizeof(*page->toc), &page->toc_len);
	for (size_t i = 0; i < page->toc_len; i++) {
		page->toc[i].level = (int)wire_u64(in);
		page->toc[i].id = wire_str(in, arena);
		page->toc[i].text = wire_str(in, arena);
	}
	if (wire_u64(in) == 0 || in->bad)
		return;
	size_t n = page->toc_len + 1;
	page->section_text = arena_alloc(arena, n * sizeof(*page->section_text));
	for (size_t i = 0; i < n; i++)
		page->section_text[i] = wire_str(in, arena);
}

static void
put_anchors(struct buf *out, const struct markdown_page *page)
{
	wire_put_u64(out, page->anchors_len);
	for (size_t i = 0; i < page->anchors_len; i++) {
		const struct markdown_anchor *a = &page->anchors[i];
		wire_put_u64(out, (uint64_t)a->page);
		wire_put_str(out, a->id);
		wire_put_ptr(out, a->pos.path);
		wire_put_u64(out, a->pos.line);
		wire_put_u64(out, a->pos.col);
	}
}

static void
get_anchors(struct wire *in, struct arena *arena, struct markdown_page *page)
{
	page->anchors = get_items(in, arena, sizeof(*page->anchors), &page->anchors_len);
	for (size_t i = 0; i < page->anchors_len; i++) {
		struct markdown_anchor *a = &page->anchors[i];
		a->page = (long)wire_u64(in);
		a->id = wire_str(in, arena);
		a->pos.path = wire_ptr(in);
		a->pos.line = (unsigned)wire_u64(in);
		a->pos.col = (unsigned)wire_u64(in);
	}
}

static void
put_links(struct buf *out, const struct markdown_page *page)
{
	wire_put_u64(out, page->links_len);
	for (size_t i = 0; i < page->links_len; i++) {
		wire_put_str(out, page->links[i].href);
		wire_put_str(out, page->links[i].out);
		wire_put_u64(out, page->links[i].line);
		wire_put_u64(out, page->links[i].col);
	}
}

static void
get_links(struct wire *in, struct arena *arena, struct markdown_page *page)
{
	page->links = get_items(in, arena, sizeof(*page->links), &page->links_len);
	for (size_t i = 0; i < page->links_len; i++) {
		page->links[i].href = wire_str(in, arena);
		page->links[i].out = wire_str(in, arena);
		page->links[i].line = (unsigned)wire_u64(in);
		page->links[i].col = (unsigned)wire_u64(in);
	}
}

void
mdwire_put_page(struct buf *out, const struct markdown_page *page, bool quiet)
{
	wire_put_str(out, page->html);
	wire_put_str(out, page->summary);
	put_toc(out, page);
	put_anchors(out, page);
	put_links(out, page);
	wire_put_u64(out, page->charts);
	if (page->html_ids == NULL) {
		wire_put_str(out, NULL);
	} else {
		wire_put_u64(out, page->html_ids_len);
		buf_put(out, page->html_ids, page->html_ids_len);
	}
	wire_put_u64(out, page->has_toc);
	wire_put_u64(out, quiet);
}

bool
mdwire_get_page(struct wire *in, struct arena *arena, struct markdown_page *page)
{
	memset(page, 0, sizeof(*page));
	page->html = wire_str(in, arena);
	page->summary = wire_str(in, arena);
	get_toc(in, arena, page);
	get_anchors(in, arena, page);
	get_links(in, arena, page);
	page->charts = (unsigned)wire_u64(in);
	/* NUL-separated: wire_str() copies the bytes whole. */
	page->html_ids = wire_str(in, arena);
	const char *e = page->html_ids;
	while (e != NULL && *e != '\0')
		e += strlen(e) + 1;
	page->html_ids_len = e ? (size_t)(e - page->html_ids) : 0;
	page->has_toc = wire_u64(in) != 0;
	return wire_u64(in) != 0 && !in->bad;
}

static void
put_report(void *ctx, const struct diag_report *r)
{
	struct buf *out = ctx;
	wire_put_u64(out, r->kind);
	/* The path as text: a report may name a file through a buffer of
	 * the worker's own (diag keeps its own copy of it too). */
	wire_put_u64(out, r->at.path != NULL);
	wire_put_str(out, r->at.path ? r->at.path : "");
	wire_put_u64(out, r->at.line);
	wire_put_u64(out, r->at.col);
	wire_put_str(out, r->text);
}

void
mdwire_put_diag(struct buf *out, struct diag *from)
{
	wire_put_u64(out, diag_pending(from));
	diag_drain(from, put_report, out);
}

void
mdwire_get_diag(struct wire *in, struct diag *to)
{
	size_t n = wire_count(in, MDWIRE_MAX);
	struct arena *scratch = arena_new();
	for (size_t i = 0; i < n && !in->bad; i++) {
		struct diag_report r = {.kind = (unsigned)wire_u64(in)};
		bool has_path = wire_u64(in) != 0;
		const char *path = wire_str(in, scratch);
		r.at.path = has_path ? path : NULL;
		r.at.line = (unsigned)wire_u64(in);
		r.at.col = (unsigned)wire_u64(in);
		r.text = wire_str(in, scratch);
		if (in->bad || r.text == NULL || !diag_replay(to, &r))
			break;
	}
	arena_free(scratch);
}
