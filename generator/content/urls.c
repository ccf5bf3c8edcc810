#include "urls.h"

#include <string.h>

static const char *
root_for(struct arena *arena, const char *url)
{
	size_t depth = 0;
	for (const char *p = url; *p; p++)
		depth += *p == '/';
	/* Most pages are a few folders deep: their roots share one string. */
	static const char ups[] = "../../../../../../../../";
	if (depth * 3 < sizeof(ups))
		return ups + sizeof(ups) - 1 - depth * 3;
	char *root = arena_alloc(arena, depth * 3 + 1);
	for (size_t i = 0; i < depth; i++)
		memcpy(root + i * 3, "../", 3);
	return root;
}

/* The name a regular page has in its URL: its slug, else its file's. */
static const char *
url_name(struct scan *s, const struct page *p)
{
	const char *slug = value_str(value_cget(p->meta, "slug"));
	if (p->slug != NULL)
		return p->slug;
	if (slug != NULL)
		return slug;
	const char *base = scan_base_of(p->key);
	return arena_strndup(s->arena, base, strlen(base) - 3);
}

/* A page without a title: the site's for the home page, else its
 * folder's name (section pages) or file name made readable. */
static const char *
default_title(struct scan *s, const struct page *p)
{
	if (p->kind == PAGE_HOME) {
		const char *site = value_str(value_cget(s->c->site, "title"));
		return site ? site : "";
	}
	if (p->kind == PAGE_SECTION) {
		size_t n = strlen(p->dir) - 1, start = n;
		while (start > 0 && p->dir[start - 1] != '/')
			start--;
		return scan_title_from_name(s->arena, p->dir + start, n - start);
	}
	const char *base = scan_base_of(p->key);
	return scan_title_from_name(s->arena, base, strlen(base) - 3);
}

/* Where a page's URL comes from: its slug, else the page itself. */
static struct pos
url_pos(const struct page *p)
{
	const struct value *slug = value_cget(p->meta, "slug");
	return slug != NULL ? slug->pos : p->pos;
}

/* URLs for every page; two pages with one URL is an error naming both. */
void
urls_assign(struct scan *s)
{
	struct content *c = s->c;
	struct strmap urls = {0};
	/* One URL and (mostly) one path a page: room up front, no regrowth. */
	strmap_reserve(&urls, c->npages);
	strmap_reserve(&c->page_by_path, c->page_by_path.count + c->npages);
	for (size_t i = 0; i < c->npages; i++) {
		struct page *p = &c->pages[i];
		const char *prefix = c->langs[p->lang].prefix;
		if (p->kind == PAGE_REGULAR)
			p->url =
			    arena_join(s->arena, prefix, p->dir, url_name(s, p), "/index.html");
		else if (p->kind == PAGE_404) /* where servers look for it */
			p->url = arena_join(s->arena, prefix, "404.html");
		else
			p->url = arena_join(s->arena, prefix, p->dir, "index.html");
		p->root = root_for(s->arena, p->url);
		if (p->title == NULL)
			p->title = default_title(s, p);
		long first = strmap_add(&urls, p->url, strlen(p->url), (long)i);
		if (first != (long)i) {
			diag_error(s->diag, url_pos(p), "page URL '%s' is also the URL of %s",
			           p->url, c->pages[first].src);
			diag_note(s->diag, url_pos(&c->pages[first]), "%s gets that URL here",
			          c->pages[first].src);
			s->status = -1;
		}
		/* The default language's keys are the paths themselves: no copy. */
		const char *key = prefix[0] ? arena_join(s->arena, prefix, p->key) : p->key;
		strmap_add(&c->page_by_path, key, strlen(key), (long)i);
		if (p->rel != NULL)
			strmap_add(&c->page_by_path, p->rel, strlen(p->rel), (long)i);
	}
	strmap_free(&urls);
}
