#include "jsonload.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "sitelimits.h"
#include "yamlload.h"

/* What the grammar allows next. */
enum expect {
	WANT_VALUE,        /* after ':' or a list's ',' */
	WANT_VALUE_OR_END, /* after '[' */
	WANT_KEY,          /* after an object's ',' */
	WANT_KEY_OR_END,   /* after '{' */
	WANT_KEY_TEXT,     /* after libyaml's KEY token: the key itself */
	WANT_COLON,        /* after a key */
	WANT_COMMA_OR_END, /* after a value inside a list or an object */
	WANT_NOTHING,      /* after the top value */
};

static const char *const wanted[] = {
    "expected a JSON value",
    "expected a JSON value or ']'",
    "expected a key in double quotes",
    "expected a key in double quotes or '}'",
    "a key must be a string in double quotes",
    "expected ':' after the key",
    "expected ',' or the end of the list or object",
    "text after the JSON value",
};

struct check {
	struct diag *diag;
	const char *path, *src;
	unsigned first_line;
	enum expect expect;
	bool in_map[SITELIMITS_DEPTH_MAX + 1];
	size_t depth;
	size_t len;
	/* libyaml's marks count characters, not bytes: byte_of() maps them,
	 * walking forward from its last answer. */
	size_t cur_index, cur_byte;
	yaml_mark_t gap_from; /* where the last token ended */
	yaml_token_type_t prev;
	yaml_mark_t prev_mark;
};

static bool
is_continuation(char ch)
{
	return ((unsigned char)ch & 0xC0) == 0x80;
}

/* The byte offset in src of the character libyaml numbers index. */
static size_t
byte_of(struct check *c, size_t index)
{
	if (index < c->cur_index || c->cur_index == 0) {
		/* libyaml does not count a byte order mark. */
		c->cur_index = 0;
		c->cur_byte = c->len >= 3 && !memcmp(c->src, "\xEF\xBB\xBF", 3) ? 3 : 0;
	}
	while (c->cur_index < index && c->cur_byte < c->len) {
		c->cur_byte++;
		while (c->cur_byte < c->len && is_continuation(c->src[c->cur_byte]))
			c->cur_byte++;
		c->cur_index++;
	}
	return c->cur_byte;
}

/* The mark of byte `to`, counting from the mark of byte `from`. */
static yaml_mark_t
advance(const struct check *c, yaml_mark_t m, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		if (c->src[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (!is_continuation(c->src[i])) {
			m.column++;
		}
	}
	return m;
}

static struct pos
pos_of(const struct check *c, yaml_mark_t m)
{
	return (struct pos){c->path, c->first_line + (unsigned)m.line, (unsigned)m.column + 1};
}

static int
refuse(struct check *c, yaml_mark_t at, const char *msg)
{
	diag_error(c->diag, pos_of(c, at), "%s", msg);
	return -1;
}

bool
jsonload_is_number(const char *s, size_t n, bool exponent)
{
	size_t i = n > 0 && s[0] == '-';
	size_t digits = strspn(s + i, "0123456789");
	if (digits == 0 || (digits > 1 && s[i] == '0'))
		return false;
	i += digits;
	if (i < n && s[i] == '.') {
		digits = strspn(s + i + 1, "0123456789");
		if (digits == 0)
			return false;
		i += 1 + digits;
	}
	if (exponent && i < n && (s[i] == 'e' || s[i] == 'E')) {
		i += 1 + (i + 1 < n && (s[i + 1] == '+' || s[i + 1] == '-'));
		digits = strspn(s + i, "0123456789");
		if (digits == 0)
			return false;
		i += digits;
	}
	return i == n;
}

/* A scalar where a value goes: a one-line double-quoted string with
 * JSON's escapes, a number, true, false or null. */
static int
check_scalar(struct check *c, const yaml_token_t *t)
{
	const char *s = (const char *)t->data.scalar.value;
	size_t n = t->data.scalar.length;
	if (t->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if ((n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "null", 4))) ||
		    (n == 5 && !memcmp(s, "false", 5)))
			return 0;
		if (!jsonload_is_number(s, n, true))
			return refuse(c, t->start_mark,
			              "not a JSON value: write text in double quotes, numbers as "
			              "JSON does (no leading zero, no '+'), or true, false, null");
		if (!isfinite(strtod(s, NULL)))
			return refuse(c, t->start_mark, "number out of range");
		return 0;
	}
	if (t->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		return refuse(c, t->start_mark, "JSON text is written in double quotes");
	if (t->start_mark.line != t->end_mark.line)
		return refuse(c, t->start_mark, "a JSON string cannot span lines: write \\n");
	/* The raw text, for escapes that YAML has and JSON has not. */
	size_t from = byte_of(c, t->start_mark.index), to = byte_of(c, t->end_mark.index);
	for (size_t i = from + 1; i + 1 < to; i++) {
		if (c->src[i] != '\\')
			continue;
		if (strchr("\"\\/bfnrtu", c->src[i + 1]) == NULL)
			return refuse(c, advance(c, t->start_mark, from, i),
			              "not a JSON escape (JSON has \\\" \\\\ \\/ \\b \\f \\n "
			              "\\r \\t \\uXXXX)");
		i++;
	}
	return 0;
}

/* A value is complete: what may follow it. */
static void
after_value(struct check *c)
{
	c->expect = c->depth == 0 ? WANT_NOTHING : WANT_COMMA_OR_END;
}

static bool
wants_value(const struct check *c)
{
	return c->expect == WANT_VALUE || c->expect == WANT_VALUE_OR_END;
}

/* A scalar: a key where one is due, else a value. */
static int
scalar(struct check *c, const yaml_token_t *t)
{
	if (c->expect == WANT_KEY_TEXT) {
		if (t->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
			return refuse(c, t->start_mark, wanted[WANT_KEY_TEXT]);
		c->expect = WANT_COLON;
		return check_scalar(c, t);
	}
	/* A key with no ':' after it. */
	if (c->expect == WANT_KEY || c->expect == WANT_KEY_OR_END)
		return refuse(c, t->start_mark, wanted[WANT_COLON]);
	if (!wants_value(c))
		return refuse(c, t->start_mark, wanted[c->expect]);
	after_value(c);
	return check_scalar(c, t);
}

/* ']' or '}': it must close what is open, and follow no comma. */
static int
close_container(struct check *c, const yaml_token_t *t)
{
	bool map = t->type == YAML_FLOW_MAPPING_END_TOKEN;
	if (c->prev == YAML_FLOW_ENTRY_TOKEN)
		return refuse(c, c->prev_mark,
		              map ? "trailing comma before '}'" : "trailing comma before ']'");
	if (c->depth == 0 || c->in_map[c->depth - 1] != map ||
	    (c->expect != WANT_COMMA_OR_END &&
	     c->expect != (map ? WANT_KEY_OR_END : WANT_VALUE_OR_END)))
		return refuse(c, t->start_mark, wanted[c->expect]);
	c->depth--;
	after_value(c);
	return 0;
}

/* Steps the grammar over one token; -1 after reporting. */
static int
step(struct check *c, const yaml_token_t *t)
{
	switch (t->type) {
	case YAML_STREAM_START_TOKEN: return 0;
	case YAML_KEY_TOKEN:
		if (c->expect != WANT_KEY && c->expect != WANT_KEY_OR_END)
			break;
		c->expect = WANT_KEY_TEXT;
		return 0;
	case YAML_VALUE_TOKEN:
		if (c->expect != WANT_COLON)
			break;
		c->expect = WANT_VALUE;
		return 0;
	case YAML_SCALAR_TOKEN: return scalar(c, t);
	case YAML_FLOW_SEQUENCE_START_TOKEN:
	case YAML_FLOW_MAPPING_START_TOKEN: {
		if (!wants_value(c))
			break;
		if (c->depth >= sitelimits_get()->depth) {
			diag_error(c->diag, pos_of(c, t->start_mark),
			           "nesting deeper than %u levels: raise limits.depth in site.yaml",
			           sitelimits_get()->depth);
			return -1;
		}
		bool map = t->type == YAML_FLOW_MAPPING_START_TOKEN;
		c->in_map[c->depth++] = map;
		c->expect = map ? WANT_KEY_OR_END : WANT_VALUE_OR_END;
		return 0;
	}
	case YAML_FLOW_SEQUENCE_END_TOKEN:
	case YAML_FLOW_MAPPING_END_TOKEN: return close_container(c, t);
	case YAML_FLOW_ENTRY_TOKEN:
		if (c->expect != WANT_COMMA_OR_END)
			break;
		c->expect = c->in_map[c->depth - 1] ? WANT_KEY : WANT_VALUE;
		return 0;
	case YAML_STREAM_END_TOKEN:
		if (c->expect == WANT_NOTHING)
			return 0;
		return refuse(c, t->start_mark,
		              c->prev == YAML_STREAM_START_TOKEN
		                  ? "no JSON value: the text is empty"
		                  : "the JSON text ends too early");
	default: return refuse(c, t->start_mark, "not JSON (this is YAML syntax)");
	}
	return refuse(c, t->start_mark, wanted[c->expect]);
}

/* Between tokens libyaml skips white space and comments: JSON has only
 * the former. */
static int
check_gap(struct check *c, const yaml_token_t *t)
{
	size_t from = byte_of(c, c->gap_from.index), to = byte_of(c, t->start_mark.index);
	const char *hash = memchr(c->src + from, '#', to - from);
	if (hash != NULL)
		return refuse(c, advance(c, c->gap_from, from, (size_t)(hash - c->src)),
		              "comments are not JSON");
	c->gap_from = t->end_mark;
	return 0;
}

/*
 * Holds src to JSON's grammar. A libyaml scanner error stops the check
 * quietly: yamlload meets the same error and reports it with its place.
 */
static int
check_json(struct diag *d, const char *path, const char *src, size_t len, unsigned first_line)
{
	struct check c = {
	    .diag = d, .path = path, .src = src, .first_line = first_line, .len = len};
	c.expect = WANT_VALUE;
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		fputs("brief: out of memory (libyaml)\n", stderr);
		abort();
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
	int status = 0;
	for (bool done = false; !done && status == 0;) {
		yaml_token_t t;
		if (!yaml_parser_scan(&parser, &t))
			break;
		status = check_gap(&c, &t);
		if (status == 0)
			status = step(&c, &t);
		c.prev = t.type;
		c.prev_mark = t.start_mark;
		done = t.type == YAML_STREAM_END_TOKEN;
		yaml_token_delete(&t);
	}
	yaml_parser_delete(&parser);
	return status;
}

static int
hex4(const char *s, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char ch = s[i];
		unsigned v = ch >= '0' && ch <= '9'   ? (unsigned)(ch - '0')
		             : ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10)
		             : ch >= 'A' && ch <= 'F' ? (unsigned)(ch - 'A' + 10)
		                                      : 16u;
		if (v == 16)
			return -1;
		*out = *out << 4 | v;
	}
	return 0;
}

/* The pair "\uD83D\uDE00" at s (12 bytes) as one code point, or 0. */
static unsigned
surrogate_pair(const char *s, const char *end)
{
	unsigned hi, lo;
	if (end - s < 12 || s[0] != '\\' || s[1] != 'u' || s[6] != '\\' || s[7] != 'u' ||
	    hex4(s + 2, &hi) != 0 || hex4(s + 8, &lo) != 0)
		return 0;
	if (hi < 0xD800 || hi > 0xDBFF || lo < 0xDC00 || lo > 0xDFFF)
		return 0;
	return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
}

/* The length of the raw U+0085, U+2028 or U+2029 at p, or 0: JSON strings
 * may hold them, but libyaml reads each as a line break. */
static size_t
raw_break(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	if (end - p >= 2 && u[0] == 0xC2 && u[1] == 0x85)
		return 2;
	if (end - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] & 0xFE) == 0xA8)
		return 3;
	return 0;
}

static bool
needs_rewrite(const char *src, size_t len)
{
	return memmem(src, len, "\\u", 2) != NULL || memmem(src, len, "\xC2\x85", 2) != NULL ||
	       memmem(src, len, "\xE2\x80\xA8", 3) != NULL ||
	       memmem(src, len, "\xE2\x80\xA9", 3) != NULL;
}

/*
 * Rewrites the strings of src for libyaml into out: each surrogate pair
 * escape as its 4 UTF-8 bytes, and each raw line break of raw_break() as
 * its \uXXXX escape. Spaces after a string's closing quote make up for
 * what it lost, so that every later token on the line keeps its column;
 * a string that grew (5 characters per break) moves them right. Returns
 * false (out untouched) when there is nothing to rewrite.
 */
static bool
rewrite_strings(const char *src, size_t len, struct buf *out)
{
	if (!needs_rewrite(src, len))
		return false;
	const char *end = src + len;
	bool in_string = false, changed = false;
	size_t shrunk = 0, grown = 0; /* characters, in the current string */
	for (const char *p = src; p < end; p++) {
		unsigned cp = in_string && *p == '\\' ? surrogate_pair(p, end) : 0;
		size_t brk = in_string ? raw_break(p, end) : 0;
		if (cp != 0) {
			char utf8[4] = {(char)(0xF0 | cp >> 18), (char)(0x80 | (cp >> 12 & 0x3F)),
			                (char)(0x80 | (cp >> 6 & 0x3F)),
			                (char)(0x80 | (cp & 0x3F))};
			buf_put(out, utf8, 4);
			shrunk += 11; /* libyaml counts characters: 12 became 1 */
			p += 11;
			changed = true;
			continue;
		}
		if (brk != 0) {
			unsigned ch = brk == 2 ? 0x85 : 0x2000 + ((unsigned char)p[2] - 0x80);
			buf_printf(out, "\\u%04x", ch);
			grown += 5;
			p += brk - 1;
			changed = true;
			continue;
		}
		buf_putc(out, *p);
		if (in_string && *p == '\\' && p + 1 < end) {
			buf_putc(out, *++p);
		} else if (*p == '"') {
			in_string = !in_string;
			for (; !in_string && shrunk > grown; shrunk--)
				buf_putc(out, ' ');
			shrunk = grown = 0;
		}
	}
	return changed;
}

struct value *
jsonload_string(struct arena *arena, struct diag *d, const char *path, const char *src, size_t len,
                unsigned first_line)
{
	struct buf decoded = BUF_INIT;
	if (rewrite_strings(src, len, &decoded)) {
		src = decoded.ptr;
		len = decoded.len;
	}
	struct value *v = NULL;
	if (check_json(d, path, src, len, first_line) == 0)
		v = yamlload_string(arena, d, path, src, len, first_line);
	buf_free(&decoded);
	return v;
}
