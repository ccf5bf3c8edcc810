/* sink: the same writes land on disk, in memory, or nowhere. */
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "scratch.h"
#include "sink.h"

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

TEST(the_memory_sink_fills_a_memsite)
{
	put("src/a.png", "PNG");
	struct memsite *m = memsite_new();
	struct sink s;
	sink_init_memory(&s, m, NULL);
	CHECK_INT(sink_begin(&s, &quiet, NULL), 0);
	CHECK_INT(sink_write(&s, &quiet, "x/index.html", "<p>x", 4), 0);
	CHECK_INT(sink_copy(&s, &quiet, "img/a.png", at("src/a.png")), 0);
	CHECK_INT(sink_copy(&s, &quiet, "img/b.png", at("src/none.png")), -1);
	CHECK(!sink_keep(&s, "x/index.html")); /* no previous site */
	CHECK_INT(sink_commit(&s, &quiet, NULL, 0), 0);
	sink_abort(&s, &quiet);
	CHECK_INT(memsite_count(m), 2);
	CHECK(memcmp(memsite_get(m, "img/a.png")->raw, "PNG", 3) == 0);
	CHECK(!exists(at("x")));

	/* The next site takes what it keeps from this one. */
	struct memsite *next = memsite_new();
	sink_init_memory(&s, next, m);
	CHECK(sink_keep(&s, "x/index.html"));
	CHECK(!sink_keep(&s, "y/index.html"));
	sink_abort(&s, &quiet);
	CHECK(memsite_get(next, "x/index.html")->blob == memsite_get(m, "x/index.html")->blob);
	memsite_unref(m);
	memsite_unref(next);
}

TEST(the_disk_sink_stages_then_swaps)
{
	const char *out = at("out");
	struct sink s;
	sink_init_disk(&s, out);
	CHECK_INT(sink_begin(&s, &quiet, NULL), 0);
	CHECK_INT(sink_write(&s, &quiet, "index.html", "<p>home", 7), 0);
	CHECK(!exists(at("out/index.html"))); /* staged until the commit */
	const char *paths[] = {"index.html"};
	CHECK_INT(sink_commit(&s, &quiet, paths, 1), 0);
	sink_abort(&s, &quiet);
	CHECK(exists(at("out/index.html")));
	CHECK(exists(at("out/.brief-manifest")));

	/* An aborted build leaves the output as it was. */
	sink_init_disk(&s, out);
	CHECK_INT(sink_begin(&s, &quiet, NULL), 0);
	CHECK_INT(sink_write(&s, &quiet, "other.html", "x", 1), 0);
	sink_abort(&s, &quiet);
	CHECK(!exists(at("out/other.html")));
	CHECK(exists(at("out/index.html")));
}

TEST(the_none_sink_writes_nothing)
{
	struct sink s;
	sink_init_none(&s);
	CHECK_INT(sink_begin(&s, &quiet, NULL), 0);
	CHECK_INT(sink_write(&s, &quiet, "n/index.html", "x", 1), 0);
	CHECK_INT(sink_copy(&s, &quiet, "n/a.png", at("src/none.png")), 0);
	CHECK_INT(sink_commit(&s, &quiet, NULL, 0), 0);
	sink_abort(&s, &quiet);
	CHECK(!exists(at("n")));
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	RUN(the_memory_sink_fills_a_memsite);
	RUN(the_disk_sink_stages_then_swaps);
	RUN(the_none_sink_writes_nothing);
	scratch_close();
	return check_summary();
}
