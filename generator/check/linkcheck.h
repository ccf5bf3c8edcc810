/*
 * linkcheck: the link check of `brief check DIR` and `brief build --check`.
 *
 * Reads every .html and .htm file under a folder with a real HTML5 parser
 * (checkpage.h), once, on several threads, then resolves each URL they
 * hold as a browser would (checkurl.h) and reports, at the attribute:
 *
 *   DIR/a/index.html:12:10: error: broken link to 'b.html#x': no id 'x' in 'b.html'
 *
 * for a file missing from the folder, a "../" that climbs out of it, or a
 * fragment naming no id (nor <a name>) on its page ("#" and "#top" need
 * none; fragments into files other than HTML are not checked). A link to
 * a folder is fine when the folder has an index.html. A root-relative
 * link ("/x") is checked against the folder, and is a warning: it breaks
 * from file:// and under a sub-path. External links (http:, https:, //)
 * are counted by host, never fetched; other schemes (mailto:, tel:,
 * javascript:, data:) are left alone. Names starting with '.' are not
 * part of the site (they are never read).
 */
#ifndef BRIEF_LINKCHECK_H
#define BRIEF_LINKCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"

struct linkcheck_options {
	const char *dir;   /* the folder to read */
	const char *shown; /* how messages name it; NULL: as dir (build --check
	                      reads the staging folder, names the output) */
	unsigned jobs;     /* threads parsing pages; 0: one per CPU */
	/* When not NULL: where the page at a site path was made from (false:
	 * not known); a note there follows each message about the page. */
	bool (*origin)(void *ctx, const char *path, struct pos *at);
	void *origin_ctx;
};

struct linkcheck_host {
	const char *host; /* lowercase, no port; owned by the caller's arena */
	size_t count;     /* links to it */
};

struct linkcheck_report {
	size_t pages;                 /* HTML files read */
	size_t links;                 /* links into the site checked */
	size_t broken;                /* of them, reported as errors */
	struct linkcheck_host *hosts; /* external links by host, sorted by host */
	size_t nhosts;
};

/* Checks the folder o->dir, reporting to d. Returns 0 when no link was
 * broken and every file could be read, else -1. The report's strings
 * live in arena. */
int linkcheck_site(struct arena *arena, struct diag *d, const struct linkcheck_options *o,
                   struct linkcheck_report *r);

/* Prints the external links of r by host ("  example.com 3"), after a
 * heading line; nothing when there are none. */
void linkcheck_print_hosts(FILE *out, const struct linkcheck_report *r);

#endif
