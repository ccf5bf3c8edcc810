#include "site.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "datafiles.h"
#include "sink.h"
#include "site_cache.h"

struct site_session {
	struct site_options opt;
	struct site_cache cache;
	struct memsite *last; /* the last site built, or NULL */
	bool failed;          /* the last rebuild failed: files changed since */
};

struct site_session *
site_session_new(const struct site_options *opt)
{
	struct site_session *s = xcalloc(1, sizeof(*s));
	s->opt = *opt;
	s->cache = (struct site_cache){.pages = pagecache_new(),
	                               .markdown = mdcache_new(),
	                               .deps = deps_new(),
	                               .tpl_arena = arena_new()};
	return s;
}

static void
drop_templates(struct site_cache *c)
{
	if (c->templates_valid)
		templates_free(&c->templates);
	c->templates_valid = false;
	arena_free(c->tpl_arena);
	c->tpl_arena = arena_new();
}

void
site_session_free(struct site_session *s)
{
	if (s == NULL)
		return;
	site_cache_drop(&s->cache);
	drop_templates(&s->cache);
	arena_free(s->cache.tpl_arena);
	pagecache_free(s->cache.pages);
	mdcache_free(s->cache.markdown);
	deps_free(s->cache.deps);
	memsite_unref(s->last);
	free(s);
}

/* The part of path below dir ("content/a/b.md" below "content": "a/b.md"),
 * or NULL. */
static const char *
below(const char *path, const char *dir)
{
	size_t len = strlen(dir);
	return !strncmp(path, dir, len) && path[len] == '/' ? path + len + 1 : NULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * What a changed path invalidates. A page file: its cache entry (it may
 * show anywhere, but deps.h tells where). A copied file or asset:
 * nothing kept (it is copied again). Anything else (a template, site.yaml,
 * i18n, data, a folder, a path the session cannot place): the compiled
 * templates, charts' data, and every page's output.
 */
static void
invalidate(struct site_session *s, const char *path)
{
	struct site_cache *c = &s->cache;
	const char *rel = below(path, s->opt.content_dir);
	const char *tpl = below(path, s->opt.templates_dir);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	pagecache_forget(c->pages, path);
	if (rel != NULL && ends_with(rel, ".md"))
		return;
	bool folder = strchr(base, '.') == NULL;
	if (rel != NULL && !folder && !datafiles_is_data(rel))
		return; /* a file copied as it is */
	if (tpl != NULL && !strncmp(tpl, "assets/", 7))
		return;
	if (tpl == NULL || !ends_with(tpl, ".mustache") || folder)
		c->data_gen++;
	drop_templates(c);
	c->render_all = true;
}

/* Before each rebuild: what the changes undo of what the last one kept. */
static void
prepare(struct site_session *s, const char *const *changed, size_t n)
{
	struct site_cache *c = &s->cache;
	pagecache_sweep(c->pages);
	mdcache_sweep(c->markdown);
	c->render_all = n == 0;
	/* Files named by a rebuild that failed changed since s->last too:
	 * then every file is copied again. */
	c->changed = changed;
	c->nchanged = s->failed ? 0 : n;
	if (n == 0) {
		/* Anything may have changed: page files are checked by their
		 * size, mtime and inode; everything else is read again. */
		c->data_gen++;
		drop_templates(c);
	}
	if (!c->templates_valid)
		drop_templates(c);
	for (size_t i = 0; i < n; i++)
		invalidate(s, changed[i]);
}

enum patch { PATCH_NONE, PATCH_BODIES, PATCH_TEMPLATES };

/* Which fast path (site_patch()) the changes may take: every one a page
 * file, or every one a template, after a good rebuild. */
static enum patch
patch_kind(const struct site_session *s, const char *const *changed, size_t n)
{
	bool bodies = n > 0 && !s->failed && s->last != NULL, templates = bodies;
	for (size_t i = 0; i < n; i++) {
		const char *rel = below(changed[i], s->opt.content_dir);
		const char *tpl = below(changed[i], s->opt.templates_dir);
		bodies = bodies && rel != NULL && ends_with(rel, ".md");
		templates = templates && tpl != NULL && ends_with(tpl, ".mustache") &&
		            strncmp(tpl, "assets/", 7) != 0;
	}
	return bodies ? PATCH_BODIES : templates ? PATCH_TEMPLATES : PATCH_NONE;
}

/* Runs a build into a copy of the last site (patch) or a new one (full). */
static int
run(struct site_session *s, struct diag *d, enum patch patch, struct memsite *next,
    struct site_stats *stats)
{
	struct sink mem;
	sink_init_memory(&mem, next, s->last);
	int status = patch != PATCH_NONE
	                 ? site_patch(&s->cache, patch == PATCH_TEMPLATES, &mem, stats)
	                 : site_run(&s->opt, d, &mem, &s->cache, stats);
	sink_abort(&mem, d);
	return status;
}

int
site_session_rebuild(struct site_session *s, struct diag *d, const char *const *changed, size_t n,
                     struct memsite **site, struct site_stats *stats)
{
	enum patch patch = patch_kind(s, changed, n);
	struct memsite *next = NULL;
	int status = -1;
	if (patch != PATCH_NONE) {
		s->cache.changed = changed;
		s->cache.nchanged = n;
		next = memsite_copy(s->last);
		status = run(s, d, patch, next, stats);
	}
	if (status != 0) {
		/* The full rebuild: the kept build borrows from what it undoes. */
		memsite_unref(next);
		site_cache_drop(&s->cache);
		prepare(s, changed, n);
		next = memsite_new();
		status = run(s, d, PATCH_NONE, next, stats);
	}
	s->cache.changed = NULL;
	s->cache.nchanged = 0;
	s->failed = status != 0;
	if (status != 0) {
		memsite_unref(next);
		return -1;
	}
	memsite_unref(s->last);
	s->last = next;
	memsite_ref(next);
	*site = next;
	return 0;
}
