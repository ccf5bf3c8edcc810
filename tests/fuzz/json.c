/* json: any text through the JSON data loader (jsonload.c); the tree it
 * gives is written back as JSON, which must load again. */
#include "fuzz.h"
#include "jsonload.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct value *v = jsonload_string(arena, &d, "data.json", (const char *)data, size, 1);
	FUZZ_ASSERT(v != NULL || d.errors > 0);
	if (v != NULL)
		fuzz_walk(v);
	char *s = fuzz_cstr(data, size);
	jsonload_is_number(s, size, size % 2 == 0);
	free(s);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
