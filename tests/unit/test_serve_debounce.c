/* debounce: bursts of file events become one rebuild; droppings none. */
#include <stdlib.h>

#include "check.h"
#include "debounce.h"

static void
free_paths(char **paths, long n)
{
	for (long i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

TEST(editor_droppings_are_recognised)
{
	CHECK(debounce_dropping("content/x.md~"));
	CHECK(debounce_dropping("content/.x.md.swp"));
	CHECK(debounce_dropping(".index.md.swx"));
	CHECK(debounce_dropping("templates/.base.mustache.swo"));
	CHECK(debounce_dropping("content/4913"));
	CHECK(debounce_dropping("content/5036"));
	CHECK(debounce_dropping("content/#x.md#"));
	CHECK(debounce_dropping("content/.#x.md"));
	CHECK(!debounce_dropping("content/x.md"));
	CHECK(!debounce_dropping("content/4914"));
	CHECK(!debounce_dropping("content/04913"));
	CHECK(!debounce_dropping("content/2024.md"));
	CHECK(!debounce_dropping("content/swp.md"));
	CHECK(!debounce_dropping("content/x.swp"));
	CHECK(!debounce_dropping("content/#"));
	CHECK(!debounce_dropping("content/"));
}

/* A rename-over save: temporary file, rename, droppings; one rebuild. */
TEST(a_burst_is_one_rebuild_after_a_quiet_spell)
{
	struct debounce db;
	debounce_init(&db, 20, 200);
	char **paths;
	CHECK_INT(debounce_wait(&db, 0), -1);
	CHECK_INT(debounce_take(&db, 0, &paths), -1);
	debounce_add(&db, "c/4913", 100);
	debounce_add(&db, "c/x.md~", 101);
	debounce_add(&db, "c/.x.md.tmp", 102);
	debounce_add(&db, "c/x.md", 105);
	debounce_add(&db, "c/.x.md.tmp", 106);
	CHECK_INT(debounce_wait(&db, 110), 16);
	CHECK_INT(debounce_take(&db, 110, &paths), -1);
	CHECK_INT(debounce_wait(&db, 126), 0);
	long n = debounce_take(&db, 126, &paths);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(paths[0], "c/.x.md.tmp");
		CHECK_STR(paths[1], "c/x.md");
	}
	free_paths(paths, n);
	CHECK_INT(debounce_wait(&db, 127), -1);
	debounce_free(&db);
}

TEST(droppings_alone_never_make_a_rebuild_due)
{
	struct debounce db;
	debounce_init(&db, 20, 200);
	debounce_add(&db, "c/.x.md.swp", 0);
	debounce_add(&db, "c/x.md~", 1);
	debounce_add(&db, "c/4913", 2);
	CHECK_INT(debounce_wait(&db, 1000), -1);
	char **paths;
	CHECK_INT(debounce_take(&db, 1000, &paths), -1);
	debounce_free(&db);
}

/* Events every 10 ms forever still rebuild every max_ms. */
TEST(a_endless_burst_is_cut_at_max_ms)
{
	struct debounce db;
	debounce_init(&db, 20, 200);
	uint64_t t = 1000;
	for (; t < 1200; t += 10)
		debounce_add(&db, "c/x.md", t);
	CHECK_INT(debounce_wait(&db, t), 0);
	char **paths;
	long n = debounce_take(&db, t, &paths);
	CHECK_INT(n, 1);
	free_paths(paths, n);
	debounce_add(&db, "c/x.md", t + 5);
	CHECK_INT(debounce_wait(&db, t + 5), 20);
	debounce_free(&db);
}

TEST(lost_events_make_a_full_rebuild)
{
	struct debounce db;
	debounce_init(&db, 20, 200);
	debounce_add(&db, "c/a.md", 0);
	debounce_add_all(&db, 5);
	debounce_add(&db, "c/b.md", 6);
	char **paths = (char **)&paths;
	CHECK_INT(debounce_take(&db, 26, &paths), 0);
	CHECK(paths == NULL);
	debounce_add(&db, "c/c.md", 30);
	long n = debounce_take(&db, 50, &paths);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(paths[0], "c/c.md");
	free_paths(paths, n);
	debounce_free(&db);
}

int
main(void)
{
	RUN(editor_droppings_are_recognised);
	RUN(a_burst_is_one_rebuild_after_a_quiet_spell);
	RUN(droppings_alone_never_make_a_rebuild_due);
	RUN(a_endless_burst_is_cut_at_max_ms);
	RUN(lost_events_make_a_full_rebuild);
	return check_summary();
}
