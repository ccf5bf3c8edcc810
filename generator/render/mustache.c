#include "mustache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mustache_tree.h"

/*
 * Rendering walks an explicit stack of frames: the template itself, and
 * one frame per section being iterated, partial, parent or block being
 * expanded. The frames with a ctx are the spec's context stack.
 */
enum frame_kind { F_TEMPLATE, F_SECTION, F_INCLUDE, F_PARENT, F_BLOCK };

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

/* key in v: a lazy map's through the caller's hook. */
static const struct value *
get(const struct render *r, const struct value *v, const char *key, size_t len)
{
	if (v->kind != VALUE_LAZY)
		return value_get(v, key, len);
	return r->env->get ? r->env->get(r->env->get_ctx, v, key, len) : NULL;
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
		v = get(r, c, n->parts[0].s, n->parts[0].len);
		if (v == NULL)
			continue;
		for (uint32_t k = 1; k < n->nparts && v != NULL; k++)
			v = get(r, v, n->parts[k].s, n->parts[k].len);
		break;
	}
	/* Sections exist to test for presence: only names whose value is
	 * written out (variables, dynamic partial names) count as missing. */
	if (v == NULL && r->env->missing != NULL && n->kind != K_SECTION && n->kind != K_INVERTED)
		r->env->missing(r->env->missing_ctx, n->pos, n->text, n->len);
	return v;
}

void
mustache_emit(const struct value *v, bool escape, struct buf *out)
{
	if (v->kind != VALUE_STRING && v->kind != VALUE_DATE && !v->has_text)
		value_to_text(v, out); /* numbers and booleans need no escaping */
	else if (escape)
		buf_put_html(out, v->str, v->len);
	else
		buf_put(out, v->str, v->len);
}

static void
interpolate(struct render *r, const struct mnode *n)
{
	const struct value *v = resolve(r, n);
	bool escape = n->kind == K_VAR;
	if (v == NULL)
		return;
	if (r->env->emit != NULL)
		r->env->emit(r->env->emit_ctx, v, escape, r->out);
	else
		mustache_emit(v, escape, r->out);
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

/* Reports a bound hit at at: through the caller's hook, which knows what
 * the bound is called, or plainly. */
static void
report_limit(struct render *r, struct pos at, const struct mustache_limit *hit)
{
	const struct mustache_env *env = r->env;
	if (env->diag == NULL)
		return;
	if (env->limit != NULL)
		env->limit(env->limit_ctx, env->diag, at, hit);
	else if (hit->kind == MUSTACHE_LIMIT_DEPTH)
		diag_error(env->diag, at,
		           "%s '%.*s' nested more than %zu deep (a %s that includes "
		           "itself?)",
		           hit->what, (int)hit->len, hit->name, hit->max, hit->what);
	else
		diag_error(env->diag, at,
		           "the output grows past %zu bytes here (a partial included "
		           "twice at every level?)",
		           hit->max);
}

static int
too_deep(struct render *r, const struct mnode *n, const char *what)
{
	unsigned max = r->env->max_depth ? r->env->max_depth : MUSTACHE_MAX_DEPTH;
	if (r->depth < max)
		return 0;
	struct mustache_limit hit = {MUSTACHE_LIMIT_DEPTH, max, what, n->text, n->len};
	report_limit(r, n->pos, &hit);
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
	if (r->env->diag == NULL)
		return -1;
	if (big)
		report_limit(
		    r, at,
		    &(struct mustache_limit){MUSTACHE_LIMIT_BYTES, r->max_output, NULL, NULL, 0});
	else
		diag_error(r->env->diag, at,
		           "rendering stopped here: the page passed %zu tags rendered (sections "
		           "over lists, or partials, repeated inside each other multiply it)",
		           r->max_steps);
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
	                   .max_output = env->max_bytes ? env->max_bytes : MUSTACHE_MAX_OUTPUT,
	                   .max_steps = env->max_steps ? env->max_steps : MUSTACHE_MAX_STEPS};
	struct pos whole = diag_file(t->path);
	int rc = 0;
	r.f = r.local;
	buf_init(&r.ind);
	push(&r, F_TEMPLATE, t->nodes, t->nodes + t->n, NULL, true, "", 0)->ctx = data;
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
