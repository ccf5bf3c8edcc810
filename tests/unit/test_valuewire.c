/*
 * valuewire: a value tree to bytes and back is the same tree (kinds,
 * flags, positions, text, numbers, dates, shared nodes), deep nesting
 * included; truncated or corrupt bytes are refused, never read past.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "valuewire.h"
#include "yamlload.h"

static struct arena *arena;

static const char *const path = "content/p.md";

/* Field by field: the struct's padding is whatever the loader left. */
static bool
same_date(const struct value_date *a, const struct value_date *b)
{
	return a->year == b->year && a->tz_minutes == b->tz_minutes && a->month == b->month &&
	       a->day == b->day && a->hour == b->hour && a->minute == b->minute &&
	       a->second == b->second && a->has_time == b->has_time && a->has_tz == b->has_tz;
}

/* Whether a and b are the same tree, node by node, positions included. */
static bool
same(const struct value *a, const struct value *b, unsigned depth)
{
	if (depth > VALUEWIRE_DEPTH + 1 || a->kind != b->kind || a->rooted != b->rooted ||
	    a->root_marked != b->root_marked || a->has_text != b->has_text ||
	    a->pos.line != b->pos.line || a->pos.col != b->pos.col || a->len != b->len ||
	    memcmp(a->str, b->str, a->len) != 0 || b->str[b->len] != '\0' ||
	    strcmp(b->pos.path, path) != 0)
		return false;
	switch (a->kind) {
	case VALUE_BOOL: return a->as.boolean == b->as.boolean;
	case VALUE_NUMBER: return memcmp(&a->as.number, &b->as.number, sizeof(double)) == 0;
	case VALUE_DATE: return same_date(&a->as.date, &b->as.date);
	case VALUE_LIST:
		if (a->as.list.len != b->as.list.len)
			return false;
		for (size_t i = 0; i < a->as.list.len; i++)
			if (!same(a->as.list.items[i], b->as.list.items[i], depth + 1))
				return false;
		return true;
	case VALUE_MAP:
		if (a->as.map.len != b->as.map.len)
			return false;
		for (size_t i = 0; i < a->as.map.len; i++) {
			const struct value_entry *x = &a->as.map.items[i], *y = &b->as.map.items[i];
			if (x->key_len != y->key_len || memcmp(x->key, y->key, x->key_len) != 0 ||
			    !same(x->val, y->val, depth + 1))
				return false;
		}
		return true;
	default: return true;
	}
}

static struct value *
yaml(const char *src)
{
	struct diag d;
	diag_init_buffered(&d);
	struct value *v = yamlload_string(arena, &d, path, src, strlen(src), 2);
	diag_close(&d);
	return v;
}

/* v encoded and decoded again; NULL when either side refused. */
static struct value *
round_trip(const struct value *v, struct buf *bytes)
{
	buf_clear(bytes);
	if (!valuewire_encode(v, path, bytes))
		return NULL;
	/* Another copy of the path: positions take the one given. */
	return valuewire_decode(arena, bytes->ptr, bytes->len, arena_strdup(arena, path));
}

TEST(every_kind_comes_back_as_it_was)
{
	struct value *v = yaml("title: \"Q3 \\u00e9 report\"\n"
	                       "date: 2024-01-02T10:30:00+02:00\n"
	                       "day: 1999-12-31\n"
	                       "weight: -1.5e3\n"
	                       "hex: 0x10\n"
	                       "draft: false\n"
	                       "shown: true\n"
	                       "none: ~\n"
	                       "empty: ''\n"
	                       "tags: [a, b, c]\n"
	                       "nested: {x: {y: [1, {z: 2024-05-06}]}}\n"
	                       "\"key with\\0nul\": 1\n"
	                       "blank: []\n"
	                       "nomap: {}\n");
	REQUIRE(v != NULL && v->kind == VALUE_MAP);
	struct value *flagged = value_cget(v, "title");
	flagged->rooted = flagged->root_marked = true;
	value_cget(v, "day")->has_text = true;
	struct buf bytes = BUF_INIT;
	struct value *back = round_trip(v, &bytes);
	REQUIRE(back != NULL);
	CHECK(same(v, back, 0));
	CHECK(value_cget(back, "date")->kind == VALUE_DATE);
	CHECK(value_cget(back, "date")->as.date.tz_minutes == 120);
	CHECK_INT(value_cget(back, "weight")->as.number, -1500);
	CHECK_STR(value_cget(back, "hex")->str, "0x10");
	CHECK_INT(value_cget(back, "tags")->pos.line, 11);
	CHECK_INT(value_cget(back, "tags")->pos.col, 7);
	CHECK(value_cget(back, "title")->rooted && !value_cget(back, "date")->rooted);
	/* The bytes are compact: less than the YAML's 300 or so. */
	CHECK(bytes.len < 400);
	buf_free(&bytes);
}

TEST(shared_nodes_stay_shared)
{
	struct value *v =
	    yaml("base: &b {k: \"2024-01-01\"}\none: *b\ntwo: *b\ns: &t text\nu: *t\n");
	REQUIRE(v != NULL);
	REQUIRE(value_cget(v, "one") == value_cget(v, "two"));
	struct buf bytes = BUF_INIT;
	struct value *back = round_trip(v, &bytes);
	REQUIRE(back != NULL);
	CHECK(same(v, back, 0));
	CHECK(value_cget(back, "base") == value_cget(back, "one"));
	CHECK(value_cget(back, "two") == value_cget(back, "one"));
	CHECK(value_cget(back, "s") == value_cget(back, "u"));
	buf_free(&bytes);
}

/* A list nested n deep, positioned in path. */
static struct value *
nest(unsigned n)
{
	struct value *v = value_string(arena, "leaf", 4, (struct pos){path, 1, 1});
	for (unsigned i = 0; i < n; i++) {
		struct value *list = value_list(arena, (struct pos){path, i + 2, 1});
		value_list_push(arena, list, v);
		v = list;
	}
	return v;
}

TEST(deep_nesting_round_trips_up_to_the_bound)
{
	struct buf bytes = BUF_INIT;
	struct value *deep = nest(VALUEWIRE_DEPTH);
	struct value *back = round_trip(deep, &bytes);
	REQUIRE(back != NULL);
	CHECK(same(deep, back, 0));
	/* Past it: not kept, and out left as it was. */
	buf_clear(&bytes);
	buf_puts(&bytes, "x");
	CHECK(!valuewire_encode(nest(VALUEWIRE_DEPTH + 1), path, &bytes));
	CHECK(bytes.len == 1);
	buf_free(&bytes);
}

TEST(a_node_of_another_file_is_not_kept)
{
	struct value *v = value_map(arena, (struct pos){path, 1, 1});
	value_map_put(arena, v, "x", value_string(arena, "y", 1, (struct pos){"other.yaml", 1, 1}));
	struct buf bytes = BUF_INIT;
	CHECK(!valuewire_encode(v, path, &bytes) && bytes.len == 0);
	value_map_put(arena, v, "z", value_bool(arena, true)); /* no position at all */
	CHECK(!valuewire_encode(v, path, &bytes));
	buf_free(&bytes);
}

TEST(truncated_or_corrupt_bytes_are_refused)
{
	struct value *v =
	    yaml("title: T\ndate: 2024-01-02\ntags: [a, b]\nw: 3\nx: &a [1]\ny: *a\n");
	REQUIRE(v != NULL);
	struct buf bytes = BUF_INIT;
	REQUIRE(valuewire_encode(v, path, &bytes));
	/* Every prefix is refused; so is anything after the tree. */
	for (size_t n = 0; n < bytes.len; n++)
		CHECK(valuewire_decode(arena, bytes.ptr, n, path) == NULL);
	buf_putc(&bytes, 0);
	CHECK(valuewire_decode(arena, bytes.ptr, bytes.len, path) == NULL);
	buf_truncate(&bytes, bytes.len - 1);
	/* Every byte flipped: refused or read to some tree, never past the
	 * end (ASan) nor into a cycle. */
	size_t refused = 0;
	for (size_t i = 0; i < bytes.len; i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			bytes.ptr[i] ^= (char)(1 << bit);
			refused += valuewire_decode(arena, bytes.ptr, bytes.len, path) == NULL;
			bytes.ptr[i] ^= (char)(1 << bit);
		}
	}
	CHECK(refused > 0);
	/* A huge count, a reference forward, a reference to an open node. */
	const char huge[] = {VALUE_LIST, 1, 1, 0, (char)0xff, (char)0xff, (char)0xff, 0x7f};
	CHECK(valuewire_decode(arena, huge, sizeof(huge), path) == NULL);
	const char forward[] = {VALUE_LIST, 1, 1, 0, 1, 7, 5};
	CHECK(valuewire_decode(arena, forward, sizeof(forward), path) == NULL);
	const char cycle[] = {VALUE_LIST, 1, 1, 0, 1, 7, 0};
	CHECK(valuewire_decode(arena, cycle, sizeof(cycle), path) == NULL);
	const char ok[] = {VALUE_LIST, 1, 1, 0, 2, VALUE_NULL, 2, 3, 0, 7, 1};
	struct value *list = valuewire_decode(arena, ok, sizeof(ok), path);
	CHECK(list != NULL && list->as.list.len == 2 &&
	      list->as.list.items[0] == list->as.list.items[1]);
	const char badkind[] = {(char)0x46, 1, 1, 0};
	CHECK(valuewire_decode(arena, badkind, sizeof(badkind), path) == NULL);
	buf_free(&bytes);
}

int
main(void)
{
	arena = arena_new();
	RUN(every_kind_comes_back_as_it_was);
	RUN(shared_nodes_stay_shared);
	RUN(deep_nesting_round_trips_up_to_the_bound);
	RUN(a_node_of_another_file_is_not_kept);
	RUN(truncated_or_corrupt_bytes_are_refused);
	arena_free(arena);
	return check_summary();
}
