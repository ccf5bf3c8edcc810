#include "templates.h"

#include <string.h>

#include "fsutil.h"
#include "utf8.h"

#define SUFFIX ".mustache"

struct load {
	struct arena *arena;
	struct diag *diag;
	struct templates *t;
	int status;
};

static void
visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct load *l = ctx;
	size_t n = strlen(rel), m = strlen(SUFFIX);
	if (is_dir || strncmp(rel, "assets/", 7) == 0 || n <= m || strcmp(rel + n - m, SUFFIX))
		return;
	size_t len;
	char *src = fsutil_read(l->arena, l->diag, full, &len);
	/* Whatever a template holds lands in every page it renders. */
	if (src != NULL && utf8_check(l->diag, full, src, len, "templates") != 0)
		src = NULL;
	struct mustache *tpl = src ? mustache_compile(l->arena, l->diag, full, src, len) : NULL;
	if (tpl == NULL) {
		l->status = -1;
		return;
	}
	struct templates *t = l->t;
	t->items = arena_grow(l->arena, t->items, t->len, &t->cap, sizeof(*t->items));
	const char *name = arena_strndup(l->arena, rel, n - m);
	t->items[t->len] = (struct template_entry){name, full, tpl};
	strmap_add(&t->by_name, name, n - m, (long)t->len);
	t->len++;
}

static void
check_ref(void *ctx, const struct mustache_ref *ref)
{
	struct load *l = ctx;
	if (templates_get(l->t, ref->name, ref->len) != NULL)
		return;
	diag_error(l->diag, ref->pos, "%s '%.*s' not found (no %s/%.*s%s)",
	           ref->kind == '<' ? "parent template" : "partial", (int)ref->len, ref->name,
	           l->t->dir, (int)ref->len, ref->name, SUFFIX);
	l->status = -1;
}

/* Each dot-separated part of name into m. */
static void
add_parts(struct strmap *m, const char *name, size_t len)
{
	for (const char *p = name, *end = name + len; p < end;) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		size_t n = dot ? (size_t)(dot - p) : (size_t)(end - p);
		strmap_add(m, p, n, 1);
		p += n + 1;
	}
}

static void
add_words(void *ctx, const char *name, size_t len)
{
	struct templates *t = ctx;
	add_parts(&t->words, name, len);
	/* page.PART is the page's own part; every other name may be another's. */
	const char *dot = memchr(name, '.', len);
	bool own = dot != NULL && dot - name == 4 && !memcmp(name, "page", 4) &&
	           memchr(dot + 1, '.', len - 5) == NULL;
	if (!own)
		add_parts(&t->others, name, len);
}

bool
templates_mention_beyond_page(const struct templates *t, const char *part)
{
	return strmap_cget(&t->others, part) >= 0;
}

bool
templates_mention(const struct templates *t, const char *part)
{
	return strmap_cget(&t->words, part) >= 0;
}

int
templates_load(struct arena *arena, struct diag *d, const char *dir, struct templates *t)
{
	memset(t, 0, sizeof(*t));
	t->dir = dir;
	struct load l = {arena, d, t, 0};
	if (fsutil_walk(arena, d, dir, visit, &l) != 0)
		return -1;
	for (size_t i = 0; i < t->len; i++) {
		mustache_foreach_ref(t->items[i].tpl, check_ref, &l);
		mustache_foreach_name(t->items[i].tpl, add_words, t);
	}
	return l.status;
}

void
templates_free(struct templates *t)
{
	strmap_free(&t->by_name);
	strmap_free(&t->words);
	strmap_free(&t->others);
}

const struct mustache *
templates_get(const struct templates *t, const char *name, size_t len)
{
	long i = strmap_get(&t->by_name, name, len);
	return i >= 0 ? t->items[i].tpl : NULL;
}

const struct mustache *
templates_lookup(void *ctx, const char *name, size_t len)
{
	return templates_get(ctx, name, len);
}
