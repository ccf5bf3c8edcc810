/* csv: any text through the CSV data loader (csvload.c), and the rows it
 * gives walked whole. */
#include "csvload.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct value *v = csvload_string(arena, &d, "data.csv", (const char *)data, size);
	FUZZ_ASSERT(v != NULL || d.errors > 0);
	if (v != NULL) {
		FUZZ_ASSERT(v->kind == VALUE_LIST);
		fuzz_walk(v);
	}
	diag_close(&d);
	arena_free(arena);
	return 0;
}
