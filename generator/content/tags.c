#include "tags.h"

#include <stdlib.h>
#include <string.h>

#include "slug.h"

/* The tag spelt name in lang, made when new. A second spelling of one
 * slug is a warning at its place, naming the first. */
static long
find_tag(struct scan *s, int lang, const struct value *name)
{
	struct content *c = s->c;
	const char *slug = slug_make(s->arena, name->str, name->len);
	const char *key = arena_join(s->arena, c->langs[lang].prefix, slug);
	long t = strmap_add(&c->tag_by_slug, key, strlen(key), (long)c->ntags);
	if (t != (long)c->ntags) {
		const struct content_tag *first = &c->tags[t];
		if (strcmp(first->name, name->str) != 0) {
			diag_warning(s->diag, name->pos,
			             "tags '%s' and '%s' have one slug, '%s', so they are one "
			             "tag: write them the same way",
			             name->str, first->name, slug);
			diag_note(s->diag, first->pos, "'%s' comes first and names the tag",
			          first->name);
		}
		return t;
	}
	c->tags = arena_grow(s->arena, c->tags, c->ntags, &c->tags_cap, sizeof(*c->tags));
	c->tags[c->ntags++] = (struct content_tag){
	    .lang = lang, .name = name->str, .slug = slug, .pos = name->pos, .page = -1};
	return t;
}

/* Links page i and each of its tags once; pagefile.c has reported any
 * tags: that is not a list of text. */
static void
read_tags(struct scan *s, long i)
{
	struct content *c = s->c;
	const struct value *list = value_cget(c->pages[i].meta, "tags");
	if (list == NULL || list->kind != VALUE_LIST || c->pages[i].kind == PAGE_404)
		return;
	for (size_t k = 0; k < list->as.list.len; k++) {
		const struct value *name = list->as.list.items[k];
		if (name->kind != VALUE_STRING)
			continue;
		long t = find_tag(s, c->pages[i].lang, name);
		struct page *p = &c->pages[i];
		bool seen = false;
		for (size_t j = 0; j < p->ntags && !seen; j++)
			seen = p->tags[j] == t;
		if (seen)
			continue;
		scan_push_index(s->arena, &p->tags, &p->ntags, &p->tags_cap, t);
		struct content_tag *tag = &c->tags[t];
		scan_push_index(s->arena, &tag->pages, &tag->npages, &tag->pages_cap, i);
	}
}

/* A generated tags/ page of lang, at where its tag is first written. */
static struct page *
tag_page(struct scan *s, int lang, enum page_kind kind, const char *dir, struct pos pos)
{
	struct page *p = scan_new_page(s);
	p->kind = kind;
	p->lang = lang;
	p->src = pos.path;
	p->pos = pos;
	p->dir = dir;
	p->key = arena_join(s->arena, dir, "_index.md");
	p->meta = value_map(s->arena, pos);
	return p;
}

static int
cmp_slugs(const void *a, const void *b, void *ctx)
{
	const struct content_tag *tags = ctx;
	return strcmp(tags[*(const long *)a].slug, tags[*(const long *)b].slug);
}

/* tags/ of lang, listing every tag of lang by slug, when it has any. */
static void
tags_page(struct scan *s, int lang)
{
	struct content *c = s->c;
	struct page *p = NULL;
	for (size_t t = 0; t < c->ntags; t++) {
		if (c->tags[t].lang != lang)
			continue;
		if (p == NULL) {
			p = tag_page(s, lang, PAGE_TAGS, "tags/", c->tags[t].pos);
			const char *title = value_str(value_cget(c->langs[lang].i18n, "tags"));
			p->title = title ? title : "Tags";
		}
		scan_push_index(s->arena, &p->tags, &p->ntags, &p->tags_cap, (long)t);
	}
	if (p != NULL && p->ntags > 1)
		qsort_r(p->tags, p->ntags, sizeof(long), cmp_slugs, c->tags);
}

void
tags_collect(struct scan *s)
{
	struct content *c = s->c;
	size_t scanned = c->npages;
	for (size_t i = 0; i < scanned; i++)
		read_tags(s, (long)i);
	if (!s->opt->tag_pages)
		return;
	for (size_t l = 0; l < c->nlangs; l++)
		tags_page(s, (int)l);
	for (size_t t = 0; t < c->ntags; t++) {
		struct content_tag *tag = &c->tags[t];
		const char *dir = arena_join(s->arena, "tags/", tag->slug, "/");
		struct page *p = tag_page(s, tag->lang, PAGE_TAG, dir, tag->pos);
		p->title = tag->name;
		scan_push_index(s->arena, &p->tags, &p->ntags, &p->tags_cap, (long)t);
		tag->page = (long)(p - c->pages);
	}
}

void
tags_order(struct scan *s)
{
	for (size_t t = 0; t < s->c->ntags; t++)
		content_sort(s->c, s->c->tags[t].pages, s->c->tags[t].npages);
}
