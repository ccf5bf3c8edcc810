/* chart: spec checks with positions, SVG and table output, escaping, determinism. */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "chart.h"
#include "check.h"
#include "csvload.h"
#include "yamlload.h"

static struct arena *arena;

/* One render's results: its return code, HTML and diagnostics. */
struct result {
	int rc;
	const char *html;
	const char *diags;
};

static const struct chart_labels *labels;
static const struct value *data; /* what 'data:' names look up */

/* Loads src as YAML from c.md starting on line 1, then renders it as chart_1. */
static struct result
render(const char *src)
{
	struct result r = {-1, "", ""};
	char *text;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	struct diag d;
	diag_init(&d, f);
	struct buf out = BUF_INIT;
	struct value *spec = yamlload_string(arena, &d, "c.md", src, strlen(src), 1);
	if (spec != NULL)
		r.rc = chart_render(arena, &d, spec, data, "chart_1", labels, &out);
	fclose(f);
	diag_close(&d);
	r.html = arena_strndup(arena, out.ptr, out.len);
	r.diags = arena_strdup(arena, text);
	free(text);
	buf_free(&out);
	return r;
}

static const char azure[] = "title: Azure revenue growth\n"
                            "unit: \"%\"\n"
                            "bars:\n"
                            "  - label: Last quarter, year on year\n"
                            "    value: 93\n"
                            "note: Reported by CRN.\n";

TEST(one_bar_renders_exactly)
{
	struct result r = render(azure);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.diags, "");
	CHECK_STR(
	    r.html,
	    "<figure class=\"chart\">\n"
	    "<figcaption><span class=\"chart-title\">Azure revenue growth</span>\n"
	    "<span class=\"chart-note\">Reported by CRN.</span></figcaption>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-labelledby=\"chart_1_title chart_1_desc\" viewBox=\"0 0 320 42\" "
	    "width=\"100%\" font-size=\"14\" fill=\"currentColor\">\n"
	    "<title id=\"chart_1_title\">Azure revenue growth</title>\n"
	    "<desc id=\"chart_1_desc\">Last quarter, year on year: 93%.</desc>\n"
	    "<text class=\"chart-label\" x=\"0\" y=\"14\">Last quarter, year on year</text>\n"
	    "<rect class=\"chart-bar\" x=\"0\" y=\"20\" width=\"286.6\" height=\"20\"/>\n"
	    "<line class=\"chart-axis\" x1=\"0\" y1=\"18\" x2=\"0\" y2=\"42\" "
	    "stroke=\"currentColor\"/>\n"
	    "<text class=\"chart-value\" x=\"290.6\" y=\"34.9\">93%</text>\n"
	    "</svg>\n"
	    "<details class=\"chart-data\"><summary>Data</summary>\n<table>\n"
	    "<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Value</th></tr></thead>\n"
	    "<tbody>\n"
	    "<tr><th scope=\"row\">Last quarter, year on year</th><td>93%</td></tr>\n"
	    "</tbody>\n</table>\n</details>\n</figure>");
}

TEST(bars_scale_to_the_largest_value)
{
	struct result r = render("title: T\nbars:\n"
	                         "  - {label: a, value: 100}\n"
	                         "  - {label: b, value: 50}\n"
	                         "  - {label: c, value: 0}\n");
	CHECK_INT(r.rc, 0);
	/* Room for "100" (3 x 0.7 x 14 + 4 = 33.4) leaves 286.6 for 100. */
	CHECK(contains(r.html, "<rect class=\"chart-bar\" x=\"0\" y=\"20\" width=\"286.6\""));
	CHECK(contains(r.html, "<rect class=\"chart-bar\" x=\"0\" y=\"72\" width=\"143.3\""));
	CHECK(contains(r.html, "<rect class=\"chart-bar\" x=\"0\" y=\"124\" width=\"0\""));
	CHECK(contains(r.html, "<text class=\"chart-value\" x=\"4\" y=\"138.9\">0</text>"));
	CHECK(contains(r.html, "viewBox=\"0 0 320 146\""));
	CHECK(!strstr(r.html, "nan"));
	CHECK(!strstr(r.html, "style"));
}

TEST(negative_values_grow_left_of_the_zero_line)
{
	struct result r = render("title: T\nbars:\n  - {label: up, value: 10}\n"
	                         "  - {label: down, value: -5}\n");
	CHECK_INT(r.rc, 0);
	/* 23.6 of room on each side for "10" and "-5" leaves 272.8 for 15;
	 * the zero line is at 23.6 + 5 x 18.187 = 114.53. */
	CHECK(contains(r.html, "<rect class=\"chart-bar\" x=\"114.5\" y=\"20\" width=\"181.9\""));
	CHECK(contains(r.html, "<text class=\"chart-value\" x=\"300.4\" y=\"34.9\">10</text>"));
	CHECK(contains(r.html, "<rect class=\"chart-bar\" x=\"23.6\" y=\"72\" width=\"90.9\""));
	CHECK(contains(r.html, "<line class=\"chart-axis\" x1=\"114.5\" y1=\"70\""));
	CHECK(contains(r.html, "<text class=\"chart-value\" x=\"19.6\" y=\"86.9\" "
	                       "text-anchor=\"end\">-5</text>"));
}

TEST(all_zero_values_draw_empty_bars)
{
	struct result r = render("title: T\nbars:\n  - {label: a, value: 0}\n"
	                         "  - {label: b, value: 0.0}\n");
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.html, "width=\"0\" height=\"20\""));
	CHECK(!strstr(r.html, "nan"));
	CHECK(!strstr(r.html, "inf"));
}

TEST(values_print_shortest_with_their_unit)
{
	struct result r = render("title: T\nunit: partners\nbars:\n"
	                         "  - {label: a, value: 7000}\n"
	                         "  - {label: b, value: 41.50}\n"
	                         "  - {label: c, value: 1e3}\n"
	                         "  - {label: d, value: 0.1}\n");
	CHECK(contains(r.html, "<desc id=\"chart_1_desc\">a: 7,000 partners; b: 41.5 partners; "
	                       "c: 1,000 partners; d: 0.1 partners.</desc>"));
	CHECK(contains(r.html, "<td>41.5 partners</td>"));
	CHECK(contains(r.html, ">1,000 partners</text>"));
	r = render("title: T\nunit: \" %\"\nbars:\n  - {label: a, value: 93}\n");
	CHECK(contains(r.html, "<td>93 %</td>"));
	r = render("title: T\nunit: °C\nbars:\n  - {label: a, value: -3}\n");
	CHECK(contains(r.html, "<td>-3°C</td>"));
	r = render("title: T\nbars:\n  - {label: a, value: 3}\n");
	CHECK(contains(r.html, "<td>3</td>"));
}

TEST(numbers_and_dates_are_text_as_written)
{
	struct result r = render("title: 2018\nnote: 1.50\nbars:\n"
	                         "  - {label: 2017, value: 1}\n"
	                         "  - {label: 2018-06-30, value: 2}\n");
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.html, "<span class=\"chart-title\">2018</span>"));
	CHECK(contains(r.html, "<span class=\"chart-note\">1.50</span>"));
	CHECK(contains(r.html, "<desc id=\"chart_1_desc\">2017: 1; 2018-06-30: 2.</desc>"));
}

TEST(every_text_is_escaped)
{
	struct result r = render("title: \"<b>T</b> & 'co'\"\n"
	                         "unit: \"<u>\"\n"
	                         "note: \"a \\\"note\\\" <i>\"\n"
	                         "bars:\n  - {label: \"x<script>&\", value: 1}\n");
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.html, "<span class=\"chart-title\">&lt;b&gt;T&lt;/b&gt; &amp; "
	                       "&#39;co&#39;</span>"));
	CHECK(contains(r.html, "<title id=\"chart_1_title\">&lt;b&gt;T&lt;/b&gt; &amp; "
	                       "&#39;co&#39;</title>"));
	CHECK(contains(r.html, "<span class=\"chart-note\">a &quot;note&quot; &lt;i&gt;</span>"));
	CHECK(
	    contains(r.html, "<desc id=\"chart_1_desc\">x&lt;script&gt;&amp;: 1&lt;u&gt;.</desc>"));
	CHECK(contains(r.html, ">x&lt;script&gt;&amp;</text>"));
	CHECK(contains(r.html, ">1&lt;u&gt;</text>"));
	CHECK(contains(r.html, "<th scope=\"row\">x&lt;script&gt;&amp;</th><td>1&lt;u&gt;</td>"));
	CHECK(!strstr(r.html, "<script"));
	CHECK(!strstr(r.html, "<u>"));
}

TEST(long_labels_wrap_at_words)
{
	struct result r = render("title: T\nbars:\n"
	                         "  - label: A much longer label that has to wrap onto a second "
	                         "line of text for sure\n"
	                         "    value: 1\n"
	                         "  - label: Averyveryveryveryveryveryveryveryveryverylongword "
	                         "x\n"
	                         "    value: 2\n");
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.html,
	               "<text class=\"chart-label\" x=\"0\" y=\"14\">"
	               "<tspan x=\"0\" y=\"14\">A much longer label that has to wrap</tspan>"
	               "<tspan x=\"0\" y=\"32\">onto a second line of text for sure</tspan>"
	               "</text>\n"
	               "<rect class=\"chart-bar\" x=\"0\" y=\"38\""));
	/* A word longer than a line stands alone. */
	CHECK(contains(r.html,
	               "<tspan x=\"0\" y=\"84\">Averyveryveryveryveryveryveryveryveryverylongword"
	               "</tspan><tspan x=\"0\" y=\"102\">x</tspan>"));
	/* The table and the description keep the label whole. */
	CHECK(contains(r.html, "<th scope=\"row\">A much longer label that has to wrap onto a "
	                       "second line of text for sure</th>"));
}

TEST(no_note_no_note_span)
{
	struct result r = render("title: T\nbars:\n  - {label: a, value: 1}\n");
	CHECK_INT(r.rc, 0);
	CHECK(contains(r.html, "<figcaption><span class=\"chart-title\">T</span></figcaption>"));
	CHECK(!strstr(r.html, "chart-note"));
}

TEST(output_is_deterministic)
{
	struct result a = render(azure), b = render(azure);
	CHECK_STR(a.html, b.html);
}

TEST(not_a_mapping)
{
	struct result r = render("- title: T\n");
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.html, "");
	CHECK_STR(r.diags, "c.md:1:1: error: a chart must be a mapping with 'title' and 'bars'\n");
	r = render("");
	CHECK_STR(r.diags, "c.md:1:1: error: a chart must be a mapping with 'title' and 'bars'\n");
}

TEST(missing_title_and_bars)
{
	struct result r = render("\nunit: x\n");
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.diags, "c.md:2:1: error: a chart needs a 'title'\n"
	                   "c.md:2:1: error: a chart needs 'bars' or 'data'\n");
}

TEST(every_field_problem_is_reported_at_its_node)
{
	struct result r = render("title: \"  \"\n"
	                         "unit: [a]\n"
	                         "note:\n"
	                         "colour: red\n"
	                         "bars:\n"
	                         "  - label: ok\n"
	                         "    value: \"93\"\n"
	                         "  - 42\n"
	                         "  - label: true\n"
	                         "  - value: .inf\n"
	                         "    lable: typo\n"
	                         "  - {label: \"\", value: 1}\n");
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.html, "");
	CHECK_STR(r.diags,
	          "c.md:1:8: error: 'title' must be non-empty text\n"
	          "c.md:2:7: error: 'unit' must be text\n"
	          "c.md:3:6: error: 'note' must be text\n"
	          "c.md:4:9: error: unknown key 'colour' in a chart (expected title, unit, bars, "
	          "data, label, value or note)\n"
	          "c.md:7:12: error: 'value' must be a number\n"
	          "c.md:8:5: error: a bar must be a mapping with 'label' and 'value'\n"
	          "c.md:9:12: error: 'label' must be non-empty text\n"
	          "c.md:9:5: error: a bar needs a 'value'\n"
	          "c.md:10:12: error: 'value' must be a finite number\n"
	          "c.md:11:12: error: unknown key 'lable' in a bar (expected label or value)\n"
	          "c.md:10:5: error: a bar needs a 'label'\n"
	          "c.md:12:13: error: 'label' must be non-empty text\n");
}

TEST(bars_must_be_a_non_empty_list)
{
	struct result r = render("title: T\nbars: {label: a, value: 1}\n");
	CHECK_STR(r.diags, "c.md:2:7: error: 'bars' must be a list of bars with 'label' and "
	                   "'value'\n");
	r = render("title: T\nbars: []\n");
	CHECK_STR(r.diags, "c.md:2:7: error: 'bars' must not be empty\n");
	r = render("title: T\nbars:\n");
	CHECK_STR(r.diags, "c.md:2:6: error: 'bars' must be a list of bars with 'label' and "
	                   "'value'\n");
	CHECK_INT(r.rc, -1);
}

TEST(table_words_come_from_the_language)
{
	const struct chart_labels fr = {"Données", "Élément", "Valeur", "\u202f", ","};
	labels = &fr;
	struct result r = render("title: T\nbars:\n  - {label: a, value: 1}\n");
	labels = NULL;
	CHECK(contains(r.html, "<summary>Données</summary>"));
	CHECK(contains(r.html, "<th scope=\"col\">Élément</th><th scope=\"col\">Valeur</th>"));
	labels = &fr;
	r = render("title: T\nunit: \" %\"\nbars:\n  - {label: a, value: 1234567.5}\n"
	           "  - {label: b, value: -7000}\n  - {label: c, value: 999}\n");
	labels = NULL;
	CHECK(contains(r.html, "<td>1\u202f234\u202f567,5 %</td>"));
	CHECK(contains(r.html, "<td>-7\u202f000 %</td>"));
	CHECK(contains(r.html, "<td>999 %</td>"));
	r = render("title: T\nbars:\n  - {label: a, value: 7000}\n  - {label: b, value: 0.25}\n");
	CHECK(contains(r.html, "<td>7,000</td>"));
	CHECK(contains(r.html, "<td>0.25</td>"));
	const struct chart_labels some = {NULL, "Quarter", NULL, NULL, NULL};
	labels = &some;
	r = render("title: T\nbars:\n  - {label: a, value: 1}\n");
	labels = NULL;
	CHECK(contains(r.html, "<summary>Data</summary>"));
	CHECK(contains(r.html, ">Quarter</th><th scope=\"col\">Value</th>"));
}

/* data.stats from a CSV file, as content/stats.csv would give it. */
static void
use_stats(void)
{
	static const char csv[] = "region,sales,code\nNorth,1200,A\n\"South, coast\",-3.5,B\n";
	struct diag d;
	diag_init(&d, stderr);
	struct value *tree = value_map(arena, (struct pos){0});
	value_map_put(arena, tree, "stats",
	              csvload_string(arena, &d, "stats.csv", csv, strlen(csv)));
	diag_close(&d);
	data = tree;
}

TEST(bars_from_data_match_bars_written_out)
{
	use_stats();
	struct result from_data = render("title: Sales\nunit: k\ndata: stats\nlabel: region\n"
	                                 "value: sales\n");
	struct result written = render("title: Sales\nunit: k\nbars:\n"
	                               "  - {label: North, value: 1200}\n"
	                               "  - {label: \"South, coast\", value: -3.5}\n");
	CHECK_INT(from_data.rc, 0);
	CHECK_STR(from_data.diags, "");
	CHECK(contains(from_data.html, "South, coast: -3.5 k"));
	CHECK_STR(from_data.html, written.html);
	data = NULL;
}

TEST(data_problems_are_reported_at_the_spec)
{
	use_stats();
	CHECK_STR(render("title: T\ndata: sales\n").diags,
	          "c.md:2:7: error: no data 'data.sales'\n");
	CHECK_STR(render("title: T\ndata: stats\nlabel: region\nvalue: revenue\n").diags,
	          "c.md:4:8: error: no column 'revenue' in data.stats\n"
	          "stats.csv:2:1: note: this row has no 'revenue'\n");
	/* Default columns: label and value, reported at 'data'. */
	CHECK_STR(render("title: T\ndata: stats\n").diags,
	          "c.md:2:7: error: no column 'label' in data.stats\n"
	          "stats.csv:2:1: note: this row has no 'label'\n");
	CHECK_STR(render("title: T\ndata: stats\nlabel: region\nvalue: code\n").diags,
	          "c.md:4:8: error: column 'code' must hold numbers\n"
	          "stats.csv:2:12: note: this 'code' is not a number\n");
	CHECK_STR(render("title: T\ndata: stats\nbars: []\n").diags,
	          "c.md:2:7: error: a chart takes 'bars' or 'data', not both\n");
	CHECK_STR(render("title: T\nlabel: x\nbars: [{label: a, value: 1}]\n").diags,
	          "c.md:2:8: error: 'label' and 'value' name the columns of 'data'\n");
	CHECK_STR(render("title: T\ndata: stats.0\n").diags,
	          "c.md:2:7: error: no data 'data.stats.0'\n");
	data = NULL;
	CHECK_STR(render("title: T\ndata: stats\n").diags,
	          "c.md:2:7: error: no data 'data.stats'\n");
}

int
main(void)
{
	arena = arena_new();
	RUN(one_bar_renders_exactly);
	RUN(bars_scale_to_the_largest_value);
	RUN(negative_values_grow_left_of_the_zero_line);
	RUN(all_zero_values_draw_empty_bars);
	RUN(values_print_shortest_with_their_unit);
	RUN(numbers_and_dates_are_text_as_written);
	RUN(every_text_is_escaped);
	RUN(long_labels_wrap_at_words);
	RUN(no_note_no_note_span);
	RUN(output_is_deterministic);
	RUN(not_a_mapping);
	RUN(missing_title_and_bars);
	RUN(every_field_problem_is_reported_at_its_node);
	RUN(bars_from_data_match_bars_written_out);
	RUN(data_problems_are_reported_at_the_spec);
	RUN(bars_must_be_a_non_empty_list);
	RUN(table_words_come_from_the_language);
	arena_free(arena);
	return check_summary();
}
