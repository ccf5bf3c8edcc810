#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include "absurl.h"
#include "xmlout.h"

static bool
in_feed(const struct page *p, int lang)
{
	return p->lang == lang && p->kind == PAGE_REGULAR && p->date != NULL;
}

bool
feed_wanted(const struct content *c, int lang)
{
	for (size_t i = 0; i < c->npages; i++)
		if (in_feed(&c->pages[i], lang))
			return true;
	return false;
}

const char *
feed_name(struct arena *arena, const struct content *c, int lang)
{
	return arena_join(arena, c->langs[lang].prefix, "feed.xml");
}

struct entry {
	long page;
	size_t rank; /* in the usual order */
};

static int
cmp_entries(const void *a, const void *b, void *ctx)
{
	const struct content *c = ctx;
	const struct entry *x = a, *y = b;
	int d = value_date_cmp(&c->pages[x->page].date->as.date, &c->pages[y->page].date->as.date);
	if (d != 0)
		return -d;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* When a page last changed: lastmod, else its date. */
static const struct value_date *
updated(const struct page *p)
{
	const struct value *lastmod = value_cget(p->meta, "lastmod");
	return lastmod && lastmod->kind == VALUE_DATE ? &lastmod->as.date : &p->date->as.date;
}

/* <tag>escaped text</tag> */
static void
put_element(struct buf *b, const char *tag, const char *text)
{
	buf_printf(b, "<%s>", tag);
	xmlout_escape_str(b, text);
	buf_printf(b, "</%s>\n", tag);
}

static void
put_entry(struct buf *b, struct buf *tmp, const struct page *p, const char *base)
{
	buf_clear(tmp);
	absurl_page(tmp, base, p->url, strlen(p->url));
	buf_puts(b, "<entry>\n");
	put_element(b, "title", p->title);
	buf_puts(b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
	xmlout_escape(b, tmp->ptr, tmp->len);
	buf_puts(b, "\"/>\n");
	put_element(b, "id", tmp->ptr);
	buf_puts(b, "<published>");
	xmlout_date(b, &p->date->as.date);
	buf_puts(b, "</published>\n<updated>");
	xmlout_date(b, updated(p));
	buf_puts(b, "</updated>\n");
	if (p->summary != NULL && p->summary[0] != '\0')
		put_element(b, "summary", p->summary);
	buf_clear(tmp);
	const char *html = p->html ? p->html : "";
	absurl_html(tmp, html, strlen(html), base, p->url);
	buf_puts(b, "<content type=\"html\">");
	xmlout_escape(b, tmp->ptr, tmp->len);
	buf_puts(b, "</content>\n</entry>\n");
}

/* The feed's own elements; entries[0] is the newest. */
static void
put_head(struct buf *b, const struct content *c, int lang, const struct feed_site *fs,
         const struct entry *entries, size_t n)
{
	const char *prefix = c->langs[lang].prefix;
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xmlout_escape_str(b, c->langs[lang].code);
	buf_puts(b, "\">\n");
	put_element(b, "title", fs->title);
	buf_puts(b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	xmlout_escape_str(b, fs->base);
	xmlout_escape_str(b, prefix);
	buf_puts(b, "feed.xml\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	xmlout_escape_str(b, fs->base);
	xmlout_escape_str(b, prefix);
	buf_puts(b, "\"/>\n<id>");
	xmlout_escape_str(b, fs->base);
	xmlout_escape_str(b, prefix);
	buf_puts(b, "feed.xml</id>\n<updated>");
	const struct value_date *newest = updated(&c->pages[entries[0].page]);
	for (size_t k = 1; k < n; k++)
		if (value_date_cmp(updated(&c->pages[entries[k].page]), newest) > 0)
			newest = updated(&c->pages[entries[k].page]);
	xmlout_date(b, newest);
	buf_puts(b, "</updated>\n<author>");
	put_element(b, "name", fs->author);
	buf_puts(b, "</author>\n");
}

/* The entries of lang's feed, newest first, at most limit: *n of them.
 * The caller frees them. */
static struct entry *
feed_entries(const struct content *c, int lang, size_t limit, size_t *n)
{
	long *pages = xcalloc(c->npages + 1, sizeof(*pages));
	*n = 0;
	for (size_t i = 0; i < c->npages; i++)
		if (in_feed(&c->pages[i], lang))
			pages[(*n)++] = (long)i;
	content_sort(c, pages, *n);
	struct entry *entries = xcalloc(*n + 1, sizeof(*entries));
	for (size_t k = 0; k < *n; k++)
		entries[k] = (struct entry){pages[k], k};
	qsort_r(entries, *n, sizeof(*entries), cmp_entries, (void *)c);
	if (*n > limit)
		*n = limit;
	free(pages);
	return entries;
}

void
feed_mark(const struct content *c, int lang, size_t limit, bool *shown)
{
	size_t n;
	struct entry *entries = feed_entries(c, lang, limit, &n);
	for (size_t k = 0; k < n; k++)
		shown[entries[k].page] = true;
	free(entries);
}

void
feed_render(struct buf *b, const struct content *c, int lang, const struct feed_site *fs)
{
	size_t n;
	struct entry *entries = feed_entries(c, lang, fs->limit, &n);
	struct buf tmp = BUF_INIT;
	if (n > 0)
		put_head(b, c, lang, fs, entries, n);
	for (size_t k = 0; k < n; k++)
		put_entry(b, &tmp, &c->pages[entries[k].page], fs->base);
	if (n > 0)
		buf_puts(b, "</feed>\n");
	buf_free(&tmp);
	free(entries);
}
