/* mustache_template: any template compiled (mustache.c) and rendered
 * with fixed data, partials and a parent (fuzz.h), itself as the partial
 * "self". */
#include "fuzz.h"

static void
on_ref(void *ctx, const struct mustache_ref *ref)
{
	(void)ctx;
	FUZZ_ASSERT(ref->kind == '>' || ref->kind == '<');
	FUZZ_ASSERT(ref->pos.line >= 1 && ref->pos.col >= 1);
}

static void
on_name(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	(void)name;
	(void)len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct mustache *t =
	    mustache_compile(arena, &d, "templates/page.mustache", (const char *)data, size);
	FUZZ_ASSERT(t != NULL || d.errors > 0);
	if (t != NULL) {
		mustache_foreach_ref(t, on_ref, NULL);
		mustache_foreach_name(t, on_name, NULL);
		fuzz_render(arena, &d, t, t, fuzz_data(arena));
	}
	diag_close(&d);
	arena_free(arena);
	return 0;
}
