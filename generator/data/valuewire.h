/*
 * valuewire: a value tree (value.h) as compact bytes, and back, for the
 * scan cache (scancache.h): a page's front matter read again without
 * libyaml. Every node keeps its kind, flags, line and column, text (a
 * number and a date as written), a number's double, a date's parts; a
 * node that several places share (a YAML alias) is written once and
 * shared again when read back. Every position names one file, given
 * on both sides, so the bytes do not repeat its path.
 *
 * Layout (numbers as LEB128 varints): a node is a tag byte (kind in the
 * low 3 bits, VALUEWIRE_REF for a node already read; flags above), then
 * for a REF the node's index in the order nodes began; otherwise line,
 * column, the text's length and bytes, and by kind: a bool's byte, a
 * number's 8 bytes, a date's parts, a list's count and items, a map's
 * count and (key length, key bytes, node) entries.
 */
#ifndef BRIEF_VALUEWIRE_H
#define BRIEF_VALUEWIRE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "value.h"

/* The deepest tree either side handles: deeper ones are not kept. */
#define VALUEWIRE_DEPTH 1000

/* Appends v's tree to out. False, out as it was, when the tree cannot be
 * kept: a node positioned in another file than path, or nested deeper
 * than VALUEWIRE_DEPTH. */
bool valuewire_encode(const struct value *v, const char *path, struct buf *out);

/* The tree in the len bytes (nothing after it), its nodes and text in
 * arena and every position in path (borrowed: it must live as long);
 * NULL when the bytes are not one sound tree (truncated, corrupt). */
struct value *valuewire_decode(struct arena *arena, const char *bytes, size_t len,
                               const char *path);

#endif
