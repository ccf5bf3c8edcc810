/*
 * absurl: absolute URLs for places that need them (feeds, sitemaps),
 * from site.yaml's base_url ("https://example.org/blog/", checked to end
 * in '/') and URLs from the site root.
 */
#ifndef BRIEF_ABSURL_H
#define BRIEF_ABSURL_H

#include <stddef.h>

#include "buf.h"

/* Appends base + url, without a last "index.html" (before any ?query or
 * #fragment): "notes/a/index.html#x" -> "https://example.org/notes/a/#x". */
void absurl_page(struct buf *b, const char *base, const char *url, size_t len);

/*
 * Appends len bytes of HTML with every href="..." and src="..." made
 * absolute, for a reader that shows it away from the site: values that
 * start with the root mark (value.h) from base, "/x" from base's origin,
 * "#id", "?q" and "" from the page's own URL, other relative paths from
 * its folder. URLs with a scheme and "//host/x" stay as written. page_url
 * is the page's URL from the site root ("notes/a/index.html"). O(len).
 */
void absurl_html(struct buf *b, const char *html, size_t len, const char *base,
                 const char *page_url);

#endif
