/*
 * init: "brief init DIR" writes a small starter site that builds as is,
 * with --strict: site.yaml, the interface words (content/i18n/en.yaml), a
 * home page, a section with two pages, the templates (a base layout
 * shared by inheritance, partials; every optional field in a section, so
 * that a page without a date or a site.yaml with only a title still
 * builds; a language switcher once site.yaml lists languages) and a
 * stylesheet.
 */
#ifndef BRIEF_INIT_H
#define BRIEF_INIT_H

#include "diag.h"

/* Writes the starter site into dir, which must not exist or be empty.
 * Returns 0, or -1 after reporting. */
int init_site(struct diag *d, const char *dir);

#endif
