#include "mustache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Compiling runs in passes over a token list, because the standalone-line
 * rules and block indentation need to see a whole line, or a whole block,
 * before any node is final:
 *   1. tokenize: text (split after every newline, so a line ends at a
 *      token boundary) and tags, with delimiter changes applied;
 *   2. match: pair every open tag with its close, reporting mismatches;
 *   3. standalone: drop the white space and newline of lines that hold
 *      only non-printing tags;
 *   4. emit: a flat preorder array of nodes, where a container's children
 *      follow it and span counts them, so rendering is one loop.
 */

enum kind {
	/* Nodes. */
	K_TEXT,
	K_VAR,      /* {{x}}, escaped */
	K_RAW,      /* {{{x}}} and {{&x}} */
	K_SECTION,  /* {{#x}} */
	K_INVERTED, /* {{^x}} */
	K_PARTIAL,  /* {{>x}} */
	K_PARENT,   /* {{<x}} */
	K_BLOCK,    /* {{$x}} */
	/* Tokens only. */
	K_CLOSE,
	K_COMMENT,
	K_DELIM,
};

struct mpart {
	const char *s;
	size_t len;
};

struct mnode {
	unsigned char kind;
	bool dynamic;    /* partial/parent: the name is looked up in the context */
	bool standalone; /* its line was removed: it writes no pending indentation */
	bool enter_sol;  /* partial/parent/block: its content starts a line */
	bool exit_sol;   /* partial/parent/block: what follows starts a line */
	uint32_t span;   /* nodes inside this one, which follow it */
	uint32_t nparts; /* dotted name; 0 for "." */
	const struct mpart *parts;
	const char *text; /* text, or the name as written (without a dynamic '*') */
	size_t len;
	const char *indent; /* partial/parent/block: added before each line of its content */
	size_t indent_len;
	struct pos pos;
};

struct mustache {
	const char *path;
	const struct mnode *nodes;
	size_t n;
};

struct tok {
	enum kind kind;
	bool dynamic;
	bool standalone;   /* a tag alone (with other non-printing tags) on its line */
	bool removed;      /* text of a standalone line */
	bool pair;         /* "{{$b}}{{/b}}" alone on a line: indented, but the newline stays */
	size_t start, end; /* the bytes of the text or the whole tag */
	const char *name;  /* tags: trimmed name */
	size_t name_len;
	size_t ws_start, ws_len; /* tags: the leading white space of their line */
	size_t line_end;         /* tags: where their line ends (after its newline) */
	size_t partner;          /* open <-> close */
	struct pos pos;
};

struct compiler {
	struct arena *arena;
	struct diag *d;
	const char *path;
	const char *s; /* the arena's copy of the source: every slice points into it */
	size_t len;
	bool failed;
	struct tok *toks;
	size_t ntok, tokcap;
	struct mnode *nodes;
	size_t nnodes, nodecap;
	size_t cur; /* position cursor: only moves forward, so positions cost O(n) in all */
	unsigned line, col;
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
lead_ws(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Bytes at the start of a that a also shares with b. */
static size_t
common_prefix(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;
	while (i < alen && i < blen && a[i] == b[i])
		i++;
	return i;
}

static struct pos
pos_at(struct compiler *c, size_t off)
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

static struct tok *
add_tok(struct compiler *c, enum kind kind, size_t start, size_t end)
{
	if (c->ntok == c->tokcap) {
		c->tokcap = c->tokcap ? c->tokcap * 2 : 64;
		c->toks = xrealloc(c->toks, c->tokcap * sizeof(*c->toks));
	}
	struct tok *t = &c->toks[c->ntok++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->start = start;
	t->end = end;
	return t;
}

/* Text becomes one token per line so that lines end between tokens. */
static void
add_text(struct compiler *c, size_t from, size_t to)
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
	while (*len > 0 && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_blank((*s)[*len - 1]))
		(*len)--;
}

static bool
has_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (is_blank(s[i]))
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
bad_tag(struct compiler *c, const struct tok *t, const char *fmt, const char *s, size_t len)
{
	diag_error(c->d, t->pos, fmt, (int)len, s);
	c->failed = true;
}

/* {{=<% %>=}}: two delimiters, no white space or '=' inside either. */
static void
set_delims(struct compiler *c, struct tok *t, const char *in, size_t len, const char **open,
           size_t *olen, const char **close, size_t *clen)
{
	const char *s = in + 1;
	size_t n = len >= 2 && in[len - 1] == '=' ? len - 2 : 0;
	trim(&s, &n);
	size_t a = 0;
	while (a < n && !is_blank(s[a]))
		a++;
	size_t b = a;
	while (b < n && is_blank(s[b]))
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
parse_tag(struct compiler *c, struct tok *t, const char *in, size_t len, bool triple,
          const char **open, size_t *olen, const char **close, size_t *clen)
{
	static const char sigils[] = "!=#^/><$&";
	static const enum kind kinds[] = {K_COMMENT, K_DELIM,  K_SECTION, K_INVERTED, K_CLOSE,
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

static int
tokenize(struct compiler *c)
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
		struct tok *t = add_tok(c, K_COMMENT, start, end);
		t->pos = pos;
		parse_tag(c, t, c->s + in + triple, (size_t)(q - c->s) - in - triple, triple, &open,
		          &olen, &close, &clen);
		p = end;
	}
	return 0;
}

static bool
opens(enum kind k)
{
	return k == K_SECTION || k == K_INVERTED || k == K_PARENT || k == K_BLOCK;
}

static void
never_closed(struct compiler *c, const struct tok *t)
{
	diag_error(c->d, t->pos, "section '%s%.*s' opened here is never closed",
	           t->dynamic ? "*" : "", (int)t->name_len, t->name);
	c->failed = true;
}

/* A close tag that matches no open section is dropped, and a close that
 * matches one further out closes (and reports) those opened since, so one
 * mistake gives one message. */
static void
close_tag(struct compiler *c, size_t i, size_t *stack, size_t *sp)
{
	struct tok *t = &c->toks[i];
	size_t k = *sp;
	while (k > 0) {
		const struct tok *o = &c->toks[stack[k - 1]];
		if (o->dynamic == t->dynamic && o->name_len == t->name_len &&
		    memcmp(o->name, t->name, t->name_len) == 0)
			break;
		k--;
	}
	if (k == 0) {
		const char *star = t->dynamic ? "*" : "";
		if (*sp == 0) {
			diag_error(c->d, t->pos, "closing tag '%s%.*s' has no open section", star,
			           (int)t->name_len, t->name);
		} else {
			const struct tok *o = &c->toks[stack[*sp - 1]];
			diag_error(
			    c->d, t->pos,
			    "closing tag '%s%.*s' does not match section '%s%.*s' (opened at "
			    "%u:%u)",
			    star, (int)t->name_len, t->name, o->dynamic ? "*" : "",
			    (int)o->name_len, o->name, o->pos.line, o->pos.col);
		}
		c->failed = true;
		return;
	}
	for (size_t m = *sp; m > k; m--)
		never_closed(c, &c->toks[stack[m - 1]]);
	*sp = k - 1;
	t->partner = stack[k - 1];
	c->toks[stack[k - 1]].partner = i;
}

static int
match(struct compiler *c)
{
	size_t stack[MUSTACHE_MAX_NESTING], sp = 0;
	for (size_t i = 0; i < c->ntok; i++) {
		struct tok *t = &c->toks[i];
		if (opens(t->kind)) {
			if (sp == MUSTACHE_MAX_NESTING) {
				diag_error(c->d, t->pos, "sections nested more than %d deep",
				           MUSTACHE_MAX_NESTING);
				return -1;
			}
			stack[sp++] = i;
		} else if (t->kind == K_CLOSE) {
			close_tag(c, i, stack, &sp);
		}
	}
	for (size_t m = 0; m < sp; m++)
		never_closed(c, &c->toks[stack[m]]);
	return 0;
}

static bool
prints(enum kind k)
{
	return k == K_TEXT || k == K_VAR || k == K_RAW;
}

static bool
blank_text(const struct compiler *c, const struct tok *t)
{
	for (size_t i = t->start; i < t->end; i++)
		if (!is_blank(c->s[i]))
			return false;
	return true;
}

/* Tokens first..end-1 form one line. A line of white space and tags that
 * print nothing is removed whole; a lone "{{$b}}{{/b}}" keeps its newline,
 * since a block prints like a variable (the spec's "Standalone block"). */
static void
mark_line(struct compiler *c, size_t first, size_t end)
{
	struct tok *lead = c->toks[first].kind == K_TEXT ? &c->toks[first] : NULL;
	size_t ws = lead ? lead_ws(c->s + lead->start, lead->end - lead->start) : 0;
	size_t ntags = 0, tag = 0;
	bool alone = true;
	for (size_t k = first; k < end; k++) {
		struct tok *t = &c->toks[k];
		if (t->kind == K_TEXT) {
			alone = alone && blank_text(c, t);
			continue;
		}
		alone = alone && !prints(t->kind);
		if (ntags++ == 0)
			tag = k;
		t->ws_start = c->toks[first].start;
		t->ws_len = ws;
		t->line_end = c->toks[end - 1].end;
	}
	if (!alone || ntags == 0)
		return;
	if (ntags == 2 && c->toks[tag].kind == K_BLOCK && c->toks[tag].partner == tag + 1) {
		c->toks[tag].pair = true;
		if (lead)
			lead->removed = true;
		return;
	}
	for (size_t k = first; k < end; k++) {
		if (c->toks[k].kind == K_TEXT)
			c->toks[k].removed = true;
		else
			c->toks[k].standalone = true;
	}
}

static void
mark_standalone(struct compiler *c)
{
	size_t first = 0;
	for (size_t k = 0; k < c->ntok; k++) {
		const struct tok *t = &c->toks[k];
		if (t->kind == K_TEXT && c->s[t->end - 1] == '\n') {
			mark_line(c, first, k + 1);
			first = k + 1;
		}
	}
	if (first < c->ntok)
		mark_line(c, first, c->ntok);
}

/*
 * The indentation a block's content is written with, removed from each of
 * its lines here and added back (or the site's, when overridden) at render
 * time. When the opening tag stands alone on its line, it is the white
 * space all non-blank lines of the content share (the spec's "intrinsic
 * indentation"); else the white space that starts the tag's line.
 */
static void
block_indent(const struct compiler *c, const struct tok *t, const char **ind, size_t *len)
{
	*ind = c->s + t->ws_start;
	*len = t->ws_len;
	if (!t->standalone)
		return;
	size_t p = t->line_end, to = c->toks[t->partner].start;
	bool any = false;
	while (p < to) {
		const char *nl = memchr(c->s + p, '\n', to - p);
		size_t e = nl ? (size_t)(nl - c->s) : to;
		size_t w = lead_ws(c->s + p, e - p);
		if (p + w < e && c->s[p + w] != '\r') {
			*len = any ? common_prefix(*ind, *len, c->s + p, w) : w;
			*ind = c->s + p;
			any = true;
		}
		p = e + 1;
	}
}

static struct mnode *
add_node(struct compiler *c, enum kind kind)
{
	if (c->nnodes == c->nodecap) {
		c->nodecap = c->nodecap ? c->nodecap * 2 : 64;
		c->nodes = xrealloc(c->nodes, c->nodecap * sizeof(*c->nodes));
	}
	struct mnode *n = &c->nodes[c->nnodes++];
	memset(n, 0, sizeof(*n));
	n->kind = (unsigned char)kind;
	return n;
}

/* Splits "a.b.c" into its keys once, so rendering never scans for dots. */
static void
split_name(struct compiler *c, struct mnode *n)
{
	if (n->len == 1 && n->text[0] == '.')
		return;
	uint32_t count = 1;
	for (size_t i = 0; i < n->len; i++)
		count += n->text[i] == '.';
	struct mpart *parts = arena_alloc(c->arena, count * sizeof(*parts));
	const char *p = n->text, *end = n->text + n->len;
	for (uint32_t i = 0; i < count; i++) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		const char *e = dot ? dot : end;
		parts[i] = (struct mpart){p, (size_t)(e - p)};
		p = e + 1;
	}
	n->parts = parts;
	n->nparts = count;
}

/* The part of indentation s that goes beyond the enclosing block's d. */
static void
relative_indent(struct mnode *n, const char *s, size_t len, const char *d, size_t dlen)
{
	size_t k = common_prefix(s, len, d, dlen);
	n->indent = s + k;
	n->indent_len = len - k;
}

struct emitter {
	size_t open[MUSTACHE_MAX_NESTING];          /* nodes of the open containers */
	const char *dent[MUSTACHE_MAX_NESTING + 1]; /* indentation of enclosing blocks */
	size_t dent_len[MUSTACHE_MAX_NESTING + 1];
	size_t depth, blocks;
	size_t last_text; /* a text node that the next text may extend, or SIZE_MAX */
};

static void
emit_text(struct compiler *c, struct emitter *e, const struct tok *t)
{
	const char *s = c->s + t->start;
	size_t len = t->end - t->start;
	if (t->start == 0 || c->s[t->start - 1] == '\n') {
		size_t k = common_prefix(s, len, e->dent[e->blocks], e->dent_len[e->blocks]);
		s += k;
		len -= k;
	}
	if (len == 0)
		return;
	if (e->last_text != SIZE_MAX) {
		struct mnode *p = &c->nodes[e->last_text];
		if (p->text + p->len == s) {
			p->len += len;
			return;
		}
	}
	struct mnode *n = add_node(c, K_TEXT);
	n->text = s;
	n->len = len;
	e->last_text = c->nnodes - 1;
}

static void
emit_tag(struct compiler *c, struct emitter *e, const struct tok *t)
{
	struct mnode *n = add_node(c, t->kind);
	const char *d = e->dent[e->blocks];
	size_t dlen = e->dent_len[e->blocks];
	n->pos = t->pos;
	n->text = t->name;
	n->len = t->name_len;
	n->dynamic = t->dynamic;
	n->standalone = t->standalone || t->pair;
	if (t->kind == K_VAR || t->kind == K_RAW || t->kind == K_SECTION || t->kind == K_INVERTED ||
	    t->dynamic)
		split_name(c, n);
	if (t->kind == K_PARTIAL || t->kind == K_PARENT) {
		n->enter_sol = n->exit_sol = t->standalone;
		if (t->standalone)
			relative_indent(n, c->s + t->ws_start, t->ws_len, d, dlen);
	} else if (t->kind == K_BLOCK) {
		const char *ind;
		size_t ilen;
		block_indent(c, t, &ind, &ilen);
		n->enter_sol = t->standalone || t->pair;
		relative_indent(n, ind, ilen, d, dlen);
		e->blocks++;
		e->dent[e->blocks] = ind;
		e->dent_len[e->blocks] = ilen;
	}
	if (opens(t->kind))
		e->open[e->depth++] = c->nnodes - 1;
}

static void
emit_close(struct compiler *c, struct emitter *e, const struct tok *t)
{
	struct mnode *n = &c->nodes[e->open[--e->depth]];
	n->span = (uint32_t)(c->nnodes - (size_t)(n - c->nodes) - 1);
	n->exit_sol = t->standalone;
	if (n->kind == K_BLOCK)
		e->blocks--;
}

static void
emit(struct compiler *c)
{
	struct emitter e = {.last_text = SIZE_MAX, .dent = {""}};
	for (size_t i = 0; i < c->ntok; i++) {
		const struct tok *t = &c->toks[i];
		/* A parent's content is ignored but for its blocks. */
		if (e.depth > 0 && c->nodes[e.open[e.depth - 1]].kind == K_PARENT &&
		    t->kind != K_BLOCK && t->kind != K_CLOSE) {
			if (opens(t->kind))
				i = t->partner;
			continue;
		}
		switch (t->kind) {
		case K_TEXT:
			if (!t->removed)
				emit_text(c, &e, t);
			continue;
		case K_COMMENT:
		case K_DELIM: continue;
		case K_CLOSE: emit_close(c, &e, t); break;
		default: emit_tag(c, &e, t); break;
		}
		e.last_text = SIZE_MAX;
	}
}

struct mustache *
mustache_compile(struct arena *arena, struct diag *d, const char *path, const char *src, size_t len)
{
	struct compiler c = {.arena = arena, .d = d, .path = path, .len = len, .line = 1, .col = 1};
	struct mustache *t = NULL;
	c.s = arena_strndup(arena, src, len);
	if (tokenize(&c) < 0 || match(&c) < 0 || c.failed)
		goto out;
	mark_standalone(&c);
	emit(&c);
	t = arena_alloc(arena, sizeof(*t));
	t->path = path;
	t->n = c.nnodes;
	/* Never NULL, even when empty: rendering does pointer arithmetic on it. */
	struct mnode *nodes = arena_alloc(arena, (c.nnodes + 1) * sizeof(*nodes));
	if (c.nnodes > 0)
		memcpy(nodes, c.nodes, c.nnodes * sizeof(*nodes));
	t->nodes = nodes;
out:
	free(c.toks);
	free(c.nodes);
	return t;
}

const char *
mustache_path(const struct mustache *t)
{
	return t->path;
}

void
mustache_foreach_ref(const struct mustache *t,
                     void (*fn)(void *ctx, const struct mustache_ref *ref), void *ctx)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct mnode *n = &t->nodes[i];
		if ((n->kind != K_PARTIAL && n->kind != K_PARENT) || n->dynamic)
			continue;
		struct mustache_ref ref = {n->kind == K_PARTIAL ? '>' : '<', n->text, n->len,
		                           n->pos};
		fn(ctx, &ref);
	}
}

void
mustache_foreach_name(const struct mustache *t, void (*fn)(void *ctx, const char *name, size_t len),
                      void *ctx)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct mnode *n = &t->nodes[i];
		bool named = n->kind == K_VAR || n->kind == K_RAW || n->kind == K_SECTION ||
		             n->kind == K_INVERTED || n->dynamic;
		if (named)
			fn(ctx, n->text, n->len);
	}
}

/*
 * Rendering walks an explicit stack of frames: the template itself, and
 * one frame per section being iterated, partial, parent or block being
 * expanded. The frames with a ctx are the spec's context stack.
 */
enum frame_kind { F_ROOT, F_SECTION, F_INCLUDE, F_PARENT, F_BLOCK };

struct frame {
	const struct mnode *pc, *start, *end; /* next node; the range being walked */
	const struct mnode *opener;           /* the tag that pushed the frame */
	const struct value *ctx;              /* pushed on the context stack, or NULL */
	const struct value *list;             /* a section iterating over a list */
	size_t idx;
	size_t ind_start, ind_saved; /* indentation: ind[ind_start..ind.len), length before */
	enum frame_kind kind;
};

#define LOCAL_FRAMES 32

struct render {
	const struct mustache_env *env;
	struct buf *out;
	struct frame *f;
	size_t n, cap;
	struct buf ind;      /* indentation of the nested standalone partials and blocks */
	bool sol;            /* at the start of a line of template text */
	unsigned depth;      /* partials, parents and blocks being expanded */
	size_t start, steps; /* out's length before, nodes rendered so far */
	size_t max_output, max_steps;
	struct frame local[LOCAL_FRAMES];
};

static struct frame *
top(struct render *r)
{
	return &r->f[r->n - 1];
}

/* Pushes a frame over nodes [from, to) with its indentation: the current
 * one plus indent, or none at all when reset (an inline partial). */
static struct frame *
push(struct render *r, enum frame_kind kind, const struct mnode *from, const struct mnode *to,
     const struct mnode *opener, bool reset, const char *indent, size_t indent_len)
{
	if (r->n == r->cap) {
		r->cap *= 2;
		if (r->f == r->local) {
			r->f = xmalloc(r->cap * sizeof(*r->f));
			memcpy(r->f, r->local, sizeof(r->local));
		} else {
			r->f = xrealloc(r->f, r->cap * sizeof(*r->f));
		}
	}
	struct frame *f = &r->f[r->n];
	*f = (struct frame){.pc = from, .start = from, .end = to, .opener = opener, .kind = kind};
	f->ind_saved = r->ind.len;
	f->ind_start = reset ? r->ind.len : r->n > 0 ? r->f[r->n - 1].ind_start : 0;
	buf_put(&r->ind, indent, indent_len);
	r->n++;
	return f;
}

/* Ends one pass over a frame: the next item of a list, or a pop. */
static void
finish(struct render *r)
{
	struct frame *f = top(r);
	if (f->list != NULL && ++f->idx < f->list->as.list.len) {
		f->ctx = f->list->as.list.items[f->idx];
		f->pc = f->start;
		return;
	}
	buf_truncate(&r->ind, f->ind_saved);
	if (f->kind == F_INCLUDE || f->kind == F_PARENT || f->kind == F_BLOCK) {
		r->sol = f->opener->exit_sol;
		r->depth--;
	}
	r->n--;
}

static void
write_indent(struct render *r)
{
	if (r->sol) {
		size_t s = top(r)->ind_start;
		buf_put(r->out, r->ind.ptr + s, r->ind.len - s);
		r->sol = false;
	}
}

/* Template text gets the indentation after each of its newlines; the
 * last one's waits for the next node, since there may be none. */
static void
put_text(struct render *r, const char *s, size_t len)
{
	size_t is = top(r)->ind_start, ilen = r->ind.len - is;
	const char *nl;
	if (ilen > 0) {
		while ((nl = memchr(s, '\n', len - 1)) != NULL) {
			buf_put(r->out, s, (size_t)(nl + 1 - s));
			buf_put(r->out, r->ind.ptr + is, ilen);
			len -= (size_t)(nl + 1 - s);
			s = nl + 1;
		}
	}
	buf_put(r->out, s, len);
	r->sol = s[len - 1] == '\n';
}

/* The spec's lookup: the first key is searched down the context stack,
 * the rest only inside what it found. */
static const struct value *
resolve(const struct render *r, const struct mnode *n)
{
	const struct value *v = NULL;
	for (size_t i = r->n; i-- > 0;) {
		const struct value *c = r->f[i].ctx;
		if (c == NULL)
			continue;
		if (n->nparts == 0)
			return c;
		v = value_get(c, n->parts[0].s, n->parts[0].len);
		if (v == NULL)
			continue;
		for (uint32_t k = 1; k < n->nparts && v != NULL; k++)
			v = value_get(v, n->parts[k].s, n->parts[k].len);
		break;
	}
	/* Sections exist to test for presence: only names whose value is
	 * written out (variables, dynamic partial names) count as missing. */
	if (v == NULL && r->env->missing != NULL && n->kind != K_SECTION && n->kind != K_INVERTED)
		r->env->missing(r->env->missing_ctx, n->pos, n->text, n->len);
	return v;
}

static void
put_value_text(struct buf *out, const char *s, size_t len, bool esc)
{
	if (esc)
		buf_put_html(out, s, len);
	else
		buf_put(out, s, len);
}

/* The next link mark ('="%1F') in [p, end), or NULL. memchr for the
 * rare '%' is much faster than memmem on every page's whole content. */
static const char *
next_mark(const char *p, const char *end)
{
	static const char mark[] = "=\"" VALUE_ROOT_MARK;
	for (const char *pct; (pct = memchr(p, '%', (size_t)(end - p))) != NULL; p = pct + 1)
		if (pct - p >= 2 && end - pct >= 3 && memcmp(pct - 2, mark, sizeof(mark) - 1) == 0)
			return pct - 2;
	return NULL;
}

/* Writes s with the root in place of every link mark: '="%1F' -> '="../'. */
static void
put_marked(struct buf *out, const char *s, size_t len, const char *root, bool esc)
{
	const char *end = s + len, *p = s, *hit;
	while ((hit = next_mark(p, end)) != NULL) {
		put_value_text(out, p, (size_t)(hit - p) + 2, esc);
		put_value_text(out, root, strlen(root), esc);
		p = hit + 2 + strlen(VALUE_ROOT_MARK);
	}
	put_value_text(out, p, (size_t)(end - p), esc);
}

static void
interpolate(struct render *r, const struct mnode *n)
{
	const struct value *v = resolve(r, n);
	bool esc = n->kind == K_VAR;
	if (v == NULL)
		return;
	if (v->kind != VALUE_STRING && v->kind != VALUE_DATE && !v->has_text) {
		value_to_text(v, r->out); /* numbers and booleans need no escaping */
		return;
	}
	const char *root = r->env->root ? r->env->root : "";
	if (v->root_marked) {
		put_marked(r->out, v->str, v->len, root, esc);
		return;
	}
	if (v->rooted)
		put_value_text(r->out, root, strlen(root), esc);
	put_value_text(r->out, v->str, v->len, esc);
}

static void
section(struct render *r, const struct mnode *n)
{
	const struct value *v = resolve(r, n);
	bool truthy = value_truthy(v);
	if (truthy != (n->kind == K_SECTION))
		return;
	struct frame *f = push(r, F_SECTION, n + 1, n + 1 + n->span, n, false, "", 0);
	if (n->kind == K_INVERTED)
		return;
	if (v->kind == VALUE_LIST) {
		f->list = v;
		f->ctx = v->as.list.items[0];
	} else {
		f->ctx = v;
	}
}

static int
too_deep(struct render *r, const struct mnode *n, const char *what)
{
	if (r->depth < MUSTACHE_MAX_DEPTH)
		return 0;
	if (r->env->diag != NULL)
		diag_error(r->env->diag, n->pos,
		           "%s '%.*s' nested too deeply (a %s that includes itself?)", what,
		           (int)n->len, n->text, what);
	return -1;
}

/* {{>name}} and {{<name}}: the template the caller's lookup finds. */
static int
include(struct render *r, const struct mnode *n)
{
	const char *name = n->text;
	size_t len = n->len;
	if (n->dynamic) {
		const struct value *v = resolve(r, n);
		if (v == NULL || v->kind != VALUE_STRING)
			return 0;
		name = v->str;
		len = v->len;
	}
	const struct mustache *t =
	    r->env->lookup ? r->env->lookup(r->env->lookup_ctx, name, len) : NULL;
	if (t == NULL)
		return 0;
	if (too_deep(r, n, n->kind == K_PARTIAL ? "partial" : "parent") < 0)
		return -1;
	push(r, n->kind == K_PARTIAL ? F_INCLUDE : F_PARENT, t->nodes, t->nodes + t->n, n,
	     !n->enter_sol, n->indent, n->indent_len);
	r->sol = n->enter_sol;
	r->depth++;
	return 0;
}

/* The block named like site among the direct children of a parent tag. */
static const struct mnode *
find_override(const struct mnode *parent, const struct mnode *site)
{
	const struct mnode *c = parent + 1, *end = parent + 1 + parent->span;
	for (; c < end; c += 1 + c->span)
		if (c->kind == K_BLOCK && c->len == site->len &&
		    memcmp(c->text, site->text, site->len) == 0)
			return c;
	return NULL;
}

/* {{$name}}: the outermost parent tag that overrides it wins, else its default. */
static int
block(struct render *r, const struct mnode *n)
{
	const struct mnode *body = n;
	for (size_t i = 0; i < r->n; i++) {
		const struct mnode *o;
		if (r->f[i].kind == F_PARENT && (o = find_override(r->f[i].opener, n)) != NULL) {
			body = o;
			break;
		}
	}
	if (too_deep(r, n, "block") < 0)
		return -1;
	push(r, F_BLOCK, body + 1, body + 1 + body->span, n, false, n->indent, n->indent_len);
	r->sol = n->enter_sol;
	r->depth++;
	return 0;
}

/* Stops the render once it is past a budget, reporting it at node n or,
 * for text or the end of a pass (n NULL), at the tag that holds it. */
static int
over_budget(struct render *r, const struct mnode *n, struct pos whole)
{
	bool big = r->out->len - r->start > r->max_output;
	if (++r->steps <= r->max_steps && !big)
		return 0;
	struct pos at = n ? n->pos : (struct pos){NULL, 0, 0};
	for (size_t i = r->n; at.path == NULL && i-- > 0;)
		if (r->f[i].opener != NULL)
			at = r->f[i].opener->pos;
	if (at.path == NULL)
		at = whole;
	if (r->env->diag != NULL)
		diag_error(r->env->diag, at,
		           "rendering stopped here: the page passed %zu %s (sections over lists, "
		           "or partials, repeated inside each other multiply it)",
		           big ? r->max_output : r->max_steps, big ? "bytes" : "tags rendered");
	return -1;
}

static int
step(struct render *r, const struct mnode *n)
{
	if (!n->standalone)
		write_indent(r);
	switch (n->kind) {
	case K_TEXT: put_text(r, n->text, n->len); break;
	case K_VAR:
	case K_RAW: interpolate(r, n); break;
	case K_SECTION:
	case K_INVERTED: section(r, n); break;
	case K_PARTIAL:
	case K_PARENT: return include(r, n);
	case K_BLOCK: return block(r, n);
	}
	return 0;
}

int
mustache_render(const struct mustache *t, const struct value *data, const struct mustache_env *env,
                struct buf *out)
{
	struct render r = {.env = env,
	                   .out = out,
	                   .cap = LOCAL_FRAMES,
	                   .sol = true,
	                   .start = out->len,
	                   .max_output = env->max_output ? env->max_output : MUSTACHE_MAX_OUTPUT,
	                   .max_steps = env->max_steps ? env->max_steps : MUSTACHE_MAX_STEPS};
	struct pos whole = diag_file(t->path);
	int rc = 0;
	r.f = r.local;
	buf_init(&r.ind);
	push(&r, F_ROOT, t->nodes, t->nodes + t->n, NULL, true, "", 0)->ctx = data;
	while (r.n > 0) {
		struct frame *f = top(&r);
		const struct mnode *n = NULL;
		/* A pass over a list counts too: an empty one costs no step. */
		if (f->pc == f->end) {
			finish(&r);
		} else {
			n = f->pc;
			f->pc = n + 1 + n->span;
			if (step(&r, n) < 0) {
				rc = -1;
				break;
			}
		}
		if (over_budget(&r, n, whole) < 0) {
			rc = -1;
			break;
		}
	}
	buf_free(&r.ind);
	if (r.f != r.local)
		free(r.f);
	return rc;
}
