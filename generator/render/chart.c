#include "chart.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

/*
 * The drawing, in SVG user units. 320 wide at 14 units a letter keeps
 * text near 12 px on a 320 px phone; the stylesheet caps the width so it
 * does not grow huge on a wide screen. Labels sit on their own lines above
 * their bars, so a long label takes the full width instead of squeezing
 * the bars; they wrap at words after about LABEL_CHARS characters.
 */
#define CHART_W 320
#define PAD 0          /* left and right margin (the figure has its own) */
#define FONT 14        /* font-size of every text */
#define LINE 18        /* from one label line to the next */
#define BAR_H 20       /* the height of a bar */
#define ROW_GAP 12     /* from a bar to the next label */
#define TEXT_GAP 4     /* from a bar's end to its value */
#define LABEL_CHARS 40 /* (CHART_W - 2 * PAD) / (0.55 * FONT): average letters */
#define VALUE_EM 0.7   /* a bold digit's width in FONT units (DejaVu Sans: 0.696) */

/* A borrowed piece of text. */
struct text {
	const char *s;
	size_t len;
};

struct bar {
	struct text label;
	const struct value *value; /* a finite number */
	struct text shown;         /* the value with its unit, as written on the bar */
};

struct chart {
	struct text title, unit, note;
	struct bar *bars;
	size_t len;
};

static bool
key_is(const struct value_entry *e, const char *name)
{
	return e->key_len == strlen(name) && memcmp(e->key, name, e->key_len) == 0;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_blank(struct text t)
{
	for (size_t i = 0; i < t.len; i++)
		if (!is_space(t.s[i]))
			return false;
	return true;
}

/*
 * Reads the text field key: a string, number or date as written. With
 * nonempty, white space alone is refused too. Returns false when v does
 * not fit, after reporting it unless d is NULL.
 */
static bool
get_text(struct diag *d, const struct value *v, const char *key, bool nonempty, struct text *out)
{
	if (v->kind == VALUE_STRING || v->kind == VALUE_NUMBER || v->kind == VALUE_DATE) {
		*out = (struct text){v->str, v->len};
		if (!nonempty || !is_blank(*out))
			return true;
	}
	if (d != NULL)
		diag_error(d, v->pos,
		           nonempty ? "'%s' must be non-empty text" : "'%s' must be text", key);
	return false;
}

/* Checks one item of bars into *b; reports every problem. */
static bool
check_bar(struct diag *d, const struct value *item, struct bar *b)
{
	if (item->kind != VALUE_MAP) {
		diag_error(d, item->pos, "a bar must be a mapping with 'label' and 'value'");
		return false;
	}
	bool ok = true, has_label = false;
	for (size_t i = 0; i < item->as.map.len; i++) {
		const struct value_entry *e = &item->as.map.items[i];
		const struct value *v = e->val;
		if (key_is(e, "label")) {
			has_label = true;
			ok = get_text(d, v, "label", true, &b->label) && ok;
		} else if (key_is(e, "value")) {
			b->value = v;
			if (v->kind != VALUE_NUMBER || !isfinite(v->as.number)) {
				diag_error(d, v->pos,
				           v->kind == VALUE_NUMBER
				               ? "'value' must be a finite number"
				               : "'value' must be a number");
				ok = false;
			}
		} else {
			/* Keys keep no position of their own: point at the value. */
			diag_error(d, v->pos,
			           "unknown key '%.*s' in a bar (expected label or value)",
			           (int)e->key_len, e->key);
			ok = false;
		}
	}
	if (!has_label)
		diag_error(d, item->pos, "a bar needs a 'label'");
	if (b->value == NULL)
		diag_error(d, item->pos, "a bar needs a 'value'");
	return ok && has_label && b->value != NULL;
}

static bool
check_bars(struct arena *a, struct diag *d, const struct value *bars, struct chart *c)
{
	if (bars->kind != VALUE_LIST) {
		diag_error(d, bars->pos, "'bars' must be a list of bars with 'label' and 'value'");
		return false;
	}
	if (bars->as.list.len == 0) {
		diag_error(d, bars->pos, "'bars' must not be empty");
		return false;
	}
	c->len = bars->as.list.len;
	c->bars = arena_alloc(a, c->len * sizeof(*c->bars));
	bool ok = true;
	for (size_t i = 0; i < c->len; i++)
		ok = check_bar(d, bars->as.list.items[i], &c->bars[i]) && ok;
	return ok;
}

/* The keys of a spec that name where its bars come from. */
struct source {
	const struct value *bars, *data, *label, *value;
};

/* The cell of column col in a row of data.NAME; when it has none, NULL
 * after an error at the spec's key (at) and a note at the row. */
static const struct value *
column(struct diag *d, const struct value *row, const char *col, const struct value *at,
       const char *name)
{
	const struct value *cell = row->kind == VALUE_MAP ? value_cget(row, col) : NULL;
	if (cell == NULL) {
		diag_error(d, at->pos, "no column '%s' in data.%s", col, name);
		diag_note(d, row->pos, "this row has no '%s'", col);
	}
	return cell;
}

/* Bars from a data list: each row's label and value columns. Reports the
 * first problem at the spec's line, with a note at the row or cell. */
static bool
check_data(struct arena *a, struct diag *d, const struct value *tree, const struct source *src,
           struct chart *c)
{
	const char *name = value_str(src->data);
	const struct value *list = name && tree ? value_path(tree, name) : NULL;
	if (name == NULL || list == NULL || list->kind != VALUE_LIST || list->as.list.len == 0) {
		diag_error(d, src->data->pos,
		           name == NULL   ? "'data' must name a data list, such as 'stats'"
		           : list == NULL ? "no data 'data.%s'"
		           : list->kind != VALUE_LIST ? "data 'data.%s' is not a list of rows"
		                                      : "data 'data.%s' is empty",
		           name);
		return false;
	}
	const struct value *label_at = src->label ? src->label : src->data;
	const struct value *value_at = src->value ? src->value : src->data;
	const char *label = src->label ? value_str(src->label) : "label";
	const char *value = src->value ? value_str(src->value) : "value";
	if (label == NULL || value == NULL) {
		diag_error(d, (label == NULL ? label_at : value_at)->pos, "'%s' must name a column",
		           label == NULL ? "label" : "value");
		return false;
	}
	c->len = list->as.list.len;
	c->bars = arena_alloc(a, c->len * sizeof(*c->bars));
	for (size_t i = 0; i < c->len; i++) {
		const struct value *row = list->as.list.items[i];
		const struct value *l = column(d, row, label, label_at, name);
		const struct value *v = l ? column(d, row, value, value_at, name) : NULL;
		if (v == NULL)
			return false;
		if (!get_text(NULL, l, label, true, &c->bars[i].label)) {
			diag_error(d, label_at->pos, "column '%s' must hold non-empty text", label);
			diag_note(d, l->pos, "this '%s' is empty or not text", label);
			return false;
		}
		if (v->kind != VALUE_NUMBER || !isfinite(v->as.number)) {
			diag_error(d, value_at->pos, "column '%s' must hold numbers", value);
			diag_note(d, v->pos, "this '%s' is not a number", value);
			return false;
		}
		c->bars[i].value = v;
	}
	return true;
}

/* Where the bars come from: 'bars', or 'data' with its columns. */
static bool
check_source(struct arena *a, struct diag *d, const struct value *spec, const struct value *tree,
             const struct source *src, struct chart *c)
{
	if (src->bars != NULL && src->data != NULL) {
		diag_error(d, src->data->pos, "a chart takes 'bars' or 'data', not both");
		return false;
	}
	if (src->data == NULL && (src->label != NULL || src->value != NULL)) {
		diag_error(d, (src->label ? src->label : src->value)->pos,
		           "'label' and 'value' name the columns of 'data'");
		return false;
	}
	if (src->data != NULL)
		return check_data(a, d, tree, src, c);
	if (src->bars != NULL)
		return check_bars(a, d, src->bars, c);
	diag_error(d, spec->pos, "a chart needs 'bars' or 'data'");
	return false;
}

/* Checks the whole spec into *c, reporting every problem. */
static bool
check_chart(struct arena *a, struct diag *d, const struct value *spec, const struct value *tree,
            struct chart *c)
{
	if (spec->kind != VALUE_MAP) {
		diag_error(d, spec->pos, "a chart must be a mapping with 'title' and 'bars'");
		return false;
	}
	bool ok = true, has_title = false;
	struct source src = {NULL, NULL, NULL, NULL};
	for (size_t i = 0; i < spec->as.map.len; i++) {
		const struct value_entry *e = &spec->as.map.items[i];
		if (key_is(e, "title")) {
			has_title = true;
			ok = get_text(d, e->val, "title", true, &c->title) && ok;
		} else if (key_is(e, "unit")) {
			ok = get_text(d, e->val, "unit", false, &c->unit) && ok;
		} else if (key_is(e, "note")) {
			ok = get_text(d, e->val, "note", false, &c->note) && ok;
		} else if (key_is(e, "bars")) {
			src.bars = e->val;
		} else if (key_is(e, "data")) {
			src.data = e->val;
		} else if (key_is(e, "label")) {
			src.label = e->val;
		} else if (key_is(e, "value")) {
			src.value = e->val;
		} else {
			diag_error(
			    d, e->val->pos,
			    "unknown key '%.*s' in a chart (expected title, unit, bars, data, "
			    "label, value or note)",
			    (int)e->key_len, e->key);
			ok = false;
		}
	}
	if (!has_title)
		diag_error(d, spec->pos, "a chart needs a 'title'");
	ok = check_source(a, d, spec, tree, &src, c) && ok;
	return ok && has_title;
}

/* Characters (UTF-8 sequences) in len bytes of s. */
static size_t
count_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* A number as its readers write it: 7000.5 is "7,000.5" in English and
 * "7 000,5" in French. Four digits or more are grouped by thousands. */
static void
put_number(struct buf *b, const struct value *v, const struct chart_labels *labels)
{
	struct buf plain = BUF_INIT;
	value_to_text(v, &plain);
	const char *group = labels && labels->group ? labels->group : ",";
	const char *decimal = labels && labels->decimal ? labels->decimal : ".";
	const char *s = plain.ptr;
	if (*s == '-')
		buf_putc(b, *s++);
	size_t digits = strspn(s, "0123456789");
	for (size_t i = 0; i < digits; i++) {
		if (digits >= 4 && i > 0 && (digits - i) % 3 == 0)
			buf_puts(b, group);
		buf_putc(b, s[i]);
	}
	s += digits;
	if (*s == '.') {
		buf_puts(b, decimal);
		s++;
	}
	buf_puts(b, s);
	buf_free(&plain);
}

/* "93" and unit "%" give "93%"; unit "partners" gives "93 partners". */
static struct text
value_with_unit(struct arena *a, const struct value *v, struct text unit,
                const struct chart_labels *labels)
{
	struct buf b = BUF_INIT;
	put_number(&b, v, labels);
	char first = unit.len > 0 ? (char)(unit.s[0] | 0x20) : '\0';
	if (first >= 'a' && first <= 'z')
		buf_putc(&b, ' ');
	buf_put(&b, unit.s, unit.len);
	struct text t = {arena_strndup(a, b.ptr, b.len), b.len};
	buf_free(&b);
	return t;
}

/* A coordinate to one decimal, without a useless ".0". */
static void
put_coord(struct buf *out, double x)
{
	long tenths = lround(x * 10);
	if (tenths < 0) {
		buf_putc(out, '-');
		tenths = -tenths;
	}
	if (tenths % 10 != 0)
		buf_printf(out, "%ld.%ld", tenths / 10, tenths % 10);
	else
		buf_printf(out, "%ld", tenths / 10);
}

/*
 * Takes the next line of label text from *p: as many whole words as fit
 * in LABEL_CHARS characters, or one longer word alone. False at the end.
 */
static bool
next_line(const char **p, const char *end, struct text *line)
{
	const char *s = *p;
	while (s < end && is_space(*s))
		s++;
	if (s == end)
		return false;
	const char *stop = s; /* the end of the last word taken */
	size_t chars = 0;
	for (const char *w = s;;) {
		while (w < end && is_space(*w))
			w++;
		if (w == end)
			break;
		const char *we = w;
		while (we < end && !is_space(*we))
			we++;
		size_t n = count_chars(w, (size_t)(we - w)) + (stop == s ? 0 : 1);
		if (stop != s && chars + n > LABEL_CHARS)
			break;
		chars += n;
		stop = w = we;
	}
	*line = (struct text){s, (size_t)(stop - s)};
	*p = stop;
	return true;
}

static size_t
count_lines(struct text label)
{
	size_t n = 0;
	struct text line;
	for (const char *p = label.s; next_line(&p, label.s + label.len, &line);)
		n++;
	return n;
}

/* The label's lines from baseline y, one <tspan> each when it wraps. */
static void
put_label(struct buf *out, struct text label, double y)
{
	buf_printf(out, "<text class=\"chart-label\" x=\"%d\" y=\"", PAD);
	put_coord(out, y);
	buf_puts(out, "\">");
	struct text line;
	const char *p = label.s, *end = label.s + label.len;
	if (count_lines(label) == 1) {
		next_line(&p, end, &line);
		buf_put_html(out, line.s, line.len);
	} else {
		for (; next_line(&p, end, &line); y += LINE) {
			buf_printf(out, "<tspan x=\"%d\" y=\"", PAD);
			put_coord(out, y);
			buf_puts(out, "\">");
			buf_put_html(out, line.s, line.len);
			buf_puts(out, "</tspan>");
		}
	}
	buf_puts(out, "</text>\n");
}

/* Where the zero line is and how many units one unit of value takes. */
struct scale {
	double zero, per_unit;
};

/*
 * Fits every bar between the margins, with room beside each bar's end
 * for its value: on the right of bars going right (value >= 0), on the
 * left of bars going left.
 */
static struct scale
fit(const struct chart *c)
{
	double lo = 0, hi = 0, left = 0, right = 0;
	for (size_t i = 0; i < c->len; i++) {
		double v = c->bars[i].value->as.number;
		double room =
		    TEXT_GAP +
		    VALUE_EM * FONT * (double)count_chars(c->bars[i].shown.s, c->bars[i].shown.len);
		if (v < 0) {
			lo = fmin(lo, v);
			left = fmax(left, room);
		} else {
			hi = fmax(hi, v);
			right = fmax(right, room);
		}
	}
	/* Long values may overflow; the bars keep a quarter of the width. */
	double width = fmax(CHART_W - 2 * PAD - left - right, CHART_W / 4.0);
	double range = hi - lo;
	double per_unit = range > 0 && isfinite(range) ? width / range : 0;
	return (struct scale){PAD + left - lo * per_unit, per_unit};
}

/* One bar at top y: its rectangle, the zero line across it, its value. */
static void
put_bar(struct buf *out, const struct bar *b, struct scale s, double y)
{
	double v = b->value->as.number, len = fabs(v) * s.per_unit;
	double x = v < 0 ? s.zero - len : s.zero;
	buf_puts(out, "<rect class=\"chart-bar\" x=\"");
	put_coord(out, x);
	buf_puts(out, "\" y=\"");
	put_coord(out, y);
	buf_puts(out, "\" width=\"");
	put_coord(out, len);
	buf_printf(out, "\" height=\"%d\"/>\n", BAR_H);

	buf_puts(out, "<line class=\"chart-axis\" x1=\"");
	put_coord(out, s.zero);
	buf_puts(out, "\" y1=\"");
	put_coord(out, y - 2);
	buf_puts(out, "\" x2=\"");
	put_coord(out, s.zero);
	buf_puts(out, "\" y2=\"");
	put_coord(out, y + BAR_H + 2);
	buf_puts(out, "\" stroke=\"currentColor\"/>\n");

	buf_puts(out, "<text class=\"chart-value\" x=\"");
	put_coord(out, v < 0 ? x - TEXT_GAP : x + len + TEXT_GAP);
	buf_puts(out, "\" y=\"");
	/* Centres digits (about 0.7 em tall) on the bar. */
	put_coord(out, y + BAR_H / 2.0 + 0.35 * FONT);
	buf_puts(out, v < 0 ? "\" text-anchor=\"end\">" : "\">");
	buf_put_html(out, b->shown.s, b->shown.len);
	buf_puts(out, "</text>\n");
}

/* "Label: 93%; other label: 12%." for the SVG's <desc>. */
static void
put_desc(struct buf *out, const struct chart *c)
{
	for (size_t i = 0; i < c->len; i++) {
		const struct bar *b = &c->bars[i];
		if (i > 0)
			buf_puts(out, "; ");
		buf_put_html(out, b->label.s, b->label.len);
		buf_puts(out, ": ");
		buf_put_html(out, b->shown.s, b->shown.len);
	}
	buf_putc(out, '.');
}

static void
put_svg(struct buf *out, const struct chart *c, const char *id)
{
	double height = 0;
	for (size_t i = 0; i < c->len; i++)
		height += (double)count_lines(c->bars[i].label) * LINE + 2 + BAR_H + ROW_GAP;
	height -= ROW_GAP - 2;

	size_t id_len = strlen(id);
	buf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"");
	buf_put_html(out, id, id_len);
	buf_puts(out, "_title ");
	buf_put_html(out, id, id_len);
	buf_printf(out, "_desc\" viewBox=\"0 0 %d ", CHART_W);
	put_coord(out, height);
	buf_printf(out, "\" width=\"100%%\" font-size=\"%d\" fill=\"currentColor\">\n", FONT);
	buf_puts(out, "<title id=\"");
	buf_put_html(out, id, id_len);
	buf_puts(out, "_title\">");
	buf_put_html(out, c->title.s, c->title.len);
	buf_puts(out, "</title>\n<desc id=\"");
	buf_put_html(out, id, id_len);
	buf_puts(out, "_desc\">");
	put_desc(out, c);
	buf_puts(out, "</desc>\n");

	struct scale s = fit(c);
	double y = 0;
	for (size_t i = 0; i < c->len; i++) {
		const struct bar *b = &c->bars[i];
		put_label(out, b->label, y + FONT);
		y += (double)count_lines(b->label) * LINE + 2;
		put_bar(out, b, s, y);
		y += BAR_H + ROW_GAP;
	}
	buf_puts(out, "</svg>\n");
}

static void
put_word(struct buf *out, const char *word, const char *fallback)
{
	word = word ? word : fallback;
	buf_put_html(out, word, strlen(word));
}

static void
put_table(struct buf *out, const struct chart *c, const struct chart_labels *labels)
{
	static const struct chart_labels none;
	if (labels == NULL)
		labels = &none;
	buf_puts(out, "<details class=\"chart-data\"><summary>");
	put_word(out, labels->data, "Data");
	buf_puts(out, "</summary>\n<table>\n<thead><tr><th scope=\"col\">");
	put_word(out, labels->item, "Item");
	buf_puts(out, "</th><th scope=\"col\">");
	put_word(out, labels->value, "Value");
	buf_puts(out, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < c->len; i++) {
		const struct bar *b = &c->bars[i];
		buf_puts(out, "<tr><th scope=\"row\">");
		buf_put_html(out, b->label.s, b->label.len);
		buf_puts(out, "</th><td>");
		buf_put_html(out, b->shown.s, b->shown.len);
		buf_puts(out, "</td></tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n</details>\n");
}

/*
 * The figcaption comes first: a <figure> may hold its caption only as its
 * first or last child, and the title reads best above the bars.
 */
int
chart_render(struct arena *a, struct diag *d, const struct value *spec, const struct value *data,
             const char *id, const struct chart_labels *labels, struct buf *out)
{
	struct chart c = {{"", 0}, {"", 0}, {"", 0}, NULL, 0};
	if (!check_chart(a, d, spec, data, &c))
		return -1;
	for (size_t i = 0; i < c.len; i++)
		c.bars[i].shown = value_with_unit(a, c.bars[i].value, c.unit, labels);

	buf_puts(out, "<figure class=\"chart\">\n<figcaption><span class=\"chart-title\">");
	buf_put_html(out, c.title.s, c.title.len);
	buf_puts(out, "</span>");
	if (!is_blank(c.note)) {
		buf_puts(out, "\n<span class=\"chart-note\">");
		buf_put_html(out, c.note.s, c.note.len);
		buf_puts(out, "</span>");
	}
	buf_puts(out, "</figcaption>\n");
	put_svg(out, &c, id);
	put_table(out, &c, labels);
	buf_puts(out, "</figure>");
	return 0;
}
