/* watch: changes under the watched folders, new and removed folders. */
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"
#include "watch.h"

static struct debounce db;
static uint64_t now = 1000;

/* Feeds the events of the next 100 ms into db, then hands over the burst
 * as one "|"-separated line ("*" for a full rebuild, "" for none). */
static const char *
burst(struct watch *w)
{
	struct pollfd p = {watch_fd(w), POLLIN, 0};
	while (poll(&p, 1, 100) > 0)
		CHECK(watch_read(w, &quiet, &db, now) == 0);
	now += 1000;
	char **paths;
	long n = debounce_take(&db, now, &paths);
	if (n < 0)
		return "";
	if (paths == NULL)
		return "*";
	struct buf b = BUF_INIT;
	for (long i = 0; i < n; i++) {
		/* Paths below the scratch folder, for stable expectations. */
		buf_printf(&b, "%s%s", i ? "|" : "", paths[i] + strlen(top) + 1);
		free(paths[i]);
	}
	free(paths);
	char *s = arena_strdup(arena, b.ptr);
	buf_free(&b);
	return s;
}

TEST(files_in_nested_folders_are_seen)
{
	put("c/a.md", "a");
	put("c/notes/deep/b.md", "b");
	put("t/base.mustache", "t");
	const char *roots[] = {at("c"), at("t")};
	struct watch *w = watch_open(&quiet, roots, 2);
	CHECK(w != NULL);
	if (w == NULL)
		return;
	CHECK_STR(burst(w), "");
	put("c/notes/deep/b.md", "b2");
	put("t/base.mustache", "t2");
	CHECK_STR(burst(w), "c/notes/deep/b.md|t/base.mustache");
	/* A rename-over save, its droppings, and hidden files: one path. */
	put("c/.a.md.tmp", "a2");
	put("c/a.md~", "a");
	put("c/4913", "");
	CHECK(rename(at("c/.a.md.tmp"), at("c/a.md")) == 0);
	unlink(at("c/4913"));
	CHECK_STR(burst(w), "c/a.md");
	unlink(at("c/a.md~"));
	CHECK_STR(burst(w), "");
	CHECK(unlink(at("c/a.md")) == 0);
	CHECK_STR(burst(w), "c/a.md");

	/* A new folder: a full rebuild, and its files are watched. */
	CHECK(mkdir(at("c/new"), 0777) == 0);
	CHECK_STR(burst(w), "*");
	put("c/new/x.md", "x");
	CHECK_STR(burst(w), "c/new/x.md");
	/* A folder moved in with its own folders. */
	put("elsewhere/in/y.md", "y");
	CHECK(rename(at("elsewhere"), at("c/moved")) == 0);
	CHECK_STR(burst(w), "*");
	put("c/moved/in/y.md", "y2");
	CHECK_STR(burst(w), "c/moved/in/y.md");
	/* Moved out: no longer watched. */
	CHECK(rename(at("c/moved"), at("gone")) == 0);
	CHECK_STR(burst(w), "*");
	put("gone/in/y.md", "y3");
	CHECK_STR(burst(w), "");
	/* Removed. */
	CHECK(fsutil_remove_tree(&quiet, at("c/new")) == 0);
	CHECK_STR(burst(w), "*");
	watch_close(w);
}

TEST(a_missing_root_is_reported)
{
	const char *roots[] = {at("nothing")};
	struct diag d;
	diag_init_buffered(&d);
	CHECK(watch_open(&d, roots, 1) == NULL);
	diag_close(&d);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	debounce_init(&db, 20, 200);
	RUN(files_in_nested_folders_are_seen);
	RUN(a_missing_root_is_reported);
	debounce_free(&db);
	scratch_close();
	return check_summary();
}
