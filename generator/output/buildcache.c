#include "buildcache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "buildcache_impl.h"
#include "cachefile.h"
#include "deps.h"
#include "fsutil.h"
#include "hash.h"
#include "interrupt.h"
#include "outdir.h"
#include "parallel.h"
#include "scancache.h"
#include "strmap.h"
#include "uptodate.h"

/* Reads the cache file with one mmap: false when it is not sound. */
static bool
load(struct buildcache *bc)
{
	int fd = open(bc->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	struct stat st;
	bool ok = false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		size_t len = (size_t)st.st_size;
		void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			ok = cachefile_decode(map, len, bc->arena, &bc->old);
			munmap(map, len);
		}
	}
	close(fd);
	return ok;
}

/* A deps (deps.h) of the pages the cache recorded. */
static struct deps *
old_deps(const struct buildcache *bc)
{
	struct deps *dp = deps_new();
	for (size_t i = 0; i < bc->old.npages; i++) {
		const struct cachefile_page *p = &bc->old.pages[i];
		deps_add(dp, p->id, p->seen, p->md, (p->flags & CACHEFILE_NOISY) != 0);
	}
	return dp;
}

/* The cache file and its indexes, on the loader thread. */
static void *
load_all(void *ctx)
{
	struct buildcache *bc = ctx;
	if (!load(bc))
		memset(&bc->old, 0, sizeof(bc->old));
	for (size_t i = 0; i < bc->old.npages; i++) {
		const char *url = bc->old.pages[i].url;
		strmap_add(&bc->page_by_url, url, strlen(url), (long)i);
	}
	for (size_t i = 0; i < bc->old.nfiles; i++) {
		const char *rel = bc->old.files[i].rel;
		strmap_add(&bc->file_by_rel, rel, strlen(rel), (long)i);
	}
	/* What the plan compares the scan's pages with, made meanwhile. */
	bc->old_deps = old_deps(bc);
	return NULL;
}

void
buildcache_loaded(struct buildcache *bc)
{
	if (!bc->loading)
		return;
	if (pthread_join(bc->loader, NULL) != 0)
		abort(); /* a joinable thread of ours: cannot fail */
	bc->loading = false;
}

struct buildcache *
buildcache_open(const char *output)
{
	struct buildcache *bc = xcalloc(1, sizeof(*bc));
	struct buf parent = BUF_INIT, base = BUF_INIT, path = BUF_INIT;
	fsutil_split(output, &parent, &base);
	bc->output = output;
	buf_printf(&path, "%s/.brief-cache", parent.ptr);
	bc->dir = buf_detach(&path);
	buf_printf(&path, "%s/%s", bc->dir, base.ptr);
	bc->path = buf_detach(&path);
	buf_printf(&path, "%s/trash", bc->dir);
	bc->trash = buf_detach(&path);
	buf_printf(&path, "%s.scan", bc->path);
	bc->scan = scancache_open(path.ptr);
	buf_free(&path);
	buf_free(&parent);
	buf_free(&base);
	bc->arena = arena_new();
	bc->old_fd = bc->stage_fd = bc->ahead_fd = bc->dirs_fd = -1;
	pthread_mutex_init(&bc->lock, NULL);
	/* The arena and the maps are the loader's until buildcache_loaded(). */
	bc->loading = pthread_create(&bc->loader, NULL, load_all, bc) == 0;
	if (!bc->loading)
		load_all(bc);
	return bc;
}

void
buildcache_free(struct buildcache *bc)
{
	if (bc == NULL)
		return;
	buildcache_loaded(bc);
	buildcache_stop(bc);
	if (bc->ahead_fd >= 0)
		close(bc->ahead_fd);
	if (bc->dirs_fd >= 0)
		close(bc->dirs_fd);
	if (bc->dirs_arena != NULL)
		arena_free(bc->dirs_arena);
	strmap_free(&bc->page_by_url);
	strmap_free(&bc->file_by_rel);
	strmap_free(&bc->note_by_rel);
	pthread_mutex_destroy(&bc->lock);
	if (bc->old_fd >= 0)
		close(bc->old_fd);
	if (bc->stage_fd >= 0)
		close(bc->stage_fd);
	arena_free(bc->arena);
	free(bc->notes);
	free(bc->seen);
	free(bc->page_now);
	free(bc->page_ok);
	deps_free(bc->old_deps);
	free(bc->file_now);
	free(bc->deep);
	free(bc->dir);
	free(bc->path);
	free(bc->trash);
	scancache_free(bc->scan);
	free(bc);
}

const char *
buildcache_trash(const struct buildcache *bc)
{
	return bc->trash;
}

struct scancache *
buildcache_scancache(struct buildcache *bc)
{
	return bc->scan;
}

void
buildcache_use(struct buildcache *bc, uint64_t key)
{
	buildcache_loaded(bc);
	bc->key = key;
	bc->valid = bc->old.npages > 0 && bc->old.key == key;
}

bool
buildcache_valid(const struct buildcache *bc)
{
	return bc->valid;
}

void
buildcache_stamp(struct buildcache *bc, uint64_t stamp, uint64_t sources, unsigned jobs)
{
	bc->stamp = stamp;
	bc->sources = sources;
	bc->jobs = jobs;
}

bool
buildcache_uptodate(struct buildcache *bc, struct diag *d)
{
	buildcache_loaded(bc);
	const struct cachefile *old = &bc->old;
	if (old->npages == 0 || bc->stamp == 0 || old->stamp != bc->stamp || bc->sources == 0 ||
	    old->sources != bc->sources || !uptodate_check(old, bc->output, bc->jobs) ||
	    outdir_stale_left(bc->output)) /* a build removes it */
		return false;
	uptodate_replay(old, d);
	return true;
}

/* The pages that plan to keep their output, checked on threads. */
struct verify {
	struct buildcache *bc;
	const struct content *c;
	const long *rec; /* per page: its record in bc->old */
	bool *kept;
	int at; /* the output folder, open (-1: none, nothing is as recorded) */
};

static void
verify_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	(void)w;
	struct verify *v = ctx;
	for (size_t i = begin; i < end; i++) {
		if (!v->kept[i])
			continue;
		long k = v->rec[i];
		const struct cachefile_page *r = k >= 0 ? &v->bc->old.pages[k] : NULL;
		if (r == NULL)
			v->kept[i] = false;
		else if (v->bc->pages_checked) /* ahead of the plan */
			v->kept[i] = v->bc->page_ok[k];
		else
			v->kept[i] = cachefile_as_recorded(v->at, v->c->pages[i].url, &r->ost,
			                                   r->out, &v->bc->page_now[k]);
	}
}

struct seen_ctx {
	struct buildcache *bc;
	const struct content *c;
};

static void
seen_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	(void)w;
	struct seen_ctx *s = ctx;
	for (size_t i = begin; i < end; i++)
		s->bc->seen[i] = deps_seen(s->c, i, &s->bc->deep[i]);
}

/* Every page's deps_seen(), on jobs threads: the plan and the save use
 * it (it hashes each page's front matter). */
static void
seen_all(struct buildcache *bc, const struct content *c, unsigned jobs)
{
	bc->seen = xcalloc(c->npages + 1, sizeof(*bc->seen));
	bc->deep = xcalloc(c->npages + 1, sizeof(*bc->deep));
	struct seen_ctx s = {bc, c};
	parallel_for(c->npages, jobs, seen_slice, &s);
}

void
buildcache_plan(struct buildcache *bc, struct arena *arena, const struct content *c,
                const uint64_t *md_key, bool md_shown, bool md_all, unsigned jobs,
                struct buildcache_plan *plan)
{
	*plan = (struct buildcache_plan){0};
	/* Its checks are the plan's; and the Markdown workers, forked next,
	 * need a process of one thread. */
	buildcache_stop(bc);
	if (!bc->valid)
		return;
	struct deps *dp = bc->old_deps;
	bc->old_deps = NULL;
	bool *fresh = arena_alloc(arena, (c->npages + 1) * sizeof(*fresh));
	seen_all(bc, c, jobs);
	bool *kept = deps_plan_seen(dp, arena, c, md_key, fresh, md_shown, bc->seen, bc->deep);
	deps_free(dp);
	if (kept == NULL)
		return;
	long *rec = arena_alloc(arena, (c->npages + 1) * sizeof(*rec));
	/* The record at i first: pages keep their order from build to build,
	 * and a saved build had no two pages of one URL (an error). */
	for (size_t i = 0; i < c->npages; i++)
		rec[i] = i < bc->old.npages && strcmp(bc->old.pages[i].url, c->pages[i].url) == 0
		             ? (long)i
		             : strmap_cget(&bc->page_by_url, c->pages[i].url);
	if (bc->page_now == NULL)
		bc->page_now = xcalloc(bc->old.npages + 1, sizeof(*bc->page_now));
	struct verify v = {bc, c, rec, kept, open(bc->output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
	parallel_for(c->npages, jobs, verify_slice, &v);
	if (v.at >= 0)
		close(v.at);
	plan->kept = kept;
	bc->rec = rec;
	bool all_kept = true;
	for (size_t i = 0; i < c->npages; i++)
		all_kept = all_kept && kept[i];
	/* A page that renders may show any other's Markdown. */
	if (md_all || (md_shown && !all_kept))
		return;
	/* Links between two pages left unrendered were checked last time. */
	bc->skip = plan->skip = kept;
}

bool
buildcache_skipped(const struct buildcache *bc, size_t i)
{
	return bc->skip != NULL && bc->skip[i];
}

size_t
buildcache_anchors(const struct buildcache *bc, size_t i, const struct cachefile_anchor **out)
{
	if (!buildcache_skipped(bc, i) || bc->rec[i] < 0)
		return 0;
	*out = bc->old.pages[bc->rec[i]].anchors;
	return bc->old.pages[bc->rec[i]].nanchors;
}

/* The previous output's path of rel, in path. */
static void
old_path(const struct buildcache *bc, const char *rel, struct buf *path)
{
	buf_clear(path);
	buf_printf(path, "%s/%s", bc->output, rel);
}

bool
buildcache_file_unchanged(struct buildcache *bc, const char *rel, const char *src)
{
	long k = bc->valid ? strmap_cget(&bc->file_by_rel, rel) : -1;
	struct stat st;
	if (k < 0 || stat(src, &st) != 0)
		return false;
	const struct cachefile_file *f = &bc->old.files[k];
	if (f->size != (uint64_t)st.st_size || f->mtime_s != (uint64_t)st.st_mtim.tv_sec ||
	    f->mtime_ns != (uint64_t)st.st_mtim.tv_nsec || f->ino != (uint64_t)st.st_ino)
		return false;
	struct buf path = BUF_INIT;
	old_path(bc, rel, &path);
	if (bc->file_now == NULL)
		bc->file_now = xcalloc(bc->old.nfiles + 1, sizeof(*bc->file_now));
	bool same = cachefile_as_recorded(AT_FDCWD, path.ptr, &f->ost, f->out, &bc->file_now[k]);
	buf_free(&path);
	return same;
}

/* Adds (or replaces) the note of rel; with bc->lock held. */
static void
add_note(struct buildcache *bc, const struct note *n)
{
	long k = strmap_cget(&bc->note_by_rel, n->rel);
	if (k >= 0) {
		bc->notes[k] = *n;
		return;
	}
	if (bc->nnotes == bc->notes_cap) {
		if (bc->notes_cap > SIZE_MAX / 4 / sizeof(*bc->notes))
			abort(); /* as the x* allocators do when memory runs out */
		bc->notes_cap = bc->notes_cap ? bc->notes_cap * 2 : 256;
		bc->notes = xrealloc(bc->notes, bc->notes_cap * sizeof(*bc->notes));
	}
	struct note *m = &bc->notes[bc->nnotes];
	*m = *n;
	m->rel = arena_strdup(bc->arena, n->rel);
	strmap_add(&bc->note_by_rel, m->rel, strlen(m->rel), (long)bc->nnotes++);
}

static void
note(struct buildcache *bc, const struct note *n)
{
	pthread_mutex_lock(&bc->lock);
	if (cachefile_stat_racy(&n->ost, bc->newest.mtime_s, bc->newest.mtime_ns))
		bc->newest = n->ost;
	add_note(bc, n);
	pthread_mutex_unlock(&bc->lock);
}

/* Opens the previous output and stage once, for linkat(2); false when
 * either cannot be (links then go by full paths). */
static bool
open_roots(struct buildcache *bc, const char *stage)
{
	pthread_mutex_lock(&bc->lock);
	if (!bc->roots_tried) {
		bc->roots_tried = true;
		bc->old_fd = open(bc->output, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		bc->stage_fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	bool ok = bc->old_fd >= 0 && bc->stage_fd >= 0;
	pthread_mutex_unlock(&bc->lock);
	return ok;
}

/* link(2), else a copy (another file system, no hard links there). The
 * link first: its folder is most often there (buildcache_ahead()). */
static bool
link_or_copy(struct buildcache *bc, const char *rel, const char *stage)
{
	if (interrupt_pending())
		return false; /* the build unwinds: link nothing more */
	struct diag quiet;
	diag_init_buffered(&quiet);
	bool ok = open_roots(bc, stage) &&
	          (linkat(bc->old_fd, rel, bc->stage_fd, rel, 0) == 0 ||
	           (errno == ENOENT && fsutil_make_parents_at(&quiet, bc->stage_fd, rel) == 0 &&
	            linkat(bc->old_fd, rel, bc->stage_fd, rel, 0) == 0));
	if (!ok) {
		struct buf from = BUF_INIT, to = BUF_INIT;
		old_path(bc, rel, &from);
		buf_printf(&to, "%s/%s", stage, rel);
		ok = (fsutil_make_parents(&quiet, to.ptr) == 0 && link(from.ptr, to.ptr) == 0) ||
		     fsutil_copy(&quiet, from.ptr, to.ptr) == 0;
		buf_free(&from);
		buf_free(&to);
	}
	diag_close(&quiet);
	return ok;
}

bool
buildcache_keep(struct buildcache *bc, const char *rel, const char *stage)
{
	long page = strmap_cget(&bc->page_by_url, rel), file = strmap_cget(&bc->file_by_rel, rel);
	bool ok = (page >= 0 || file >= 0) && link_or_copy(bc, rel, stage);
	/* A link keeps the size, mtime and inode the check saw. */
	struct cachefile_stat ost = {0};
	if (file >= 0 && bc->file_now != NULL)
		ost = bc->file_now[file];
	else if (file < 0 && page >= 0 && bc->page_now != NULL)
		ost = bc->page_now[page];
	if (ok && ost.ino == 0) {
		struct buf to = BUF_INIT;
		buf_printf(&to, "%s/%s", stage, rel);
		cachefile_stat_of(to.ptr, &ost);
		buf_free(&to);
	}
	if (!ok) {
		pthread_mutex_lock(&bc->lock);
		bc->failed = bc->failed ? bc->failed : arena_strdup(bc->arena, rel);
		pthread_mutex_unlock(&bc->lock);
		return false;
	}
	struct note n = {.rel = rel};
	if (file >= 0) {
		const struct cachefile_file *f = &bc->old.files[file];
		n = (struct note){rel, f->out, f->size, f->mtime_s, f->mtime_ns, f->ino, ost};
	} else {
		n.out = bc->old.pages[page].out;
		n.ost = ost;
	}
	note(bc, &n);
	return true;
}

void
buildcache_note(struct buildcache *bc, const char *rel, const char *staged, const char *bytes,
                size_t len)
{
	struct note n = {.rel = rel, .out = hash_bytes(bytes, len, 0)};
	cachefile_stat_of(staged, &n.ost);
	note(bc, &n);
}

void
buildcache_note_file(struct buildcache *bc, const char *rel, const char *staged, const void *st_src)
{
	const struct stat *st = st_src;
	size_t len;
	struct diag quiet;
	diag_init_buffered(&quiet);
	char *bytes = fsutil_read_heap(&quiet, staged, &len);
	diag_close(&quiet);
	if (bytes == NULL)
		return; /* no note: the next build copies it again */
	struct note n = {rel,
	                 hash_bytes(bytes, len, 0),
	                 (uint64_t)st->st_size,
	                 (uint64_t)st->st_mtim.tv_sec,
	                 (uint64_t)st->st_mtim.tv_nsec,
	                 (uint64_t)st->st_ino,
	                 {0}};
	free(bytes);
	cachefile_stat_of(staged, &n.ost);
	note(bc, &n);
}

/* Waits (a tick of the file system's clock, 2.5 s at most) until a file
 * made in stage has a later mtime than every file noted: the manifest,
 * written next, is then later than them all, and a stat recorded before
 * it tells of any change after it (uptodate.h). */
static void
settle(const struct buildcache *bc, const char *stage)
{
	struct buf probe = BUF_INIT;
	buf_printf(&probe, "%s/.brief-probe", stage);
	for (int tries = 0; tries < 2500; tries++) {
		int fd = open(probe.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			break;
		struct stat st;
		bool got = fstat(fd, &st) == 0;
		close(fd);
		unlink(probe.ptr);
		struct cachefile_stat now = {0, (uint64_t)st.st_mtim.tv_sec,
		                             (uint64_t)st.st_mtim.tv_nsec, 1};
		if (!got || !cachefile_stat_racy(&bc->newest, now.mtime_s, now.mtime_ns))
			break;
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
	buf_free(&probe);
}

int
buildcache_check(struct buildcache *bc, struct diag *d, const char *stage)
{
	if (bc->failed != NULL) {
		diag_error(d, diag_file(bc->output),
		           "cannot link or copy '%s' from the previous output into the new one",
		           bc->failed);
		return -1;
	}
	settle(bc, stage);
	if (unlink(bc->path) != 0 && errno != ENOENT) {
		diag_syserr(d, bc->path, "cannot remove the build cache (build with --no-cache)");
		return -1;
	}
	return 0;
}
