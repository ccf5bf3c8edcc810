/*
 * gensite: writes the synthetic site of `make bench`, once for brief and
 * once for Hugo, so both generators get the same posts.
 *
 *   gensite N DIR [--mix bench|docs|fr] [--no-hugo] [--search]
 *
 * writes DIR/brief/{content,templates} and DIR/hugo/{content,layouts,
 * config.toml}: N posts (up to 1,000,000) in a posts/ section,
 * a home page, and equivalent minimal templates (one page per post with
 * title, date, tags and content; a home page and a section page listing
 * every post). Output depends on N and nothing else: every post draws from
 * its own PRNG seeded by its number, so post 7 reads the same in every size
 * except for the targets of its links (drawn modulo N, so they all exist).
 * The mix says what a post holds: bench (the default) about 4 KB of
 * Markdown; docs about twice that, every sentence with two inline
 * constructs (emphasis, code, links to other posts' sections and outside),
 * five fixed sections (so links can aim at their ids), lists and fenced
 * code in each, as a manual has; fr the docs mix in French words, accents
 * and all (the site's language stays en, so both generators slug alike).
 * --no-hugo leaves Hugo's copy out (the bench skips Hugo at that size);
 * Hugo's templates and config are written all the same.
 * With --search, brief's site also gets a search page (layout search, so
 * brief writes the search index; copy the search script into its
 * templates/assets/): the search bench of tests/bench/run.sh. Hugo's has
 * none, so the generator tables leave it out.
 * Exit status: 0 on success, 1 on an I/O error, 2 on a usage error.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gentext.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const tags[] = {
    "azure",    "partners", "licensing", "finance",  "security", "ai",       "data",
    "channel",  "europe",   "france",    "earnings", "cloud",    "strategy", "hardware",
    "software", "services", "markets",   "people",   "policy",   "research", "sales",
    "support",  "hybrid",   "edge",      "devices",  "gaming",   "office",   "teams",
};

static const char *const languages[] = {"c", "python", "sh", "go"};

static void
put_table(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s)
{
	gentext_printf(t, "| Quarter | Revenue ($bn) | Growth | Note |\n"
	                  "|---|---:|---:|---|\n");
	unsigned rows = gentext_range(s, 4, 6);
	for (unsigned r = 0; r < rows; r++) {
		unsigned bn = gentext_range(s, 5, 80), bn10 = gentext_range(s, 0, 9);
		unsigned pc = gentext_range(s, 0, 60), pc10 = gentext_range(s, 0, 9);
		gentext_printf(t, "| Q%u %u | %u.%u | %u.%u%% | ", r % 4 + 1, 2019 + r / 4, bn,
		               bn10, pc, pc10);
		gentext_words(t, st, s, gentext_range(s, 2, 4), true);
		gentext_printf(t, " |\n");
	}
	gentext_printf(t, "\n");
}

/* A fenced block of lo to hi lines; code keeps ASCII names in every mix. */
static void
put_code(struct gentext_buf *t, uint64_t *s, unsigned lo, unsigned hi)
{
	struct gentext_style en;
	gentext_use_words(&en, false);
	const char *lang = languages[gentext_next(s) % COUNT(languages)];
	gentext_printf(t, "```%s\n", lang);
	unsigned lines = gentext_range(s, lo, hi);
	for (unsigned i = 0; i < lines; i++) {
		const char *a = gentext_word(&en, s);
		const char *b = gentext_word(&en, s);
		unsigned x = gentext_range(s, 0, 999), y = gentext_range(s, 0, 0xffff);
		gentext_printf(t, "%*s%s_%s = compute(%s, %u) + 0x%x;\n", (int)(i % 3) * 4, "", a,
		               b, a, x, y);
	}
	gentext_printf(t, "```\n\n");
}

static void
put_heading(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s, unsigned level)
{
	gentext_printf(t, "%.*s ", (int)level, "######");
	gentext_words(t, st, s, gentext_range(s, 2, 5), true);
	gentext_printf(t, "\n\n");
}

/* A list of lo to hi items, "- " or "N. ", each a sentence with dense markup. */
static void
put_list(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s, unsigned lo,
         unsigned hi, bool ordered, unsigned dense)
{
	for (unsigned i = 0, n = gentext_range(s, lo, hi); i < n; i++) {
		if (ordered)
			gentext_printf(t, "%u. ", i + 1);
		else
			gentext_printf(t, "- ");
		gentext_sentence(t, st, s, dense);
		gentext_printf(t, "\n");
	}
	gentext_printf(t, "\n");
}

/* The body of a bench post: about 4 KB using every construct the bench measures. */
static void
put_body(struct gentext_buf *t, const struct gentext_style *st, uint64_t seed)
{
	uint64_t s = seed;
	gentext_paragraph(t, st, &s, 3, 5, 0);
	/* Every post has an "overview" heading, so links can aim at it. */
	gentext_printf(t, "## Overview\n\n");
	gentext_paragraph(t, st, &s, 3, 5, 0);
	put_list(t, st, &s, 4, 6, false, 0);
	put_heading(t, st, &s, 3);
	for (unsigned i = 0, n = gentext_range(&s, 3, 5); i < n; i++) {
		gentext_printf(t, "%u. ", i + 1);
		gentext_words(t, st, &s, gentext_range(&s, 5, 10), true);
		gentext_printf(t, "\n");
	}
	gentext_printf(t, "\n");
	put_table(t, st, &s);
	gentext_paragraph(t, st, &s, 2, 3, 0);
	put_heading(t, st, &s, 2);
	gentext_paragraph(t, st, &s, 2, 4, 0);
	put_code(t, &s, 5, 9);
	gentext_printf(t, "> ");
	gentext_sentence(t, st, &s, 0);
	gentext_printf(t, "\n\nAs discussed in ");
	gentext_post_link(t, st, &s, "#overview");
	gentext_printf(t, " and ");
	gentext_post_link(t, st, &s, "");
	gentext_printf(t, ", see also www.example.org/%s for context.\n\n", gentext_word(st, &s));
	put_heading(t, st, &s, 2);
	for (unsigned i = 0, n = gentext_range(&s, 2, 4); i < n; i++) {
		gentext_printf(t, "- [%c] ", i % 2 ? 'x' : ' ');
		gentext_words(t, st, &s, gentext_range(&s, 3, 7), true);
		gentext_printf(t, "\n");
	}
	gentext_printf(t, "\n");
	gentext_paragraph(t, st, &s, 3, 5, 0);
	gentext_paragraph(t, st, &s, 2, 4, 0);
	gentext_printf(t, "The estimate comes from the quarterly filing.[^1]\n\n[^1]: ");
	gentext_sentence(t, st, &s, 0);
	gentext_printf(t, "\n");
}

/*
 * One section of a docs post: prose whose every sentence carries two
 * inline constructs (emphasis, code, links to other posts' sections and
 * outside), a list, fenced code, sometimes a subsection or a table.
 */
static void
put_docs_section(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s, unsigned k)
{
	gentext_printf(t, "## %s\n\n", gentext_sections[k]);
	gentext_paragraph(t, st, s, 2, 3, 2);
	put_list(t, st, s, 3, 4, k % 2 == 1, 1);
	put_code(t, s, 3, 6);
	if (gentext_next(s) % 2) {
		put_heading(t, st, s, 3);
		gentext_paragraph(t, st, s, 1, 3, 2);
		put_code(t, s, 2, 4);
	}
	if (k == 2)
		put_table(t, st, s);
	if (k == 3) {
		gentext_printf(t, "> **Note:** ");
		gentext_sentence(t, st, s, 2);
		gentext_printf(t, "\n\n");
	}
}

/* The body of a docs post: about twice a bench post, as dense as a manual. */
static void
put_docs_body(struct gentext_buf *t, const struct gentext_style *st, uint64_t seed)
{
	uint64_t s = seed;
	gentext_paragraph(t, st, &s, 2, 3, 2);
	for (unsigned k = 0; k < COUNT(gentext_sections); k++)
		put_docs_section(t, st, &s, k);
	gentext_printf(t, "See also ");
	gentext_post_link(t, st, &s, "#reference");
	gentext_printf(t, ", ");
	gentext_post_link(t, st, &s, "");
	gentext_printf(t, " and <https://docs.example.com/%s>.\n", gentext_word(st, &s));
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void
civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + (unsigned)era * 400) + (*m <= 2);
}

/* Front matter: title, date, tags, summary (the same for both generators). */
static void
put_front_matter(struct gentext_buf *t, const struct gentext_style *st, uint64_t seed)
{
	uint64_t s = seed ^ 0x5eed;
	gentext_printf(t, "---\ntitle: \"");
	gentext_words(t, st, &s, gentext_range(&s, 3, 7), true);
	int y;
	unsigned m, d;
	/* Dates spread over about 22 years from 2003-01-01 (day 12053). */
	civil_from_days(12053 + (long)gentext_range(&s, 0, 8000), &y, &m, &d);
	gentext_printf(t, "\"\ndate: %04d-%02u-%02u\ntags: [", y, m, d);
	for (unsigned i = 0, n = gentext_range(&s, 1, 4); i < n; i++)
		gentext_printf(t, "%s%s", i ? ", " : "", tags[gentext_next(&s) % COUNT(tags)]);
	gentext_printf(t, "]\nsummary: \"");
	gentext_words(t, st, &s, gentext_range(&s, 10, 18), true);
	gentext_printf(t, ".\"\n---\n\n");
}

/* Creates dir and its parents; returns 0, or -1 with the error reported. */
static int
make_dirs(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);
	if (n >= sizeof buf) {
		fprintf(stderr, "gensite: %s: path too long\n", path);
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "gensite: %s: %s\n", buf, strerror(errno));
			return -1;
		}
		*p = c;
		if (c == '\0')
			return 0;
	}
}

/* Writes len bytes to dir/name; returns 0, or -1 with the error reported. */
static int
write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
		fprintf(stderr, "gensite: %s/%s: path too long\n", dir, name);
		return -1;
	}
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "gensite: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t w = fwrite(data, 1, len, f);
	if (fclose(f) != 0 || w != len) {
		fprintf(stderr, "gensite: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
write_str(const char *dir, const char *name, const char *s)
{
	return write_file(dir, name, s, strlen(s));
}

/* Mustache templates: flat pages, no inheritance, like the Hugo layouts. */
static const char brief_page[] =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>{{page.title}} - {{site.title}}</title></head>\n<body>\n<article>\n"
    "<h1>{{page.title}}</h1>\n<p><time>{{page.date}}</time></p>\n"
    "<ul class=\"tags\">{{#page.tags}}<li>{{.}}</li>{{/page.tags}}</ul>\n"
    "{{{page.content}}}\n</article>\n<p><a href=\"{{root}}index.html\">Home</a></p>\n"
    "</body>\n</html>\n";
static const char brief_index[] =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>{{site.title}}</title></head>\n<body>\n<h1>{{page.title}}</h1>\n"
    "{{{page.content}}}\n<ul>\n"
    "{{#site.pages}}<li><a href=\"{{url}}\">{{title}}</a></li>\n{{/site.pages}}"
    "</ul>\n</body>\n</html>\n";
static const char brief_section[] =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>{{page.title}} - {{site.title}}</title></head>\n<body>\n<h1>{{page.title}}</h1>\n"
    "<ul>\n{{#page.pages}}<li><a href=\"{{url}}\">{{title}}</a></li>\n{{/page.pages}}"
    "</ul>\n</body>\n</html>\n";

/* Go templates doing the same; RelPermalink is Hugo's cheapest page URL. */
static const char hugo_single[] =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>{{ .Title }} - {{ .Site.Title }}</title></head>\n<body>\n<article>\n"
    "<h1>{{ .Title }}</h1>\n<p><time>{{ .Date.Format \"2006-01-02\" }}</time></p>\n"
    "<ul class=\"tags\">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>\n"
    "{{ .Content }}\n</article>\n<p><a href=\"{{ \"/\" | relURL }}\">Home</a></p>\n"
    "</body>\n</html>\n";
static const char hugo_index[] =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>{{ .Site.Title }}</title></head>\n<body>\n<h1>{{ .Title }}</h1>\n"
    "{{ .Content }}\n<ul>\n"
    "{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>\n"
    "{{ end }}</ul>\n</body>\n</html>\n";
static const char hugo_list[] =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>{{ .Title }} - {{ .Site.Title }}</title></head>\n<body>\n<h1>{{ .Title }}</h1>\n"
    "<ul>\n{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>\n"
    "{{ end }}</ul>\n</body>\n</html>\n";

/*
 * Hugo without what brief does not do: no taxonomy, RSS, sitemap, robots
 * or 404 pages, no syntax highlighting, no typographer (brief's smart
 * punctuation is off by default). Raw HTML stays off in both.
 */
static const char hugo_config[] =
    "baseURL = \"http://example.org/\"\n"
    "languageCode = \"en\"\n"
    "title = \"Bench\"\n"
    "disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n"
    "uglyURLs = false\n"
    "[markup.highlight]\n  codeFences = false\n"
    "[markup.goldmark.extensions]\n  typographer = false\n";

/* The search page: the script reads the index and lists results. */
static const char brief_search[] =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>{{page.title}}</title></head>\n<body>\n<h1>{{page.title}}</h1>\n"
    "<div id=\"search\" data-root=\"{{root}}\" data-one=\"1 result\" data-many=\"{n} results\" "
    "data-none=\"No results\">\n<form action=\"index.html\"><input id=\"search-q\" name=\"q\" "
    "aria-label=\"Search\"></form>\n<p id=\"search-status\" role=\"status\"></p>\n"
    "<ol id=\"search-results\"></ol>\n</div>\n"
    "<script src=\"index.js\" defer></script>\n"
    "<script src=\"{{root}}assets/search.js\" defer></script>\n</body>\n</html>\n";
static const char search_md[] = "---\ntitle: Search\nlayout: search\n---\n";

static const char home_md[] = "---\ntitle: Bench\n---\n\nA synthetic site: every post below.\n";

static int
write_templates(const char *brief_tpl, const char *hugo_root, const char *hugo_default)
{
	if (write_str(brief_tpl, "page.mustache", brief_page) != 0 ||
	    write_str(brief_tpl, "index.mustache", brief_index) != 0 ||
	    write_str(brief_tpl, "section.mustache", brief_section) != 0 ||
	    write_str(hugo_default, "single.html", hugo_single) != 0 ||
	    write_str(hugo_default, "list.html", hugo_list) != 0 ||
	    write_str(hugo_default, "../index.html", hugo_index) != 0 ||
	    write_str(hugo_root, "config.toml", hugo_config) != 0)
		return -1;
	return 0;
}

/* What to write: gensite's command line. */
struct options {
	unsigned long n;
	const char *dir;
	bool search, docs, french, hugo;
};

/* Writes post i into both posts folders (brief's only without Hugo). */
static int
write_post(struct gentext_buf *t, unsigned long i, const struct options *o, const char *brief_posts,
           const char *hugo_posts)
{
	char name[32];
	snprintf(name, sizeof name, "post-%06lu.md", i);
	uint64_t seed = 0xb71efULL * (i + 1);
	for (int hugo = 0; hugo < 1 + o->hugo; hugo++) {
		struct gentext_style st = {hugo != 0, o->n, NULL, 0};
		gentext_use_words(&st, o->french);
		t->len = 0;
		put_front_matter(t, &st, seed);
		if (o->docs)
			put_docs_body(t, &st, seed);
		else
			put_body(t, &st, seed);
		if (write_file(hugo ? hugo_posts : brief_posts, name, t->p, t->len) != 0)
			return -1;
	}
	return 0;
}

/* Reads the command line into o; returns 0, or -1 with the usage error reported. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	*o = (struct options){.hugo = true};
	if (argc < 3)
		goto usage;
	char *end;
	errno = 0;
	o->n = strtoul(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || o->n == 0 || o->n > 1000000) {
		fprintf(stderr, "gensite: N must be a number from 1 to 1000000, not '%s'\n",
		        argv[1]);
		return -1;
	}
	o->dir = argv[2];
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--search") == 0)
			o->search = true;
		else if (strcmp(argv[i], "--no-hugo") == 0)
			o->hugo = false;
		else if (strcmp(argv[i], "--mix") == 0 && i + 1 < argc &&
		         (strcmp(argv[i + 1], "bench") == 0 || strcmp(argv[i + 1], "docs") == 0 ||
		          strcmp(argv[i + 1], "fr") == 0)) {
			o->docs = strcmp(argv[i + 1], "bench") != 0;
			o->french = strcmp(argv[i + 1], "fr") == 0;
			i++;
		} else
			goto usage;
	}
	return 0;
usage:
	fputs("usage: gensite N DIR [--mix bench|docs|fr] [--no-hugo] [--search]\n", stderr);
	return -1;
}

int
main(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, &o) != 0)
		return 2;
	const char *dir = o.dir;
	char brief_content[4096], brief_posts[4096], brief_tpl[4096];
	char hugo_root[4096], hugo_content[4096], hugo_posts[4096], hugo_default[4096];
	snprintf(brief_content, sizeof brief_content, "%s/brief/content", dir);
	snprintf(brief_posts, sizeof brief_posts, "%s/brief/content/posts", dir);
	snprintf(brief_tpl, sizeof brief_tpl, "%s/brief/templates", dir);
	snprintf(hugo_root, sizeof hugo_root, "%s/hugo", dir);
	snprintf(hugo_content, sizeof hugo_content, "%s/hugo/content", dir);
	snprintf(hugo_posts, sizeof hugo_posts, "%s/hugo/content/posts", dir);
	snprintf(hugo_default, sizeof hugo_default, "%s/hugo/layouts/_default", dir);
	if (make_dirs(brief_posts) != 0 || make_dirs(brief_tpl) != 0 ||
	    make_dirs(hugo_posts) != 0 || make_dirs(hugo_default) != 0)
		return 1;
	if (write_templates(brief_tpl, hugo_root, hugo_default) != 0 ||
	    write_str(brief_content, "site.yaml", "title: Bench\nlanguage: en\n") != 0 ||
	    write_str(brief_content, "index.md", home_md) != 0 ||
	    write_str(hugo_content, "_index.md", home_md) != 0)
		return 1;
	if (o.search && (write_str(brief_tpl, "search.mustache", brief_search) != 0 ||
	                 write_str(brief_content, "search.md", search_md) != 0))
		return 1;
	struct gentext_buf t = {malloc(8192), 0, 8192};
	if (t.p == NULL)
		abort();
	int rc = 0;
	for (unsigned long i = 0; i < o.n && rc == 0; i++)
		rc = write_post(&t, i, &o, brief_posts, hugo_posts);
	free(t.p);
	return rc == 0 ? 0 : 1;
}
