/* content: scanning a content folder into pages, sections, data, files. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "content.h"
#include "fsutil.h"
#include "strmap.h"

static char dir[] = "/tmp/brief-content-XXXXXX";
static struct arena *arena;
static char *diag_text;
static size_t diag_size;

static void
put(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	struct diag d;
	diag_init(&d, NULL);
	fsutil_write(&d, path, text, strlen(text));
	diag_close(&d);
}

static int
scan(struct content *c, bool drafts)
{
	free(diag_text);
	FILE *f = open_memstream(&diag_text, &diag_size);
	struct diag d;
	diag_init(&d, f);
	struct content_options opt = {.drafts = drafts};
	int rc = content_scan(arena, &d, dir, &opt, c);
	fclose(f);
	diag_close(&d);
	return rc;
}

static const struct page *
page(const struct content *c, const char *rel)
{
	long i = strmap_cget(&c->page_by_path, rel);
	return i >= 0 ? &c->pages[i] : NULL;
}

static const char *
title_at(const struct content *c, long i)
{
	return i >= 0 ? c->pages[i].title : "(none)";
}

TEST(urls_roots_and_kinds)
{
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

TEST(folders_without_index_get_a_section_page)
{
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	long i = content_section_page(&c, "programs/deep");
	CHECK(i >= 0);
	CHECK_STR(c.pages[i].url, "programs/deep/index.html");
	CHECK_STR(c.pages[i].title, "Deep");
	CHECK(c.pages[i].rel == NULL);
	/* A folder of data only is not a section. */
	CHECK_INT(content_section_page(&c, "people"), -1);
	content_free(&c);
}

TEST(sections_sort_by_weight_date_title)
{
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	long sec = strmap_cget(&c.section_by_dir, "programs/");
	const struct section *s = &c.sections[sec];
	CHECK_INT(s->npages, 4);
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
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	CHECK(page(&c, "draft.md") == NULL);
	content_free(&c);
	CHECK_INT(scan(&c, true), 0);
	CHECK(page(&c, "draft.md") != NULL);
	content_free(&c);
}

TEST(data_files_and_plain_files)
{
	struct content c;
	CHECK_INT(scan(&c, false), 0);
	CHECK_STR(value_str(value_path(c.data, "people.team.lead")), "Ada");
	CHECK_INT(value_path(c.data, "facts")->kind, VALUE_LIST);
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

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	arena = arena_new();
	make_site();
	RUN(urls_roots_and_kinds);
	RUN(folders_without_index_get_a_section_page);
	RUN(sections_sort_by_weight_date_title);
	RUN(drafts_are_left_out_unless_asked);
	RUN(data_files_and_plain_files);
	struct diag d;
	diag_init(&d, NULL);
	fsutil_remove_tree(&d, dir);
	diag_close(&d);
	arena_free(arena);
	free(diag_text);
	return check_summary();
}
