/* http: the request path of `brief serve` (serve/http.c): percent-decoding
 * and confinement of the URL, the lookup in a site held in memory (the
 * shipped briefing's files, with and without a 404.html), redirects, and
 * If-None-Match. The input is "URL", or "URL\n%%\nMETHOD\n%%\nIF-NONE-MATCH"
 * (method GET, and no If-None-Match, when absent). Each answer is checked
 * against what the request may get: nothing above the site root, a 200
 * only for a file the site has, and so on. */
#include <stdbool.h>

#include "fuzz.h"
#include "http.h"
#include "memsite.h"
#include "utf8.h"

/* The files of the shipped briefing's build, and names that look like
 * what a hostile path tries to reach. */
static const char *const files[] = {
    "index.html",
    "assets/search.js",
    "assets/style.css",
    "evidence/index.html",
    "fr/evidence/index.html",
    "fr/full-briefing/index.html",
    "fr/index.html",
    "fr/search/index.html",
    "fr/search/index.js",
    "fr/search/text-1.js",
    "fr/sources/index.html",
    "full-briefing/index.html",
    "search/index.html",
    "search/index.js",
    "search/text-1.js",
    "sources/index.html",
    "caf\xc3\xa9 menu/index.html",
    "a..b/.x",
};

static struct memsite *
site(bool with_404)
{
	struct memsite *m = memsite_new();
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		memsite_put(m, files[i], files[i], strlen(files[i]));
	if (with_404)
		memsite_put(m, "404.html", "<p>404</p>", 10);
	return m;
}

/* The reference decoding: %XX to its byte, any other '%' refused. */
static bool
decode(const char *url, char *out, size_t *len)
{
	*len = 0;
	for (const char *s = url + 1; *s != '\0'; s++) {
		unsigned v;
		char hex[3] = {s[0] == '%' ? s[1] : 0, s[0] == '%' && s[1] ? s[2] : 0, 0};
		if (s[0] != '%')
			v = (unsigned char)s[0];
		else if (strspn(hex, "0123456789abcdefABCDEF") == 2 && sscanf(hex, "%2x", &v) == 1)
			s += 2;
		else
			return false;
		out[(*len)++] = (char)v;
	}
	out[*len] = '\0';
	return true;
}

/* What an accepted path must be: below the root, every segment a name. */
static void
check_confined(const char *url, const char *path)
{
	static char ref[HTTP_MAX_URL + 1];
	size_t len;
	FUZZ_ASSERT(url[0] == '/' && strlen(url) <= HTTP_MAX_URL);
	FUZZ_ASSERT(decode(url, ref, &len) && strcmp(ref, path) == 0 && strlen(path) == len);
	FUZZ_ASSERT(strcasestr(url, "%2f") == NULL && strchr(path, '\\') == NULL);
	FUZZ_ASSERT(utf8_invalid(path, len) == len);
	for (size_t i = 0; i < len; i++)
		FUZZ_ASSERT((unsigned char)path[i] >= 0x20 && path[i] != 0x7f);
	for (const char *seg = path; len > 0;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		FUZZ_ASSERT(n > 0 || end == NULL);
		FUZZ_ASSERT(!(n == 1 && seg[0] == '.') &&
		            !(n == 2 && seg[0] == '.' && seg[1] == '.'));
		if (end == NULL)
			break;
		seg = end + 1;
	}
}

/* The file the site holds at a + b, or NULL. */
static const struct memsite_file *
lookup(const struct memsite *m, const char *a, const char *b)
{
	static char name[HTTP_MAX_URL + 16];
	snprintf(name, sizeof(name), "%s%s", a, b);
	return memsite_get(m, name);
}

static void
check_answer(const struct memsite *m, const char *method, const char *url, const char *inm,
             const struct http_answer *a)
{
	static char path[HTTP_MAX_URL + 1];
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int decoded = http_decode_path(url, path);
	if (!get) {
		FUZZ_ASSERT(a->status == 405 && a->file == NULL);
		return;
	}
	FUZZ_ASSERT((decoded == 0) == (a->status != 400));
	if (decoded != 0)
		return;
	check_confined(url, path);
	size_t len = strlen(path);
	bool folder = len == 0 || path[len - 1] == '/';
	const struct memsite_file *f = folder ? NULL : memsite_get(m, path);
	const struct memsite_file *index = lookup(m, path, folder ? "index.html" : "/index.html");
	switch (a->status) {
	case 200:
		/* Only a file the site has: the path itself, or its folder's index. */
		FUZZ_ASSERT(a->file != NULL && a->file == memsite_get(m, a->file->path));
		FUZZ_ASSERT(a->file == (folder ? index : f) && a->etag == a->file->etag);
		FUZZ_ASSERT(inm == NULL || !http_etag_matches(inm, a->file->etag));
		break;
	case 304:
		FUZZ_ASSERT(a->file == NULL && inm != NULL && (folder ? index : f) != NULL);
		FUZZ_ASSERT(http_etag_matches(inm, (folder ? index : f)->etag));
		break;
	case 301:
		FUZZ_ASSERT(!folder && f == NULL && index != NULL && a->file == NULL);
		FUZZ_ASSERT(strlen(a->location) == strlen(url) + 1 &&
		            strncmp(a->location, url, strlen(url)) == 0);
		break;
	case 404:
		FUZZ_ASSERT(f == NULL && index == NULL);
		FUZZ_ASSERT(a->file == NULL || a->file == memsite_get(m, "404.html"));
		break;
	default: FUZZ_ASSERT(!"a status http.h does not list");
	}
}

/* A match needs "*" or the tag itself somewhere in the header. */
static void
check_etag(const char *inm, const char *etag)
{
	if (http_etag_matches(inm, etag))
		FUZZ_ASSERT(strchr(inm, '*') != NULL || strstr(inm, etag) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct memsite *sites[2];
	if (sites[0] == NULL) {
		sites[0] = site(false);
		sites[1] = site(true);
	}
	struct fuzz_part part[3];
	size_t n = fuzz_split(data, size, part, 3);
	char *url = fuzz_cstr((const uint8_t *)part[0].ptr, part[0].len);
	char *method =
	    n > 1 ? fuzz_cstr((const uint8_t *)part[1].ptr, part[1].len) : xstrdup("GET");
	char *inm = n > 2 ? fuzz_cstr((const uint8_t *)part[2].ptr, part[2].len) : NULL;
	const struct memsite *m = sites[size % 2];
	struct http_answer a;
	http_answer(m, method, url, inm, &a);
	check_answer(m, method, url, inm, &a);
	if (a.status == 200 || a.status == 304) {
		/* The file's own tag, alone or among others, is always a match. */
		const struct memsite_file *f = a.file;
		char path[HTTP_MAX_URL + 1];
		if (f == NULL && http_decode_path(url, path) == 0) {
			size_t len = strlen(path);
			f = len == 0 || path[len - 1] == '/' ? lookup(m, path, "index.html")
			                                     : memsite_get(m, path);
		}
		FUZZ_ASSERT(f != NULL);
		char tags[128];
		snprintf(tags, sizeof(tags), "W/\"x\", %s", f->etag);
		http_answer(m, method, url, tags, &a);
		FUZZ_ASSERT(a.status == 304 && a.file == NULL);
	}
	if (inm != NULL)
		for (size_t i = 0; i < memsite_count(m); i++)
			check_etag(inm, memsite_at(m, i)->etag);
	free(url);
	free(method);
	free(inm);
	return 0;
}
