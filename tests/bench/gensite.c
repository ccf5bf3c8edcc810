/*
 * gensite: writes the synthetic site of `make bench`, once for brief and
 * once for Hugo, so both generators get the same posts.
 *
 *   gensite N DIR [--search]
 *
 * writes DIR/brief/{content,templates} and DIR/hugo/{content,layouts,
 * config.toml}: N posts of about 4 KB of Markdown each in a posts/ section,
 * a home page, and equivalent minimal templates (one page per post with
 * title, date, tags and content; a home page and a section page listing
 * every post). Output depends on N and nothing else: every post draws from
 * its own PRNG seeded by its number, so post 7 reads the same in every size
 * except for the targets of its links (drawn modulo N, so they all exist).
 * With --search, brief's site also gets a search page (layout search, so
 * brief writes the search index; copy the search script into its
 * templates/assets/): the search bench of tests/bench/run.sh. Hugo's has
 * none, so the generator tables leave it out.
 * Exit status: 0 on success, 1 on an I/O error, 2 on a usage error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A growable text buffer; out of memory aborts (one policy, no checks). */
struct text {
	char *p;
	size_t len, cap;
};

static void
text_printf(struct text *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->p = realloc(t->p, t->cap);
		if (t->p == NULL)
			abort();
	}
}

/* splitmix64: tiny, fast, and the same on every platform. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A number in [lo, hi]; the modulo bias is irrelevant here. */
static unsigned
rng_range(uint64_t *s, unsigned lo, unsigned hi)
{
	return lo + (unsigned)(rng_next(s) % (hi - lo + 1));
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const words[] = {
    "revenue",  "growth",       "partner",  "cloud",      "quarter",    "market",   "customer",
    "service",  "platform",     "contract", "region",     "forecast",   "margin",   "strategy",
    "program",  "investment",   "analyst",  "segment",    "demand",     "supply",   "pricing",
    "license",  "subscription", "channel",  "reseller",   "integrator", "capacity", "datacenter",
    "workload", "migration",    "security", "compliance", "budget",     "target",   "incentive",
    "report",   "estimate",     "result",   "annual",     "record",     "steady",   "strong",
    "modest",   "early",        "late",     "public",     "private",    "hybrid",   "global",
    "local",    "large",        "small",    "new",        "existing",   "several",  "many",
    "few",      "most",         "the",      "the",        "the",        "a",        "a",
    "of",       "of",           "of",       "in",         "in",         "to",       "to",
    "and",      "and",          "and",      "with",       "for",        "for",      "on",
    "by",       "from",         "as",       "at",         "that",       "this",     "its",
    "their",    "our",          "which",    "while",      "grew",       "fell",     "rose",
    "held",     "signed",       "closed",   "expanded",   "reported",   "expects",  "plans",
    "shows",    "drives",       "reaches",  "adds",       "keeps",      "moves",    "sells",
    "builds",   "year",         "month",    "week",       "team",       "office",   "product",
    "feature",  "release",      "update",   "version",    "model",      "engine",   "network",
    "storage",  "database",     "server",   "device",     "account",    "deal",     "order",
    "share",    "price",        "cost",     "rate",       "level",      "volume",
};

static const char *const tags[] = {
    "azure",    "partners", "licensing", "finance",  "security", "ai",       "data",
    "channel",  "europe",   "france",    "earnings", "cloud",    "strategy", "hardware",
    "software", "services", "markets",   "people",   "policy",   "research", "sales",
    "support",  "hybrid",   "edge",      "devices",  "gaming",   "office",   "teams",
};

static const char *const languages[] = {"c", "python", "sh", "go"};

/* Writes n random words, the first capitalised when cap is set. */
static void
put_words(struct text *t, uint64_t *s, unsigned n, bool cap)
{
	for (unsigned i = 0; i < n; i++) {
		const char *w = words[rng_next(s) % COUNT(words)];
		if (i == 0 && cap)
			text_printf(t, "%c%s", w[0] - 'a' + 'A', w + 1);
		else
			text_printf(t, i ? " %s" : "%s", w);
	}
}

/* How a post links to post j: a .md path for brief, a URL for Hugo. */
struct style {
	bool hugo;
	unsigned long nposts;
};

static void
put_post_link(struct text *t, const struct style *st, uint64_t *s, const char *anchor)
{
	unsigned long j = (unsigned long)(rng_next(s) % st->nposts);
	text_printf(t, "[");
	put_words(t, s, rng_range(s, 2, 4), false);
	if (st->hugo)
		text_printf(t, "](../post-%06lu/%s)", j, anchor);
	else
		text_printf(t, "](post-%06lu.md%s)", j, anchor);
}

/*
 * A sentence of 8 to 16 words, sometimes with inline markup: emphasis,
 * strong, code, strikethrough, a link to another post or outside.
 */
static void
put_sentence(struct text *t, const struct style *st, uint64_t *s)
{
	put_words(t, s, rng_range(s, 4, 8), true);
	switch (rng_next(s) % 10) {
	case 0:
		text_printf(t, " *");
		put_words(t, s, 2, false);
		text_printf(t, "*");
		break;
	case 1:
		text_printf(t, " **");
		put_words(t, s, 2, false);
		text_printf(t, "**");
		break;
	case 2:
		text_printf(t, " `%s_%u()`", words[rng_next(s) % COUNT(words)],
		            rng_range(s, 1, 99));
		break;
	case 3:
		text_printf(t, " ~~");
		put_words(t, s, 1, false);
		text_printf(t, "~~");
		break;
	case 4:
		text_printf(t, " ");
		put_post_link(t, st, s, "");
		break;
	case 5:
		text_printf(t, " (see https://example.com/%s/%u)",
		            words[rng_next(s) % COUNT(words)], rng_range(s, 1, 9999));
		break;
	default: break;
	}
	text_printf(t, " ");
	put_words(t, s, rng_range(s, 3, 8), false);
	text_printf(t, ".");
}

static void
put_paragraph(struct text *t, const struct style *st, uint64_t *s, unsigned lo, unsigned hi)
{
	unsigned n = rng_range(s, lo, hi);
	for (unsigned i = 0; i < n; i++) {
		text_printf(t, i ? " " : "");
		put_sentence(t, st, s);
	}
	text_printf(t, "\n\n");
}

static void
put_table(struct text *t, uint64_t *s)
{
	text_printf(t, "| Quarter | Revenue ($bn) | Growth | Note |\n"
	               "|---|---:|---:|---|\n");
	unsigned rows = rng_range(s, 4, 6);
	for (unsigned r = 0; r < rows; r++) {
		text_printf(t, "| Q%u %u | %u.%u | %u.%u%% | ", r % 4 + 1, 2019 + r / 4,
		            rng_range(s, 5, 80), rng_range(s, 0, 9), rng_range(s, 0, 60),
		            rng_range(s, 0, 9));
		put_words(t, s, rng_range(s, 2, 4), true);
		text_printf(t, " |\n");
	}
	text_printf(t, "\n");
}

static void
put_code(struct text *t, uint64_t *s)
{
	const char *lang = languages[rng_next(s) % COUNT(languages)];
	text_printf(t, "```%s\n", lang);
	unsigned lines = rng_range(s, 5, 9);
	for (unsigned i = 0; i < lines; i++) {
		const char *a = words[rng_next(s) % COUNT(words)];
		const char *b = words[rng_next(s) % COUNT(words)];
		text_printf(t, "%*s%s_%s = compute(%s, %u) + 0x%x;\n", (int)(i % 3) * 4, "", a, b,
		            a, rng_range(s, 0, 999), rng_range(s, 0, 0xffff));
	}
	text_printf(t, "```\n\n");
}

static void
put_heading(struct text *t, uint64_t *s, unsigned level)
{
	text_printf(t, "%.*s ", (int)level, "######");
	put_words(t, s, rng_range(s, 2, 5), true);
	text_printf(t, "\n\n");
}

/* The body of post i: about 4 KB using every construct the bench measures. */
static void
put_body(struct text *t, const struct style *st, uint64_t seed)
{
	uint64_t s = seed;
	put_paragraph(t, st, &s, 3, 5);
	/* Every post has an "overview" heading, so links can aim at it. */
	text_printf(t, "## Overview\n\n");
	put_paragraph(t, st, &s, 3, 5);
	for (unsigned i = 0, n = rng_range(&s, 4, 6); i < n; i++) {
		text_printf(t, "- ");
		put_sentence(t, st, &s);
		text_printf(t, "\n");
	}
	text_printf(t, "\n");
	put_heading(t, &s, 3);
	for (unsigned i = 0, n = rng_range(&s, 3, 5); i < n; i++) {
		text_printf(t, "%u. ", i + 1);
		put_words(t, &s, rng_range(&s, 5, 10), true);
		text_printf(t, "\n");
	}
	text_printf(t, "\n");
	put_table(t, &s);
	put_paragraph(t, st, &s, 2, 3);
	put_heading(t, &s, 2);
	put_paragraph(t, st, &s, 2, 4);
	put_code(t, &s);
	text_printf(t, "> ");
	put_sentence(t, st, &s);
	text_printf(t, "\n\nAs discussed in ");
	put_post_link(t, st, &s, "#overview");
	text_printf(t, " and ");
	put_post_link(t, st, &s, "");
	text_printf(t, ", see also www.example.org/%s for context.\n\n",
	            words[rng_next(&s) % COUNT(words)]);
	put_heading(t, &s, 2);
	for (unsigned i = 0, n = rng_range(&s, 2, 4); i < n; i++) {
		text_printf(t, "- [%c] ", i % 2 ? 'x' : ' ');
		put_words(t, &s, rng_range(&s, 3, 7), true);
		text_printf(t, "\n");
	}
	text_printf(t, "\n");
	put_paragraph(t, st, &s, 3, 5);
	put_paragraph(t, st, &s, 2, 4);
	text_printf(t, "The estimate comes from the quarterly filing.[^1]\n\n[^1]: ");
	put_sentence(t, st, &s);
	text_printf(t, "\n");
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
put_front_matter(struct text *t, uint64_t seed)
{
	uint64_t s = seed ^ 0x5eed;
	text_printf(t, "---\ntitle: \"");
	put_words(t, &s, rng_range(&s, 3, 7), true);
	int y;
	unsigned m, d;
	/* Dates spread over about 22 years from 2003-01-01 (day 12053). */
	civil_from_days(12053 + (long)rng_range(&s, 0, 8000), &y, &m, &d);
	text_printf(t, "\"\ndate: %04d-%02u-%02u\ntags: [", y, m, d);
	for (unsigned i = 0, n = rng_range(&s, 1, 4); i < n; i++)
		text_printf(t, "%s%s", i ? ", " : "", tags[rng_next(&s) % COUNT(tags)]);
	text_printf(t, "]\nsummary: \"");
	put_words(t, &s, rng_range(&s, 10, 18), true);
	text_printf(t, ".\"\n---\n\n");
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

/* Writes post i into both posts folders. */
static int
write_post(struct text *t, unsigned long i, unsigned long n, const char *brief_posts,
           const char *hugo_posts)
{
	char name[32];
	snprintf(name, sizeof name, "post-%06lu.md", i);
	uint64_t seed = 0xb71efULL * (i + 1);
	for (int hugo = 0; hugo < 2; hugo++) {
		struct style st = {hugo != 0, n};
		t->len = 0;
		put_front_matter(t, seed);
		put_body(t, &st, seed);
		if (write_file(hugo ? hugo_posts : brief_posts, name, t->p, t->len) != 0)
			return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char *end;
	bool search = argc == 4 && strcmp(argv[3], "--search") == 0;
	if (argc != 3 && !search) {
		fputs("usage: gensite N DIR [--search]\n", stderr);
		return 2;
	}
	errno = 0;
	unsigned long n = strtoul(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || n == 0 || n > 999999) {
		fprintf(stderr, "gensite: N must be a number from 1 to 999999, not '%s'\n",
		        argv[1]);
		return 2;
	}
	const char *dir = argv[2];
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
	if (search && (write_str(brief_tpl, "search.mustache", brief_search) != 0 ||
	               write_str(brief_content, "search.md", search_md) != 0))
		return 1;
	struct text t = {malloc(8192), 0, 8192};
	if (t.p == NULL)
		abort();
	int rc = 0;
	for (unsigned long i = 0; i < n && rc == 0; i++)
		rc = write_post(&t, i, n, brief_posts, hugo_posts);
	free(t.p);
	return rc == 0 ? 0 : 1;
}
