#include "utf8.h"

#include <stdbool.h>

/* The ranges of the second byte are those of Unicode's table 3-7. */
size_t
utf8_length(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0x01 && c <= 0x7F)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0; /* NUL, a continuation byte, C0, C1 or F5..FF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

size_t
utf8_invalid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t n = utf8_length(s + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

int
utf8_check(struct diag *d, const char *path, const char *s, size_t len, const char *what)
{
	size_t bad = utf8_invalid(s, len);
	if (bad == len)
		return 0;
	struct pos at = {path, 1, 1};
	for (size_t i = 0; i < bad; i++) {
		if (s[i] == '\n')
			at.line++, at.col = 1;
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			at.col++; /* columns count characters, not bytes */
	}
	if (s[bad] == '\0')
		diag_error(d, at, "NUL byte: %s must be UTF-8 text", what);
	else
		diag_error(
		    d, at,
		    "invalid UTF-8 (byte 0x%02X): %s must be UTF-8 text; save the file as UTF-8",
		    (unsigned char)s[bad], what);
	return -1;
}
