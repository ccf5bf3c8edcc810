#include "http.h"

#include <stdio.h>
#include <string.h>

#include "mime.h"
#include "utf8.h"

static const char plain_404[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Not found</title>\n</head>\n<body>\n<h1>Not found</h1>\n"
    "<p>Nothing in this site has that address.</p>\n</body>\n</html>\n";

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One byte of the path from *s (an escape or a character), advancing *s;
 * -1 for what no path of ours may hold. */
static int
next_byte(const char **s)
{
	unsigned char c = (unsigned char)**s;
	if (c == '%') {
		int hi = hex_digit((*s)[1]), lo = hi < 0 ? -1 : hex_digit((*s)[2]);
		if (lo < 0)
			return -1;
		c = (unsigned char)(hi * 16 + lo);
		*s += 3;
		/* An encoded slash would hide a segment from the checks below. */
		if (c == '/')
			return -1;
	} else {
		*s += 1;
	}
	if (c < 0x20 || c == 0x7f || c == '\\')
		return -1;
	return c;
}

/* Each segment between slashes is a name: not empty (but the last, for
 * "x/"), not "." nor "..". */
static int
check_segments(const char *path)
{
	for (const char *seg = path;;) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);
		if ((len == 0 && end != NULL) || (len == 1 && seg[0] == '.') ||
		    (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return -1;
		if (end == NULL)
			return 0;
		seg = end + 1;
	}
}

int
http_decode_path(const char *url, char *out)
{
	if (url[0] != '/' || strlen(url) > HTTP_MAX_URL)
		return -1;
	size_t len = 0;
	const char *s = url + 1;
	while (*s != '\0') {
		int c = next_byte(&s);
		if (c < 0)
			return -1;
		out[len++] = (char)c;
	}
	out[len] = '\0';
	/* Every name the site has is UTF-8 (the build refuses others): an
	 * overlong "%c0%ae" or a Latin-1 byte can name nothing, so it is
	 * refused before any lookup rather than trusted to miss. */
	if (utf8_invalid(out, len) != len)
		return -1;
	/* Raw slashes only separate segments: "/" itself is the root. */
	return len == 0 ? 0 : check_segments(out);
}

bool
http_etag_matches(const char *if_none_match, const char *etag)
{
	size_t n = strlen(etag);
	for (const char *s = if_none_match; *s != '\0';) {
		s += strspn(s, " \t,");
		if (*s == '*')
			return true;
		if (strncmp(s, "W/", 2) == 0)
			s += 2;
		if (strncmp(s, etag, n) == 0 && strchr(" \t,", s[n]) != NULL)
			return true;
		s += strcspn(s, ",");
	}
	return false;
}

static void
answer_text(struct http_answer *a, unsigned status, const char *type, const char *text)
{
	a->status = status;
	a->type = type;
	a->text = text;
}

static void
answer_file(struct http_answer *a, const struct memsite_file *f, unsigned status,
            const char *if_none_match)
{
	a->status = status;
	a->type = mime_type(f->path);
	a->file = f;
	if (status != 200)
		return;
	a->etag = f->etag;
	if (if_none_match != NULL && http_etag_matches(if_none_match, f->etag)) {
		a->status = 304;
		a->file = NULL;
	}
}

static void
answer_404(const struct memsite *m, struct http_answer *a)
{
	const struct memsite_file *f = memsite_get(m, "404.html");
	if (f != NULL)
		answer_file(a, f, 404, NULL);
	else
		answer_text(a, 404, "text/html; charset=utf-8", plain_404);
}

void
http_answer(const struct memsite *m, const char *method, const char *url, const char *if_none_match,
            struct http_answer *a)
{
	*a = (struct http_answer){0};
	/* Room for the path, "index.html" after a slash and the NUL. */
	char path[HTTP_MAX_URL + 1 + 11];
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		answer_text(a, 405, "text/plain; charset=utf-8", "Method not allowed\n");
		return;
	}
	if (http_decode_path(url, path) != 0) {
		answer_text(a, 400, "text/plain; charset=utf-8", "Bad request\n");
		return;
	}
	size_t len = strlen(path);
	bool folder = len == 0 || path[len - 1] == '/';
	const struct memsite_file *f = folder ? NULL : memsite_get(m, path);
	bool redirect = false;
	if (f == NULL) {
		if (!folder)
			path[len++] = '/';
		memcpy(path + len, "index.html", 11);
		f = memsite_get(m, path);
		redirect = f != NULL && !folder;
	}
	if (f == NULL) {
		answer_404(m, a);
	} else if (redirect) {
		/* Only x/index.html exists: its links are relative to x/. */
		snprintf(a->location, sizeof(a->location), "%s/", url);
		answer_text(a, 301, "text/plain; charset=utf-8", "Moved permanently\n");
	} else {
		answer_file(a, f, 200, if_none_match);
	}
}
