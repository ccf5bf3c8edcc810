/* utf8: which bytes make a file not text, and where the error points. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "utf8.h"

static size_t
bad(const char *s, size_t len)
{
	return utf8_invalid(s, len);
}

TEST(text_passes_whole)
{
	const char *s = "plain ASCII, é, €, 𝄞 and \t\r\n controls";
	CHECK_INT(bad(s, strlen(s)), strlen(s));
	CHECK_INT(bad("", 0), 0);
	/* The largest code point and the last ones around the surrogates. */
	CHECK_INT(bad("\xF4\x8F\xBF\xBF", 4), 4);
	CHECK_INT(bad("\xED\x9F\xBF\xEE\x80\x80", 6), 6);
}

TEST(each_ill_formed_sequence_is_found_at_its_first_byte)
{
	CHECK_INT(bad("ab\0cd", 5), 2);            /* NUL */
	CHECK_INT(bad("caf\xE9!", 5), 3);          /* Latin-1 */
	CHECK_INT(bad("a\x80", 2), 1);             /* lone continuation byte */
	CHECK_INT(bad("a\xC0\xAF", 3), 1);         /* overlong '/' */
	CHECK_INT(bad("a\xC1\xBF", 3), 1);         /* overlong */
	CHECK_INT(bad("a\xE0\x80\xAF", 4), 1);     /* overlong, three bytes */
	CHECK_INT(bad("a\xF0\x80\x80\xAF", 5), 1); /* overlong, four bytes */
	CHECK_INT(bad("a\xED\xA0\x80", 4), 1);     /* surrogate U+D800 */
	CHECK_INT(bad("a\xF4\x90\x80\x80", 5), 1); /* past U+10FFFF */
	CHECK_INT(bad("a\xF5\x80\x80\x80", 5), 1);
	CHECK_INT(bad("a\xFF", 2), 1);
	CHECK_INT(bad("ab\xE2\x82", 4), 2);  /* cut short at the end */
	CHECK_INT(bad("ab\xE2\x82z", 5), 2); /* cut short by ASCII */
	CHECK_INT(bad("\xF0\x9D\x84\x9E\xF0\x9D\x84", 7), 4);
}

/* The error's column counts characters, as every column of brief does. */
TEST(the_error_is_located)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct diag d;
	diag_init(&d, out);
	const char s[] = "line one\n\xC3\xA9t\xC3\xA9 \x80 here";
	CHECK_INT(utf8_check(&d, "t.mustache", s, sizeof(s) - 1, "templates"), -1);
	CHECK_INT(utf8_check(&d, "n.mustache", "{{\0}}", 5, "templates"), -1);
	CHECK_INT(utf8_check(&d, "ok.mustache", "fine é", 7, "templates"), 0);
	diag_print(&d);
	CHECK_INT(d.errors, 2);
	diag_close(&d);
	fclose(out);
	CHECK_STR(text, "t.mustache:2:5: error: invalid UTF-8 (byte 0x80): templates must be UTF-8 "
	                "text; save the file as UTF-8\n"
	                "n.mustache:1:3: error: NUL byte: templates must be UTF-8 text\n");
	free(text);
}

int
main(void)
{
	RUN(text_passes_whole);
	RUN(each_ill_formed_sequence_is_found_at_its_first_byte);
	RUN(the_error_is_located);
	return check_summary();
}
