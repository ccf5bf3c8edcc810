/* Data files: JSON (jsonload, held to JSON's grammar) and CSV (csvload,
 * libcsv into a list of maps), with their positions. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "csvload.h"
#include "jsonload.h"
#include "value.h"

static struct arena *arena;
static char *diag_text;
static size_t diag_size;
static struct value *last;

/* Loads src as JSON or CSV and returns its compact JSON form, or the
 * diagnostics when it fails. */
static const char *
load(bool csv, const char *src)
{
	free(diag_text);
	FILE *f = open_memstream(&diag_text, &diag_size);
	struct diag d;
	diag_init(&d, f);
	last = csv ? csvload_string(arena, &d, "t.csv", src, strlen(src))
	           : jsonload_string(arena, &d, "t.json", src, strlen(src), 1);
	fclose(f);
	diag_close(&d);
	if (last == NULL)
		return arena_strdup(arena, diag_text);
	struct buf b = BUF_INIT;
	value_to_json(last, &b);
	const char *s = arena_strdup(arena, b.ptr);
	buf_free(&b);
	return s;
}

static const char *
json(const char *src)
{
	return load(false, src);
}

static const char *
csv(const char *src)
{
	return load(true, src);
}

TEST(json_values_of_every_kind)
{
	CHECK_STR(
	    json("{\"a\": {\"b\": [1, [2, {}], []]}, \"t\": true, \"f\": false, \"n\": null}"),
	    "{\"a\":{\"b\":[1,[2,{}],[]]},\"t\":true,\"f\":false,\"n\":null}");
	CHECK_STR(json("[1.5e3, -2E-2, 0, -0.5, 10]"), "[1500,-0.02,0,-0.5,10]");
	CHECK_STR(json("\"top\""), "\"top\"");
	CHECK_STR(json("42"), "42");
	/* Quoted text is text, however it looks. */
	CHECK_STR(json("[\"007\", \"true\", \"2018-07-16\", \"1e3\"]"),
	          "[\"007\",\"true\",\"2018-07-16\",\"1e3\"]");
	/* JSON needs no space after ':' (YAML does, outside JSON-like keys). */
	CHECK_STR(json("{\"a\":1,\"b\":\"x\"}"), "{\"a\":1,\"b\":\"x\"}");
	/* Tabs indent JSON freely; a byte order mark may open it. */
	CHECK_STR(json("{\n\t\"a\": [\n\t\t1\n\t]\n}\n"), "{\"a\":[1]}");
	CHECK_STR(json("\xEF\xBB\xBF[1]"), "[1]");
}

TEST(json_escapes_decode)
{
	CHECK_STR(json("[\"\\u00e9t\\u00E9\", \"a\\/b\", \"q\\\"\\\\\", \"\\t\"]"),
	          "[\"\xC3\xA9t\xC3\xA9\",\"a/b\",\"q\\\"\\\\\",\"\\u0009\"]");
	/* A surrogate pair, as Python's json.dumps writes U+1F600. */
	CHECK_STR(json("{\"x\": \"\\ud83d\\ude00!\", \"y\": 1}"),
	          "{\"x\":\"\xF0\x9F\x98\x80!\",\"y\":1}");
	/* Positions after it on its line stay exact. */
	CHECK_STR(json("{\"x\": \"\\ud83d\\ude00\", \"y\": 1,}"),
	          "t.json:1:29: error: trailing comma before '}'\n");
	CHECK(strstr(json("[\"\\ud83d\"]"), "t.json:1:") != NULL);
	/* Raw U+0085, U+2028 and U+2029 are text in a JSON string, though
	 * libyaml reads them as line breaks. */
	CHECK_STR(json("[\"a\xC2\x85"
	               "b\", \"c\xE2\x80\xA8"
	               "d\xE2\x80\xA9\", 1]"),
	          "[\"a\xC2\x85"
	          "b\",\"c\xE2\x80\xA8"
	          "d\xE2\x80\xA9\",1]");
	CHECK_STR(json("{\"x\": \"\\ud83d\\ude00\xE2\x80\xA8\", \"y\": 1,}"),
	          "t.json:1:30: error: trailing comma before '}'\n");
	/* The escape is longer: later columns on its line move right, but a
	 * raw break no longer counts as a new line. */
	CHECK(strncmp(json("{\"x\":\n\"\xC2\x85\",}\n[1,]"), "t.json:2:", 9) == 0);
}

TEST(json_positions_are_kept)
{
	json("{\n  \"name\": \"Ann\",\n  \"n\": [1, 2]\n}");
	struct value *name = value_cget(last, "name");
	CHECK_INT(name->pos.line, 2);
	CHECK_INT(name->pos.col, 11);
	struct value *n = value_cget(last, "n");
	CHECK_INT(n->as.list.items[1]->pos.line, 3);
	CHECK_INT(n->as.list.items[1]->pos.col, 12);
}

TEST(json_refuses_yaml_that_is_not_json)
{
	CHECK_STR(json("[1, 2,]"), "t.json:1:6: error: trailing comma before ']'\n");
	CHECK_STR(json("{\"a\": 1,\n}"), "t.json:1:8: error: trailing comma before '}'\n");
	CHECK_STR(json("{a: 1}"), "t.json:1:2: error: a key must be a string in double quotes\n");
	CHECK_STR(json("{'a': 1}"), "t.json:1:2: error: a key must be a string in double quotes\n");
	CHECK_STR(json("[\"a\", 'b']"),
	          "t.json:1:7: error: JSON text is written in double quotes\n");
	CHECK_STR(json("{\"a\" 1}"), "t.json:1:2: error: expected ':' after the key\n");
	CHECK_STR(json("{\"a\"}"), "t.json:1:2: error: expected ':' after the key\n");
	CHECK_STR(json("{\"k\": \"v\"} x"), "t.json:1:12: error: text after the JSON value\n");
	CHECK_STR(json("[1,\n # note\n 2]"), "t.json:2:2: error: comments are not JSON\n");
	CHECK_STR(json("[\"\\x41\"]"),
	          "t.json:1:3: error: not a JSON escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r "
	          "\\t \\uXXXX)\n");
	CHECK_STR(json("[\"two\nlines\"]"),
	          "t.json:1:2: error: a JSON string cannot span lines: write \\n\n");
	CHECK_STR(json("[1e999]"), "t.json:1:2: error: number out of range\n");
	CHECK_STR(json("---\n[1]"), "t.json:1:1: error: not JSON (this is YAML syntax)\n");
	CHECK_STR(json("[&a 1, *a]"), "t.json:1:2: error: not JSON (this is YAML syntax)\n");
	CHECK_STR(json(""), "t.json:1:1: error: no JSON value: the text is empty\n");
	CHECK_STR(json("[1,"), "t.json:2:1: error: the JSON text ends too early\n");
	const char *bad[] = {"[01]", "[+1]", "[.5]", "[1.]", "[0x10]", "[True]", "[yes]", "[~]"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		CHECK(strstr(json(bad[i]), "t.json:1:2: error: not a JSON value") != NULL);
}

TEST(json_duplicate_keys_and_syntax_errors_are_located)
{
	CHECK_STR(json("{\"a\": 1,\n \"a\": 2}"), "t.json:2:2: error: duplicate key 'a'\n");
	/* libyaml's own errors keep their place. */
	CHECK(strstr(json("[\"open"), "t.json:1:2: note: while scanning a quoted scalar") != NULL);
}

TEST(csv_rows_become_maps_keyed_by_the_header)
{
	CHECK_STR(csv("region,sales\nNorth,1200\n\"South, coast\",-3.5\n"),
	          "[{\"region\":\"North\",\"sales\":1200},"
	          "{\"region\":\"South, coast\",\"sales\":-3.5}]");
	/* CRLF, blank lines, no final newline, a byte order mark, trimmed spaces. */
	CHECK_STR(csv("\xEF\xBB\xBF"
	              "a,b\r\n\r\n 1 , x \r\n2,y"),
	          "[{\"a\":1,\"b\":\"x\"},{\"a\":2,\"b\":\"y\"}]");
	/* Quotes: commas, doubled quotes and line breaks inside. */
	CHECK_STR(csv("a\n\"say \"\"hi\"\"\"\n\"two\nlines\"\n"),
	          "[{\"a\":\"say \\\"hi\\\"\"},{\"a\":\"two\\nlines\"}]");
	CHECK_STR(csv("a,b\n"), "[]");
	CHECK_STR(csv("a,b\n,\n"), "[{\"a\":\"\",\"b\":\"\"}]");
}

TEST(csv_only_plain_numbers_are_numbers)
{
	CHECK_STR(csv("v\n0\n-7\n12.50\n-0.5\n"),
	          "[{\"v\":0},{\"v\":-7},{\"v\":12.5},{\"v\":-0.5}]");
	/* Codes and other spellings keep their text. */
	CHECK_STR(csv("v\n007\n+33 1\n1e3\n\"1,5\"\n.5\n5.\n0x10\n\"12\"\nNaN\n"),
	          "[{\"v\":\"007\"},{\"v\":\"+33 1\"},{\"v\":\"1e3\"},{\"v\":\"1,5\"},"
	          "{\"v\":\".5\"},{\"v\":\"5.\"},{\"v\":\"0x10\"},{\"v\":\"12\"},{\"v\":\"NaN\"}]");
	/* A number remembers how it was written. */
	csv("v\n12.50\n");
	CHECK_STR(value_cget(last->as.list.items[0], "v")->str, "12.50");
}

TEST(csv_cells_keep_their_positions)
{
	csv("name,n\nAnn,1\n\"B\nC\",  22\n");
	struct value *row = last->as.list.items[1];
	CHECK_INT(row->pos.line, 3);
	CHECK_INT(row->pos.col, 1);
	struct value *n = value_cget(row, "n");
	CHECK_INT(n->pos.line, 4);
	CHECK_INT(n->pos.col, 6);
	CHECK_INT(value_cget(last->as.list.items[0], "n")->pos.col, 5);
}

TEST(csv_errors_are_located)
{
	CHECK_STR(csv("a,b\n1,2,3\n"),
	          "t.csv:2:5: error: this row has 3 cells; the header row has 2\n");
	CHECK_STR(csv("a,b\n1,2\n\n 1\n"),
	          "t.csv:4:2: error: this row has 1 cell; the header row has 2\n");
	CHECK_STR(csv("a,b\n1,\"open\n"), "t.csv:2:3: error: this quote is never closed\n");
	CHECK_STR(csv("a,b\nx\"y,1\n"),
	          "t.csv:2:2: error: a quote inside an unquoted cell: quote the whole cell and "
	          "double the quotes in it (\"say \"\"hi\"\"\")\n");
	CHECK_STR(csv("a,b\n\"x\"y,1\n"), "t.csv:2:4: error: text after a cell's closing quote\n");
	CHECK_STR(csv("a,,a\n"), "t.csv:1:3: error: column 2 has no name in the header row\n"
	                         "t.csv:1:4: error: column name 'a' is already column 1's\n");
	CHECK_STR(csv(""), "t.csv: error: no header row: the first row names the columns\n");
	/* Every bad row is reported, not just the first. */
	CHECK_STR(csv("a,b\n1\n2,3\n4\n"),
	          "t.csv:2:1: error: this row has 1 cell; the header row has 2\n"
	          "t.csv:4:1: error: this row has 1 cell; the header row has 2\n");
}

TEST(hostile_inputs_are_bounded)
{
	/* 100,000 nested lists stop at the depth limit, not the stack's. */
	size_t n = 100000;
	char *deep = malloc(2 * n + 1);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	CHECK_STR(
	    json(deep),
	    "t.json:1:65: error: nesting deeper than 64 levels: raise limits.depth in site.yaml\n");
	free(deep);
	/* One 100,000-byte quoted cell with every other byte a doubled quote. */
	struct buf b = BUF_INIT;
	buf_puts(&b, "a\n\"");
	for (size_t i = 0; i < n / 4; i++)
		buf_puts(&b, "x\"\"y");
	buf_puts(&b, "\"\n");
	csv(b.ptr);
	CHECK(last != NULL && value_cget(last->as.list.items[0], "a")->len == n / 4 * 3);
	buf_free(&b);
}

int
main(void)
{
	arena = arena_new();
	RUN(json_values_of_every_kind);
	RUN(json_escapes_decode);
	RUN(json_positions_are_kept);
	RUN(json_refuses_yaml_that_is_not_json);
	RUN(json_duplicate_keys_and_syntax_errors_are_located);
	RUN(csv_rows_become_maps_keyed_by_the_header);
	RUN(csv_only_plain_numbers_are_numbers);
	RUN(csv_cells_keep_their_positions);
	RUN(csv_errors_are_located);
	RUN(hostile_inputs_are_bounded);
	arena_free(arena);
	free(diag_text);
	return check_summary();
}
