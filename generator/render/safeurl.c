#include "safeurl.h"

#include <string.h>
#include <strings.h>

/* The schemes a hand-written link may use: none of them runs code. */
static const char *const allowed[] = {"http", "https", "mailto", "tel"};

/* The length of url's scheme (before its ':'), or 0 when it has none:
 * RFC 3986, a letter then letters, digits, '+', '-' or '.'. */
static size_t
scheme_len(const char *url, size_t len)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz"
	                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";
	if (len == 0 || !((url[0] | 0x20) >= 'a' && (url[0] | 0x20) <= 'z'))
		return 0;
	size_t n = 1;
	while (n < len && memchr(chars, url[n], sizeof(chars) - 1) != NULL)
		n++;
	return n < len && url[n] == ':' ? n : 0;
}

static int
has_control(const char *url, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)url[i] < 0x20 || url[i] == 0x7f)
			return 1;
	return 0;
}

int
safeurl_check(struct diag *d, struct pos at, const char *what, const char *url, size_t len)
{
	if (has_control(url, len) || (len > 0 && (url[0] == ' ' || url[len - 1] == ' '))) {
		diag_error(d, at,
		           "%s holds a control character or a space at an end, which browsers "
		           "drop before reading the link: write the URL without them",
		           what);
		return -1;
	}
	size_t n = scheme_len(url, len);
	if (n == 0)
		return 0;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strlen(allowed[i]) == n && strncasecmp(url, allowed[i], n) == 0)
			return 0;
	diag_error(d, at,
	           "%s has the scheme '%.*s:', which a link here may not use (allowed: http:, "
	           "https:, mailto:, tel:, or a path in the site)",
	           what, (int)n, url);
	return -1;
}
