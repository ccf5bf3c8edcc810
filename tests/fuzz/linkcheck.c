/* linkcheck: the HTML link checker (linkcheck.c, checkpage.c with gumbo,
 * checkurl.c) over a site of two pages from the input, split at a "%%"
 * line, beside a stylesheet and an image; and the URL resolver and
 * srcset splitter over the whole input. */
#include "checkurl.h"
#include "fuzz.h"
#include "linkcheck.h"

static void
on_candidate(void *ctx, const char *url, size_t len)
{
	const char *value = ctx;
	FUZZ_ASSERT(url >= value && url + len <= value + strlen(value));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part part[2];
	fuzz_split(data, size, part, 2);
	struct arena *arena = arena_new();
	fuzz_put(arena, "index.html", part[0].ptr, part[0].len);
	fuzz_put(arena, "notes/b/index.html", part[1].ptr, part[1].len);
	fuzz_put(arena, "assets/site.css", "body{}", 6);
	fuzz_put(arena, "img/x.png", "PNG", 3);
	struct diag d;
	fuzz_diag(&d);
	struct linkcheck_options o = {.dir = fuzz_dir(), .shown = "output", .jobs = 1};
	struct linkcheck_report r;
	int rc = linkcheck_site(arena, &d, &o, &r);
	FUZZ_ASSERT(rc == 0 || d.errors > 0);
	FUZZ_ASSERT(r.pages == 2 && r.broken <= r.links);
	char *url = fuzz_cstr(data, size);
	struct checkurl u;
	checkurl_resolve(arena, "notes/b/index.html", url, &u);
	/* (A decoded segment may hold "/../": "s%2F.." names a file "s/..",
	 * which the checker only looks up among the files it listed.) */
	if (u.kind == CHECKURL_LOCAL)
		FUZZ_ASSERT(u.path != NULL && u.file != NULL);
	checkurl_srcset(url, on_candidate, url);
	free(url);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
