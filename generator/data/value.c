#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A large site has millions of values: keep each to a cache line. */
_Static_assert(sizeof(struct value) <= 64, "struct value grew past 64 bytes");

/* Deep enough for any real data; shallow enough for any stack. */
#define VALUE_JSON_DEPTH 64

struct value *
value_new(struct arena *arena, enum value_kind kind, struct pos pos)
{
	struct value *v = arena_alloc(arena, sizeof(*v));
	v->kind = kind;
	v->pos = pos;
	v->str = "";
	return v;
}

struct value *
value_null(struct arena *arena)
{
	return value_new(arena, VALUE_NULL, (struct pos){0});
}

struct value *
value_bool(struct arena *arena, bool b)
{
	struct value *v = value_new(arena, VALUE_BOOL, (struct pos){0});
	v->as.boolean = b;
	return v;
}

struct value *
value_number(struct arena *arena, double n)
{
	struct value *v = value_new(arena, VALUE_NUMBER, (struct pos){0});
	v->as.number = n;
	return v;
}

struct value *
value_string(struct arena *arena, const char *s, size_t len, struct pos pos)
{
	struct value *v = value_new(arena, VALUE_STRING, pos);
	v->str = arena_strndup(arena, s, len);
	v->len = len;
	return v;
}

struct value *
value_cstring(struct arena *arena, const char *s)
{
	return value_string(arena, s, strlen(s), (struct pos){0});
}

struct value *
value_string_borrowed(struct arena *arena, const char *s, size_t len)
{
	struct value *v = value_new(arena, VALUE_STRING, (struct pos){0});
	v->str = s;
	v->len = len;
	return v;
}

struct value *
value_cborrowed(struct arena *arena, const char *s)
{
	return value_string_borrowed(arena, s, strlen(s));
}

struct value *
value_rooted(struct arena *arena, const char *url)
{
	struct value *v = value_cborrowed(arena, url);
	v->rooted = true;
	return v;
}

struct value *
value_list(struct arena *arena, struct pos pos)
{
	return value_new(arena, VALUE_LIST, pos);
}

struct value *
value_map(struct arena *arena, struct pos pos)
{
	return value_new(arena, VALUE_MAP, pos);
}

void
value_list_push(struct arena *arena, struct value *list, struct value *item)
{
	list->as.list.items = arena_grow(arena, list->as.list.items, list->as.list.len,
	                                 &list->as.list.cap, sizeof(struct value *));
	list->as.list.items[list->as.list.len++] = item;
}

void
value_map_put(struct arena *arena, struct value *map, const char *key, struct value *val)
{
	map->as.map.items = arena_grow(arena, map->as.map.items, map->as.map.len, &map->as.map.cap,
	                               sizeof(struct value_entry));
	map->as.map.items[map->as.map.len++] = (struct value_entry){key, strlen(key), val};
}

void
value_map_reserve(struct arena *arena, struct value *map, size_t n)
{
	size_t need = map->as.map.len + n;
	if (need <= map->as.map.cap)
		return;
	struct value_entry *items = arena_alloc(arena, need * sizeof(*items));
	if (map->as.map.len > 0)
		memcpy(items, map->as.map.items, map->as.map.len * sizeof(*items));
	map->as.map.items = items;
	map->as.map.cap = need;
}

void
value_map_set(struct arena *arena, struct value *map, const char *key, struct value *val)
{
	size_t len = strlen(key);
	for (size_t i = 0; i < map->as.map.len; i++) {
		struct value_entry *e = &map->as.map.items[i];
		if (e->key_len == len && memcmp(e->key, key, len) == 0) {
			e->val = val;
			return;
		}
	}
	value_map_put(arena, map, key, val);
}

struct value *
value_get(const struct value *map, const char *key, size_t key_len)
{
	if (map == NULL || map->kind != VALUE_MAP)
		return NULL;
	for (size_t i = 0; i < map->as.map.len; i++) {
		const struct value_entry *e = &map->as.map.items[i];
		if (e->key_len == key_len && memcmp(e->key, key, key_len) == 0)
			return e->val;
	}
	return NULL;
}

struct value *
value_cget(const struct value *map, const char *key)
{
	return value_get(map, key, strlen(key));
}

struct value *
value_path(const struct value *v, const char *dotted)
{
	const char *p = dotted;
	struct value *cur = (struct value *)v;
	while (cur != NULL) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		cur = value_get(cur, p, n);
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	return cur;
}

const char *
value_str(const struct value *v)
{
	return v != NULL && v->kind == VALUE_STRING ? v->str : NULL;
}

bool
value_truthy(const struct value *v)
{
	if (v == NULL)
		return false;
	switch (v->kind) {
	case VALUE_NULL: return false;
	case VALUE_BOOL: return v->as.boolean;
	case VALUE_STRING: return v->len > 0;
	case VALUE_LIST: return v->as.list.len > 0;
	default: return true;
	}
}

static void
number_to_text(double n, struct buf *out)
{
	char tmp[40];
	if (isnan(n)) {
		buf_puts(out, "NaN");
		return;
	}
	if (isinf(n)) {
		buf_puts(out, n < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (n == floor(n) && fabs(n) < 1e15) {
		snprintf(tmp, sizeof(tmp), "%.0f", n);
	} else {
		/* The shortest of %.15g..%.17g that reads back exactly. */
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec, n);
			if (strtod(tmp, NULL) == n)
				break;
		}
	}
	buf_puts(out, tmp);
}

void
value_to_text(const struct value *v, struct buf *out)
{
	if (v == NULL)
		return;
	switch (v->kind) {
	case VALUE_BOOL: buf_puts(out, v->as.boolean ? "true" : "false"); break;
	case VALUE_NUMBER: number_to_text(v->as.number, out); break;
	case VALUE_STRING:
	case VALUE_DATE: buf_put(out, v->str, v->len); break;
	default: break;
	}
}

static void
json_string(const char *s, size_t len, struct buf *out)
{
	buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else if (c == '\n') {
			buf_puts(out, "\\n");
		} else if (c < 0x20) {
			buf_printf(out, "\\u%04x", c);
		} else {
			buf_putc(out, (char)c);
		}
	}
	buf_putc(out, '"');
}

static void
json(const struct value *v, struct buf *out, int depth)
{
	if (v == NULL || depth > VALUE_JSON_DEPTH) {
		buf_puts(out, "null");
		return;
	}
	switch (v->kind) {
	case VALUE_NULL: buf_puts(out, "null"); break;
	case VALUE_BOOL:
	case VALUE_NUMBER: value_to_text(v, out); break;
	case VALUE_STRING: json_string(v->str, v->len, out); break;
	case VALUE_DATE:
		buf_puts(out, "date:");
		json_string(v->str, v->len, out);
		break;
	case VALUE_LIST:
		buf_putc(out, '[');
		for (size_t i = 0; i < v->as.list.len; i++) {
			if (i > 0)
				buf_putc(out, ',');
			json(v->as.list.items[i], out, depth + 1);
		}
		buf_putc(out, ']');
		break;
	case VALUE_MAP:
		buf_putc(out, '{');
		for (size_t i = 0; i < v->as.map.len; i++) {
			const struct value_entry *e = &v->as.map.items[i];
			if (i > 0)
				buf_putc(out, ',');
			json_string(e->key, e->key_len, out);
			buf_putc(out, ':');
			json(e->val, out, depth + 1);
		}
		buf_putc(out, '}');
		break;
	case VALUE_LAZY: buf_puts(out, "{}"); break; /* its entries are not there to list */
	}
}

void
value_to_json(const struct value *v, struct buf *out)
{
	json(v, out, 0);
}

/* Reads exactly n digits at *p into *out. */
static bool
digits(const char **p, const char *end, int n, int *out)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (*p >= end || **p < '0' || **p > '9')
			return false;
		x = x * 10 + (*(*p)++ - '0');
	}
	*out = x;
	return true;
}

static bool
expect(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return true;
	}
	return false;
}

static bool
valid_day(int y, int m, int d)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

bool
value_parse_date(const char *s, size_t len, struct value_date *out)
{
	const char *p = s, *end = s + len;
	struct value_date d = {0};
	int month, day, hour = 0, minute = 0, second = 0;
	if (!digits(&p, end, 4, &d.year) || !expect(&p, end, '-') || !digits(&p, end, 2, &month) ||
	    !expect(&p, end, '-') || !digits(&p, end, 2, &day) || !valid_day(d.year, month, day))
		return false;
	if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
		p++;
		d.has_time = true;
		if (!digits(&p, end, 2, &hour) || !expect(&p, end, ':') ||
		    !digits(&p, end, 2, &minute))
			return false;
		if (expect(&p, end, ':') && !digits(&p, end, 2, &second))
			return false;
		if (expect(&p, end, '.'))
			while (p < end && *p >= '0' && *p <= '9')
				p++;
		if (hour > 23 || minute > 59 || second > 60)
			return false;
		while (p < end && *p == ' ')
			p++;
		if (expect(&p, end, 'Z') || expect(&p, end, 'z')) {
			d.has_tz = true;
		} else if (p < end && (*p == '+' || *p == '-')) {
			int sign = *p++ == '-' ? -1 : 1, h = 0, m = 0;
			if (!digits(&p, end, 2, &h))
				return false;
			if (expect(&p, end, ':') || (p < end && *p >= '0' && *p <= '9'))
				if (!digits(&p, end, 2, &m))
					return false;
			d.has_tz = true;
			d.tz_minutes = sign * (h * 60 + m);
		}
	}
	if (p != end)
		return false;
	/* In range, checked above. */
	d.month = (signed char)month, d.day = (signed char)day;
	d.hour = (signed char)hour, d.minute = (signed char)minute, d.second = (signed char)second;
	*out = d;
	return true;
}

/* Days since 1970-01-01 (Howard Hinnant's civil calendar algorithm). */
static long long
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long long
value_date_instant(const struct value_date *d)
{
	return days_from_civil(d->year, d->month, d->day) * 86400 + d->hour * 3600 +
	       d->minute * 60 + d->second - d->tz_minutes * 60;
}

int
value_date_cmp(const struct value_date *a, const struct value_date *b)
{
	long long ta = value_date_instant(a), tb = value_date_instant(b);
	return (ta > tb) - (ta < tb);
}
