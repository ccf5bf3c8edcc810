/* templates: the templates/ folder as a registry: loading, names, partial
 * lookup, missing partials and parents, text that is not UTF-8. */
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "scratch.h"
#include "templates.h"

static struct templates reg;

/* Writes len bytes (NULs allowed) as dir/rel below the scratch folder. */
static void
put_bytes(const char *rel, const char *data, size_t len)
{
	if (fsutil_write(&quiet, at(rel), data, len) != 0)
		abort();
}

/* Loads dir (relative: messages name it so) into reg, checking that
 * templates_load() returns rc after printing exactly want. */
static void
loads(const char *dir, int rc, const char *want)
{
	templates_free(&reg);
	struct diag *d = capture_begin();
	CHECK_INT(templates_load(arena, d, dir, &reg), rc);
	CHECK_STR(capture_end(), want);
}

/* What template name renders to, with the registry finding its partials. */
static const char *
render(const char *name)
{
	const struct mustache *t = templates_get(&reg, name, strlen(name));
	if (t == NULL)
		return "(no such template)";
	struct mustache_env env = {.lookup = templates_lookup, .lookup_ctx = &reg};
	struct buf out = BUF_INIT;
	int rc = mustache_render(t, NULL, &env, &out);
	const char *s = rc == 0 ? arena_strdup(arena, out.ptr) : "(render failed)";
	buf_free(&out);
	return s;
}

/* A folder "one" of three templates, and files that are not templates. */
static void
write_one(void)
{
	put("one/page.mustache", "<p>{{> partials/nav}}</p>");
	put("one/partials/nav.mustache", "nav{{>partials/deeper/x}}");
	put("one/partials/deeper/x.mustache", "!");
	put("one/assets/skip.mustache", "{{#never closed}}");
	put("one/notes.txt", "{{#not a template}}");
	put("one/.hidden.mustache", "{{#hidden}}");
}

TEST(a_folder_loads_by_name)
{
	write_one();
	loads("one", 0, "");
	CHECK_INT(reg.len, 3);
	CHECK(templates_get(&reg, "page", 4) != NULL);
	CHECK(templates_get(&reg, "partials/nav", 12) != NULL);
	/* Names are exact: no suffix, no basename alone, no assets/. */
	CHECK(templates_get(&reg, "page.mustache", 13) == NULL);
	CHECK(templates_get(&reg, "nav", 3) == NULL);
	CHECK(templates_get(&reg, "assets/skip", 11) == NULL);
	CHECK(templates_get(&reg, ".hidden", 7) == NULL);
	/* A name is (pointer, length), as a tag holds it: no NUL needed. */
	CHECK(templates_get(&reg, "partials/navigation", 12) ==
	      templates_get(&reg, "partials/nav", 12));
	CHECK(templates_get(&reg, "pa", 2) == NULL);
	CHECK_STR(mustache_path(templates_get(&reg, "page", 4)), "one/page.mustache");
}

TEST(partials_are_found_through_the_registry)
{
	write_one();
	loads("one", 0, "");
	CHECK_STR(render("page"), "<p>nav!</p>");
	CHECK(templates_lookup(&reg, "partials/deeper/x", 17) != NULL);
	CHECK(templates_lookup(&reg, "partials/deeper/y", 17) == NULL);
	CHECK(templates_mention(&reg, "never") == false);
}

/* The spec renders a missing partial as nothing; a site calls it a mistake. */
TEST(a_missing_partial_or_parent_is_an_error_at_its_tag)
{
	put("two/page.mustache", "a\n  {{> partials/none}}\n{{<layouts/base}}{{/layouts/base}}");
	put("two/ok.mustache", "fine");
	loads("two", -1,
	      "two/page.mustache:2:3: error: partial 'partials/none' not found (no "
	      "two/partials/none.mustache)\n"
	      "two/page.mustache:3:1: error: parent template 'layouts/base' not found (no "
	      "two/layouts/base.mustache)\n");
	/* Dynamic names are looked up at render time only. */
	put("three/page.mustache", "{{>*which}}");
	loads("three", 0, "");
}

/* Whatever a template holds lands in every page: NULs and bad UTF-8 are
 * errors at their line and column, each file's own, all reported. */
TEST(text_that_is_not_utf8_is_a_located_error)
{
	put_bytes("four/nul.mustache", "ok\n{{x}}\0{{y}}", 14);
	put_bytes("four/latin1.mustache", "caf\xc3\xa9 ok\nna\xefve", 14);
	put_bytes("four/overlong.mustache", "{{> \xc0\xaf}}", 8);
	put_bytes("four/surrogate.mustache", "x \xed\xa0\x80", 5);
	put("four/good.mustache", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	loads("four", -1,
	      "four/latin1.mustache:2:3: error: invalid UTF-8 (byte 0xEF): templates must be "
	      "UTF-8 text; save the file as UTF-8\n"
	      "four/nul.mustache:2:6: error: NUL byte: templates must be UTF-8 text\n"
	      "four/overlong.mustache:1:5: error: invalid UTF-8 (byte 0xC0): templates must "
	      "be UTF-8 text; save the file as UTF-8\n"
	      "four/surrogate.mustache:1:3: error: invalid UTF-8 (byte 0xED): templates must "
	      "be UTF-8 text; save the file as UTF-8\n");
	/* The good one still loads: nothing else is refused with them. */
	CHECK(templates_get(&reg, "good", 4) != NULL);
	CHECK(templates_get(&reg, "nul", 3) == NULL);
}

/* Names that look alike stay apart: case, a file beside a folder of the
 * same stem, a double suffix. */
TEST(names_that_look_alike_do_not_collide)
{
	put("five/page.mustache", "lower");
	put("five/Page.mustache", "upper");
	put("five/partials.mustache", "file");
	put("five/partials/nav.mustache", "folder");
	put("five/x.mustache.mustache", "double");
	put("five/x.mustache/y.mustache", "inside");
	loads("five", 0, "");
	CHECK_INT(reg.len, 6);
	CHECK_STR(render("page"), "lower");
	CHECK_STR(render("Page"), "upper");
	CHECK_STR(render("partials"), "file");
	CHECK_STR(render("partials/nav"), "folder");
	CHECK_STR(render("x.mustache"), "double");
	CHECK_STR(render("x.mustache/y"), "inside");
	CHECK_STR(render("x"), "(no such template)");
}

int
main(void)
{
	if (scratch_open() != 0 || chdir(top) != 0)
		return 1;
	RUN(a_folder_loads_by_name);
	RUN(partials_are_found_through_the_registry);
	RUN(a_missing_partial_or_parent_is_an_error_at_its_tag);
	RUN(text_that_is_not_utf8_is_a_located_error);
	RUN(names_that_look_alike_do_not_collide);
	templates_free(&reg);
	capture_free();
	scratch_close();
	return check_summary();
}
