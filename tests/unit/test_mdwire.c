/* mdwire: what a Markdown worker process hands back comes back whole. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "mdwire.h"

static struct arena *arena;

/* Paths cross as pointers: made "before the fork", like a page's source. */
static const char *const src = "content/a.md";

/* A page with every field set, two of each list. */
static struct markdown_page
full_page(void)
{
	static struct markdown_heading toc[] = {{2, "one", "One & all"}, {3, "two", "Two"}};
	static struct markdown_anchor anchors[] = {{4, "x", {"content/a.md", 3, 7}},
	                                           {-1, "sélection", {"content/a.md", 9, 1}}};
	static const char *sections[] = {"Before.", "Under one.", ""};
	static struct markdown_link links[] = {{"b.md#x", "b/index.html#x", 3, 7},
	                                       {"https://example.org/", NULL, 5, 2}};
	anchors[0].pos.path = anchors[1].pos.path = src;
	return (struct markdown_page){.html = "<h2 id=\"one\">One &amp; all</h2>\n",
	                              .summary = "A summary…",
	                              .toc = toc,
	                              .toc_len = 2,
	                              .anchors = anchors,
	                              .anchors_len = 2,
	                              .section_text = sections,
	                              .links = links,
	                              .links_len = 2,
	                              .charts = 3};
}

static bool
same_str(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static void
check_same(const struct markdown_page *a, const struct markdown_page *b)
{
	CHECK(same_str(a->html, b->html));
	CHECK(same_str(a->summary, b->summary));
	CHECK_INT(b->toc_len, a->toc_len);
	for (size_t i = 0; i < a->toc_len && i < b->toc_len; i++) {
		CHECK_INT(b->toc[i].level, a->toc[i].level);
		CHECK(same_str(a->toc[i].id, b->toc[i].id));
		CHECK(same_str(a->toc[i].text, b->toc[i].text));
	}
	CHECK_INT(b->anchors_len, a->anchors_len);
	for (size_t i = 0; i < a->anchors_len && i < b->anchors_len; i++) {
		CHECK_INT(b->anchors[i].page, a->anchors[i].page);
		CHECK(same_str(a->anchors[i].id, b->anchors[i].id));
		CHECK(b->anchors[i].pos.path == a->anchors[i].pos.path);
		CHECK_INT(b->anchors[i].pos.line, a->anchors[i].pos.line);
		CHECK_INT(b->anchors[i].pos.col, a->anchors[i].pos.col);
	}
	CHECK((a->section_text == NULL) == (b->section_text == NULL));
	for (size_t i = 0; a->section_text && b->section_text && i <= a->toc_len; i++)
		CHECK(same_str(a->section_text[i], b->section_text[i]));
	CHECK_INT(b->links_len, a->links_len);
	for (size_t i = 0; i < a->links_len && i < b->links_len; i++) {
		CHECK(same_str(a->links[i].href, b->links[i].href));
		CHECK(same_str(a->links[i].out, b->links[i].out));
		CHECK_INT(b->links[i].line, a->links[i].line);
		CHECK_INT(b->links[i].col, a->links[i].col);
	}
	CHECK_INT(b->charts, a->charts);
}

/* Sends page (and quiet), reads it back: returns quiet as read. */
static bool
round_trip(const struct markdown_page *page, bool quiet, struct markdown_page *back)
{
	struct buf b = BUF_INIT;
	mdwire_put_page(&b, page, quiet);
	wire_put_u64(&b, 42); /* what follows a record is left for the next */
	struct wire in = {b.ptr, b.ptr + b.len, false, -1, NULL};
	bool got = mdwire_get_page(&in, arena, back);
	CHECK_INT(wire_u64(&in), 42);
	CHECK(!in.bad);
	buf_free(&b);
	return got;
}

TEST(a_page_with_every_field_comes_back_whole)
{
	struct markdown_page page = full_page(), back;
	CHECK(round_trip(&page, true, &back));
	check_same(&page, &back);
	CHECK(back.html != page.html); /* copied, not shared */
	CHECK(!round_trip(&page, false, &back));
	check_same(&page, &back);
}

TEST(an_empty_page_comes_back_empty)
{
	struct markdown_page page = {.html = "", .summary = ""}, back;
	CHECK(round_trip(&page, true, &back));
	check_same(&page, &back);
	CHECK(back.toc == NULL && back.anchors == NULL && back.links == NULL);
	CHECK(back.section_text == NULL);
	/* Section texts without a toc: just the one before any heading. */
	const char *before[] = {"Only text."};
	page.section_text = before;
	round_trip(&page, true, &back);
	check_same(&page, &back);
}

TEST(a_record_cut_short_is_bad_not_a_crash)
{
	struct markdown_page page = full_page(), back;
	struct buf b = BUF_INIT;
	mdwire_put_page(&b, &page, true);
	for (size_t len = 0; len < b.len; len++) {
		struct wire in = {b.ptr, b.ptr + len, false, -1, NULL};
		bool quiet = mdwire_get_page(&in, arena, &back);
		CHECK(in.bad && !quiet);
	}
	/* A count no page has: bad at once, nothing allocated for it. */
	buf_clear(&b);
	wire_put_str(&b, "<p>x</p>");
	wire_put_str(&b, "");
	wire_put_u64(&b, UINT64_MAX / 2);
	struct wire in = {b.ptr, b.ptr + b.len, false, -1, NULL};
	mdwire_get_page(&in, arena, &back);
	CHECK(in.bad);
	CHECK(back.toc == NULL && back.toc_len == 0);
	buf_free(&b);
}

/* What the reports of a buffered diag print as, flushed (or sent across
 * the wire when wire is set) into a printing diag. */
static char *
printed(bool wire)
{
	struct diag from;
	diag_init_buffered(&from);
	diag_error(&from, (struct pos){src, 3, 7}, "no page '%s'", "b.md");
	diag_set_context(&from, diag_file(src), "while rendering this");
	diag_warning(&from, (struct pos){src, 9, 1}, "odd");
	diag_set_context(&from, (struct pos){0}, NULL);
	diag_remark(&from, (struct pos){src, 1, 1}, "a remark");
	diag_error(&from, (struct pos){0}, "no position");
	char *text;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	struct diag to;
	diag_init(&to, f);
	if (wire) {
		struct buf b = BUF_INIT;
		mdwire_put_diag(&b, &from);
		CHECK_INT(diag_pending(&from), 0);
		struct wire in = {b.ptr, b.ptr + b.len, false, -1, NULL};
		mdwire_get_diag(&in, &to);
		CHECK(!in.bad);
		buf_free(&b);
	} else {
		diag_flush(&from, &to);
	}
	fprintf(f, "%u errors, %u warnings\n", to.errors, to.warnings);
	diag_close(&to);
	diag_close(&from);
	fclose(f);
	return text;
}

TEST(diagnostics_come_back_as_reported)
{
	char *sent = printed(true), *flushed = printed(false);
	CHECK_STR(sent, flushed);
	CHECK(contains(sent, "content/a.md:3:7: error: no page 'b.md'\n"));
	CHECK(contains(sent, "content/a.md: note: while rendering this\n"));
	CHECK(contains(sent, "2 errors, 1 warnings\n"));
	free(sent);
	free(flushed);
}

TEST(a_report_of_no_known_kind_stops_the_list)
{
	struct buf b = BUF_INIT;
	wire_put_u64(&b, 2);
	wire_put_u64(&b, 99); /* kind */
	wire_put_ptr(&b, src);
	wire_put_u64(&b, 1);
	wire_put_u64(&b, 1);
	wire_put_str(&b, "garbage");
	struct diag to;
	char *text;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	diag_init(&to, f);
	struct wire in = {b.ptr, b.ptr + b.len, false, -1, NULL};
	mdwire_get_diag(&in, &to);
	CHECK_INT(to.errors + to.warnings, 0);
	diag_close(&to);
	fclose(f);
	CHECK_STR(text, "");
	free(text);
	buf_free(&b);
}

int
main(void)
{
	arena = arena_new();
	RUN(a_page_with_every_field_comes_back_whole);
	RUN(an_empty_page_comes_back_empty);
	RUN(a_record_cut_short_is_bad_not_a_crash);
	RUN(diagnostics_come_back_as_reported);
	RUN(a_report_of_no_known_kind_stops_the_list);
	arena_free(arena);
	return check_summary();
}
