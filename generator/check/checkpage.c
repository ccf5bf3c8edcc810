#include "checkpage.h"

#include <gumbo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkurl.h"

struct srcset_ctx {
	struct arena *arena;
	struct checkpage *page;
	const GumboAttribute *attr;
};

static void
add_link(struct arena *arena, struct checkpage *page, const GumboAttribute *attr, const char *url)
{
	page->links =
	    arena_grow(arena, page->links, page->nlinks, &page->links_cap, sizeof(*page->links));
	page->links[page->nlinks++] =
	    (struct checkpage_link){url, attr->name_start.line, attr->name_start.column};
}

static void
add_candidate(void *ctx, const char *url, size_t len)
{
	struct srcset_ctx *s = ctx;
	add_link(s->arena, s->page, s->attr, arena_strndup(s->arena, url, len));
}

static void
add_id(struct arena *arena, struct checkpage *page, const char *id)
{
	if (id[0] != '\0')
		strmap_add(&page->ids, arena_strdup(arena, id), strlen(id), 0);
}

static void
read_element(struct arena *arena, struct checkpage *page, const GumboElement *e)
{
	bool html = e->tag_namespace == GUMBO_NAMESPACE_HTML;
	for (unsigned i = 0; i < e->attributes.length; i++) {
		const GumboAttribute *a = e->attributes.data[i];
		const char *name = a->name;
		if (!strcmp(name, "id") ||
		    (html && e->tag == GUMBO_TAG_A && !strcmp(name, "name"))) {
			add_id(arena, page, a->value);
		} else if (html && e->tag == GUMBO_TAG_BASE) {
			if (!strcmp(name, "href") && page->base == NULL) {
				page->base = arena_strdup(arena, a->value);
				page->base_line = a->name_start.line;
				page->base_col = a->name_start.column;
			}
		} else if (!strcmp(name, "href") || !strcmp(name, "src") ||
		           !strcmp(name, "poster")) {
			add_link(arena, page, a, arena_strdup(arena, a->value));
		} else if (html && (e->tag == GUMBO_TAG_IMG || e->tag == GUMBO_TAG_SOURCE) &&
		           !strcmp(name, "srcset")) {
			struct srcset_ctx s = {arena, page, a};
			checkurl_srcset(a->value, add_candidate, &s);
		}
	}
}

void
checkpage_parse(struct arena *arena, const char *html, size_t len, struct checkpage *page)
{
	*page = (struct checkpage){0};
	GumboOptions options = kGumboDefaultOptions;
	options.tab_stop = 1;
	options.max_errors = 0; /* the check wants links, not parse errors */
	GumboOutput *out = gumbo_parse_with_options(&options, html, len);
	size_t n = 0, cap = 64;
	const GumboNode **stack = xmalloc(cap * sizeof(*stack));
	stack[n++] = out->document;
	while (n > 0) {
		const GumboNode *node = stack[--n];
		const GumboVector *children;
		if (node->type == GUMBO_NODE_DOCUMENT) {
			children = &node->v.document.children;
		} else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
			read_element(arena, page, &node->v.element);
			children = &node->v.element.children;
		} else {
			continue;
		}
		if (children->length > SIZE_MAX / 4 / sizeof(*stack) - n)
			abort();
		if (n + children->length > cap) {
			cap = (n + children->length) * 2;
			stack = xrealloc(stack, cap * sizeof(*stack));
		}
		/* Last child first, so that the page is read in document order. */
		for (unsigned i = children->length; i > 0; i--)
			stack[n++] = children->data[i - 1];
	}
	free(stack);
	gumbo_destroy_output(&options, out);
}

void
checkpage_free(struct checkpage *page)
{
	strmap_free(&page->ids);
}
