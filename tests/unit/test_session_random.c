/*
 * The session against brief build, over a seeded sequence of random
 * edits of a small site: bodies, titles, weights, dates, slugs, drafts,
 * new and deleted pages and folders, section pages, templates, data, a
 * broken file then fixed. After every step the session's site must be a
 * fresh build's output byte for byte, file set included, or both must
 * fail with the same messages. SEED=N reproduces a run; STEPS=N sets its
 * length (fewer on the sanitizer build, which is slower).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "editsite.h"
#include "markdown.h"
#include "scratch.h"
#include "site.h"
#include "sitecmp.h"

/* One step's comparison; false (after saying why) when they differ. */
static bool
compare(struct site_session *s, struct fuzz *f, const struct site_options *opt,
        struct memsite **site)
{
	struct site_stats stats;
	struct capture built, served;
	capture_open(&built);
	capture_open(&served);
	int want = site_build(opt, &built.d, &stats);
	/* Sometimes the watcher says nothing precise. */
	bool all = !f->precise && pick(f, 10) == 0;
	struct memsite *last = *site;
	int got =
	    site_session_rebuild(s, &served.d, f->changed, all ? 0 : f->nchanged, site, &stats);
	if (got == 0)
		memsite_unref(last);
	f->failures += got != 0;
	f->patched += got == 0 && stats.patched;
	f->partial += got == 0 && stats.patched && stats.rendered < stats.pages;
	if (got != 0 && getenv("SHOW"))
		printf("%s", built.text);
	capture_close(&built);
	capture_close(&served);
	bool same = want == got && !strcmp(built.text, served.text);
	if (!same)
		printf("    build: %d\n%s    session: %d\n%s", want, built.text, got, served.text);
	else if (want == 0 && sitecmp_folder(arena, *site, opt->output_dir) != 0)
		same = false;
	free(built.text);
	free(served.text);
	return same;
}

TEST(random_edits_rebuild_as_a_fresh_build_does)
{
	int steps = 300;
	struct fuzz f;
	editsite_start(&f, &steps);
	uint64_t seed = f.seed;
	struct site_options opt = {.content_dir = at("content"),
	                           .templates_dir = at("templates"),
	                           .output_dir = at("out"),
	                           .jobs = 2,
	                           .no_cache = true};
	struct site_session *s = site_session_new(&opt);
	struct memsite *site = NULL;
	bool ok = compare(s, &f, &opt, &site);
	/* A body edit first: the fast path that renders its page alone. */
	f.nchanged = 0;
	f.pages[1].words = (f.pages[1].words + 1) % 40;
	write_page(&f, 1);
	f.precise = true;
	ok = ok && compare(s, &f, &opt, &site);
	f.precise = false;
	CHECK_INT(f.partial, 1);
	for (int step = 1; step <= steps && ok; step++) {
		f.nchanged = 0;
		const char *what = edit(&f);
		if (!(ok = compare(s, &f, &opt, &site)))
			printf("    step %d (%s) differs: reproduce with SEED=%llu\n", step, what,
			       (unsigned long long)seed);
	}
	printf("  %d of %d steps failed in both, as they should; %d patched, %d of them "
	       "rendering some pages only\n",
	       f.failures, steps + 1, f.patched, f.partial);
	CHECK(ok);
	memsite_unref(site);
	site_session_free(s);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	markdown_init();
	RUN(random_edits_rebuild_as_a_fresh_build_does);
	scratch_close();
	return check_summary();
}
