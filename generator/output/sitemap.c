#include "sitemap.h"

#include <stdlib.h>
#include <string.h>

#include "absurl.h"
#include "pagevalue.h"
#include "xmlout.h"

static int
cmp_urls(const void *a, const void *b, void *ctx)
{
	const struct content *c = ctx;
	return strcmp(c->pages[*(const long *)a].url, c->pages[*(const long *)b].url);
}

void
sitemap_plan(struct arena *arena, const struct content *c, size_t per_file, struct sitemap *sm)
{
	*sm = (struct sitemap){arena_alloc(arena, (c->npages + 1) * sizeof(long)), 0, per_file, 1};
	for (size_t i = 0; i < c->npages; i++)
		if (c->pages[i].kind != PAGE_404)
			sm->pages[sm->npages++] = (long)i;
	qsort_r(sm->pages, sm->npages, sizeof(long), cmp_urls, (void *)c);
	if (sm->npages > per_file)
		sm->nfiles = 1 + (sm->npages + per_file - 1) / per_file;
}

const char *
sitemap_name(struct arena *arena, size_t i)
{
	return i == 0 ? "sitemap.xml" : arena_printf(arena, "sitemap-%zu.xml", i);
}

static void
put_loc(struct buf *b, struct buf *tmp, const char *base, const char *url)
{
	buf_clear(tmp);
	absurl_page(tmp, base, url, strlen(url));
	xmlout_escape(b, tmp->ptr, tmp->len);
}

static void
put_url(struct buf *b, struct buf *tmp, const struct content *c, const struct page *p,
        const char *base)
{
	buf_puts(b, "<url><loc>");
	put_loc(b, tmp, base, p->url);
	buf_puts(b, "</loc>");
	const struct value *lastmod = value_cget(p->meta, "lastmod");
	if (lastmod == NULL || lastmod->kind != VALUE_DATE)
		lastmod = p->date;
	if (lastmod != NULL) {
		buf_puts(b, "<lastmod>");
		xmlout_date(b, &lastmod->as.date);
		buf_puts(b, "</lastmod>");
	}
	/* Every version, this one too, in the order of site.yaml, when the
	 * page has another (page.translations). */
	bool translated = false;
	for (size_t l = 0; !translated && l < c->nlangs; l++)
		translated = pagevalue_translation(p->v, (int)l) >= 0;
	for (size_t l = 0; translated && l < c->nlangs; l++) {
		const char *code = c->langs[l].code, *url = (int)l == p->lang ? p->url : NULL;
		long t = url == NULL ? pagevalue_translation(p->v, (int)l) : -1;
		if (t >= 0)
			url = c->pages[t].url;
		if (url == NULL)
			continue;
		buf_puts(b, "\n  <xhtml:link rel=\"alternate\" hreflang=\"");
		xmlout_escape_str(b, code);
		buf_puts(b, "\" href=\"");
		put_loc(b, tmp, base, url);
		buf_puts(b, "\"/>");
	}
	buf_puts(b, "</url>\n");
}

void
sitemap_render(struct buf *b, const struct content *c, const struct sitemap *sm, const char *base,
               size_t i)
{
	struct buf tmp = BUF_INIT;
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (i == 0 && sm->nfiles > 1) {
		buf_puts(b,
		         "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		for (size_t f = 1; f < sm->nfiles; f++) {
			buf_puts(b, "<sitemap><loc>");
			xmlout_escape_str(b, base);
			buf_printf(b, "sitemap-%zu.xml</loc></sitemap>\n", f);
		}
		buf_puts(b, "</sitemapindex>\n");
		buf_free(&tmp);
		return;
	}
	size_t first = i == 0 ? 0 : (i - 1) * sm->per_file;
	size_t last = i == 0 ? sm->npages : first + sm->per_file;
	buf_puts(b, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
	            "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	for (size_t k = first; k < last && k < sm->npages; k++) {
		const struct page *p = &c->pages[sm->pages[k]];
		put_url(b, &tmp, c, p, base);
	}
	buf_puts(b, "</urlset>\n");
	buf_free(&tmp);
}
