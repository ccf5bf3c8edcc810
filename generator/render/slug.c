#include "slug.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * ASCII for U+00C0..U+017F, one character per code point. Upper-case
 * letters stand for two: A ae, I ij, O oe, S ss, T th; '_' is a symbol
 * (× and ÷), a separator.
 */
static const char latin_fold[] = "aaaaaaAceeeeiiii"  /* U+00C0 */
                                 "dnooooo_ouuuuyTS"  /* U+00D0 */
                                 "aaaaaaAceeeeiiii"  /* U+00E0 */
                                 "dnooooo_ouuuuyTy"  /* U+00F0 */
                                 "aaaaaaccccccccdd"  /* U+0100 */
                                 "ddeeeeeeeeeegggg"  /* U+0110 */
                                 "gggghhhhiiiiiiii"  /* U+0120 */
                                 "iiIIjjkkklllllll"  /* U+0130 */
                                 "lllnnnnnnnnnoooo"  /* U+0140 */
                                 "ooOOrrrrrrssssss"  /* U+0150 */
                                 "ssttttttuuuuuuuu"  /* U+0160 */
                                 "uuuuwwyyyzzzzzzs"; /* U+0170 */

/* Non-ASCII ranges that separate words: punctuation, symbols, spaces. */
static const struct {
	uint32_t lo, hi;
} separators[] = {
    {0x0080, 0x00BF},   /* C1 controls, no-break space, Latin-1 symbols */
    {0x2000, 0x2BFF},   /* general punctuation ... arrows, math, shapes */
    {0x2E00, 0x2E7F},   /* supplemental punctuation */
    {0x3000, 0x303F},   /* CJK punctuation */
    {0xFE10, 0xFE6F},   /* vertical, compatibility and small forms */
    {0xFF00, 0xFF0F},   /* fullwidth ! to / */
    {0xFF1A, 0xFF20},   /* fullwidth : to @ */
    {0xFF3B, 0xFF40},   /* fullwidth [ to ` */
    {0xFF5B, 0xFF65},   /* fullwidth { to halfwidth punctuation */
    {0x1F000, 0x1FAFF}, /* emoji and pictographs */
};

/*
 * Decodes one UTF-8 sequence at s (n > 0 bytes left) into *cp; returns its
 * length. Invalid, overlong or truncated sequences give *cp = UINT32_MAX
 * and length 1, so the caller skips one byte.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
	*cp = UINT32_MAX;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xC0 || s[0] > 0xF4 || len > n)
		return 1;
	uint32_t c = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	*cp = c;
	return len;
}

/* Characters that vanish without splitting a word. */
static bool
is_silent(uint32_t c)
{
	return c == 0x00AD                     /* soft hyphen */
	       || (c >= 0x0300 && c <= 0x036F) /* combining accents (NFD input) */
	       || (c >= 0x200B && c <= 0x200D) /* zero-width space and joiners */
	       || c == 0x2060 || c == 0xFEFF;
}

static bool
is_separator(uint32_t c)
{
	if (c < 0x80)
		return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		         (c >= '0' && c <= '9'));
	if (c == UINT32_MAX || c == 0xD7 || c == 0xF7)
		return true;
	if (c == 0xAA || c == 0xB5 || c == 0xBA) /* ª µ º are letters */
		return false;
	for (size_t i = 0; i < sizeof(separators) / sizeof(*separators); i++)
		if (c >= separators[i].lo && c <= separators[i].hi)
			return true;
	return false;
}

/* The two letters an upper-case entry of latin_fold stands for, or NULL. */
static const char *
two_letters(char f)
{
	switch (f) {
	case 'A': return "ae";
	case 'I': return "ij";
	case 'O': return "oe";
	case 'S': return "ss";
	case 'T': return "th";
	default: return NULL;
	}
}

/* Writes letter or digit c, n bytes at src, as the slug spells it. */
static char *
put_letter(char *o, uint32_t c, const unsigned char *src, size_t n)
{
	if (c < 0x80) {
		*o++ = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
		return o;
	}
	if (c == 0xAA || c == 0xBA) {
		*o++ = c == 0xAA ? 'a' : 'o';
		return o;
	}
	if (c < 0xC0 || c > 0x17F) {
		memcpy(o, src, n);
		return o + n;
	}
	char f = latin_fold[c - 0xC0];
	const char *two = two_letters(f);
	if (two == NULL) {
		*o++ = f;
		return o;
	}
	*o++ = two[0];
	*o++ = two[1];
	return o;
}

char *
slug_make(struct arena *a, const char *text, size_t len)
{
	/* Every output byte (a '-' included) comes from at least one input
	 * byte: ß and the other two-letter folds are two bytes in UTF-8. */
	char *out = arena_alloc(a, len + sizeof("section"));
	char *o = out;
	const unsigned char *s = (const unsigned char *)text;
	bool dash = false;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n = utf8_decode(s + i, len - i, &c);
		i += n;
		if (is_silent(c))
			continue;
		if (is_separator(c)) {
			dash = o > out;
			continue;
		}
		if (dash)
			*o++ = '-';
		dash = false;
		o = put_letter(o, c, s + i - n, n);
	}
	if (o == out)
		return strcpy(out, "section");
	*o = '\0';
	return out;
}
