#include "memsite.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash.h"
#include "strmap.h"
#include "zpack.h"

/* A file's bytes, shared by every memsite that holds them. */
struct memsite_blob {
	atomic_size_t refs;
	size_t len;  /* as served */
	size_t held; /* in data: len, or less when packed */
	bool packed; /* data is zstd's frame (zpack.h) */
	char etag[20];
	char data[];
};

struct entry {
	char *path; /* heap: the strmap borrows it */
	struct memsite_blob *blob;
	struct memsite_file view;
};

struct memsite {
	atomic_size_t refs;
	struct strmap by_path;
	struct entry *entries;
	size_t len, cap;
};

struct memsite *
memsite_new(void)
{
	struct memsite *m = xcalloc(1, sizeof(*m));
	atomic_init(&m->refs, 1);
	return m;
}

void
memsite_ref(struct memsite *m)
{
	atomic_fetch_add(&m->refs, 1);
}

static void
blob_unref(struct memsite_blob *b)
{
	if (atomic_fetch_sub(&b->refs, 1) == 1)
		free(b);
}

void
memsite_unref(struct memsite *m)
{
	if (m == NULL || atomic_fetch_sub(&m->refs, 1) != 1)
		return;
	for (size_t i = 0; i < m->len; i++) {
		blob_unref(m->entries[i].blob);
		free(m->entries[i].path);
	}
	free(m->entries);
	strmap_free(&m->by_path);
	free(m);
}

struct memsite *
memsite_copy(const struct memsite *from)
{
	struct memsite *m = memsite_new();
	m->entries = xcalloc(from->cap ? from->cap : 1, sizeof(*m->entries));
	m->len = from->len;
	m->cap = from->cap;
	for (size_t i = 0; i < from->len; i++) {
		struct entry *e = &m->entries[i];
		*e = from->entries[i];
		e->path = xstrdup(e->path);
		e->view.path = e->path;
		atomic_fetch_add(&e->blob->refs, 1);
	}
	/* The same table, its keys moved to this site's copies of the paths. */
	const struct strmap *t = &from->by_path;
	m->by_path = *t;
	m->by_path.slots = t->cap ? xcalloc(t->cap, sizeof(*t->slots)) : NULL;
	for (size_t k = 0; k < t->cap; k++) {
		m->by_path.slots[k] = t->slots[k];
		if (t->slots[k].key != NULL)
			m->by_path.slots[k].key = m->entries[t->slots[k].val].path;
	}
	return m;
}

/* A strong ETag only needs to change when the bytes do: hash_bytes(),
 * eight bytes a step, as it hashes every page a rebuild renders (50 MiB
 * for 10,000 pages). Always of the bytes as served, whether or not they
 * are held compressed. */
static void
make_etag(char etag[20], const char *data, size_t len)
{
	snprintf(etag, 20, "\"%016llx\"", (unsigned long long)hash_bytes(data, len, 0));
}

void
memsite_store(struct memsite *m, const char *path, struct memsite_blob *b)
{
	long i = strmap_cget(&m->by_path, path);
	if (i < 0) {
		if (m->len == m->cap) {
			if (m->cap > SIZE_MAX / 2 / sizeof(*m->entries))
				abort();
			m->cap = m->cap ? m->cap * 2 : 64;
			m->entries = xrealloc(m->entries, m->cap * sizeof(*m->entries));
		}
		i = (long)m->len++;
		m->entries[i].path = xstrdup(path);
		strmap_add(&m->by_path, m->entries[i].path, strlen(path), i);
	} else {
		blob_unref(m->entries[i].blob);
	}
	struct entry *e = &m->entries[i];
	e->blob = b;
	e->view = (struct memsite_file){e->path, b->len, b->packed ? NULL : b->data, {0}, b};
	memcpy(e->view.etag, b->etag, sizeof(e->view.etag));
}

/* True when b holds exactly data[0..len), whose ETag is etag: checked
 * byte for byte, expanding b if need be (several times faster than
 * compressing data again). */
static bool
holds(const struct memsite_blob *b, const char *data, size_t len, const char *etag)
{
	if (b->len != len || strcmp(b->etag, etag) != 0)
		return false;
	if (!b->packed)
		return memcmp(b->data, data, len) == 0;
	char *bytes = xmalloc(len);
	zpack_expand(b->data, b->held, bytes, len);
	bool same = memcmp(bytes, data, len) == 0;
	free(bytes);
	return same;
}

struct memsite_blob *
memsite_pack(const struct memsite *prev, const char *path, const char *data, size_t len)
{
	char etag[20];
	make_etag(etag, data, len);
	long i = prev != NULL ? strmap_cget(&prev->by_path, path) : -1;
	if (i >= 0 && holds(prev->entries[i].blob, data, len, etag)) {
		atomic_fetch_add(&prev->entries[i].blob->refs, 1);
		return prev->entries[i].blob;
	}
	if (len > SIZE_MAX - sizeof(struct memsite_blob))
		abort();
	/* Compressed in place, then the block shrunk to what it took. */
	struct memsite_blob *b = xmalloc(sizeof(*b) + len);
	atomic_init(&b->refs, 1);
	b->len = len;
	memcpy(b->etag, etag, sizeof(etag));
	b->held = zpack_compress(data, len, b->data);
	b->packed = b->held > 0;
	if (b->packed) {
		b = xrealloc(b, sizeof(*b) + b->held);
	} else {
		memcpy(b->data, data, len);
		b->held = len;
	}
	return b;
}

void
memsite_put(struct memsite *m, const char *path, const char *data, size_t len)
{
	memsite_store(m, path, memsite_pack(m, path, data, len));
}

bool
memsite_share(struct memsite *m, const struct memsite *from, const char *path)
{
	long i = strmap_cget(&from->by_path, path);
	if (i < 0)
		return false;
	struct memsite_blob *b = from->entries[i].blob;
	atomic_fetch_add(&b->refs, 1);
	memsite_store(m, path, b);
	return true;
}

const struct memsite_file *
memsite_get(const struct memsite *m, const char *path)
{
	long i = strmap_cget(&m->by_path, path);
	return i < 0 ? NULL : &m->entries[i].view;
}

size_t
memsite_count(const struct memsite *m)
{
	return m->len;
}

const struct memsite_file *
memsite_at(const struct memsite *m, size_t i)
{
	return i < m->len ? &m->entries[i].view : NULL;
}

void
memsite_read(const struct memsite_file *f, struct buf *out)
{
	const struct memsite_blob *b = f->blob;
	if (!b->packed) {
		buf_put(out, b->data, b->len);
		return;
	}
	buf_grow(out, b->len);
	zpack_expand(b->data, b->held, out->ptr + out->len, b->len);
	out->len += b->len;
	out->ptr[out->len] = '\0';
}

size_t
memsite_bytes_held(const struct memsite *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->len; i++)
		n += m->entries[i].blob->held;
	return n;
}
