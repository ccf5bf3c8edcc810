/*
 * scratch: a temporary folder for the unit tests that touch the file
 * system. at("a/b") is a path in it, put() writes a file there (making its
 * folders), quiet is a diag that prints nowhere and arena lives as long as
 * the test binary. main() starts with scratch_open() and ends with
 * scratch_close(), which removes the folder.
 */
#ifndef BRIEF_SCRATCH_H
#define BRIEF_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fsutil.h"

static char top[] = "/tmp/brief-unit-XXXXXX";
static struct arena *arena;
static struct diag quiet;
static FILE *scratch_sink;

static inline const char *
at(const char *rel)
{
	return arena_printf(arena, "%s/%s", top, rel);
}

static inline void
put(const char *rel, const char *text)
{
	fsutil_write(&quiet, at(rel), text, strlen(text));
}

static inline int
scratch_open(void)
{
	if (mkdtemp(top) == NULL || (scratch_sink = fopen("/dev/null", "w")) == NULL)
		return -1;
	arena = arena_new();
	diag_init(&quiet, scratch_sink);
	return 0;
}

static inline void
scratch_close(void)
{
	fsutil_remove_tree(&quiet, top);
	diag_close(&quiet);
	fclose(scratch_sink);
	arena_free(arena);
}

#endif
