#include "services.h"

#include <math.h>
#include <string.h>

#include "feed.h"

/* An absolute http(s) URL with a host, ending in '/', that can go into
 * XML and HTML attributes as it is. */
static bool
valid_base(const char *s)
{
	size_t scheme = !strncmp(s, "https://", 8) ? 8 : !strncmp(s, "http://", 7) ? 7 : 0;
	size_t len = strlen(s);
	if (scheme == 0 || len <= scheme || s[scheme] == '/' || s[len - 1] != '/')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("\"'<>\\`{}|^?#", *p) != NULL)
			return false;
	return true;
}

int
services_load(struct diag *d, const struct value *site, struct services *sv)
{
	memset(sv, 0, sizeof(*sv));
	sv->feed_limit = SERVICES_FEED_LIMIT;
	int status = 0;
	const struct value *base = value_cget(site, "base_url");
	if (base != NULL && (base->kind != VALUE_STRING || !valid_base(base->str))) {
		diag_error(d, base->pos,
		           "'base_url' must be an absolute http:// or https:// URL ending in '/'");
		status = -1;
	} else if (base != NULL) {
		sv->base_url = base->str;
	}
	const struct value *limit = value_cget(site, "feed_limit");
	if (limit != NULL &&
	    (limit->kind != VALUE_NUMBER || limit->as.number < 1 || limit->as.number > 1e9 ||
	     floor(limit->as.number) != limit->as.number)) {
		diag_error(d, limit->pos, "'feed_limit' must be a whole number, 1 or more");
		status = -1;
	} else if (limit != NULL) {
		sv->feed_limit = (size_t)limit->as.number;
	}
	return status;
}

static void
add_file(struct arena *arena, struct services *sv, size_t *cap, struct services_file f)
{
	sv->files = arena_grow(arena, sv->files, sv->nfiles, cap, sizeof(*sv->files));
	sv->files[sv->nfiles++] = f;
}

void
services_plan(struct arena *arena, struct diag *d, const struct content *c, bool verbose,
              struct services *sv)
{
	size_t cap = 0;
	sv->feeds = arena_alloc(arena, c->nlangs * sizeof(*sv->feeds));
	memset(sv->feeds, 0, c->nlangs * sizeof(*sv->feeds));
	if (sv->base_url == NULL) {
		if (verbose)
			diag_remark(d, diag_file(c->site->pos.path),
			            "no 'base_url': sitemap.xml, feed.xml and robots.txt are not "
			            "written, as they need the site's absolute address");
		return;
	}
	sitemap_plan(arena, c, SITEMAP_MAX_URLS, &sv->sitemap);
	for (size_t i = 0; i < sv->sitemap.nfiles; i++)
		add_file(arena, sv, &cap,
		         (struct services_file){sitemap_name(arena, i), -1, i, false});
	for (size_t l = 0; l < c->nlangs; l++) {
		if (!feed_wanted(c, (int)l))
			continue;
		sv->feeds[l] = feed_name(arena, c, (int)l);
		add_file(arena, sv, &cap, (struct services_file){sv->feeds[l], (int)l, 0, false});
	}
	if (strmap_cget(&c->file_by_path, "robots.txt") < 0)
		add_file(arena, sv, &cap, (struct services_file){"robots.txt", -1, 0, true});
}

/* site.yaml's author: text, or a map with a name; else the site's title. */
static const char *
author(const struct value *site, const char *title)
{
	const struct value *a = value_cget(site, "author");
	const char *name =
	    a && a->kind == VALUE_MAP ? value_str(value_cget(a, "name")) : value_str(a);
	return name != NULL && name[0] != '\0' ? name : title;
}

void
services_mark_shown(const struct services *sv, const struct content *c, bool *shown)
{
	for (size_t i = 0; i < sv->nfiles; i++)
		if (sv->files[i].lang >= 0 && !sv->files[i].robots)
			feed_mark(c, sv->files[i].lang, sv->feed_limit, shown);
}

void
services_render(const struct services *sv, const struct content *c, size_t i, struct buf *b)
{
	const struct services_file *f = &sv->files[i];
	if (f->robots) {
		buf_printf(b, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n", sv->base_url);
	} else if (f->lang >= 0) {
		const char *title = value_str(value_cget(c->site, "title"));
		if (title == NULL || title[0] == '\0')
			title = sv->base_url;
		struct feed_site fs = {sv->base_url, title, author(c->site, title), sv->feed_limit};
		feed_render(b, c, f->lang, &fs);
	} else {
		sitemap_render(b, c, &sv->sitemap, sv->base_url, f->part);
	}
}
