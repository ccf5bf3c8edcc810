/* mustache_data: any YAML data (through yamlload.c) rendered by a fixed
 * template (mustache.c) that uses every kind of tag: what a page's front
 * matter or a data file may hold meets a real template. */
#include "fuzz.h"

static const char page[] = "{{<base}}{{$head}}<title>{{title}} · {{site.title}}</title>{{/head}}\n"
                           "{{$body}}<h1>{{{title}}}</h1>{{&page.summary}}\n"
                           "<time>{{page.date}} {{page.date.year}}-{{page.date.month}}</time>\n"
                           "{{#page.tags}}<a href=\"{{url}}\">{{.}}{{name}}</a>{{/page.tags}}\n"
                           "{{^page.tags}}no tags{{/page.tags}}\n"
                           "{{#list}}{{#.}}[{{.}}]{{/.}}{{^.}}(none){{/.}}{{/list}}\n"
                           "<ul>{{#people.team}}{{> item}}{{/people.team}}</ul>\n"
                           "{{#page}}{{#toc}}<a href=\"#{{id}}\">{{text}}</a>{{/toc}}{{/page}}\n"
                           "{{=<% %>=}}<% title %><%={{ }}=%>{{! a comment }}\n"
                           "{{#a.b.c.d.e}}{{f.g}}{{/a.b.c.d.e}}{{>*dynamic}}\n"
                           "{{/body}}{{/base}}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct mustache *t =
	    mustache_compile(arena, &d, "templates/page.mustache", page, sizeof(page) - 1);
	FUZZ_ASSERT(t != NULL);
	struct value *v =
	    yamlload_string(arena, &d, "content/page.md", (const char *)data, size, 2);
	if (v != NULL)
		fuzz_render(arena, &d, t, NULL, v);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
