/* diag: sorted printing, notes that stay with their report, the cap. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "diag.h"

static char *text;
static size_t size;
static FILE *out;
static struct diag d;

static void
begin(bool sorted, unsigned max_errors)
{
	out = open_memstream(&text, &size);
	diag_init(&d, out);
	d.sorted = sorted;
	d.max_errors = max_errors;
}

/* What d printed, diag_print() included; valid until the next begin(). */
static const char *
end(void)
{
	static char *last;
	diag_print(&d);
	fclose(out);
	diag_close(&d);
	free(last);
	last = text;
	return text;
}

static struct pos
at(const char *path, unsigned line, unsigned col)
{
	return (struct pos){path, line, col};
}

TEST(sorted_by_file_line_column_then_text)
{
	begin(true, 20);
	diag_error(&d, at("b.md", 1, 1), "in b");
	diag_error(&d, at("a.md", 5, 8), "second");
	diag_warning(&d, at("a.md", 4, 9), "first");
	diag_error(&d, at("a.md", 5, 8), "also second");
	diag_error(&d, at("a.md", 3, 7), "zero");
	diag_error(&d, diag_file("a.md"), "whole file");
	diag_error(&d, (struct pos){0}, "no file");
	CHECK_INT(d.errors, 6);
	CHECK_INT(d.warnings, 1);
	CHECK_STR(end(), "brief: error: no file\n"
	                 "a.md: error: whole file\n"
	                 "a.md:3:7: error: zero\n"
	                 "a.md:4:9: warning: first\n"
	                 "a.md:5:8: error: also second\n"
	                 "a.md:5:8: error: second\n"
	                 "b.md:1:1: error: in b\n");
}

TEST(nothing_is_printed_before_diag_print)
{
	begin(true, 20);
	diag_error(&d, at("a.md", 1, 1), "x");
	fflush(out);
	CHECK_INT(size, 0);
	CHECK_STR(end(), "a.md:1:1: error: x\n");
}

TEST(notes_stay_with_their_report)
{
	begin(true, 20);
	diag_error(&d, at("b.md", 1, 1), "URL taken");
	diag_note(&d, at("a.md", 3, 7), "taken here");
	diag_error(&d, at("a.md", 9, 1), "later in a");
	diag_note(&d, at("z.md", 1, 1), "see z");
	CHECK_STR(end(), "a.md:9:1: error: later in a\n"
	                 "z.md:1:1: note: see z\n"
	                 "b.md:1:1: error: URL taken\n"
	                 "a.md:3:7: note: taken here\n");
}

TEST(repeats_are_printed_and_counted_once_with_their_notes)
{
	begin(true, 20);
	for (int i = 0; i < 3; i++) {
		diag_warning(&d, at("t.mustache", 1, 5), "'x' is not defined");
		diag_note(&d, at("a.md", 1, 1), "rendering a.md");
	}
	CHECK_INT(d.warnings, 1);
	CHECK_STR(end(), "t.mustache:1:5: warning: 'x' is not defined\n"
	                 "a.md:1:1: note: rendering a.md\n");
}

TEST(strict_makes_warnings_errors)
{
	begin(true, 20);
	d.strict = true;
	diag_warning(&d, at("a.md", 1, 1), "w");
	CHECK_INT(d.errors, 1);
	CHECK_INT(d.warnings, 0);
	CHECK_STR(end(), "a.md:1:1: error: w\n");
}

/* The cap applies to the sorted list: the first errors by place show. */
TEST(the_cap_says_how_many_more_and_names_the_option)
{
	begin(true, 2);
	diag_error(&d, at("c.md", 1, 1), "c");
	diag_note(&d, at("c.md", 2, 1), "note of c");
	diag_warning(&d, at("d.md", 1, 1), "d");
	diag_error(&d, at("a.md", 1, 1), "a");
	diag_warning(&d, at("a.md", 2, 1), "a2");
	diag_error(&d, at("b.md", 1, 1), "b");
	CHECK_INT(d.errors, 3);
	CHECK_STR(end(), "a.md:1:1: error: a\n"
	                 "a.md:2:1: warning: a2\n"
	                 "b.md:1:1: error: b\n"
	                 "brief: 1 more error and 1 warning not shown; --max-errors N shows N "
	                 "errors, 0 all\n");
}

TEST(a_cap_of_zero_shows_all)
{
	begin(true, 0);
	for (unsigned i = 1; i <= 30; i++)
		diag_error(&d, at("a.md", i, 1), "e");
	const char *s = end();
	int lines = 0;
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	CHECK_INT(lines, 30);
	CHECK(strstr(s, "more error") == NULL);
}

TEST(unsorted_prints_as_it_goes_and_caps_too)
{
	begin(false, 1);
	diag_error(&d, at("b.md", 1, 1), "b");
	fflush(out);
	CHECK_STR(text, "b.md:1:1: error: b\n");
	diag_error(&d, at("a.md", 1, 1), "a");
	diag_error(&d, at("a.md", 2, 1), "a2");
	CHECK_STR(end(), "b.md:1:1: error: b\n"
	                 "brief: 2 more errors not shown; --max-errors N shows N errors, 0 all\n");
}

/* Workers keep their reports; handing them over counts and sorts them. */
TEST(buffered_reports_are_counted_when_flushed)
{
	begin(true, 20);
	struct diag w;
	diag_init_buffered(&w);
	diag_error(&w, at("b.md", 1, 1), "b");
	diag_note(&w, at("b.md", 2, 1), "of b");
	diag_error(&w, at("a.md", 1, 1), "a");
	CHECK_INT(w.errors, 0);
	CHECK_INT(d.errors, 0);
	diag_flush(&w, &d);
	diag_close(&w);
	CHECK_INT(d.errors, 2);
	CHECK_STR(end(), "a.md:1:1: error: a\n"
	                 "b.md:1:1: error: b\n"
	                 "b.md:2:1: note: of b\n");
}

int
main(void)
{
	RUN(sorted_by_file_line_column_then_text);
	RUN(nothing_is_printed_before_diag_print);
	RUN(notes_stay_with_their_report);
	RUN(repeats_are_printed_and_counted_once_with_their_notes);
	RUN(strict_makes_warnings_errors);
	RUN(the_cap_says_how_many_more_and_names_the_option);
	RUN(a_cap_of_zero_shows_all);
	RUN(unsorted_prints_as_it_goes_and_caps_too);
	RUN(buffered_reports_are_counted_when_flushed);
	return check_summary();
}
