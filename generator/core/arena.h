/*
 * arena: the per-build region allocator, and the project's one
 * out-of-memory policy.
 *
 * Everything a build creates (values, pages, compiled templates, rendered
 * HTML) lives in one arena and is released at once by arena_free().
 * The x* wrappers abort on exhaustion, so no other code checks for NULL.
 */
#ifndef BRIEF_ARENA_H
#define BRIEF_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* malloc/calloc/realloc/strdup that print a message and abort on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);

/* a + b and a * b for sizes, under the same policy: a result that would
 * wrap past SIZE_MAX could never be allocated, so it aborts with the
 * out-of-memory message instead of wrapping to a small size. Every size
 * computed for an allocation goes through these (or is bounded first). */
size_t arena_size_add(size_t a, size_t b);
size_t arena_size_mul(size_t a, size_t b);

/* A new empty arena; pair with arena_free(). */
struct arena *arena_new(void);

/* Releases every block the arena handed out, then the arena itself. */
void arena_free(struct arena *arena);

/* Empties the arena for reuse: everything it handed out is invalid. One
 * block stays for what comes next, so an arena emptied after each small
 * job (a page's render) costs no malloc per job. */
void arena_reset(struct arena *arena);

/* What arena memory is aligned for: pointers, size_t, double (not long
 * double, which nothing in an arena is). */
#define ARENA_ALIGN 8

/* size bytes aligned to ARENA_ALIGN, zero-filled; valid until arena_free(). */
void *arena_alloc(struct arena *arena, size_t size);

/* NUL-terminated copies owned by the arena. */
char *arena_strndup(struct arena *arena, const char *s, size_t len);
char *arena_strdup(struct arena *arena, const char *s);
char *arena_printf(struct arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *arena, const char *fmt, va_list ap);
/* The concatenation of the strings given: a cheaper printf("%s%s").
 * arena_join(a, "x", "y") ends its list itself. */
#define arena_join(arena, ...) arena_join_list(arena, __VA_ARGS__, (const char *)NULL)
char *arena_join_list(struct arena *arena, ...) __attribute__((sentinel));

/* Makes room for one more item in an arena array of len items of elem
 * bytes, doubling *cap when full; returns the (possibly moved) array.
 * Old copies stay in the arena until it is freed: under 2x in all. */
void *arena_grow(struct arena *arena, void *items, size_t len, size_t *cap, size_t elem);

/* Bytes the arena has obtained from the system so far. */
size_t arena_used(const struct arena *arena);

#endif
