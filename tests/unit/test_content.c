/* content: scanning a content folder into pages, sections, data, files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content.h"
#include "context.h"
#include "fsutil.h"
#include "pagevalue.h"
#include "pagecache.h"
#include "strmap.h"

static char top[] = "/tmp/brief-content-XXXXXX";
static void make_site(void);
static void make_bilingual_site(void);
static void make_slugless_site(void);
static char dir[600];
static struct arena *arena;
static char *diag_text;
static size_t diag_size;

static void
put(const char *rel, const char *text)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	struct diag d;
	diag_init(&d, NULL);
	fsutil_write(&d, path, text, strlen(text));
	diag_close(&d);
}

/* Points dir at the site called name, written by make the first time:
 * each test names the site it reads, so the tests pass in any order. */
static void
use_site(const char *name, void (*make)(void))
{
	snprintf(dir, sizeof(dir), "%s/%s", top, name);
	if (!fsutil_is_dir(dir))
		make();
}

static int
scan_holding(struct content *c, bool drafts, size_t hold_bytes)
{
	free(diag_text);
	FILE *f = open_memstream(&diag_text, &diag_size);
	struct diag d;
	diag_init(&d, f);
	struct content_options opt = {.drafts = drafts, .hold_bytes = hold_bytes};
	int rc = content_scan(arena, &d, dir, &opt, c);
	fclose(f);
	diag_close(&d);
	return rc;
}

static int
scan(struct content *c, bool drafts)
{
	return scan_holding(c, drafts, 0);
}

static const struct page *
find(const struct content *c, const char *rel)
{
	long i = strmap_cget(&c->page_by_path, rel);
	return i >= 0 ? &c->pages[i] : NULL;
}

/* The page made from rel; a missing one fails the test and reads as a
 * blank page, so that the checks after it fail instead of crashing. */
static const struct page *
page(const struct content *c, const char *rel)
{
	static const struct page blank = {.url = "(no page)", .root = "(no page)"};
	const struct page *p = find(c, rel);
	if (p == NULL) {
		printf("  no page made from %s\n", rel);
		check_ok = false;
	}
	return p ? p : &blank;
}

static const char *
title_at(const struct content *c, long i)
{
	return i >= 0 ? c->pages[i].title : "(none)";
}

TEST(urls_roots_and_kinds)
{
	use_site("one", make_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	CHECK_STR(page(&c, "index.md")->url, "index.html");
	CHECK_STR(page(&c, "index.md")->root, "");
	CHECK_INT(page(&c, "index.md")->kind, PAGE_HOME);
	CHECK_STR(page(&c, "programs/csp.md")->url, "programs/csp/index.html");
	CHECK_STR(page(&c, "programs/csp.md")->root, "../../");
	CHECK_STR(page(&c, "programs/_index.md")->url, "programs/index.html");
	CHECK_STR(page(&c, "programs/_index.md")->root, "../");
	CHECK_STR(page(&c, "programs/deep/x.md")->url, "programs/deep/renamed/index.html");
	CHECK_STR(page(&c, "programs/deep/x.md")->root, "../../../");
	CHECK_INT(page(&c, "programs/_index.md")->kind, PAGE_SECTION);
	content_free(&c);
}

/* Past hold_bytes, pages let their source go after the front matter and
 * read their body again (pagecache_read_body()) to render it. */
TEST(sources_past_the_budget_are_read_again)
{
	use_site("one", make_site);
	struct content all, few;
	CHECK_INT(scan(&all, false), 0);
	CHECK_INT(scan_holding(&few, false, 1), 0);
	CHECK_INT(few.npages, all.npages);
	size_t dropped = 0;
	for (size_t i = 0; i < few.npages && i < all.npages; i++) {
		struct page *p = &few.pages[i];
		const struct page *q = &all.pages[i];
		CHECK_STR(p->url, q->url);
		CHECK_STR(p->title, q->title);
		if (q->rel == NULL || p->body != NULL)
			continue;
		dropped++;
		CHECK(p->source == NULL);
		struct diag d;
		diag_init(&d, NULL);
		CHECK_INT(pagecache_read_body(&d, p), 0);
		diag_close(&d);
		CHECK_INT(p->body_len, q->body_len);
		CHECK(p->body != NULL && !memcmp(p->body, q->body, q->body_len));
		CHECK_INT(p->body_line, q->body_line);
	}
	CHECK(dropped > 2);
	content_free(&few);
	content_free(&all);
}

/* Key of a page's value (pagevalue.h), made in the test's arena. */
static const struct value *
get(const struct value *page, const char *key)
{
	CHECK_INT(page->kind, VALUE_LAZY);
	return pagevalue_get(arena, page, key, strlen(key));
}

/* Pages' values share what is the same for many (context.h): a date
 * written alike, an empty list of translations. */
static void
make_dated_site(void)
{
	put("site.yaml", "title: T\n");
	put("a.md", "---\ntitle: A\ndate: 2020-05-01\n---\n");
	put("b.md", "---\ntitle: B\ndate: 2020-05-01\n---\n");
	put("c.md", "---\ntitle: C\ndate: 2021-01-02\n---\n");
}

TEST(page_values_share_dates_and_empty_lists)
{
	use_site("dated", make_dated_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	struct diag d;
	diag_init(&d, NULL);
	CHECK(context_sites(arena, &d, &c) != NULL);
	diag_close(&d);
	const struct value *a = page(&c, "a.md")->v, *b = page(&c, "b.md")->v;
	const struct value *cc = page(&c, "c.md")->v;
	if (a != NULL && b != NULL && cc != NULL) {
		CHECK(get(a, "date") == get(b, "date"));
		CHECK(get(a, "date") != get(cc, "date"));
		CHECK_STR(value_str(value_cget(get(cc, "date"), "iso")), "2021-01-02");
		CHECK_STR(value_str(value_cget(get(b, "date"), "iso")), "2020-05-01");
		CHECK(get(a, "translations") == get(cc, "translations"));
		CHECK_INT(get(a, "translations")->as.list.len, 0);
	}
	content_free(&c);
}

TEST(folders_without_index_get_a_section_page)
{
	use_site("one", make_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	long i = content_find_page(&c, 0, "programs/deep");
	REQUIRE(i >= 0);
	CHECK_STR(c.pages[i].url, "programs/deep/index.html");
	CHECK_STR(c.pages[i].title, "Deep");
	CHECK(c.pages[i].rel == NULL);
	/* A folder of data only is not a section. */
	CHECK_INT(content_find_page(&c, 0, "people"), -1);
	content_free(&c);
}

TEST(sections_sort_by_weight_date_title)
{
	use_site("one", make_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	long sec = strmap_cget(&c.section_by_dir, "programs/");
	REQUIRE(sec >= 0);
	const struct section *s = &c.sections[sec];
	REQUIRE(s->npages == 4);
	CHECK_STR(title_at(&c, s->pages[0]), "Weighted");
	CHECK_STR(title_at(&c, s->pages[1]), "Newer");
	CHECK_STR(title_at(&c, s->pages[2]), "Older");
	CHECK_STR(title_at(&c, s->pages[3]), "CSP");
	const struct page *newer = &c.pages[s->pages[1]];
	CHECK_STR(title_at(&c, newer->prev), "Weighted");
	CHECK_STR(title_at(&c, newer->next), "Older");
	CHECK_INT(c.pages[s->pages[0]].prev, -1);
	CHECK_INT(s->nchildren, 1);
	content_free(&c);
}

TEST(drafts_are_left_out_unless_asked)
{
	use_site("one", make_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	CHECK(find(&c, "draft.md") == NULL);
	/* Left out, but known, so that a link to it can say why. */
	CHECK(content_is_draft(&c, 0, "draft.md"));
	CHECK(!content_is_draft(&c, 0, "index.md"));
	CHECK(!content_is_draft(&c, 0, "nothing.md"));
	content_free(&c);
	CHECK_INT(scan(&c, true), 0);
	CHECK(find(&c, "draft.md") != NULL);
	CHECK(!content_is_draft(&c, 0, "draft.md"));
	content_free(&c);
}

TEST(data_files_and_plain_files)
{
	use_site("one", make_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	CHECK_STR(value_str(value_path(c.langs[0].data, "people.team.lead")), "Ada");
	CHECK_INT(value_path(c.langs[0].data, "facts")->kind, VALUE_LIST);
	CHECK_INT(c.nfiles, 1);
	CHECK_STR(c.files[0].rel, "img/a.png");
	CHECK_STR(value_str(value_cget(c.site, "title")), "T");
	content_free(&c);
}

static void
make_site(void)
{
	put("site.yaml", "title: T\n");
	put("index.md", "---\ntitle: Home\n---\nHi\n");
	put("programs/_index.md", "---\ntitle: Programs\n---\n");
	put("programs/csp.md", "---\ntitle: CSP\n---\n");
	put("programs/older.md", "---\ntitle: Older\ndate: 2017-01-01\n---\n");
	put("programs/newer.md", "---\ntitle: Newer\ndate: 2018-07-16\n---\n");
	put("programs/weighted.md", "---\ntitle: Weighted\nweight: 1\n---\n");
	put("programs/deep/x.md", "---\ntitle: X\nslug: renamed\n---\n");
	put("draft.md", "---\ntitle: Draft\ndraft: true\n---\n");
	put("people/team.yaml", "lead: Ada\n");
	put("facts.yml", "- 1\n");
	put("img/a.png", "PNG");
}

static void
make_bilingual_site(void)
{
	put("site.yaml", "title: T\nlanguages:\n  - code: en\n    name: English\n"
	                 "  - {code: fr, name: Français}\n");
	put("index.md", "---\ntitle: Home\n---\n");
	put("index.fr.md", "---\ntitle: Accueil\n---\n");
	put("programs/csp.md", "---\ntitle: CSP\n---\n");
	put("programs/csp.fr.md", "---\ntitle: CSP (fr)\n---\n");
	put("programs/only-en.md", "---\ntitle: Only English\n---\n");
	put("programs/plan.md", "---\ntitle: Plan\ndraft: true\n---\n");
	put("programs/old.fr.md", "---\ntitle: Ancien\ndraft: true\n---\n");
	put("facts.yaml",
	    "- {slug: azure, title: Azure growth}\n- {slug: partners, title: Partners}\n");
	put("facts.fr.yaml", "- {slug: azure, title: Croissance d'Azure}\n");
	put("people.yaml", "- Ada\n");
	put("i18n/fr.yaml", "skip: Aller au contenu\n");
	put("key-figures/_index.md", "---\ntitle: Key figures\npages_from:\n  data: facts\n"
	                             "  layout: fact\n---\n");
	put("key-figures/_index.fr.md",
	    "---\ntitle: Chiffres clés\npages_from: {data: facts}\n---\n");
}

TEST(translations_get_their_own_urls_and_sections)
{
	use_site("two", make_bilingual_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	REQUIRE(c.nlangs == 2);
	CHECK_STR(c.langs[1].prefix, "fr/");
	CHECK_STR(c.langs[1].name, "Français");
	const struct page *fr = find(&c, "programs/csp.fr.md");
	REQUIRE(fr != NULL);
	CHECK_STR(fr->url, "fr/programs/csp/index.html");
	CHECK_STR(fr->root, "../../../");
	CHECK_STR(fr->key, "programs/csp.md");
	CHECK_INT(fr->lang, 1);
	CHECK_STR(c.pages[c.langs[1].home].title, "Accueil");
	CHECK_STR(c.pages[c.langs[1].home].url, "fr/index.html");
	/* The French programmes folder gets a section page of its own. */
	long sec = content_find_page(&c, 1, "programs/");
	REQUIRE(sec >= 0);
	CHECK_INT(c.pages[sec].lang, 1);
	CHECK_STR(c.pages[sec].url, "fr/programs/index.html");
	CHECK_INT(c.sections[c.pages[sec].own_section].npages, 1);
	content_free(&c);
}

TEST(links_fall_back_to_the_default_language)
{
	use_site("two", make_bilingual_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	CHECK_STR(title_at(&c, content_find_page(&c, 1, "programs/csp.md")), "CSP (fr)");
	CHECK_STR(title_at(&c, content_find_page(&c, 0, "programs/csp.md")), "CSP");
	CHECK_STR(title_at(&c, content_find_page(&c, 1, "programs/only-en.md")), "Only English");
	CHECK_STR(title_at(&c, content_find_page(&c, 0, "programs/csp.fr.md")), "CSP (fr)");
	CHECK_STR(title_at(&c, content_find_page(&c, 1, "")), "Accueil");
	CHECK_INT(content_find_page(&c, 1, "nothing.md"), -1);
	/* Drafts are found the same way, to say why a link fails. */
	CHECK(content_is_draft(&c, 1, "programs/plan.md"));
	CHECK(content_is_draft(&c, 1, "programs/old.md"));
	CHECK(!content_is_draft(&c, 0, "programs/old.md"));
	CHECK(content_is_draft(&c, 0, "programs/old.fr.md"));
	CHECK(!content_is_draft(&c, 1, "programs/csp.md"));
	content_free(&c);
}

TEST(data_and_strings_per_language)
{
	use_site("two", make_bilingual_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	struct value *en = value_cget(c.langs[0].data, "facts");
	struct value *fr = value_cget(c.langs[1].data, "facts");
	CHECK_INT(en->as.list.len, 2);
	CHECK_INT(fr->as.list.len, 1);
	/* A file without a French version is shared. */
	CHECK(value_cget(c.langs[1].data, "people") == value_cget(c.langs[0].data, "people"));
	CHECK_STR(value_str(value_cget(c.langs[1].i18n, "skip")), "Aller au contenu");
	CHECK_INT(c.langs[0].i18n->as.map.len, 0);
	CHECK(value_cget(c.langs[0].data, "i18n") == NULL);
	content_free(&c);
}

TEST(sections_make_pages_from_data)
{
	use_site("two", make_bilingual_site);
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	long en = strmap_cget(&c.section_by_dir, "key-figures/");
	long fr = strmap_cget(&c.section_by_dir, "fr/key-figures/");
	REQUIRE(en >= 0 && fr >= 0);
	REQUIRE(c.sections[en].npages == 2);
	REQUIRE(c.sections[fr].npages == 1);
	const struct page *p = &c.pages[c.sections[en].pages[0]];
	CHECK_STR(p->title, "Azure growth");
	CHECK_STR(p->url, "key-figures/azure/index.html");
	CHECK_STR(p->layout, "fact");
	CHECK_STR(p->key, "key-figures/azure.md");
	CHECK_INT(p->pos.line, 1);
	const struct page *q = &c.pages[c.sections[fr].pages[0]];
	CHECK_STR(q->title, "Croissance d'Azure");
	CHECK_STR(q->url, "fr/key-figures/azure/index.html");
	CHECK(q->layout == NULL);
	/* Pages made from data are linkable by their slug. */
	CHECK_STR(title_at(&c, content_find_page(&c, 0, "key-figures/partners.md")), "Partners");
	content_free(&c);
}

static void
make_slugless_site(void)
{
	put("site.yaml", "title: T\n");
	put("facts/_index.md", "---\npages_from: {data: facts}\n---\n");
	put("facts.yaml", "- slug: ok\n- title: no slug\n- slug: ../up\n");
}

TEST(data_pages_need_a_slug)
{
	use_site("three", make_slugless_site);
	struct content c;
	CHECK_INT(scan(&c, false), -1);
	CHECK(strstr(diag_text, "facts.yaml:2:3: error: a page made from data needs a 'slug'") !=
	      NULL);
	CHECK(strstr(diag_text, "facts.yaml:3:9: error: a page made from data needs a 'slug'") !=
	      NULL);
	content_free(&c);
}

int
main(void)
{
	if (mkdtemp(top) == NULL)
		return 1;
	arena = arena_new();
	RUN(urls_roots_and_kinds);
	RUN(sources_past_the_budget_are_read_again);
	RUN(page_values_share_dates_and_empty_lists);
	RUN(folders_without_index_get_a_section_page);
	RUN(sections_sort_by_weight_date_title);
	RUN(drafts_are_left_out_unless_asked);
	RUN(data_files_and_plain_files);
	RUN(translations_get_their_own_urls_and_sections);
	RUN(links_fall_back_to_the_default_language);
	RUN(data_and_strings_per_language);
	RUN(sections_make_pages_from_data);
	RUN(data_pages_need_a_slug);
	struct diag d;
	diag_init(&d, NULL);
	fsutil_remove_tree(&d, top);
	diag_close(&d);
	arena_free(arena);
	free(diag_text);
	return check_summary();
}
