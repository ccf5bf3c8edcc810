/* markdown: any page body rendered (markdown.c) with link rewriting
 * against a small site (fuzz.h), heading ids, a table of contents,
 * ```chart blocks with data, search text; the first byte picks the
 * options. The page then crosses the wire (mdwire.c) as worker processes
 * send it, and must come back whole. */
#include "buf.h"
#include "fuzz.h"
#include "markdown.h"
#include "mdwire.h"
#include "wire.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags = size > 0 ? data[0] : 0;
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct markdown_options opt = {.unsafe_html = flags & 1,
	                               .smart = flags & 2,
	                               .data = fuzz_data(arena),
	                               .text_budget = flags & 4 ? 0 : 1000};
	struct markdown_page page, back;
	fuzz_markdown(arena, &d, (const char *)data, size, &opt, &page);
	for (size_t i = 0; i < page.toc_len; i++)
		FUZZ_ASSERT(page.toc[i].level >= 1 && page.toc[i].level <= 6 && page.toc[i].id[0]);
	struct buf wire = BUF_INIT;
	mdwire_put_page(&wire, &page, true);
	struct wire in = {wire.ptr, wire.ptr + wire.len, false, -1, NULL};
	mdwire_get_page(&in, arena, &back);
	FUZZ_ASSERT(!in.bad && strcmp(back.html, page.html) == 0 && back.toc_len == page.toc_len &&
	            back.anchors_len == page.anchors_len);
	buf_free(&wire);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
