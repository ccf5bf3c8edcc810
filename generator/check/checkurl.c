#include "checkurl.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes s[0..len) to dst (room for len + 1); returns the length. */
static size_t
decode_into(char *dst, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		int hi = s[i] == '%' && i + 2 < len ? hex(s[i + 1]) : -1;
		int lo = hi >= 0 ? hex(s[i + 2]) : -1;
		if (lo >= 0) {
			dst[n++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			dst[n++] = s[i];
		}
	}
	dst[n] = '\0';
	return n;
}

char *
checkurl_decode(struct arena *arena, const char *s, size_t len)
{
	char *dst = arena_alloc(arena, len + 1);
	decode_into(dst, s, len);
	return dst;
}

/* The URL as a browser's parser sees it: no surrounding C0 controls or
 * spaces, no tab or newline anywhere, '\' read as '/' before any query
 * or fragment. */
static char *
clean(struct arena *arena, const char *url)
{
	size_t len = strlen(url);
	while (len > 0 && (unsigned char)url[len - 1] <= ' ')
		len--;
	while (len > 0 && (unsigned char)*url <= ' ')
		url++, len--;
	char *s = arena_alloc(arena, len + 1);
	size_t n = 0;
	bool in_path = true;
	for (size_t i = 0; i < len; i++) {
		char c = url[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '?' || c == '#')
			in_path = false;
		s[n++] = in_path && c == '\\' ? '/' : c;
	}
	s[n] = '\0';
	return s;
}

/* The length of url's scheme (before its ':'), or 0 when it has none. */
static size_t
scheme_len(const char *url)
{
	if (!isalpha((unsigned char)url[0]))
		return 0;
	size_t i = 1;
	while (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')
		i++;
	return url[i] == ':' ? i : 0;
}

/* The host of an authority that starts at s: no user, no port, lowercase. */
static const char *
host_of(struct arena *arena, const char *s)
{
	while (*s == '/')
		s++;
	size_t len = strcspn(s, "/?#");
	const char *at = memchr(s, '@', len);
	while (at != NULL) {
		len -= (size_t)(at + 1 - s);
		s = at + 1;
		at = memchr(s, '@', len);
	}
	const char *colon = s[0] == '[' ? NULL : memchr(s, ':', len);
	if (s[0] == '[' && memchr(s, ']', len) != NULL)
		len = (size_t)((const char *)memchr(s, ']', len) + 1 - s);
	else if (colon != NULL)
		len = (size_t)(colon - s);
	char *host = arena_strndup(arena, s, len);
	for (char *p = host; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return host;
}

/* Resolves the path part p[0..len) against base into o, which has room
 * for both: RFC 3986 merging and dot-segment removal, on decoded segments.
 * Returns the length written. */
static size_t
merge(const char *base, const char *p, size_t len, char *o, bool *escapes)
{
	size_t ol = 0;
	if (len > 0 && p[0] == '/') {
		p++, len--;
	} else {
		const char *slash = strrchr(base, '/');
		ol = slash ? (size_t)(slash + 1 - base) : 0;
		memcpy(o, base, ol);
	}
	size_t i = 0;
	for (;;) {
		size_t seg = 0;
		while (i + seg < len && p[i + seg] != '/')
			seg++;
		bool last = i + seg >= len;
		size_t dl = decode_into(o + ol, p + i, seg);
		if (dl == 1 && o[ol] == '.') {
			/* "." names the folder it is in. */
		} else if (dl == 2 && o[ol] == '.' && o[ol + 1] == '.') {
			/* o is empty or ends with '/': drop its last folder. */
			if (ol == 0) {
				*escapes = true;
			} else {
				ol--;
				while (ol > 0 && o[ol - 1] != '/')
					ol--;
			}
		} else {
			ol += dl;
			if (!last)
				o[ol++] = '/';
		}
		if (last)
			break;
		i += seg + 1;
	}
	o[ol] = '\0';
	return ol;
}

static void
resolve_local(struct arena *arena, const char *base, char *s, struct checkurl *out)
{
	char *hash = strchr(s, '#');
	if (hash != NULL) {
		*hash = '\0';
		out->fragment = hash + 1;
	}
	size_t len = strcspn(s, "?");
	out->root_relative = s[0] == '/';
	size_t blen = strlen(base);
	if (len == 0) {
		out->path = base;
	} else {
		static const size_t room = sizeof("index.html");
		if (blen > SIZE_MAX / 2 - room || len > SIZE_MAX / 2)
			abort();
		char *o = arena_alloc(arena, blen + len + room);
		blen = merge(base, s, len, o, &out->escapes);
		out->path = o;
	}
	if (blen == 0 || out->path[blen - 1] == '/')
		out->file = arena_join(arena, out->path, "index.html");
	else
		out->file = out->path;
}

void
checkurl_resolve(struct arena *arena, const char *base, const char *url, struct checkurl *out)
{
	*out = (struct checkurl){CHECKURL_LOCAL, false, false, NULL, NULL, NULL, NULL};
	char *s = clean(arena, url);
	size_t scheme = scheme_len(s);
	if (scheme > 0) {
		bool web = (scheme == 4 && !strncasecmp(s, "http", 4)) ||
		           (scheme == 5 && !strncasecmp(s, "https", 5));
		out->kind = web ? CHECKURL_EXTERNAL : CHECKURL_OTHER;
		if (web)
			out->host = host_of(arena, s + scheme + 1);
		return;
	}
	if (s[0] == '/' && s[1] == '/') {
		out->kind = CHECKURL_EXTERNAL;
		out->host = host_of(arena, s);
		return;
	}
	resolve_local(arena, base, s, out);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

void
checkurl_srcset(const char *value, checkurl_srcset_fn *fn, void *ctx)
{
	const char *p = value;
	for (;;) {
		while (is_space(*p) || *p == ',')
			p++;
		if (*p == '\0')
			return;
		const char *url = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		size_t len = (size_t)(p - url);
		if (url[len - 1] == ',') {
			/* "a.png,b.png": a URL ending in commas has no descriptors. */
			while (len > 0 && url[len - 1] == ',')
				len--;
			fn(ctx, url, len);
			continue;
		}
		fn(ctx, url, len);
		int depth = 0;
		for (; *p != '\0' && (*p != ',' || depth > 0); p++)
			depth += *p == '(' ? 1 : *p == ')' && depth > 0 ? -1 : 0;
	}
}
