#include "cachefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "hash.h"
#include "wire.h"

/* Magic, version, checksum: the words before the checksummed bytes. */
#define CACHEFILE_HEAD 24

bool
cachefile_stat_of(const char *path, struct cachefile_stat *st)
{
	return cachefile_stat_at(AT_FDCWD, path, st);
}

bool
cachefile_stat_at(int at, const char *path, struct cachefile_stat *st)
{
	struct stat s;
	if (fstatat(at, path, &s, AT_SYMLINK_NOFOLLOW) != 0) {
		*st = (struct cachefile_stat){0};
		return false;
	}
	*st = (struct cachefile_stat){(uint64_t)s.st_size, (uint64_t)s.st_mtim.tv_sec,
	                              (uint64_t)s.st_mtim.tv_nsec, (uint64_t)s.st_ino};
	return true;
}

bool
cachefile_stat_same(const struct cachefile_stat *want, const struct cachefile_stat *got)
{
	return want->ino != 0 && want->size == got->size && want->mtime_s == got->mtime_s &&
	       want->mtime_ns == got->mtime_ns && want->ino == got->ino;
}

bool
cachefile_stat_racy(const struct cachefile_stat *st, uint64_t s, uint64_t ns)
{
	return st->mtime_s > s || (st->mtime_s == s && st->mtime_ns >= ns);
}

/* Whether the file at path (relative to at) exists and its bytes hash
 * to want. */
static bool
hashes_to(int at, const char *path, uint64_t want)
{
	int fd = openat(at, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		size_t len = (size_t)st.st_size;
		char *bytes = xmalloc(len + 1);
		ssize_t n = read(fd, bytes, len + 1); /* one byte more: a file that grew */
		same = n == (ssize_t)len && hash_bytes(bytes, len, 0) == want;
		free(bytes);
	}
	close(fd);
	return same;
}

bool
cachefile_as_recorded(int at, const char *path, const struct cachefile_stat *ost, uint64_t out,
                      struct cachefile_stat *now)
{
	struct cachefile_stat seen;
	now = now != NULL ? now : &seen;
	if (!cachefile_stat_at(at, path, now))
		return false;
	return cachefile_stat_same(ost, now) || hashes_to(at, path, out);
}

static void
put_stat(struct buf *out, const struct cachefile_stat *st)
{
	wire_put_u64(out, st->size);
	wire_put_u64(out, st->mtime_s);
	wire_put_u64(out, st->mtime_ns);
	wire_put_u64(out, st->ino);
}

/* The folders, keep: names and reports: what the up-to-date check reads. */
static void
encode_rest(const struct cachefile *cf, struct buf *out)
{
	wire_put_u64(out, cf->ndirs);
	for (size_t i = 0; i < cf->ndirs; i++) {
		wire_put_str(out, cf->dirs[i].rel);
		put_stat(out, &cf->dirs[i].st);
	}
	wire_put_u64(out, cf->nkeep);
	for (size_t i = 0; i < cf->nkeep; i++)
		wire_put_str(out, cf->keep[i]);
	wire_put_u64(out, cf->nreports);
	for (size_t i = 0; i < cf->nreports; i++) {
		const struct cachefile_report *r = &cf->reports[i];
		wire_put_u64(out, r->kind);
		wire_put_u64(out, r->line);
		wire_put_u64(out, r->col);
		wire_put_str(out, r->path);
		wire_put_str(out, r->text);
	}
}

void
cachefile_encode(const struct cachefile *cf, struct buf *out)
{
	size_t start = out->len;
	wire_put_u64(out, CACHEFILE_MAGIC);
	wire_put_u64(out, CACHEFILE_VERSION);
	wire_put_u64(out, 0); /* the checksum, set below */
	wire_put_u64(out, cf->key);
	wire_put_u64(out, cf->stamp);
	wire_put_u64(out, cf->sources);
	wire_put_u64(out, cf->manifest);
	wire_put_u64(out, cf->npages);
	for (size_t i = 0; i < cf->npages; i++) {
		const struct cachefile_page *p = &cf->pages[i];
		wire_put_str(out, p->id);
		wire_put_str(out, p->url);
		wire_put_u64(out, p->seen);
		wire_put_u64(out, p->md);
		wire_put_u64(out, p->flags);
		wire_put_u64(out, p->out);
		put_stat(out, &p->ost);
		wire_put_u64(out, p->nanchors);
		for (size_t k = 0; k < p->nanchors; k++) {
			wire_put_str(out, p->anchors[k].url);
			wire_put_str(out, p->anchors[k].id);
			wire_put_u64(out, p->anchors[k].line);
			wire_put_u64(out, p->anchors[k].col);
		}
	}
	wire_put_u64(out, cf->nfiles);
	for (size_t i = 0; i < cf->nfiles; i++) {
		const struct cachefile_file *f = &cf->files[i];
		wire_put_str(out, f->rel);
		wire_put_u64(out, f->size);
		wire_put_u64(out, f->mtime_s);
		wire_put_u64(out, f->mtime_ns);
		wire_put_u64(out, f->ino);
		wire_put_u64(out, f->out);
		put_stat(out, &f->ost);
	}
	encode_rest(cf, out);
	const char *body = out->ptr + start + CACHEFILE_HEAD;
	uint64_t sum = hash_bytes(body, out->len - start - CACHEFILE_HEAD, 0);
	memcpy(out->ptr + start + 16, &sum, sizeof(sum));
}

/* A string that must be there: NULL or a bad read spoil the file. */
static const char *
need_str(struct wire *w, struct arena *arena)
{
	const char *s = wire_str(w, arena);
	if (s == NULL)
		w->bad = true;
	return s;
}

/* Every record takes at least this many bytes: a count beyond what the
 * rest could hold is corrupt, before anything is allocated for it. */
#define CACHEFILE_RECORD_MIN 48
#define CACHEFILE_ANCHOR_MIN 32
#define CACHEFILE_STR_MIN 8
#define CACHEFILE_DIR_MIN 40    /* a string, a stat */
#define CACHEFILE_REPORT_MIN 40 /* three numbers, two strings */

static void
get_stat(struct wire *w, struct cachefile_stat *st)
{
	st->size = wire_u64(w);
	st->mtime_s = wire_u64(w);
	st->mtime_ns = wire_u64(w);
	st->ino = wire_u64(w);
}

/* The number of items that follow: more than the rest of the bytes could
 * hold (each at least min bytes) is corrupt. */
static size_t
count(struct wire *w, size_t min)
{
	return wire_count(w, (size_t)(w->end - w->p) / min);
}

static void
decode_rest(struct wire *w, struct arena *arena, struct cachefile *cf)
{
	cf->ndirs = count(w, CACHEFILE_DIR_MIN);
	cf->dirs = arena_alloc(arena, (cf->ndirs + 1) * sizeof(*cf->dirs));
	for (size_t i = 0; i < cf->ndirs && !w->bad; i++) {
		cf->dirs[i].rel = need_str(w, arena);
		get_stat(w, &cf->dirs[i].st);
	}
	cf->nkeep = count(w, CACHEFILE_STR_MIN);
	cf->keep = arena_alloc(arena, (cf->nkeep + 1) * sizeof(*cf->keep));
	for (size_t i = 0; i < cf->nkeep && !w->bad; i++)
		cf->keep[i] = need_str(w, arena);
	cf->nreports = count(w, CACHEFILE_REPORT_MIN);
	cf->reports = arena_alloc(arena, (cf->nreports + 1) * sizeof(*cf->reports));
	for (size_t i = 0; i < cf->nreports && !w->bad; i++) {
		struct cachefile_report *r = &cf->reports[i];
		r->kind = wire_u64(w);
		r->line = wire_u64(w);
		r->col = wire_u64(w);
		r->path = wire_str(w, arena);
		r->text = need_str(w, arena);
	}
}

static void
decode_anchors(struct wire *w, struct arena *arena, struct cachefile_page *p)
{
	p->nanchors = wire_count(w, (size_t)(w->end - w->p) / CACHEFILE_ANCHOR_MIN);
	p->anchors = arena_alloc(arena, (p->nanchors + 1) * sizeof(*p->anchors));
	for (size_t k = 0; k < p->nanchors && !w->bad; k++) {
		struct cachefile_anchor *a = &p->anchors[k];
		a->url = need_str(w, arena);
		a->id = need_str(w, arena);
		a->line = wire_u64(w);
		a->col = wire_u64(w);
	}
}

static bool
decode_records(struct wire *w, struct arena *arena, struct cachefile *cf)
{
	size_t max = (size_t)(w->end - w->p) / CACHEFILE_RECORD_MIN;
	cf->npages = wire_count(w, max);
	cf->pages = arena_alloc(arena, (cf->npages + 1) * sizeof(*cf->pages));
	for (size_t i = 0; i < cf->npages && !w->bad; i++) {
		struct cachefile_page *p = &cf->pages[i];
		p->id = need_str(w, arena);
		p->url = need_str(w, arena);
		p->seen = wire_u64(w);
		p->md = wire_u64(w);
		p->flags = wire_u64(w);
		p->out = wire_u64(w);
		get_stat(w, &p->ost);
		decode_anchors(w, arena, p);
	}
	max = (size_t)(w->end - w->p) / CACHEFILE_RECORD_MIN;
	cf->nfiles = wire_count(w, max);
	cf->files = arena_alloc(arena, (cf->nfiles + 1) * sizeof(*cf->files));
	for (size_t i = 0; i < cf->nfiles && !w->bad; i++) {
		struct cachefile_file *f = &cf->files[i];
		f->rel = need_str(w, arena);
		f->size = wire_u64(w);
		f->mtime_s = wire_u64(w);
		f->mtime_ns = wire_u64(w);
		f->ino = wire_u64(w);
		f->out = wire_u64(w);
		get_stat(w, &f->ost);
	}
	decode_rest(w, arena, cf);
	return !w->bad && w->p == w->end;
}

bool
cachefile_decode(const char *bytes, size_t len, struct arena *arena, struct cachefile *cf)
{
	memset(cf, 0, sizeof(*cf));
	if (len < CACHEFILE_HEAD)
		return false;
	struct wire w = {.p = bytes, .end = bytes + len, .fd = -1};
	uint64_t magic = wire_u64(&w), version = wire_u64(&w), sum = wire_u64(&w);
	if (magic != CACHEFILE_MAGIC || version != CACHEFILE_VERSION ||
	    sum != hash_bytes(w.p, (size_t)(w.end - w.p), 0))
		return false;
	cf->key = wire_u64(&w);
	cf->stamp = wire_u64(&w);
	cf->sources = wire_u64(&w);
	cf->manifest = wire_u64(&w);
	if (decode_records(&w, arena, cf))
		return true;
	memset(cf, 0, sizeof(*cf));
	return false;
}

int
cachefile_write(const char *dir, const char *path, const struct buf *bytes, struct buf *failed)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		buf_puts(failed, dir);
		return -1;
	}
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp.ptr), status = -1;
	if (fd < 0) {
		buf_puts(failed, tmp.ptr);
		goto out;
	}
	bool ok = fsutil_write_all(fd, bytes->ptr, bytes->len) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp.ptr, path) != 0) {
		int err = errno;
		buf_puts(failed, tmp.ptr);
		unlink(tmp.ptr);
		errno = err;
		goto out;
	}
	status = 0;
out:
	buf_free(&tmp);
	return status;
}
