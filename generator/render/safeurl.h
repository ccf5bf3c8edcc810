/*
 * safeurl: whether a URL an author wrote by hand (a site.yaml menu entry's
 * url) may go into an href as is. Markdown links get cmark-gfm's rule
 * (javascript:, vbscript:, file: and data: become ""); a URL that never
 * went through Markdown gets this check instead, stricter because it is
 * refused rather than emptied: the author learns where it is.
 *
 * Allowed: a path into the site ("about/", "../x.html", "/x", "#top",
 * "?q"), "//host", and the schemes http:, https:, mailto: and tel:.
 * Refused: any other scheme (javascript:, vbscript:, data:...), in any
 * case, and control characters or surrounding spaces anywhere, since
 * browsers drop them before they read the scheme ("java\tscript:" is
 * "javascript:" to a browser).
 */
#ifndef BRIEF_SAFEURL_H
#define BRIEF_SAFEURL_H

#include <stddef.h>

#include "diag.h"

/* Returns 0 when url (len bytes) may be written into an href, or -1
 * after reporting at at why not; what names it in the message
 * ("menu entry's url"). */
int safeurl_check(struct diag *d, struct pos at, const char *what, const char *url, size_t len);

#endif
