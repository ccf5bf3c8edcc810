#include "yamlload.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "fsutil.h"
#include "sitelimits.h"
#include "strmap.h"

struct anchor {
	const char *name;
	struct value *val;
	size_t size; /* nodes once expanded */
	bool open;   /* still being built: an alias to it would be a cycle */
};

struct frame {
	struct value *val;
	size_t size;
	long anchor;          /* index into loader.anchors (which reallocs), or -1 */
	struct value *key;    /* a map's pending key, NULL when expecting one */
	struct value *merges; /* values of "<<" keys, applied at the end */
	struct strmap keys;   /* a wide map's keys -> item index (see has_key) */
};

struct loader {
	struct arena *arena;
	struct diag *diag;
	const char *path;
	unsigned first_line;
	struct frame *stack; /* SITELIMITS_DEPTH_MAX + 1 of them */
	struct value *keys;  /* per frame: its pending key, when only a key */
	size_t depth;
	size_t alias_added; /* nodes the aliases so far add once expanded */
	struct anchor *anchors;
	size_t anchors_len, anchors_cap;
	struct strmap anchor_names; /* name -> its newest anchor's index */
	struct value *result;
	bool failed;
};

static struct pos
mark_pos(const struct loader *l, yaml_mark_t m)
{
	return (struct pos){l->path, l->first_line + (unsigned)m.line, (unsigned)m.column + 1};
}

static bool
is_plain_null(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 &&
	        (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

static int
plain_bool(const char *s, size_t n)
{
	if (n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "True", 4) || !memcmp(s, "TRUE", 4)))
		return 1;
	if (n == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "False", 5) || !memcmp(s, "FALSE", 5)))
		return 0;
	return -1;
}

/* YAML 1.2 core schema numbers: decimal, 0o octal, 0x hex, floats, .inf, .nan. */
static bool
plain_number(const char *s, size_t n, double *out)
{
	if (n == 0 || n > 64)
		return false;
	char tmp[65];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	const char *p = tmp;
	if (!strcmp(p, ".nan") || !strcmp(p, ".NaN") || !strcmp(p, ".NAN")) {
		*out = NAN;
		return true;
	}
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if (!strcmp(p, ".inf") || !strcmp(p, ".Inf") || !strcmp(p, ".INF")) {
		*out = neg ? -INFINITY : INFINITY;
		return true;
	}
	if (p == tmp && p[0] == '0' && (p[1] == 'o' || p[1] == 'x') && p[2] != '\0') {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(p + 2, &end, p[1] == 'o' ? 8 : 16);
		if (*end != '\0' || errno != 0)
			return false;
		*out = (double)v;
		return true;
	}
	/* Digits, one optional dot, an optional exponent: nothing strtod
	 * would also take, such as "0x1p3" or "infinity". */
	const char *q = p;
	size_t mantissa = 0;
	while (*q >= '0' && *q <= '9')
		q++, mantissa++;
	if (*q == '.') {
		q++;
		while (*q >= '0' && *q <= '9')
			q++, mantissa++;
	}
	if (mantissa == 0)
		return false;
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!(*q >= '0' && *q <= '9'))
			return false;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q != '\0')
		return false;
	*out = strtod(tmp, NULL);
	return true;
}

/* Fills v with the scalar of ev, its text copied into the arena. */
static void
fill_scalar(struct loader *l, const yaml_event_t *ev, struct value *v)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	bool as_string = !plain || (tag != NULL && !strcmp(tag, YAML_STR_TAG));
	double num;
	int b;
	struct value_date date;

	*v = (struct value){.kind = VALUE_STRING, .pos = mark_pos(l, ev->start_mark), .str = ""};
	if (as_string) {
		/* a string, as below */
	} else if (is_plain_null(s, n)) {
		v->kind = VALUE_NULL;
		return;
	} else if ((b = plain_bool(s, n)) >= 0) {
		v->kind = VALUE_BOOL;
		v->as.boolean = b;
		return;
	} else if (plain_number(s, n, &num)) {
		v->kind = VALUE_NUMBER;
		v->as.number = num;
	} else if (value_parse_date(s, n, &date)) {
		v->kind = VALUE_DATE;
		v->as.date = date;
	}
	v->str = arena_strndup(l->arena, s, n);
	v->len = n;
}

/* The scalar of ev: in the arena, or, when it is a map's key (of which
 * only the text outlives the pair), in the map's slot of l->keys, so
 * that a page's front matter keys cost their text alone. */
static struct value *
make_scalar(struct loader *l, const yaml_event_t *ev)
{
	const struct frame *f = l->depth > 0 ? &l->stack[l->depth - 1] : NULL;
	bool key = f != NULL && f->val->kind == VALUE_MAP && f->key == NULL &&
	           ev->data.scalar.anchor == NULL; /* an anchor keeps its node */
	struct value *v = key ? &l->keys[l->depth - 1] : arena_alloc(l->arena, sizeof(*v));
	fill_scalar(l, ev, v);
	return v;
}

static struct anchor *
find_anchor(struct loader *l, const char *name)
{
	long i = strmap_cget(&l->anchor_names, name);
	return i >= 0 ? &l->anchors[i] : NULL;
}

/* Returns the new anchor's index, or -1 when the node has none. An index,
 * not a pointer: the array moves when it grows. */
static long
add_anchor(struct loader *l, const yaml_char_t *name, struct value *val, size_t size, bool open)
{
	if (name == NULL)
		return -1;
	if (l->anchors_len == l->anchors_cap) {
		l->anchors_cap = l->anchors_cap ? arena_size_mul(l->anchors_cap, 2) : 8;
		l->anchors =
		    xrealloc(l->anchors, arena_size_mul(l->anchors_cap, sizeof(*l->anchors)));
	}
	const char *copy = arena_strdup(l->arena, (const char *)name);
	l->anchors[l->anchors_len] = (struct anchor){copy, val, size, open};
	/* YAML lets a later anchor of the same name win. */
	strmap_set(&l->anchor_names, copy, strlen(copy), (long)l->anchors_len);
	return (long)l->anchors_len++;
}

static void
fail(struct loader *l, struct pos at, const char *msg, const char *arg)
{
	diag_error(l->diag, at, msg, arg);
	l->failed = true;
}

static bool
is_merge_key(const struct value *key)
{
	return key->kind == VALUE_STRING && key->len == 2 && !memcmp(key->str, "<<", 2);
}

/* Maps of up to this many keys are searched in place; past it, a hash
 * of the keys keeps a wide map linear overall (100,000 keys: a duplicate
 * scan per key would be quadratic). */
#define SCAN_KEYS 8

/* Whether map frame f already holds key; hashes its keys once it is wide. */
static bool
has_key(struct frame *f, const char *key, size_t len)
{
	const struct value *map = f->val;
	if (map->as.map.len <= SCAN_KEYS)
		return value_get(map, key, len) != NULL;
	for (size_t i = f->keys.count; i < map->as.map.len; i++)
		strmap_add(&f->keys, map->as.map.items[i].key, map->as.map.items[i].key_len,
		           (long)i);
	return strmap_get(&f->keys, key, len) >= 0;
}

/* Appends key (len bytes: it may hold a NUL) -> v to map frame f. */
static void
put_key(struct loader *l, struct frame *f, const char *key, size_t len, struct value *v)
{
	value_map_put(l->arena, f->val, key, v);
	f->val->as.map.items[f->val->as.map.len - 1].key_len = len;
}

/* Adds a finished node (of expanded size) to the container on top. */
static void
attach(struct loader *l, struct value *v, size_t size)
{
	if (l->depth == 0) {
		l->result = v;
		return;
	}
	struct frame *f = &l->stack[l->depth - 1];
	f->size += size;
	if (f->val->kind == VALUE_LIST) {
		value_list_push(l->arena, f->val, v);
		return;
	}
	if (f->key == NULL) {
		if (v->kind == VALUE_LIST || v->kind == VALUE_MAP) {
			fail(l, v->pos, "a mapping key must be a scalar%s", "");
			/* A placeholder keeps the key/value rhythm. */
			v = value_string(l->arena, "", 0, v->pos);
		} else if (v->kind == VALUE_NULL && v->len == 0) {
			v = value_string(l->arena, "", 0, v->pos);
		}
		f->key = v;
		return;
	}
	struct value *key = f->key;
	f->key = NULL;
	if (is_merge_key(key)) {
		if (f->merges == NULL)
			f->merges = value_list(l->arena, key->pos);
		value_list_push(l->arena, f->merges, v);
		return;
	}
	if (has_key(f, key->str, key->len)) {
		/* The first occurrence's key position is not kept; name the key. */
		fail(l, key->pos, "duplicate key '%s'", key->str);
		return;
	}
	put_key(l, f, key->str, key->len, v);
}

/* "<<: *base" copies the keys of base that the map does not set itself. */
static void
apply_merges(struct loader *l, struct frame *f)
{
	struct value *list = f->merges;
	for (size_t i = 0; i < list->as.list.len; i++) {
		struct value *src = list->as.list.items[i];
		struct value *one[1] = {src};
		struct value **srcs = one;
		size_t n = 1;
		if (src->kind == VALUE_LIST) {
			srcs = src->as.list.items;
			n = src->as.list.len;
		}
		for (size_t j = 0; j < n; j++) {
			if (srcs[j]->kind != VALUE_MAP) {
				fail(l, srcs[j]->pos, "'<<' merges only mappings%s", "");
				continue;
			}
			for (size_t k = 0; k < srcs[j]->as.map.len; k++) {
				struct value_entry *e = &srcs[j]->as.map.items[k];
				if (!has_key(f, e->key, e->key_len))
					put_key(l, f, e->key, e->key_len, e->val);
			}
		}
	}
}

static void
open_container(struct loader *l, const yaml_event_t *ev, enum value_kind kind,
               const yaml_char_t *anchor)
{
	struct pos pos = mark_pos(l, ev->start_mark);
	unsigned max = sitelimits_get()->depth;
	if (l->depth >= max) {
		diag_error(l->diag, pos,
		           "nesting deeper than %u levels: raise limits.depth in site.yaml", max);
		l->failed = true;
		return;
	}
	struct value *v = value_new(l->arena, kind, pos);
	struct frame *f = &l->stack[l->depth++];
	*f = (struct frame){.val = v, .size = 1};
	f->anchor = add_anchor(l, anchor, v, 0, true);
}

static void
close_container(struct loader *l)
{
	struct frame f = l->stack[--l->depth];
	if (f.merges != NULL)
		apply_merges(l, &f);
	strmap_free(&f.keys);
	if (f.anchor >= 0) {
		l->anchors[f.anchor].open = false;
		l->anchors[f.anchor].size = f.size;
	}
	attach(l, f.val, f.size);
}

static void
alias(struct loader *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = find_anchor(l, name);
	struct pos pos = mark_pos(l, ev->start_mark);
	if (a == NULL) {
		fail(l, pos, "unknown alias '*%s'", name);
		return;
	}
	if (a->open) {
		fail(l, pos, "alias '*%s' refers to a node that contains it", name);
		return;
	}
	/* Aliases share the node; templates that walk it see every copy:
	 * a budget on what they add refuses "billion laughs" documents. */
	size_t max = sitelimits_get()->alias_nodes;
	l->alias_added += a->size;
	if (l->alias_added > max) {
		diag_error(
		    l->diag, pos,
		    "aliases expand to more than %zu nodes: raise limits.alias_nodes in site.yaml",
		    max);
		l->failed = true;
		return;
	}
	attach(l, a->val, a->size);
}

static void
report_parser(struct loader *l, const yaml_parser_t *p)
{
	if (p->error == YAML_READER_ERROR) {
		/* The reader counts bytes, not lines: point at the file. */
		diag_error(l->diag, diag_file(l->path), "%s at byte %zu", p->problem,
		           p->problem_offset);
	} else {
		diag_error(l->diag, mark_pos(l, p->problem_mark), "%s",
		           p->problem ? p->problem : "invalid YAML");
		/* libyaml's context ("while parsing a flow sequence") has a mark
		 * of its own: where the unfinished construct began. */
		if (p->context != NULL)
			diag_note(l->diag, mark_pos(l, p->context_mark), "%s that starts here",
			          p->context);
	}
	l->failed = true;
}

/* Handles one event; returns false at the end of the first document. */
static bool
handle(struct loader *l, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		struct value *v = make_scalar(l, ev);
		add_anchor(l, ev->data.scalar.anchor, v, 1, false);
		attach(l, v, 1);
		break;
	}
	case YAML_SEQUENCE_START_EVENT:
		open_container(l, ev, VALUE_LIST, ev->data.sequence_start.anchor);
		break;
	case YAML_MAPPING_START_EVENT:
		open_container(l, ev, VALUE_MAP, ev->data.mapping_start.anchor);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: close_container(l); break;
	case YAML_ALIAS_EVENT: alias(l, ev); break;
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT: return false;
	default: break;
	}
	return true;
}

struct value *
yamlload_string(struct arena *arena, struct diag *d, const char *path, const char *src, size_t len,
                unsigned first_line)
{
	/* Outside the loader, whose initializer would zero them for every
	 * front matter: a frame and its key are set when it is pushed. */
	struct frame stack[SITELIMITS_DEPTH_MAX + 1];
	struct value keys[SITELIMITS_DEPTH_MAX + 1];
	struct loader l = {.arena = arena,
	                   .diag = d,
	                   .path = path,
	                   .first_line = first_line,
	                   .stack = stack,
	                   .keys = keys};
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		fputs("brief: out of memory (libyaml)\n", stderr);
		abort();
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser(&l, &parser);
			break;
		}
		bool more = handle(&l, &ev);
		yaml_event_delete(&ev);
		/* After a depth or budget error the tree is unusable: stop. */
		if (!more || l.failed)
			break;
	}
	yaml_parser_delete(&parser);
	/* A failed load leaves frames open. */
	for (size_t i = 0; i < l.depth; i++)
		strmap_free(&l.stack[i].keys);
	free(l.anchors);
	strmap_free(&l.anchor_names);
	if (l.failed)
		return NULL;
	return l.result ? l.result
	                : value_new(arena, VALUE_NULL, (struct pos){path, first_line, 1});
}

struct value *
yamlload_file(struct arena *arena, struct diag *d, const char *path)
{
	size_t len;
	char *src = fsutil_read(arena, d, path, &len);
	if (src == NULL)
		return NULL;
	return yamlload_string(arena, d, path, src, len, 1);
}
