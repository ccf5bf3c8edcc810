#include "inject.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* A slice of text. */
struct span {
	const char *s;
	size_t len;
};

static bool
span_is(struct span a, const char *word)
{
	return a.len == strlen(word) && strncasecmp(a.s, word, a.len) == 0;
}

static struct span
trim(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return (struct span){s, len};
}

/* True when the source list holds the keyword word ("'none'"). */
static bool
has_source(struct span list, const char *word)
{
	const char *s = list.s, *end = list.s + list.len;
	while (s < end) {
		while (s < end && isspace((unsigned char)*s))
			s++;
		const char *t = s;
		while (t < end && !isspace((unsigned char)*t))
			t++;
		if (t > s && span_is((struct span){s, (size_t)(t - s)}, word))
			return true;
		s = t;
	}
	return false;
}

/* list, allowing 'self'. */
static void
put_sources(struct buf *out, struct span list)
{
	if (has_source(list, "'none'") || list.len == 0) {
		buf_puts(out, "'self'");
		return;
	}
	buf_put(out, list.s, list.len);
	if (!has_source(list, "'self'"))
		buf_puts(out, " 'self'");
}

void
inject_policy(const char *policy, size_t len, struct buf *out)
{
	bool script = false, connect = false, first = true;
	struct span fallback = {NULL, 0};
	for (const char *s = policy, *end = policy + len; s < end;) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		struct span d = trim(s, (size_t)((semi ? semi : end) - s));
		s = semi ? semi + 1 : end;
		if (d.len == 0)
			continue;
		size_t n = 0;
		while (n < d.len && !isspace((unsigned char)d.s[n]))
			n++;
		struct span name = {d.s, n}, list = trim(d.s + n, d.len - n);
		buf_puts(out, first ? "" : "; ");
		first = false;
		bool fix = span_is(name, "script-src") || span_is(name, "script-src-elem") ||
		           span_is(name, "connect-src");
		script |= span_is(name, "script-src");
		connect |= span_is(name, "connect-src");
		if (span_is(name, "default-src") && !has_source(list, "'self'"))
			fallback = list;
		buf_put(out, d.s, fix ? n : d.len);
		if (fix) {
			buf_putc(out, ' ');
			put_sources(out, list);
		}
	}
	const char *add[] = {script ? NULL : "script-src ", connect ? NULL : "connect-src "};
	for (int i = 0; fallback.s != NULL && i < 2; i++)
		if (add[i] != NULL) {
			buf_puts(out, first ? "" : "; ");
			buf_puts(out, add[i]);
			first = false;
			put_sources(out, fallback);
		}
}

/* The offset of the first (or last) needle in h[from..len), ignoring
 * case; len when none. */
static size_t
find(const char *h, size_t len, size_t from, const char *needle, bool last)
{
	size_t n = strlen(needle), found = len;
	for (size_t i = from; i + n <= len; i++)
		if (strncasecmp(h + i, needle, n) == 0) {
			found = i;
			if (!last)
				break;
		}
	return found;
}

/* An attribute of a tag: its name and value (without quotes). */
struct attr {
	struct span name, value;
	char quote; /* '"', '\'' or 0 */
};

/* Reads the attribute at h[*i..end), advancing *i; false at '>' or end. */
static bool
next_attr(const char *h, size_t end, size_t *i, struct attr *a)
{
	while (*i < end && (isspace((unsigned char)h[*i]) || h[*i] == '/'))
		(*i)++;
	if (*i >= end || h[*i] == '>')
		return false;
	size_t start = *i;
	while (*i < end && !isspace((unsigned char)h[*i]) && !strchr("=>/", h[*i]))
		(*i)++;
	*a = (struct attr){.name = {h + start, *i - start}};
	if (*i >= end || h[*i] != '=')
		return true;
	(*i)++;
	char q = *i < end && (h[*i] == '"' || h[*i] == '\'') ? h[*i] : 0;
	*i += q != 0;
	start = *i;
	while (*i < end && (q ? h[*i] != q : !isspace((unsigned char)h[*i]) && h[*i] != '>'))
		(*i)++;
	a->value = (struct span){h + start, *i - start};
	a->quote = q;
	*i += q != 0 && *i < end;
	return true;
}

/* The value of an attribute as text: the entities a policy may use. */
static void
put_unescaped(struct buf *out, struct span v)
{
	static const char *const ents[][2] = {
	    {"&#39;", "'"}, {"&apos;", "'"}, {"&quot;", "\""}, {"&#34;", "\""}, {"&amp;", "&"}};
	for (size_t i = 0; i < v.len;) {
		size_t k = 0, n = 1;
		for (; k < sizeof(ents) / sizeof(ents[0]); k++) {
			n = strlen(ents[k][0]);
			if (v.len - i >= n && memcmp(v.s + i, ents[k][0], n) == 0)
				break;
		}
		if (k == sizeof(ents) / sizeof(ents[0])) {
			buf_putc(out, v.s[i++]);
		} else {
			buf_putc(out, ents[k][1][0]);
			i += n;
		}
	}
}

/* text as the value of a double-quoted attribute. */
static void
put_quoted(struct buf *out, const char *text, size_t len)
{
	buf_putc(out, '"');
	for (size_t i = 0; i < len; i++)
		if (text[i] == '&')
			buf_puts(out, "&amp;");
		else if (text[i] == '"')
			buf_puts(out, "&quot;");
		else
			buf_putc(out, text[i]);
	buf_putc(out, '"');
}

/* Rewrites the content of a CSP <meta> whose attributes start at h[i]. */
static size_t
put_meta(const char *h, size_t end, size_t i, size_t *copied, struct buf *out)
{
	struct attr a, content = {{NULL, 0}, {NULL, 0}, 0};
	bool csp = false;
	struct buf text = BUF_INIT;
	while (next_attr(h, end, &i, &a)) {
		if (span_is(a.name, "content"))
			content = a;
		if (span_is(a.name, "http-equiv")) {
			put_unescaped(&text, a.value);
			csp = strcasecmp(text.ptr, "content-security-policy") == 0;
			buf_clear(&text);
		}
	}
	/* A tag cut short by the end of the page stays as it was. */
	if (csp && content.value.s != NULL && i < end && h[i] == '>') {
		struct buf policy = BUF_INIT;
		put_unescaped(&text, content.value);
		inject_policy(text.ptr, text.len, &policy);
		size_t at = (size_t)(content.value.s - h) - (content.quote != 0);
		buf_put(out, h + *copied, at - *copied);
		put_quoted(out, policy.ptr, policy.len);
		*copied = (size_t)(content.value.s - h) + content.value.len + (content.quote != 0);
		buf_free(&policy);
	}
	buf_free(&text);
	return i;
}

void
inject_reload(const char *html, size_t len, struct buf *out)
{
	size_t body = find(html, len, 0, "</body", true), copied = 0;
	for (size_t i = find(html, body, 0, "<meta", false); i < body;
	     i = find(html, body, i, "<meta", false)) {
		i += 5;
		if (i < body && (isspace((unsigned char)html[i]) || html[i] == '/'))
			i = put_meta(html, body, i, &copied, out);
	}
	buf_put(out, html + copied, body - copied);
	buf_puts(out, "<script src=\"" INJECT_SCRIPT_PATH "\"></script>\n");
	buf_put(out, html + body, len - body);
}
