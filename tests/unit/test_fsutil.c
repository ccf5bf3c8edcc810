/* fsutil and strmap: confined sorted walks, the staging swap, lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "fsutil.h"
#include "strmap.h"

static char top[] = "/tmp/brief-fsutil-XXXXXX";
static struct arena *arena;
static struct diag quiet;

static const char *
at(const char *rel)
{
	return arena_printf(arena, "%s/%s", top, rel);
}

static void
put(const char *rel, const char *text)
{
	fsutil_write(&quiet, at(rel), text, strlen(text));
}

static void
collect(void *ctx, const char *rel, const char *full, bool is_dir)
{
	(void)full;
	buf_printf(ctx, "%s%s ", rel, is_dir ? "/" : "");
}

TEST(walks_are_sorted_skip_hidden_and_stay_inside)
{
	put("in/b.md", "b");
	put("in/a/z.txt", "z");
	put("in/a.md", "a");
	put("in/.hidden", "h");
	put("secret", "s");
	symlink(at("secret"), at("in/leak"));
	symlink(at("in/a.md"), at("in/alias.md"));
	struct buf seen = BUF_INIT;
	char *text;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	struct diag d;
	diag_init(&d, f);
	CHECK_INT(fsutil_walk(arena, &d, at("in"), collect, &seen), -1);
	fclose(f);
	diag_close(&d);
	CHECK_STR(seen.ptr, "a/ a/z.txt a.md alias.md b.md ");
	CHECK(strstr(text, "in/leak: error: symbolic link leads outside the folder being read") !=
	      NULL);
	free(text);
	buf_free(&seen);
}

TEST(staging_swaps_in_whole_or_not_at_all)
{
	const char *out = at("site");
	put("site/old.html", "old");
	struct fsutil_stage stage;
	CHECK_INT(fsutil_stage_begin(&quiet, out, &stage), 0);
	CHECK(strstr(stage.dir, "/.site.brief-") != NULL);
	fsutil_write(&quiet, arena_printf(arena, "%s/new.html", stage.dir), "new", 3);
	fsutil_stage_abort(&quiet, &stage);
	CHECK(access(at("site/old.html"), F_OK) == 0);
	CHECK(access(at("site/new.html"), F_OK) != 0);

	CHECK_INT(fsutil_stage_begin(&quiet, out, &stage), 0);
	char *dir = arena_strdup(arena, stage.dir);
	fsutil_write(&quiet, arena_printf(arena, "%s/new.html", stage.dir), "new", 3);
	CHECK_INT(fsutil_stage_commit(&quiet, &stage), 0);
	CHECK(access(at("site/old.html"), F_OK) != 0);
	CHECK(access(at("site/new.html"), F_OK) == 0);
	CHECK(access(dir, F_OK) != 0);
	struct stat st;
	CHECK(stat(out, &st) == 0 && (st.st_mode & 0005) == 0005);
}

TEST(staging_creates_a_missing_output)
{
	struct fsutil_stage stage;
	CHECK_INT(fsutil_stage_begin(&quiet, at("fresh/"), &stage), 0);
	CHECK_INT(fsutil_stage_commit(&quiet, &stage), 0);
	CHECK(fsutil_is_dir(at("fresh")));
}

TEST(join_and_read)
{
	CHECK_STR(fsutil_join(arena, "", "a"), "a");
	CHECK_STR(fsutil_join(arena, "x/", "a"), "x/a");
	CHECK_STR(fsutil_join(arena, "x", "a"), "x/a");
	size_t len;
	put("r.txt", "hello");
	CHECK_STR(fsutil_read(arena, &quiet, at("r.txt"), &len), "hello");
	CHECK_INT(len, 5);
	CHECK(fsutil_read(arena, &quiet, at("nope"), &len) == NULL);
}

TEST(strmap_finds_what_it_holds)
{
	struct strmap m = {0};
	char keys[1000][16];
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		CHECK_INT(strmap_add(&m, keys[i], strlen(keys[i]), i), i);
	}
	CHECK_INT(strmap_add(&m, "k7", 2, 99), 7);
	CHECK_INT(strmap_cget(&m, "k999"), 999);
	CHECK_INT(strmap_cget(&m, "k1000"), -1);
	CHECK_INT(m.count, 1000);
	strmap_free(&m);
	CHECK_INT(strmap_cget(&m, "k1"), -1);
}

int
main(void)
{
	if (mkdtemp(top) == NULL)
		return 1;
	arena = arena_new();
	FILE *sink = fopen("/dev/null", "w");
	diag_init(&quiet, sink);
	RUN(walks_are_sorted_skip_hidden_and_stay_inside);
	RUN(staging_swaps_in_whole_or_not_at_all);
	RUN(staging_creates_a_missing_output);
	RUN(join_and_read);
	RUN(strmap_finds_what_it_holds);
	fsutil_remove_tree(&quiet, top);
	diag_close(&quiet);
	fclose(sink);
	arena_free(arena);
	return check_summary();
}
