#include "valuewire.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define VALUEWIRE_REF 7
#define VALUEWIRE_KIND 7
#define VALUEWIRE_ROOTED 0x08
#define VALUEWIRE_ROOT_MARKED 0x10
#define VALUEWIRE_HAS_TEXT 0x20
#define VALUEWIRE_FLAGS (VALUEWIRE_ROOTED | VALUEWIRE_ROOT_MARKED | VALUEWIRE_HAS_TEXT)

/* Inline room for the nodes of a page's front matter: most need no heap. */
#define VALUEWIRE_INLINE 64

/* The nodes written so far, by address: an open-addressed table whose
 * slots hold index + 1 (0: empty). */
struct writer {
	struct buf *out;
	const char *path;
	const struct value **keys;
	size_t *ids;
	size_t cap, n;
	const struct value *inline_keys[VALUEWIRE_INLINE];
	size_t inline_ids[VALUEWIRE_INLINE];
};

static size_t
slot_of(const struct value *v, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)v * UINT64_C(0x9e3779b97f4a7c15);
	return (size_t)(h >> 32) & (cap - 1);
}

/* Doubles the table, past half full: probes stay short. */
static void
grow(struct writer *w)
{
	size_t cap = arena_size_mul(w->cap, 2);
	const struct value **keys = xcalloc(cap, sizeof(*keys));
	size_t *ids = xcalloc(cap, sizeof(*ids));
	for (size_t i = 0; i < w->cap; i++) {
		if (w->ids[i] == 0)
			continue;
		size_t s = slot_of(w->keys[i], cap);
		while (ids[s] != 0)
			s = (s + 1) & (cap - 1);
		keys[s] = w->keys[i];
		ids[s] = w->ids[i];
	}
	if (w->keys != w->inline_keys) {
		free(w->keys);
		free(w->ids);
	}
	w->keys = keys;
	w->ids = ids;
	w->cap = cap;
}

/* v's index when it was written already; else records it and returns 0. */
static size_t
seen(struct writer *w, const struct value *v)
{
	size_t s = slot_of(v, w->cap);
	for (; w->ids[s] != 0; s = (s + 1) & (w->cap - 1))
		if (w->keys[s] == v)
			return w->ids[s];
	w->keys[s] = v;
	w->ids[s] = ++w->n;
	if (w->n * 2 > w->cap)
		grow(w);
	return 0;
}

static void
put_uint(struct buf *out, uint64_t v)
{
	char bytes[10];
	size_t n = 0;
	do {
		bytes[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v != 0);
	buf_put(out, bytes, n);
}

/* Signed numbers zigzagged: small negative ones stay short. */
static void
put_int(struct buf *out, int64_t v)
{
	put_uint(out, v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1);
}

static void
put_text(struct buf *out, const char *s, size_t len)
{
	put_uint(out, len);
	buf_put(out, s, len);
}

static void
put_date(struct buf *out, const struct value_date *d)
{
	put_int(out, d->year);
	put_int(out, d->tz_minutes);
	char parts[6] = {d->month,  d->day,    d->hour,
	                 d->minute, d->second, (char)(d->has_time | d->has_tz << 1)};
	buf_put(out, parts, sizeof(parts));
}

static bool
put_node(struct writer *w, const struct value *v, unsigned depth)
{
	size_t id = seen(w, v);
	if (id != 0) {
		buf_putc(w->out, VALUEWIRE_REF);
		put_uint(w->out, id - 1);
		return true;
	}
	if (depth > VALUEWIRE_DEPTH || v->pos.path == NULL ||
	    (v->pos.path != w->path && strcmp(v->pos.path, w->path) != 0))
		return false;
	buf_putc(w->out, (char)(v->kind | (v->rooted ? VALUEWIRE_ROOTED : 0) |
	                        (v->root_marked ? VALUEWIRE_ROOT_MARKED : 0) |
	                        (v->has_text ? VALUEWIRE_HAS_TEXT : 0)));
	put_uint(w->out, v->pos.line);
	put_uint(w->out, v->pos.col);
	put_text(w->out, v->str, v->len);
	switch (v->kind) {
	case VALUE_BOOL: buf_putc(w->out, v->as.boolean ? 1 : 0); break;
	case VALUE_NUMBER: buf_put(w->out, (const char *)&v->as.number, sizeof(double)); break;
	case VALUE_DATE: put_date(w->out, &v->as.date); break;
	case VALUE_LIST:
		put_uint(w->out, v->as.list.len);
		for (size_t i = 0; i < v->as.list.len; i++)
			if (!put_node(w, v->as.list.items[i], depth + 1))
				return false;
		break;
	case VALUE_MAP:
		put_uint(w->out, v->as.map.len);
		for (size_t i = 0; i < v->as.map.len; i++) {
			const struct value_entry *e = &v->as.map.items[i];
			put_text(w->out, e->key, e->key_len);
			if (!put_node(w, e->val, depth + 1))
				return false;
		}
		break;
	default: break;
	}
	return true;
}

bool
valuewire_encode(const struct value *v, const char *path, struct buf *out)
{
	struct writer w = {.out = out, .path = path, .cap = VALUEWIRE_INLINE};
	w.keys = w.inline_keys;
	w.ids = w.inline_ids;
	memset(w.inline_ids, 0, sizeof(w.inline_ids));
	size_t before = out->len;
	bool ok = put_node(&w, v, 0);
	if (!ok)
		buf_truncate(out, before);
	if (w.keys != w.inline_keys) {
		free(w.keys);
		free(w.ids);
	}
	return ok;
}

/* A node read: done once its subtree is, so that a reference to a node
 * still open (a cycle) is refused. */
struct node {
	struct value *v;
	bool done;
};

struct reader {
	const unsigned char *p, *end;
	bool bad;
	struct arena *arena;
	const char *path;
	struct node *nodes;
	size_t n, cap;
	struct node inline_nodes[VALUEWIRE_INLINE];
};

static uint64_t
get_uint(struct reader *r)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64 && r->p < r->end; shift += 7) {
		unsigned char b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = true; /* ran past the end, or more than 10 bytes */
	return 0;
}

static int64_t
get_int(struct reader *r)
{
	uint64_t u = get_uint(r);
	return (u & 1) ? (int64_t) ~(u >> 1) : (int64_t)(u >> 1);
}

/* The next n bytes, or NULL (bad) when they are not there. */
static const unsigned char *
get_bytes(struct reader *r, uint64_t n)
{
	if (r->bad || n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	const unsigned char *at = r->p;
	r->p += n;
	return at;
}

/* A text as a NUL-terminated copy in the arena, its length in *len. */
static const char *
get_text(struct reader *r, size_t *len)
{
	uint64_t n = get_uint(r);
	const unsigned char *s = get_bytes(r, n);
	*len = s != NULL ? (size_t)n : 0;
	if (s == NULL || n == 0)
		return "";
	return arena_strndup(r->arena, (const char *)s, (size_t)n);
}

static unsigned
get_small(struct reader *r)
{
	uint64_t v = get_uint(r);
	if (v > UINT_MAX)
		r->bad = true;
	return (unsigned)v;
}

static void
get_date(struct reader *r, struct value_date *d)
{
	int64_t year = get_int(r), tz = get_int(r);
	const unsigned char *parts = get_bytes(r, 6);
	if (parts == NULL || year < INT_MIN || year > INT_MAX || tz < -24 * 60 || tz > 24 * 60 ||
	    parts[5] > 3) {
		r->bad = true;
		return;
	}
	*d = (struct value_date){(int)year,
	                         (int)tz,
	                         (signed char)parts[0],
	                         (signed char)parts[1],
	                         (signed char)parts[2],
	                         (signed char)parts[3],
	                         (signed char)parts[4],
	                         parts[5] & 1,
	                         (parts[5] & 2) != 0};
}

/* A count of items, each of which takes at least 2 bytes: more than the
 * rest could hold is corrupt, before anything is allocated for it. */
static size_t
get_count(struct reader *r)
{
	uint64_t n = get_uint(r);
	if (n > (uint64_t)(r->end - r->p) / 2) {
		r->bad = true;
		return 0;
	}
	return (size_t)n;
}

static struct value *get_node(struct reader *r, unsigned depth);

static void
get_items(struct reader *r, struct value *v, unsigned depth)
{
	size_t n = get_count(r);
	if (v->kind == VALUE_LIST) {
		v->as.list.items = arena_alloc(r->arena, arena_size_mul(n, sizeof(struct value *)));
		for (size_t i = 0; i < n && !r->bad; i++)
			v->as.list.items[v->as.list.len++] = get_node(r, depth + 1);
		v->as.list.cap = n;
		return;
	}
	v->as.map.items = arena_alloc(r->arena, arena_size_mul(n, sizeof(struct value_entry)));
	for (size_t i = 0; i < n && !r->bad; i++) {
		struct value_entry *e = &v->as.map.items[v->as.map.len++];
		e->key = get_text(r, &e->key_len);
		e->val = get_node(r, depth + 1);
	}
	v->as.map.cap = n;
}

/* A reference to node index, which must be read whole already. */
static struct value *
get_ref(struct reader *r)
{
	uint64_t k = get_uint(r);
	if (r->bad || k >= r->n || !r->nodes[k].done) {
		r->bad = true;
		return NULL;
	}
	return r->nodes[k].v;
}

/* Numbers v among the nodes read, for references to it. */
static size_t
number(struct reader *r, struct value *v)
{
	if (r->n == r->cap) {
		size_t cap = arena_size_mul(r->cap, 2);
		struct node *nodes = xmalloc(arena_size_mul(cap, sizeof(*nodes)));
		memcpy(nodes, r->nodes, r->n * sizeof(*nodes));
		if (r->nodes != r->inline_nodes)
			free(r->nodes);
		r->nodes = nodes;
		r->cap = cap;
	}
	r->nodes[r->n] = (struct node){v, false};
	return r->n++;
}

static struct value *
get_node(struct reader *r, unsigned depth)
{
	const unsigned char *tag = get_bytes(r, 1);
	if (tag == NULL || depth > VALUEWIRE_DEPTH ||
	    (*tag & ~(VALUEWIRE_KIND | VALUEWIRE_FLAGS))) {
		r->bad = true;
		return NULL;
	}
	if ((*tag & VALUEWIRE_KIND) == VALUEWIRE_REF)
		return get_ref(r);
	struct value *v = value_new(r->arena, (enum value_kind)(*tag & VALUEWIRE_KIND),
	                            (struct pos){r->path, 0, 0});
	size_t id = number(r, v);
	v->rooted = *tag & VALUEWIRE_ROOTED;
	v->root_marked = *tag & VALUEWIRE_ROOT_MARKED;
	v->has_text = *tag & VALUEWIRE_HAS_TEXT;
	v->pos.line = get_small(r);
	v->pos.col = get_small(r);
	v->str = get_text(r, &v->len);
	const unsigned char *b;
	switch (v->kind) {
	case VALUE_BOOL:
		if ((b = get_bytes(r, 1)) != NULL && *b > 1)
			r->bad = true;
		v->as.boolean = b != NULL && *b == 1;
		break;
	case VALUE_NUMBER:
		if ((b = get_bytes(r, sizeof(double))) != NULL)
			memcpy(&v->as.number, b, sizeof(double));
		break;
	case VALUE_DATE: get_date(r, &v->as.date); break;
	case VALUE_LIST:
	case VALUE_MAP: get_items(r, v, depth); break;
	default: break;
	}
	r->nodes[id].done = true;
	return v;
}

struct value *
valuewire_decode(struct arena *arena, const char *bytes, size_t len, const char *path)
{
	struct reader r = {.p = (const unsigned char *)bytes,
	                   .end = (const unsigned char *)bytes + len,
	                   .arena = arena,
	                   .path = path,
	                   .cap = VALUEWIRE_INLINE};
	r.nodes = r.inline_nodes;
	struct value *v = get_node(&r, 0);
	if (r.nodes != r.inline_nodes)
		free(r.nodes);
	return r.bad || r.p != r.end ? NULL : v;
}
