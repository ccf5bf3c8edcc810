/* searchindex: the search index's JavaScript (index.js and its text
 * files), and the section texts markdown.c hands it. (Case and accents
 * are folded by the browser's script: see tests/browser.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "markdown.h"
#include "searchindex.h"

static struct arena *arena;

static enum links_found
nothing(void *ctx, const char *path, struct links_target *out)
{
	(void)ctx;
	*out = (struct links_target){path, -1};
	return LINKS_MISSING;
}

static const struct links_resolver resolver = {nothing, nothing, NULL};

/* Renders src keeping section texts within budget; fails on a message. */
static struct markdown_page
render(const char *src, size_t budget)
{
	struct markdown_page page;
	struct diag d;
	diag_init(&d, stderr);
	struct markdown_options opt = {.text_budget = budget};
	int rc = markdown_render(arena, &d, &opt, "content/a.md", "", "a/index.html", 1, src,
	                         strlen(src), "../", &resolver, &page);
	CHECK_INT(rc, 0);
	CHECK_INT(d.errors, 0);
	diag_close(&d);
	return page;
}

static const char *
js_string(const char *s)
{
	struct buf b = BUF_INIT;
	searchindex_put_string(&b, s, strlen(s));
	const char *r = arena_strdup(arena, b.ptr);
	buf_free(&b);
	return r;
}

TEST(strings_are_safe_in_json_javascript_and_html)
{
	CHECK_STR(js_string("plain écosystème"), "\"plain écosystème\"");
	CHECK_STR(js_string("say \"hi\" \\ back"), "\"say \\\"hi\\\" \\\\ back\"");
	CHECK_STR(js_string("</script><!--"), "\"\\u003c/script>\\u003c!--\"");
	CHECK_STR(js_string("a\xe2\x80\xa8"
	                    "b\xe2\x80\xa9"
	                    "c"),
	          "\"a\\u2028b\\u2029c\"");
	/* '\n' and '\t' separate the index's values: two bytes each. */
	CHECK_STR(js_string("tab\there\nnl\x01\x7f"), "\"tab\\there\\nnl\\u0001\\u007f\"");
	/* Other characters starting with E2 80 stay as they are. */
	CHECK_STR(js_string("a\xe2\x80\x99s \xe2\x80\xa6"), "\"a\xe2\x80\x99s \xe2\x80\xa6\"");
}

TEST(sections_hold_the_text_between_headings)
{
	struct markdown_page p = render("Intro *with* em**phasis**.\n\n"
	                                "## First part\n\nOne `code`\nline.\n\n"
	                                "| a | b |\n|---|---|\n| c | d |\n\n"
	                                "### Deeper\n\n- item one\n- item two\n\n"
	                                "```\nint x;\n```\n",
	                                10000);
	CHECK_INT(p.toc_len, 2);
	CHECK(p.section_text != NULL);
	if (p.section_text == NULL)
		return;
	CHECK_STR(p.section_text[0], "Intro with emphasis.");
	CHECK_STR(p.section_text[1], "One code line. a b c d");
	CHECK_STR(p.section_text[2], "item one item two int x;");
	CHECK_STR(p.toc[0].text, "First part");
}

TEST(no_budget_keeps_no_text)
{
	struct markdown_page p = render("Text.\n\n## Head\n\nMore.\n", 0);
	CHECK(p.section_text == NULL);
	CHECK_INT(p.toc_len, 1);
}

TEST(the_budget_is_shared_and_cut_at_words)
{
	/* 2 sections, budget 100: each keeps 50 bytes at most, cut at a space
	 * (the 50th byte ends "iota"). */
	const char *words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
	char *src = arena_printf(arena, "%s\n\n## H\n\n%s\n", words, words);
	struct markdown_page p = render(src, 100);
	CHECK_STR(p.section_text[0], "alpha beta gamma delta epsilon zeta eta theta iota");
	CHECK_STR(p.section_text[1], "alpha beta gamma delta epsilon zeta eta theta iota");
	/* Many sections still keep MARKDOWN_SECTION_TEXT_MIN bytes each. */
	p = render(src, 10);
	CHECK(strlen(p.section_text[1]) <= MARKDOWN_SECTION_TEXT_MIN);
	CHECK(strlen(p.section_text[1]) > MARKDOWN_SECTION_TEXT_MIN - 10);
}

TEST(section_texts_cross_the_wire)
{
	struct markdown_page p = render("Before.\n\n## A\n\nAfter a.\n", 1000), back;
	struct buf b = BUF_INIT;
	markdown_page_save(&p, &b);
	struct wire w = {b.ptr, b.ptr + b.len, false, -1, NULL};
	markdown_page_load(&w, arena, &back);
	CHECK(!w.bad);
	CHECK_INT(back.toc_len, 1);
	CHECK_STR(back.section_text[0], "Before.");
	CHECK_STR(back.section_text[1], "After a.");
	buf_clear(&b);
	p = render("No budget.\n", 0);
	markdown_page_save(&p, &b);
	w = (struct wire){b.ptr, b.ptr + b.len, false, -1, NULL};
	markdown_page_load(&w, arena, &back);
	CHECK(!w.bad);
	CHECK(back.section_text == NULL);
	buf_free(&b);
}

TEST(an_index_is_titles_first_and_text_after)
{
	struct markdown_page a =
	    render("Intro.\n\n## Part a < b\n\nIts text.\n\n## Part a < b\n", 1000);
	struct markdown_page b = render("", 1000);
	struct searchindex ix;
	struct buf out = BUF_INIT;
	searchindex_begin(&ix, "fr", 2);
	searchindex_add(&ix,
	                &(struct searchindex_page){"fr/a/index.html", "A \"t\"\nx", "Sum", &a});
	CHECK(!searchindex_text_ready(&ix));
	searchindex_add(&ix, &(struct searchindex_page){"fr/index.html", "Home", NULL, &b});
	CHECK(searchindex_text_ready(&ix));
	searchindex_text_take(&ix, &out);
	/* The second heading's id (part-a-b-1) is not the one the script
	 * derives: it is written, and the first left empty. */
	CHECK_STR(out.ptr,
	          "/* brief's search index: generated by brief build, do not edit. */\n"
	          "window.briefSearch.x[0]={\"h\":\"Part a \\u003c b\\tPart a \\u003c b\\n\","
	          "\"i\":\"\\tpart-a-b-1\\n\",\"s\":\"Sum\\n\","
	          "\"x\":\"Intro.\\tIts text.\\t\\n\"};\n");
	CHECK(!searchindex_text_ready(&ix));
	searchindex_end(&ix, &out);
	/* A control character in a title is a space: '\n' separates pages. */
	CHECK_STR(out.ptr,
	          "/* brief's search index: generated by brief build, do not edit. */\n"
	          "window.briefSearch={\"v\":2,\"l\":\"fr\",\"n\":2,\"k\":1,\"p\":2,\"x\":[],"
	          "\"u\":\"fr/a/\\nfr/\",\"t\":\"A \\\"t\\\" x\\nHome\"};\n");
	buf_free(&out);
	CHECK_STR(searchindex_path(arena, ""), "search/index.js");
	CHECK_STR(searchindex_path(arena, "fr/"), "fr/search/index.js");
}

/* The i field of a one-page text file whose page has the heading and id. */
static const char *
ids_of(const char *heading, const char *id)
{
	struct markdown_heading toc = {.id = id, .text = heading};
	const char *text[] = {"", ""};
	struct markdown_page md = {.toc = &toc, .toc_len = 1, .section_text = text};
	struct searchindex ix;
	struct buf out = BUF_INIT;
	searchindex_begin(&ix, "en", 1);
	searchindex_add(&ix, &(struct searchindex_page){"x.html", "X", NULL, &md});
	searchindex_text_take(&ix, &out);
	const char *i = strstr(out.ptr, "\"i\":");
	const char *r = i != NULL ? arena_strndup(arena, i + 4, strcspn(i + 4, ",")) : "";
	searchindex_end(&ix, &out);
	buf_free(&out);
	return r;
}

TEST(ids_the_script_derives_are_left_out)
{
	CHECK_STR(ids_of("What the statuses mean", "what-the-statuses-mean"), "\"\"");
	CHECK_STR(ids_of("  C++ & C: 2018!", "c-c-2018"), "\"\"");
	/* Not derived: a suffix, a non-ASCII heading, nothing left, another id. */
	CHECK_STR(ids_of("Notes", "notes-1"), "\"notes-1\"");
	CHECK_STR(ids_of("Écosystème", "ecosysteme"), "\"ecosysteme\"");
	CHECK_STR(ids_of("!!!", "section"), "\"section\"");
	CHECK_STR(ids_of("Notes", "note"), "\"note\"");
	CHECK_STR(ids_of("Note", "notes"), "\"notes\"");
}

TEST(text_files_share_the_pages_evenly)
{
	struct markdown_page md = render("Text.\n", 1000);
	struct searchindex ix;
	struct buf out = BUF_INIT;
	/* 2,001 pages: 3 files of 667 pages (never more than 1,000). */
	searchindex_begin(&ix, "en", 2 * SEARCHINDEX_FILE_PAGES + 1);
	size_t taken[4] = {0}, files = 0;
	for (size_t i = 0; i < 2 * SEARCHINDEX_FILE_PAGES + 1; i++) {
		searchindex_add(&ix, &(struct searchindex_page){"p/index.html", "P", NULL, &md});
		if (searchindex_text_ready(&ix) && files < 4) {
			searchindex_text_take(&ix, &out);
			taken[files++] = i + 1;
		}
	}
	CHECK_INT(files, 3);
	CHECK_INT(taken[0], 667);
	CHECK_INT(taken[1], 1334);
	CHECK_INT(taken[2], 2001);
	CHECK(strstr(out.ptr, "window.briefSearch.x[2]={") != NULL);
	searchindex_end(&ix, &out);
	CHECK(strstr(out.ptr, "\"n\":2001,\"k\":3,\"p\":667,") != NULL);
	/* No page: no text file. */
	searchindex_begin(&ix, "en", 0);
	CHECK(!searchindex_text_ready(&ix));
	searchindex_end(&ix, &out);
	CHECK(strstr(out.ptr, "\"n\":0,\"k\":0,\"p\":0,\"x\":[],\"u\":\"\",\"t\":\"\"}") != NULL);
	buf_free(&out);
}

int
main(void)
{
	arena = arena_new();
	markdown_init();
	RUN(strings_are_safe_in_json_javascript_and_html);
	RUN(sections_hold_the_text_between_headings);
	RUN(no_budget_keeps_no_text);
	RUN(the_budget_is_shared_and_cut_at_words);
	RUN(section_texts_cross_the_wire);
	RUN(an_index_is_titles_first_and_text_after);
	RUN(ids_the_script_derives_are_left_out);
	RUN(text_files_share_the_pages_evenly);
	arena_free(arena);
	return check_summary();
}
