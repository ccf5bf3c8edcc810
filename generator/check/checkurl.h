/*
 * checkurl: what a URL written in a page points at, resolved as a browser
 * resolves it, for `brief check`. Pure string work: nothing here touches
 * the file system, so a link can never lead the check out of the site.
 *
 * A site path is a path below the checked folder, percent-decoded, with
 * '/' between segments and no leading '/': "a/b/index.html", "café.html",
 * "" for the folder itself, "a/" for a folder.
 */
#ifndef BRIEF_CHECKURL_H
#define BRIEF_CHECKURL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum checkurl_kind {
	CHECKURL_LOCAL,    /* a file of the site: relative, root-relative or "#x" */
	CHECKURL_EXTERNAL, /* http:, https: or //host: listed, never fetched */
	CHECKURL_OTHER,    /* mailto:, tel:, javascript:, data: or any other scheme */
};

struct checkurl {
	enum checkurl_kind kind;
	bool root_relative; /* written "/x": breaks from file:// and sub-paths */
	bool escapes;       /* a "../" climbed above the site root */
	/* LOCAL: the site path reached, query dropped, ending in '/' for a
	 * folder (or "" for the root); the file a browser loads for it (a
	 * folder's index.html); the fragment as written, without '#', or
	 * NULL. EXTERNAL: host, lowercased, without user or port. All owned
	 * by the arena. */
	const char *path, *file, *fragment, *host;
};

/*
 * Resolves url as written in a page (an attribute's value, entities
 * already decoded) against base, the site path of the document's URL:
 * the page's own path ("a/b/index.html"), or what its <base href>
 * resolved to (such as "a/"). Like a browser, it trims surrounding
 * spaces, drops tabs and newlines, reads '\' as '/', resolves "." and
 * "..", drops the query and decodes %XX in each segment.
 */
void checkurl_resolve(struct arena *arena, const char *base, const char *url, struct checkurl *out);

/*
 * Calls fn with each URL of a srcset attribute ("a.png 1x, b.png 2x",
 * "s.jpg 480w, l.jpg 800w"), as the HTML standard splits them: a
 * candidate's URL runs to the next space, its descriptors to the next
 * comma outside parentheses. The URL is (ptr, len) inside value.
 */
typedef void checkurl_srcset_fn(void *ctx, const char *url, size_t len);
void checkurl_srcset(const char *value, checkurl_srcset_fn *fn, void *ctx);

/* Percent-decodes s[0..len) into the arena: %XX with two hex digits
 * becomes its byte; any other '%' stays. */
char *checkurl_decode(struct arena *arena, const char *s, size_t len);

#endif
