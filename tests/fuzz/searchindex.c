/* searchindex: the search index writer (searchindex.c) over a page whose
 * title, summary and body (rendered with search text) come from the
 * input, split at "%%" lines. Every string it writes must be safe inside
 * a <script>: no '<', no control character, no U+2028 or U+2029; and
 * for UTF-8 input the index must load as JSON. */
#include "buf.h"
#include "fuzz.h"
#include "jsonload.h"
#include "searchindex.h"

static void
check_safe(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->ptr[i];
		FUZZ_ASSERT(c != '<' && c >= 0x20 && c != 0x7F);
		FUZZ_ASSERT(!(c == 0xE2 && i + 2 < b->len && (unsigned char)b->ptr[i + 1] == 0x80 &&
		              ((unsigned char)b->ptr[i + 2] & 0xFE) == 0xA8));
	}
}

/* True when s[0..len) is well-formed UTF-8 (RFC 3629) that jsonload
 * reads: libyaml, behind it, refuses C1 controls but U+0085, and U+FFFE
 * and U+FFFF, which JSON allows. */
static bool
is_loadable(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = s[i], n = c < 0x80                ? 0
		                       : c >= 0xC2 && c < 0xE0 ? 1
		                       : c >= 0xE0 && c < 0xF0 ? 2
		                       : c >= 0xF0 && c < 0xF5 ? 3
		                                               : 9;
		if (n == 9 || i + n >= len)
			return false;
		unsigned cp = n == 0 ? c : c & (0x3F >> n);
		for (unsigned k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const unsigned min[] = {0, 0x80, 0x800, 0x10000};
		if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) ||
		    (cp >= 0x80 && cp < 0xA0 && cp != 0x85) || cp == 0xFFFE || cp == 0xFFFF)
			return false;
		i += n + 1;
	}
	return true;
}

/* A file's value between its prefix ("window.briefSearch=") and the
 * closing ";" loads as JSON. */
static void
check_json(struct arena *arena, const struct buf *index, const char *prefix)
{
	const char *start = strstr(index->ptr, prefix);
	FUZZ_ASSERT(start != NULL && index->len >= 2 && index->ptr[index->len - 2] == ';');
	start += strlen(prefix);
	struct diag d;
	fuzz_diag(&d);
	const char *end = index->ptr + index->len - 2;
	FUZZ_ASSERT(jsonload_string(arena, &d, "index.js", start, (size_t)(end - start), 2));
	diag_close(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part part[3];
	fuzz_split(data, size, part, 3);
	struct arena *arena = arena_new();
	struct diag d;
	fuzz_diag(&d);
	char *title = arena_strndup(arena, part[0].ptr, part[0].len);
	char *summary = arena_strndup(arena, part[1].ptr, part[1].len);
	struct markdown_options opt = {.text_budget = size % 500};
	struct markdown_page md;
	fuzz_markdown(arena, &d, part[2].ptr, part[2].len, &opt, &md);
	struct searchindex_page page = {"notes/b/index.html", title, size % 2 ? summary : NULL,
	                                &md};
	struct searchindex ix;
	struct buf out = BUF_INIT, text = BUF_INIT, str = BUF_INIT;
	searchindex_begin(&ix, title, 1);
	searchindex_add(&ix, &page);
	FUZZ_ASSERT(searchindex_text_ready(&ix));
	searchindex_text_take(&ix, &text);
	searchindex_end(&ix, &out);
	if (is_loadable(data, size)) {
		check_json(arena, &out, "window.briefSearch=");
		check_json(arena, &text, "window.briefSearch.x[0]=");
	}
	searchindex_put_string(&str, (const char *)data, size);
	FUZZ_ASSERT(str.len >= 2 && str.ptr[0] == '"' && str.ptr[str.len - 1] == '"');
	check_safe(&str);
	buf_free(&out);
	buf_free(&text);
	buf_free(&str);
	diag_close(&d);
	arena_free(arena);
	return 0;
}
