#include "linkcheck.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkpage.h"
#include "checkurl.h"
#include "fsutil.h"
#include "parallel.h"

/* One checked folder. Pages are parsed on several threads, each worker
 * with its own arena and buffered diag; links are resolved on one, in
 * page order. */
struct run {
	const struct linkcheck_options *o;
	struct diag *diag;
	struct arena *arena;       /* the folder's listing */
	struct strmap files, dirs; /* site path -> page index, NOT_HTML, DIR */
	const char **paths;        /* of each page */
	struct checkpage *pages;
	size_t npages, pages_cap;
	const char *shown;
	unsigned jobs;
	struct arena **arenas; /* per worker */
	struct diag *diags;    /* per worker */
	struct strmap hosts;
	struct linkcheck_report *report;
	struct arena *out; /* the caller's, for the report */
	size_t hosts_cap;
};

/* Values of run.files and run.dirs besides page indices; strmap_get()
 * gives MISSING for a path that is not there. */
enum { MISSING = -1, NOT_HTML = -2, DIR = -3 };

static bool
is_html(const char *path)
{
	size_t n = strlen(path);
	return (n > 5 && !strcasecmp(path + n - 5, ".html")) ||
	       (n > 4 && !strcasecmp(path + n - 4, ".htm"));
}

static void
list_entry(void *ctx, const char *rel, const char *full, bool is_dir)
{
	(void)full;
	struct run *r = ctx;
	if (is_dir) {
		strmap_add(&r->dirs, rel, strlen(rel), DIR);
		return;
	}
	long page = NOT_HTML;
	if (is_html(rel)) {
		r->paths =
		    arena_grow(r->arena, r->paths, r->npages, &r->pages_cap, sizeof(*r->paths));
		page = (long)r->npages;
		r->paths[r->npages++] = rel;
	}
	strmap_add(&r->files, rel, strlen(rel), page);
}

static void
parse_slice(void *ctx, unsigned w, size_t begin, size_t end)
{
	struct run *r = ctx;
	struct buf path = BUF_INIT;
	for (size_t i = begin; i < end; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s/%s", r->o->dir, r->paths[i]);
		size_t len;
		char *html = fsutil_read_heap(&r->diags[w], path.ptr, &len);
		if (html == NULL)
			continue;
		checkpage_parse(r->arenas[w], html, len, &r->pages[i]);
		free(html);
	}
	buf_free(&path);
}

static void
count_host(struct run *r, const char *host)
{
	struct linkcheck_report *rep = r->report;
	long i = strmap_cget(&r->hosts, host);
	if (i < 0) {
		rep->hosts =
		    arena_grow(r->out, rep->hosts, rep->nhosts, &r->hosts_cap, sizeof(*rep->hosts));
		const char *key = arena_strdup(r->out, host);
		i = strmap_add(&r->hosts, key, strlen(key), (long)rep->nhosts);
		rep->hosts[rep->nhosts++] = (struct linkcheck_host){key, 0};
	}
	rep->hosts[i].count++;
}

/* The file a link reaches: u->file, or the index.html of a folder named
 * without its final '/' (fine over HTTP, which redirects). NULL when
 * neither exists. *page gets its page index, or NOT_HTML. */
static const char *
target_of(struct run *r, struct arena *scratch, const struct checkurl *u, long *page)
{
	*page = strmap_cget(&r->files, u->file);
	if (*page != MISSING)
		return u->file;
	if (u->file == u->path && strmap_cget(&r->dirs, u->path) != MISSING) {
		const char *index = arena_join(scratch, u->path, "/index.html");
		*page = strmap_cget(&r->files, index);
		if (*page != MISSING)
			return index;
	}
	return NULL;
}

/* Whether fragment f names something on page p: an id or <a name>, as
 * written or percent-decoded; "" and "top" always do. */
static bool
fragment_ok(struct arena *scratch, const struct checkpage *p, const char *f)
{
	if (f == NULL || f[0] == '\0' || !strcasecmp(f, "top") ||
	    strmap_cget(&p->ids, f) != MISSING)
		return true;
	return strmap_cget(&p->ids, checkurl_decode(scratch, f, strlen(f))) != MISSING;
}

/* Why u does not reach anything in the site, or NULL when it does. */
static const char *
broken_why(struct run *r, struct arena *scratch, const struct checkurl *u)
{
	if (u->escapes)
		return "it leads out of the site";
	long page;
	const char *target = target_of(r, scratch, u, &page);
	if (target == NULL && u->file == u->path && strmap_cget(&r->dirs, u->path) != MISSING)
		return arena_printf(scratch, "'%s' is a folder without index.html", u->path);
	if (target == NULL)
		return arena_printf(scratch, "no file '%s'", u->file);
	if (page >= 0 && !fragment_ok(scratch, &r->pages[page], u->fragment))
		return arena_printf(scratch, "no id '%s' in '%s'", u->fragment, target);
	return NULL;
}

/* After a message about page i: where brief made it from, if known. */
static void
note_origin(struct run *r, size_t i, const char *shown_path)
{
	struct pos at;
	if (r->o->origin != NULL && r->o->origin(r->o->origin_ctx, r->paths[i], &at))
		diag_note(r->diag, at, "%s is made from this", shown_path);
}

struct page_ctx {
	size_t index;
	const char *base;        /* the site path links resolve against */
	const char *remote_base; /* the host of an external <base href>, or NULL */
	struct pos at;           /* the page, as messages name it */
};

static void
check_link(struct run *r, struct arena *scratch, struct page_ctx *pc,
           const struct checkpage_link *l)
{
	struct checkurl u;
	checkurl_resolve(scratch, pc->base, l->url, &u);
	if (u.kind == CHECKURL_LOCAL && pc->remote_base != NULL)
		u = (struct checkurl){.kind = CHECKURL_EXTERNAL, .host = pc->remote_base};
	if (u.kind == CHECKURL_EXTERNAL)
		count_host(r, u.host);
	if (u.kind != CHECKURL_LOCAL)
		return;
	r->report->links++;
	struct pos at = {pc->at.path, l->line, l->col};
	if (u.root_relative) {
		diag_warning(r->diag, at,
		             "root-relative link '%s': breaks from file:// and sub-paths", l->url);
		note_origin(r, pc->index, pc->at.path);
	}
	const char *why = broken_why(r, scratch, &u);
	if (why == NULL)
		return;
	r->report->broken++;
	diag_error(r->diag, at, "broken link to '%s': %s", l->url, why);
	note_origin(r, pc->index, pc->at.path);
}

/* Sets the page's base from its <base href>: a folder or file of the site,
 * or another host (then every relative link goes there). */
static void
read_base(struct run *r, struct arena *scratch, struct page_ctx *pc)
{
	const struct checkpage *p = &r->pages[pc->index];
	pc->base = r->paths[pc->index];
	pc->remote_base = NULL;
	if (p->base == NULL)
		return;
	struct checkurl u;
	checkurl_resolve(scratch, pc->base, p->base, &u);
	if (u.kind == CHECKURL_EXTERNAL) {
		pc->remote_base = u.host;
	} else if (u.kind == CHECKURL_LOCAL && !u.escapes) {
		pc->base = u.path;
	} else {
		struct pos at = {pc->at.path, p->base_line, p->base_col};
		diag_error(r->diag, at, "<base href='%s'> leads out of the site: links ignore it",
		           p->base);
		note_origin(r, pc->index, pc->at.path);
	}
}

static void
check_pages(struct run *r)
{
	for (size_t i = 0; i < r->npages; i++) {
		struct arena *scratch = arena_new();
		const char *shown =
		    r->shown[0] ? arena_join(scratch, r->shown, "/", r->paths[i]) : r->paths[i];
		struct page_ctx pc = {.index = i, .at = diag_file(shown)};
		read_base(r, scratch, &pc);
		const struct checkpage *p = &r->pages[i];
		for (size_t k = 0; k < p->nlinks; k++)
			check_link(r, scratch, &pc, &p->links[k]);
		arena_free(scratch);
	}
}

static void
parse_pages(struct run *r)
{
	unsigned jobs = r->o->jobs ? r->o->jobs : parallel_cpus();
	if (jobs > r->npages)
		jobs = r->npages > 0 ? (unsigned)r->npages : 1;
	r->pages = xcalloc(r->npages ? r->npages : 1, sizeof(*r->pages));
	r->arenas = xcalloc(jobs, sizeof(*r->arenas));
	r->diags = xcalloc(jobs, sizeof(*r->diags));
	for (unsigned w = 0; w < jobs; w++) {
		r->arenas[w] = arena_new();
		diag_init_buffered(&r->diags[w]);
	}
	parallel_for(r->npages, jobs, parse_slice, r);
	for (unsigned w = 0; w < jobs; w++)
		diag_flush(&r->diags[w], r->diag);
	r->jobs = jobs;
}

static int
by_host(const void *a, const void *b)
{
	return strcmp(((const struct linkcheck_host *)a)->host,
	              ((const struct linkcheck_host *)b)->host);
}

/* "output/" names the folder "output"; "." names it "" (pages by their
 * own paths). */
static const char *
shown_name(struct arena *arena, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return n == 1 && dir[0] == '.' ? "" : arena_strndup(arena, dir, n);
}

int
linkcheck_site(struct arena *arena, struct diag *d, const struct linkcheck_options *o,
               struct linkcheck_report *rep)
{
	*rep = (struct linkcheck_report){0};
	struct run r = {.o = o, .diag = d, .arena = arena_new(), .report = rep, .out = arena};
	r.shown = shown_name(r.arena, o->shown ? o->shown : o->dir);
	unsigned errors = d->errors;
	int walked = fsutil_walk(r.arena, d, o->dir, list_entry, &r);
	parse_pages(&r);
	check_pages(&r);
	rep->pages = r.npages;
	if (rep->nhosts > 1)
		qsort(rep->hosts, rep->nhosts, sizeof(*rep->hosts), by_host);
	for (size_t i = 0; i < r.npages; i++)
		checkpage_free(&r.pages[i]);
	for (unsigned w = 0; w < r.jobs; w++) {
		arena_free(r.arenas[w]);
		diag_close(&r.diags[w]);
	}
	free(r.pages);
	free(r.arenas);
	free(r.diags);
	strmap_free(&r.files);
	strmap_free(&r.dirs);
	strmap_free(&r.hosts);
	arena_free(r.arena);
	return walked == 0 && d->errors == errors ? 0 : -1;
}

void
linkcheck_print_hosts(FILE *out, const struct linkcheck_report *r)
{
	if (r->nhosts == 0)
		return;
	size_t total = 0;
	for (size_t i = 0; i < r->nhosts; i++)
		total += r->hosts[i].count;
	fprintf(out, "external links, not fetched: %zu to %zu host%s\n", total, r->nhosts,
	        r->nhosts == 1 ? "" : "s");
	for (size_t i = 0; i < r->nhosts; i++)
		fprintf(out, "  %s %zu\n", r->hosts[i].host, r->hosts[i].count);
}
