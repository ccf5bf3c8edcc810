#include "csvload.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jsonload.h"

struct loader {
	struct arena *arena;
	struct diag *diag;
	const char *path;
	struct pos at;      /* the byte being fed to libcsv */
	char byte;          /* its value */
	bool in_cell;       /* a cell has begun and not yet ended */
	struct pos cell;    /* where the current cell began */
	bool quoted;        /* it began with a quote */
	struct pos row;     /* where the current row began */
	struct value *head; /* the header's names: NULL until its row ends */
	struct value *cells;
	struct value *rows;
	bool failed;
};

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* libcsv's end of a cell: text is its unquoted content, not NUL-terminated. */
static void
end_cell(void *text, size_t len, void *ctx)
{
	struct loader *l = ctx;
	/* An empty cell never began: it is where its comma or line end is. */
	struct pos pos = l->in_cell ? l->cell : l->at;
	bool quoted = l->in_cell && l->quoted;
	if (l->cells->as.list.len == 0)
		l->row = pos;
	l->in_cell = false;
	struct value *v = value_string(l->arena, text ? text : "", len, pos);
	if (l->head != NULL && !quoted && jsonload_is_number(v->str, v->len, false)) {
		v->kind = VALUE_NUMBER;
		v->as.number = strtod(v->str, NULL);
	}
	value_list_push(l->arena, l->cells, v);
}

/* Checks the header's names once its row has ended. */
static void
take_header(struct loader *l, struct value *names)
{
	for (size_t i = 0; i < names->as.list.len; i++) {
		const struct value *name = names->as.list.items[i];
		if (name->len == 0 || strspn(name->str, " \t") == name->len) {
			diag_error(l->diag, name->pos, "column %zu has no name in the header row",
			           i + 1);
			l->failed = true;
		}
		for (size_t k = 0; k < i; k++) {
			const struct value *prev = names->as.list.items[k];
			if (name->len > 0 && prev->len == name->len &&
			    !memcmp(prev->str, name->str, name->len)) {
				diag_error(l->diag, name->pos,
				           "column name '%s' is already column %zu's", name->str,
				           k + 1);
				l->failed = true;
			}
		}
	}
	l->head = names;
}

/* libcsv's end of a row: the header, or a map of header names to cells. */
static void
end_row(int term, void *ctx)
{
	struct loader *l = ctx;
	(void)term;
	struct value *cells = l->cells;
	l->cells = value_list(l->arena, l->at);
	if (l->head == NULL) {
		take_header(l, cells);
		return;
	}
	size_t want = l->head->as.list.len, got = cells->as.list.len;
	if (got != want) {
		struct pos at = got > want ? cells->as.list.items[want]->pos : l->row;
		diag_error(l->diag, at, "this row has %zu cell%s; the header row has %zu", got,
		           got == 1 ? "" : "s", want);
		l->failed = true;
		return;
	}
	struct value *map = value_map(l->arena, l->row);
	value_map_reserve(l->arena, map, want);
	for (size_t i = 0; i < want; i++) {
		const struct value *name = l->head->as.list.items[i];
		value_map_put(l->arena, map, name->str, cells->as.list.items[i]);
		map->as.map.items[i].key_len = name->len;
	}
	value_list_push(l->arena, l->rows, map);
}

/* Feeds one byte, noting where each cell begins; false on a parse error. */
static bool
feed(struct loader *l, struct csv_parser *p, char ch)
{
	l->byte = ch;
	if (!l->in_cell && !is_blank(ch) && ch != ',') {
		l->in_cell = true;
		l->cell = l->at;
		l->quoted = ch == '"';
	}
	if (csv_parse(p, &ch, 1, end_cell, end_row, l) != 1)
		return false;
	if (ch == '\n') {
		l->at.line++;
		l->at.col = 1;
	} else if (((unsigned char)ch & 0xC0) != 0x80) {
		l->at.col++;
	}
	return true;
}

static void
report_parse(struct loader *l, struct csv_parser *p, bool at_end)
{
	if (csv_error(p) != CSV_EPARSE)
		diag_error(l->diag, l->at, "%s", csv_strerror(csv_error(p)));
	else if (at_end)
		diag_error(l->diag, l->cell, "this quote is never closed");
	else if (l->byte == '"')
		diag_error(l->diag, l->at,
		           "a quote inside an unquoted cell: quote the whole cell and double "
		           "the quotes in it (\"say \"\"hi\"\"\")");
	else
		diag_error(l->diag, l->at, "text after a cell's closing quote");
	l->failed = true;
}

struct value *
csvload_string(struct arena *arena, struct diag *d, const char *path, const char *src, size_t len)
{
	struct loader l = {arena,        d,    path, {path, 1, 1}, 0,    false, {path, 1, 1}, false,
	                   {path, 1, 1}, NULL, NULL, NULL,         false};
	l.cells = value_list(arena, l.at);
	l.rows = value_list(arena, l.at);
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fputs("brief: out of memory (libcsv)\n", stderr);
		abort();
	}
	csv_set_realloc_func(&p, xrealloc);
	size_t i = len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0;
	bool ok = true;
	for (; i < len && ok; i++)
		ok = feed(&l, &p, src[i]);
	if (!ok)
		report_parse(&l, &p, false);
	else if (csv_fini(&p, end_cell, end_row, &l) != 0)
		report_parse(&l, &p, true);
	csv_free(&p);
	if (!l.failed && l.head == NULL) {
		diag_error(d, diag_file(path), "no header row: the first row names the columns");
		l.failed = true;
	}
	return l.failed ? NULL : l.rows;
}
