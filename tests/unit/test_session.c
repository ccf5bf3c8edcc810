/* site_session: a rebuild into memory is what `brief build` writes. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "markdown.h"
#include "scratch.h"
#include "site.h"
#include "sitecmp.h"

/* Builds content and templates to disk and in a session, and compares. */
static void
same_as_build(const char *content, const char *templates)
{
	const char *out = at(arena_printf(arena, "out-%s", content));
	for (char *p = strchr(out + strlen(top), '/') + 1; *p; p++)
		if (*p == '/')
			*p = '-';
	struct site_options opt = {
	    .content_dir = content, .templates_dir = templates, .output_dir = out, .jobs = 2};
	struct site_stats stats;
	struct diag d;
	diag_init(&d, stdout);
	CHECK_INT(site_build(&opt, &d, &stats), 0);
	struct site_session *s = site_session_new(&opt);
	struct memsite *site = NULL;
	CHECK_INT(site_session_rebuild(s, &d, NULL, 0, &site, &stats), 0);
	CHECK(site != NULL);
	if (site != NULL)
		CHECK_INT(sitecmp_folder(arena, site, out), 0);
	/* A second rebuild of unchanged files: the same site again. */
	struct memsite *again = NULL;
	CHECK_INT(site_session_rebuild(s, &d, NULL, 0, &again, &stats), 0);
	if (again != NULL)
		CHECK_INT(sitecmp_folder(arena, again, out), 0);
	CHECK_INT(d.errors, 0);
	memsite_unref(site);
	memsite_unref(again);
	site_session_free(s);
	diag_close(&d);
}

TEST(golden_sites_in_memory_are_their_builds)
{
	static const char *const sites[] = {"basic", "bilingual", "data", "links"};
	for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++)
		same_as_build(arena_printf(arena, "tests/sites/%s/content", sites[i]),
		              arena_printf(arena, "tests/sites/%s/templates", sites[i]));
}

TEST(the_shipped_briefing_in_memory_is_its_build)
{
	same_as_build("content", "templates");
}

/* A failed rebuild leaves *site alone; the next good one recovers. */
TEST(a_failed_rebuild_keeps_the_last_site)
{
	put("s/content/site.yaml", "title: T\n");
	put("s/content/a.md", "---\ntitle: A\n---\nHello\n");
	put("s/templates/page.mustache", "{{page.title}}:{{{page.content}}}");
	put("s/templates/index.mustache", "home");
	put("s/templates/section.mustache", "section");
	struct site_options opt = {.content_dir = at("s/content"),
	                           .templates_dir = at("s/templates"),
	                           .output_dir = at("s/out"),
	                           .jobs = 1};
	struct site_session *s = site_session_new(&opt);
	struct site_stats stats;
	struct memsite *site = NULL;
	CHECK_INT(site_session_rebuild(s, &quiet, NULL, 0, &site, &stats), 0);
	struct memsite *first = site;
	put("s/content/a.md", "---\ntitle: [\n---\nHello\n");
	const char *changed[] = {at("s/content/a.md")};
	unsigned errors = quiet.errors;
	CHECK_INT(site_session_rebuild(s, &quiet, changed, 1, &site, &stats), -1);
	CHECK(quiet.errors > errors);
	CHECK(site == first);
	put("s/content/a.md", "---\ntitle: B\n---\nHello\n");
	/* quiet still counts the last rebuild's errors: they do not fail this one. */
	CHECK_INT(site_session_rebuild(s, &quiet, changed, 1, &site, &stats), 0);
	CHECK(site != first);
	size_t len = 0;
	char *a = site ? sitecmp_text(site, "a/index.html", &len) : NULL;
	CHECK(a != NULL && len > 2 && !memcmp(a, "B:", 2));
	free(a);
	CHECK(!fsutil_is_dir(at("s/out")));
	memsite_unref(first);
	memsite_unref(site);
	site_session_free(s);
}

/* Rebuilds n changed paths and says how much rendered again. */
static void
rebuild(struct site_session *s, const char *changed, struct memsite **site,
        struct site_stats *stats)
{
	const char *paths[] = {changed};
	struct memsite *last = *site;
	CHECK_INT(site_session_rebuild(s, &quiet, paths, changed ? 1 : 0, site, stats), 0);
	if (*site != last)
		memsite_unref(last);
}

/* Only what depends on a change renders again. */
TEST(a_rebuild_renders_only_what_changed)
{
	put("i/content/site.yaml", "title: T\n");
	for (int i = 0; i < 4; i++)
		put(arena_printf(arena, "i/content/p%d.md", i),
		    arena_printf(arena, "---\ntitle: P%d\n---\nBody %d\n", i, i));
	put("i/templates/page.mustache", "{{page.title}}:{{{page.content}}}");
	put("i/templates/index.mustache", "{{#site.pages}}{{title}}{{/site.pages}}");
	put("i/templates/section.mustache", "section");
	struct site_options opt = {.content_dir = at("i/content"),
	                           .templates_dir = at("i/templates"),
	                           .output_dir = at("i/out"),
	                           .jobs = 2};
	struct site_session *s = site_session_new(&opt);
	struct site_stats st;
	struct memsite *site = NULL;
	rebuild(s, NULL, &site, &st);
	CHECK_INT(st.markdown, 5);
	CHECK_INT(st.rendered, 5);
	/* A body: that page's Markdown and that page alone. */
	put("i/content/p1.md", "---\ntitle: P1\n---\nNew body\n");
	rebuild(s, at("i/content/p1.md"), &site, &st);
	CHECK_INT(st.markdown, 1);
	CHECK_INT(st.rendered, 1);
	size_t len = 0;
	char *p1 = site ? sitecmp_text(site, "p1/index.html", &len) : NULL;
	CHECK(p1 && strstr(p1, "New body"));
	free(p1);
	/* A title the home page lists: every page, from cached Markdown. */
	put("i/content/p2.md", "---\ntitle: Q2\n---\nBody 2\n");
	rebuild(s, at("i/content/p2.md"), &site, &st);
	CHECK_INT(st.markdown, 0);
	CHECK_INT(st.rendered, 5);
	/* A template: every page, no Markdown. */
	put("i/templates/page.mustache", "{{page.title}}!{{{page.content}}}");
	rebuild(s, at("i/templates/page.mustache"), &site, &st);
	CHECK_INT(st.markdown, 0);
	CHECK_INT(st.rendered, 5);
	/* Nothing changed: nothing renders. */
	rebuild(s, at("i/content/p3.md"), &site, &st);
	CHECK_INT(st.markdown, 0);
	CHECK_INT(st.rendered, 0);
	CHECK_INT(st.pages, 5);
	memsite_unref(site);
	site_session_free(s);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	markdown_init();
	RUN(golden_sites_in_memory_are_their_builds);
	RUN(the_shipped_briefing_in_memory_is_its_build);
	RUN(a_failed_rebuild_keeps_the_last_site);
	RUN(a_rebuild_renders_only_what_changed);
	scratch_close();
	return check_summary();
}
