/* factcheck: every figure of a value must occur in its quote. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "factcheck.h"
#include "yamlload.h"

static struct arena *arena;
static char *diag_text;
static size_t diag_size;

/* Loads yaml and checks it; returns the diagnostics ("" when it passes). */
static const char *
check(const char *yaml)
{
	free(diag_text);
	FILE *f = open_memstream(&diag_text, &diag_size);
	struct diag d;
	diag_init(&d, f);
	struct value *v = yamlload_string(arena, &d, "facts.yaml", yaml, strlen(yaml), 1);
	int rc = v ? factcheck_data(&d, v) : -2;
	fclose(f);
	diag_close(&d);
	if ((rc == 0) != (diag_text[0] == '\0'))
		return "(status and messages disagree)";
	return diag_text;
}

TEST(matching_figures_pass)
{
	CHECK_STR(check("- value: 93%\n  quote: grimpé de 93% sur un an\n"), "");
	CHECK_STR(check("- value: '7,000'\n  quote: 7.000 nouveaux partenaires\n"), "");
	CHECK_STR(check("- value: 7000\n  quote: 7 000 nouveaux partenaires\n"), "");
	CHECK_STR(check("- value: '7 000'\n  quote: \"7\u00a0000 partenaires\"\n"), "");
	CHECK_STR(check("- value: 1.5 billion\n  quote: 1,5 milliard\n"), "");
	CHECK_STR(check("- value: 4 themes\n  quote: Quatre thèmes seront proposés\n"), "");
	CHECK_STR(check("- value: almost double\n  quote: quasiment le double\n"), "");
	CHECK_STR(check("a: {value: 12, label: no quote here}\n"), "");
}

TEST(contradicting_figures_fail_at_the_item)
{
	CHECK_STR(check("facts:\n  - value: 94%\n    quote: grimpé de 93% sur un an\n"),
	          "facts.yaml:2:5: error: figure 94 in value '94%' does not occur in its quote\n"
	          "facts.yaml:3:12: note: the quote: \"grimpé de 93% sur un an\"\n");
	CHECK_STR(
	    check("- value: '7,500'\n  quote: 7.000 nouveaux\n"),
	    "facts.yaml:1:3: error: figure 7500 in value '7,500' does not occur in its quote\n"
	    "facts.yaml:2:10: note: the quote: \"7.000 nouveaux\"\n");
}

TEST(separators_and_decimals_are_told_apart)
{
	/* Three digits after the comma: thousands. Fewer: a decimal. */
	CHECK(strstr(check("- value: '1,5'\n  quote: 1.500 clients\n"), "figure 1.5") != NULL);
	CHECK_STR(check("- value: 1.50\n  quote: 1,5 point\n"), "");
	/* A year is not glued to the number after it. */
	CHECK(strstr(check("- value: 2018100\n  quote: en 2018 100 clients\n"), "error") != NULL);
	/* Every figure of the value counts, not just the first. */
	CHECK(strstr(check("- value: 93% in 2 quarters\n  quote: 93% sur un an\n"),
	             "figure 2 in value") != NULL);
}

int
main(void)
{
	arena = arena_new();
	RUN(matching_figures_pass);
	RUN(contradicting_figures_fail_at_the_item);
	RUN(separators_and_decimals_are_told_apart);
	arena_free(arena);
	free(diag_text);
	return check_summary();
}
