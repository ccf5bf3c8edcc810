/* yaml: any text through the YAML loader (yamlload.c), at the line a
 * whole file starts on and at the one front matter starts on; the tree
 * it gives is then walked whole, aliases and all. */
#include "fuzz.h"
#include "value.h"
#include "yamlload.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	unsigned first_line = size > 0 && data[0] % 2 ? 2 : 1;
	struct value *v =
	    yamlload_string(arena, &d, "data.yaml", (const char *)data, size, first_line);
	/* A refusal always says why. */
	FUZZ_ASSERT(v != NULL || d.errors > 0);
	if (v != NULL)
		fuzz_walk(v);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
