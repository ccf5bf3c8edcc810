/*
 * fuzz: what every libFuzzer target of tests/fuzz/ shares.
 *
 * Each target is one NAME.c defining LLVMFuzzerTestOneInput(); its seed
 * corpus is corpus/NAME/ and its dictionary NAME.dict. A target must
 * free everything it allocates (LeakSanitizer runs after every input),
 * print nothing (messages go to /dev/null through fuzz_diag()) and stop
 * only where an invariant of the code under test is broken
 * (FUZZ_ASSERT): a report about bad input is not a failure.
 *
 * Targets that need several files read them from one input split at
 * lines "%%" (FUZZ_SEP): "site.yaml text\n%%\npage text\n%%\n...".
 */
#ifndef BRIEF_FUZZ_H
#define BRIEF_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "links.h"
#include "markdown.h"
#include "mustache.h"
#include "value.h"
#include "yamlload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_SEP "\n%%\n"

/* Stops the run with a crash libFuzzer records when cond is false. */
#define FUZZ_ASSERT(cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* A diag whose messages go nowhere; pair with diag_close(). */
static inline void
fuzz_diag(struct diag *d)
{
	static FILE *sink;
	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	diag_init(d, sink);
	d->max_errors = 0;
}

/* The input as a NUL-terminated heap string: free() it. */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* One part of a split input: points into the input, not NUL-terminated. */
struct fuzz_part {
	const char *ptr;
	size_t len;
};

/* Splits data at FUZZ_SEP into n parts (n >= 1); missing ones are
 * empty. Returns how many the input had. */
static inline size_t
fuzz_split(const uint8_t *data, size_t size, struct fuzz_part *parts, size_t n)
{
	const char *p = (const char *)data, *end = p + size;
	size_t seplen = strlen(FUZZ_SEP);
	for (size_t k = 0; k < n; k++)
		parts[k] = (struct fuzz_part){"", 0};
	for (size_t k = 0;; k++) {
		const char *sep = k + 1 < n ? memmem(p, (size_t)(end - p), FUZZ_SEP, seplen) : NULL;
		parts[k].ptr = p;
		parts[k].len = (size_t)((sep ? sep : end) - p);
		if (sep == NULL)
			return k + 1;
		p = sep + seplen;
	}
}

/* A scratch folder for targets that need files, made on first use in
 * /dev/shm (memory: fast, and no disk wear) and removed at exit. */
static char fuzz_dir_path[64];

static inline void
fuzz_dir_remove(void)
{
	struct diag d;
	fuzz_diag(&d);
	fsutil_remove_tree(&d, fuzz_dir_path);
	diag_close(&d);
}

static inline const char *
fuzz_dir(void)
{
	if (fuzz_dir_path[0] == '\0') {
		const char *top = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(fuzz_dir_path, sizeof(fuzz_dir_path), "%s/brief-fuzz-XXXXXX", top);
		if (mkdtemp(fuzz_dir_path) == NULL)
			abort();
		atexit(fuzz_dir_remove);
	}
	return fuzz_dir_path;
}

/* Writes len bytes to rel inside fuzz_dir(), making its folders. */
static inline void
fuzz_put(struct arena *arena, const char *rel, const char *data, size_t len)
{
	struct diag d;
	fuzz_diag(&d);
	if (fsutil_write(&d, fsutil_join(arena, fuzz_dir(), rel), data, len) != 0)
		abort();
	diag_close(&d);
}

/* Data the targets render or chart against, in the arena: names a
 * template or a chart spec the fuzzer writes may find. */
static inline struct value *
fuzz_data(struct arena *arena)
{
	static const char yaml[] =
	    "title: Fuzzing <brief> & \"co\"\n"
	    "site: {title: Brief, base_url: 'https://example.org/', language: en}\n"
	    "page: {title: A page, url: a/index.html, date: 2024-05-01, tags: [x, y],\n"
	    "       toc: [{level: 2, id: one, text: One}], draft: false, weight: 1.5}\n"
	    "list: [1, two, 3.5, null, true, '', [nested], {k: v}]\n"
	    "empty: []\n"
	    "stats:\n"
	    "  - {region: North, revenue: 12.5, code: N1}\n"
	    "  - {region: South, revenue: -3, code: S2}\n"
	    "  - {region: '<b>East</b>', revenue: 1e6, code: E3}\n"
	    "people: {team: [{name: Ann, role: lead}, {name: Bob}]}\n";
	struct diag d;
	fuzz_diag(&d);
	struct value *v = yamlload_string(arena, &d, "data.yaml", yaml, sizeof(yaml) - 1, 1);
	FUZZ_ASSERT(v != NULL);
	diag_close(&d);
	return v;
}

/* The partials and parents a template may name: "item", "base" (a
 * parent with blocks) and "self", the template being rendered. */
struct fuzz_partials {
	const struct mustache *item, *base, *self;
};

static inline void
fuzz_partials_compile(struct arena *arena, struct fuzz_partials *p)
{
	static const char item[] = "<li>{{name}}{{#role}} ({{role}}){{/role}}{{> self}}</li>\n";
	static const char base[] = "<html>{{$head}}<title>{{title}}</title>{{/head}}\n"
	                           "{{$body}}default{{/body}}</html>\n";
	struct diag d;
	fuzz_diag(&d);
	p->item = mustache_compile(arena, &d, "partials/item.mustache", item, sizeof(item) - 1);
	p->base = mustache_compile(arena, &d, "base.mustache", base, sizeof(base) - 1);
	FUZZ_ASSERT(p->item != NULL && p->base != NULL);
	diag_close(&d);
}

static inline const struct mustache *
fuzz_partials_lookup(void *ctx, const char *name, size_t len)
{
	const struct fuzz_partials *p = ctx;
	if (len == 4 && memcmp(name, "item", 4) == 0)
		return p->item;
	if (len == 4 && memcmp(name, "base", 4) == 0)
		return p->base;
	if (len == 4 && memcmp(name, "self", 4) == 0)
		return p->self;
	return NULL;
}

static inline void
fuzz_missing(void *ctx, struct pos at, const char *name, size_t len)
{
	(void)ctx;
	FUZZ_ASSERT(at.line >= 1 && at.col >= 1 && (len == 0 || name != NULL));
}

/* A site of three pages (index.md, a.md, notes/b.md), an image and a
 * draft, for the links a page may write. */
static inline enum links_found
fuzz_source(void *ctx, const char *path, struct links_target *out)
{
	static const struct {
		const char *path, *url;
		long page;
	} known[] = {{"", "index.html", 0},
	             {"index.md", "index.html", 0},
	             {"a.md", "a/index.html", 1},
	             {"notes/", "notes/index.html", 2},
	             {"notes/b.md", "notes/b/index.html", 2},
	             {"img/x.png", "img/x.png", -1}};
	(void)ctx;
	if (strcmp(path, "draft.md") == 0)
		return LINKS_DRAFT;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(path, known[i].path) == 0) {
			*out = (struct links_target){known[i].url, known[i].page};
			return LINKS_FOUND;
		}
	return LINKS_MISSING;
}

static inline enum links_found
fuzz_output(void *ctx, const char *path, struct links_target *out)
{
	(void)ctx;
	if (strcmp(path, "index.html") == 0 || strcmp(path, "a/index.html") == 0 ||
	    strcmp(path, "assets/site.css") == 0) {
		*out = (struct links_target){path, path[0] == 'a' && path[1] == '/' ? 1 : -1};
		return LINKS_FOUND;
	}
	return LINKS_MISSING;
}

static const struct links_resolver fuzz_resolver = {fuzz_source, fuzz_output, NULL};

/* Renders a body as content/notes/b.md, keeping budget bytes of search
 * text; messages go to d. Returns markdown_render()'s result. */
static inline int
fuzz_markdown(struct arena *arena, struct diag *d, const char *body, size_t len,
              const struct markdown_options *opt, struct markdown_page *page)
{
	static bool ready;
	if (!ready) {
		markdown_init();
		ready = true;
	}
	int rc =
	    markdown_render(arena, d, opt, "content/notes/b.md", "notes/", "notes/b/index.html", 4,
	                    body, len, "../../", &fuzz_resolver, page);
	FUZZ_ASSERT(rc == 0 || d->errors > 0);
	FUZZ_ASSERT(page->html != NULL && page->summary != NULL);
	return rc;
}

/* Renders t with data, the partials above (self as "self": may be NULL)
 * and a root, into nothing: a failed render must say why. */
static inline void
fuzz_render(struct arena *arena, struct diag *d, const struct mustache *t,
            const struct mustache *self, const struct value *data)
{
	struct fuzz_partials partials;
	fuzz_partials_compile(arena, &partials);
	partials.self = self;
	struct mustache_env env = {.lookup = fuzz_partials_lookup,
	                           .lookup_ctx = &partials,
	                           .diag = d,
	                           .missing = fuzz_missing,
	                           /* small budgets keep each input fast */
	                           .max_bytes = 1 << 20,
	                           .max_steps = 1 << 20};
	struct buf out = BUF_INIT;
	unsigned errors = d->errors;
	if (mustache_render(t, data, &env, &out) != 0)
		FUZZ_ASSERT(d->errors > errors);
	buf_free(&out);
}

/* Walks a loaded tree whole, aliases and all, as value_to_json() does. */
static inline void
fuzz_walk(const struct value *v)
{
	struct buf json = BUF_INIT;
	value_to_json(v, &json);
	buf_free(&json);
}

#endif
