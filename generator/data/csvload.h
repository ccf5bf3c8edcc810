/*
 * csvload: CSV text to a value tree, through libcsv in strict mode.
 *
 *   region,sales,code           the header row names the columns
 *   North,1200,007              -> [{"region": "North", "sales": 1200, "code": "007"},
 *   "South, coast",-3.5,+33 1       {"region": "South, coast", "sales": -3.5, "code": "+33 1"}]
 *
 * The result is a list with a map per row, keyed by the header in its
 * order. An unquoted cell written as JSON writes an integer or a decimal
 * (-?(0|[1-9][0-9]*)(.[0-9]+)?) is a number; every other cell is text,
 * so codes such as 007, +33 1, 1e3 or 1,5 keep their exact spelling, and
 * quoting a cell ("1200") keeps it text. Spaces around unquoted cells are
 * trimmed; an empty cell is "". Blank lines are skipped.
 *
 * Errors, at their line and column: an unterminated quote, a stray quote
 * in a cell, an empty or duplicate header name, a row with more or fewer
 * cells than the header. Every cell carries its position.
 */
#ifndef BRIEF_CSVLOAD_H
#define BRIEF_CSVLOAD_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

/*
 * Loads the CSV text src (len bytes) into arena. path names the source in
 * diagnostics and positions (borrowed). Returns NULL after reporting
 * every error to d.
 */
struct value *csvload_string(struct arena *arena, struct diag *d, const char *path, const char *src,
                             size_t len);

#endif
