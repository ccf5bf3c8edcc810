/*
 * utf8: checking that a file is text.
 *
 * Text here means well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing past U+10FFFF) without NUL bytes: what a page may be made of.
 */
#ifndef BRIEF_UTF8_H
#define BRIEF_UTF8_H

#include <stddef.h>

#include "diag.h"

/* Length of the well-formed sequence at s (n > 0 bytes left): 1 to 4, or
 * 0 when s starts no such sequence (a NUL byte included). */
size_t utf8_length(const char *s, size_t n);

/* Offset of the first byte of s[0..len) that breaks the rule above, or
 * len when there is none. Linear in len. */
size_t utf8_invalid(const char *s, size_t len);

/* Returns 0 when s[0..len) is text; otherwise reports an error at the
 * line and column (in characters) of the first bad byte of path, saying
 * that `what` (such as "templates") must be UTF-8 text, and returns -1. */
int utf8_check(struct diag *d, const char *path, const char *s, size_t len, const char *what);

#endif
