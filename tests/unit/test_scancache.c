/*
 * scancache and treestamp: what the build cache trusts by stat alone. A
 * page file noted is taken back while it stats the same, not once it is
 * written, touched or replaced, nor when it changed within the racy
 * window; a corrupt cache file is refused whole. A tree's stamp changes
 * with any entry added, removed, renamed or touched, and refuses a tree
 * with a file changed just now.
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "frontmatter.h"
#include "scancache.h"
#include "scratch.h"
#include "treestamp.h"
#include "yamlload.h"

/* Sets rel's mtime to `ago` seconds before now. */
static void
age(const char *rel, long ago)
{
	struct timespec t = {time(NULL) - ago, 0};
	utimensat(AT_FDCWD, at(rel), (struct timespec[]){t, t}, 0);
}

/* Reads page file rel as the scan would and notes it in sc. */
static void
note(struct scancache *sc, const char *rel)
{
	struct page_file f = {.full = at(rel)};
	struct stat st;
	CHECK(!scancache_take(sc, arena, &f, &st));
	size_t len;
	char *src = fsutil_read_heap(&quiet, f.full, &len);
	REQUIRE(src != NULL && frontmatter_split(&quiet, f.full, src, len, &f.fm) == 0);
	f.meta = yamlload_string(arena, &quiet, f.full, f.fm.yaml, f.fm.yaml_len, f.fm.yaml_line);
	REQUIRE(f.meta != NULL);
	scancache_note(sc, &f, &st);
	free(src);
}

/* Whether a fresh scan cache from the file takes rel. */
static bool
taken(const char *rel, struct page_file *f)
{
	struct scancache *sc = scancache_open(at(".cache/out.scan"));
	*f = (struct page_file){.full = at(rel)};
	struct stat st;
	bool got = scancache_take(sc, arena, f, &st);
	scancache_free(sc);
	return got;
}

TEST(a_page_file_is_taken_while_it_stats_the_same)
{
	put("content/a.md", "---\ntitle: A\n---\nBody of a.\n");
	put("content/b.md", "---\ntitle: B\n---\nBody of b.\n");
	age("content/a.md", 3600);
	/* b changed just now: its stat is not trusted next time. */
	struct scancache *sc = scancache_open(at(".cache/out.scan"));
	note(sc, "content/a.md");
	note(sc, "content/b.md");
	REQUIRE(scancache_save(sc) == 0);
	scancache_free(sc);
	struct page_file f;
	REQUIRE(taken("content/a.md", &f));
	CHECK(f.fm.body == NULL && f.fm.body_len == 11 && f.fm.body_line == 4 && f.kept);
	/* The front matter's values, positioned in the file, no text. */
	CHECK(f.fm.yaml == NULL && f.meta != NULL);
	const struct value *title = value_cget(f.meta, "title");
	CHECK(title != NULL && title->kind == VALUE_STRING && !strcmp(title->str, "A"));
	CHECK(title != NULL && title->pos.path == f.full && title->pos.line == 2 &&
	      title->pos.col == 8);
	CHECK(f.body_hash != 0);
	CHECK(!taken("content/b.md", &f));
	/* Touched: another mtime. */
	age("content/a.md", 1800);
	CHECK(!taken("content/a.md", &f));
}

TEST(a_corrupt_cache_file_is_refused_whole)
{
	put("content/c.md", "---\ntitle: C\n---\nBody.\n");
	age("content/c.md", 3600);
	struct scancache *sc = scancache_open(at(".cache/out.scan"));
	note(sc, "content/c.md");
	REQUIRE(scancache_save(sc) == 0);
	scancache_free(sc);
	struct page_file f;
	REQUIRE(taken("content/c.md", &f));
	int fd = open(at(".cache/out.scan"), O_WRONLY);
	REQUIRE(fd >= 0);
	REQUIRE(pwrite(fd, "X", 1, 40) == 1);
	close(fd);
	CHECK(!taken("content/c.md", &f));
}

TEST(a_tree_stamp_changes_with_any_entry)
{
	put("tree/x/a.txt", "a");
	put("tree/b.txt", "b");
	age("tree/x/a.txt", 3600);
	age("tree/b.txt", 3600);
	int64_t now = (int64_t)time(NULL);
	uint64_t h0 = 0, h1 = 0;
	REQUIRE(treestamp_mix(at("tree"), now, &h0));
	REQUIRE(treestamp_mix(at("tree"), now, &h1));
	CHECK(h0 == h1);
	age("tree/b.txt", 1800); /* touched */
	uint64_t h2 = 0;
	REQUIRE(treestamp_mix(at("tree"), now, &h2));
	CHECK(h2 != h0);
	REQUIRE(rename(at("tree/b.txt"), at("tree/x/b.txt")) == 0); /* moved */
	uint64_t h3 = 0;
	REQUIRE(treestamp_mix(at("tree"), now, &h3));
	CHECK(h3 != h2);
	put("tree/new.txt", "n"); /* just now: no stamp to trust */
	uint64_t h4 = 0;
	CHECK(!treestamp_mix(at("tree"), now, &h4));
	age("tree/new.txt", 3600);
	CHECK(treestamp_mix(at("tree"), now, &h4) && h4 != h3);
	REQUIRE(unlink(at("tree/new.txt")) == 0); /* removed again */
	uint64_t h5 = 0;
	CHECK(treestamp_mix(at("tree"), now, &h5) && h5 == h3);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	RUN(a_page_file_is_taken_while_it_stats_the_same);
	RUN(a_corrupt_cache_file_is_refused_whole);
	RUN(a_tree_stamp_changes_with_any_entry);
	scratch_close();
	return check_summary();
}
