/* xmlout, absurl, sitemap: XML escaping, dates, absolute URLs, splitting. */
#include <stdio.h>
#include <stdlib.h>

#include "absurl.h"
#include "check.h"
#include "sitemap.h"
#include "xmlout.h"

static struct buf b;

static const char *
escaped(const char *s, size_t len)
{
	buf_clear(&b);
	xmlout_escape(&b, s, len);
	return b.ptr;
}

TEST(xml_escapes_markup_and_drops_forbidden_controls)
{
	CHECK_STR(escaped("a&b<c>\"d'", 9), "a&amp;b&lt;c&gt;&quot;d&apos;");
	CHECK_STR(escaped("t\tn\nr\r", 6), "t\tn\nr\r");
	CHECK_STR(escaped("x\x01y\x1f\x0bz", 6), "xyz");
	CHECK_STR(escaped("\0a", 2), "a");
	CHECK_STR(escaped("été €", 9), "été €");
	CHECK_STR(escaped("", 0), "");
}

static const char *
date(const char *text)
{
	struct value_date d;
	buf_clear(&b);
	if (!value_parse_date(text, strlen(text), &d))
		return "(not a date)";
	xmlout_date(&b, &d);
	return b.ptr;
}

TEST(dates_are_rfc3339)
{
	CHECK_STR(date("2024-01-02"), "2024-01-02T00:00:00Z");
	CHECK_STR(date("2024-01-02T03:04:05"), "2024-01-02T03:04:05Z");
	CHECK_STR(date("2024-01-02 03:04"), "2024-01-02T03:04:00Z");
	CHECK_STR(date("2024-01-02T03:04:05+02:00"), "2024-01-02T03:04:05+02:00");
	CHECK_STR(date("2024-01-02T03:04:05-05:30"), "2024-01-02T03:04:05-05:30");
	CHECK_STR(date("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05Z");
}

static const char *
page_url(const char *base, const char *url)
{
	buf_clear(&b);
	absurl_page(&b, base, url, strlen(url));
	return b.ptr;
}

TEST(page_urls_drop_index_html)
{
	const char *base = "https://example.org/blog/";
	CHECK_STR(page_url(base, "index.html"), "https://example.org/blog/");
	CHECK_STR(page_url(base, "notes/a/index.html"), "https://example.org/blog/notes/a/");
	CHECK_STR(page_url(base, "notes/a/index.html#x"), "https://example.org/blog/notes/a/#x");
	CHECK_STR(page_url(base, "a/index.html?q=1#x"), "https://example.org/blog/a/?q=1#x");
	CHECK_STR(page_url(base, "404.html"), "https://example.org/blog/404.html");
	CHECK_STR(page_url(base, "myindex.html"), "https://example.org/blog/myindex.html");
	CHECK_STR(page_url(base, "img/a.png"), "https://example.org/blog/img/a.png");
}

static const char *
absolute(const char *html)
{
	buf_clear(&b);
	absurl_html(&b, html, strlen(html), "https://example.org/blog/", "notes/a/index.html");
	return b.ptr;
}

TEST(html_urls_become_absolute)
{
	/* Root-marked links, as markdown.c writes them. */
	CHECK_STR(absolute("<a href=\"%1Fnotes/b/index.html#c\">b</a>"),
	          "<a href=\"https://example.org/blog/notes/b/#c\">b</a>");
	CHECK_STR(absolute("<img src=\"%1Fimg/x.png\" alt=\"x\" />"),
	          "<img src=\"https://example.org/blog/img/x.png\" alt=\"x\" />");
	CHECK_STR(absolute("<a href=\"#top\">t</a> <a href=\"?q\">q</a> <a href=\"\">e</a>"),
	          "<a href=\"https://example.org/blog/notes/a/#top\">t</a> "
	          "<a href=\"https://example.org/blog/notes/a/?q\">q</a> "
	          "<a href=\"https://example.org/blog/notes/a/\">e</a>");
	/* Raw HTML: relative to the page's folder, or to the host. */
	CHECK_STR(absolute("<a href='x.pdf'>x</a><a href=\"/top\">y</a>"),
	          "<a href='https://example.org/blog/notes/a/x.pdf'>x</a>"
	          "<a href=\"https://example.org/top\">y</a>");
	/* Left alone: schemes, protocol-relative, text, other attributes. */
	const char *kept = "<a href=\"https://x.org/a\">a</a><a href=\"mailto:a@b.c\">m</a>"
	                   "<a href=\"//cdn.org/x\">c</a><p title=\"#x\">href=\"y\"</p>"
	                   "<a data-href=\"z\" id=\"href\">d</a>";
	CHECK_STR(absolute(kept), kept);
	/* An unclosed attribute is left as it is. */
	CHECK_STR(absolute("<a href=\"x"), "<a href=\"x");
}

TEST(sitemap_splits_past_its_limit)
{
	struct arena *arena = arena_new();
	struct content c = {0};
	struct page pages[5] = {{.kind = PAGE_HOME, .url = "index.html"},
	                        {.kind = PAGE_REGULAR, .url = "c/index.html"},
	                        {.kind = PAGE_404, .url = "404.html"},
	                        {.kind = PAGE_REGULAR, .url = "a/index.html"},
	                        {.kind = PAGE_TAG, .url = "tags/b/index.html"}};
	struct content_lang lang = {.code = "en", .prefix = ""};
	c.pages = pages, c.npages = 5, c.langs = &lang, c.nlangs = 1;
	for (size_t i = 0; i < 5; i++)
		pages[i].meta = value_map(arena, (struct pos){0});
	struct sitemap sm;
	sitemap_plan(arena, &c, 2, &sm);
	CHECK_INT(sm.npages, 4);
	CHECK_INT(sm.nfiles, 3);
	CHECK_STR(sitemap_name(arena, 0), "sitemap.xml");
	CHECK_STR(sitemap_name(arena, 2), "sitemap-2.xml");
	buf_clear(&b);
	sitemap_render(&b, &c, &sm, "http://h/", 0);
	CHECK(contains(b.ptr, "<sitemapindex"));
	CHECK(contains(b.ptr, "<loc>http://h/sitemap-2.xml</loc>"));
	buf_clear(&b);
	sitemap_render(&b, &c, &sm, "http://h/", 2);
	CHECK(contains(b.ptr, "<url><loc>http://h/</loc></url>\n"
	                      "<url><loc>http://h/tags/b/</loc></url>\n</urlset>"));
	sitemap_plan(arena, &c, 4, &sm);
	CHECK_INT(sm.nfiles, 1);
	buf_clear(&b);
	sitemap_render(&b, &c, &sm, "http://h/", 0);
	CHECK(contains(b.ptr, "<loc>http://h/a/</loc>"));
	CHECK(strstr(b.ptr, "404") == NULL);
	arena_free(arena);
}

int
main(void)
{
	buf_init(&b);
	RUN(xml_escapes_markup_and_drops_forbidden_controls);
	RUN(dates_are_rfc3339);
	RUN(page_urls_drop_index_html);
	RUN(html_urls_become_absolute);
	RUN(sitemap_splits_past_its_limit);
	buf_free(&b);
	return check_summary();
}
