/* safeurl: which hand-written URLs may go into an href, and the messages. */
#include "capture.h"
#include "check.h"
#include "safeurl.h"

/* "" when url passes, else the message; the result and the message agree. */
static const char *
verdict(const char *url, size_t len)
{
	struct diag *d = capture_begin();
	int rc = safeurl_check(d, (struct pos){"site.yaml", 4, 10}, "menu entry's url", url, len);
	const char *text = capture_end();
	CHECK((rc == 0) == (text[0] == '\0'));
	return text;
}

#define PASSES(url) CHECK_STR(verdict(url, sizeof(url) - 1), "")

TEST(paths_and_safe_schemes_pass)
{
	PASSES("");
	PASSES("about/");
	PASSES("../notes/a.html#x");
	PASSES("/x");
	PASSES("#top");
	PASSES("?q=javascript:x");
	PASSES("//example.org/");
	PASSES("https://example.org/a?b=javascript:x");
	PASSES("HTTP://example.org/");
	PASSES("mailto:a@example.org");
	PASSES("tel:+331");
	/* Not schemes: a browser reads these as paths. */
	PASSES("java&#x09;script:alert(1)");
	PASSES("%6Aavascript:alert(1)");
	PASSES("1javascript:x");
	PASSES("a b");
}

TEST(other_schemes_are_refused)
{
	static const char *const bad[] = {
	    "javascript:alert(1)",  "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html,x",
	    "DATA:image/svg+xml,x", "file:///etc/passwd",  "livescript:x",       "x-y.z+w:x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(strstr(verdict(bad[i], strlen(bad[i])),
		             "error: menu entry's url has the scheme") != NULL);
	CHECK_STR(verdict("javascript:alert(1)", 19),
	          "site.yaml:4:10: error: menu entry's url has the scheme 'javascript:', which a "
	          "link here may not use (allowed: http:, https:, mailto:, tel:, or a path in the "
	          "site)\n");
}

/* Browsers drop these before reading the scheme: refused wherever they are. */
TEST(controls_and_end_spaces_are_refused)
{
	static const char want[] =
	    "site.yaml:4:10: error: menu entry's url holds a control character or a space at an "
	    "end, which browsers drop before reading the link: write the URL without them\n";
	CHECK_STR(verdict("java\tscript:alert(1)", 20), want);
	CHECK_STR(verdict("java\nscript:alert(1)", 20), want);
	CHECK_STR(verdict(" javascript:alert(1)", 20), want);
	CHECK_STR(verdict("\x01javascript:x", 13), want);
	CHECK_STR(verdict("about/ ", 7), want);
	CHECK_STR(verdict("a\x7f", 2), want);
	/* A NUL inside: the length, not the C string, is the URL. */
	CHECK_STR(verdict("about\0javascript:x", 18), want);
}

int
main(void)
{
	RUN(paths_and_safe_schemes_pass);
	RUN(other_schemes_are_refused);
	RUN(controls_and_end_spaces_are_refused);
	capture_free();
	return check_summary();
}
