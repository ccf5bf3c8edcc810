#include "markdown.h"

#include <pthread.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "cmarkmem.h"
#include "slug.h"
#include "strmap.h"
#include "yamlload.h"

/*
 * cmark-gfm 0.29 keeps the characters that start inline extensions (':'
 * and 'w' of autolinks, '~' of strikethrough) in a global table, set at
 * the start of every parse's inline pass and cleared at its end: a page
 * finishing on one thread would turn autolinks off for a page in its
 * inline pass on another. The inline pass runs in cmark_parser_finish(),
 * so that call, and only it, takes this lock; block parsing, our walk and
 * HTML rendering still run in parallel.
 */
static pthread_mutex_t inline_pass = PTHREAD_MUTEX_INITIALIZER;

void
markdown_init(void)
{
	/* Fills cmark-gfm's global registry: not thread-safe, hence once here. */
	cmark_gfm_core_extensions_ensure_registered();
}

/* One markdown_render() call. Nothing is static, so pages can render in parallel. */
struct walk {
	const struct markdown_options *opt;
	struct arena *a;
	struct diag *d;
	const char *path, *dir;
	struct links_page from; /* the page, as links.h sees it */
	unsigned first_line;
	const char *body;
	size_t len;
	bool failed;
	int cur_line; /* line_offset()'s last answer: cur_line starts at cur_off */
	size_t cur_off;
	int end_line; /* body_has()'s last line, which ends at cur_end */
	size_t cur_end;
	bool has_cr;         /* the body has a \r: lines may end with it alone */
	cmark_node *collect; /* the heading or paragraph whose text goes to text */
	struct buf text;
	bool in_heading;
	struct buf section;  /* plain text since the last heading */
	char **section_text; /* one entry per section ended so far */
	size_t sections_len, sections_cap;
	const char *summary; /* NULL until the first top-level paragraph ends */
	struct markdown_heading *toc;
	unsigned *dups; /* per toc entry: how many suffixes its id has handed out */
	size_t toc_len, toc_cap;
	struct strmap ids; /* heading id -> toc index */
	struct markdown_anchor *anchors;
	size_t anchors_len, anchors_cap;
	struct markdown_link *links;
	size_t links_len, links_cap;
	unsigned charts; /* numbers the page's charts, for their ids */
	struct buf scratch;
	struct buf url; /* a rewritten link */
};

/* Appends s with every run of white space as one space, none leading. */
static void
put_plain(struct buf *b, const char *s)
{
	while (*s != '\0') {
		size_t word = strcspn(s, " \t\r\n");
		buf_put(b, s, word);
		s += word;
		if (*s == '\0')
			break;
		s += strspn(s, " \t\r\n");
		if (b->len > 0 && b->ptr[b->len - 1] != ' ')
			buf_putc(b, ' ');
	}
}

/* The gathered plain text in the arena, without a trailing space. */
static char *
take_text(struct walk *w)
{
	if (w->text.len > 0 && w->text.ptr[w->text.len - 1] == ' ')
		buf_truncate(&w->text, w->text.len - 1);
	return arena_strndup(w->a, w->text.ptr, w->text.len);
}

/* The length of text cut before the last space within max bytes (or at
 * a UTF-8 boundary if there is none); len when it fits. */
static size_t
cut_words(const char *text, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t cut = max;
	while (cut > 0 && (text[cut] & 0xC0) == 0x80)
		cut--;
	size_t space = cut;
	while (space > 0 && text[space] != ' ')
		space--;
	return space > 0 ? space : cut;
}

/* The text cut near MARKDOWN_SUMMARY_MAX bytes and ended with "…". */
static const char *
cut_summary(struct arena *a, const char *text)
{
	size_t len = strlen(text), cut = cut_words(text, len, MARKDOWN_SUMMARY_MAX);
	return cut == len ? text : arena_printf(a, "%.*s…", (int)cut, text);
}

/* Adds s to the section's text while it is within its budget (what
 * passes it is cut at the end of the section). */
static void
put_section(struct walk *w, const char *s)
{
	if (w->opt->text_budget > 0 && !w->in_heading && w->section.len <= w->opt->text_budget)
		put_plain(&w->section, s);
}

/* Ends the current section: its text joins the list. */
static void
end_section(struct walk *w)
{
	if (w->opt->text_budget == 0)
		return;
	const char *text = w->section.ptr;
	size_t len = w->section.len;
	while (len > 0 && text[len - 1] == ' ')
		len--;
	w->section_text = arena_grow(w->a, w->section_text, w->sections_len, &w->sections_cap,
	                             sizeof(*w->section_text));
	w->section_text[w->sections_len++] = arena_strndup(w->a, text, len);
	buf_clear(&w->section);
}

/*
 * slug, or slug-1, slug-2 ... for its repeats (GitHub's scheme), skipping
 * any suffixed form an earlier heading already has. Records the result.
 * A slug that starts with a digit ("2024-results") gets "h-" in front:
 * an id should start with a letter (html-validate's valid-id, CSS).
 */
static const char *
unique_id(struct walk *w, const char *slug)
{
	if (slug[0] >= '0' && slug[0] <= '9')
		slug = arena_printf(w->a, "h-%s", slug);
	long index = (long)w->toc_len;
	long first = strmap_add(&w->ids, slug, strlen(slug), index);
	if (first == index)
		return slug;
	for (;;) {
		/* Counting per slug keeps n repeats O(n), not O(n^2). */
		unsigned n = ++w->dups[first];
		char *id = arena_printf(w->a, "%s-%u", slug, n);
		if (strmap_add(&w->ids, id, strlen(id), index) == index)
			return id;
	}
}

/*
 * Gives heading h its id and toc entry, then puts it in the tree as
 * <hN id="...">...</hN>. cmark writes headings without attributes, and raw
 * HTML would not survive safe mode; the on_enter/on_exit text of custom
 * nodes is written as-is in every mode. A custom inline inside a custom
 * block keeps the tags on the heading's line, as cmark writes them.
 */
static void
end_heading(struct walk *w, cmark_iter *it, cmark_node *h)
{
	int level = cmark_node_get_heading_level(h);
	const char *text = take_text(w);
	const char *id = unique_id(w, slug_make(w->a, text, strlen(text)));

	size_t cap = w->toc_cap;
	w->toc = arena_grow(w->a, w->toc, w->toc_len, &w->toc_cap, sizeof(*w->toc));
	if (w->toc_cap != cap)
		w->dups = xrealloc(w->dups, w->toc_cap * sizeof(*w->dups));
	w->toc[w->toc_len] = (struct markdown_heading){level, id, text};
	w->dups[w->toc_len++] = 0;

	cmark_node *block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, cmarkmem_get());
	cmark_node *tag = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, cmarkmem_get());
	cmark_node_append_child(block, tag);
	buf_clear(&w->scratch);
	buf_puts(&w->scratch, "<h");
	buf_putc(&w->scratch, (char)('0' + level));
	buf_puts(&w->scratch, " id=\"");
	buf_put_html(&w->scratch, id, strlen(id));
	buf_puts(&w->scratch, "\">");
	cmark_node_set_on_enter(tag, w->scratch.ptr);
	buf_clear(&w->scratch);
	buf_puts(&w->scratch, "</h");
	buf_putc(&w->scratch, (char)('0' + level));
	buf_putc(&w->scratch, '>');
	cmark_node_set_on_exit(tag, w->scratch.ptr);
	for (cmark_node *c; (c = cmark_node_first_child(h)) != NULL;)
		cmark_node_append_child(tag, c);
	/* h leaves the tree but stays allocated until the render's rewind:
	 * its children's text still points into it. Carry on from block. */
	cmark_node_replace(h, block);
	cmark_iter_reset(it, block, CMARK_EVENT_EXIT);
}

/* The first line break in [p, end), or NULL. memchr is many times faster
 * than a byte loop; a lone \r (old Mac files) makes it look for both. A
 * body is a slice of its file, not a C string: never read past end. */
static const char *
line_end(const char *p, const char *end, bool has_cr)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *cr = has_cr ? memchr(p, '\r', (size_t)(end - p)) : NULL;
	return cr != NULL && (nl == NULL || cr < nl) ? cr : nl;
}

/*
 * Finds where cmark's line `line` (from 1; lines end with \n, \r\n or \r)
 * starts in the body. Links come in document order, so it walks on from
 * its last answer: all the lookups of a page cost one pass over it.
 */
static bool
line_offset(struct walk *w, int line, size_t *off)
{
	if (line < w->cur_line) {
		w->cur_line = 1;
		w->cur_off = 0;
	}
	const char *body = w->body, *end = body + w->len, *p = body + w->cur_off;
	for (int l = w->cur_line; l < line; l++) {
		const char *nl = line_end(p, end, w->has_cr);
		if (nl == NULL || nl >= end)
			return false;
		p = nl + (nl[0] == '\r' && nl + 1 < end && nl[1] == '\n' ? 2 : 1);
	}
	w->cur_line = line;
	w->cur_off = (size_t)(p - body);
	*off = w->cur_off;
	return true;
}

/* True when the body has byte c at cmark's line and column. */
static bool
body_has(struct walk *w, int line, int col, char c)
{
	size_t off;
	if (line < 1 || col < 1 || !line_offset(w, line, &off))
		return false;
	/* The line's end, once per line: a line of many links stays linear. */
	if (w->end_line != line) {
		const char *nl = line_end(w->body + off, w->body + w->len, w->has_cr);
		w->cur_end =
		    nl == NULL || (size_t)(nl - w->body) > w->len ? w->len : (size_t)(nl - w->body);
		w->end_line = line;
	}
	size_t at = off + (size_t)col - 1;
	return at < w->cur_end && w->body[at] == c;
}

/*
 * Where link or image n starts in the file. cmark-gfm 0.29 gives inline
 * nodes positions (exact only when parsed with CMARK_OPT_SOURCEPOS), yet
 * misplaces some: a link after a backslash hard break keeps the line
 * before, link text over several lines moves the start to its last line,
 * continuation lines indented unlike the paragraph's first shift columns.
 * So a position counts only when the body has the link's '[' (the image's
 * '!') there; otherwise the enclosing block's start stands in.
 */
static struct pos
link_pos(struct walk *w, cmark_node *n)
{
	char c = cmark_node_get_type(n) == CMARK_NODE_IMAGE ? '!' : '[';
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (!body_has(w, line, col, c)) {
		while ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
			n = cmark_node_parent(n);
		line = cmark_node_get_start_line(n);
		col = cmark_node_get_start_column(n);
	}
	return (struct pos){w->path, w->first_line - 1 + (unsigned)line, (unsigned)col};
}

static void
add_anchor(struct walk *w, long page, const char *id, struct pos at)
{
	w->anchors =
	    arena_grow(w->a, w->anchors, w->anchors_len, &w->anchors_cap, sizeof(*w->anchors));
	w->anchors[w->anchors_len++] = (struct markdown_anchor){page, arena_strdup(w->a, id), at};
}

/* Points link or image n at what its URL names in the site (links.h),
 * or reports why it cannot. */
static void
rewrite_link(struct walk *w, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	if (url == NULL)
		return;
	struct links_result r;
	links_resolve(&w->from, url, &w->scratch, &w->url, &r);
	if (r.problem != NULL) {
		/* The problem completes the sentence: ": no such page". */
		diag_error(w->d, link_pos(w, n), "link to '%s'%s", url, r.problem);
		w->failed = true;
		return;
	}
	struct pos at = link_pos(w, n);
	if (r.id != NULL)
		add_anchor(w, r.page, r.id, at);
	w->links = arena_grow(w->a, w->links, w->links_len, &w->links_cap, sizeof(*w->links));
	w->links[w->links_len++] = (struct markdown_link){
	    arena_strdup(w->a, url), r.rewrite ? arena_strdup(w->a, w->url.ptr) : NULL, at.line,
	    at.col};
	if (r.rewrite)
		cmark_node_set_url(n, w->url.ptr); /* frees url */
}

/*
 * "chart_programs-csp_1" for the first chart of programs/csp.md: unique
 * in the site, so pages can be shown inside one another, and never a
 * heading's id, which has no '_'.
 */
static const char *
chart_id(struct walk *w)
{
	const char *base = strrchr(w->path, '/');
	base = base != NULL ? base + 1 : w->path;
	size_t len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".md") == 0)
		len -= 3;
	char *name = arena_printf(w->a, "%s%.*s", w->dir, (int)len, base);
	return arena_printf(w->a, "chart_%s_%u", slug_make(w->a, name, strlen(name)), ++w->charts);
}

/*
 * Replaces a ```chart code block with the figure chart_render() makes of
 * its YAML. The YAML is parsed with every line shifted right to the
 * block's column (cmark strips block quote markers and list indentation),
 * so errors point at the line and column of the Markdown file. On error
 * the block stays as it is: the page fails anyway.
 */
static void
render_chart(struct walk *w, cmark_iter *it, cmark_node *n)
{
	const char *src = cmark_node_get_literal(n);
	int pad = cmark_node_get_start_column(n) - 1;
	/* Content starts on the line after the fence. */
	unsigned line = w->first_line + (unsigned)cmark_node_get_start_line(n);
	struct buf yaml = BUF_INIT, html = BUF_INIT;
	for (const char *p = src; *p != '\0';) {
		size_t len = strcspn(p, "\r\n");
		len += p[len] == '\r' && p[len + 1] == '\n' ? 2 : p[len] != '\0';
		buf_printf(&yaml, "%*s", pad, "");
		buf_put(&yaml, p, len);
		p += len;
	}
	struct value *spec = yamlload_string(w->a, w->d, w->path, yaml.ptr, yaml.len, line);
	const char *id = chart_id(w);
	if (spec == NULL ||
	    chart_render(w->a, w->d, spec, w->opt->data, id, &w->opt->chart, &html) != 0) {
		w->failed = true;
	} else {
		cmark_node *block =
		    cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, cmarkmem_get());
		cmark_node_set_on_enter(block, html.ptr);
		cmark_node_replace(n, block);
		cmark_node_free(n);
		cmark_iter_reset(it, block, CMARK_EVENT_EXIT);
	}
	buf_free(&yaml);
	buf_free(&html);
}

/*
 * cmark-gfm writes a task item's checkbox bare, and a form control without
 * a label fails WCAG (axe rates it critical). So the item becomes a plain
 * <li> whose first paragraph sits in a <label> with the checkbox:
 * <li><label><input type="checkbox" disabled="" /> text</label></li>.
 */
static void
label_task(cmark_node *item)
{
	cmark_node *para = cmark_node_first_child(item);
	if (para == NULL || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return;
	bool checked = cmark_gfm_extensions_get_tasklist_item_checked(item);
	cmark_node_set_syntax_extension(item, NULL);
	cmark_node *label = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, cmarkmem_get());
	cmark_node_set_on_enter(
	    label, checked ? "<label><input type=\"checkbox\" checked=\"\" disabled=\"\" /> "
	                   : "<label><input type=\"checkbox\" disabled=\"\" /> ");
	cmark_node_set_on_exit(label, "</label>");
	for (cmark_node *c; (c = cmark_node_first_child(para)) != NULL;)
		cmark_node_append_child(label, c);
	cmark_node_append_child(para, label);
}

/* Cuts the sections' texts to their shares of the page's budget. */
static void
share_budget(struct walk *w)
{
	if (w->sections_len == 0)
		return;
	size_t share = w->opt->text_budget / w->sections_len;
	if (share < MARKDOWN_SECTION_TEXT_MIN)
		share = MARKDOWN_SECTION_TEXT_MIN;
	for (size_t i = 0; i < w->sections_len; i++) {
		char *text = w->section_text[i];
		text[cut_words(text, strlen(text), share)] = '\0';
	}
}

static void
enter(struct walk *w, cmark_iter *it, cmark_node *n)
{
	const char *info;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_ITEM:
		if (!strcmp(cmark_node_get_type_string(n), "tasklist"))
			label_task(n);
		break;
	case CMARK_NODE_HEADING:
		end_section(w);
		w->collect = n;
		w->in_heading = true;
		buf_clear(&w->text);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (w->summary == NULL &&
		    cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_DOCUMENT) {
			w->collect = n;
			buf_clear(&w->text);
		}
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE: rewrite_link(w, n); break;
	case CMARK_NODE_CODE_BLOCK:
		info = cmark_node_get_fence_info(n);
		/* Indented code blocks have no info string. */
		if (info != NULL && strcmp(info, "chart") == 0)
			render_chart(w, it, n);
		else
			put_section(w, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		if (w->collect != NULL)
			put_plain(&w->text, cmark_node_get_literal(n));
		put_section(w, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		if (w->collect != NULL)
			put_plain(&w->text, " ");
		put_section(w, " ");
		break;
	default: break;
	}
}

static void
leave(struct walk *w, cmark_iter *it, cmark_node *n)
{
	/* Blocks end in a space, lest two cells or items run into one word. */
	if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
		put_section(w, " ");
	if (n != w->collect)
		return;
	w->collect = NULL;
	w->in_heading = false;
	if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
		end_heading(w, it, n);
	else
		w->summary = cut_summary(w->a, take_text(w));
}

/* Attaches a registered extension; they all are after markdown_init(). */
static void
attach(cmark_parser *parser, const char *name)
{
	cmark_syntax_extension *ext = cmark_find_syntax_extension(name);
	if (ext == NULL) {
		fprintf(stderr,
		        "brief: cmark-gfm extension %s missing: markdown_init() not called\n",
		        name);
		abort();
	}
	cmark_parser_attach_syntax_extension(parser, ext);
}

/* Parses the body: GFM extensions, footnotes, positions on inlines too. */
static cmark_parser *
new_parser(const struct markdown_options *opt, int *render_opts)
{
	int common = CMARK_OPT_FOOTNOTES | (opt->smart ? CMARK_OPT_SMART : 0);
	cmark_parser *parser = cmark_parser_new_with_mem(
	    common | CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8, cmarkmem_get());
	attach(parser, "table");
	attach(parser, "strikethrough");
	attach(parser, "autolink");
	attach(parser, "tasklist");
	/* Without CMARK_OPT_UNSAFE, cmark drops raw HTML and dangerous URLs itself. */
	if (opt->unsafe_html)
		attach(parser, "tagfilter");
	*render_opts = common | (opt->unsafe_html ? CMARK_OPT_UNSAFE : 0);
	return parser;
}

/* Visits every node with cmark's iterator: hostile nesting cannot
 * exhaust our stack. */
static void
walk_tree(struct walk *w, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		if (ev == CMARK_EVENT_ENTER)
			enter(w, it, cmark_iter_get_node(it));
		else
			leave(w, it, cmark_iter_get_node(it));
	}
	cmark_iter_free(it);
	end_section(w);
	share_budget(w);
}

/* Hands what the walk collected (all in the arena) to out, and frees the rest. */
static void
take_results(struct walk *w, struct markdown_page *out)
{
	*out = (struct markdown_page){.html = out->html};
	out->summary = w->summary != NULL ? w->summary : "";
	out->toc = w->toc;
	out->toc_len = w->toc_len;
	out->anchors = w->anchors;
	out->anchors_len = w->anchors_len;
	out->section_text = (const char **)w->section_text;
	out->links = w->links;
	out->links_len = w->links_len;
	out->charts = w->charts;
	free(w->dups);
	strmap_free(&w->ids);
	buf_free(&w->text);
	buf_free(&w->section);
	buf_free(&w->scratch);
	buf_free(&w->url);
}

int
markdown_render(struct arena *a, struct diag *d, const struct markdown_options *opt,
                const char *path, const char *dir, const char *url, unsigned first_line,
                const char *body, size_t len, const char *root, const struct links_resolver *res,
                struct markdown_page *out)
{
	struct walk w = {
	    .opt = opt,
	    .a = a,
	    .d = d,
	    .path = path,
	    .dir = dir,
	    .from = {dir, url, root, res},
	    .first_line = first_line,
	    .body = body,
	    .len = len,
	    .cur_line = 1,
	    .has_cr = memchr(body, '\r', len) != NULL,
	    .text = BUF_INIT,
	    .section = BUF_INIT,
	    .scratch = BUF_INIT,
	    .url = BUF_INIT,
	};
	/* cmark-gfm's nodes, buffers and HTML all go at the rewind below. */
	struct cmarkmem_mark mark = cmarkmem_mark();
	int render_opts;
	cmark_parser *parser = new_parser(opt, &render_opts);
	cmark_parser_feed(parser, body, len);
	pthread_mutex_lock(&inline_pass);
	cmark_node *doc = cmark_parser_finish(parser);
	pthread_mutex_unlock(&inline_pass);

	walk_tree(&w, doc);

	char *html = cmark_render_html_with_mem(
	    doc, render_opts, cmark_parser_get_syntax_extensions(parser), cmarkmem_get());
	out->html = arena_strdup(a, html);
	cmarkmem_rewind(mark);

	take_results(&w, out);
	return w.failed ? -1 : 0;
}
