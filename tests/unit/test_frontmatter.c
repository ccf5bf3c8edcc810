/* frontmatter: splitting YAML from Markdown, keeping line numbers. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "frontmatter.h"

static char *diag_text;
static size_t diag_size;

static int
split(const char *src, struct frontmatter *fm)
{
	free(diag_text);
	FILE *f = open_memstream(&diag_text, &diag_size);
	struct diag d;
	diag_init(&d, f);
	int rc = frontmatter_split(&d, "p.md", src, strlen(src), fm);
	fclose(f);
	diag_close(&d);
	return rc;
}

static const char *
part(const char *p, size_t n)
{
	static char tmp[256];
	snprintf(tmp, sizeof(tmp), "%.*s", (int)n, p);
	return tmp;
}

TEST(no_front_matter_is_all_body)
{
	struct frontmatter fm;
	CHECK_INT(split("# Title\n\ntext\n", &fm), 0);
	CHECK(fm.yaml == NULL);
	CHECK_STR(part(fm.body, fm.body_len), "# Title\n\ntext\n");
	CHECK_INT(fm.body_line, 1);
}

TEST(front_matter_and_body_keep_their_lines)
{
	struct frontmatter fm;
	CHECK_INT(split("---\ntitle: A\ndate: 2018-07-16\n---\nBody\n", &fm), 0);
	CHECK_STR(part(fm.yaml, fm.yaml_len), "title: A\ndate: 2018-07-16\n");
	CHECK_INT(fm.yaml_line, 2);
	CHECK_STR(part(fm.body, fm.body_len), "Body\n");
	CHECK_INT(fm.body_line, 5);
}

TEST(crlf_bom_and_dots_close)
{
	struct frontmatter fm;
	CHECK_INT(split("\xEF\xBB\xBF---\r\ntitle: A\r\n...\r\nBody", &fm), 0);
	CHECK_STR(part(fm.yaml, fm.yaml_len), "title: A\r\n");
	CHECK_STR(part(fm.body, fm.body_len), "Body");
	CHECK_INT(fm.body_line, 4);
}

TEST(empty_front_matter_and_no_body)
{
	struct frontmatter fm;
	CHECK_INT(split("---\n---\n", &fm), 0);
	CHECK_INT(fm.yaml_len, 0);
	CHECK_INT(fm.body_len, 0);
	CHECK_INT(fm.body_line, 3);
}

TEST(a_rule_later_is_not_front_matter)
{
	struct frontmatter fm;
	CHECK_INT(split("Text\n---\nmore\n", &fm), 0);
	CHECK(fm.yaml == NULL);
	CHECK_INT(split("----\nx\n", &fm), 0);
	CHECK(fm.yaml == NULL);
}

TEST(unclosed_front_matter_is_an_error_at_its_start)
{
	struct frontmatter fm;
	CHECK_INT(split("---\ntitle: A\nBody\n", &fm), -1);
	CHECK_STR(diag_text,
	          "p.md:1:1: error: front matter opened here is never closed (no line '---' "
	          "after it)\n");
	CHECK_INT(split("---", &fm), -1);
}

TEST(toml_front_matter_is_an_error)
{
	struct frontmatter fm;
	CHECK_INT(split("+++\ntitle = \"Overview\"\n+++\nBody\n", &fm), -1);
	CHECK_STR(diag_text, "p.md:1:1: error: TOML front matter (+++) is not supported: use YAML "
	                     "between --- lines\n");
	/* Hugo looks past blank lines; so does the error. */
	CHECK_INT(split("\n  \n+++ \r\n", &fm), -1);
	CHECK(strncmp(diag_text, "p.md:3:1: error: TOML", 21) == 0);
	/* "+++" later, or with more after it, is Markdown. */
	CHECK_INT(split("Text\n+++\n", &fm), 0);
	CHECK_INT(split("+++a\n", &fm), 0);
	CHECK(fm.yaml == NULL);
}

TEST(json_front_matter_ends_at_its_matching_brace)
{
	struct frontmatter fm;
	const char *src = "\n  {\"t\": \"a } \\\" {\",\n \"m\": {\"x\": 1}\n  }  \nBody\n";
	CHECK_INT(split(src, &fm), 0);
	CHECK(fm.json);
	CHECK_STR(part(fm.yaml, fm.yaml_len), "  {\"t\": \"a } \\\" {\",\n \"m\": {\"x\": 1}\n  }");
	CHECK_INT(fm.yaml_line, 2);
	CHECK_STR(part(fm.body, fm.body_len), "Body\n");
	CHECK_INT(fm.body_line, 5);
	CHECK_INT(split("{\"title\": \"x\"}", &fm), 0);
	CHECK(fm.json && fm.body_len == 0);
	CHECK_INT(fm.body_line, 2);
	/* YAML front matter is not JSON. */
	CHECK_INT(split("---\na: 1\n---\n", &fm), 0);
	CHECK(!fm.json);
}

TEST(json_front_matter_errors)
{
	struct frontmatter fm;
	CHECK_INT(split("\n {\"title\": \"x\"\nBody {\n", &fm), -1);
	CHECK_STR(diag_text, "p.md:2:2: error: JSON front matter opened here is never closed (no "
	                     "matching '}')\n");
	CHECK_INT(split("{\"a\":\n 1} Body\n", &fm), -1);
	CHECK_STR(diag_text,
	          "p.md:2:5: error: text after the closing '}' of the JSON front matter\n");
}

int
main(void)
{
	RUN(no_front_matter_is_all_body);
	RUN(front_matter_and_body_keep_their_lines);
	RUN(crlf_bom_and_dots_close);
	RUN(empty_front_matter_and_no_body);
	RUN(a_rule_later_is_not_front_matter);
	RUN(unclosed_front_matter_is_an_error_at_its_start);
	RUN(toml_front_matter_is_an_error);
	RUN(json_front_matter_ends_at_its_matching_brace);
	RUN(json_front_matter_errors);
	free(diag_text);
	return check_summary();
}
