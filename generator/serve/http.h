/*
 * http: what `brief serve` answers to one request, decided from the
 * method, the raw (still percent-encoded) path and If-None-Match against
 * a site in memory. No sockets here: httpd.c sends what this decides, so
 * every rule can be tested without a network.
 *
 *   GET and HEAD only (405 otherwise, with Allow);
 *   paths are decoded and confined: bad or encoded-NUL escapes, "%2f",
 *   backslashes (raw or "%5c"), control characters, bytes that are not
 *   UTF-8 once decoded (overlong "%c0%ae", Latin-1), "." and ".." and
 *   empty segments, and paths over HTTP_MAX_URL bytes get 400;
 *   "/" and "/x/" serve their index.html, "/x" redirects to "/x/" when
 *   only x/index.html exists, and a folder without one is not listed;
 *   404 serves the site's 404.html, or a plain page;
 *   a file whose ETag matches If-None-Match gets 304 and no body.
 */
#ifndef BRIEF_HTTP_H
#define BRIEF_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "memsite.h"

#define HTTP_MAX_URL 2048

struct http_answer {
	unsigned status;                 /* 200, 301, 304, 400, 404 or 405 */
	const char *type;                /* Content-Type of the body */
	const struct memsite_file *file; /* the body: a file of the site... */
	const char *text;                /* ...or this static text */
	const char *etag;                /* for 200 and 304, else NULL */
	char location[HTTP_MAX_URL + 2]; /* for 301, else "" */
};

/*
 * Decodes the percent-encoded path url ("/a%20b/") into out, a buffer of
 * HTTP_MAX_URL + 1 bytes, without its leading slash ("a b/"). Returns 0,
 * or -1 when the path is refused (see above).
 */
int http_decode_path(const char *url, char *out);

/* True when etag is one of the tags of an If-None-Match value (or it is
 * "*"); weak tags (W/"...") match too, as RFC 9110 says for GET. */
bool http_etag_matches(const char *if_none_match, const char *etag);

/* Fills a with the answer to method url, if_none_match (NULL when the
 * request had none) against m. a->file points into m. */
void http_answer(const struct memsite *m, const char *method, const char *url,
                 const char *if_none_match, struct http_answer *a);

#endif
