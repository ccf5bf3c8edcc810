/* chart: any ```chart block (YAML) through the chart spec parser and
 * renderer (chart.c), with 'data:' names to find and, for odd first
 * bytes, French labels and number forms. */
#include "buf.h"
#include "chart.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct chart_labels fr = {"Données", "Élément", "Valeur", "\xe2\x80\xaf", ","};
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct value *tree = fuzz_data(arena);
	struct value *spec =
	    yamlload_string(arena, &d, "content/page.md", (const char *)data, size, 3);
	if (spec != NULL) {
		struct buf out = BUF_INIT;
		const struct chart_labels *labels = size > 0 && data[0] % 2 ? &fr : NULL;
		int rc = chart_render(arena, &d, spec, tree, "chart_1", labels, &out);
		/* A refused chart says why and writes nothing. */
		FUZZ_ASSERT(rc == 0 || (d.errors > 0 && out.len == 0));
		buf_free(&out);
	}
	diag_close(&d);
	arena_free(arena);
	return 0;
}
