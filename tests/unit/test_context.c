/* context: the emit hook that makes rooted URLs and marked content
 * relative to the page being rendered. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "context.h"
#include "mustache.h"

static struct arena *arena;

static struct value *
str(const char *s)
{
	return value_cstring(arena, s);
}

static struct value *
url(const char *s)
{
	struct value *v = str(s);
	v->rooted = true;
	return v;
}

/* What src renders with page as {{page}}, for a page root levels below the site root. */
static const char *
render(const char *src, struct value *page, const char *root)
{
	struct diag d;
	diag_init(&d, stderr);
	struct mustache *t = mustache_compile(arena, &d, "t.mustache", src, strlen(src));
	CHECK(t != NULL);
	struct value *top = context_top(arena);
	value_map_set(arena, top, "page", page);
	value_map_set(arena, top, "root", str(root));
	struct mustache_env env = {.emit = context_emit, .emit_ctx = top, .diag = &d};
	struct buf out = BUF_INIT;
	CHECK_INT(t ? mustache_render(t, top, &env, &out) : -1, 0);
	const char *s = arena_strdup(arena, out.ptr);
	buf_free(&out);
	diag_close(&d);
	return s;
}

TEST(rooted_strings_get_the_root)
{
	struct value *page = value_map(arena, (struct pos){0});
	value_map_put(arena, page, "u", url("posts/a&b/"));
	value_map_put(arena, page, "plain", str("posts/"));
	CHECK_STR(render("{{page.u}} {{{page.u}}} {{page.plain}} {{root}}", page, "../../"),
	          "../../posts/a&amp;b/ ../../posts/a&b/ posts/ ../../");
	CHECK_STR(render("{{#page.u}}[{{.}}]{{/page.u}}", page, "../../"),
	          "[../../posts/a&amp;b/]");
	CHECK_STR(render("{{page.u}}", page, ""), "posts/a&amp;b/"); /* the home page */
}

TEST(marked_html_gets_the_root_in_every_link)
{
	struct value *html = str("<a href=\"" VALUE_ROOT_MARK "x/index.html\">x</a> "
	                         "<img src=\"" VALUE_ROOT_MARK "a.png\"> 100%1F");
	html->root_marked = true;
	struct value *page = value_map(arena, (struct pos){0});
	value_map_put(arena, page, "c", html);
	value_map_put(arena, page, "b", str("<b>"));
	CHECK_STR(render("{{{page.c}}}", page, "../../"),
	          "<a href=\"../../x/index.html\">x</a> <img src=\"../../a.png\"> 100%1F");
	CHECK_STR(render("{{{page.c}}}", page, ""),
	          "<a href=\"x/index.html\">x</a> <img src=\"a.png\"> 100%1F");
	/* Escaped, the root is escaped too; other values are left alone. */
	CHECK_STR(render("{{page.c}}|{{page.b}}", page, "&/"),
	          "&lt;a href=&quot;&amp;/x/index.html&quot;&gt;x&lt;/a&gt; &lt;img "
	          "src=&quot;&amp;/a.png&quot;&gt; 100%1F|&lt;b&gt;");
}

int
main(void)
{
	arena = arena_new();
	RUN(rooted_strings_get_the_root);
	RUN(marked_html_gets_the_root_in_every_link);
	arena_free(arena);
	return check_summary();
}
