/*
 * mdwire: everything that crosses the process boundary, in one place.
 *
 * The Markdown phase renders pages in worker processes (procpool.h),
 * because cmark-gfm is not thread-safe. A worker hands back one page
 * record per page, in order, then one record of the diagnostics it
 * reported; the parent reads them back in the same order. The records are
 * made of wire.h's primitives. Pointers travel only where they point at
 * memory made before the fork (source paths), which both processes share
 * at the same address.
 */
#ifndef BRIEF_MDWIRE_H
#define BRIEF_MDWIRE_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "wire.h"

/* Appends a rendered page, and whether rendering it reported nothing. */
void mdwire_put_page(struct buf *out, const struct markdown_page *page, bool quiet);

/* Reads a page record into page, its strings and arrays copied into arena;
 * returns quiet. A record cut short or with impossible counts sets
 * in->bad and leaves page partly filled (every pointer NULL or valid). */
bool mdwire_get_page(struct wire *in, struct arena *arena, struct markdown_page *page);

/* Appends the reports of the buffered diag from, in order, and empties it. */
void mdwire_put_diag(struct buf *out, struct diag *from);

/* Reports to `to` what mdwire_put_diag() wrote, as the worker reported it. */
void mdwire_get_diag(struct wire *in, struct diag *to);

#endif
