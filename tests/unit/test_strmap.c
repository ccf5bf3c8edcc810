/*
 * strmap: keys found by content, not by pointer; a second add keeps the
 * first value; set replaces; growth and strmap_reserve keep every key.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "strmap.h"

#define NKEYS 5000

static char keys[NKEYS][16];

static void
make_keys(void)
{
	for (int i = 0; i < NKEYS; i++)
		snprintf(keys[i], sizeof(keys[i]), "k/%d", i);
}

/* Every key i maps to i, and a key never added is missing. */
static bool
all_found(const struct strmap *m)
{
	char other[16];
	for (int i = 0; i < NKEYS; i++) {
		snprintf(other, sizeof(other), "%s", keys[i]); /* another pointer */
		if (strmap_cget(m, other) != i)
			return false;
	}
	return strmap_cget(m, "k/-1") == -1 && strmap_get(m, "k/1", 2) == -1;
}

TEST(add_get_set_through_growth)
{
	struct strmap m = {0};
	CHECK_INT(strmap_cget(&m, "none"), -1);
	for (int i = 0; i < NKEYS; i++)
		CHECK_INT(strmap_add(&m, keys[i], strlen(keys[i]), i), i);
	CHECK_INT(strmap_add(&m, "k/7", 3, 99), 7); /* a collision: the first stays */
	CHECK(m.count == NKEYS);
	CHECK(all_found(&m));
	strmap_set(&m, "k/7", 3, 70);
	CHECK_INT(strmap_cget(&m, "k/7"), 70);
	strmap_set(&m, "k/7", 3, 7);
	CHECK(m.count == NKEYS);
	strmap_free(&m);
	CHECK(m.slots == NULL && m.cap == 0);
}

TEST(reserve_makes_room_once)
{
	struct strmap m = {0};
	strmap_reserve(&m, NKEYS);
	size_t cap = m.cap;
	CHECK(cap >= 2 * NKEYS && (cap & (cap - 1)) == 0);
	for (int i = 0; i < NKEYS; i++)
		strmap_add(&m, keys[i], strlen(keys[i]), i);
	CHECK(m.cap == cap); /* no growth on the way */
	CHECK(all_found(&m));
	strmap_reserve(&m, 10); /* never shrinks */
	CHECK(m.cap == cap);
	strmap_reserve(&m, 4 * NKEYS); /* growing a full map keeps its keys */
	CHECK(m.cap > cap);
	CHECK(all_found(&m));
	strmap_free(&m);
}

TEST(hashed_adds_are_plain_adds)
{
	struct strmap m = {0};
	strmap_prefetch(&m, strmap_hash("k/0", 3)); /* no table yet: nothing to ask for */
	strmap_reserve(&m, NKEYS);
	for (int i = 0; i < NKEYS; i++) {
		uint64_t h = strmap_hash(keys[i], strlen(keys[i]));
		strmap_prefetch(&m, h);
		CHECK_INT(strmap_add_hashed(&m, keys[i], strlen(keys[i]), h, i), i);
	}
	CHECK(all_found(&m)); /* plain gets hash the same way */
	CHECK_INT(strmap_add(&m, "k/9", 3, 1), 9);
	CHECK_INT(strmap_add_hashed(&m, "k/9", 3, strmap_hash("k/9", 3), 1), 9);
	strmap_free(&m);
}

int
main(void)
{
	make_keys();
	RUN(add_get_set_through_growth);
	RUN(reserve_makes_room_once);
	RUN(hashed_adds_are_plain_adds);
	return check_summary();
}
