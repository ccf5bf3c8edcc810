/* http: requests against a site in memory, every rule of item 5. */
#include <string.h>

#include "check.h"
#include "http.h"
#include "mime.h"

static char decoded[HTTP_MAX_URL + 1];

static const char *
decode(const char *url)
{
	return http_decode_path(url, decoded) == 0 ? decoded : "(refused)";
}

TEST(paths_are_decoded_and_confined)
{
	CHECK_STR(decode("/"), "");
	CHECK_STR(decode("/a%20b/c.html"), "a b/c.html");
	CHECK_STR(decode("/notes/"), "notes/");
	CHECK_STR(decode("/caf%C3%A9"), "caf\xc3\xa9");
	CHECK_STR(decode("/a..b/.x"), "a..b/.x");
	const char *refused[] = {
	    "",
	    "x",
	    "/..",
	    "/../etc/passwd",
	    "/a/../b",
	    "/%2e%2e/x",
	    "/a/%2E%2e",
	    "/.",
	    "/a/./b",
	    "/a%2fb",
	    "/a%2F..",
	    "/a%00b",
	    "/a%5cb",
	    "/a\\b",
	    "/a%",
	    "/a%2",
	    "/a%zz",
	    "/a%0d%0ab",
	    "/a\tb",
	    "//etc/passwd",
	    "/a//b",
	    "/%7f",
	    "/%c0%ae%c0%ae/x",
	    "/%c0%af",
	    "/caf%e9",
	    "/%ed%a0%80",
	    "/a%ff",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (http_decode_path(refused[i], decoded) == 0) {
			printf("  accepted \"%s\"\n", refused[i]);
			CHECK(0);
		}
	char longer[HTTP_MAX_URL + 2];
	memset(longer, 'a', sizeof(longer) - 1);
	longer[0] = '/';
	longer[HTTP_MAX_URL + 1] = '\0';
	CHECK(http_decode_path(longer, decoded) == -1);
	longer[HTTP_MAX_URL] = '\0';
	CHECK(http_decode_path(longer, decoded) == 0);
}

TEST(etags_match_as_rfc_9110_says)
{
	const char *tag = "\"0123456789abcdef\"";
	CHECK(http_etag_matches("\"0123456789abcdef\"", tag));
	CHECK(http_etag_matches("W/\"0123456789abcdef\"", tag));
	CHECK(http_etag_matches("\"x\", \"0123456789abcdef\"", tag));
	CHECK(http_etag_matches("*", tag));
	CHECK(!http_etag_matches("\"0123456789abcdee\"", tag));
	CHECK(!http_etag_matches("\"0123456789abcdef\"x", tag));
	CHECK(!http_etag_matches("", tag));
}

TEST(types_say_their_charset)
{
	CHECK_STR(mime_type("a/index.html"), "text/html; charset=utf-8");
	CHECK_STR(mime_type("assets/style.CSS"), "text/css; charset=utf-8");
	CHECK_STR(mime_type("x.js"), "text/javascript; charset=utf-8");
	CHECK_STR(mime_type("x.svg"), "image/svg+xml; charset=utf-8");
	CHECK_STR(mime_type("x.png"), "image/png");
	CHECK_STR(mime_type("x.tar.unknown"), "application/octet-stream");
	CHECK_STR(mime_type("dot.d/noext"), "application/octet-stream");
	CHECK(mime_is_html(mime_type("x.htm")));
	CHECK(!mime_is_html(mime_type("x.css")));
}

static struct memsite *
sample(bool with_404)
{
	struct memsite *m = memsite_new();
	memsite_put(m, "index.html", "<p>home", 7);
	memsite_put(m, "notes/index.html", "<p>notes", 8);
	memsite_put(m, "notes/a b.html", "<p>a b", 6);
	memsite_put(m, "assets/style.css", "p{}", 3);
	memsite_put(m, "empty/x.txt", "x", 1);
	if (with_404)
		memsite_put(m, "404.html", "<p>lost", 7);
	return m;
}

TEST(files_folders_and_redirects)
{
	struct memsite *m = sample(true);
	struct http_answer a;
	http_answer(m, "GET", "/", NULL, &a);
	CHECK_INT(a.status, 200);
	CHECK(a.file == memsite_get(m, "index.html"));
	CHECK_STR(a.etag, a.file->etag);
	http_answer(m, "HEAD", "/notes/", NULL, &a);
	CHECK_INT(a.status, 200);
	CHECK(a.file == memsite_get(m, "notes/index.html"));
	CHECK_STR(a.type, "text/html; charset=utf-8");
	http_answer(m, "GET", "/notes/a%20b.html", NULL, &a);
	CHECK(a.status == 200 && a.file == memsite_get(m, "notes/a b.html"));
	http_answer(m, "GET", "/assets/style.css", NULL, &a);
	CHECK_STR(a.type, "text/css; charset=utf-8");
	http_answer(m, "GET", "/notes", NULL, &a);
	CHECK_INT(a.status, 301);
	CHECK_STR(a.location, "/notes/");
	CHECK(a.file == NULL);
	http_answer(m, "GET", "/empty/", NULL, &a);
	CHECK_INT(a.status, 404);
	CHECK(a.file == memsite_get(m, "404.html"));
	CHECK(a.etag == NULL);
	http_answer(m, "GET", "/empty", NULL, &a);
	CHECK_INT(a.status, 404);
	http_answer(m, "GET", "/index.html/", NULL, &a);
	CHECK_INT(a.status, 404);
	memsite_unref(m);
}

TEST(not_found_methods_and_bad_paths)
{
	struct memsite *m = sample(false);
	struct http_answer a;
	http_answer(m, "GET", "/nothing", NULL, &a);
	CHECK_INT(a.status, 404);
	CHECK(a.file == NULL && a.text != NULL && contains(a.text, "</body>"));
	CHECK_STR(a.type, "text/html; charset=utf-8");
	const char *methods[] = {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "get"};
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		http_answer(m, methods[i], "/", NULL, &a);
		CHECK_INT(a.status, 405);
	}
	http_answer(m, "GET", "/%2e%2e/%2e%2e/etc/passwd", NULL, &a);
	CHECK_INT(a.status, 400);
	CHECK(a.file == NULL);
	memsite_unref(m);
}

TEST(a_matching_etag_is_not_modified)
{
	struct memsite *m = sample(true);
	const char *tag = memsite_get(m, "assets/style.css")->etag;
	struct http_answer a;
	http_answer(m, "GET", "/assets/style.css", tag, &a);
	CHECK_INT(a.status, 304);
	CHECK(a.file == NULL && a.text == NULL);
	CHECK_STR(a.etag, tag);
	http_answer(m, "GET", "/assets/style.css", "\"0000000000000000\"", &a);
	CHECK_INT(a.status, 200);
	memsite_put(m, "assets/style.css", "p{color:red}", 12);
	http_answer(m, "GET", "/assets/style.css", memsite_get(m, "index.html")->etag, &a);
	CHECK_INT(a.status, 200);
	/* A 404 is never "not modified". */
	http_answer(m, "GET", "/gone", "*", &a);
	CHECK_INT(a.status, 404);
	memsite_unref(m);
}

int
main(void)
{
	RUN(paths_are_decoded_and_confined);
	RUN(etags_match_as_rfc_9110_says);
	RUN(types_say_their_charset);
	RUN(files_folders_and_redirects);
	RUN(not_found_methods_and_bad_paths);
	RUN(a_matching_etag_is_not_modified);
	return check_summary();
}
