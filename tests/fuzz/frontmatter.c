/* frontmatter: any page split into front matter and body
 * (frontmatter.c), then the front matter loaded as YAML or JSON from the
 * line the split says it starts on. */
#include "frontmatter.h"
#include "fuzz.h"
#include "jsonload.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_cstr(data, size);
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct frontmatter fm;
	if (frontmatter_split(&d, "content/page.md", src, size, &fm) == 0) {
		/* Both parts lie inside the page, the body after the front matter. */
		FUZZ_ASSERT(fm.body >= src && fm.body + fm.body_len <= src + size);
		FUZZ_ASSERT(fm.body_line >= 1);
		if (fm.yaml != NULL) {
			FUZZ_ASSERT(fm.yaml >= src && fm.yaml + fm.yaml_len <= fm.body);
			FUZZ_ASSERT(fm.yaml_line >= 1 && fm.yaml_line <= fm.body_line);
			if (fm.json)
				jsonload_string(arena, &d, "content/page.md", fm.yaml, fm.yaml_len,
				                fm.yaml_line);
			else
				yamlload_string(arena, &d, "content/page.md", fm.yaml, fm.yaml_len,
				                fm.yaml_line);
		}
	} else {
		FUZZ_ASSERT(d.errors > 0);
	}
	diag_close(&d);
	arena_free(arena);
	free(src);
	return 0;
}
