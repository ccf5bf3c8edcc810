#include "urls.h"

#include <stdlib.h>
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

/* A page's URL and lookup path, hashed before either map is probed. */
struct named {
	const char *key;
	uint64_t url_hash, key_hash;
};

/* Gives page p its URL, root and default title; n its lookup key. */
static void
name_page(struct scan *s, struct page *p, struct named *n)
{
	const char *prefix = s->c->langs[p->lang].prefix;
	if (p->kind == PAGE_REGULAR)
		p->url = arena_join(s->arena, prefix, p->dir, url_name(s, p), "/index.html");
	else if (p->kind == PAGE_404) /* where servers look for it */
		p->url = arena_join(s->arena, prefix, "404.html");
	else
		p->url = arena_join(s->arena, prefix, p->dir, "index.html");
	p->root = root_for(s->arena, p->url);
	if (p->title == NULL)
		p->title = default_title(s, p);
	/* The default language's keys are the paths themselves: no copy. */
	n->key = prefix[0] ? arena_join(s->arena, prefix, p->key) : p->key;
	n->url_hash = strmap_hash(p->url, strlen(p->url));
	n->key_hash = strmap_hash(n->key, strlen(n->key));
}

/* URLs for every page; two pages with one URL is an error naming both. */
void
urls_assign(struct scan *s)
{
	struct content *c = s->c;
	struct named *named = xmalloc(arena_size_mul(c->npages + 1, sizeof(*named)));
	for (size_t i = 0; i < c->npages; i++)
		name_page(s, &c->pages[i], &named[i]);
	/* One URL and (mostly) one path a page: room up front, so that the
	 * slots asked for ahead stay where they are. Each add is a cache miss
	 * on a big site; a few in flight at once overlap. */
	struct strmap urls = {0};
	strmap_reserve(&urls, c->npages);
	strmap_reserve(&c->page_by_path, c->page_by_path.count + c->npages);
	enum { AHEAD = 8 };
	for (size_t i = 0; i < c->npages; i++) {
		if (i + AHEAD < c->npages) {
			strmap_prefetch(&urls, named[i + AHEAD].url_hash);
			strmap_prefetch(&c->page_by_path, named[i + AHEAD].key_hash);
		}
		struct page *p = &c->pages[i];
		long first =
		    strmap_add_hashed(&urls, p->url, strlen(p->url), named[i].url_hash, (long)i);
		if (first != (long)i) {
			diag_error(s->diag, url_pos(p), "page URL '%s' is also the URL of %s",
			           p->url, c->pages[first].src);
			diag_note(s->diag, url_pos(&c->pages[first]), "%s gets that URL here",
			          c->pages[first].src);
			s->status = -1;
		}
		const char *key = named[i].key;
		strmap_add_hashed(&c->page_by_path, key, strlen(key), named[i].key_hash, (long)i);
		/* Mostly the key itself, already in. */
		if (p->rel != NULL && strcmp(p->rel, key) != 0)
			strmap_add(&c->page_by_path, p->rel, strlen(p->rel), (long)i);
	}
	strmap_free(&urls);
	free(named);
}
