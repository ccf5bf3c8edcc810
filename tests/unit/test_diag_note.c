/* diag: notes go with the message before them; a context note follows
 * every error and warning, through a buffered diag too. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "diag.h"

static char *text;
static size_t size;

/* A diag printing into memory; read it with done(). */
static FILE *
capture(struct diag *d)
{
	FILE *f = open_memstream(&text, &size);
	diag_init(d, f);
	return f;
}

/* Closes d and returns what it printed (valid until the next capture). */
static const char *
done(struct diag *d, FILE *f)
{
	diag_print(d);
	diag_close(d);
	fclose(f);
	static char copy[4096];
	snprintf(copy, sizeof(copy), "%s", text);
	free(text);
	return copy;
}

static const struct pos tpl = {"t.mustache", 4, 52};
static const struct pos other = {"t.mustache", 9, 1};

/* An error at `at` and a note about `where` after it. */
static void
error_with_note(struct diag *d, struct pos at, const char *where)
{
	diag_error(d, at, at.line == 4 ? "bad" : "worse");
	diag_note(d, diag_file(where), "here");
}

/* A note is printed after its message; a repeated message drops its note
 * too; two messages may share one. */
TEST(a_note_goes_with_its_message)
{
	struct diag d;
	FILE *f = capture(&d);
	error_with_note(&d, tpl, "a.md");
	error_with_note(&d, tpl, "b.md");
	error_with_note(&d, other, "a.md");
	CHECK_INT(d.errors, 2);
	CHECK_STR(done(&d, f), "t.mustache:4:52: error: bad\na.md: note: here\n"
	                       "t.mustache:9:1: error: worse\na.md: note: here\n");
}

TEST(errors_past_the_limit_drop_their_notes)
{
	struct diag d;
	FILE *f = capture(&d);
	d.max_errors = 1;
	diag_error(&d, tpl, "bad");
	error_with_note(&d, other, "a.md");
	CHECK_INT(d.errors, 2);
	CHECK_STR(done(&d, f), "t.mustache:4:52: error: bad\n"
	                       "brief: 1 more error not shown; --max-errors N shows N errors, 0 all\n");
}

/* What a build's worker does: a buffered diag with a context per page,
 * flushed in page order. */
TEST(the_context_follows_every_message_until_cleared)
{
	struct diag d, worker;
	FILE *f = capture(&d);
	d.strict = true;
	diag_init_buffered(&worker);
	diag_set_context(&worker, diag_file("a.md"), "while rendering a");
	diag_warning(&worker, tpl, "bad");
	diag_warning(&worker, tpl, "bad");
	diag_error(&worker, other, "worse");
	diag_set_context(&worker, diag_file("b.md"), "while rendering b");
	diag_warning(&worker, tpl, "bad");
	diag_error(&worker, (struct pos){"b.md", 2, 3}, "its own");
	diag_set_context(&worker, (struct pos){0}, NULL);
	diag_error(&worker, diag_file("out"), "cannot write");
	diag_flush(&worker, &d);
	diag_close(&worker);
	CHECK_INT(d.errors, 4);
	CHECK_STR(done(&d, f), "t.mustache:4:52: error: bad\n"
	                       "a.md: note: while rendering a\n"
	                       "t.mustache:9:1: error: worse\n"
	                       "a.md: note: while rendering a\n"
	                       "b.md:2:3: error: its own\n"
	                       "b.md: note: while rendering b\n"
	                       "out: error: cannot write\n");
}

int
main(void)
{
	RUN(a_note_goes_with_its_message);
	RUN(errors_past_the_limit_drop_their_notes);
	RUN(the_context_follows_every_message_until_cleared);
	return check_summary();
}
