#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

void
diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out ? out : stderr;
	d->max_errors = 20;
	pthread_mutex_init(&d->lock, NULL);
}

void
diag_close(struct diag *d)
{
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

static void
report(struct diag *d, enum severity sev, struct pos at, const char *suffix, const char *fmt,
       va_list ap)
{
	pthread_mutex_lock(&d->lock);
	if (sev == SEV_WARNING && d->strict)
		sev = SEV_ERROR;
	bool shown = true;
	if (sev == SEV_ERROR) {
		d->errors++;
		shown = d->errors <= d->max_errors;
		if (d->errors == d->max_errors + 1)
			fprintf(d->out, "brief: too many errors, stopping the list at %u\n",
			        d->max_errors);
	} else if (sev == SEV_WARNING) {
		d->warnings++;
	} else {
		shown = d->errors <= d->max_errors;
	}
	if (shown) {
		static const char *const names[] = {"error", "warning", "note"};
		print_pos(d->out, at);
		fprintf(d->out, "%s: ", names[sev]);
		vfprintf(d->out, fmt, ap);
		fputs(suffix, d->out);
		fputc('\n', d->out);
		fflush(d->out);
	}
	pthread_mutex_unlock(&d->lock);
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
