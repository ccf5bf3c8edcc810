/*
 * mustache_lex: the first pass of compiling a template, private to the
 * engine: the source into tokens (text split after every newline, so a
 * line ends at a token boundary, and tags, with delimiter changes
 * applied), with the compiler state the later passes share.
 */
#ifndef BRIEF_MUSTACHE_LEX_H
#define BRIEF_MUSTACHE_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "mustache_tree.h"

/* A token: text, or a tag with what the later passes learn about its line. */
struct mtok {
	enum mkind kind;
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

/* The state of one compile, shared by its passes. */
struct mcompiler {
	struct arena *arena;
	struct diag *d;
	const char *path;
	const char *s; /* the arena's copy of the source: every slice points into it */
	size_t len;
	bool failed;
	struct mtok *toks;
	size_t ntok, tokcap;
	struct mnode *nodes;
	size_t nnodes, nodecap;
	size_t cur; /* position cursor: only moves forward, so positions cost O(n) in all */
	unsigned line, col;
};

/* Mustache's white space. */
static inline bool
mustache_lex_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends c's source as tokens to c->toks. Returns 0, or -1 after
 * reporting a tag never closed (bad tags are reported, and set c->failed). */
int mustache_lex_tokenize(struct mcompiler *c);

#endif
