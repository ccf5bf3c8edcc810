/*
 * yamlload: YAML text to a value tree, through libyaml's event parser.
 *
 * Scalars are typed with the YAML 1.2 core schema (null, bool, int,
 * float) plus dates (YYYY-MM-DD[Thh:mm[:ss]][Z|±hh:mm]); quoted scalars
 * and !!str are always strings. Keys must be scalars; a duplicate key is
 * an error. Aliases share the anchored node (no copy), and a budget on
 * the nodes they add once expanded (limits.alias_nodes) refuses "billion
 * laughs" documents; nesting deeper than limits.depth is an error (both
 * limits.h). Every node carries its position.
 */
#ifndef BRIEF_YAMLLOAD_H
#define BRIEF_YAMLLOAD_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

/*
 * Loads the first document of src (len bytes) into arena. path names the
 * source in diagnostics and node positions (it is borrowed: keep it alive
 * as long as the values); first_line is the file line src starts on (1
 * for a whole file, 2 for front matter after its "---"). An empty document
 * gives a null value. Returns NULL after reporting errors to d.
 */
struct value *yamlload_string(struct arena *arena, struct diag *d, const char *path,
                              const char *src, size_t len, unsigned first_line);

/* Reads path and loads it as above. Returns NULL after reporting. */
struct value *yamlload_file(struct arena *arena, struct diag *d, const char *path);

#endif
