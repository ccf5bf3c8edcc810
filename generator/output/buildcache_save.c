#include "buildcache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "buildcache_impl.h"
#include "cachefile.h"
#include "deps.h"
#include "scancache.h"
#include "strmap.h"
#include "uptodate.h"

/* Page i's links to ids of other pages: as it rendered them, or as the
 * last cache had them when it did not render. */
static void
page_anchors(const struct buildcache *bc, struct arena *arena, const struct content *c, size_t i,
             const struct markdown_page *md, struct cachefile_page *r)
{
	if (buildcache_skipped(bc, i)) {
		r->nanchors =
		    buildcache_anchors(bc, i, (const struct cachefile_anchor **)&r->anchors);
		return;
	}
	r->anchors = arena_alloc(arena, (md->anchors_len + 1) * sizeof(*r->anchors));
	for (size_t k = 0; k < md->anchors_len; k++) {
		const struct markdown_anchor *a = &md->anchors[k];
		if (a->page >= 0)
			r->anchors[r->nanchors++] = (struct cachefile_anchor){
			    c->pages[a->page].url, a->id, a->pos.line, a->pos.col};
	}
}

/* The cache's page records: each page of c with its output noted. */
static void
page_records(const struct buildcache *bc, struct arena *arena, const struct content *c,
             const uint64_t *md_key, const bool *noisy, const struct markdown_page *md,
             struct cachefile *cf)
{
	cf->pages = arena_alloc(arena, (c->npages + 1) * sizeof(*cf->pages));
	bool *paged = arena_alloc(arena, (bc->nnotes + 1) * sizeof(*paged));
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *p = &c->pages[i];
		long k = strmap_cget(&bc->note_by_rel, p->url);
		if (k < 0)
			continue; /* never written: the next build renders it */
		paged[k] = true;
		bool deep = false;
		struct cachefile_page *r = &cf->pages[cf->npages++];
		if (bc->seen != NULL) /* the plan's: the pages are the same */
			r->seen = bc->seen[i], deep = bc->deep[i];
		else
			r->seen = deps_seen(c, i, &deep);
		r->id = deps_identity(arena, p);
		r->url = p->url;
		r->md = md_key[i];
		r->flags = noisy[i] || deep ? CACHEFILE_NOISY : 0;
		r->out = bc->notes[k].out;
		r->ost = bc->notes[k].ost;
		page_anchors(bc, arena, c, i, &md[i], r);
	}
	cf->files = arena_alloc(arena, (bc->nnotes + 1) * sizeof(*cf->files));
	/* Written files too (services, the search index): the up-to-date
	 * check stats every output file; their source's stat is none. */
	for (size_t k = 0; k < bc->nnotes; k++) {
		const struct note *n = &bc->notes[k];
		if (!paged[k])
			cf->files[cf->nfiles++] = (struct cachefile_file){
			    n->rel, n->size, n->mtime_s, n->mtime_ns, n->ino, n->out, n->ost};
	}
}

/* Not an error: the output is out; the next build renders every page. */
static int
save_failed(struct diag *d, const char *path)
{
	diag_note(d, diag_file(path),
	          "cannot write the build cache: %s (the next build renders every page)",
	          strerror(errno));
	return -1;
}

/* Writes bytes to bc->path (cachefile_write()). */
static int
write_atomically(struct buildcache *bc, struct diag *d, const struct buf *bytes)
{
	struct buf failed = BUF_INIT;
	int status = cachefile_write(bc->dir, bc->path, bytes, &failed);
	if (status != 0)
		save_failed(d, failed.ptr);
	buf_free(&failed);
	return status;
}

/* The scan cache's save, on a thread of its own: it shares nothing with
 * the build cache's records, stats and encoding, which run meanwhile. */
struct scan_save {
	struct scancache *sc;
	int err; /* its errno when it failed, else 0 */
};

static void *
save_scan(void *ctx)
{
	struct scan_save *s = ctx;
	s->err = scancache_save(s->sc) == 0 ? 0 : errno ? errno : EIO;
	return NULL;
}

/* Each output file's folders, on the thread buildcache_stat_dirs()
 * starts: every file written or kept is noted. */
static void *
stat_dirs(void *ctx)
{
	struct buildcache *bc = ctx;
	const char **rels = arena_alloc(bc->dirs_arena, (bc->nnotes + 1) * sizeof(*rels));
	for (size_t k = 0; k < bc->nnotes; k++)
		rels[k] = bc->notes[k].rel;
	uptodate_dirs(bc->dirs_arena, bc->dirs_fd, rels, bc->nnotes, bc->jobs ? bc->jobs : 1,
	              &bc->dirs);
	return NULL;
}

void
buildcache_stat_dirs(struct buildcache *bc, const char *stage)
{
	if (bc->dirs_running || bc->dirs_fd >= 0)
		return;
	bc->dirs_fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bc->dirs_fd < 0)
		return;
	bc->dirs_arena = arena_new();
	bc->dirs_running = pthread_create(&bc->dirs_thread, NULL, stat_dirs, bc) == 0;
}

bool
buildcache_dirs_taken(struct buildcache *bc)
{
	if (bc->dirs_running) {
		if (pthread_join(bc->dirs_thread, NULL) != 0)
			abort(); /* a joinable thread of ours: cannot fail */
		bc->dirs_running = false;
		bc->dirs_taken = true;
	}
	return bc->dirs_taken;
}

void
buildcache_save(struct buildcache *bc, struct diag *d, const struct content *c,
                const uint64_t *md_key, const bool *noisy, const struct markdown_page *md,
                const char **keep, size_t nkeep)
{
	struct scan_save scan = {bc->scan, 0};
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, save_scan, &scan) == 0;
	struct arena *scratch = arena_new();
	struct cachefile cf = {.key = bc->key,
	                       .stamp = bc->stamp,
	                       .sources = bc->sources,
	                       .keep = keep,
	                       .nkeep = nkeep};
	page_records(bc, scratch, c, md_key, noisy, md, &cf);
	bool dirs_taken = buildcache_dirs_taken(bc);
	if (dirs_taken)
		cf.dirs = bc->dirs.dirs, cf.ndirs = bc->dirs.ndirs;
	uptodate_record(scratch, d, bc->output, bc->jobs ? bc->jobs : 1, &cf, dirs_taken);
	struct buf bytes = BUF_INIT;
	cachefile_encode(&cf, &bytes);
	int status = write_atomically(bc, d, &bytes);
	if (!threaded)
		save_scan(&scan);
	else if (pthread_join(thread, NULL) != 0)
		abort(); /* a joinable thread of ours: cannot fail */
	if (status == 0 && scan.err != 0) {
		errno = scan.err;
		save_failed(d, bc->path);
	}
	buf_free(&bytes);
	arena_free(scratch);
}
