#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

struct diag_record {
	enum severity sev;
	struct pos at;
	char *text; /* the message with its suffix, heap */
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
	for (size_t i = 0; i < d->nrecords; i++)
		free(d->records[i].text);
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

static void
print(struct diag *d, enum severity sev, struct pos at, const char *text)
{
	/* A note goes with the message before it, so it is neither counted
	 * nor deduplicated on its own: two messages may share one. */
	if (sev == SEV_NOTE) {
		if (d->last_shown) {
			print_pos(d->out, at);
			fprintf(d->out, "note: %s\n", text);
			fflush(d->out);
		}
		return;
	}
	d->last_shown = false;
	if (!first_time(d, sev, at, text))
		return;
	if (sev == SEV_WARNING && d->strict)
		sev = SEV_ERROR;
	bool shown = true;
	if (sev == SEV_ERROR) {
		d->errors++;
		shown = d->errors <= d->max_errors;
		if (d->errors == d->max_errors + 1)
			fprintf(d->out, "brief: too many errors, stopping the list at %u\n",
			        d->max_errors);
	} else {
		d->warnings++;
	}
	d->last_shown = shown;
	if (shown) {
		print_pos(d->out, at);
		fprintf(d->out, "%s: %s\n", sev == SEV_ERROR ? "error" : "warning", text);
		fflush(d->out);
	}
}

static void
keep(struct diag *d, enum severity sev, struct pos at, char *text)
{
	if (d->nrecords == d->records_cap) {
		d->records_cap = d->records_cap ? d->records_cap * 2 : 8;
		d->records = xrealloc(d->records, d->records_cap * sizeof(*d->records));
	}
	d->records[d->nrecords++] = (struct diag_record){sev, at, text};
}

/* Keeps a report for later, or prints it now; takes text. */
static void
emit(struct diag *d, enum severity sev, struct pos at, char *text)
{
	if (d->out == NULL) {
		keep(d, sev, at, text);
		return;
	}
	print(d, sev, at, text);
	free(text);
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
	emit(d, sev, at, text);
	if (d->context != NULL && sev != SEV_NOTE)
		emit(d, SEV_NOTE, d->context_at, xstrdup(d->context));
	pthread_mutex_unlock(&d->lock);
}

void
diag_set_context(struct diag *d, struct pos at, const char *text)
{
	d->context_at = at;
	d->context = text;
}

void
diag_save(struct diag *from, struct buf *out)
{
	wire_put_u64(out, from->nrecords);
	for (size_t i = 0; i < from->nrecords; i++) {
		struct diag_record *r = &from->records[i];
		wire_put_u64(out, (uint64_t)r->sev);
		wire_put_ptr(out, r->at.path);
		wire_put_u64(out, r->at.line);
		wire_put_u64(out, r->at.col);
		wire_put_str(out, r->text);
		free(r->text);
	}
	from->nrecords = 0;
}

void
diag_load(struct wire *in, struct diag *to)
{
	uint64_t n = wire_u64(in);
	struct arena *scratch = arena_new();
	for (uint64_t i = 0; i < n && !in->bad; i++) {
		enum severity sev = (enum severity)wire_u64(in);
		struct pos at = {wire_ptr(in), 0, 0};
		at.line = (unsigned)wire_u64(in);
		at.col = (unsigned)wire_u64(in);
		const char *text = wire_str(in, scratch);
		if (in->bad || sev > SEV_NOTE)
			break;
		pthread_mutex_lock(&to->lock);
		if (to->out == NULL)
			keep(to, sev, at, xstrdup(text));
		else
			print(to, sev, at, text);
		pthread_mutex_unlock(&to->lock);
	}
	arena_free(scratch);
}

void
diag_flush(struct diag *from, struct diag *to)
{
	pthread_mutex_lock(&to->lock);
	for (size_t i = 0; i < from->nrecords; i++) {
		struct diag_record *r = &from->records[i];
		if (to->out == NULL) {
			keep(to, r->sev, r->at, r->text);
			continue;
		}
		print(to, r->sev, r->at, r->text);
		free(r->text);
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
