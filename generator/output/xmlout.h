/*
 * xmlout: the small pieces of XML that sitemap.xml and feed.xml are made
 * of: escaped text and RFC 3339 dates.
 */
#ifndef BRIEF_XMLOUT_H
#define BRIEF_XMLOUT_H

#include <stddef.h>

#include "buf.h"
#include "value.h"

/* Appends len bytes of UTF-8 as XML text or attribute value: & < > " '
 * escaped, and the control characters XML 1.0 forbids (all below 0x20
 * but tab, line feed and carriage return) left out. O(len). */
void xmlout_escape(struct buf *b, const char *s, size_t len);
void xmlout_escape_str(struct buf *b, const char *s);

/* Appends d as an RFC 3339 date-time (W3C Datetime, as Atom and sitemaps
 * want it): "2024-01-02T00:00:00Z" for a date alone, a time without a
 * zone read as UTC, else the offset as written ("+02:00"). */
void xmlout_date(struct buf *b, const struct value_date *d);

#endif
