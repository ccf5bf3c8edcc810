/*
 * content: the content/ folder as pages, sections, data and files, in
 * one or more languages.
 *
 * content_scan() reads everything once: front matter of every page,
 * every data file, the list of files to copy. It then gives each page its
 * URL, puts pages into sections, makes the pages a section asks for from
 * a data list, sorts them and links prev/next. Pages and sections refer
 * to each other by index, never by pointer.
 *
 * Languages: site.yaml may list them (the first is the default, at the
 * site root; the others under "CODE/"). "name.CODE.md" is the CODE
 * translation of "name.md", "facts.CODE.yaml" the CODE version of
 * "facts.yaml", and content/i18n/CODE.yaml the strings of CODE.
 *
 * Sort order everywhere: weight ascending (pages without a weight after
 * those with one), then date newest first (undated last), then title,
 * then source path.
 */
#ifndef BRIEF_CONTENT_H
#define BRIEF_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "datafiles.h"
#include "diag.h"
#include "strmap.h"
#include "value.h"

/* PAGE_404: content/404.md (and its translations), the page servers show
 * for a missing URL: written as 404.html, listed nowhere. PAGE_TAGS and
 * PAGE_TAG: the generated tags/ and tags/SLUG/ pages (tags.h). */
enum page_kind { PAGE_HOME, PAGE_SECTION, PAGE_REGULAR, PAGE_404, PAGE_TAGS, PAGE_TAG };

struct page {
	enum page_kind kind;
	int lang;           /* index into content.langs */
	const char *src;    /* for diagnostics: "content/programs/csp.md" */
	struct pos pos;     /* where to point at the page as a whole */
	const char *rel;    /* the file inside content/; NULL when generated */
	const char *key;    /* the same for all translations: "programs/csp.md" */
	const char *dir;    /* its folder inside content/: "" or "programs/" */
	const char *slug;   /* a data page's name in its URL; NULL otherwise */
	const char *url;    /* from the site root: "fr/programs/csp/index.html" */
	const char *root;   /* from the page to the site root: "", "../", "../../" */
	struct value *meta; /* front matter (or data item): a map */
	const char *title;
	double weight;            /* with has_weight */
	const struct value *date; /* a VALUE_DATE, or NULL */
	const char *layout;       /* NULL: the default for its kind */
	struct pos layout_pos;
	char *source;     /* the file, on the heap until its Markdown is rendered */
	const char *body; /* inside source; NULL: to read again (hold_bytes) */
	size_t body_len;
	unsigned body_line; /* 0: unknown, as its front matter is never closed */
	bool failed;        /* its front matter had errors */
	bool source_cached; /* source belongs to a page cache: never freed here */
	/* Beside the flags above, not their fields: a bool before a pointer
	 * costs 8 bytes, 16 MB a million pages. */
	bool has_weight;
	bool has_toc;       /* filled later: two headings or more */
	uint64_t body_hash; /* with a page cache: hash_bytes() of the body */
	uint64_t head_hash; /* with a page cache: the same of what precedes it */
	long section;       /* the section listing it; -1 for a home page */
	long own_section;   /* home and section pages: the section they head */
	long prev, next;    /* neighbours in its section's order, or -1 */
	long *tags;         /* its tags (content.tags); a tags/ page: every tag shown */
	size_t ntags, tags_cap;
	/* Filled by later phases. */
	const char *html;
	const char *summary;
	struct value *toc; /* only when a template mentions toc */
	struct value *v;   /* the page as templates see it (pagevalue.h) */
};

struct section {
	int lang;
	const char *dir; /* "programs/"; "" for the root */
	long page;       /* its section page (the home page for the root) */
	long parent;     /* -1 for a root */
	long *pages;     /* regular pages, sorted */
	size_t npages, pages_cap;
	long *children; /* sub-sections' pages, sorted */
	size_t nchildren, children_cap;
};

/* One tag of one language: every spelling that folds to slug. */
struct content_tag {
	int lang;
	const char *name; /* its first spelling, in page order */
	const char *slug; /* slug.h: accents folded */
	struct pos pos;   /* where name is written */
	long page;        /* its tags/SLUG/ page, or -1 */
	long *pages;      /* the pages carrying it, sorted */
	size_t npages, pages_cap;
};

struct content_file {
	const char *src; /* "content/img/a.png" */
	const char *rel; /* "img/a.png": also its place in output/ */
};

struct content_lang {
	const char *code;   /* "en" */
	const char *name;   /* "English" */
	const char *prefix; /* "" for the default language, else "fr/" */
	struct value *data; /* data.* as this language sees it */
	struct value *i18n; /* content/i18n/CODE.yaml, or an empty map */
	long home;          /* its home page, or -1 when it has no page */
};

struct pagecache;

struct content_options {
	bool drafts;             /* keep pages with draft: true */
	bool tag_pages;          /* make tags/ pages (the templates have the layouts) */
	unsigned jobs;           /* threads reading page files (0 or 1: this one) */
	struct pagecache *cache; /* page files kept between rebuilds, or NULL */
	/* Without a cache: page sources held after the scan, about this many
	 * bytes in all, and none on a site of over 20,000 page files; the
	 * bodies of the others (page.body NULL) are read again when their
	 * Markdown renders. 0: hold all. */
	size_t hold_bytes;
	struct scancache *scan; /* brief build's scan cache (scancache.h), or NULL */
};

struct content {
	const char *dir;            /* "content" */
	struct value *site;         /* site.yaml, a map */
	struct content_lang *langs; /* [0] is the default language */
	size_t nlangs;
	struct page *pages;
	size_t npages, pages_cap;
	struct section *sections;
	size_t nsections, sections_cap;
	struct content_file *files;
	size_t nfiles, files_cap;
	struct content_tag *tags; /* by language, then first use */
	size_t ntags, tags_cap;
	struct strmap page_by_path;   /* prefix + key, and prefix + rel -> page */
	struct strmap section_by_dir; /* prefix + dir ("fr/programs/") -> section */
	struct strmap file_by_path;   /* "img/a.png" -> file */
	struct strmap draft_by_path;  /* pages left out as drafts, keyed as page_by_path */
	struct strmap tag_by_slug;    /* prefix + slug ("fr/ete") -> tag */
	/* Each page's place in the sort order and the reverse, for the first
	 * nranked pages; NULL when not strict (pagesort.h). */
	long *rank, *by_rank;
	size_t nranked;
	/* Private to the scan. */
	struct datafiles_file *data_files;
	size_t ndata_files, data_files_cap;
	struct page_file *page_files; /* heap, until the pages are made */
	size_t npage_files, page_files_cap;
	struct arena **scan_arenas; /* the reading threads' values */
	size_t nscan_arenas;
};

/*
 * Scans dir into c, everything allocated in arena. Returns 0, or -1 after
 * reporting every problem found. Even then every page that could be read
 * has its URL and section (a page with bad front matter too), so links
 * can be checked, unless c->nlangs is 0: site.yaml could not be read.
 * Pair with content_free() (which frees the hash tables, not the arena).
 */
int content_scan(struct arena *arena, struct diag *d, const char *dir,
                 const struct content_options *opt, struct content *c);
void content_free(struct content *c);

/* Frees page i's source file once its body is rendered: the largest part
 * of a big site's memory. Its body is gone afterwards. */
void content_release_source(struct content *c, long i);

/* Sorts n page indices into the documented order. */
void content_sort(const struct content *c, long *pages, size_t n);

/*
 * The page a content path names for language lang: "programs/csp.md"
 * (its lang translation if there is one, else the default language's),
 * "programs/csp.fr.md", or a folder ("programs", "programs/", "" for the
 * home page) for its section page. -1 when there is none.
 */
long content_find_page(const struct content *c, int lang, const char *path);

/* True when path names a page left out as a draft (built without drafts),
 * in lang or, failing that, in the default language, as content_find_page()
 * reads it: links to it can say so. */
bool content_is_draft(const struct content *c, int lang, const char *path);

#endif
