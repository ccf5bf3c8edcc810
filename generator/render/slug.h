/*
 * slug: URL- and id-safe names made from titles and headings.
 *
 * "Écosystème des partenaires : 2018" -> "ecosysteme-des-partenaires-2018".
 * ASCII letters are lowercased and digits kept; accented Latin letters
 * (Latin-1 Supplement and Latin Extended-A) fold to ASCII (é -> e,
 * œ -> oe, ß -> ss); other non-ASCII letters (Greek, Cyrillic, CJK...)
 * are kept as UTF-8; combining accents and zero-width characters vanish;
 * every run of anything else (spaces, punctuation, symbols, invalid
 * UTF-8) becomes one '-', never at either end.
 */
#ifndef BRIEF_SLUG_H
#define BRIEF_SLUG_H

#include <stddef.h>

#include "arena.h"

/* The slug of len bytes of UTF-8 text, owned by the arena; "section" when
 * nothing is left. O(len). */
char *slug_make(struct arena *a, const char *text, size_t len);

#endif
