/*
 * jsonload: JSON text to a value tree, through libyaml.
 *
 * YAML's flow style is a superset of JSON, so libyaml reads JSON; but it
 * also takes much that JSON refuses. A first pass over libyaml's tokens
 * holds the text to JSON's grammar and reports, at their line and column:
 * a trailing comma, a key that is not a double-quoted string, a missing
 * ':' or ',', single quotes, bare words, numbers JSON does not write
 * (01, .5, 0x10, 1e999), YAML escapes (\x41, \e), a string spanning
 * lines, comments, and text after the value. libyaml's own syntax errors
 * come with their position too. The tree is then built by yamlload, so
 * duplicate keys are errors and every node has its position.
 *
 * UTF-16 surrogate pairs ("\ud83d\ude00", as Python's json.dumps writes
 * characters beyond U+FFFF) are decoded before libyaml sees them, as
 * libyaml refuses them one at a time; positions on the rest of the line
 * stay exact. A raw U+0085, U+2028 or U+2029 inside a string, which JSON
 * allows and libyaml reads as a line break, is escaped first.
 */
#ifndef BRIEF_JSONLOAD_H
#define BRIEF_JSONLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

/*
 * Loads the JSON value in src (len bytes) into arena. path names the
 * source in diagnostics and positions (borrowed); first_line is the file
 * line src starts on. Returns NULL after reporting the first error (a
 * syntax error makes what follows meaningless) to d.
 */
struct value *jsonload_string(struct arena *arena, struct diag *d, const char *path,
                              const char *src, size_t len, unsigned first_line);

/* True when the NUL-terminated s (n bytes) is a number as JSON writes it:
 * -?(0|[1-9][0-9]*)(.[0-9]+)?, then ([eE][+-]?[0-9]+)? if exponent. */
bool jsonload_is_number(const char *s, size_t n, bool exponent);

#endif
