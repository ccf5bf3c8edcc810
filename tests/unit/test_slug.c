/* slug: titles and headings to URL- and id-safe names. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "slug.h"

static struct arena *arena;

static const char *
slug(const char *s)
{
	return slug_make(arena, s, strlen(s));
}

TEST(ascii_is_lowercased_and_punctuation_joined)
{
	CHECK_STR(slug("Hello, World!"), "hello-world");
	CHECK_STR(slug("  --Leading and trailing--  "), "leading-and-trailing");
	CHECK_STR(slug("snake_case and C++ / 2018"), "snake-case-and-c-2018");
	CHECK_STR(slug("a...b"), "a-b");
	CHECK_STR(slug("ABCxyz0189"), "abcxyz0189");
}

TEST(accents_fold_to_ascii)
{
	CHECK_STR(slug("Écosystème des partenaires : 2018"), "ecosysteme-des-partenaires-2018");
	CHECK_STR(slug("Œuvre à l'œil : ça, ß"), "oeuvre-a-l-oeil-ca-ss");
	CHECK_STR(slug("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞß"), "aaaaaaaeceeeeiiiidnoooooouuuuythss");
	CHECK_STR(slug("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"), "aaaaaaaeceeeeiiiidnoooooouuuuythy");
	CHECK_STR(slug("Łódź Ščepán Ğüzel İstanbul Ĳssel Ŵŷ ſ"),
	          "lodz-scepan-guzel-istanbul-ijssel-wy-s");
	CHECK_STR(slug("ôïü ÔÏÜ"), "oiu-oiu");
	CHECK_STR(slug("1ª 2º"), "1a-2o");
}

/* Every letter of U+00C0..U+017F becomes one or two ASCII letters. */
TEST(all_latin_letters_fold)
{
	for (unsigned c = 0xC0; c <= 0x17F; c++) {
		if (c == 0xD7 || c == 0xF7)
			continue;
		char utf8[3] = {(char)(0xC0 | c >> 6), (char)(0x80 | (c & 0x3F)), '\0'};
		const char *s = slug(utf8);
		size_t len = strlen(s);
		bool ascii = len >= 1 && len <= 2;
		for (size_t i = 0; i < len; i++)
			ascii = ascii && s[i] >= 'a' && s[i] <= 'z';
		if (!ascii)
			printf("  U+%04X -> \"%s\"\n", c, s);
		CHECK(ascii);
	}
}

TEST(symbols_and_unicode_punctuation_separate)
{
	CHECK_STR(slug("2×3÷4"), "2-3-4");
	CHECK_STR(slug("Hello — world…"), "hello-world");
	CHECK_STR(slug("« Bonjour » ¿qué?"), "bonjour-que");
	CHECK_STR(slug("🚀 Launch"), "launch");
	CHECK_STR(slug("a\xC2\xA0"
	               "b"),
	          "a-b"); /* no-break space */
	CHECK_STR(slug("「引用」"), "引用");
}

TEST(other_letters_are_kept)
{
	CHECK_STR(slug("Привет, мир"), "Привет-мир");
	CHECK_STR(slug("日本語のテキスト"), "日本語のテキスト");
	CHECK_STR(slug("Ωmega µm"), "Ωmega-µm");
}

TEST(marks_and_invisible_characters_vanish)
{
	CHECK_STR(slug("e\xCC\x81te"), "ete"); /* e + combining acute (NFD) */
	CHECK_STR(slug("hy\xC2\xADphen"), "hyphen");
	CHECK_STR(slug("zero\xE2\x80\x8Bwidth"), "zerowidth");
}

TEST(invalid_utf8_separates)
{
	CHECK_STR(slug("a\xFF"
	               "b"),
	          "a-b");
	CHECK_STR(slug("ab\xC3"), "ab");
	CHECK_STR(slug("\xC0\xAF"), "section"); /* overlong '/' */
	CHECK_STR(slug("\xED\xA0\x80x"), "x");  /* a surrogate */
}

TEST(empty_becomes_section)
{
	CHECK_STR(slug(""), "section");
	CHECK_STR(slug("!!! ---"), "section");
	CHECK_STR(slug("  "), "section");
}

TEST(length_is_respected)
{
	CHECK_STR(slug_make(arena, "abcdef", 3), "abc");
	CHECK_STR(slug_make(arena, "ab", 0), "section");
}

int
main(void)
{
	arena = arena_new();
	RUN(ascii_is_lowercased_and_punctuation_joined);
	RUN(accents_fold_to_ascii);
	RUN(all_latin_letters_fold);
	RUN(symbols_and_unicode_punctuation_separate);
	RUN(other_letters_are_kept);
	RUN(marks_and_invisible_characters_vanish);
	RUN(invalid_utf8_separates);
	RUN(empty_becomes_section);
	RUN(length_is_respected);
	arena_free(arena);
	return check_summary();
}
