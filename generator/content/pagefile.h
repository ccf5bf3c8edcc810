/*
 * pagefile: the Markdown files of content/, read on several threads:
 * front matter (YAML, or JSON as in Hugo) with the fields brief itself
 * reads (title, date, weight, slug, draft, ...), drafts remembered.
 */
#ifndef BRIEF_PAGEFILE_H
#define BRIEF_PAGEFILE_H

#include "scan.h"

/* Reads every queued page file (c->page_files) into c->pages, in file
 * order whatever the number of threads. */
void pagefile_read_all(struct scan *s);

/* What pages made from data items share with page files: */
/* A slug is one URL segment: no '/', no leading '.', not empty. */
bool pagefile_valid_slug(const char *slug);
/* Reads the front matter keys brief itself uses from meta into p. */
void pagefile_read_fields(struct scan *s, struct pagefile_fields *p, struct value *meta,
                          bool *draft);
/* Copies what pagefile_read_fields() found into a page. */
void pagefile_take_fields(struct page *p, const struct pagefile_fields *fields);
/* A draft left out keeps its paths, so that links to it can say why. */
void pagefile_remember_draft(struct scan *s, int lang, const char *key, const char *rel);

#endif
