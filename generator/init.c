#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fsutil.h"
#include "searchjs.h"

struct starter_file {
	const char *path;
	const char *text;
};

static const struct starter_file starter[] = {
    {"content/site.yaml",
     "# The site's settings: site.* in templates. Only the title is needed.\n"
     "title: My briefing\n"
     "description: A short briefing built with brief.\n"
     "author: Your name\n"
     "# The language of the pages. The words the templates write (the skip\n"
     "# link, \"Home\"...) are in content/i18n/en.yaml: rename it to match.\n"
     "language: en\n"
     "# The navigation, after the home page: each entry names a page (its title\n"
     "# is the link's text) or gives a url and a title.\n"
     "menu:\n"
     "  - page: notes/\n"
     "# The site's address once published, ending in '/': with it, brief also\n"
     "# writes sitemap.xml, robots.txt and an Atom feed of the dated pages.\n"
     "# base_url: https://example.org/\n"
     "# More languages: list them here, the default first (its pages stay at the\n"
     "# root, the others go under CODE/); copy content/i18n/en.yaml to\n"
     "# content/i18n/CODE.yaml and translate it; write each translation beside\n"
     "# its page: index.fr.md, notes/_index.fr.md, notes/first.fr.md...\n"
     "# languages:\n"
     "#   - {code: en, name: English}\n"
     "#   - {code: fr, name: Français}\n"},
    {"content/i18n/en.yaml",
     "# The words the templates write ({{i18n.KEY}}) on English pages. Another\n"
     "# language needs the same keys in content/i18n/CODE.yaml.\n"
     "skip: Skip to content\n"
     "home: Home\n"
     "menu: Menu\n"
     "pager: Previous and next\n"
     "previous: Previous\n"
     "next: Next\n"
     "empty: Nothing here yet.\n"
     "tags: Tags\n"
     "built: Built with brief.\n"
     "# The search box and page; {n} is the number of results.\n"
     "search_label: Search this site\n"
     "search_button: Search\n"
     "search_one: 1 result\n"
     "search_many: \"{n} results\"\n"
     "search_none: No results\n"
     "search_missing: \"The search index could not be loaded: rebuild the site.\"\n"
     "search_nojs: Search needs JavaScript, which is off in this browser. Every page is listed on "
     "the\n"
     "search_nojs_link: home page.\n"},
    {"content/search.md",
     "---\n"
     "# The search page: templates/search.mustache lists the results of a query\n"
     "# from the header's search box. Delete that template and this page, and\n"
     "# brief writes no search index.\n"
     "title: Search\n"
     "weight: 100\n"
     "layout: search\n"
     "---\n"},
    {"content/index.md",
     "Welcome. This is the home page, `content/index.md`: edit it, run\n"
     "`brief build`, and open `output/index.html`.\n"
     "\n"
     "Read the [first note](notes/first.md), or [all the notes](notes/_index.md).\n"},
    {"content/notes/_index.md",
     "---\n"
     "title: Notes\n"
     "summary: Every note of this briefing.\n"
     "---\n"
     "Each Markdown file in this folder is a page, listed here in the order of\n"
     "its `weight`, then newest `date` first.\n"},
    {"content/notes/first.md",
     "---\n"
     "title: First note\n"
     "date: 2024-01-02\n"
     "weight: 1\n"
     "summary: What a page can hold, and how pages link to each other.\n"
     "tags: [example, Début]\n"
     "---\n"
     "## What this is\n"
     "\n"
     "A page with a title, a date, a weight, a summary and tags; all of them are\n"
     "optional. The title is the page's only `#` heading, so its own headings\n"
     "start at `##`. See also the [second note](second.md#details).\n"
     "\n"
     "| Column | Value |\n"
     "|--------|------:|\n"
     "| a      |     1 |\n"},
    {"content/notes/second.md",
     "---\n"
     "title: Second note\n"
     "date: 2024-01-01\n"
     "weight: 2\n"
     "tags: [example]\n"
     "---\n"
     "## Details\n"
     "\n"
     "Links between pages use the Markdown file's path, and brief checks them.\n"
     "Footnotes work too.[^1]\n"
     "\n"
     "[^1]: Like this one.\n"},
    {"templates/base.mustache",
     "{{!\n"
     "  The layout every page inherits as its parent (\"<base\"), filling its\n"
     "  blocks title and main. The words come from content/i18n/LANG.yaml.\n"
     "}}\n"
     "<!DOCTYPE html>\n"
     "<html lang=\"{{page.lang}}\">\n"
     "<head>\n"
     "<meta charset=\"utf-8\">\n"
     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     "<title>{{$title}}{{page.title}}{{^page.is_home}}{{#site.title}} · "
     "{{site.title}}{{/site.title}}{{/page.is_home}}{{/title}}</title>\n"
     "{{#page.summary}}\n"
     "<meta name=\"description\" content=\"{{page.summary}}\">\n"
     "{{/page.summary}}\n"
     "{{^page.summary}}\n"
     "{{#site.description}}\n"
     "<meta name=\"description\" content=\"{{site.description}}\">\n"
     "{{/site.description}}\n"
     "{{/page.summary}}\n"
     "<link rel=\"stylesheet\" href=\"{{root}}assets/style.css\">\n"
     "{{#site.feed_url}}\n"
     "<link rel=\"alternate\" type=\"application/atom+xml\" "
     "href=\"{{site.feed_url}}\"{{#site.title}} title=\"{{site.title}}\"{{/site.title}}>\n"
     "{{/site.feed_url}}\n"
     "{{#page.translations}}\n"
     "<link rel=\"alternate\" hreflang=\"{{lang}}\" href=\"{{url}}\">\n"
     "{{/page.translations}}\n"
     "</head>\n"
     "<body>\n"
     "<a class=\"skip\" href=\"#main\">{{i18n.skip}}</a>\n"
     "{{> partials/header}}\n"
     "<main id=\"main\" tabindex=\"-1\">\n"
     "{{$main}}{{/main}}\n"
     "</main>\n"
     "<footer class=\"site-footer\">\n"
     "<p>{{#site.author}}{{site.author}} · {{/site.author}}{{i18n.built}}</p>\n"
     "</footer>\n"
     "</body>\n"
     "</html>\n"},
    {"templates/partials/header.mustache",
     "{{!\n"
     "  The site's name, the same page in other languages, and the menu:\n"
     "  this language's home page, then site.yaml's menu.\n"
     "}}\n"
     "<header class=\"site-header\">\n"
     "<div class=\"bar\">\n"
     "{{#site.home}}\n"
     "<a class=\"site-title\" "
     "href=\"{{url}}\">{{#site.title}}{{site.title}}{{/site.title}}{{^site.title}}{{title}}{{/"
     "site.title}}</a>\n"
     "{{/site.home}}\n"
     "{{#page.translations}}\n"
     "<a class=\"lang-switch\" href=\"{{url}}\" hreflang=\"{{lang}}\" "
     "lang=\"{{lang}}\">{{name}}</a>\n"
     "{{/page.translations}}\n"
     "</div>\n"
     "<nav aria-label=\"{{i18n.menu}}\">\n"
     "<ul>\n"
     "{{#site.home}}\n"
     "<li><a href=\"{{url}}\">{{i18n.home}}</a></li>\n"
     "{{/site.home}}\n"
     "{{#site.menu}}\n"
     "<li><a href=\"{{url}}\">{{title}}</a></li>\n"
     "{{/site.menu}}\n"
     "</ul>\n"
     "</nav>\n"
     "<form class=\"search-box\" role=\"search\" aria-label=\"{{i18n.search_label}}\" "
     "action=\"{{root}}{{site.lang_root}}search/index.html\" method=\"get\">\n"
     "<input type=\"search\" name=\"q\" aria-label=\"{{i18n.search_label}}\" "
     "autocomplete=\"off\">\n"
     "<button type=\"submit\">{{i18n.search_button}}</button>\n"
     "</form>\n"
     "</header>\n"},
    {"templates/search.mustache",
     "{{!\n"
     "  The search page (content/search.md has layout: search). This template\n"
     "  makes brief write the search index, search/index.js, that\n"
     "  assets/search.js reads; the data-* words are the script's.\n"
     "}}\n"
     "{{<base}}{{$main}}\n"
     "<h1>{{page.title}}</h1>\n"
     "{{{page.content}}}\n"
     "<div id=\"search\" class=\"search\" data-root=\"{{root}}\" "
     "data-none=\"{{i18n.search_none}}\" "
     "data-one=\"{{i18n.search_one}}\" data-many=\"{{i18n.search_many}}\" "
     "data-missing=\"{{i18n.search_missing}}\">\n"
     "<form action=\"{{page.url}}\" method=\"get\">\n"
     "<label for=\"search-q\">{{i18n.search_label}}</label>\n"
     "<input id=\"search-q\" type=\"search\" name=\"q\" autocomplete=\"off\">\n"
     "<button type=\"submit\">{{i18n.search_button}}</button>\n"
     "</form>\n"
     "<p id=\"search-nojs\">{{i18n.search_nojs}} <a href=\"{{site.home.url}}\">"
     "{{i18n.search_nojs_link}}</a></p>\n"
     "<p id=\"search-status\" role=\"status\" aria-live=\"polite\"></p>\n"
     "<ol id=\"search-results\" class=\"search-results\"></ol>\n"
     "</div>\n"
     "<script src=\"{{root}}{{site.lang_root}}search/index.js\" defer></script>\n"
     "<script src=\"{{root}}assets/search.js\" defer></script>\n"
     "{{/main}}{{/base}}\n"},
    {"templates/index.mustache",
     "{{! The home page: its text, then every page of its language. }}\n"
     "{{<base}}{{$main}}\n"
     "<h1>{{page.title}}</h1>\n"
     "{{{page.content}}}\n"
     "{{#site.pages}}\n"
     "{{> partials/entry}}\n"
     "{{/site.pages}}\n"
     "{{/main}}{{/base}}\n"},
    {"templates/section.mustache",
     "{{! A folder's page: its _index.md text, then its sections and pages. }}\n"
     "{{<base}}{{$main}}\n"
     "<h1>{{page.title}}</h1>\n"
     "{{{page.content}}}\n"
     "{{#page.sections}}\n"
     "{{> partials/entry}}\n"
     "{{/page.sections}}\n"
     "{{#page.pages}}\n"
     "{{> partials/entry}}\n"
     "{{/page.pages}}\n"
     "{{^page.pages}}\n"
     "{{^page.sections}}\n"
     "<p>{{i18n.empty}}</p>\n"
     "{{/page.sections}}\n"
     "{{/page.pages}}\n"
     "{{/main}}{{/base}}\n"},
    {"templates/page.mustache",
     "{{!\n"
     "  A page: its title, date, text and tags, then its neighbours in the\n"
     "  section. Optional fields are in sections: a page without them is fine.\n"
     "}}\n"
     "{{<base}}{{$main}}\n"
     "<article>\n"
     "<h1>{{page.title}}</h1>\n"
     "{{#page.date}}\n"
     "<p class=\"meta\"><time datetime=\"{{page.date}}\">{{page.date}}</time></p>\n"
     "{{/page.date}}\n"
     "{{{page.content}}}\n"
     "<ul class=\"tags\">{{#page.tags}}<li>{{#url}}<a "
     "href=\"{{url}}\">{{name}}</a>{{/url}}{{^url}}{{name}}{{/url}}</li>{{/page.tags}}</ul>\n"
     "</article>\n"
     "<nav class=\"pager\" aria-label=\"{{i18n.pager}}\">{{#page.prev}}<a rel=\"prev\" "
     "href=\"{{url}}\"><span>{{i18n.previous}}</span> {{title}}</a>{{/page.prev}}{{#page.next}}<a "
     "rel=\"next\" href=\"{{url}}\"><span>{{i18n.next}}</span> {{title}}</a>{{/page.next}}</nav>\n"
     "{{/main}}{{/base}}\n"},
    {"templates/tags.mustache",
     "{{! tags/: every tag, with the number of pages that carry it. }}\n"
     "{{<base}}{{$main}}\n"
     "<h1>{{page.title}}</h1>\n"
     "<ul class=\"tags\">\n"
     "{{#page.tags}}\n"
     "<li><a href=\"{{url}}\">{{name}}</a> ({{count}})</li>\n"
     "{{/page.tags}}\n"
     "</ul>\n"
     "{{/main}}{{/base}}\n"},
    {"templates/tag.mustache",
     "{{! tags/TAG/: the pages that carry one tag, in the usual order. }}\n"
     "{{<base}}{{$main}}\n"
     "<h1>{{page.title}}</h1>\n"
     "{{#page.pages}}\n"
     "{{> partials/entry}}\n"
     "{{/page.pages}}\n"
     "{{/main}}{{/base}}\n"},
    {"templates/partials/entry.mustache",
     "{{! A page in a list: its title, its date and summary when it has them. }}\n"
     "<article class=\"entry\">\n"
     "<h2><a href=\"{{url}}\">{{title}}</a></h2>\n"
     "{{#date}}\n"
     "<p class=\"meta\"><time datetime=\"{{date}}\">{{date}}</time></p>\n"
     "{{/date}}\n"
     "{{#summary}}\n"
     "<p>{{summary}}</p>\n"
     "{{/summary}}\n"
     "</article>\n"},
    {"templates/assets/style.css",
     "/* The starter's stylesheet: system fonts, light and dark colours, print.\n"
     " * Every text colour meets WCAG AA contrast (4.5:1) in both schemes. */\n"
     ":root {\n"
     "\t--bg: #ffffff;\n"
     "\t--fg: #1c1f23;\n"
     "\t--muted: #59616b;\n"
     "\t--accent: #0b5cad;\n"
     "\t--rule: #d8dde3;\n"
     "\t--soft: #f1f4f7;\n"
     "\tcolor-scheme: light dark;\n"
     "}\n"
     "@media (prefers-color-scheme: dark) {\n"
     "\t:root {\n"
     "\t\t--bg: #15181c;\n"
     "\t\t--fg: #e7eaee;\n"
     "\t\t--muted: #a7b0bb;\n"
     "\t\t--accent: #8ec5ff;\n"
     "\t\t--rule: #353c45;\n"
     "\t\t--soft: #1f242a;\n"
     "\t}\n"
     "}\n"
     "*, *::before, *::after { box-sizing: border-box; }\n"
     "body {\n"
     "\tmargin: 0;\n"
     "\tbackground: var(--bg);\n"
     "\tcolor: var(--fg);\n"
     "\tfont: 1.0625rem/1.6 system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif;\n"
     "\toverflow-wrap: break-word;\n"
     "}\n"
     ".site-header, main, .site-footer { max-width: 44rem; margin: 0 auto; padding: 0 1.25rem; }\n"
     "a { color: var(--accent); text-underline-offset: .15em; }\n"
     ":focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }\n"
     "main:focus { outline: none; }\n"
     ".skip {\n"
     "\tposition: absolute; left: 1rem; top: -10rem; padding: .5rem .8rem;\n"
     "\tbackground: var(--accent); color: var(--bg); font-weight: 700;\n"
     "}\n"
     ".skip:focus { top: 1rem; }\n"
     "\n"
     ".site-header { padding-top: 1.25rem; padding-bottom: .75rem; border-bottom: 1px solid "
     "var(--rule); }\n"
     ".bar { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1rem; }\n"
     ".site-title { margin-right: auto; font-size: 1.3rem; font-weight: 700; color: var(--fg); "
     "text-decoration: none; }\n"
     ".site-header ul { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: .5rem 0 0; "
     "padding: 0; list-style: none; }\n"
     "\n"
     "h1, h2, h3 { line-height: 1.25; }\n"
     "h1 { font-size: 2.1rem; margin: 2rem 0 .75rem; }\n"
     "h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; }\n"
     ".meta, .site-footer, .footnotes { color: var(--muted); font-size: .95rem; }\n"
     ".meta { margin-top: 0; }\n"
     ".entry { margin-top: 1.5rem; padding-top: .25rem; border-top: 1px solid var(--rule); }\n"
     ".entry h2 { font-size: 1.25rem; margin: .75rem 0 .25rem; }\n"
     ".entry p { margin: .25rem 0; }\n"
     "\n"
     ".tags { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1.5rem 0; padding: 0; "
     "list-style: none; }\n"
     ".tags li { padding: 0 .6rem; border-radius: 1rem; background: var(--soft); font-size: .9rem; "
     "}\n"
     ".tags li::before { content: \"#\"; color: var(--muted); }\n"
     ".pager { display: flex; gap: 1rem; margin: 2.5rem 0 0; padding-top: 1rem; border-top: 1px "
     "solid var(--rule); }\n"
     ".pager a { max-width: 48%; text-decoration: none; }\n"
     ".pager a:hover { text-decoration: underline; }\n"
     ".pager [rel=\"next\"] { margin-left: auto; text-align: right; }\n"
     ".pager span { display: block; color: var(--muted); font-size: .85rem; }\n"
     ".tags:empty, .pager:empty { display: none; }\n"
     "\n"
     "table { border-collapse: collapse; margin: 1rem 0; }\n"
     "th, td { padding: .3rem .7rem; border: 1px solid var(--rule); }\n"
     "th { background: var(--soft); }\n"
     "pre { padding: .75rem 1rem; overflow-x: auto; background: var(--soft); }\n"
     "code { font-size: .92em; }\n"
     "sup, sub { line-height: 0; }\n"
     "blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid var(--rule); }\n"
     "img { max-width: 100%; height: auto; }\n"
     ".footnotes { margin-top: 2rem; border-top: 1px solid var(--rule); }\n"
     ".site-footer { margin-top: 3rem; padding-top: .75rem; padding-bottom: 2rem; border-top: 1px "
     "solid var(--rule); }\n"
     "\n"
     "\n"
     ".search-box { display: flex; gap: .4rem; margin-top: .6rem; }\n"
     ".search-box input, .search input { min-width: 0; padding: .3rem .5rem; font: inherit; color: "
     "var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: .25rem; }\n"
     ".search button, .search-box button { font: inherit; padding: .3rem .7rem; }\n"
     ".search form { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }\n"
     ".search label { flex-basis: 100%; font-weight: 600; }\n"
     ".search input { flex: 1; }\n"
     ".search-results li { margin-bottom: 1rem; }\n"
     ".search-results a { display: block; width: fit-content; font-weight: 600; }\n"
     ".search-section { display: block; font-weight: 400; }\n"
     ".search-snippet { margin: .2rem 0 0; }\n"
     "mark { background: var(--soft); color: inherit; font-weight: 700; }\n"
     "\n"
     "@media print {\n"
     "\t.skip, .site-header nav, .lang-switch, .pager, .search-box { display: none; }\n"
     "\ta { color: inherit; }\n"
     "}\n"},

};

/* True when dir is missing or an empty folder. */
static bool
usable(struct diag *d, const char *dir)
{
	DIR *dp = opendir(dir);
	if (dp == NULL) {
		if (errno == ENOENT)
			return true;
		diag_syserr(d, dir, "cannot use as the new site's folder");
		return false;
	}
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(dp);
	if (!empty)
		diag_error(d, diag_file(dir),
		           "folder is not empty; brief init will not overwrite it");
	return empty;
}

int
init_site(struct diag *d, const char *dir)
{
	if (!usable(d, dir))
		return -1;
	struct buf path = BUF_INIT;
	int status = 0;
	for (size_t i = 0; i < sizeof(starter) / sizeof(starter[0]) && status == 0; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s/%s", dir, starter[i].path);
		status = fsutil_write(d, path.ptr, starter[i].text, strlen(starter[i].text));
	}
	if (status == 0) {
		struct buf js = BUF_INIT;
		searchjs_text(&js);
		buf_clear(&path);
		buf_printf(&path, "%s/templates/assets/search.js", dir);
		status = fsutil_write(d, path.ptr, js.ptr, js.len);
		buf_free(&js);
	}
	buf_free(&path);
	return status;
}
