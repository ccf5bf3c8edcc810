#include "mustache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mustache_lex.h"
#include "mustache_tree.h"

/*
 * Compiling runs in passes over a token list, because the standalone-line
 * rules and block indentation need to see a whole line, or a whole block,
 * before any node is final:
 *   1. tokenize (mustache_lex.c): text (split after every newline, so a
 *      line ends at a token boundary) and tags, with delimiter changes
 *      applied;
 *   2. match: pair every open tag with its close, reporting mismatches;
 *   3. standalone: drop the white space and newline of lines that hold
 *      only non-printing tags;
 *   4. emit: a flat preorder array of nodes, where a container's children
 *      follow it and span counts them, so rendering is one loop.
 */

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

static bool
opens(enum mkind k)
{
	return k == K_SECTION || k == K_INVERTED || k == K_PARENT || k == K_BLOCK;
}

static void
never_closed(struct mcompiler *c, const struct mtok *t)
{
	diag_error(c->d, t->pos, "section '%s%.*s' opened here is never closed",
	           t->dynamic ? "*" : "", (int)t->name_len, t->name);
	c->failed = true;
}

/* A close tag that matches no open section is dropped, and a close that
 * matches one further out closes (and reports) those opened since, so one
 * mistake gives one message. */
static void
close_tag(struct mcompiler *c, size_t i, size_t *stack, size_t *sp)
{
	struct mtok *t = &c->toks[i];
	size_t k = *sp;
	while (k > 0) {
		const struct mtok *o = &c->toks[stack[k - 1]];
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
			const struct mtok *o = &c->toks[stack[*sp - 1]];
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
match(struct mcompiler *c)
{
	size_t stack[MUSTACHE_MAX_NESTING], sp = 0;
	for (size_t i = 0; i < c->ntok; i++) {
		struct mtok *t = &c->toks[i];
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
prints(enum mkind k)
{
	return k == K_TEXT || k == K_VAR || k == K_RAW;
}

static bool
blank_text(const struct mcompiler *c, const struct mtok *t)
{
	for (size_t i = t->start; i < t->end; i++)
		if (!mustache_lex_blank(c->s[i]))
			return false;
	return true;
}

/* Tokens first..end-1 form one line. A line of white space and tags that
 * print nothing is removed whole; a lone "{{$b}}{{/b}}" keeps its newline,
 * since a block prints like a variable (the spec's "Standalone block"). */
static void
mark_line(struct mcompiler *c, size_t first, size_t end)
{
	struct mtok *lead = c->toks[first].kind == K_TEXT ? &c->toks[first] : NULL;
	size_t ws = lead ? lead_ws(c->s + lead->start, lead->end - lead->start) : 0;
	size_t ntags = 0, tag = 0;
	bool alone = true;
	for (size_t k = first; k < end; k++) {
		struct mtok *t = &c->toks[k];
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
mark_standalone(struct mcompiler *c)
{
	size_t first = 0;
	for (size_t k = 0; k < c->ntok; k++) {
		const struct mtok *t = &c->toks[k];
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
block_indent(const struct mcompiler *c, const struct mtok *t, const char **ind, size_t *len)
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
add_node(struct mcompiler *c, enum mkind kind)
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
split_name(struct mcompiler *c, struct mnode *n)
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
emit_text(struct mcompiler *c, struct emitter *e, const struct mtok *t)
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
emit_tag(struct mcompiler *c, struct emitter *e, const struct mtok *t)
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
emit_close(struct mcompiler *c, struct emitter *e, const struct mtok *t)
{
	struct mnode *n = &c->nodes[e->open[--e->depth]];
	n->span = (uint32_t)(c->nnodes - (size_t)(n - c->nodes) - 1);
	n->exit_sol = t->standalone;
	if (n->kind == K_BLOCK)
		e->blocks--;
}

static void
emit(struct mcompiler *c)
{
	struct emitter e = {.last_text = SIZE_MAX, .dent = {""}};
	for (size_t i = 0; i < c->ntok; i++) {
		const struct mtok *t = &c->toks[i];
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
	struct mcompiler c = {
	    .arena = arena, .d = d, .path = path, .len = len, .line = 1, .col = 1};
	struct mustache *t = NULL;
	c.s = arena_strndup(arena, src, len);
	if (mustache_lex_tokenize(&c) < 0 || match(&c) < 0 || c.failed)
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
