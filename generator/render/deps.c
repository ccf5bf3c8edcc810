#include "deps.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strmap.h"

struct record {
	char *id; /* heap; the map borrows it */
	uint64_t seen, md;
	bool noisy;
};

struct deps {
	struct strmap by_id;
	struct record *records;
	size_t len, cap;
	bool valid; /* records hold a successful rebuild */
};

struct deps *
deps_new(void)
{
	return xcalloc(1, sizeof(struct deps));
}

void
deps_reset(struct deps *dp)
{
	for (size_t i = 0; i < dp->len; i++)
		free(dp->records[i].id);
	free(dp->records);
	strmap_free(&dp->by_id);
	memset(dp, 0, sizeof(*dp));
}

void
deps_free(struct deps *dp)
{
	if (dp == NULL)
		return;
	deps_reset(dp);
	free(dp);
}

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

/* Deeper front matter than this is hashed as "always changed". */
#define DEPS_DEPTH 64

static void
mix_value(uint64_t *h, const struct value *v, int depth, bool *deep)
{
	if (v == NULL || depth > DEPS_DEPTH) {
		*deep = *deep || v != NULL;
		mix(h, "\0", 1);
		return;
	}
	unsigned char head[4] = {(unsigned char)v->kind, v->rooted, v->root_marked, v->has_text};
	mix(h, head, sizeof(head));
	if (v->str != NULL)
		mix(h, v->str, v->len);
	if (v->kind == VALUE_BOOL)
		mix(h, &v->as.boolean, sizeof(v->as.boolean));
	else if (v->kind == VALUE_NUMBER)
		mix(h, &v->as.number, sizeof(v->as.number));
	else if (v->kind == VALUE_LIST)
		for (size_t i = 0; i < v->as.list.len; i++)
			mix_value(h, v->as.list.items[i], depth + 1, deep);
	else if (v->kind == VALUE_MAP)
		for (size_t i = 0; i < v->as.map.len; i++) {
			mix_str(h, v->as.map.items[i].key);
			mix_value(h, v->as.map.items[i].val, depth + 1, deep);
		}
}

void
deps_hash_value(uint64_t *h, const struct value *v, bool *deep)
{
	mix_value(h, v, 0, deep);
}

static void
mix_pages(uint64_t *h, const struct content *c, const long *idx, size_t n)
{
	mix(h, &n, sizeof(n));
	for (size_t i = 0; i < n; i++)
		mix_str(h, c->pages[idx[i]].url);
}

uint64_t
deps_seen(const struct content *c, size_t i, bool *deep)
{
	const struct page *p = &c->pages[i];
	uint64_t h = 0;
	int head[3] = {p->kind, p->lang, p->has_weight};
	mix(&h, head, sizeof(head));
	mix(&h, &p->weight, sizeof(p->weight));
	mix_str(&h, p->url);
	mix_str(&h, p->title);
	mix_str(&h, p->layout);
	mix_str(&h, p->date ? p->date->str : NULL);
	mix_value(&h, p->meta, 0, deep);
	mix_str(&h, p->section >= 0 ? c->pages[c->sections[p->section].page].url : NULL);
	mix_str(&h, p->prev >= 0 ? c->pages[p->prev].url : NULL);
	mix_str(&h, p->next >= 0 ? c->pages[p->next].url : NULL);
	if (p->own_section >= 0) {
		const struct section *sc = &c->sections[p->own_section];
		mix_pages(&h, c, sc->pages, sc->npages);
		mix_pages(&h, c, sc->children, sc->nchildren);
	}
	return h;
}

const char *
deps_identity(struct arena *arena, const struct page *p)
{
	return p->rel ? p->rel : arena_join(arena, "=", p->url);
}

bool *
deps_plan(struct deps *dp, struct arena *arena, const struct content *c, const uint64_t *md_key,
          const bool *md_fresh, bool md_shown)
{
	return deps_plan_seen(dp, arena, c, md_key, md_fresh, md_shown, NULL, NULL);
}

bool *
deps_plan_seen(struct deps *dp, struct arena *arena, const struct content *c,
               const uint64_t *md_key, const bool *md_fresh, bool md_shown, const uint64_t *seen,
               const bool *deeps)
{
	if (!dp->valid || dp->len != c->npages)
		return NULL;
	bool *keep = arena_alloc(arena, (c->npages + 1) * sizeof(*keep));
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *p = &c->pages[i];
		const char *id = deps_identity(arena, p);
		/* Pages come in the order they came last time, as a rule: the
		 * record at i is a compare away, the map a hash and a miss. */
		long r = i < dp->len && strcmp(dp->records[i].id, id) == 0
		             ? (long)i
		             : strmap_cget(&dp->by_id, id);
		bool deep = deeps != NULL && deeps[i];
		uint64_t h = seen != NULL ? seen[i] : deps_seen(c, i, &deep);
		/* Translations are pages too: their titles and URLs are in
		 * their own fingerprints, and the page set is the same. */
		if (r < 0 || dp->records[r].seen != h || deep)
			return NULL;
		bool md_changed = md_fresh[i] || dp->records[r].md != md_key[i];
		if (md_changed && md_shown)
			return NULL;
		keep[i] = !md_changed && !dp->records[r].noisy;
	}
	return keep;
}

void
deps_commit(struct deps *dp, const struct content *c, const uint64_t *md_key, const bool *noisy)
{
	deps_reset(dp);
	struct arena *scratch = arena_new();
	dp->records = xcalloc(c->npages + 1, sizeof(*dp->records));
	dp->cap = c->npages + 1;
	for (size_t i = 0; i < c->npages; i++) {
		bool deep = false;
		struct record *r = &dp->records[dp->len];
		r->id = xstrdup(deps_identity(scratch, &c->pages[i]));
		r->seen = deps_seen(c, i, &deep);
		r->md = md_key[i];
		r->noisy = noisy[i] || deep;
		if (strmap_add(&dp->by_id, r->id, strlen(r->id), (long)dp->len) != (long)dp->len) {
			free(r->id); /* two pages, one identity: plan renders all */
			continue;
		}
		dp->len++;
	}
	arena_free(scratch);
	dp->valid = true;
}

void
deps_add(struct deps *dp, const char *id, uint64_t seen, uint64_t md, bool noisy)
{
	if (dp->len == dp->cap) {
		if (dp->cap > SIZE_MAX / 2 / sizeof(*dp->records))
			abort(); /* as the x* allocators do when memory runs out */
		dp->cap = dp->cap ? dp->cap * 2 : 64;
		dp->records = xrealloc(dp->records, dp->cap * sizeof(*dp->records));
	}
	struct record *r = &dp->records[dp->len];
	*r = (struct record){xstrdup(id), seen, md, noisy};
	if (strmap_add(&dp->by_id, r->id, strlen(r->id), (long)dp->len) != (long)dp->len)
		free(r->id); /* one identity twice: the first stands */
	else
		dp->len++;
	dp->valid = true;
}

void
deps_set_markdown(struct deps *dp, const char *rel, uint64_t md_key)
{
	long r = strmap_cget(&dp->by_id, rel);
	if (r >= 0)
		dp->records[r].md = md_key;
}
