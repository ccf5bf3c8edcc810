/*
 * sections: every folder holding pages is a section with a page (written
 * or generated); pages made from data lists (pages_from); each section's
 * pages sorted, with prev/next.
 */
#ifndef BRIEF_SECTIONS_H
#define BRIEF_SECTIONS_H

#include "scan.h"

/* Gives every folder holding pages a section, and every section a page. */
void sections_build(struct scan *s);
/* Lists pages and sub-sections in their sections, sorted, with prev/next.
 * Needs the URLs (urls_assign()). */
void sections_order(struct scan *s);

#endif
