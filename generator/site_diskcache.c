/*
 * The build cache of `brief build` (buildcache.h) as a build uses it:
 * the key of everything every page depends on, the plan of which pages
 * keep their output and which Markdown need not render, and the cache
 * written after a good build.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buildcache.h"
#include "deps.h"
#include "fsutil.h"
#include "hash.h"
#include "parallel.h"
#include "scan.h"
#include "scancache.h"
#include "sink.h"
#include "site_build.h"
#include "treestamp.h"

static void
mix(uint64_t *h, const void *bytes, size_t len)
{
	*h = hash_bytes(bytes, len, *h);
}

static void
mix_str(uint64_t *h, const char *s)
{
	mix(h, s ? s : "\1", s ? strlen(s) + 1 : 1);
}

/* Mixes the bytes of file path (a missing file mixes as such). */
static void
mix_file(uint64_t *h, const char *path)
{
	struct diag quiet;
	diag_init_buffered(&quiet);
	size_t len = 0;
	char *bytes = fsutil_read_heap(&quiet, path, &len);
	diag_close(&quiet);
	mix_str(h, bytes != NULL ? "file" : NULL);
	if (bytes != NULL)
		mix(h, bytes, len);
	free(bytes);
}

struct walk {
	uint64_t *h;
};

/* Every file of templates/ but assets/ (copied files, checked one by one). */
static void
mix_template(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct walk *w = ctx;
	if (!strncmp(rel, "assets", 6) && (rel[6] == '\0' || rel[6] == '/'))
		return;
	mix_str(w->h, rel);
	if (!is_dir)
		mix_file(w->h, full);
}

/* The key of everything every page's output depends on; 0 (never
 * valid) when some of it could not be seen. */
static uint64_t
build_key(struct build *b)
{
	uint64_t h = 0;
	bool deep = false;
	/* brief itself: another build of it may render differently. */
	mix_file(&h, "/proc/self/exe");
	const struct site_options *o = b->opt;
	mix(&h, &o->drafts, sizeof(o->drafts));
	mix_str(&h, o->content_dir);
	mix_str(&h, o->templates_dir);
	mix_str(&h, getenv("SOURCE_DATE_EPOCH"));
	mix_str(&h, getenv("TZ"));
	struct diag quiet;
	diag_init_buffered(&quiet);
	struct walk w = {&h};
	struct arena *scratch = arena_new();
	if (fsutil_walk(scratch, &quiet, o->templates_dir, mix_template, &w) != 0)
		deep = true;
	arena_free(scratch);
	diag_close(&quiet);
	const struct content *c = &b->content;
	deps_hash_value(&h, c->site, &deep);
	for (size_t l = 0; l < c->nlangs; l++) {
		mix_str(&h, c->langs[l].code);
		deps_hash_value(&h, c->langs[l].data, &deep);
		deps_hash_value(&h, c->langs[l].i18n, &deep);
	}
	/* Links resolve against every output file. */
	for (size_t i = 0; i < b->nouts; i++)
		mix_str(&h, b->outs[i]);
	return deep || h == 0 ? 0 : h;
}

void
site_diskcache_begin(struct build *b)
{
	buildcache_use(b->bcache, build_key(b));
	b->noisy = arena_alloc(b->arena, (b->content.npages + 1) * sizeof(*b->noisy));
}

const bool *
site_diskcache_plan(void *ctx, const uint64_t *md_key)
{
	struct build *b = ctx;
	/* Feeds and the search index show every page's Markdown. */
	bool md_all = b->search;
	for (size_t l = 0; b->services.feeds != NULL && l < b->content.nlangs; l++)
		md_all = md_all || b->services.feeds[l] != NULL;
	struct buildcache_plan plan;
	buildcache_plan(b->bcache, b->arena, &b->content, md_key, site_markdown_shown(b), md_all,
	                b->jobs, &plan);
	b->kept = plan.kept;
	return plan.skip;
}

/* Pages a thread claims at a time: few enough that the threads finish
 * together, enough that claiming costs nothing. */
#define LINK_CHUNK 256

/* Links kept pages' last output, claiming chunks until none is left. */
static void
link_chunks(struct build *b)
{
	size_t n = b->content.npages;
	for (;;) {
		size_t k = atomic_fetch_add(&b->link_next, LINK_CHUNK);
		if (k >= n)
			return;
		for (size_t i = k; i < n && i < k + LINK_CHUNK; i++)
			if (b->kept[i] && b->layouts[i] != NULL)
				b->linked[i] = sink_keep(b->link_sink, b->content.pages[i].url);
	}
}

static void *
link_kept(void *ctx)
{
	link_chunks(ctx);
	return NULL;
}

static void
help_link(void *ctx, unsigned w, size_t begin, size_t end)
{
	(void)w, (void)begin, (void)end;
	link_chunks(ctx);
}

void
site_diskcache_link_begin(struct build *b, struct sink *sink)
{
	if (b->kept == NULL || !sink_staged(sink))
		return;
	b->linked = arena_alloc(b->arena, (b->content.npages + 1) * sizeof(*b->linked));
	b->link_sink = sink;
	atomic_init(&b->link_next, 0);
	b->linking = pthread_create(&b->linker, NULL, link_kept, b) == 0;
	if (!b->linking)
		b->linked = NULL;
}

void
site_diskcache_link_end(struct build *b, bool finish)
{
	if (!b->linking)
		return;
	if (finish) /* the render threads take what is left */
		parallel_for(b->jobs, b->jobs, help_link, b);
	else
		atomic_store(&b->link_next, b->content.npages);
	if (pthread_join(b->linker, NULL) != 0)
		abort(); /* a joinable thread of ours: cannot fail */
	b->linking = false;
}

void
site_diskcache_save(struct build *b)
{
	size_t n = b->content.npages;
	bool *noisy = arena_alloc(b->arena, (n + 1) * sizeof(*noisy));
	for (size_t i = 0; i < n; i++)
		noisy[i] = b->noisy[i] || b->mdp.md_noisy[i];
	buildcache_save(b->bcache, b->diag, &b->content, b->md_key, noisy, b->md, b->keep.names,
	                b->keep.len);
}

void
site_diskcache_anchors(struct build *b)
{
	/* Only links into pages that rendered are checked: looked up among
	 * those (a handful after an edit), not among every output. */
	struct strmap rendered = {0};
	for (size_t i = 0; i < b->content.npages; i++) {
		const char *url = b->content.pages[i].url;
		if (!buildcache_skipped(b->bcache, i))
			strmap_add(&rendered, url, strlen(url), (long)i);
	}
	for (size_t i = 0; i < b->content.npages; i++) {
		const struct cachefile_anchor *old;
		size_t n = buildcache_anchors(b->bcache, i, &old);
		if (n == 0)
			continue;
		struct markdown_page *md = &b->md[i];
		/* Rendered after all, as another's link target: its own links
		 * to unchanged pages were checked last time too. */
		md->anchors = arena_alloc(b->arena, n * sizeof(*md->anchors));
		md->anchors_len = 0;
		for (size_t k = 0; k < n; k++) {
			/* Into pages that did not render either: checked last time. */
			long t = strmap_cget(&rendered, old[k].url);
			if (t < 0)
				continue;
			struct pos at = {b->content.pages[i].src, (unsigned)old[k].line,
			                 (unsigned)old[k].col};
			md->anchors[md->anchors_len++] = (struct markdown_anchor){t, old[k].id, at};
		}
	}
	strmap_free(&rendered);
}

/* What a build's output depends on besides content/ and templates/: the
 * options, the environment, brief's executable (by its stat); 0 when it
 * cannot be seen. */
static uint64_t
stamp(const struct site_options *o)
{
	struct stat st;
	if (stat("/proc/self/exe", &st) != 0)
		return 0;
	uint64_t h = 1, exe[] = {(uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
	                         (uint64_t)st.st_mtim.tv_nsec, (uint64_t)st.st_ino};
	mix(&h, exe, sizeof(exe));
	bool flags[] = {o->drafts, o->check, o->verbose};
	mix(&h, flags, sizeof(flags));
	mix_str(&h, o->content_dir);
	mix_str(&h, o->templates_dir);
	mix_str(&h, o->output_dir);
	mix_str(&h, getenv("SOURCE_DATE_EPOCH"));
	mix_str(&h, getenv("TZ"));
	return h == 0 ? 1 : h;
}

/* The walk's stat of a page file, for the scan cache (scancache.h). */
static void
seen(void *sc, const char *path, const struct stat *st)
{
	if (scan_ends_with(path, ".md"))
		scancache_seen(sc, path, st);
}

bool
site_diskcache_uptodate(const struct site_options *opt, struct diag *d, struct buildcache *bc)
{
	uint64_t sources = 0;
	int64_t now = (int64_t)time(NULL);
	if (!treestamp_mix_seen(opt->content_dir, now, &sources, seen, buildcache_scancache(bc)) ||
	    !treestamp_mix(opt->templates_dir, now, &sources) || sources == 0)
		sources = 0;
	buildcache_stamp(bc, stamp(opt), sources, opt->jobs ? opt->jobs : parallel_cpus());
	return buildcache_uptodate(bc, d);
}
