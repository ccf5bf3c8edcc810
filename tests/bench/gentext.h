/*
 * gentext: the random Markdown of tests/bench/gensite: a growable text
 * buffer, a seeded generator, and words, sentences and paragraphs in
 * English or French, with links written for brief (.md paths it checks)
 * or for Hugo (relative URLs). Out of memory aborts.
 */
#ifndef GENTEXT_H
#define GENTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable text buffer. */
struct gentext_buf {
	char *p;
	size_t len, cap;
};

void gentext_printf(struct gentext_buf *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* How a post writes its text: for which generator, in which words. */
struct gentext_style {
	bool hugo;                /* links as Hugo URLs, else as brief's .md paths */
	unsigned long nposts;     /* link targets are drawn below this */
	const char *const *words; /* the vocabulary, English or French */
	size_t nwords;
};

/* The English or French vocabulary for st. */
void gentext_use_words(struct gentext_style *st, bool french);

uint64_t gentext_next(uint64_t *s);
unsigned gentext_range(uint64_t *s, unsigned lo, unsigned hi);
const char *gentext_word(const struct gentext_style *st, uint64_t *s);

/* n random words, the first capitalised when cap is set (ASCII initials). */
void gentext_words(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s, unsigned n,
                   bool cap);

/* A link to a random post, aiming at anchor ("" or "#id"). */
void gentext_post_link(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s,
                       const char *anchor);

/*
 * One inline construct: 0 emphasis, 1 strong, 2 code, 3 strikethrough,
 * 4 a post link, 5 a bare URL, 6 an external link, 7 a link to one of
 * the docs mix's fixed headings of another post; other kinds write nothing.
 */
void gentext_markup(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s,
                    unsigned kind);

/* A sentence of 8 to 16 words with markups inline constructs among them. */
void gentext_sentence(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s,
                      unsigned markups);

/* lo to hi sentences, each with dense (0: sparse, 1 or more: that many) markup. */
void gentext_paragraph(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s,
                       unsigned lo, unsigned hi, unsigned dense);

/* The docs mix's fixed second-level headings, in every docs post, and their ids. */
extern const char *const gentext_sections[5];
extern const char *const gentext_section_ids[5];

#endif
