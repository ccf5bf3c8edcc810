#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* SEV_REMARK: a note of its own, explaining no report (diag_remark()). */
enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE, SEV_REMARK };

struct diag_record {
	enum severity sev;
	struct pos at;
	char *text; /* the message with its suffix, heap */
	char *path; /* at.path's own copy (heap), or NULL */
};

void
diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out ? out : stderr;
	d->max_errors = 20;
	pthread_mutex_init(&d->lock, NULL);
}

void
diag_init_buffered(struct diag *d)
{
	diag_init(d, NULL);
	d->out = NULL;
}

void
diag_close(struct diag *d)
{
	for (size_t i = 0; i < d->nrecords; i++) {
		free(d->records[i].text);
		free(d->records[i].path);
	}
	free(d->records);
	for (size_t i = 0; i < d->nseen; i++)
		free(d->seen_keys[i]);
	free(d->seen_keys);
	strmap_free(&d->seen);
	pthread_mutex_destroy(&d->lock);
}

struct pos
diag_file(const char *path)
{
	return (struct pos){path, 0, 0};
}

static void
print_pos(FILE *out, struct pos at)
{
	if (at.path == NULL)
		fputs("brief: ", out);
	else if (at.line == 0)
		fprintf(out, "%s: ", at.path);
	else
		fprintf(out, "%s:%u:%u: ", at.path, at.line, at.col ? at.col : 1);
}

/* True the first time this message is reported at this place. */
static bool
first_time(struct diag *d, enum severity sev, struct pos at, const char *text)
{
	size_t n = (size_t)snprintf(NULL, 0, "%d:%s:%u:%u:%s", sev, at.path ? at.path : "", at.line,
	                            at.col, text);
	char *key = xmalloc(n + 1);
	snprintf(key, n + 1, "%d:%s:%u:%u:%s", sev, at.path ? at.path : "", at.line, at.col, text);
	if (strmap_add(&d->seen, key, n, (long)d->nseen) != (long)d->nseen) {
		free(key);
		return false;
	}
	if (d->nseen == d->seen_cap) {
		d->seen_cap = d->seen_cap ? d->seen_cap * 2 : 16;
		d->seen_keys = xrealloc(d->seen_keys, d->seen_cap * sizeof(*d->seen_keys));
	}
	d->seen_keys[d->nseen++] = key;
	return true;
}

static const char *const severity_names[] = {"error", "warning", "note", "note"};

/* Prints r unless the cap is reached: the first error past max_errors
 * ends the list, and everything after it is counted instead. */
static void
emit(struct diag *d, enum severity sev, struct pos at, const char *text)
{
	if (sev == SEV_NOTE) {
		if (!d->showing)
			return;
	} else if (sev == SEV_REMARK) {
		if (d->hidden_errors > 0)
			return;
		d->showing = true;
	} else if (d->hidden_errors > 0 ||
	           (sev == SEV_ERROR && d->max_errors && d->shown_errors >= d->max_errors)) {
		d->showing = false;
		if (sev == SEV_ERROR)
			d->hidden_errors++;
		else
			d->hidden_warnings++;
		return;
	} else {
		d->showing = true;
		d->shown_errors += sev == SEV_ERROR;
	}
	print_pos(d->out, at);
	fprintf(d->out, "%s: %s\n", severity_names[sev], text);
	fflush(d->out);
}

static void
keep(struct diag *d, enum severity sev, struct pos at, char *text)
{
	if (d->nrecords == d->records_cap) {
		if (d->records_cap > SIZE_MAX / 2 / sizeof(*d->records))
			abort();
		d->records_cap = d->records_cap ? d->records_cap * 2 : 8;
		d->records = xrealloc(d->records, d->records_cap * sizeof(*d->records));
	}
	/* A copy of the path: it may name a file through a buffer its caller
	 * reuses (a worker's output path), or outlive the build's arena. */
	char *path = at.path ? xstrdup(at.path) : NULL;
	d->records[d->nrecords++] = (struct diag_record){sev, {path, at.line, at.col}, text, path};
}

/* Takes over text (heap) for d, whose lock the caller holds: kept as is
 * by a buffered diag; else counted once, then kept or printed. */
static void
take(struct diag *d, enum severity sev, struct pos at, char *text)
{
	if (d->out == NULL) {
		keep(d, sev, at, text);
		return;
	}
	/* A repeated report goes with its notes; a note is never repeated
	 * on its own, as it belongs to the report before it. */
	if (sev == SEV_NOTE ? d->dropping : (d->dropping = !first_time(d, sev, at, text))) {
		free(text);
		return;
	}
	if (sev == SEV_WARNING && d->strict)
		sev = SEV_ERROR;
	d->errors += sev == SEV_ERROR;
	d->warnings += sev == SEV_WARNING;
	if (d->sorted) {
		keep(d, sev, at, text);
		return;
	}
	emit(d, sev, at, text);
	free(text);
}

static int
cmp_pos(const struct diag_record *x, const struct diag_record *y)
{
	if ((x->at.path == NULL) != (y->at.path == NULL))
		return x->at.path == NULL ? -1 : 1;
	int c = x->at.path ? strcmp(x->at.path, y->at.path) : 0;
	if (c != 0)
		return c;
	if (x->at.line != y->at.line)
		return x->at.line < y->at.line ? -1 : 1;
	if (x->at.col != y->at.col)
		return x->at.col < y->at.col ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* Orders the first records of groups by place, then text, then as found. */
static int
cmp_heads(const void *a, const void *b, void *ctx)
{
	const struct diag_record *records = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = cmp_pos(&records[i], &records[j]);
	return c != 0 ? c : (i > j) - (i < j);
}

/* Prints the kept records a group at a time (a report and its notes),
 * the groups sorted. */
static void
print_sorted(struct diag *d)
{
	size_t *heads = xmalloc((d->nrecords + 1) * sizeof(*heads)), nheads = 0;
	for (size_t i = 0; i < d->nrecords; i++)
		if (i == 0 || d->records[i].sev != SEV_NOTE)
			heads[nheads++] = i;
	qsort_r(heads, nheads, sizeof(*heads), cmp_heads, d->records);
	for (size_t h = 0; h < nheads; h++) {
		size_t i = heads[h];
		do {
			emit(d, d->records[i].sev, d->records[i].at, d->records[i].text);
			i++;
		} while (i < d->nrecords && d->records[i].sev == SEV_NOTE);
	}
	free(heads);
	for (size_t i = 0; i < d->nrecords; i++) {
		free(d->records[i].text);
		free(d->records[i].path);
	}
	d->nrecords = 0;
}

void
diag_print(struct diag *d)
{
	pthread_mutex_lock(&d->lock);
	if (d->out != NULL && d->sorted)
		print_sorted(d);
	if (d->out != NULL && d->hidden_errors > 0) {
		fprintf(d->out, "brief: %u more error%s", d->hidden_errors,
		        d->hidden_errors == 1 ? "" : "s");
		if (d->hidden_warnings > 0)
			fprintf(d->out, " and %u warning%s", d->hidden_warnings,
			        d->hidden_warnings == 1 ? "" : "s");
		fprintf(d->out, " not shown; --max-errors N shows N errors, 0 all\n");
		d->hidden_errors = d->hidden_warnings = 0;
	}
	pthread_mutex_unlock(&d->lock);
}

static void
report(struct diag *d, enum severity sev, struct pos at, const char *suffix, const char *fmt,
       va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	size_t len = n > 0 ? (size_t)n : 0, slen = strlen(suffix);
	char *text = xmalloc(len + slen + 1);
	vsnprintf(text, len + 1, fmt, ap);
	memcpy(text + len, suffix, slen + 1);
	pthread_mutex_lock(&d->lock);
	take(d, sev, at, text);
	if (d->context != NULL && sev < SEV_NOTE)
		take(d, SEV_NOTE, d->context_at, xstrdup(d->context));
	pthread_mutex_unlock(&d->lock);
}

void
diag_set_context(struct diag *d, struct pos at, const char *text)
{
	d->context_at = at;
	d->context = text;
}

size_t
diag_pending(const struct diag *d)
{
	return d->nrecords;
}

void
diag_drain(struct diag *d, void (*fn)(void *ctx, const struct diag_report *r), void *ctx)
{
	for (size_t i = 0; i < d->nrecords; i++) {
		struct diag_record *r = &d->records[i];
		fn(ctx, &(struct diag_report){(unsigned)r->sev, r->at, r->text});
		free(r->text);
		free(r->path);
	}
	d->nrecords = 0;
}

void
diag_each(struct diag *d, void (*fn)(void *ctx, const struct diag_report *r), void *ctx)
{
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->nrecords; i++) {
		const struct diag_record *r = &d->records[i];
		fn(ctx, &(struct diag_report){(unsigned)r->sev, r->at, r->text});
	}
	pthread_mutex_unlock(&d->lock);
}

bool
diag_replay(struct diag *d, const struct diag_report *r)
{
	if (r->kind > SEV_REMARK)
		return false;
	pthread_mutex_lock(&d->lock);
	take(d, (enum severity)r->kind, r->at, xstrdup(r->text));
	pthread_mutex_unlock(&d->lock);
	return true;
}

void
diag_flush(struct diag *from, struct diag *to)
{
	pthread_mutex_lock(&to->lock);
	for (size_t i = 0; i < from->nrecords; i++) {
		take(to, from->records[i].sev, from->records[i].at, from->records[i].text);
		free(from->records[i].path);
	}
	pthread_mutex_unlock(&to->lock);
	from->nrecords = 0;
}

#define DEFINE_REPORT(name, sev)                                                                   \
	void name(struct diag *d, struct pos at, const char *fmt, ...)                             \
	{                                                                                          \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		report(d, sev, at, "", fmt, ap);                                                   \
		va_end(ap);                                                                        \
	}

DEFINE_REPORT(diag_error, SEV_ERROR)
DEFINE_REPORT(diag_warning, SEV_WARNING)
DEFINE_REPORT(diag_note, SEV_NOTE)
DEFINE_REPORT(diag_remark, SEV_REMARK)

void
diag_syserr(struct diag *d, const char *path, const char *fmt, ...)
{
	char suffix[256];
	snprintf(suffix, sizeof(suffix), ": %s", strerror(errno));
	va_list ap;
	va_start(ap, fmt);
	report(d, SEV_ERROR, diag_file(path), suffix, fmt, ap);
	va_end(ap);
}

size_t
diag_reports(const struct diag *d)
{
	return (size_t)d->errors + d->warnings + d->nrecords;
}
