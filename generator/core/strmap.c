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

static struct strmap_slot *
find(const struct strmap *m, const char *key, size_t len)
{
	size_t mask = m->cap - 1;
	for (size_t i = hash_bytes(key, len, 0) & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (s->key == NULL || (s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

static void
grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? arena_size_mul(old.cap, 2) : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*find(m, old.slots[i].key, old.slots[i].len) = old.slots[i];
	free(old.slots);
}

/* The slot of key, empty when key is new: room for it is made first. */
static struct strmap_slot *
slot_for(struct strmap *m, const char *key, size_t len)
{
	/* Keep the load under 1/2 so probes stay short. */
	if (m->count + 1 > m->cap / 2)
		grow(m);
	return find(m, key, len);
}

long
strmap_add(struct strmap *m, const char *key, size_t len, long val)
{
	struct strmap_slot *s = slot_for(m, key, len);
	if (s->key != NULL)
		return s->val;
	*s = (struct strmap_slot){key, len, val};
	m->count++;
	return val;
}

void
strmap_set(struct strmap *m, const char *key, size_t len, long val)
{
	struct strmap_slot *s = slot_for(m, key, len);
	if (s->key == NULL)
		m->count++;
	*s = (struct strmap_slot){key, len, val};
}

long
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (m->cap == 0)
		return -1;
	struct strmap_slot *s = find(m, key, len);
	return s->key != NULL ? s->val : -1;
}

long
strmap_cget(const struct strmap *m, const char *key)
{
	return strmap_get(m, key, strlen(key));
}
