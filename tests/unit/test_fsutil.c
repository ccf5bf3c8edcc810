/* fsutil and strmap: confined sorted walks, path splitting, lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "scratch.h"
#include "fsutil.h"
#include "strmap.h"

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

TEST(split_gives_parent_and_name)
{
	const char *cases[][3] = {{"out", ".", "out"},   {"out/", ".", "out"},
	                          {"a/out", "a", "out"}, {"a/b/out//", "a/b", "out"},
	                          {"/out", "/", "out"},  {"a//out", "a", "out"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf parent = BUF_INIT, base = BUF_INIT;
		fsutil_split(cases[i][0], &parent, &base);
		CHECK_STR(parent.ptr, cases[i][1]);
		CHECK_STR(base.ptr, cases[i][2]);
		buf_free(&parent);
		buf_free(&base);
	}
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
	if (scratch_open() != 0)
		return 1;
	RUN(walks_are_sorted_skip_hidden_and_stay_inside);
	RUN(split_gives_parent_and_name);
	RUN(join_and_read);
	RUN(strmap_finds_what_it_holds);
	scratch_close();
	return check_summary();
}
