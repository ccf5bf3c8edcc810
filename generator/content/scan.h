/*
 * scan: the state one scan of content/ carries, and the small helpers the
 * content modules share (pagefile, sections, urls, content). Private to
 * generator/content/: other stages use content.h.
 */
#ifndef BRIEF_SCAN_H
#define BRIEF_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "content.h"
#include "frontmatter.h"

struct scan {
	struct arena *arena;
	struct diag *diag;
	const struct content_options *opt;
	struct content *c;
	int status;
	bool data_failed; /* a data file could not be read: lists may be missing */
};

/* The front matter fields brief reads itself (pagefile.h), as struct page
 * has them: not a whole page per file queued. */
struct pagefile_fields {
	const char *title;
	bool has_weight;
	double weight;
	const struct value *date;
	const char *layout;
	struct pos layout_pos;
};

/* A page file, read and parsed by one of the workers of read_pages(). */
struct page_file {
	const char *rel, *full;
	char *src; /* heap: the page takes it over */
	struct frontmatter fm;
	struct value *meta;
	struct pagefile_fields fields;
	bool draft, ok;
	bool reread; /* its source let go: the body is read again to render */
	/* With a page cache (content_options.cache): */
	bool quiet;          /* read without any message */
	bool kept;           /* the cache owns src and the values */
	uint64_t body_hash;  /* hash_bytes() of the body */
	uint64_t head_hash;  /* and of the front matter before it */
	struct arena *arena; /* the scan arena that read it */
};

bool scan_ends_with(const char *s, const char *suffix);
/* The folder part of rel, with its slash: "a/b.md" -> "a/", "b.md" -> "". */
char *scan_dir_of(struct arena *arena, const char *rel);
/* The last component of rel. */
const char *scan_base_of(const char *rel);
/* "key-figures" -> "Key figures": a readable title for a bare name. */
char *scan_title_from_name(struct arena *arena, const char *name, size_t len);
/* An error at v's position; marks the scan failed. msg has one %s: key. */
void scan_error_at(struct scan *s, const struct value *v, const char *msg, const char *key);
/* A new page at the end of the content's pages, zeroed but for -1 links. */
struct page *scan_new_page(struct scan *s);
/* The language of rel ("a.fr.md" -> fr's index) and its key without the
 * language ("a.md"); an unknown language code is an error. */
int scan_split_lang(struct scan *s, const char *rel, const char *ext, const char **key);
void scan_push_index(struct arena *arena, long **items, size_t *len, size_t *cap, long v);

#endif
