/* markdown: cmark-gfm rendering, heading ids, TOC, summaries, link rewriting. */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "markdown.h"

static struct arena *arena;

/* The site the resolver knows: content paths, their URLs and pages. */
static const struct {
	const char *path;
	struct links_target target;
} site[] = {
    {"", {"index.html", 0}},
    {"about.md", {"about/index.html", 1}},
    {"programs/csp.md", {"programs/csp/index.html", 2}},
    {"programs/", {"programs/index.html", 3}},
    {"img/chart.png", {"img/chart.png", -1}},
    {"programs/files/report 2018.pdf", {"programs/files/report 2018.pdf", -1}},
};

static enum links_found
source(void *ctx, const char *path, struct links_target *out)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(site) / sizeof(*site); i++) {
		if (strcmp(site[i].path, path) == 0) {
			*out = site[i].target;
			return LINKS_FOUND;
		}
	}
	return strcmp(path, "notes/draft.md") == 0 ? LINKS_DRAFT : LINKS_MISSING;
}

/* The built site: every page and file above, and one asset. */
static enum links_found
output(void *ctx, const char *path, struct links_target *out)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(site) / sizeof(*site); i++) {
		if (strcmp(site[i].target.url, path) == 0) {
			*out = site[i].target;
			return LINKS_FOUND;
		}
	}
	*out = (struct links_target){path, -1};
	return strcmp(path, "assets/site.css") == 0 ? LINKS_FOUND : LINKS_MISSING;
}

static const struct links_resolver resolver = {source, output, NULL};

/* One render's results: the page, its return code and its diagnostics. */
struct result {
	struct markdown_page page;
	int rc;
	unsigned errors;
	const char *diags;
};

/* Renders src as content/<dir>page.md (output <dir>page/index.html)
 * whose body starts on first_line. */
static struct result
render_as(const char *src, const char *dir, unsigned first_line, const char *root,
          struct markdown_options opt)
{
	struct result r;
	char *text;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	struct diag d;
	diag_init(&d, f);
	const char *path = arena_printf(arena, "content/%spage.md", dir);
	const char *url = arena_printf(arena, "%spage/index.html", dir);
	r.rc = markdown_render(arena, &d, &opt, path, dir, url, first_line, src, strlen(src), root,
	                       &resolver, &r.page);
	fclose(f);
	r.errors = d.errors;
	diag_close(&d);
	r.diags = arena_strdup(arena, text);
	free(text);
	return r;
}

/* The page's links to ids, one a line: "page #id line:col" (page -2 is
 * LINKS_SAME_PAGE), to compare whole. */
static const char *
anchors_of(const struct markdown_page *page)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < page->anchors_len; i++) {
		const struct markdown_anchor *a = &page->anchors[i];
		buf_printf(&b, "%ld #%s %u:%u\n", a->page, a->id, a->pos.line, a->pos.col);
	}
	const char *s = arena_strdup(arena, b.ptr);
	buf_free(&b);
	return s;
}

/* Renders src as content/programs/page.md, output programs/page/index.html. */
static struct result
in_programs(const char *src)
{
	return render_as(src, "programs/", 1, "../../", (struct markdown_options){0});
}

/* Checks that a render succeeded without a message, giving want. */
static void
check_quiet(struct result r, const char *want)
{
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.diags, "");
	CHECK_STR(r.page.html, want);
}

static const char *
html(const char *src)
{
	return render_as(src, "", 1, "", (struct markdown_options){0}).page.html;
}

TEST(headings_get_ids_and_a_toc)
{
	struct result r = render_as("# Title\n\nHello *world*.\n\n## Écosystème : 2018\n", "", 1,
	                            "", (struct markdown_options){0});
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.page.html, "<h1 id=\"title\">Title</h1>\n<p>Hello <em>world</em>.</p>\n"
	                       "<h2 id=\"ecosysteme-2018\">Écosystème : 2018</h2>\n");
	CHECK_INT(r.page.toc_len, 2);
	CHECK_INT(r.page.toc[0].level, 1);
	CHECK_STR(r.page.toc[0].id, "title");
	CHECK_STR(r.page.toc[0].text, "Title");
	CHECK_INT(r.page.toc[1].level, 2);
	CHECK_STR(r.page.toc[1].id, "ecosysteme-2018");
	CHECK_STR(r.page.toc[1].text, "Écosystème : 2018");
}

TEST(repeated_headings_get_suffixes)
{
	struct result r = render_as("# Intro\n## Intro\n## Intro\n## Intro-1\n## !!!\n"
	                            "## `code` and *emph* <b>raw</b>\nSetext\n---\n",
	                            "", 1, "", (struct markdown_options){0});
	static const char *const ids[] = {"intro",   "intro-1",           "intro-2", "intro-1-1",
	                                  "section", "code-and-emph-raw", "setext"};
	CHECK_INT(r.page.toc_len, 7);
	for (size_t i = 0; i < 7 && i < r.page.toc_len; i++)
		CHECK_STR(r.page.toc[i].id, ids[i]);
	CHECK_STR(r.page.toc[5].text, "code and emph raw");
	CHECK(contains(r.page.html, "<h2 id=\"intro-2\">Intro</h2>\n"));
	/* Ids go through custom nodes; raw HTML inside stays dropped. */
	CHECK(contains(r.page.html,
	               "<h2 id=\"code-and-emph-raw\"><code>code</code> and <em>emph</em> "
	               "<!-- raw HTML omitted -->raw<!-- raw HTML omitted --></h2>"));
	CHECK(contains(r.page.html, "<h2 id=\"setext\">Setext</h2>"));
}

/* An id starts with a letter (html-validate's valid-id): "h-" before a digit. */
TEST(ids_that_would_start_with_a_digit_get_a_prefix)
{
	CHECK_STR(html("## 2024 results\n## 2024 results\n## Results 2024\n"),
	          "<h2 id=\"h-2024-results\">2024 results</h2>\n"
	          "<h2 id=\"h-2024-results-1\">2024 results</h2>\n"
	          "<h2 id=\"results-2024\">Results 2024</h2>\n");
}

TEST(headings_inside_containers_get_ids)
{
	CHECK_STR(html("> ## Quoted\n\n- # Listed\n"),
	          "<blockquote>\n<h2 id=\"quoted\">Quoted</h2>\n</blockquote>\n"
	          "<ul>\n<li>\n<h1 id=\"listed\">Listed</h1>\n</li>\n</ul>\n");
}

/* 20,000 headings with one text each get their numbered id. (This
 * checks the ids only; how the time grows with the input is for the
 * pathological tests, which time it.) */
TEST(many_repeated_headings)
{
	struct buf src = BUF_INIT;
	for (int i = 0; i < 20000; i++)
		buf_puts(&src, "# a\n");
	struct result r = render_as(src.ptr, "", 1, "", (struct markdown_options){0});
	buf_free(&src);
	CHECK_INT(r.page.toc_len, 20000);
	CHECK_STR(r.page.toc[19999].id, "a-19999");
}

TEST(gfm_extensions_render)
{
	const char *h = html("| a | b |\n|---|:-:|\n| 1 | ~~2~~ |\n\n"
	                     "Note[^1] and www.example.com.\n\n- [x] done\n- [ ] todo\n\n"
	                     "[^1]: The *note*.\n");
	CHECK(contains(h, "<th align=\"center\">b</th>"));
	CHECK(contains(h, "<td align=\"center\"><del>2</del></td>"));
	CHECK(contains(h, "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\""));
	CHECK(contains(h, "<li id=\"fn-1\">\n<p>The <em>note</em>."));
	CHECK(contains(h, "<a href=\"http://www.example.com\">www.example.com</a>"));
	CHECK(contains(
	    h,
	    "<li><label><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</label></li>"));
	CHECK(
	    contains(h, "<li><label><input type=\"checkbox\" disabled=\"\" /> todo</label></li>"));
	CHECK(!strstr(h, "data-sourcepos"));
	/* A loose task item: only its first paragraph is the checkbox's label. */
	h = html("- [x] first *one*\n\n  more\n");
	CHECK(contains(h, "<p><label><input type=\"checkbox\" checked=\"\" disabled=\"\" /> first "
	                  "<em>one</em></label></p>\n<p>more</p>"));
}

TEST(smart_punctuation_only_when_asked)
{
	const char *src = "\"quoted\" -- dash...\n";
	CHECK_STR(html(src), "<p>&quot;quoted&quot; -- dash...</p>\n");
	CHECK_STR(render_as(src, "", 1, "", (struct markdown_options){.smart = true}).page.html,
	          "<p>“quoted” – dash…</p>\n");
}

static const char unsafe_src[] = "<script>alert(1)</script>\n\n"
                                 "A <b>bold</b> [js](javascript:alert(1)) [vb](vbscript:x) "
                                 "[f](file:///etc/passwd) [d](data:text/html,x)\n";

TEST(raw_html_and_dangerous_links_dropped_by_default)
{
	const char *h = html(unsafe_src);
	CHECK_STR(h, "<!-- raw HTML omitted -->\n<p>A <!-- raw HTML omitted -->bold"
	             "<!-- raw HTML omitted --> <a href=\"\">js</a> <a href=\"\">vb</a> "
	             "<a href=\"\">f</a> <a href=\"\">d</a></p>\n");
}

TEST(unsafe_html_keeps_them_with_the_tag_filter)
{
	struct result r =
	    render_as(unsafe_src, "", 1, "", (struct markdown_options){.unsafe_html = true});
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.page.html, "&lt;script>alert(1)&lt;/script>"));
	CHECK(contains(r.page.html, "<b>bold</b>"));
	CHECK(contains(r.page.html, "<a href=\"javascript:alert(1)\">js</a>"));
	CHECK(contains(r.page.html, "<a href=\"file:///etc/passwd\">f</a>"));
	/* The heading's raw HTML is rendered from the replaced heading's text. */
	r = render_as("## A <i>b</i>\n", "", 1, "", (struct markdown_options){.unsafe_html = true});
	CHECK_STR(r.page.html, "<h2 id=\"a-b\">A <i>b</i></h2>\n");
}

TEST(links_are_rewritten_from_the_page_folder)
{
	struct result r = render_as("[a](../about.md) [c](csp.md#aims) [s](./) [h](../)\n"
	                            "![i](../img/chart.png) [f](files/report%202018.pdf)\n"
	                            "[q](csp.md?x=1#y) ![i2](../img/./chart.png)\n",
	                            "programs/", 3, "../../", (struct markdown_options){0});
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.diags, "");
	CHECK_STR(r.page.html,
	          "<p><a href=\"../../about/index.html\">a</a> "
	          "<a href=\"../../programs/csp/index.html#aims\">c</a> "
	          "<a href=\"../../programs/index.html\">s</a> <a href=\"../../index.html\">h</a>\n"
	          "<img src=\"../../img/chart.png\" alt=\"i\" /> "
	          "<a href=\"../../programs/files/report%202018.pdf\">f</a>\n"
	          "<a href=\"../../programs/csp/index.html?x=1#y\">q</a> "
	          "<img src=\"../../img/chart.png\" alt=\"i2\" /></p>\n");
	CHECK_STR(anchors_of(&r.page), "2 #aims 3:18\n2 #y 5:1\n");
	if (r.page.anchors_len > 0)
		CHECK_STR(r.page.anchors[0].pos.path, "content/programs/page.md");
}

TEST(other_links_stay_as_written)
{
	struct result r = in_programs(
	    "[e](https://example.com/x.md) [tel](tel:+1-555) [net](//cdn.example/x.js)\n"
	    "[frag](#local) [q](?page=2) [m](mailto:a@b.c) [empty]() <https://x.y>\n");
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.page.html,
	          "<p><a href=\"https://example.com/x.md\">e</a> <a href=\"tel:+1-555\">tel</a> "
	          "<a href=\"//cdn.example/x.js\">net</a>\n<a href=\"#local\">frag</a> "
	          "<a href=\"?page=2\">q</a> <a href=\"mailto:a@b.c\">m</a> <a href=\"\">empty</a> "
	          "<a href=\"https://x.y\">https://x.y</a></p>\n");
	/* "#local" stays as written, to be checked against the page's ids. */
	CHECK_STR(anchors_of(&r.page), "-2 #local 2:1\n");
}

/* "/x" is read from content/ (the page's language decides a .md link),
 * then as an output URL from the site root; both come out relative. */
TEST(root_relative_links_are_resolved_from_the_root)
{
	struct result r =
	    in_programs("[a](/about.md) [c](/programs/csp.md#aims) [p](/programs/)\n"
	                "[o](/programs/csp/) [i](/programs/csp/index.html#x)\n"
	                "![g](/img/chart.png) [s](/assets/site.css?v=2) [h](/)\n"
	                "[n](/programs/csp) [f](/programs/files/report%202018.pdf)\n");
	check_quiet(
	    r, "<p><a href=\"../../about/index.html\">a</a> "
	       "<a href=\"../../programs/csp/index.html#aims\">c</a> "
	       "<a href=\"../../programs/index.html\">p</a>\n"
	       "<a href=\"../../programs/csp/index.html\">o</a> "
	       "<a href=\"../../programs/csp/index.html#x\">i</a>\n"
	       "<img src=\"../../img/chart.png\" alt=\"g\" /> "
	       "<a href=\"../../assets/site.css?v=2\">s</a> <a href=\"../../index.html\">h</a>\n"
	       "<a href=\"../../programs/csp/index.html\">n</a> "
	       "<a href=\"../../programs/files/report%202018.pdf\">f</a></p>\n");
	CHECK_STR(anchors_of(&r.page), "2 #aims 1:16\n2 #x 2:21\n");
}

/* Plain relative URLs of the built site read from the page's own URL,
 * programs/page/index.html, when content/ has nothing at that path. */
TEST(output_urls_are_resolved_from_the_page_url)
{
	struct result r =
	    in_programs("[c](../csp/) [a](../csp/index.html#aims) [s](../../assets/site.css)\n"
	                "![g](../../img/chart.png) [h](../../) [up](../)\n");
	/* "../" names content/ itself from programs/: the home page wins. */
	check_quiet(r, "<p><a href=\"../../programs/csp/index.html\">c</a> "
	               "<a href=\"../../programs/csp/index.html#aims\">a</a> "
	               "<a href=\"../../assets/site.css\">s</a>\n"
	               "<img src=\"../../img/chart.png\" alt=\"g\" /> "
	               "<a href=\"../../index.html\">h</a> "
	               "<a href=\"../../index.html\">up</a></p>\n");
	CHECK_STR(anchors_of(&r.page), "2 #aims 1:14\n");
	/* A section page's URL is its folder's index.html. */
	struct result s =
	    render_as("[c](csp/#aims)\n", "programs/", 1, "../", (struct markdown_options){0});
	CHECK_STR(s.diags, "content/programs/page.md:1:1: error: link to 'csp/#aims': no such "
	                   "page\n");
}

TEST(same_page_anchors_are_recorded_decoded)
{
	struct result r = render_as("# Intro\n\n[a](#intro) [b](#caf%C3%A9) [top](#)\n", "", 4, "",
	                            (struct markdown_options){0});
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.page.html, "<a href=\"#intro\">a</a> <a href=\"#caf%C3%A9\">b</a> "
	                            "<a href=\"#\">top</a>"));
	CHECK_STR(anchors_of(&r.page), "-2 #intro 6:1\n-2 #café 6:13\n");
}

TEST(broken_site_links_say_why)
{
	struct result r =
	    in_programs("[d](../notes/draft.md) [r](/notes/draft.md#x)\n"
	                "[o](../nope/) [f](/files/nope.pdf) [m](/nope.md) ![i](nope.png)\n");
	CHECK_INT(r.rc, -1);
	CHECK_STR(
	    r.diags,
	    "content/programs/page.md:1:1: error: link to '../notes/draft.md': that page is "
	    "a draft (draft: true); build with --drafts to include it\n"
	    "content/programs/page.md:1:24: error: link to '/notes/draft.md#x': that page is "
	    "a draft (draft: true); build with --drafts to include it\n"
	    "content/programs/page.md:2:1: error: link to '../nope/': no such page\n"
	    "content/programs/page.md:2:15: error: link to '/files/nope.pdf': no such page or "
	    "file in the site\n"
	    "content/programs/page.md:2:36: error: link to '/nope.md': no such page\n"
	    "content/programs/page.md:2:50: error: link to 'nope.png': no such page or file in "
	    "the site\n");
}

TEST(fragments_are_decoded_and_only_recorded_for_pages)
{
	struct result r = render_as("[a](about.md#caf%C3%A9) [i](img/chart.png#x) [b](about.md#)\n",
	                            "", 1, "", (struct markdown_options){0});
	CHECK_INT(r.page.anchors_len, 1);
	CHECK_STR(r.page.anchors[0].id, "café");
	CHECK_INT(r.page.anchors[0].page, 1);
	CHECK(contains(r.page.html, "<a href=\"about/index.html#caf%C3%A9\">a</a>"));
}

TEST(links_in_headings_are_rewritten)
{
	struct result r = render_as("## See [the CSP](programs/csp.md)\n", "", 1, "",
	                            (struct markdown_options){0});
	CHECK_STR(r.page.html, "<h2 id=\"see-the-csp\">See <a href=\"programs/csp/index.html\">the "
	                       "CSP</a></h2>\n");
	CHECK_STR(r.page.toc[0].text, "See the CSP");
}

TEST(broken_links_are_all_reported_with_positions)
{
	/* The body starts on line 5 of its file, after the front matter. */
	struct result r = render_as("Intro [ok](../about.md) and [gone](missing.md).\n\n"
	                            "![pic](../img/nope.png)\n\n"
	                            "- item [up](../../../etc/passwd)\n"
	                            "- [folder](nothing/) [ref][r]\n\n"
	                            "[r]: missing.md#frag\n",
	                            "programs/", 5, "../../", (struct markdown_options){0});
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.errors, 5);
	CHECK_STR(
	    r.diags,
	    "content/programs/page.md:5:29: error: link to 'missing.md': no such page\n"
	    "content/programs/page.md:7:1: error: link to '../img/nope.png': no such page or "
	    "file in the site\n"
	    "content/programs/page.md:9:8: error: link to '../../../etc/passwd' leaves the "
	    "content folder\n"
	    "content/programs/page.md:10:3: error: link to 'nothing/': no such page\n"
	    "content/programs/page.md:10:22: error: link to 'missing.md#frag': no such page\n");
	CHECK_INT(r.page.anchors_len, 0);
	CHECK(contains(r.page.html, "<a href=\"../../about/index.html\">ok</a>"));
}

TEST(escaping_the_content_folder_is_an_error)
{
	/* The page's URL is page/index.html: "../../" escapes from there too. */
	struct result r = render_as("[x](../secret.md) [y](a/../../../b.png) [z](%2E%2E/c.md)\n"
	                            "[r](/../x.png) ![i](../../../img/chart.png)\n",
	                            "", 1, "", (struct markdown_options){0});
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.diags, "content/page.md:1:1: error: link to '../secret.md' leaves the content "
	                   "folder\n"
	                   "content/page.md:1:19: error: link to 'a/../../../b.png' leaves the "
	                   "content folder\n"
	                   "content/page.md:1:41: error: link to '%2E%2E/c.md' leaves the content "
	                   "folder\n"
	                   "content/page.md:2:1: error: link to '/../x.png' leaves the content "
	                   "folder\n"
	                   "content/page.md:2:16: error: link to '../../../img/chart.png' leaves "
	                   "the content folder\n");
}

/* Where cmark misplaces a link (text over two lines), the paragraph's
 * start stands in rather than a column with no link at it. */
TEST(misplaced_positions_fall_back_to_the_block)
{
	struct result r = render_as("> Quote\n> [two\n> lines](gone.md)\n", "", 2, "",
	                            (struct markdown_options){0});
	CHECK_STR(r.diags, "content/page.md:2:3: error: link to 'gone.md': no such page\n");
	r = render_as("> Quote\n> [one](gone.md)\n", "", 2, "", (struct markdown_options){0});
	CHECK_STR(r.diags, "content/page.md:3:3: error: link to 'gone.md': no such page\n");
}

TEST(summary_is_the_first_paragraph)
{
	struct result r = render_as("# Title\n\n- a list\n\nFirst *para*\nline   two.\n\nSecond.\n",
	                            "", 1, "", (struct markdown_options){0});
	CHECK_STR(r.page.summary, "First para line two.");
	CHECK_STR(
	    render_as("# Only a title\n", "", 1, "", (struct markdown_options){0}).page.summary,
	    "");
}

TEST(long_summaries_are_cut_at_a_word)
{
	struct buf src = BUF_INIT;
	for (int i = 0; i < 80; i++)
		buf_puts(&src, "word ");
	const char *s = render_as(src.ptr, "", 1, "", (struct markdown_options){0}).page.summary;
	/* 60 words of 4 letters and 59 spaces fit in 300 bytes. */
	CHECK_INT(strlen(s), 299 + strlen("…"));
	CHECK(strcmp(s + strlen(s) - strlen("word…"), "word…") == 0);
	buf_clear(&src);
	for (int i = 0; i < 200; i++)
		buf_puts(&src, "é");
	s = render_as(src.ptr, "", 1, "", (struct markdown_options){0}).page.summary;
	CHECK_INT(strlen(s), 300 + strlen("…"));
	buf_free(&src);
}

static const char chart_src[] = "# Growth\n\n"
                                "```chart\n"
                                "title: Azure <revenue>\n"
                                "unit: \"%\"\n"
                                "bars:\n"
                                "  - {label: Last quarter, value: 93}\n"
                                "```\n\n"
                                "After *this*.\n";

TEST(chart_blocks_render_as_figures)
{
	struct result r = render_as(chart_src, "", 1, "", (struct markdown_options){0});
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.diags, "");
	CHECK(contains(r.page.html, "<h1 id=\"growth\">Growth</h1>\n<figure class=\"chart\">\n"
	                            "<figcaption><span class=\"chart-title\">Azure &lt;revenue&gt;"
	                            "</span></figcaption>\n<svg "));
	CHECK(contains(r.page.html, "aria-labelledby=\"chart_page_1_title chart_page_1_desc\""));
	CHECK(contains(r.page.html, "<desc id=\"chart_page_1_desc\">Last quarter: 93%.</desc>"));
	CHECK(contains(r.page.html, "</details>\n</figure>\n<p>After <em>this</em>.</p>\n"));
	CHECK(!strstr(r.page.html, "<pre"));
	CHECK(!strstr(r.page.html, "raw HTML omitted"));
	CHECK_STR(r.page.summary, "After this.");
	/* Custom blocks are written as they are in either mode. */
	struct result u =
	    render_as(chart_src, "", 1, "", (struct markdown_options){.unsafe_html = true});
	CHECK_STR(u.page.html, r.page.html);
}

TEST(charts_get_ids_from_their_page_and_order)
{
	struct result r = render_as("```chart\ntitle: A\nbars: [{label: a, value: 1}]\n```\n\n"
	                            "> - ```chart\n"
	                            ">   title: B\n"
	                            ">   bars: [{label: b, value: 2}]\n"
	                            ">   ```\n",
	                            "programs/", 1, "../../", (struct markdown_options){0});
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.page.html, "<title id=\"chart_programs-page_1_title\">A</title>"));
	CHECK(contains(r.page.html, "<blockquote>\n<ul>\n<li>\n<figure class=\"chart\">"));
	CHECK(contains(r.page.html, "<title id=\"chart_programs-page_2_title\">B</title>"));
}

TEST(other_code_blocks_stay_code)
{
	CHECK_STR(html("```chart extra\ntitle: T\n```\n\n```Chart\nx\n```\n\n    title: T\n"),
	          "<pre><code class=\"language-chart\">title: T\n</code></pre>\n"
	          "<pre><code class=\"language-Chart\">x\n</code></pre>\n"
	          "<pre><code>title: T\n</code></pre>\n");
}

TEST(chart_errors_point_into_the_file)
{
	/* The body starts on line 4 of its file, after three lines of front matter. */
	struct result r = render_as("Intro.\n\n```chart\ntitle: T\nbars: [a, b\n```\n\n"
	                            "> ```chart\n"
	                            "> title: T\n"
	                            "> bars:\n"
	                            ">   - {label: a, value: x}\n"
	                            "> ```\n",
	                            "", 4, "", (struct markdown_options){0});
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.errors, 2);
	CHECK_STR(r.diags,
	          "content/page.md:9:1: error: did not find expected ',' or ']'\n"
	          "content/page.md:8:7: note: while parsing a flow sequence that starts here\n"
	          "content/page.md:14:25: error: 'value' must be a number\n");
}

/* Hostile nesting: cmark's iterator, not our stack, walks the tree. */
TEST(deep_nesting_is_bounded)
{
	struct buf src = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_puts(&src, "> ");
	buf_puts(&src, "# deep [x](about.md)\n");
	struct result r = render_as(src.ptr, "", 1, "", (struct markdown_options){0});
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.page.toc_len, 1);
	buf_free(&src);
}

int
main(void)
{
	markdown_init();
	arena = arena_new();
	RUN(headings_get_ids_and_a_toc);
	RUN(repeated_headings_get_suffixes);
	RUN(ids_that_would_start_with_a_digit_get_a_prefix);
	RUN(headings_inside_containers_get_ids);
	RUN(many_repeated_headings);
	RUN(gfm_extensions_render);
	RUN(smart_punctuation_only_when_asked);
	RUN(raw_html_and_dangerous_links_dropped_by_default);
	RUN(unsafe_html_keeps_them_with_the_tag_filter);
	RUN(links_are_rewritten_from_the_page_folder);
	RUN(other_links_stay_as_written);
	RUN(root_relative_links_are_resolved_from_the_root);
	RUN(output_urls_are_resolved_from_the_page_url);
	RUN(same_page_anchors_are_recorded_decoded);
	RUN(broken_site_links_say_why);
	RUN(fragments_are_decoded_and_only_recorded_for_pages);
	RUN(links_in_headings_are_rewritten);
	RUN(broken_links_are_all_reported_with_positions);
	RUN(escaping_the_content_folder_is_an_error);
	RUN(misplaced_positions_fall_back_to_the_block);
	RUN(summary_is_the_first_paragraph);
	RUN(long_summaries_are_cut_at_a_word);
	RUN(chart_blocks_render_as_figures);
	RUN(charts_get_ids_from_their_page_and_order);
	RUN(other_code_blocks_stay_code);
	RUN(chart_errors_point_into_the_file);
	RUN(deep_nesting_is_bounded);
	arena_free(arena);
	return check_summary();
}
