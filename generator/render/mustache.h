/*
 * mustache: the template engine alone.
 *
 * A template is compiled once into a flat tree of nodes (each tag keeps
 * its line:col), then rendered any number of times against a stack of
 * struct value contexts. The engine never reads files: partials and
 * parents come from a lookup callback the caller supplies.
 *
 * It implements the Mustache spec (comments, delimiters, interpolation,
 * inverted, partials, sections) plus the optional inheritance and
 * dynamic-names modules; lambdas are not supported (data has no code).
 *
 * Rendering is one loop over an explicit stack, never C recursion, and
 * every depth is bounded: sections nest at most MUSTACHE_MAX_NESTING
 * deep in one template, partials, parents and blocks at most
 * MUSTACHE_MAX_DEPTH deep at render time, so hostile templates cannot
 * blow the stack.
 */
#ifndef BRIEF_MUSTACHE_H
#define BRIEF_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "value.h"

/* Sections, inverted sections, parents and blocks open inside each other in one template. */
#define MUSTACHE_MAX_NESTING 100
/* Partials, parents and blocks expanded inside each other while rendering. */
#define MUSTACHE_MAX_DEPTH 64
/* What one render may do: sections over lists nested in each other, or a
 * partial included twice per level, multiply the work at every level. */
#define MUSTACHE_MAX_OUTPUT ((size_t)256 << 20) /* bytes appended to out */
#define MUSTACHE_MAX_STEPS ((size_t)100000000)  /* tags and texts rendered */

/* A compiled template: opaque, lives in the arena given to mustache_compile(). */
struct mustache;

/*
 * Compiles len bytes of src (copied: src may be freed afterwards). path is
 * borrowed (keep it alive as long as the arena) and names the template in
 * positions. Returns NULL after reporting every syntax error to d as
 * path:line:col errors: an unclosed tag, a section never closed, a close
 * tag that matches nothing, a bad delimiter change, a bad tag name,
 * sections nested deeper than MUSTACHE_MAX_NESTING.
 */
struct mustache *mustache_compile(struct arena *arena, struct diag *d, const char *path,
                                  const char *src, size_t len);

/* The path the template was compiled with. */
const char *mustache_path(const struct mustache *t);

/* A static partial or parent name a template refers to ({{>*x}} names are dynamic: not listed). */
struct mustache_ref {
	char kind;        /* '>' partial or '<' parent */
	const char *name; /* not NUL-terminated; lives as long as the template */
	size_t len;
	struct pos pos; /* the tag */
};

/* Calls fn for every static partial and parent tag of t, in source order.
 * Tags in the ignored text of a parent (outside its blocks) are skipped. */
void mustache_foreach_ref(const struct mustache *t,
                          void (*fn)(void *ctx, const struct mustache_ref *ref), void *ctx);

/* Calls fn with every name t looks up (variables, sections, dynamic
 * partial names), as written: "page.title", ".". */
void mustache_foreach_name(const struct mustache *t,
                           void (*fn)(void *ctx, const char *name, size_t len), void *ctx);

/* A bound a render hit, for the caller to word (see mustache_env.limit). */
enum mustache_limit_kind {
	MUSTACHE_LIMIT_DEPTH, /* partials, parents and blocks nested past max_depth */
	MUSTACHE_LIMIT_BYTES, /* the output grew past max_bytes */
};

struct mustache_limit {
	enum mustache_limit_kind kind;
	size_t max;       /* the bound in force */
	const char *what; /* DEPTH: "partial", "parent" or "block"; else NULL */
	const char *name; /* DEPTH: the tag's name, len bytes; else NULL */
	size_t len;
};

struct mustache_env {
	/* Finds a partial or parent by name; NULL (or no lookup) renders as nothing, as the spec
	 * says. */
	const struct mustache *(*lookup)(void *ctx, const char *name, size_t len);
	void *lookup_ctx;
	/* Optional: writes each value a {{x}} (escape set), {{{x}}} or {{&x}} tag finds, in
	 * place of mustache_emit(); what a value means is the hook's business, never the
	 * engine's. A name that finds nothing writes nothing and calls no hook. */
	void (*emit)(void *ctx, const struct value *v, bool escape, struct buf *out);
	void *emit_ctx;
	/* Optional: finds key in a VALUE_LAZY map (value.h), or returns NULL when it has
	 * none; what the map means and where its values live is the hook's business.
	 * NULL: lazy maps have no keys. */
	const struct value *(*get)(void *ctx, const struct value *map, const char *key, size_t len);
	void *get_ctx;
	/* Where render-time errors go; NULL = not printed (render still returns -1). */
	struct diag *diag;
	/* Optional: called, with the tag's position and the name as written, for every
	 * variable or dynamic partial/parent name whose lookup finds no key (a key holding
	 * null is found). Sections and inverted sections test for presence: never
	 * reported. NULL = silent. */
	void (*missing)(void *ctx, struct pos at, const char *name, size_t len);
	void *missing_ctx;
	/* Partials, parents and blocks inside each other; 0 = MUSTACHE_MAX_DEPTH. */
	unsigned max_depth;
	/* Budgets of one render: bytes appended to out and tags rendered;
	 * 0: MUSTACHE_MAX_OUTPUT and MUSTACHE_MAX_STEPS. */
	size_t max_bytes, max_steps;
	/* Optional: reports to d, at the tag, a depth or output bound the
	 * render hit, in the caller's words: it knows what the bound is
	 * called and how to raise it. NULL: the engine's plain message. */
	void (*limit)(void *ctx, struct diag *d, struct pos at, const struct mustache_limit *hit);
	void *limit_ctx;
};

/* The default emit: the text of a scalar (value_to_text()), HTML-escaped
 * when escape is set; lists and maps write nothing, a map with text its text. */
void mustache_emit(const struct value *v, bool escape, struct buf *out);

/*
 * Renders t with data (may be NULL) as the bottom of the context stack,
 * appending to out. Allocates nothing but out's growth and, for deep
 * templates, its context stack (freed before returning). Returns 0, or -1
 * after reporting an error: partials, parents or blocks nested deeper than
 * env->max_depth, reported at the tag that went too deep, or a render
 * past its budget (env), reported at the tag it reached. out then holds a
 * partial result.
 */
int mustache_render(const struct mustache *t, const struct value *data,
                    const struct mustache_env *env, struct buf *out);

#endif
