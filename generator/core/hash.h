/*
 * hash: the one 64-bit hash of brief, eight bytes a step: hash tables'
 * keys, the checksums and fingerprints of the build cache, the keys of
 * what a body renders to. Fast and well spread; not against an adversary
 * (nothing here is keyed by it across a trust boundary). Values written
 * to the build cache depend on it: a change invalidates those caches.
 */
#ifndef BRIEF_HASH_H
#define BRIEF_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of len bytes (bytes may be NULL when len is 0). seed chains
 * hashes: hash_bytes(b, n, hash_bytes(a, m, 0)) covers a then b. */
uint64_t hash_bytes(const void *bytes, size_t len, uint64_t seed);

#endif
