#include "scan.h"

#include <ctype.h>
#include <string.h>

bool
scan_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The folder part of rel, with its slash: "a/b.md" -> "a/", "b.md" -> "". */
char *
scan_dir_of(struct arena *arena, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return arena_strndup(arena, rel, slash ? (size_t)(slash - rel) + 1 : 0);
}

const char *
scan_base_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return slash ? slash + 1 : rel;
}

/* "key-figures" -> "Key figures": a readable title for a bare name. */
char *
scan_title_from_name(struct arena *arena, const char *name, size_t len)
{
	char *t = arena_strndup(arena, name, len);
	for (char *p = t; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

void
scan_error_at(struct scan *s, const struct value *v, const char *msg, const char *key)
{
	diag_error(s->diag, v->pos, msg, key);
	s->status = -1;
}

struct page *
scan_new_page(struct scan *s)
{
	struct content *c = s->c;
	c->pages = arena_grow(s->arena, c->pages, c->npages, &c->pages_cap, sizeof(*c->pages));
	struct page *p = &c->pages[c->npages++];
	memset(p, 0, sizeof(*p));
	p->section = p->own_section = p->prev = p->next = -1;
	p->summary = "";
	p->body = "";
	return p;
}

/*
 * Splits the language out of a file name: "a/csp.fr.md" with ext ".md"
 * gives the index of "fr" and sets *key to "a/csp.md". Names without a
 * declared language code belong to the default language.
 */
int
scan_split_lang(struct scan *s, const char *rel, const char *ext, const char **key)
{
	size_t n = strlen(rel) - strlen(ext);
	const char *base = scan_base_of(rel);
	*key = rel;
	for (size_t i = 0; i < s->c->nlangs; i++) {
		const char *code = s->c->langs[i].code;
		size_t m = strlen(code);
		const char *dot = rel + n - m - 1;
		if (n > m + 1 && dot > base && *dot == '.' && !strncmp(dot + 1, code, m)) {
			*key = arena_printf(s->arena, "%.*s%s", (int)(dot - rel), rel, ext);
			return (int)i;
		}
	}
	return 0;
}

void
scan_push_index(struct arena *arena, long **items, size_t *len, size_t *cap, long v)
{
	*items = arena_grow(arena, *items, *len, cap, sizeof(long));
	(*items)[(*len)++] = v;
}
