/*
 * value: the one data tree of brief.
 *
 * Config, front matter, data files, the Mustache spec runner and the
 * render context all share it. Every node remembers where it came from
 * (struct pos) so errors about data point at the YAML that holds it.
 * Nodes live in an arena; a tree may share subtrees (YAML aliases, a page
 * listed in several sections), so nothing walks it without a depth bound.
 */
#ifndef BRIEF_VALUE_H
#define BRIEF_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"

enum value_kind {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP,
	VALUE_DATE,
	/* A map whose entries are made when a template asks for one
	 * (pagevalue.h): only mustache_env's get hook reads it; to
	 * value_get() it has no key. */
	VALUE_LAZY,
};

/* What the Markdown renderer writes where a link needs the path to the
 * root: cmark's percent-escape of the control character 0x1F, which no
 * link the writer typed can begin with. */
#define VALUE_ROOT_MARK_RAW "\x1f"
#define VALUE_ROOT_MARK "%1F"

/* Narrow fields: a date is one of a value's union, which is as wide as
 * its widest member, and a large site has millions of values. */
struct value_date {
	int year;
	int tz_minutes;                               /* offset east of UTC */
	signed char month, day, hour, minute, second; /* as written: 1-12, 1-31, 0-23, 0-59, 0-60 */
	bool has_time, has_tz;
};

struct value_entry {
	const char *key;
	size_t key_len;
	struct value *val;
};

struct value {
	enum value_kind kind;
	/* A string holding a URL relative to the site root: the render
	 * context's emit hook (context_emit()) writes the current page's path
	 * to the root in front of it. */
	bool rooted;
	/* HTML whose links into the site start with VALUE_ROOT_MARK: the
	 * emit hook puts the current page's path to the root in each one's
	 * place, so a page's content reads right inside any other page. */
	bool root_marked;
	/* A map that templates print as str when named whole: a date as
	 * written, whose parts ({{page.date.year}}) are its keys. */
	bool has_text;
	struct pos pos;
	/* Strings: the text. Dates: the ISO 8601 form. Numbers: as written. */
	const char *str;
	size_t len;
	union {
		bool boolean;
		double number;
		struct value_date date;
		struct {
			struct value **items;
			size_t len, cap;
		} list;
		struct {
			struct value_entry *items;
			size_t len, cap;
		} map;
		struct {
			const void *maker; /* what the hook makes entries with */
			long index;        /* which of its maps */
		} lazy;
	} as;
};

/* Constructors: the node and any copied text belong to arena. */
struct value *value_new(struct arena *arena, enum value_kind kind, struct pos pos);
struct value *value_null(struct arena *arena);
struct value *value_bool(struct arena *arena, bool b);
struct value *value_number(struct arena *arena, double n);
/* Copies len bytes of s. */
struct value *value_string(struct arena *arena, const char *s, size_t len, struct pos pos);
struct value *value_cstring(struct arena *arena, const char *s);
/* Keeps s without copying: s must outlive the arena's use. */
struct value *value_string_borrowed(struct arena *arena, const char *s, size_t len);
/* The same of a NUL-terminated s; and of a URL from the site root, marked rooted. */
struct value *value_cborrowed(struct arena *arena, const char *s);
struct value *value_rooted(struct arena *arena, const char *url);
struct value *value_list(struct arena *arena, struct pos pos);
struct value *value_map(struct arena *arena, struct pos pos);

/* Appends item to a list; amortised O(1). */
void value_list_push(struct arena *arena, struct value *list, struct value *item);

/* Appends key=val to a map without looking for an existing key. key is borrowed. */
void value_map_put(struct arena *arena, struct value *map, const char *key, struct value *val);
/* Makes room for n more entries at once: a map whose size is known ahead
 * leaves no outgrown copies in the arena. */
void value_map_reserve(struct arena *arena, struct value *map, size_t n);

/* Replaces the value of key, or appends it. key is borrowed. */
void value_map_set(struct arena *arena, struct value *map, const char *key, struct value *val);

/* The value of key in map (a linear scan: maps are small), or NULL. */
struct value *value_get(const struct value *map, const char *key, size_t key_len);
struct value *value_cget(const struct value *map, const char *key);
/* Follows a dotted name such as "people.team"; NULL when any step is missing. */
struct value *value_path(const struct value *v, const char *dotted);

/* The string of a string value, or NULL for any other kind or a NULL v. */
const char *value_str(const struct value *v);

/* Mustache truthiness: null, false, "" and [] are false; everything else
 * (a lazy map too) true. */
bool value_truthy(const struct value *v);

/* Appends the text a template shows for v (scalars only; lists and maps
 * show nothing). Numbers print in their shortest exact form. */
void value_to_text(const struct value *v, struct buf *out);

/* Appends v as compact JSON (for tests and debugging), depth-bounded. */
void value_to_json(const struct value *v, struct buf *out);

/* Parses "YYYY-MM-DD", optionally followed by [T ]hh:mm[:ss[.frac]] and
 * Z or ±hh[:mm]. Returns false when s is not such a date. */
bool value_parse_date(const char *s, size_t len, struct value_date *out);

/* Seconds since 1970-01-01 UTC: what orders dates. */
long long value_date_instant(const struct value_date *d);

/* Orders dates in time; 0 when equal. */
int value_date_cmp(const struct value_date *a, const struct value_date *b);

#endif
