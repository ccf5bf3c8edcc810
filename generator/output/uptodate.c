#include "uptodate.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "hash.h"
#include "outdir.h"
#include "parallel.h"
#include "strmap.h"

/* The hash of output's manifest, and its stat; 0 when it cannot be read. */
static uint64_t
manifest_hash(const char *output, struct cachefile_stat *st)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", output, OUTDIR_MANIFEST);
	struct diag quiet;
	diag_init_buffered(&quiet);
	size_t len = 0;
	char *bytes = fsutil_read_heap(&quiet, path.ptr, &len);
	diag_close(&quiet);
	uint64_t h = 0;
	if (bytes != NULL && cachefile_stat_of(path.ptr, st))
		h = hash_bytes(bytes, len, 0) | 1; /* never 0 */
	free(bytes);
	buf_free(&path);
	return h;
}

/* The folder path, open to stat its entries relative to it: -1 when it
 * cannot be (every stat relative to -1 fails: nothing is as recorded). */
static int
open_dir(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Each folder above rels[0..n) (not the top), into cf, parents first. */
static void
collect_dirs(struct arena *arena, const char *const *rels, size_t n, struct cachefile *cf)
{
	struct strmap seen = {0};
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rel = rels[i];
		for (const char *slash = strchr(rel, '/'); slash; slash = strchr(slash + 1, '/')) {
			size_t len = (size_t)(slash - rel);
			if (strmap_get(&seen, rel, len) >= 0)
				continue;
			char *dir = arena_strndup(arena, rel, len);
			strmap_add(&seen, dir, len, 1);
			cf->dirs = arena_grow(arena, cf->dirs, cf->ndirs, &cap, sizeof(*cf->dirs));
			cf->dirs[cf->ndirs++] = (struct cachefile_dir){dir, {0}};
		}
	}
	strmap_free(&seen);
}

/* The pages, files and folders of a cache, one index for all three. */
struct entries {
	const struct cachefile *cf;
	int at;    /* the output folder, open: stats relative to it (-1: none) */
	bool *bad; /* check: per worker, something is not as recorded */
};

static const char *
entry_rel(const struct cachefile *cf, size_t i)
{
	if (i < cf->npages)
		return cf->pages[i].url;
	i -= cf->npages;
	return i < cf->nfiles ? cf->files[i].rel : cf->dirs[i - cf->nfiles].rel;
}

static void
dir_stat_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	(void)w;
	struct entries *e = ctx;
	for (size_t i = begin; i < end; i++)
		cachefile_stat_at(e->at, e->cf->dirs[i].rel, &e->cf->dirs[i].st);
}

struct collect {
	struct arena *arena;
	struct cachefile *cf;
	size_t cap;
};

static void
collect_report(void *ctx, const struct diag_report *r)
{
	struct collect *c = ctx;
	struct cachefile *cf = c->cf;
	cf->reports =
	    arena_grow(c->arena, cf->reports, cf->nreports, &c->cap, sizeof(*cf->reports));
	const char *path = r->at.path ? arena_strdup(c->arena, r->at.path) : NULL;
	cf->reports[cf->nreports++] = (struct cachefile_report){
	    r->kind, r->at.line, r->at.col, path, arena_strdup(c->arena, r->text)};
}

/* Makes st none when it is not older than the manifest's mtime m. */
static void
unless_older(struct cachefile_stat *st, const struct cachefile_stat *m)
{
	if (cachefile_stat_racy(st, m->mtime_s, m->mtime_ns))
		*st = (struct cachefile_stat){0};
}

void
uptodate_dirs(struct arena *arena, int at, const char *const *rels, size_t n, unsigned jobs,
              struct cachefile *cf)
{
	collect_dirs(arena, rels, n, cf);
	struct entries e = {cf, at, NULL};
	parallel_for(cf->ndirs, jobs, dir_stat_slice, &e);
}

void
uptodate_record(struct arena *arena, struct diag *d, const char *output, unsigned jobs,
                struct cachefile *cf, bool dirs_taken)
{
	struct cachefile_stat m;
	cf->manifest = manifest_hash(output, &m);
	if (!dirs_taken) {
		size_t n = cf->npages + cf->nfiles;
		const char **rels = arena_alloc(arena, (n + 1) * sizeof(*rels));
		for (size_t i = 0; i < n; i++)
			rels[i] = entry_rel(cf, i);
		int at = open_dir(output);
		uptodate_dirs(arena, at, rels, n, jobs, cf);
		if (at >= 0)
			close(at);
	}
	for (size_t i = 0; i < cf->npages; i++)
		unless_older(&cf->pages[i].ost, &m);
	for (size_t i = 0; i < cf->nfiles; i++)
		unless_older(&cf->files[i].ost, &m);
	for (size_t i = 0; i < cf->ndirs; i++)
		unless_older(&cf->dirs[i].st, &m);
	struct collect c = {arena, cf, 0};
	diag_each(d, collect_report, &c);
	/* A diag that printed its reports as they came kept none to repeat. */
	if (!d->sorted)
		cf->sources = 0;
}

static void
check_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	struct entries *e = ctx;
	const struct cachefile *cf = e->cf;
	for (size_t i = begin; i < end && !e->bad[w]; i++) {
		const char *rel = entry_rel(cf, i);
		bool same;
		if (i < cf->npages) {
			same = cachefile_as_recorded(e->at, rel, &cf->pages[i].ost,
			                             cf->pages[i].out, NULL);
		} else if (i < cf->npages + cf->nfiles) {
			const struct cachefile_file *f = &cf->files[i - cf->npages];
			same = cachefile_as_recorded(e->at, rel, &f->ost, f->out, NULL);
		} else {
			struct cachefile_stat now;
			const struct cachefile_dir *dir = &cf->dirs[i - cf->npages - cf->nfiles];
			same = cachefile_stat_at(e->at, rel, &now) &&
			       cachefile_stat_same(&dir->st, &now);
		}
		e->bad[w] = !same;
	}
}

/* Whether name, at the output's top, is one the last build left there. */
static bool
known_top(const struct cachefile *cf, const struct strmap *tops, const char *name)
{
	if (name[0] == '.')
		return true; /* dot-entries are carried over, the manifest hashed */
	for (size_t i = 0; i < cf->nkeep; i++)
		if (!strcmp(cf->keep[i], name))
			return true;
	return strmap_cget(tops, name) >= 0;
}

/* Whether the output's top holds no entry the last build did not. */
static bool
check_top(const struct cachefile *cf, const char *output)
{
	struct strmap tops = {0};
	for (size_t i = 0; i < cf->npages + cf->nfiles + cf->ndirs; i++) {
		const char *rel = entry_rel(cf, i);
		if (strchr(rel, '/') == NULL)
			strmap_add(&tops, rel, strlen(rel), 1);
	}
	DIR *dir = opendir(output);
	bool ok = dir != NULL;
	for (struct dirent *de; ok && (de = readdir(dir)) != NULL;)
		ok = known_top(cf, &tops, de->d_name);
	if (dir != NULL)
		closedir(dir);
	strmap_free(&tops);
	return ok;
}

bool
uptodate_check(const struct cachefile *cf, const char *output, unsigned jobs)
{
	struct cachefile_stat m;
	if (cf->manifest == 0 || manifest_hash(output, &m) != cf->manifest ||
	    !check_top(cf, output))
		return false;
	bool *bad = xcalloc(jobs + 1, sizeof(*bad));
	struct entries e = {cf, open_dir(output), bad};
	parallel_for(cf->npages + cf->nfiles + cf->ndirs, jobs, check_slice, &e);
	if (e.at >= 0)
		close(e.at);
	bool ok = e.at >= 0;
	for (unsigned w = 0; w < jobs; w++)
		ok = ok && !bad[w];
	free(bad);
	return ok;
}

void
uptodate_replay(const struct cachefile *cf, struct diag *d)
{
	for (size_t i = 0; i < cf->nreports; i++) {
		const struct cachefile_report *r = &cf->reports[i];
		struct pos at = {r->path, (unsigned)r->line, (unsigned)r->col};
		diag_replay(d, &(struct diag_report){(unsigned)r->kind, at, r->text});
	}
}
