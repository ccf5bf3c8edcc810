#include "scancache.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cachefile.h"
#include "fsutil.h"
#include "hash.h"
#include "sitelimits.h"
#include "strmap.h"
#include "treestamp.h"
#include "valuewire.h"
#include "wire.h"

#define SCANCACHE_MAGIC UINT64_C(0x3153434645495242) /* "BRIEFCS1" read little-endian */
#define SCANCACHE_VERSION 2
#define SCANCACHE_HEAD 24   /* magic, version, checksum */
#define SCANCACHE_RECORD 88 /* the least bytes a record takes */

/* A page file as the scan read it. */
struct entry {
	const char *path;
	struct cachefile_stat st;
	uint64_t ctime_s, ctime_ns; /* a write with its mtime set back changes them */
	const char *tree;           /* the front matter's values (valuewire.h) */
	uint64_t tree_len;
	uint64_t body_len, body_line, body_hash;
};

struct scancache {
	char *path, *dir;    /* heap */
	struct arena *arena; /* the old entries, copies for the new */
	void *map;           /* the file read, where the old trees lie */
	size_t map_len;
	struct entry *old, *new;
	size_t nold, nnew, new_cap;
	size_t nnoted;         /* of new, read again (not taken) */
	struct strmap by_path; /* into old */
	struct stat *walked;   /* per old entry: the walk's stat (st_ino 0: none) */
	pthread_mutex_t lock;  /* new */
	int64_t start;         /* when the build started (time(2)) */
};

/* Bytes with their length first, left where they are in memory. */
static const char *
get_bytes(struct wire *w, uint64_t *len)
{
	*len = wire_u64(w);
	if (w->bad || *len > (uint64_t)(w->end - w->p)) {
		w->bad = true;
		*len = 0;
		return NULL;
	}
	const char *at = w->p;
	w->p += *len;
	return at;
}

static void
decode(struct scancache *sc, const char *bytes, size_t len)
{
	struct wire w = {.p = bytes, .end = bytes + len, .fd = -1};
	uint64_t magic = wire_u64(&w), version = wire_u64(&w), sum = wire_u64(&w);
	if (len < SCANCACHE_HEAD || magic != SCANCACHE_MAGIC || version != SCANCACHE_VERSION ||
	    sum != hash_bytes(w.p, (size_t)(w.end - w.p), 0))
		return;
	size_t n = wire_count(&w, (size_t)(w.end - w.p) / SCANCACHE_RECORD);
	struct entry *e = arena_alloc(sc->arena, (n + 1) * sizeof(*e));
	for (size_t i = 0; i < n && !w.bad; i++) {
		e[i].path = wire_str(&w, sc->arena);
		e[i].st =
		    (struct cachefile_stat){wire_u64(&w), wire_u64(&w), wire_u64(&w), wire_u64(&w)};
		e[i].ctime_s = wire_u64(&w);
		e[i].ctime_ns = wire_u64(&w);
		e[i].tree = get_bytes(&w, &e[i].tree_len);
		e[i].body_len = wire_u64(&w);
		e[i].body_line = wire_u64(&w);
		e[i].body_hash = wire_u64(&w);
		w.bad = w.bad || e[i].path == NULL;
	}
	if (w.bad || w.p != w.end)
		return;
	sc->old = e;
	sc->nold = n;
}

/* Reads the file with one mmap, kept while the cache is (the trees are
 * decoded from it when taken); an unsound one leaves the cache empty. */
static void
load(struct scancache *sc)
{
	int fd = open(sc->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		size_t len = (size_t)st.st_size;
		void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			decode(sc, map, len);
			sc->map = map;
			sc->map_len = len;
		}
	}
	close(fd);
}

struct scancache *
scancache_open(const char *path)
{
	struct scancache *sc = xcalloc(1, sizeof(*sc));
	sc->path = xstrdup(path);
	struct buf dir = BUF_INIT, base = BUF_INIT;
	fsutil_split(path, &dir, &base);
	sc->dir = buf_detach(&dir);
	buf_free(&base);
	sc->arena = arena_new();
	sc->start = (int64_t)time(NULL);
	pthread_mutex_init(&sc->lock, NULL);
	load(sc);
	for (size_t i = 0; i < sc->nold; i++)
		strmap_add(&sc->by_path, sc->old[i].path, strlen(sc->old[i].path), (long)i);
	sc->walked = xcalloc(sc->nold + 1, sizeof(*sc->walked));
	return sc;
}

void
scancache_free(struct scancache *sc)
{
	if (sc == NULL)
		return;
	strmap_free(&sc->by_path);
	pthread_mutex_destroy(&sc->lock);
	arena_free(sc->arena);
	if (sc->map != NULL)
		munmap(sc->map, sc->map_len);
	free(sc->new);
	free(sc->walked);
	free(sc->path);
	free(sc->dir);
	free(sc);
}

static struct cachefile_stat
stat_of(const struct stat *st)
{
	return (struct cachefile_stat){(uint64_t)st->st_size, (uint64_t)st->st_mtim.tv_sec,
	                               (uint64_t)st->st_mtim.tv_nsec, (uint64_t)st->st_ino};
}

/* Keeps e for the file (its strings copied unless they are old's, which
 * live as long); with sc->lock held. */
static void
add(struct scancache *sc, const struct entry *e, bool copy)
{
	if (sc->nnew == sc->new_cap) {
		if (sc->new_cap > SIZE_MAX / 4 / sizeof(*sc->new))
			abort(); /* as the x* allocators do when memory runs out */
		sc->new_cap = sc->new_cap ? sc->new_cap * 2 : 256;
		sc->new = xrealloc(sc->new, sc->new_cap * sizeof(*sc->new));
	}
	struct entry *m = &sc->new[sc->nnew++];
	*m = *e;
	if (!copy)
		return;
	sc->nnoted++;
	m->path = arena_strdup(sc->arena, e->path);
	m->tree = memcpy(arena_alloc(sc->arena, (size_t)e->tree_len), e->tree, (size_t)e->tree_len);
}

static void
keep(struct scancache *sc, const struct entry *e, bool copy)
{
	pthread_mutex_lock(&sc->lock);
	add(sc, e, copy);
	pthread_mutex_unlock(&sc->lock);
}

void
scancache_seen(struct scancache *sc, const char *path, const struct stat *st)
{
	long k = strmap_cget(&sc->by_path, path);
	if (k >= 0 && st->st_ino != 0)
		sc->walked[k] = *st;
}

bool
scancache_take(struct scancache *sc, struct arena *arena, struct page_file *f, struct stat *st)
{
	long k = strmap_cget(&sc->by_path, f->full);
	if (k >= 0 && sc->walked[k].st_ino != 0)
		*st = sc->walked[k];
	else if (lstat(f->full, st) != 0 || !S_ISREG(st->st_mode)) {
		st->st_ino = 0;
		return false;
	}
	struct cachefile_stat now = stat_of(st);
	/* Over limits.file_bytes, reading it reports so: read it. */
	if (k < 0 || !cachefile_stat_same(&sc->old[k].st, &now) ||
	    sc->old[k].ctime_s != (uint64_t)st->st_ctim.tv_sec ||
	    sc->old[k].ctime_ns != (uint64_t)st->st_ctim.tv_nsec ||
	    now.size > sitelimits_get()->file_bytes)
		return false;
	const struct entry *e = &sc->old[k];
	/* Positions name f->full, which lives as long as the page. */
	f->meta = valuewire_decode(arena, e->tree, (size_t)e->tree_len, f->full);
	if (f->meta == NULL)
		return false;
	f->fm = (struct frontmatter){.body_len = (size_t)e->body_len,
	                             .body_line = (unsigned)e->body_line};
	f->body_hash = e->body_hash;
	f->kept = true; /* no text: nothing to free */
	keep(sc, e, false);
	return true;
}

void
scancache_note(struct scancache *sc, struct page_file *f, const struct stat *st)
{
	f->body_hash = hash_bytes(f->fm.body, f->fm.body_len, 0);
	if (st->st_ino == 0 || (int64_t)st->st_mtim.tv_sec + TREESTAMP_RACY_S >= sc->start)
		return; /* changed too lately to trust its stat next time */
	struct buf tree = BUF_INIT;
	if (f->meta != NULL && valuewire_encode(f->meta, f->full, &tree)) {
		struct entry e = {f->full,
		                  stat_of(st),
		                  (uint64_t)st->st_ctim.tv_sec,
		                  (uint64_t)st->st_ctim.tv_nsec,
		                  tree.ptr,
		                  tree.len,
		                  f->fm.body_len,
		                  f->fm.body_line,
		                  f->body_hash};
		keep(sc, &e, true);
	}
	buf_free(&tree);
}

int
scancache_save(struct scancache *sc)
{
	/* Every old entry taken as it was, none read again: the file holds
	 * what would be written (in another order). */
	if (sc->old != NULL && sc->nnoted == 0 && sc->nnew == sc->nold)
		return 0;
	struct buf out = BUF_INIT, failed = BUF_INIT;
	wire_put_u64(&out, SCANCACHE_MAGIC);
	wire_put_u64(&out, SCANCACHE_VERSION);
	wire_put_u64(&out, 0); /* the checksum, set below */
	wire_put_u64(&out, sc->nnew);
	for (size_t i = 0; i < sc->nnew; i++) {
		const struct entry *e = &sc->new[i];
		wire_put_str(&out, e->path);
		uint64_t words[] = {e->st.size, e->st.mtime_s, e->st.mtime_ns,
		                    e->st.ino,  e->ctime_s,    e->ctime_ns};
		for (size_t k = 0; k < 6; k++)
			wire_put_u64(&out, words[k]);
		wire_put_u64(&out, e->tree_len);
		buf_put(&out, e->tree, (size_t)e->tree_len);
		uint64_t rest[] = {e->body_len, e->body_line, e->body_hash};
		for (size_t k = 0; k < 3; k++)
			wire_put_u64(&out, rest[k]);
	}
	uint64_t sum = hash_bytes(out.ptr + SCANCACHE_HEAD, out.len - SCANCACHE_HEAD, 0);
	memcpy(out.ptr + 16, &sum, sizeof(sum));
	int status = cachefile_write(sc->dir, sc->path, &out, &failed);
	buf_free(&out);
	buf_free(&failed);
	return status;
}
