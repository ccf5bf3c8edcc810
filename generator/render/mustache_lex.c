#include "mustache_lex.h"

#include <stdlib.h>
#include <string.h>

static struct pos
pos_at(struct mcompiler *c, size_t off)
{
	for (; c->cur < off; c->cur++) {
		unsigned char ch = (unsigned char)c->s[c->cur];
		if (ch == '\n') {
			c->line++;
			c->col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c->col++; /* columns count UTF-8 characters, not bytes */
		}
	}
	return (struct pos){c->path, c->line, c->col};
}

static struct mtok *
add_tok(struct mcompiler *c, enum mkind kind, size_t start, size_t end)
{
	if (c->ntok == c->tokcap) {
		c->tokcap = c->tokcap ? c->tokcap * 2 : 64;
		c->toks = xrealloc(c->toks, c->tokcap * sizeof(*c->toks));
	}
	struct mtok *t = &c->toks[c->ntok++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->start = start;
	t->end = end;
	return t;
}

/* Text becomes one token per line so that lines end between tokens. */
static void
add_text(struct mcompiler *c, size_t from, size_t to)
{
	while (from < to) {
		const char *nl = memchr(c->s + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - c->s) + 1 : to;
		add_tok(c, K_TEXT, from, end);
		from = end;
	}
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && mustache_lex_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && mustache_lex_blank((*s)[*len - 1]))
		(*len)--;
}

static bool
has_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (mustache_lex_blank(s[i]))
			return true;
	return false;
}

/* "." or dot-separated non-empty keys. */
static bool
good_dotted(const char *s, size_t len)
{
	if (len == 1 && s[0] == '.')
		return true;
	if (s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 1; i < len; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return false;
	return true;
}

/* Reports a tag; it keeps its kind so that its close still matches it. */
static void
bad_tag(struct mcompiler *c, const struct mtok *t, const char *fmt, const char *s, size_t len)
{
	diag_error(c->d, t->pos, fmt, (int)len, s);
	c->failed = true;
}

/* {{=<% %>=}}: two delimiters, no white space or '=' inside either. */
static void
set_delims(struct mcompiler *c, struct mtok *t, const char *in, size_t len, const char **open,
           size_t *olen, const char **close, size_t *clen)
{
	const char *s = in + 1;
	size_t n = len >= 2 && in[len - 1] == '=' ? len - 2 : 0;
	trim(&s, &n);
	size_t a = 0;
	while (a < n && !mustache_lex_blank(s[a]))
		a++;
	size_t b = a;
	while (b < n && mustache_lex_blank(s[b]))
		b++;
	const char *o = s, *cl = s + b;
	size_t on = a, cn = n - b;
	if (len < 2 || in[len - 1] != '=' || on == 0 || cn == 0 || has_blank(cl, cn) ||
	    memchr(o, '=', on) || memchr(cl, '=', cn)) {
		bad_tag(c, t,
		        "bad delimiter change '%.*s': want {{=open close=}}, two delimiters "
		        "without white space or '='",
		        in, len);
		return;
	}
	*open = o;
	*olen = on;
	*close = cl;
	*clen = cn;
}

/* Classifies the tag whose content (between the delimiters) is in[0..len). */
static void
parse_tag(struct mcompiler *c, struct mtok *t, const char *in, size_t len, bool triple,
          const char **open, size_t *olen, const char **close, size_t *clen)
{
	static const char sigils[] = "!=#^/><$&";
	static const enum mkind kinds[] = {K_COMMENT, K_DELIM,  K_SECTION, K_INVERTED, K_CLOSE,
	                                   K_PARTIAL, K_PARENT, K_BLOCK,   K_RAW};
	const char *sig = len > 0 && !triple ? strchr(sigils, in[0]) : NULL;
	t->kind = triple ? K_RAW : sig && *sig ? kinds[sig - sigils] : K_VAR;
	if (t->kind == K_COMMENT)
		return;
	if (t->kind == K_DELIM) {
		set_delims(c, t, in, len, open, olen, close, clen);
		return;
	}
	const char *name = sig && *sig ? in + 1 : in;
	size_t n = sig && *sig ? len - 1 : len;
	trim(&name, &n);
	if (n > 0 && name[0] == '*' &&
	    (t->kind == K_PARTIAL || t->kind == K_PARENT || t->kind == K_CLOSE)) {
		t->dynamic = true;
		name++;
		n--;
		trim(&name, &n);
	}
	t->name = name;
	t->name_len = n;
	if (n == 0)
		bad_tag(c, t, "tag '%.*s' has no name", c->s + t->start, t->end - t->start);
	else if (has_blank(name, n))
		bad_tag(c, t, "tag name '%.*s' contains white space", name, n);
	else if ((t->dynamic || t->kind == K_VAR || t->kind == K_RAW || t->kind == K_SECTION ||
	          t->kind == K_INVERTED) &&
	         !good_dotted(name, n))
		bad_tag(c, t, "bad name '%.*s': want \".\" or keys joined by single dots", name, n);
}

/* Where the tag opened at `in` closes: after close, or after "}" close for a {{{x}}}. */
static const char *
find_close(const char *s, size_t len, size_t in, bool triple, const char *close, size_t clen)
{
	size_t from = in;
	for (;;) {
		const char *q = memmem(s + from, len - from, close, clen);
		if (q == NULL || !triple)
			return q;
		if ((size_t)(q - s) > in && q[-1] == '}')
			return q - 1;
		from = (size_t)(q - s) + 1;
	}
}

int
mustache_lex_tokenize(struct mcompiler *c)
{
	const char *open = "{{", *close = "}}";
	size_t olen = 2, clen = 2, p = 0;
	while (p < c->len) {
		const char *hit = memmem(c->s + p, c->len - p, open, olen);
		size_t start = hit ? (size_t)(hit - c->s) : c->len;
		add_text(c, p, start);
		if (hit == NULL)
			break;
		size_t in = start + olen;
		bool triple = in < c->len && c->s[in] == '{';
		struct pos pos = pos_at(c, start);
		const char *q = find_close(c->s, c->len, in + triple, triple, close, clen);
		if (q == NULL) {
			diag_error(c->d, pos, "unclosed tag: '%.*s' without a matching '%s%.*s'",
			           (int)(olen + triple), c->s + start, triple ? "}" : "", (int)clen,
			           close);
			return -1;
		}
		size_t end = (size_t)(q - c->s) + triple + clen;
		struct mtok *t = add_tok(c, K_COMMENT, start, end);
		t->pos = pos;
		parse_tag(c, t, c->s + in + triple, (size_t)(q - c->s) - in - triple, triple, &open,
		          &olen, &close, &clen);
		p = end;
	}
	return 0;
}
