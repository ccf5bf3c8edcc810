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

int
frontmatter_split(struct diag *d, const char *path, const char *src, size_t len,
                  struct frontmatter *out)
{
	const char *end = src + len;
	/* A UTF-8 byte order mark is invisible to the writer: skip it. */
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		src += 3;
	*out = (struct frontmatter){NULL, 0, 0, src, (size_t)(end - src), 1};
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
