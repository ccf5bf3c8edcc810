#include "hash.h"

#include <string.h>

/* Keys are paths and URLs of 50 bytes and more, bodies kilobytes: a byte
 * a step (FNV-1a) was most of a lookup's cost, and of a large build's
 * hashing. */
uint64_t
hash_bytes(const void *bytes, size_t len, uint64_t seed)
{
	const unsigned char *s = bytes;
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ len ^ seed, w;
	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * UINT64_C(0xbf58476d1ce4e5b9);
		h ^= h >> 31;
	}
	w = 0;
	if (len > 0)
		memcpy(&w, s, len);
	h = (h ^ w) * UINT64_C(0x94d049bb133111eb);
	return h ^ (h >> 29);
}
