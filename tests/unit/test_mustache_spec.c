/*
 * The official Mustache spec, run through the project's own YAML loader:
 * every test of every spec file in the directory given as argv[1]
 * (default ../shared/mustache-spec/specs, from the repository root),
 * except the lambdas, which need code in the data.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fsutil.h"
#include "mustache.h"
#include "yamlload.h"

#define SPEC_DIR "../shared/mustache-spec/specs"
#define SPEC_TESTS 184

struct partial {
	const char *name;
	size_t len;
	const struct mustache *tpl;
};

struct partials {
	struct partial *items;
	size_t n;
};

static const struct mustache *
lookup(void *ctx, const char *name, size_t len)
{
	const struct partials *p = ctx;
	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].len == len && memcmp(p->items[i].name, name, len) == 0)
			return p->items[i].tpl;
	return NULL;
}

static const char *
text_of(const struct value *v)
{
	const char *s = value_str(v);
	return s ? s : "";
}

/* Shows text with its newlines and tabs visible, on one line. */
static void
show(const char *label, const char *s)
{
	printf("    %s \"", label);
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else
			putchar(*s);
	}
	puts("\"");
}

/* Compiles the test's template and partials, renders, compares. */
static bool
run_one(struct arena *arena, struct diag *d, const char *name, const struct value *test)
{
	const struct value *parts = value_cget(test, "partials");
	struct partials p = {0};
	bool ok = true;
	if (parts != NULL && parts->kind == VALUE_MAP) {
		p.items = arena_alloc(arena, (parts->as.map.len + 1) * sizeof(*p.items));
		for (size_t i = 0; i < parts->as.map.len; i++) {
			const struct value_entry *e = &parts->as.map.items[i];
			const char *src = text_of(e->val);
			struct mustache *t = mustache_compile(arena, d, e->key, src, strlen(src));
			ok = ok && t != NULL;
			p.items[p.n++] = (struct partial){e->key, e->key_len, t};
		}
	}
	const char *src = text_of(value_cget(test, "template"));
	const char *want = text_of(value_cget(test, "expected"));
	struct mustache *t = mustache_compile(arena, d, name, src, strlen(src));
	struct mustache_env env = {.lookup = lookup, .lookup_ctx = &p, .diag = d};
	struct buf out = BUF_INIT;
	if (t == NULL || !ok || mustache_render(t, value_cget(test, "data"), &env, &out) != 0)
		ok = false;
	else
		ok = strcmp(out.ptr, want) == 0;
	if (!ok) {
		show("template:", src);
		show("got:     ", out.ptr);
		show("expected:", want);
	}
	buf_free(&out);
	return ok;
}

/* Runs every test of one spec file; returns how many there were. */
static int
run_file(struct arena *arena, struct diag *d, const char *dir, const char *file)
{
	const char *path = fsutil_join(arena, dir, file);
	struct value *spec = yamlload_file(arena, d, path);
	const struct value *tests = value_cget(spec, "tests");
	if (tests == NULL || tests->kind != VALUE_LIST) {
		check_record(path, false);
		return 0;
	}
	for (size_t i = 0; i < tests->as.list.len; i++) {
		const struct value *test = tests->as.list.items[i];
		const char *name =
		    arena_printf(arena, "%s: %s", file, text_of(value_cget(test, "name")));
		check_record(name, run_one(arena, d, name, test));
	}
	return (int)tests->as.list.len;
}

static int
is_spec(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 4 && strcmp(e->d_name + n - 4, ".yml") == 0 &&
	       strcmp(e->d_name, "~lambdas.yml") != 0;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : SPEC_DIR;
	(void)check_ok; /* every case goes through check_record, not RUN */
	if (!fsutil_is_dir(dir)) {
		printf("mustache spec: %s not found; %d spec tests skipped\n", dir, SPEC_TESTS);
		check_skipped += SPEC_TESTS;
		return check_summary();
	}
	struct dirent **files;
	int nfiles = scandir(dir, &files, is_spec, alphasort), ran = 0;
	struct arena *arena = arena_new();
	struct diag d;
	diag_init(&d, stdout);
	for (int i = 0; i < nfiles; i++) {
		ran += run_file(arena, &d, dir, files[i]->d_name);
		free(files[i]);
	}
	if (nfiles >= 0)
		free(files);
	/* A lost file or test must not pass quietly. */
	if (ran != SPEC_TESTS) {
		printf("  ran %d spec tests, want %d\n", ran, SPEC_TESTS);
		check_record("spec test count", false);
	}
	diag_close(&d);
	arena_free(arena);
	return check_summary();
}
