#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fsutil.h"

struct starter_file {
	const char *path;
	const char *text;
};

static const struct starter_file starter[] = {
    {"content/site.yaml", "title: My briefing\n"
                          "language: en\n"
                          "description: A short briefing built with brief.\n"
                          "author: Your name\n"
                          "menu:\n"
                          "  - page: index.md\n"
                          "    title: Home\n"
                          "  - page: notes/\n"},
    {"content/index.md",
     "---\n"
     "title: My briefing\n"
     "---\n"
     "Welcome. Edit `content/index.md`, run `brief build`, and open `output/index.html`.\n"
     "\n"
     "Read the [first note](notes/first.md) or [all notes](notes/_index.md).\n"},
    {"content/notes/_index.md", "---\n"
                                "title: Notes\n"
                                "---\n"
                                "Every Markdown file in this folder is listed here.\n"},
    {"content/notes/first.md",
     "---\n"
     "title: First note\n"
     "date: 2024-01-02\n"
     "weight: 1\n"
     "tags: [example]\n"
     "---\n"
     "## What this is\n"
     "\n"
     "A page with a date, a weight and tags. See also the [second note](second.md#details).\n"
     "\n"
     "| Column | Value |\n"
     "|--------|------:|\n"
     "| a      |     1 |\n"},
    {"content/notes/second.md", "---\n"
                                "title: Second note\n"
                                "date: 2024-01-01\n"
                                "weight: 2\n"
                                "---\n"
                                "## Details\n"
                                "\n"
                                "Footnotes work too.[^1]\n"
                                "\n"
                                "[^1]: Like this one.\n"},
    {"templates/base.mustache",
     "<!DOCTYPE html>\n"
     "<html lang=\"{{site.language}}\">\n"
     "<head>\n"
     "<meta charset=\"utf-8\">\n"
     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     "<title>{{$title}}{{page.title}} · {{site.title}}{{/title}}</title>\n"
     "<link rel=\"stylesheet\" href=\"{{root}}assets/style.css\">\n"
     "</head>\n"
     "<body>\n"
     "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
     "{{> partials/nav}}\n"
     "<main id=\"main\">\n"
     "{{$main}}{{/main}}\n"
     "</main>\n"
     "</body>\n"
     "</html>\n"},
    {"templates/partials/nav.mustache",
     "<nav aria-label=\"Main\"><ul>\n"
     "{{#site.menu}}<li><a href=\"{{url}}\">{{title}}</a></li>\n{{/site.menu}}"
     "</ul></nav>\n"},
    {"templates/index.mustache", "{{<base}}{{$main}}<h1>{{page.title}}</h1>\n"
                                 "{{{page.content}}}\n"
                                 "{{/main}}{{/base}}\n"},
    {"templates/section.mustache",
     "{{<base}}{{$main}}<h1>{{page.title}}</h1>\n"
     "{{{page.content}}}\n"
     "<ul>\n{{#page.pages}}<li><a href=\"{{url}}\">{{title}}</a> {{date}}</li>\n{{/page.pages}}"
     "</ul>\n"
     "{{/main}}{{/base}}\n"},
    {"templates/page.mustache",
     "{{<base}}{{$main}}<article>\n<h1>{{page.title}}</h1>\n"
     "{{#page.date}}<p><time>{{page.date}}</time></p>{{/page.date}}\n"
     "{{{page.content}}}\n"
     "</article>\n"
     "<nav aria-label=\"Pages\">{{#page.prev}}<a href=\"{{url}}\">← {{title}}</a> "
     "{{/page.prev}}{{#page.next}}<a href=\"{{url}}\">{{title}} →</a>{{/page.next}}</nav>\n"
     "{{/main}}{{/base}}\n"},
    {"templates/assets/style.css",
     ":root { color-scheme: light dark; }\n"
     "body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 0 auto;\n"
     "       padding: 1rem; line-height: 1.5; }\n"
     ".skip { position: absolute; left: -999px; }\n"
     ".skip:focus { left: 1rem; }\n"
     "nav ul { list-style: none; display: flex; gap: 1rem; padding: 0; }\n"
     "table { border-collapse: collapse; }\n"
     "td, th { border: 1px solid; padding: .25rem .5rem; }\n"},
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
	buf_free(&path);
	return status;
}
