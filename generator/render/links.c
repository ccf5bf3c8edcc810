#include "links.h"

#include <string.h>
#include <strings.h>

#include "content.h"
#include "markdown.h"

/* True for a URL into the site: no scheme, and not "", "//host" or "?x". */
static bool
into_site(const char *url)
{
	static const char scheme_chars[] = "abcdefghijklmnopqrstuvwxyz"
	                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";
	if (url[0] == '\0' || url[0] == '?' || (url[0] == '/' && url[1] == '/'))
		return false;
	size_t n = strspn(url, scheme_chars);
	bool letter = (url[0] | 0x20) >= 'a' && (url[0] | 0x20) <= 'z';
	return !(n > 0 && url[n] == ':' && letter);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* Appends len bytes of s with %XX decoded; %00 stays as written, so the
 * result is a C string. */
static void
put_decoded(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int hi = i + 2 < len && s[i] == '%' ? hex_value(s[i + 1]) : -1;
		int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
		if (lo >= 0 && (hi | lo) != 0) {
			buf_putc(b, (char)(hi << 4 | lo));
			i += 2;
		} else {
			buf_putc(b, s[i]);
		}
	}
}

/*
 * Removes ".", ".." and empty segments from the '/'-separated path in b,
 * in place. A path naming a folder ("a/", "a/.", "a/b/..") keeps one
 * trailing '/'; the top folder is "". False when ".." climbs above the top.
 */
static bool
normalise(struct buf *b)
{
	char *p = b->ptr, *o = p; /* the output so far: each segment followed by '/' */
	bool folder;
	for (const char *s = p;; s++) {
		size_t n = strcspn(s, "/");
		bool last = s[n] == '\0'; /* read before o may overwrite it */
		folder = n == 0 || (n == 1 && s[0] == '.') || (n == 2 && !strncmp(s, "..", 2));
		if (n == 2 && !strncmp(s, "..", 2)) {
			if (o == p)
				return false;
			for (o--; o > p && o[-1] != '/'; o--)
				;
		} else if (!folder) {
			memmove(o, s, n);
			o += n;
			*o++ = '/';
		}
		s += n;
		if (last)
			break;
	}
	if (!folder)
		o--;
	buf_truncate(b, (size_t)(o - p));
	return true;
}

/* True when the written path ends in a folder: "", "a/", ".", "a/.." */
static bool
names_folder(const char *path, size_t len)
{
	size_t last = len;
	while (last > 0 && path[last - 1] != '/')
		last--;
	size_t n = len - last;
	return n == 0 || (n == 1 && path[last] == '.') || (n == 2 && !memcmp(path + last, "..", 2));
}

/* Puts base, then the len bytes of the written path decoded, into b;
 * false when the result climbs out of base's top. */
static bool
join(struct buf *b, const char *base, size_t base_len, const char *path, size_t len)
{
	buf_clear(b);
	buf_put(b, base, base_len);
	put_decoded(b, path, len);
	return normalise(b);
}

/* Looks the normalised path in b up as an output file: a folder as its
 * index.html, a name that is not there as a folder too. */
static enum links_found
find_output(const struct links_resolver *res, struct buf *b, struct links_target *t)
{
	if (b->len > 0 && b->ptr[b->len - 1] != '/') {
		if (res->output(res->ctx, b->ptr, t) == LINKS_FOUND)
			return LINKS_FOUND;
		buf_putc(b, '/');
	}
	buf_puts(b, "index.html");
	return res->output(res->ctx, b->ptr, t);
}

/*
 * Finds what the len bytes of path name, as a path in content/, then
 * (unless it names a .md file) as an output URL. Returns NULL and fills
 * *t, or the problem.
 */
static const char *
find(const struct links_page *page, const char *path, size_t len, struct buf *tmp,
     struct links_target *t)
{
	const struct links_resolver *res = page->res;
	bool rooted = path[0] == '/', inside = false;
	bool md = len >= 3 && memcmp(path + len - 3, ".md", 3) == 0;
	const char *dir = rooted ? "" : page->dir;
	if (join(tmp, dir, strlen(dir), path, len)) {
		inside = true;
		enum links_found f = res->source(res->ctx, tmp->ptr, t);
		if (f == LINKS_FOUND)
			return NULL;
		if (f == LINKS_DRAFT)
			return ": that page is a draft (draft: true); build with --drafts to "
			       "include it";
		if (md)
			return ": no such page";
	}
	/* The page's own URL, up to its last '/', is the base of a relative one. */
	const char *slash = strrchr(page->url, '/');
	size_t base = rooted || slash == NULL ? 0 : (size_t)(slash - page->url) + 1;
	if (!md && join(tmp, page->url, base, path, len)) {
		inside = true;
		if (find_output(res, tmp, t) == LINKS_FOUND) {
			t->url = tmp->ptr;
			return NULL;
		}
	}
	if (!inside)
		return " leaves the content folder";
	return names_folder(path, len) ? ": no such page" : ": no such page or file in the site";
}

void
links_resolve(const struct links_page *page, const char *url, struct buf *tmp, struct buf *out,
              struct links_result *r)
{
	*r = (struct links_result){false, NULL, LINKS_SAME_PAGE, NULL};
	if (!into_site(url))
		return;
	size_t path_len = strcspn(url, "?#");
	const char *rest = url + path_len; /* query and fragment, kept as written */
	const char *hash = strchr(rest, '#');
	struct links_target t = {NULL, -1};
	if (path_len > 0) {
		r->problem = find(page, url, path_len, tmp, &t);
		if (r->problem != NULL)
			return;
		buf_clear(out);
		buf_puts(out, page->root);
		buf_puts(out, t.url);
		buf_puts(out, rest);
		r->rewrite = true;
		r->page = t.page;
	}
	/* Only pages have ids to check; "#" alone is the top of the page. */
	if (r->page != -1 && hash != NULL && hash[1] != '\0') {
		buf_clear(tmp);
		put_decoded(tmp, hash + 1, strlen(hash + 1));
		r->id = tmp->ptr;
	}
}

enum links_found
links_source(void *ctx, const char *path, struct links_target *out)
{
	const struct links_scope *scope = ctx;
	const struct content *c = scope->content;
	long i = content_find_page(c, scope->lang, path);
	if (i >= 0) {
		*out = (struct links_target){c->pages[i].url, i};
		return LINKS_FOUND;
	}
	i = strmap_cget(&c->file_by_path, path);
	if (i >= 0) {
		*out = (struct links_target){c->files[i].rel, -1};
		return LINKS_FOUND;
	}
	return content_is_draft(c, scope->lang, path) ? LINKS_DRAFT : LINKS_MISSING;
}

enum links_found
links_output(void *ctx, const char *path, struct links_target *out)
{
	const struct links_scope *scope = ctx;
	long i = strmap_cget(scope->outputs, path);
	if (i < 0)
		return LINKS_MISSING;
	*out = (struct links_target){path, i < (long)scope->content->npages ? i : -1};
	return LINKS_FOUND;
}

/* True when html has an attribute id="id" (escaped as brief and cmark
 * write it, or as raw HTML may have it, also in single quotes). */
static bool
html_has_id(const char *html, const char *id, struct buf *b)
{
	bool plain = strpbrk(id, "&<>\"'") == NULL;
	for (int form = plain; form < 3; form++) {
		buf_clear(b);
		buf_puts(b, form == 2 ? "id='" : "id=\"");
		if (form == 0)
			buf_put_html(b, id, strlen(id));
		else
			buf_puts(b, id);
		buf_putc(b, form == 2 ? '\'' : '"');
		for (const char *p = html; (p = strstr(p, b->ptr)) != NULL; p++)
			if (p > html && strchr(" \t\r\n", p[-1]) != NULL)
				return true;
	}
	return false;
}

const char *
links_html_ids(struct arena *a, const char *html, size_t *len)
{
	struct buf out = BUF_INIT;
	for (const char *p = html; (p = strstr(p, "id=")) != NULL; p++) {
		char q = p[3];
		if (p == html || strchr(" \t\r\n", p[-1]) == NULL || (q != '"' && q != '\''))
			continue;
		const char *end = strchr(p + 4, q);
		if (end == NULL)
			break;
		buf_putc(&out, q);
		buf_put(&out, p + 4, (size_t)(end - p - 4));
		buf_putc(&out, '\0');
	}
	*len = out.len;
	const char *ids = arena_strndup(a, out.ptr, out.len);
	buf_free(&out);
	return ids;
}

/* html_has_id() on what links_html_ids() kept of the HTML. */
static bool
ids_have(const char *ids, const char *id, struct buf *b)
{
	bool plain = strpbrk(id, "&<>\"'") == NULL;
	buf_clear(b);
	buf_put_html(b, id, strlen(id));
	for (const char *e = ids; *e != '\0'; e += strlen(e) + 1)
		if (!strcmp(e + 1, id) || (!plain && e[0] == '"' && !strcmp(e + 1, b->ptr)))
			return true;
	return false;
}

static bool
page_has_id(const struct markdown_page *md, const char *id, struct buf *b)
{
	for (size_t h = 0; h < md->toc_len; h++)
		if (strcmp(md->toc[h].id, id) == 0)
			return true;
	if (strcasecmp(id, "top") == 0)
		return true;
	if (md->html == NULL && md->html_ids != NULL)
		return ids_have(md->html_ids, id, b);
	/* A page whose worker failed has no HTML: the build fails anyway. */
	return md->html != NULL && html_has_id(md->html, id, b);
}

void
links_check_anchors(struct diag *d, const struct content *c, const struct markdown_page *md)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->npages; i++) {
		for (size_t k = 0; k < md[i].anchors_len; k++) {
			const struct markdown_anchor *a = &md[i].anchors[k];
			long page = a->page == LINKS_SAME_PAGE ? (long)i : a->page;
			if (c->pages[page].body_line == 0)
				continue; /* its body could not be read: already an error */
			if (page_has_id(&md[page], a->id, &b))
				continue;
			if (page == (long)i)
				diag_error(d, a->pos,
				           "link to '#%s': this page has no heading with that id",
				           a->id);
			else
				diag_error(d, a->pos,
				           "link to '#%s': %s has no heading with that id", a->id,
				           c->pages[page].src);
			if (a->id[0] >= '0' && a->id[0] <= '9')
				diag_note(d, a->pos,
				          "ids of headings that start with a digit start with "
				          "'h-': '#h-%s'",
				          a->id);
		}
	}
	buf_free(&b);
}
