/*
 * content: the content/ folder as pages, sections, data and files.
 *
 * content_scan() reads everything once: front matter of every page,
 * every data file, the list of files to copy. It then gives each page its
 * URL, puts pages into sections, sorts them and links prev/next. Pages and
 * sections refer to each other by index, never by pointer.
 *
 * Sort order everywhere: weight ascending (pages without a weight after
 * those with one), then date newest first (undated last), then title,
 * then source path.
 */
#ifndef BRIEF_CONTENT_H
#define BRIEF_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "strmap.h"
#include "value.h"

enum page_kind { PAGE_HOME, PAGE_SECTION, PAGE_REGULAR };

struct page {
	enum page_kind kind;
	const char *src;       /* for diagnostics: "content/programs/csp.md" */
	const char *rel;       /* inside content/; NULL for a generated section page */
	const char *dir;       /* its folder inside content/: "" or "programs/" */
	const char *url;       /* from the site root: "programs/csp/index.html" */
	const char *root;      /* from the page to the site root: "", "../", "../../" */
	struct value *meta;    /* front matter: a map, empty when there is none */
	const char *title;
	bool has_weight;
	double weight;
	const struct value *date; /* a VALUE_DATE, or NULL */
	const char *layout;    /* NULL: the default for its kind */
	struct pos layout_pos;
	const char *body;
	size_t body_len;
	unsigned body_line;
	long section;          /* the section listing it; -1 for the home page */
	long own_section;      /* home and section pages: the section they head */
	long prev, next;       /* neighbours in its section's order, or -1 */
	/* Filled by later phases. */
	const char *html;
	const char *summary;
	struct value *toc;
	struct value *v;       /* the page as templates see it */
};

struct section {
	const char *dir;       /* "programs/"; "" for the root */
	long page;             /* its section page (the home page for the root) */
	long parent;           /* -1 for the root */
	long *pages;           /* regular pages, sorted */
	size_t npages, pages_cap;
	long *children;        /* sub-sections, sorted by their pages */
	size_t nchildren, children_cap;
};

struct content_file {
	const char *src;       /* "content/img/a.png" */
	const char *rel;       /* "img/a.png": also its place in output/ */
};

struct content_options {
	bool drafts;           /* keep pages with draft: true */
};

struct content {
	const char *dir;       /* "content" */
	struct value *site;    /* site.yaml, a map */
	struct value *data;    /* every data file, by path: data.people.team */
	struct page *pages;
	size_t npages, pages_cap;
	struct section *sections;
	size_t nsections, sections_cap;
	struct content_file *files;
	size_t nfiles, files_cap;
	struct strmap page_by_path; /* "programs/csp.md" -> page */
	struct strmap section_by_dir; /* "programs/" -> section */
	struct strmap file_by_path;   /* "img/a.png" -> file */
};

/*
 * Scans dir into c, everything allocated in arena. Returns 0, or -1 after
 * reporting every problem found (the content is then unusable).
 * Pair with content_free() (which frees the hash tables, not the arena).
 */
int content_scan(struct arena *arena, struct diag *d, const char *dir,
                 const struct content_options *opt, struct content *c);
void content_free(struct content *c);

/* Sorts n page indices into the documented order. */
void content_sort(const struct content *c, long *pages, size_t n);

/* The section page for a folder path inside content/ ("programs",
 * "programs/" or ""), or -1. */
long content_section_page(const struct content *c, const char *dir);

#endif
