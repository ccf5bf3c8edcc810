/*
 * factcheck: a briefing whose figures contradict their sources must not
 * build.
 *
 * Every map in the data that has both a `value` and a `quote` is an item
 * stating a figure and citing the sentence it comes from. Every number
 * written in the value must occur in the quote, compared without
 * thousands separators ("7,000", "7.000", "7 000" are all 7000; "1,5" and
 * "1.5" are 1.5) and with small numbers written as words counting ("four",
 * "quatre" are 4).
 */
#ifndef BRIEF_FACTCHECK_H
#define BRIEF_FACTCHECK_H

#include "diag.h"
#include "value.h"

/* Checks every item under data. Returns 0, or -1 after reporting each
 * figure missing from its quote at the item's position. */
int factcheck_data(struct diag *d, const struct value *data);

#endif
