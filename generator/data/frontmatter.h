/*
 * frontmatter: splits a page into its YAML front matter and its Markdown
 * body, keeping the line each part starts on so that positions in either
 * point into the original file.
 *
 *   ---            <- line 1: must be the very first line
 *   title: X       <- yaml_line = 2
 *   ---            <- or "..."
 *   # Body         <- body_line
 *
 * A page whose first non-blank character is '{' opens with JSON front
 * matter, as in Hugo: from that line to the matching '}', which must end
 * its line; the body starts on the next line. A page whose first
 * non-blank line is "+++" (TOML, as Hugo and Zola write it) is an error:
 * brief reads no TOML, and must not publish it as text.
 */
#ifndef BRIEF_FRONTMATTER_H
#define BRIEF_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct frontmatter {
	const char *yaml; /* NULL when the page has no front matter */
	size_t yaml_len;
	unsigned yaml_line;
	const char *body;
	size_t body_len;
	unsigned body_line;
	bool json; /* yaml holds JSON front matter, from the start of its line */
};

/* Points out's fields into src (no copies; src[len] must be '\0'). Returns -1 after reporting an
 * opening "---" or "{" that is never closed, or TOML front matter. */
int frontmatter_split(struct diag *d, const char *path, const char *src, size_t len,
                      struct frontmatter *out);

#endif
