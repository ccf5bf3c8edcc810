/*
 * brief build with its cache against brief build --no-cache, over a
 * seeded sequence of random edits of a small site (editsite.h): after
 * every step both must fail with the same messages, or write the same
 * files byte for byte. SEED=N reproduces a run; STEPS=N sets its length
 * (fewer on the sanitizer build, which is slower).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "editsite.h"
#include "markdown.h"
#include "scratch.h"
#include "site.h"

struct dircmp {
	const char *other;
	size_t files;
	int differences;
};

static void
dircmp_visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct dircmp *c = ctx;
	if (is_dir)
		return;
	c->files++;
	size_t len, olen;
	char *bytes = fsutil_read_heap(&quiet, full, &len);
	char *other = fsutil_read_heap(&quiet, arena_printf(arena, "%s/%s", c->other, rel), &olen);
	if (bytes == NULL || other == NULL || len != olen || memcmp(bytes, other, len) != 0) {
		printf("    %s differs\n", rel);
		if (getenv("SHOW"))
			printf("%.*s\n----\n%.*s\n", (int)len, bytes ? bytes : "", (int)olen,
			       other ? other : "");
		c->differences++;
	}
	free(bytes);
	free(other);
}

static size_t
count_files(const char *dir)
{
	struct dircmp c = {dir, 0, 0};
	fsutil_walk(arena, &quiet, dir, dircmp_visit, &c);
	return c.files;
}

/* 0 when folders a and b hold the same files, byte for byte. */
static int
dircmp_folders(const char *a, const char *b)
{
	struct dircmp c = {b, 0, 0};
	if (fsutil_walk(arena, &quiet, a, dircmp_visit, &c) != 0)
		c.differences++;
	if (c.files != count_files(b)) {
		printf("    %zu files in %s, %zu in %s\n", c.files, a, count_files(b), b);
		c.differences++;
	}
	return c.differences;
}

struct run {
	int partial; /* steps that rendered some pages only */
	int failures;
	int uptodate; /* steps the cached build found nothing to do */
};

/* Sources written by a step seem written an hour ago plus a second a
 * step, so that the cache trusts their stat (it does not a file changed
 * within 2 s); each step's changes still get an mtime of their own. */
static void
backdate_visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	(void)rel;
	long step = *(long *)ctx;
	struct stat st;
	if (is_dir || stat(full, &st) != 0 || st.st_mtime < time(NULL) - 600)
		return;
	struct timespec t = {time(NULL) - 3600 + step, step % 1000000};
	utimensat(AT_FDCWD, full, (struct timespec[]){t, t}, AT_SYMLINK_NOFOLLOW);
}

static void
backdate_new(long step)
{
	fsutil_walk(arena, &quiet, at("content"), backdate_visit, &step);
	fsutil_walk(arena, &quiet, at("templates"), backdate_visit, &step);
}

/* One step's comparison; false (after saying why) when they differ. */
static bool
compare(const struct site_options *cached, const struct site_options *fresh, struct run *r)
{
	struct site_stats stats;
	struct capture want_out, got_out;
	capture_open(&want_out);
	capture_open(&got_out);
	/* Sorted, as brief build's: what a build reported, its cache repeats. */
	want_out.d.sorted = got_out.d.sorted = true;
	int want = site_build(fresh, &want_out.d, &stats);
	int got = site_build(cached, &got_out.d, &stats);
	diag_print(&want_out.d);
	diag_print(&got_out.d);
	r->failures += got != 0;
	if (getenv("SHOW"))
		printf("    cached build: %d, rendered %zu of %zu, Markdown of %zu\n", got,
		       stats.rendered, stats.pages, stats.markdown);
	r->partial += got == 0 && !stats.uptodate && stats.rendered < stats.pages;
	r->uptodate += got == 0 && stats.uptodate;
	capture_close(&want_out);
	capture_close(&got_out);
	bool same = want == got && !strcmp(want_out.text, got_out.text);
	if (!same)
		printf("    --no-cache: %d\n%s    cached: %d\n%s", want, want_out.text, got,
		       got_out.text);
	else if (want == 0 && dircmp_folders(fresh->output_dir, cached->output_dir) != 0)
		same = false;
	free(want_out.text);
	free(got_out.text);
	return same;
}

TEST(random_edits_build_with_the_cache_as_without)
{
	int steps = 150;
	struct fuzz f;
	editsite_start(&f, &steps);
	uint64_t seed = f.seed;
	struct site_options cached = {.content_dir = at("content"),
	                              .templates_dir = at("templates"),
	                              .output_dir = at("out"),
	                              .jobs = 2};
	struct site_options fresh = cached;
	fresh.output_dir = at("ref");
	fresh.no_cache = true;
	struct run r = {0};
	backdate_new(0);
	bool ok = compare(&cached, &fresh, &r);
	/* A body edit first: templates 1 show no other page's Markdown, so
	 * it renders its page alone. */
	f.pages[1].words = (f.pages[1].words + 1) % 40;
	write_page(&f, 1);
	backdate_new(1);
	ok = ok && compare(&cached, &fresh, &r);
	CHECK_INT(r.partial, 1);
	for (int step = 1; step <= steps && ok; step++) {
		f.nchanged = 0;
		/* Now and then no edit at all: the cached build has nothing to do. */
		bool idle = pick(&f, 8) == 0;
		const char *what = idle ? "nothing" : edit(&f);
		long i = idle ? -1 : live_page(&f, 1);
		if (i >= 0 && pick(&f, 8) == 0) {
			/* Links to its #heading break, or work again. */
			f.pages[i].renamed = !f.pages[i].renamed;
			write_page(&f, (size_t)i);
			what = "heading";
		}
		backdate_new(1 + step);
		if (!idle && pick(&f, 8) == 0 && access(at("out/index.html"), F_OK) == 0) {
			/* A hand edit of the output: never trusted. */
			put("out/index.html", "edited by hand");
			what = "output edited by hand";
		}
		if (getenv("SHOW"))
			printf("  step %d: %s\n", step, what);
		if (!(ok = compare(&cached, &fresh, &r)))
			printf("    step %d (%s) differs: reproduce with SEED=%llu\n", step, what,
			       (unsigned long long)seed);
	}
	printf("  %d of %d steps failed in both, as they should; %d rendered some pages only, %d "
	       "found nothing to do\n",
	       r.failures, steps + 1, r.partial, r.uptodate);
	CHECK(ok);
	CHECK(steps < 50 || r.uptodate > 0);
	CHECK(access(at(".brief-cache/out"), F_OK) == 0);
	CHECK(access(at(".brief-cache/ref"), F_OK) != 0);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	markdown_init();
	RUN(random_edits_build_with_the_cache_as_without);
	scratch_close();
	return check_summary();
}
