/*
 * diag: compiler-style diagnostics.
 *
 *   path:line:col: error: message
 *   path:line:col: warning: message
 *   path:line:col: note: message
 *
 * Lines and columns count from 1; a zero line prints just "path: ".
 * A build reports every problem it finds, but stops printing after
 * max_errors errors. With strict set, warnings count as errors. A message
 * repeated at the same place is printed and counted once. A note belongs
 * to the error or warning reported just before it, and is printed (or
 * left out) with it.
 *
 * A sorted diag keeps its reports until diag_print(), which prints them
 * by file, line, column and text, whatever order the phases of a build
 * found them in; an unsorted one prints each report as it comes.
 * The struct is safe to share between threads.
 */
#ifndef BRIEF_DIAG_H
#define BRIEF_DIAG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "strmap.h"

/* A place in a source file. path is borrowed, never freed through here. */
struct pos {
	const char *path;
	unsigned line, col;
};

struct diag_record;

struct diag {
	FILE *out;           /* stderr unless a test captures it; NULL: buffered */
	bool strict;         /* warnings are errors */
	bool sorted;         /* keep reports until diag_print() sorts them */
	unsigned max_errors; /* errors printed; 0: all of them (default 20) */
	unsigned errors, warnings;
	/* Printing: how many errors were shown, how many reports the cap
	 * left out, and whether the last one shown (so are its notes). */
	unsigned shown_errors, hidden_errors, hidden_warnings;
	bool showing;
	bool dropping; /* the last report was a repeat: so are its notes */
	pthread_mutex_t lock;
	struct diag_record *records; /* buffered reports, in order */
	size_t nrecords, records_cap;
	/* Messages printed so far: the same message at the same place (one
	 * template line rendering 10,000 pages) is printed once. */
	struct strmap seen;
	char **seen_keys;
	size_t nseen, seen_cap;
	/* See diag_set_context(). */
	struct pos context_at;
	const char *context;
};

/* Sets up d to print to out (stderr when NULL); pair with diag_close(). */
void diag_init(struct diag *d, FILE *out);
void diag_close(struct diag *d);

/* Prints what a sorted diag kept, in order, then a line saying how many
 * reports max_errors left out, if any. Call it before the closing line of
 * a command and before diag_close(); it empties the list. */
void diag_print(struct diag *d);

/*
 * A diag that keeps its reports instead of printing them, so that workers
 * running in parallel can hand them over in a fixed order: the messages of
 * a build do not depend on how many threads it used. Counts stay zero
 * until diag_flush() passes the reports on to to (which counts, promotes
 * under --strict and caps them) and empties from.
 */
void diag_init_buffered(struct diag *d);
void diag_flush(struct diag *from, struct diag *to);

/* One report a buffered diag holds, as diag_drain() hands it out and
 * diag_replay() takes it back (in another process: see mdwire.h). */
struct diag_report {
	unsigned kind; /* error, warning, note or remark, in diag's own numbering */
	struct pos at;
	const char *text; /* the whole message */
};

/* How many reports the buffered diag d holds. */
size_t diag_pending(const struct diag *d);
/* Calls fn with each report of the buffered diag d, in order, then
 * empties d. The report lives only until fn returns. */
void diag_drain(struct diag *d, void (*fn)(void *ctx, const struct diag_report *r), void *ctx);
/* Calls fn with each report d holds (buffered or sorted), in order,
 * keeping them: what a build reported, for the build cache to repeat. */
void diag_each(struct diag *d, void (*fn)(void *ctx, const struct diag_report *r), void *ctx);
/* Reports r to d as diag_drain() handed it out; false, reporting
 * nothing, when r->kind is no kind of report. */
bool diag_replay(struct diag *d, const struct diag_report *r);

void diag_error(struct diag *d, struct pos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct pos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(struct diag *d, struct pos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A note that stands alone, explaining no error or warning: printed in
 * its place among them, counted as neither. */
void diag_remark(struct diag *d, struct pos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * While text is not NULL, every error and warning reported on d is
 * followed by a note at `at` saying text: what was going on ("while
 * rendering this page with templates/page.mustache"). text is borrowed
 * until the next call; NULL ends it. Meant for a diag that one thread
 * owns, such as a worker's.
 */
void diag_set_context(struct diag *d, struct pos at, const char *text);

/* Grows with every report d takes (counted, printed or buffered): two
 * calls tell whether anything was reported in between. */
size_t diag_reports(const struct diag *d);

/* An error about path that ends with ": strerror(errno)". */
void diag_syserr(struct diag *d, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The position of the start of a whole file. */
struct pos diag_file(const char *path);

#endif
