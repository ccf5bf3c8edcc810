/* tags: folding spellings into one tag per slug and language, tag pages. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "content.h"
#include "scratch.h"
#include "strmap.h"

static char *messages;
static size_t messages_size;

static int
scan(struct content *c, const char *dir, bool tag_pages)
{
	free(messages);
	FILE *f = open_memstream(&messages, &messages_size);
	struct diag d;
	diag_init(&d, f);
	struct content_options opt = {.tag_pages = tag_pages};
	int rc = content_scan(arena, &d, at(dir), &opt, c);
	fclose(f);
	diag_close(&d);
	return rc;
}

static const struct content_tag *
tag(const struct content *c, const char *key)
{
	long t = strmap_cget(&c->tag_by_slug, key);
	return t >= 0 ? &c->tags[t] : NULL;
}

TEST(spellings_fold_into_one_tag_named_by_the_first)
{
	struct content c;
	CHECK_INT(scan(&c, "one", false), 0);
	CHECK_INT(c.ntags, 4); /* ete, cafe-creme, x; fr/ete */
	const struct content_tag *ete = tag(&c, "ete");
	CHECK(ete != NULL);
	if (ete == NULL)
		return;
	CHECK_STR(ete->name, "Été");
	CHECK_INT(ete->npages, 2);
	CHECK_INT(ete->page, -1);
	/* A warning at each other spelling, with a note at the first. */
	CHECK(contains(messages, "/one/b.md:2:8: warning: tags 'ETE' and 'Été' have one "
	                         "slug, 'ete', so they are one tag"));
	CHECK(contains(messages, "/one/a.md:2:8: note: 'Été' comes first"));
	CHECK(contains(messages, "/one/a.md:2:25: warning: tags 'café-crème' and 'Café crème'"));
	size_t warnings = 0;
	for (const char *p = messages; (p = strstr(p, "warning:")) != NULL; p++)
		warnings++;
	CHECK_INT(warnings, 2);
	/* A tag twice on a page counts the page once. */
	CHECK_INT(tag(&c, "cafe-creme")->npages, 1);
	CHECK(tag(&c, "fr/ete") != NULL);
	CHECK_STR(tag(&c, "fr/ete")->name, "été");
	content_free(&c);
}

TEST(tag_pages_only_when_asked)
{
	struct content c;
	CHECK_INT(scan(&c, "one", true), 0);
	const struct content_tag *ete = tag(&c, "ete");
	CHECK(ete != NULL && ete->page >= 0);
	if (ete == NULL || ete->page < 0)
		return;
	CHECK_STR(c.pages[ete->page].url, "tags/ete/index.html");
	CHECK_INT(c.pages[ete->page].kind, PAGE_TAG);
	CHECK_STR(c.pages[tag(&c, "fr/ete")->page].url, "fr/tags/ete/index.html");
	size_t lists = 0;
	for (size_t i = 0; i < c.npages; i++)
		if (c.pages[i].kind == PAGE_TAGS) {
			lists++;
			CHECK_STR(c.pages[i].url,
			          c.pages[i].lang ? "fr/tags/index.html" : "tags/index.html");
		}
	CHECK_INT(lists, 2);
	/* The tag's pages in the usual order: by weight first. */
	CHECK_STR(c.pages[ete->pages[0]].title, "B");
	content_free(&c);
}

TEST(tags_must_be_a_list_of_text)
{
	struct content c;
	CHECK_INT(scan(&c, "bad", false), -1);
	CHECK(contains(messages, "/bad/a.md:2:11: error: 'tags' must be a list of text"));
	CHECK(contains(messages, "/bad/b.md:2:7: error: 'tags' must be a list of text"));
	content_free(&c);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	put("one/site.yaml", "title: T\nlanguages: [en, fr]\n");
	put("one/a.md", "---\ntags: [Été, Café crème, café-crème]\n---\n");
	put("one/b.md", "---\ntags: [ETE, x]\nweight: 1\ntitle: B\n---\n");
	put("one/a.fr.md", "---\ntags: été\n---\n");
	put("bad/site.yaml", "title: T\n");
	put("bad/a.md", "---\ntags: [a, [b]]\n---\n");
	put("bad/b.md", "---\ntags: {a: 1}\n---\n");
	RUN(spellings_fold_into_one_tag_named_by_the_first);
	RUN(tag_pages_only_when_asked);
	RUN(tags_must_be_a_list_of_text);
	free(messages);
	scratch_close();
	return check_summary();
}
