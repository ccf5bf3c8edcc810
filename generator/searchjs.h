/*
 * searchjs: the search script of the starter site (brief init), the same
 * bytes as the briefing's templates/assets/search.js (tests/e2e-search.sh
 * compares them: change both together).
 */
#ifndef BRIEF_SEARCHJS_H
#define BRIEF_SEARCHJS_H

#include "buf.h"

/* Appends the script to out. */
void searchjs_text(struct buf *out);

#endif
