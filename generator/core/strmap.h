/*
 * strmap: a hash table from strings to indices (open addressing, linear
 * probing). Keys are borrowed: they must outlive the map. Used to find
 * pages by path and URL without scanning lists.
 */
#ifndef BRIEF_STRMAP_H
#define BRIEF_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char *key;
	size_t len;
	long val;
	uint64_t hash; /* of key: probes and growth skip most compares */
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, count;
};

/* An empty map needs no set-up beyond zeroing; pair with strmap_free(). */
void strmap_free(struct strmap *m);

/* Makes room for n keys in all, so that adding up to n rehashes nothing:
 * for callers that know the count ahead. */
void strmap_reserve(struct strmap *m, size_t n);

/* Stores key -> val unless key is present. Returns the value now stored,
 * so a caller can tell a collision (result != val). O(1) amortised. */
long strmap_add(struct strmap *m, const char *key, size_t len, long val);

/* For many adds in a row, each slot asked for ahead of its add: the hash
 * of key, the hint that its slot is soon used (when the table will not
 * grow before), and strmap_add() with that hash. */
uint64_t strmap_hash(const char *key, size_t len);
void strmap_prefetch(const struct strmap *m, uint64_t hash);
long strmap_add_hashed(struct strmap *m, const char *key, size_t len, uint64_t hash, long val);

/* Stores key -> val, replacing what key held. O(1) amortised. */
void strmap_set(struct strmap *m, const char *key, size_t len, long val);

/* The value of key, or -1. */
long strmap_get(const struct strmap *m, const char *key, size_t len);
long strmap_cget(const struct strmap *m, const char *key);

#endif
