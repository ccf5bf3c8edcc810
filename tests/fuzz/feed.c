/* feed: the Atom feed writer (feed.c, absurl.c, xmlout.c) over three
 * pages made from the input, split at "%%" lines, each "DATE\nTITLE\n"
 * then its Markdown body (rendered as a build would, root marks and
 * all); and absurl_html() over the whole input as HTML. */
#include "absurl.h"
#include "buf.h"
#include "feed.h"
#include "fuzz.h"

#define PAGES 3

/* The next line of *part, moving *part past it. */
static const char *
take_line(struct arena *arena, struct fuzz_part *part)
{
	const char *nl = memchr(part->ptr, '\n', part->len);
	size_t len = nl ? (size_t)(nl - part->ptr) : part->len;
	const char *line = arena_strndup(arena, part->ptr, len);
	size_t used = nl ? len + 1 : len;
	part->ptr += used;
	part->len -= used;
	return line;
}

static void
make_page(struct arena *arena, struct diag *d, struct fuzz_part part, long i, struct page *p)
{
	const char *date = take_line(arena, &part);
	*p = (struct page){.kind = PAGE_REGULAR, .title = take_line(arena, &part)};
	p->url = arena_printf(arena, "notes/p%ld/index.html", i);
	p->meta = value_map(arena, diag_file("content/notes/p.md"));
	struct value *v = value_new(arena, VALUE_DATE, diag_file("content/notes/p.md"));
	if (value_parse_date(date, strlen(date), &v->as.date)) {
		v->str = date;
		v->len = strlen(date);
		p->date = v;
		if (i == 1)
			value_map_put(arena, p->meta, "lastmod", v);
	}
	p->has_weight = i == 2;
	struct markdown_options opt = {0};
	struct markdown_page md;
	fuzz_markdown(arena, d, part.ptr, part.len, &opt, &md);
	p->html = md.html;
	p->summary = md.summary;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part part[PAGES];
	fuzz_split(data, size, part, PAGES);
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	struct content_lang lang = {.code = "en", .prefix = "", .home = -1};
	struct page pages[PAGES];
	struct content c = {.langs = &lang, .nlangs = 1, .pages = pages, .npages = PAGES};
	for (long i = 0; i < PAGES; i++)
		make_page(arena, &d, part[i], i, &pages[i]);
	struct feed_site fs = {"https://example.org/sub/", "Fuzz & <feed>", "Brief", 2};
	struct buf out = BUF_INIT;
	FUZZ_ASSERT(feed_wanted(&c, 0) == (pages[0].date || pages[1].date || pages[2].date));
	feed_render(&out, &c, 0, &fs);
	FUZZ_ASSERT(feed_wanted(&c, 0) == (out.len > 0));
	buf_clear(&out);
	absurl_html(&out, (const char *)data, size, fs.base, "notes/p0/index.html");
	buf_free(&out);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
