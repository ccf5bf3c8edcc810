#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash.h"

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* The slot of key, else the empty one where it would go. The stored hash
 * is compared first: most probes then skip the memcmp and its cache miss. */
static struct strmap_slot *
find(const struct strmap *m, const char *key, size_t len, uint64_t hash)
{
	size_t mask = m->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (s->key == NULL ||
		    (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

/* Moves every key into a table of cap slots (a power of two). Keys are
 * distinct and carry their hash: each goes to the first free slot. */
static void
resize(struct strmap *m, size_t cap)
{
	struct strmap old = *m;
	m->cap = cap;
	/* Zeroed by writing, not calloc's untouched pages: a probe would
	 * first map the shared zero page, and the insert then copy it, a
	 * fault and a TLB flush across every core the build's threads run
	 * on (a build reads the cache file and makes folders meanwhile). */
	size_t bytes = arena_size_mul(m->cap, sizeof(*m->slots));
	m->slots = memset(xmalloc(bytes), 0, bytes);
	size_t mask = m->cap - 1;
	for (size_t i = 0; i < old.cap; i++) {
		if (old.slots[i].key == NULL)
			continue;
		size_t k = old.slots[i].hash & mask;
		while (m->slots[k].key != NULL)
			k = (k + 1) & mask;
		m->slots[k] = old.slots[i];
	}
	free(old.slots);
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	/* Keep the load under 1/2 so probes stay short. */
	size_t cap = m->cap ? m->cap : 64;
	while (n > cap / 2)
		cap = arena_size_mul(cap, 2);
	if (cap != m->cap)
		resize(m, cap);
}

/* The slot of key, empty when key is new: room for it is made first. */
static struct strmap_slot *
slot_for(struct strmap *m, const char *key, size_t len, uint64_t hash)
{
	if (m->count + 1 > m->cap / 2)
		resize(m, m->cap ? arena_size_mul(m->cap, 2) : 64);
	return find(m, key, len, hash);
}

uint64_t
strmap_hash(const char *key, size_t len)
{
	return hash_bytes(key, len, 0);
}

void
strmap_prefetch(const struct strmap *m, uint64_t hash)
{
	if (m->cap != 0)
		__builtin_prefetch(&m->slots[hash & (m->cap - 1)]);
}

long
strmap_add(struct strmap *m, const char *key, size_t len, long val)
{
	return strmap_add_hashed(m, key, len, hash_bytes(key, len, 0), val);
}

long
strmap_add_hashed(struct strmap *m, const char *key, size_t len, uint64_t hash, long val)
{
	struct strmap_slot *s = slot_for(m, key, len, hash);
	if (s->key != NULL)
		return s->val;
	*s = (struct strmap_slot){key, len, val, hash};
	m->count++;
	return val;
}

void
strmap_set(struct strmap *m, const char *key, size_t len, long val)
{
	uint64_t hash = hash_bytes(key, len, 0);
	struct strmap_slot *s = slot_for(m, key, len, hash);
	if (s->key == NULL)
		m->count++;
	*s = (struct strmap_slot){key, len, val, hash};
}

long
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (m->cap == 0)
		return -1;
	struct strmap_slot *s = find(m, key, len, hash_bytes(key, len, 0));
	return s->key != NULL ? s->val : -1;
}

long
strmap_cget(const struct strmap *m, const char *key)
{
	return strmap_get(m, key, strlen(key));
}
