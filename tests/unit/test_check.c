/* The link check: URLs resolved as a browser does (checkurl), pages read
 * with gumbo (checkpage), and a small site checked whole (linkcheck). */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "checkpage.h"
#include "checkurl.h"
#include "linkcheck.h"
#include "scratch.h"

static struct checkurl u;

/* Resolves url on the page at site path base. */
static const struct checkurl *
resolve(const char *base, const char *url)
{
	checkurl_resolve(arena, base, url, &u);
	return &u;
}

TEST(relative_links_resolve_against_the_page_folder)
{
	CHECK_STR(resolve("a/b/index.html", "c.html")->file, "a/b/c.html");
	CHECK_STR(resolve("a/b/index.html", "../c.html")->file, "a/c.html");
	CHECK_STR(resolve("a/b/index.html", "../../c.html")->file, "c.html");
	CHECK(!u.escapes && !u.root_relative && u.kind == CHECKURL_LOCAL);
	CHECK_STR(resolve("a/b/index.html", "./x/./y/../z.png")->file, "a/b/x/z.png");
	CHECK_STR(resolve("index.html", "sub/")->path, "sub/");
	CHECK_STR(u.file, "sub/index.html");
	CHECK_STR(resolve("a/index.html", "..")->file, "index.html");
	CHECK_STR(resolve("a/index.html", ".")->file, "a/index.html");
	CHECK_STR(resolve("a/index.html", "b")->file, "a/b");
	CHECK_STR(resolve("a/index.html", "  b.html\n")->file, "a/b.html");
	CHECK_STR(resolve("a/index.html", "b\\c.html")->file, "a/b/c.html");
	CHECK_STR(resolve("a/index.html", "b\tc.html")->file, "a/bc.html");
}

TEST(climbing_above_the_root_escapes)
{
	CHECK(resolve("index.html", "../x.html")->escapes);
	CHECK(resolve("a/b/index.html", "../../../x.html")->escapes);
	CHECK(resolve("a/index.html", "b/../../../x.html")->escapes);
	CHECK(!resolve("a/index.html", "b/../../x.html")->escapes);
	CHECK(resolve("index.html", "%2e%2e/x.html")->escapes);
}

TEST(root_relative_links_start_at_the_root)
{
	CHECK_STR(resolve("a/b/index.html", "/c.html")->file, "c.html");
	CHECK(u.root_relative);
	CHECK_STR(resolve("a/b/index.html", "/")->file, "index.html");
	CHECK(resolve("a/index.html", "/../x")->escapes);
}

TEST(names_are_percent_decoded_per_segment)
{
	CHECK_STR(resolve("index.html", "caf%C3%A9.html")->file, "café.html");
	CHECK_STR(resolve("index.html", "a%20b/c%2Fd.html")->file, "a b/c/d.html");
	CHECK_STR(resolve("index.html", "100%.html")->file, "100%.html");
	CHECK_STR(resolve("index.html", "%zz%4")->file, "%zz%4");
	CHECK_STR(checkurl_decode(arena, "%41%42c%", 8), "ABc%");
}

TEST(queries_are_dropped_and_fragments_kept)
{
	CHECK_STR(resolve("a/index.html", "b.html?x=1&y=2")->file, "a/b.html");
	CHECK(u.fragment == NULL);
	CHECK_STR(resolve("a/index.html", "b.html?x=1#sec")->file, "a/b.html");
	CHECK_STR(u.fragment, "sec");
	CHECK_STR(resolve("a/index.html", "#top")->file, "a/index.html");
	CHECK_STR(u.fragment, "top");
	CHECK_STR(resolve("a/index.html", "?only")->file, "a/index.html");
	CHECK_STR(resolve("a/index.html", "")->file, "a/index.html");
	CHECK_STR(resolve("a/index.html", "#")->fragment, "");
	CHECK_STR(resolve("a/index.html", "b.html#x?y")->fragment, "x?y");
}

TEST(a_base_folder_replaces_the_page)
{
	/* <base href="../"> on a/b/index.html resolves to "a/": "#x" then
	 * means a/index.html, as in a browser. */
	CHECK_STR(resolve("a/b/index.html", "../")->path, "a/");
	CHECK_STR(resolve("a/", "#x")->file, "a/index.html");
	CHECK_STR(resolve("a/", "c.html")->file, "a/c.html");
	CHECK_STR(resolve("", "c.html")->file, "c.html");
	CHECK_STR(resolve("", "")->file, "index.html");
}

TEST(schemes_are_told_apart)
{
	CHECK(resolve("index.html", "https://Example.ORG/x")->kind == CHECKURL_EXTERNAL);
	CHECK_STR(u.host, "example.org");
	CHECK_STR(resolve("index.html", "http://me:pw@host.net:8080/a?b#c")->host, "host.net");
	CHECK_STR(resolve("index.html", "//cdn.example.net/lib.js")->host, "cdn.example.net");
	CHECK(u.kind == CHECKURL_EXTERNAL);
	CHECK_STR(resolve("index.html", "http://[::1]:80/")->host, "[::1]");
	CHECK(resolve("index.html", "mailto:a@b.c")->kind == CHECKURL_OTHER);
	CHECK(resolve("index.html", "tel:+331")->kind == CHECKURL_OTHER);
	CHECK(resolve("index.html", " JavaScript:void(0)")->kind == CHECKURL_OTHER);
	CHECK(resolve("index.html", "data:image/png;base64,AAA")->kind == CHECKURL_OTHER);
	/* A colon after a '/' is no scheme. */
	CHECK(resolve("index.html", "a/b:c.html")->kind == CHECKURL_LOCAL);
	CHECK(resolve("index.html", "1a:b")->kind == CHECKURL_LOCAL);
}

static char srcset_seen[256];

static void
collect(void *ctx, const char *url, size_t len)
{
	(void)ctx;
	size_t n = strlen(srcset_seen);
	snprintf(srcset_seen + n, sizeof(srcset_seen) - n, "[%.*s]", (int)len, url);
}

static const char *
srcset(const char *value)
{
	srcset_seen[0] = '\0';
	checkurl_srcset(value, collect, NULL);
	return srcset_seen;
}

TEST(srcset_candidates_are_split_as_html_says)
{
	CHECK_STR(srcset("a.png 1x, b.png 2x"), "[a.png][b.png]");
	CHECK_STR(srcset("s.jpg 480w,l.jpg 800w"), "[s.jpg][l.jpg]");
	CHECK_STR(srcset("  only.png  "), "[only.png]");
	/* Only trailing commas end a URL: "a.png,b.png" is one. */
	CHECK_STR(srcset("a.png,b.png 2x"), "[a.png,b.png]");
	CHECK_STR(srcset("a.png, b.png 2x"), "[a.png][b.png]");
	CHECK_STR(srcset("a.png,, , b.png"), "[a.png][b.png]");
	CHECK_STR(srcset("data:image/png;base64,AA= 1x, c.png 2x"),
	          "[data:image/png;base64,AA=][c.png]");
	CHECK_STR(srcset("a.png (odd, descriptor) 1x, b.png"), "[a.png][b.png]");
	CHECK_STR(srcset(""), "");
}

static struct checkpage page;

static void
parse(const char *html)
{
	checkpage_free(&page);
	checkpage_parse(arena, html, strlen(html), &page);
}

TEST(pages_give_ids_links_and_positions)
{
	parse("<!DOCTYPE html><title>t</title>\n"
	      "<p id=one>x <a name=two href=\"b.html\">y</a>\n"
	      "  <img src=i.png srcset=\"a.png 1x, b.png 2x\" alt=\"\"><span name=three></span>\n"
	      "<!-- <a href=\"comment.html\"> --><script>var s = '<a href=\"js.html\">';</script>\n"
	      "<svg><use href=\"#icon\"/></svg><link href=style.css>");
	CHECK(strmap_cget(&page.ids, "one") >= 0);
	CHECK(strmap_cget(&page.ids, "two") >= 0);
	CHECK(strmap_cget(&page.ids, "three") < 0);
	CHECK_INT(page.nlinks, 6);
	if (page.nlinks != 6)
		return;
	CHECK_STR(page.links[0].url, "b.html");
	CHECK_INT(page.links[0].line, 2);
	CHECK_INT(page.links[0].col, 25);
	CHECK_STR(page.links[1].url, "i.png");
	CHECK_INT(page.links[1].line, 3);
	CHECK_INT(page.links[1].col, 8);
	CHECK_STR(page.links[2].url, "a.png");
	CHECK_STR(page.links[3].url, "b.png");
	CHECK_INT(page.links[3].col, 18);
	CHECK_STR(page.links[4].url, "#icon");
	CHECK_STR(page.links[5].url, "style.css");
	CHECK(page.base == NULL);
}

TEST(the_first_base_href_is_kept)
{
	parse("<head><base target=_top><base href=\"../\"><base href=\"x/\"></head>"
	      "<a href=\"a&amp;b.html\">");
	CHECK_STR(page.base, "../");
	CHECK_INT(page.base_col, 31);
	CHECK_INT(page.nlinks, 1);
	CHECK_STR(page.nlinks ? page.links[0].url : NULL, "a&b.html");
}

TEST(deep_nesting_is_read_without_recursion)
{
	size_t depth = 100000;
	char *html = xmalloc(depth * 5 + 32);
	size_t n = 0;
	for (size_t i = 0; i < depth; i++)
		memcpy(html + n, "<div>", 5), n += 5;
	strcpy(html + n, "<a href=deep.html id=deep>");
	parse(html);
	CHECK_INT(page.nlinks, 1);
	CHECK(strmap_cget(&page.ids, "deep") >= 0);
	free(html);
}

TEST(a_site_is_checked_whole)
{
	put("site/index.html", "<a href=\"b/\">b</a> <a href=\"b/index.html#x\">x</a>\n"
	                       "<a href=\"b/index.html#y\">y</a> <a href=\"nope.png\">n</a>\n"
	                       "<a href=\"https://e.org/\">e</a> <a href=\"//e.org/2\">e</a>");
	put("site/b/index.html", "<h1 id=x>x</h1><a href=\"../../up.html\">up</a>");
	struct diag d;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	diag_init(&d, out);
	struct linkcheck_options o = {.dir = at("site"), .shown = "output", .jobs = 2};
	struct linkcheck_report r;
	CHECK_INT(linkcheck_site(arena, &d, &o, &r), -1);
	diag_close(&d);
	fclose(out);
	CHECK_INT(r.pages, 2);
	CHECK_INT(r.links, 5);
	CHECK_INT(r.broken, 3);
	CHECK_INT(r.nhosts, 1);
	CHECK_STR(r.nhosts ? r.hosts[0].host : NULL, "e.org");
	CHECK_INT(r.nhosts ? r.hosts[0].count : 0, 2);
	CHECK(contains(text, "output/index.html:2:4: error: broken link to 'b/index.html#y': "
	                     "no id 'y' in 'b/index.html'\n"));
	CHECK(contains(text, "output/index.html:2:35: error: broken link to 'nope.png': "
	                     "no file 'nope.png'\n"));
	CHECK(contains(text, "output/b/index.html:1:19: error: broken link to '../../up.html': "
	                     "it leads out of the site\n"));
	free(text);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	RUN(relative_links_resolve_against_the_page_folder);
	RUN(climbing_above_the_root_escapes);
	RUN(root_relative_links_start_at_the_root);
	RUN(names_are_percent_decoded_per_segment);
	RUN(queries_are_dropped_and_fragments_kept);
	RUN(a_base_folder_replaces_the_page);
	RUN(schemes_are_told_apart);
	RUN(srcset_candidates_are_split_as_html_says);
	RUN(pages_give_ids_links_and_positions);
	RUN(the_first_base_href_is_kept);
	RUN(deep_nesting_is_read_without_recursion);
	RUN(a_site_is_checked_whole);
	checkpage_free(&page);
	scratch_close();
	return check_summary();
}
