/*
 * editsite: a small site and a seeded random edit of it (bodies, titles,
 * weights, dates, slugs, drafts, new and deleted pages and folders,
 * section pages, templates, data, a copied file, a broken file then
 * fixed), for the randomized tests that hold an incremental build to a
 * fresh one (test_session_random.c, test_buildcache_random.c). Needs
 * scratch.h; f->changed names the paths each edit touched.
 */
#ifndef BRIEF_EDITSITE_H
#define BRIEF_EDITSITE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scratch.h"

#define MAX_PAGES 64

struct page_model {
	char path[64]; /* in content/ */
	bool live, stable, draft;
	bool renamed; /* its first heading is not "Heading" (links to #heading break) */
	char title[32], slug[32];
	int weight;           /* 0: none */
	int year, month, day; /* year 0: no date */
	int words, link;      /* link: -1 none, else a stable page */
};

struct fuzz {
	uint64_t rng;
	struct page_model pages[MAX_PAGES];
	size_t npages;
	const char *changed[MAX_PAGES + 8];
	size_t nchanged;
	int tpl, data;
	long broken;  /* the page written broken, or -1 */
	int failures; /* steps that failed, as they should */
	int patched;  /* steps the session patched its last build for */
	int partial;  /* of those, steps that rendered some pages only */
	bool precise; /* the watcher names every change */
	uint64_t seed;
};

static uint64_t
next(struct fuzz *f)
{
	f->rng ^= f->rng << 13;
	f->rng ^= f->rng >> 7;
	f->rng ^= f->rng << 17;
	return f->rng;
}

static int
pick(struct fuzz *f, int n)
{
	return (int)(next(f) % (uint64_t)n);
}

static const char *
content(const char *rel)
{
	return at(arena_printf(arena, "content/%s", rel));
}

static void
touched(struct fuzz *f, const char *full)
{
	if (f->nchanged < sizeof(f->changed) / sizeof(f->changed[0]))
		f->changed[f->nchanged++] = full;
}

static void
write_page(struct fuzz *f, size_t i)
{
	const struct page_model *p = &f->pages[i];
	char *text = arena_printf(arena, "---\ntitle: %s\n", p->title);
	if (p->weight)
		text = arena_printf(arena, "%sweight: %d\n", text, p->weight);
	if (p->year)
		text = arena_printf(arena, "%sdate: %04d-%02d-%02d\n", text, p->year, p->month,
		                    p->day);
	if (p->draft)
		text = arena_printf(arena, "%sdraft: true\n", text);
	if (p->slug[0])
		text = arena_printf(arena, "%sslug: %s\n", text, p->slug);
	text =
	    arena_printf(arena, "%s---\n# %s\n\nFirst", text, p->renamed ? "Renamed" : "Heading");
	for (int w = 0; w < p->words; w++)
		text = arena_printf(arena, "%s word%d", text, (w * 7 + p->words) % 13);
	if (p->link >= 0)
		text = arena_printf(arena, "%s [see](/%s) and [top](/%s#heading)", text,
		                    f->pages[p->link].path, f->pages[p->link].path);
	text = arena_printf(arena, "%s.\n\n## More\n\nLast words.\n", text);
	put(arena_printf(arena, "content/%s", p->path), text);
	touched(f, content(p->path));
}

static void
add_page(struct fuzz *f, const char *path, bool stable)
{
	if (f->npages == MAX_PAGES)
		return;
	for (size_t i = 0; i < f->npages; i++)
		if (!strcmp(f->pages[i].path, path) && f->pages[i].live)
			return;
	struct page_model *p = &f->pages[f->npages];
	*p = (struct page_model){.live = true, .stable = stable, .link = -1};
	snprintf(p->path, sizeof(p->path), "%s", path);
	snprintf(p->title, sizeof(p->title), "Title %d", pick(f, 50));
	p->words = pick(f, 40);
	if (pick(f, 2))
		p->weight = 1 + pick(f, 5);
	if (pick(f, 2))
		p->year = 2020 + pick(f, 3), p->month = 1 + pick(f, 12), p->day = 1 + pick(f, 28);
	write_page(f, f->npages++);
}

static const char *const page_tpls[] = {
    "{{> partials/head}}<h1>{{page.title}}</h1>{{#page.date}}<time>{{iso}}</time>{{/page.date}}"
    "{{#page.prev}}<a href=\"{{url}}\">{{title}}</a>{{/page.prev}}"
    "{{#page.next}}<a href=\"{{url}}\">{{title}}</a>{{/page.next}}"
    "{{#page.section}}in {{title}}{{/page.section}}{{{page.content}}}",
    "{{> partials/head}}<h1>{{page.title}}</h1>{{{page.content}}}"
    "{{#page.toc}}<li>{{title}}</li>{{/page.toc}}{{page.summary}}",
    "{{> partials/head}}{{page.title}}{{#site.pages}}<p>{{title}}: {{summary}}</p>"
    "{{/site.pages}}{{{page.content}}}",
    "{{> partials/head}}{{page.title}}{{#page.next}}{{{content}}}{{/page.next}}{{{page.content}}}"
    "{{page.weight}}",
};

static void
write_templates(struct fuzz *f)
{
	put("templates/page.mustache", page_tpls[f->tpl % 4]);
	put("templates/partials/head.mustache",
	    f->tpl % 3 ? "<title>{{site.title}}</title>" : "<title>{{page.title}}</title>");
	put("templates/index.mustache",
	    "{{site.title}}{{#data.facts.items}}<b>{{.}}</b>{{/data.facts.items}}"
	    "{{#site.pages}}<a href=\"{{url}}\">{{title}}</a>{{/site.pages}}"
	    "{{#site.menu}}<a href=\"{{url}}\">{{title}}</a>{{/site.menu}}{{{page.content}}}");
	put("templates/section.mustache",
	    f->tpl % 3 ? "{{page.title}}{{#page.pages}}<li>{{title}} {{#date}}{{.}}{{/date}}</li>"
	                 "{{/page.pages}}"
	                 "{{#page.sections}}<li>{{title}}</li>{{/page.sections}}{{{page.content}}}"
	               : "{{page.title}}{{#page.pages}}<li>{{title}} {{summary}} {{date}}</li>"
	                 "{{/page.pages}}{{{page.content}}}");
	touched(f, at("templates/page.mustache"));
	touched(f, at("templates/partials/head.mustache"));
	touched(f, at("templates/section.mustache"));
}

static void
write_data(struct fuzz *f)
{
	put("content/facts.yaml", arena_printf(arena, "items: [a%d, b%d]\n", f->data, f->data * 3));
	touched(f, content("facts.yaml"));
}

static void
setup(struct fuzz *f)
{
	put("content/site.yaml", "title: Fuzz\nmenu:\n  - title: Notes\n    page: notes/\n");
	put("templates/assets/site.css", "body{}");
	put("content/img/a.txt", "a file");
	write_templates(f);
	write_data(f);
	add_page(f, "_index.md", true);
	add_page(f, "about.md", true);
	add_page(f, "notes/one.md", true);
	add_page(f, "essays/first.md", true);
	for (int i = 0; i < 8; i++)
		add_page(f, arena_printf(arena, "%s/p%d.md", pick(f, 2) ? "notes" : "essays", i),
		         false);
}

/* A live page, stable or not as asked (any when either). */
static long
live_page(struct fuzz *f, int stable)
{
	for (int tries = 0; tries < 50; tries++) {
		long i = pick(f, (int)f->npages);
		if (f->pages[i].live && (stable < 0 || f->pages[i].stable == (stable > 0)))
			return i;
	}
	return -1;
}

static const char *const folders[] = {"notes", "essays", "notes/deep", "other", "other/more"};

static void
remove_folder(struct fuzz *f, const char *dir)
{
	size_t len = strlen(dir);
	for (size_t i = 0; i < f->npages; i++)
		if (f->pages[i].live && !strncmp(f->pages[i].path, dir, len) &&
		    f->pages[i].path[len] == '/' && f->pages[i].stable)
			return; /* stable pages stay */
	for (size_t i = 0; i < f->npages; i++)
		if (f->pages[i].live && !strncmp(f->pages[i].path, dir, len) &&
		    f->pages[i].path[len] == '/') {
			f->pages[i].live = false;
			touched(f, content(f->pages[i].path));
		}
	fsutil_remove_tree(&quiet, content(dir));
	touched(f, content(dir));
}

/* One random edit; returns its name. */
static const char *
edit(struct fuzz *f)
{
	if (f->broken >= 0) {
		write_page(f, (size_t)f->broken);
		f->broken = -1;
		return "fix the broken page";
	}
	long i = live_page(f, -1);
	struct page_model *p = &f->pages[i < 0 ? 0 : i];
	switch (pick(f, 17)) {
	case 0:
	case 1:
	case 2:
		p->words = pick(f, 40);
		write_page(f, (size_t)i);
		return "body";
	case 3:
		snprintf(p->title, sizeof(p->title), "Title %d", pick(f, 50));
		write_page(f, (size_t)i);
		return "title";
	case 4:
		p->weight = pick(f, 6);
		write_page(f, (size_t)i);
		return "weight";
	case 5:
		p->year = pick(f, 3) ? 2020 + pick(f, 3) : 0, p->month = 1 + pick(f, 12);
		p->day = 1 + pick(f, 28);
		write_page(f, (size_t)i);
		return "date";
	case 6:
		if ((i = live_page(f, 0)) < 0)
			return "nothing";
		f->pages[i].draft = !f->pages[i].draft;
		write_page(f, (size_t)i);
		return "draft";
	case 7:
		if (strstr(p->path, "index.md") != NULL)
			return "nothing";
		if (pick(f, 2))
			snprintf(p->slug, sizeof(p->slug), "moved%ld", i);
		else
			p->slug[0] = '\0';
		write_page(f, (size_t)i);
		return "slug";
	case 8:
		p->link = live_page(f, 1);
		write_page(f, (size_t)i);
		return "link";
	case 9:
		add_page(
		    f,
		    arena_printf(arena, "%s/%s.md", folders[pick(f, 5)],
		                 pick(f, 4) ? arena_printf(arena, "n%d", pick(f, 30)) : "_index"),
		    false);
		return "new page";
	case 10:
		if ((i = live_page(f, 0)) < 0)
			return "nothing";
		f->pages[i].live = false;
		remove(content(f->pages[i].path));
		touched(f, content(f->pages[i].path));
		return "delete page";
	case 11: remove_folder(f, folders[2 + pick(f, 3)]); return "delete folder";
	case 12:
		f->tpl = pick(f, 12);
		write_templates(f);
		return "template";
	case 13:
		f->data++;
		write_data(f);
		return "data";
	case 16:
		/* An editor's backup, which the watcher never names, beside a
		 * body edit: a build copies it. */
		put(arena_printf(arena, "content/%s~", p->path), "backup");
		p->words = pick(f, 40);
		write_page(f, (size_t)i);
		return "body, and a backup beside";
	case 14:
		put(arena_printf(arena, "content/%s", p->path), "---\ntitle: [\n---\nbroken\n");
		touched(f, content(p->path));
		f->broken = i;
		return "break a page";
	default:
		put("content/img/a.txt", arena_printf(arena, "a file %d", pick(f, 9)));
		touched(f, content("img/a.txt"));
		return "copied file";
	}
}

/* What a diag printed, for comparing messages. */
struct capture {
	char *text;
	size_t len;
	FILE *out;
	struct diag d;
};

static void
capture_open(struct capture *c)
{
	c->out = open_memstream(&c->text, &c->len);
	diag_init(&c->d, c->out);
}

static void
capture_close(struct capture *c)
{
	diag_close(&c->d);
	fclose(c->out);
}

/* A seeded site (SEED=N, else the clock) and the number of steps to run
 * (STEPS=N, else steps, a fifth of it on the sanitizer build), both
 * printed. */
static void
editsite_start(struct fuzz *f, int *steps)
{
	const char *seed_env = getenv("SEED"), *steps_env = getenv("STEPS");
	uint64_t seed = seed_env ? strtoull(seed_env, NULL, 10) : (uint64_t)time(NULL);
#if defined(__SANITIZE_ADDRESS__)
	*steps /= 5;
#endif
	if (steps_env != NULL)
		*steps = atoi(steps_env);
	printf("  seed %llu, %d steps\n", (unsigned long long)seed, *steps);
	/* Templates 1 show no page's summary but its own and warn of nothing:
	 * a body edit then renders its page alone. */
	*f = (struct fuzz){.rng = seed * 2654435761u + 1, .tpl = 1, .broken = -1, .seed = seed};
	setup(f);
}

#endif
