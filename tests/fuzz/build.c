/* build: the whole build (site.c, every phase, in this process with one
 * job) over a small site made from the input, split at "%%" lines:
 * content/site.yaml, content/index.md, content/notes/a.md,
 * templates/page.mustache (also index, section and 404), and a data file
 * (content/facts.json when it starts with '{' or '[', else facts.yaml).
 * A failed build must say why and leave the output as it was (here:
 * missing); no build may leave its staging folder behind. */
#include <dirent.h>

#include "fuzz.h"
#include "markdown.h"
#include "site.h"

static const char *const files[] = {"content/site.yaml", "content/index.md", "content/notes/a.md",
                                    "templates/page.mustache", "content/facts.yaml"};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* True when dir holds a name starting with ".output.brief-". */
static bool
has_staging(const char *dir)
{
	DIR *d = opendir(dir);
	FUZZ_ASSERT(d != NULL);
	bool found = false;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		found = found || strncmp(e->d_name, ".output.brief-", 14) == 0;
	closedir(d);
	return found;
}

static void
write_site(struct arena *arena, const struct fuzz_part *part)
{
	for (size_t i = 0; i + 1 < NFILES; i++)
		fuzz_put(arena, files[i], part[i].ptr, part[i].len);
	fuzz_put(arena, "templates/index.mustache", part[3].ptr, part[3].len);
	fuzz_put(arena, "templates/section.mustache", part[3].ptr, part[3].len);
	fuzz_put(arena, "templates/404.mustache", part[3].ptr, part[3].len);
	struct fuzz_part data = part[NFILES - 1];
	bool json = data.len > 0 && (data.ptr[0] == '{' || data.ptr[0] == '[');
	const char *stale = json ? "content/facts.yaml" : "content/facts.json";
	unlink(fsutil_join(arena, fuzz_dir(), stale));
	fuzz_put(arena, json ? "content/facts.json" : files[NFILES - 1], data.ptr, data.len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		markdown_init(); /* as main() does */
		ready = true;
	}
	struct fuzz_part part[NFILES];
	fuzz_split(data, size, part, NFILES);
	struct arena *arena = arena_new();
	write_site(arena, part);
	const char *top = fuzz_dir();
	struct site_options opt = {.content_dir = fsutil_join(arena, top, "content"),
	                           .templates_dir = fsutil_join(arena, top, "templates"),
	                           .output_dir = fsutil_join(arena, top, "output"),
	                           .drafts = size % 3 == 0,
	                           .jobs = 1,
	                           .check = size % 2 == 1};
	struct diag d;
	fuzz_diag(&d);
	d.strict = size % 5 == 0;
	struct site_stats stats;
	int rc = site_build(&opt, &d, &stats);
	FUZZ_ASSERT(rc == 0 ? d.errors == 0 : d.errors > 0);
	FUZZ_ASSERT((rc == 0) == fsutil_is_dir(opt.output_dir));
	FUZZ_ASSERT(!has_staging(top));
	FUZZ_ASSERT(fsutil_remove_tree(&d, opt.output_dir) == 0);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
