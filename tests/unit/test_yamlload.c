/* yamlload and value: YAML text to the value tree, with positions. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "value.h"
#include "yamlload.h"

static struct arena *arena;
static char *diag_text;
static size_t diag_size;

/* Loads src and returns its JSON form, or the diagnostics when it fails. */
static const char *
load(const char *src, unsigned first_line)
{
	free(diag_text);
	FILE *f = open_memstream(&diag_text, &diag_size);
	struct diag d;
	diag_init(&d, f);
	struct value *v = yamlload_string(arena, &d, "t.yaml", src, strlen(src), first_line);
	fclose(f);
	diag_close(&d);
	if (v == NULL)
		return arena_strdup(arena, diag_text);
	struct buf b = BUF_INIT;
	value_to_json(v, &b);
	const char *s = arena_strdup(arena, b.ptr);
	buf_free(&b);
	return s;
}

TEST(scalars_are_typed_by_the_core_schema)
{
	CHECK_STR(load("a: 1\nb: 1.5\nc: true\nd: ~\ne: hello\nf: '1'\ng: 0x10\nh: 1e3\n", 1),
	          "{\"a\":1,\"b\":1.5,\"c\":true,\"d\":null,\"e\":\"hello\",\"f\":\"1\",\"g\":16,"
	          "\"h\":1000}");
	CHECK_STR(load("- yes\n- 1.2.3\n- -7\n- .inf\n- !!str 12\n", 1),
	          "[\"yes\",\"1.2.3\",-7,Infinity,\"12\"]");
}

TEST(dates_are_dates)
{
	CHECK_STR(load("d: 2018-07-16\nt: 2018-07-16T09:30:00Z\nx: 2018-02-30\n", 1),
	          "{\"d\":date:\"2018-07-16\",\"t\":date:\"2018-07-16T09:30:00Z\","
	          "\"x\":\"2018-02-30\"}");
}

TEST(positions_count_from_first_line)
{
	free(diag_text);
	FILE *f = open_memstream(&diag_text, &diag_size);
	struct diag d;
	diag_init(&d, f);
	struct value *v = yamlload_string(arena, &d, "p.md", "title: x\nlist:\n  - a\n", 21, 2);
	fclose(f);
	CHECK(v != NULL);
	struct value *title = value_cget(v, "title");
	CHECK_INT(title->pos.line, 2);
	CHECK_INT(title->pos.col, 8);
	struct value *item = value_cget(v, "list")->as.list.items[0];
	CHECK_INT(item->pos.line, 4);
	CHECK_INT(item->pos.col, 5);
	CHECK_STR(item->pos.path, "p.md");
}

TEST(syntax_errors_have_positions)
{
	CHECK_STR(load("a: 1\nb: [1, 2\n", 1),
	          "t.yaml:3:1: error: did not find expected ',' or ']'\n"
	          "t.yaml:2:4: note: while parsing a flow sequence that starts here\n");
	CHECK_STR(load("a: b: c\n", 5),
	          "t.yaml:5:5: error: mapping values are not allowed in this context\n");
}

TEST(duplicate_keys_are_errors)
{
	CHECK_STR(load("a: 1\nb: 2\na: 3\n", 1), "t.yaml:3:1: error: duplicate key 'a'\n");
}

/* Past a few keys a map hashes them: the same errors, positions and merges. */
TEST(wide_maps_find_duplicates_and_merge)
{
	struct buf src = BUF_INIT, want = BUF_INIT;
	buf_puts(&src, "base: &b {k3: no, extra: yes}\nm:\n");
	buf_puts(&want, "{\"base\":{\"k3\":\"no\",\"extra\":\"yes\"},\"m\":{");
	for (int i = 0; i < 20; i++) {
		buf_printf(&src, "  k%d: %d\n", i, i);
		buf_printf(&want, "\"k%d\":%d,", i, i);
	}
	buf_puts(&src, "  <<: *b\n");
	buf_puts(&want, "\"extra\":\"yes\"}}");
	CHECK_STR(load(src.ptr, 1), want.ptr);
	buf_puts(&src, "  k11: again\n");
	CHECK_STR(load(src.ptr, 1), "t.yaml:24:3: error: duplicate key 'k11'\n");
	buf_free(&src);
	buf_free(&want);
}

TEST(aliases_are_shared_and_merged)
{
	CHECK_STR(load("base: &b {x: 1, y: 2}\nuse: *b\nm:\n  <<: *b\n  y: 3\n", 1),
	          "{\"base\":{\"x\":1,\"y\":2},\"use\":{\"x\":1,\"y\":2},\"m\":{\"y\":3,\"x\":1}}");
	CHECK_STR(load("a: *nope\n", 1), "t.yaml:1:4: error: unknown alias '*nope'\n");
}

TEST(billion_laughs_is_refused)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++)
		buf_printf(&b,
		           "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
		           "*a%d]\n",
		           i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
		           i - 1);
	const char *r = load(b.ptr, 1);
	CHECK(strstr(r, "error: aliases expand to more than 1000000 nodes: raise "
	                "limits.alias_nodes in site.yaml") != NULL);
	buf_free(&b);
}

/* The alias budget counts what aliases add, not the document's own nodes. */
TEST(a_long_plain_list_is_no_alias_expansion)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "items:\n");
	for (int i = 0; i < 1100000; i++)
		buf_puts(&b, "- 1\n");
	CHECK(strncmp(load(b.ptr, 1), "{\"items\":[1,1,", 14) == 0);
	buf_free(&b);
}

TEST(depth_is_bounded)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 100; i++)
		buf_putc(&b, '[');
	for (int i = 0; i < 100; i++)
		buf_putc(&b, ']');
	CHECK_STR(
	    load(b.ptr, 1),
	    "t.yaml:1:65: error: nesting deeper than 64 levels: raise limits.depth in site.yaml\n");
	buf_free(&b);
}

TEST(empty_document_is_null)
{
	CHECK_STR(load("", 1), "null");
	CHECK_STR(load("# only a comment\n", 1), "null");
}

TEST(values_print_and_compare)
{
	struct buf b = BUF_INIT;
	value_to_text(value_number(arena, 1.210), &b);
	buf_putc(&b, ' ');
	value_to_text(value_number(arena, 85), &b);
	buf_putc(&b, ' ');
	value_to_text(value_number(arena, 0.1), &b);
	CHECK_STR(b.ptr, "1.21 85 0.1");
	buf_free(&b);
	struct value_date x, y;
	CHECK(value_parse_date("2018-07-16T10:00:00+02:00", 25, &x));
	CHECK(value_parse_date("2018-07-16T08:00:00Z", 20, &y));
	CHECK_INT(value_date_cmp(&x, &y), 0);
	CHECK(!value_parse_date("2018-13-01", 10, &x));
	CHECK(!value_truthy(value_cstring(arena, "")));
	CHECK(value_truthy(value_number(arena, 0)));
}

TEST(dotted_paths)
{
	struct value *root = value_map(arena, (struct pos){0});
	struct value *people = value_map(arena, (struct pos){0});
	value_map_put(arena, root, "people", people);
	value_map_put(arena, people, "team", value_cstring(arena, "t"));
	CHECK_STR(value_str(value_path(root, "people.team")), "t");
	CHECK(value_path(root, "people.nobody") == NULL);
	value_map_set(arena, people, "team", value_cstring(arena, "u"));
	CHECK_STR(value_str(value_path(root, "people.team")), "u");
	CHECK_INT(people->as.map.len, 1);
}

/* Regression: a container's anchor lived in an array that a ninth anchor
 * moved, so closing the container wrote into freed memory (ASan) or
 * reported a bogus cycle (release). */
TEST(many_anchors_inside_an_anchored_list)
{
	struct buf src = BUF_INIT, list = BUF_INIT, want = BUF_INIT;
	buf_puts(&src, "list: &outer\n");
	for (int i = 1; i <= 17; i++) {
		buf_printf(&src, "  - &a%d %d\n", i, i);
		buf_printf(&list, "%s%d", i > 1 ? "," : "", i);
	}
	buf_puts(&src, "again: *outer\n");
	buf_printf(&want, "{\"list\":[%s],\"again\":[%s]}", list.ptr, list.ptr);
	CHECK_STR(load(src.ptr, 1), want.ptr);
	buf_free(&src);
	buf_free(&list);
	buf_free(&want);
}

/* An anchor named again wins from there on; the alias before it keeps
 * the first. */
TEST(a_later_anchor_of_the_same_name_wins)
{
	CHECK_STR(load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n", 1), "{\"a\":1,\"b\":1,\"c\":2,\"d\":2}");
}

int
main(void)
{
	arena = arena_new();
	RUN(scalars_are_typed_by_the_core_schema);
	RUN(dates_are_dates);
	RUN(positions_count_from_first_line);
	RUN(syntax_errors_have_positions);
	RUN(duplicate_keys_are_errors);
	RUN(wide_maps_find_duplicates_and_merge);
	RUN(aliases_are_shared_and_merged);
	RUN(billion_laughs_is_refused);
	RUN(a_long_plain_list_is_no_alias_expansion);
	RUN(depth_is_bounded);
	RUN(empty_document_is_null);
	RUN(values_print_and_compare);
	RUN(dotted_paths);
	RUN(many_anchors_inside_an_anchored_list);
	RUN(a_later_anchor_of_the_same_name_wins);
	arena_free(arena);
	free(diag_text);
	return check_summary();
}
