/*
 * frontmatter: splits a page into its YAML front matter and its Markdown
 * body, keeping the line each part starts on so that positions in either
 * point into the original file.
 *
 *   ---            <- line 1: must be the very first line
 *   title: X       <- yaml_line = 2
 *   ---            <- or "..."
 *   # Body         <- body_line
 */
#ifndef BRIEF_FRONTMATTER_H
#define BRIEF_FRONTMATTER_H

#include <stddef.h>

#include "diag.h"

struct frontmatter {
	const char *yaml; /* NULL when the page has no front matter */
	size_t yaml_len;
	unsigned yaml_line;
	const char *body;
	size_t body_len;
	unsigned body_line;
};

/* Points out's fields into src (no copies). Returns -1 after reporting an
 * opening "---" that is never closed. */
int frontmatter_split(struct diag *d, const char *path, const char *src, size_t len,
                      struct frontmatter *out);

#endif
