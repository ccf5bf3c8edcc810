#include "xmlout.h"

#include <string.h>

void
xmlout_escape(struct buf *b, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		const char *entity;
		switch (ch) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&apos;"; break;
		default:
			if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
				continue;
			entity = ""; /* not a character XML 1.0 allows */
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, entity);
		start = i + 1;
	}
	buf_put(b, s + start, len - start);
}

void
xmlout_escape_str(struct buf *b, const char *s)
{
	xmlout_escape(b, s, strlen(s));
}

void
xmlout_date(struct buf *b, const struct value_date *d)
{
	buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month, d->day,
	           d->has_time ? d->hour : 0, d->has_time ? d->minute : 0,
	           d->has_time ? d->second : 0);
	if (!d->has_tz || d->tz_minutes == 0) {
		buf_putc(b, 'Z');
		return;
	}
	int m = d->tz_minutes < 0 ? -d->tz_minutes : d->tz_minutes;
	buf_printf(b, "%c%02d:%02d", d->tz_minutes < 0 ? '-' : '+', m / 60, m % 60);
}
