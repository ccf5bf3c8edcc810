#include "factcheck.h"

#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "sitelimits.h"

/* Data is at most limits.depth deep (SITELIMITS_DEPTH_MAX at most); a bound
 * here keeps shared (aliased) subtrees from looping anyway. */
#define FACTCHECK_MAX_DEPTH (SITELIMITS_DEPTH_MAX + 16)

/* Numbers small enough to be written as words in a sentence. "one"/"un"
 * are left out: as articles they would match nearly any quote. */
static const struct {
	const char *word;
	const char *digits;
} number_words[] = {
    {"two", "2"},     {"three", "3"},    {"four", "4"},      {"five", "5"},        {"six", "6"},
    {"seven", "7"},   {"eight", "8"},    {"nine", "9"},      {"ten", "10"},        {"eleven", "11"},
    {"twelve", "12"}, {"twenty", "20"},  {"hundred", "100"}, {"thousand", "1000"}, {"deux", "2"},
    {"trois", "3"},   {"quatre", "4"},   {"cinq", "5"},      {"sept", "7"},        {"huit", "8"},
    {"neuf", "9"},    {"dix", "10"},     {"onze", "11"},     {"douze", "12"},      {"vingt", "20"},
    {"cent", "100"},  {"mille", "1000"},
};

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t
digit_run(const char *s, size_t i, size_t len)
{
	size_t n = 0;
	while (i + n < len && is_digit(s[i + n]))
		n++;
	return n;
}

/* Width of a thousands separator at s[i]: , . space, NBSP, narrow NBSP. */
static size_t
separator(const char *s, size_t i, size_t len)
{
	if (i < len && (s[i] == ',' || s[i] == '.' || s[i] == ' '))
		return 1;
	if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	if (i + 2 < len && !memcmp(s + i, "\xE2\x80\xAF", 3))
		return 3;
	return 0;
}

/*
 * Reads the number starting at s[i] into out as plain digits with an
 * optional '.' decimal part ("7000", "1.5"); returns the bytes it spans.
 * A separator followed by exactly three digits groups thousands, after
 * a first group of one to three digits; otherwise '.' or ',' followed by
 * digits is a decimal point.
 */
static size_t
read_number(const char *s, size_t i, size_t len, struct buf *out)
{
	size_t start = i, n = digit_run(s, i, len);
	buf_put(out, s + i, n);
	i += n;
	for (size_t sep; n <= 3 && (sep = separator(s, i, len)) > 0;) {
		if (digit_run(s, i + sep, len) != 3)
			break;
		buf_put(out, s + i + sep, 3);
		i += sep + 3;
	}
	if (i + 1 < len && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
		size_t frac = digit_run(s, i + 1, len);
		/* Trailing zeros do not change a decimal: 1.50 is 1.5. */
		size_t keep = frac;
		while (keep > 0 && s[i + keep] == '0')
			keep--;
		if (keep > 0) {
			buf_putc(out, '.');
			buf_put(out, s + i + 1, keep);
		}
		i += 1 + frac;
	}
	return i - start;
}

/* Appends every number of s to list, each followed by '\n'. */
static void
numbers_of(const char *s, size_t len, bool words, struct buf *list)
{
	for (size_t i = 0; i < len;) {
		if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]))) {
			i += read_number(s, i, len, list);
			buf_putc(list, '\n');
			continue;
		}
		if (words && isalpha((unsigned char)s[i]) &&
		    (i == 0 || !isalpha((unsigned char)s[i - 1]))) {
			size_t n = 0;
			while (i + n < len && isalpha((unsigned char)s[i + n]))
				n++;
			for (size_t w = 0; w < sizeof(number_words) / sizeof(number_words[0]);
			     w++) {
				const char *word = number_words[w].word;
				if (strlen(word) == n && !strncasecmp(word, s + i, n)) {
					buf_puts(list, number_words[w].digits);
					buf_putc(list, '\n');
				}
			}
			i += n;
			continue;
		}
		i++;
	}
}

static const char *
text_of(const struct value *v)
{
	return v->kind == VALUE_STRING || v->kind == VALUE_NUMBER ? v->str : NULL;
}

static int
check_item(struct diag *d, const struct value *item, const struct value *value,
           const struct value *quote)
{
	const char *vtext = text_of(value), *qtext = text_of(quote);
	if (vtext == NULL || qtext == NULL)
		return 0;
	struct buf wanted = BUF_INIT, found = BUF_INIT, needle = BUF_INIT;
	int status = 0;
	numbers_of(vtext, strlen(vtext), false, &wanted);
	numbers_of(qtext, strlen(qtext), true, &found);
	buf_putc(&needle, '\n');
	buf_puts(&needle, found.ptr);
	for (char *num = wanted.ptr, *nl; (nl = strchr(num, '\n')) != NULL; num = nl + 1) {
		struct buf probe = BUF_INIT;
		buf_putc(&probe, '\n');
		buf_put(&probe, num, (size_t)(nl - num) + 1);
		if (strstr(needle.ptr, probe.ptr) == NULL) {
			diag_error(d, item->pos,
			           "figure %.*s in value '%s' does not occur in its quote",
			           (int)(nl - num), num, vtext);
			diag_note(d, quote->pos, "the quote: \"%s\"", qtext);
			status = -1;
		}
		buf_free(&probe);
	}
	buf_free(&wanted);
	buf_free(&found);
	buf_free(&needle);
	return status;
}

static int
walk(struct diag *d, const struct value *v, int depth)
{
	if (v == NULL || depth > FACTCHECK_MAX_DEPTH)
		return 0;
	int status = 0;
	if (v->kind == VALUE_LIST) {
		for (size_t i = 0; i < v->as.list.len; i++)
			status |= walk(d, v->as.list.items[i], depth + 1);
	} else if (v->kind == VALUE_MAP) {
		const struct value *value = value_cget(v, "value"), *quote = value_cget(v, "quote");
		if (value != NULL && quote != NULL)
			status |= check_item(d, v, value, quote);
		for (size_t i = 0; i < v->as.map.len; i++)
			status |= walk(d, v->as.map.items[i].val, depth + 1);
	}
	return status ? -1 : 0;
}

int
factcheck_data(struct diag *d, const struct value *data)
{
	return walk(d, data, 0);
}
