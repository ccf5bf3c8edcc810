#include "cachefile.h"

#include <string.h>

#include "wire.h"

/* Magic, version, checksum: the words before the checksummed bytes. */
#define CACHEFILE_HEAD 24

uint64_t
cachefile_hash(const void *bytes, size_t len)
{
	const unsigned char *p = bytes;
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ len, w;
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * UINT64_C(0xbf58476d1ce4e5b9);
		h ^= h >> 31;
	}
	w = 0;
	memcpy(&w, p, len);
	h = (h ^ w) * UINT64_C(0x94d049bb133111eb);
	return h ^ (h >> 29);
}

void
cachefile_encode(const struct cachefile *cf, struct buf *out)
{
	size_t start = out->len;
	wire_put_u64(out, CACHEFILE_MAGIC);
	wire_put_u64(out, CACHEFILE_VERSION);
	wire_put_u64(out, 0); /* the checksum, set below */
	wire_put_u64(out, cf->key);
	wire_put_u64(out, cf->npages);
	for (size_t i = 0; i < cf->npages; i++) {
		const struct cachefile_page *p = &cf->pages[i];
		wire_put_str(out, p->id);
		wire_put_str(out, p->url);
		wire_put_u64(out, p->seen);
		wire_put_u64(out, p->md);
		wire_put_u64(out, p->flags);
		wire_put_u64(out, p->out);
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
	}
	const char *body = out->ptr + start + CACHEFILE_HEAD;
	uint64_t sum = cachefile_hash(body, out->len - start - CACHEFILE_HEAD);
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
	}
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
	    sum != cachefile_hash(w.p, (size_t)(w.end - w.p)))
		return false;
	cf->key = wire_u64(&w);
	if (decode_records(&w, arena, cf))
		return true;
	memset(cf, 0, sizeof(*cf));
	return false;
}
