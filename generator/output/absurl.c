#include "absurl.h"

#include <ctype.h>
#include <string.h>

#include "value.h"

void
absurl_page(struct buf *b, const char *base, const char *url, size_t len)
{
	static const char index[] = "index.html";
	size_t path = 0, n = sizeof(index) - 1;
	while (path < len && url[path] != '?' && url[path] != '#')
		path++;
	buf_puts(b, base);
	bool drop = path >= n && memcmp(url + path - n, index, n) == 0 &&
	            (path == n || url[path - n - 1] == '/');
	buf_put(b, url, drop ? path - n : path);
	buf_put(b, url + path, len - path);
}

/* True when v starts with a URL scheme ("https:", "mailto:"). */
static bool
has_scheme(const char *v, size_t len)
{
	if (len == 0 || !isalpha((unsigned char)v[0]))
		return false;
	for (size_t i = 1; i < len; i++) {
		if (v[i] == ':')
			return true;
		if (!isalnum((unsigned char)v[i]) && v[i] != '+' && v[i] != '-' && v[i] != '.')
			return false;
	}
	return false;
}

/* The length of base's "scheme://host" part. */
static size_t
origin_len(const char *base)
{
	const char *host = strstr(base, "://");
	host = host ? host + 3 : base;
	return (size_t)(strchrnul(host, '/') - base);
}

/* Appends the attribute value v (len bytes), made absolute. */
static void
put_absolute(struct buf *b, const char *v, size_t len, const char *base, const char *page_url)
{
	size_t mark = strlen(VALUE_ROOT_MARK);
	if (len >= mark && memcmp(v, VALUE_ROOT_MARK, mark) == 0) {
		absurl_page(b, base, v + mark, len - mark);
	} else if (has_scheme(v, len) || (len >= 2 && v[0] == '/' && v[1] == '/')) {
		buf_put(b, v, len);
	} else if (len > 0 && v[0] == '/') {
		buf_put(b, base, origin_len(base));
		buf_put(b, v, len);
	} else if (len == 0 || v[0] == '#' || v[0] == '?') {
		absurl_page(b, base, page_url, strlen(page_url));
		buf_put(b, v, len);
	} else {
		const char *slash = strrchr(page_url, '/');
		buf_puts(b, base);
		buf_put(b, page_url, slash ? (size_t)(slash - page_url) + 1 : 0);
		buf_put(b, v, len);
	}
}

/* The length of the attribute start at p ("href=\"", " src='"), or 0. */
static size_t
url_attribute(const char *p, const char *end)
{
	static const char *const names[] = {"href=", "src="};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);
		if ((size_t)(end - p) > n && memcmp(p, names[i], n) == 0 &&
		    (p[n] == '"' || p[n] == '\''))
			return n + 1;
	}
	return 0;
}

void
absurl_html(struct buf *b, const char *html, size_t len, const char *base, const char *page_url)
{
	const char *p = html, *end = html + len, *copied = html;
	while (p < end) {
		size_t n = 0;
		if (isspace((unsigned char)*p++) == 0 || (n = url_attribute(p, end)) == 0)
			continue;
		const char *value = p + n, *close = memchr(value, p[n - 1], (size_t)(end - value));
		if (close == NULL)
			break;
		buf_put(b, copied, (size_t)(value - copied));
		put_absolute(b, value, (size_t)(close - value), base, page_url);
		copied = p = close;
	}
	buf_put(b, copied, (size_t)(end - copied));
}
