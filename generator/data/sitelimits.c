#include "sitelimits.h"

#include <math.h>
#include <string.h>

#include "fsutil.h"

/* One initializer for both: C does not let a static copy a const. */
#define DEFAULTS                                                                                   \
	{                                                                                          \
		.file_bytes = FSUTIL_READ_MAX, .depth = 64, .template_depth = 64,                  \
		.page_bytes = 128u << 20, .alias_nodes = 1000000, .pages = 200000,                 \
		.render_seconds = 10,                                                              \
	}

static const struct sitelimits defaults = DEFAULTS;
static struct sitelimits current = DEFAULTS;

/* One key of the limits map: where its value goes and its bounds. */
struct key {
	const char *name;
	size_t offset;
	bool is_unsigned; /* an unsigned field, else a size_t */
	double max;
};

#define KEY(f, u, m)                                                                               \
	{                                                                                          \
#f, offsetof(struct sitelimits, f), u, m                                           \
	}
static const struct key keys[] = {
    KEY(file_bytes, false, 1e12),     KEY(depth, true, SITELIMITS_DEPTH_MAX),
    KEY(template_depth, true, 1e4),   KEY(page_bytes, false, 1e12),
    KEY(alias_nodes, false, 1e9),     KEY(pages, false, 1e8),
    KEY(render_seconds, true, 86400),
};

const struct sitelimits *
sitelimits_get(void)
{
	return &current;
}

void
sitelimits_reset(void)
{
	current = defaults;
	fsutil_set_read_max(current.file_bytes);
}

static const struct key *
find_key(const char *name)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

/* Sets one limit in l from v; -1 after reporting a bad value. */
static int
set_key(struct diag *d, struct sitelimits *l, const struct key *k, const struct value *v)
{
	double n = v->kind == VALUE_NUMBER ? v->as.number : -1;
	if (n < 1 || n > k->max || n != floor(n)) {
		diag_error(d, v->pos, "limits.%s must be a whole number from 1 to %.0f", k->name,
		           k->max);
		return -1;
	}
	char *field = (char *)l + k->offset;
	if (k->is_unsigned)
		*(unsigned *)(void *)field = (unsigned)n;
	else
		*(size_t *)(void *)field = (size_t)n;
	return 0;
}

int
sitelimits_load(struct diag *d, const struct value *site)
{
	struct sitelimits l = defaults;
	const struct value *map = value_cget(site, "limits");
	int status = 0;
	current = defaults;
	if (map == NULL || map->kind == VALUE_NULL)
		return 0;
	if (map->kind != VALUE_MAP) {
		diag_error(d, map->pos, "'limits' must be a mapping such as 'page_bytes: 1000000'");
		return -1;
	}
	for (size_t i = 0; i < map->as.map.len; i++) {
		const struct value_entry *e = &map->as.map.items[i];
		const struct key *k = find_key(e->key);
		if (k == NULL) {
			diag_error(d, e->val->pos,
			           "unknown limit '%s' (known: file_bytes, depth, template_depth, "
			           "page_bytes, alias_nodes, pages, render_seconds)",
			           e->key);
			status = -1;
		} else if (set_key(d, &l, k, e->val) != 0) {
			status = -1;
		}
	}
	if (status == 0) {
		current = l;
		fsutil_set_read_max(current.file_bytes);
	}
	return status;
}

void
sitelimits_report_render(void *ctx, struct diag *d, struct pos at, const struct mustache_limit *hit)
{
	(void)ctx;
	if (hit->kind == MUSTACHE_LIMIT_DEPTH)
		diag_error(
		    d, at,
		    "%s '%.*s' nested more than %zu deep (a %s that includes itself?): raise "
		    "limits.template_depth in site.yaml",
		    hit->what, (int)hit->len, hit->name, hit->max, hit->what);
	else
		diag_error(d, at,
		           "the page grows past limits.page_bytes (%zu bytes) here (a partial "
		           "included twice at every level?): raise limits.page_bytes in site.yaml",
		           hit->max);
}
