#include "frontmatter.h"

#include <stdbool.h>
#include <string.h>

/* True when the line [p, end) is exactly mark, bar trailing blanks and CR. */
static bool
is_fence(const char *p, const char *end, const char *mark)
{
	if ((size_t)(end - p) < 3 || memcmp(p, mark, 3) != 0)
		return false;
	for (p += 3; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

/*
 * JSON front matter from the line at p (line number line), whose first
 * non-blank character is '{': it ends at the matching '}', found as Hugo
 * finds it (braces counted outside double-quoted strings), which must end
 * its line. jsonload checks the JSON itself.
 */
static int
split_json(struct diag *d, const char *path, const char *p, const char *end, unsigned line,
           struct frontmatter *out)
{
	const char *open = p + strspn(p, " \t");
	struct pos at = {path, line, (unsigned)(open - p) + 1};
	int level = 0;
	bool quoted = false;
	const char *q = open;
	for (; q < end; q++) {
		if (*q == '\\' && q + 1 < end)
			q++;
		else if (*q == '"')
			quoted = !quoted;
		else if (!quoted && (*q == '{' || *q == '}'))
			level += *q == '{' ? 1 : -1;
		if (*q == '\n')
			at.line++;
		if (level == 0)
			break;
	}
	if (q >= end) {
		diag_error(d, (struct pos){path, line, at.col},
		           "JSON front matter opened here is never closed (no matching '}')");
		return -1;
	}
	const char *eol = memchr(q, '\n', (size_t)(end - q));
	const char *rest = q + 1 + strspn(q + 1, " \t\r");
	if (rest != (eol ? eol : end)) {
		at.col = 1;
		for (const char *b = rest; b > p && b[-1] != '\n'; b--)
			at.col += ((unsigned char)b[-1] & 0xC0) != 0x80;
		diag_error(d, at, "text after the closing '}' of the JSON front matter");
		return -1;
	}
	*out = (struct frontmatter){p, (size_t)(q + 1 - p), line, eol ? eol + 1 : end,
	                            0, at.line + 1,         true};
	out->body_len = (size_t)(end - out->body);
	return 0;
}

int
frontmatter_split(struct diag *d, const char *path, const char *src, size_t len,
                  struct frontmatter *out)
{
	const char *end = src + len;
	/* A UTF-8 byte order mark is invisible to the writer: skip it. */
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		src += 3;
	*out = (struct frontmatter){NULL, 0, 0, src, (size_t)(end - src), 1, false};
	/* Hugo looks past blank lines for "+++" and "{". */
	const char *first = src;
	unsigned first_line = 1;
	for (const char *p = src; p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n');
	     p++)
		if (*p == '\n') {
			first = p + 1;
			first_line++;
		}
	const char *first_eol = memchr(first, '\n', (size_t)(end - first));
	if (is_fence(first, first_eol ? first_eol : end, "+++")) {
		diag_error(d, (struct pos){path, first_line, 1},
		           "TOML front matter (+++) is not supported: use YAML between --- lines");
		return -1;
	}
	if (first[strspn(first, " \t")] == '{' && first + strspn(first, " \t") < end)
		return split_json(d, path, first, end, first_line, out);
	const char *eol = memchr(src, '\n', (size_t)(end - src));
	if (!is_fence(src, eol ? eol : end, "---"))
		return 0;
	if (eol == NULL) {
		diag_error(d, (struct pos){path, 1, 1},
		           "front matter opened here is never closed (no line '---' after it)");
		return -1;
	}
	const char *yaml = eol + 1;
	unsigned line = 2;
	for (const char *p = yaml; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (is_fence(p, stop, "---") || is_fence(p, stop, "...")) {
			out->yaml = yaml;
			out->yaml_len = (size_t)(p - yaml);
			out->yaml_line = 2;
			out->body = nl ? nl + 1 : end;
			out->body_len = (size_t)(end - out->body);
			out->body_line = line + 1;
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	diag_error(d, (struct pos){path, 1, 1},
	           "front matter opened here is never closed (no line '---' after it)");
	return -1;
}
