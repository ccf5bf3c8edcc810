/*
 * rebuild: how long `brief serve` takes to rebuild after an edit.
 *
 *   rebuild CONTENT TEMPLATES PAGE TEMPLATE [EDITS]
 *
 * Builds CONTENT with TEMPLATES in a session, then EDITS times (default
 * 15) appends a word to the body of PAGE (a file in CONTENT) and
 * rebuilds, then EDITS times edits TEMPLATE (a file in TEMPLATES) and
 * rebuilds, each time naming the changed file as the watcher would. Prints
 * the median, minimum and maximum of each (from the write to the end of
 * the rebuild), how many pages rendered again, and the peak RSS. Never a
 * test: timings depend on the machine. Files are restored at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "fsutil.h"
#include "markdown.h"
#include "site.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int
append(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");
	if (f == NULL || fputs(text, f) < 0) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	return fclose(f);
}

/* Times `edits` appends to path, each followed by a rebuild. */
static int
series(struct site_session *s, struct diag *d, const char *label, const char *path,
       const char *word, int edits, struct memsite **site)
{
	double *t = calloc((size_t)edits, sizeof(*t));
	struct site_stats stats = {0};
	const char *changed[] = {path};
	for (int i = 0; i < edits; i++) {
		double start = now();
		struct memsite *last = *site;
		if (append(path, word) != 0 ||
		    site_session_rebuild(s, d, changed, 1, site, &stats) != 0) {
			free(t);
			return -1;
		}
		t[i] = (now() - start) * 1e3;
		memsite_unref(last);
	}
	qsort(t, (size_t)edits, sizeof(*t), by_value);
	printf("%-16s median %8.2f ms  (min %.2f, max %.2f; %d edits; %zu pages rendered, %zu "
	       "Markdown)\n",
	       label, t[edits / 2], t[0], t[edits - 1], edits, stats.rendered, stats.markdown);
	printf("%-16s", "  last, by phase");
	for (int p = 0; p < SITE_PHASES; p++)
		printf(" %s %.1f ms%s", site_phase_names[p], stats.phase[p] * 1e3,
		       p + 1 < SITE_PHASES ? "," : "\n");
	free(t);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: rebuild CONTENT TEMPLATES PAGE TEMPLATE [EDITS]\n");
		return 2;
	}
	int edits = argc > 5 ? atoi(argv[5]) : 15;
	if (edits < 1)
		edits = 1;
	markdown_init();
	struct diag d;
	diag_init(&d, stderr);
	struct site_options opt = {
	    .content_dir = argv[1], .templates_dir = argv[2], .output_dir = "/nonexistent-output"};
	struct site_session *s = site_session_new(&opt);
	struct memsite *site = NULL;
	struct site_stats stats;
	double start = now();
	int status = site_session_rebuild(s, &d, NULL, 0, &site, &stats);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%-16s %15.2f ms  (%zu pages; peak RSS %.1f MiB)\n", "first build",
	       (now() - start) * 1e3, stats.pages, (double)ru.ru_maxrss / 1024.0);
	/* Saved to be restored: the edits only append. */
	struct arena *a = arena_new();
	size_t page_len, tpl_len;
	char *page = fsutil_read(a, &d, argv[3], &page_len);
	char *tpl = fsutil_read(a, &d, argv[4], &tpl_len);
	if (status == 0 && page != NULL && tpl != NULL)
		status = series(s, &d, "body edit", argv[3], " word", edits, &site) |
		         series(s, &d, "template edit", argv[4], " ", edits, &site);
	if (page != NULL)
		fsutil_write(&d, argv[3], page, page_len);
	if (tpl != NULL)
		fsutil_write(&d, argv[4], tpl, tpl_len);
	getrusage(RUSAGE_SELF, &ru);
	printf("%-16s %15.1f MiB\n", "peak RSS", (double)ru.ru_maxrss / 1024.0);
	memsite_unref(site);
	site_session_free(s);
	arena_free(a);
	diag_close(&d);
	return status == 0 ? 0 : 1;
}
