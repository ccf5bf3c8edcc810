/*
 * mustache_tree: the compiled form of a template, private to the engine
 * (mustache_compile.c builds it, mustache.c renders it).
 *
 * A template is a flat preorder array of nodes: a container's children
 * follow it and its span counts them, so rendering is one loop.
 */
#ifndef BRIEF_MUSTACHE_TREE_H
#define BRIEF_MUSTACHE_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

enum mkind {
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

#endif
