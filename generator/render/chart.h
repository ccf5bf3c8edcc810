/*
 * chart: a bar chart spec (a value tree from YAML) to inline SVG and a table.
 *
 *   title: Azure revenue growth          required, text
 *   unit: "%"                            optional, text
 *   bars:                                required, a non-empty list
 *     - label: Last quarter, year on year     text
 *       value: 93                             a finite number
 *   note: Reported by CRN.               optional, text
 *
 * Instead of bars, the bars may come from a data list, one per row:
 *
 *   data: stats                          data.stats: a list of maps (a CSV file)
 *   label: region                        the column of labels (default: label)
 *   value: sales                         the column of values (default: value)
 *
 * A data name that is not a non-empty list, a row without the column, an
 * empty label or a value that is not a number is an error at the spec's
 * line (the key naming the column, else 'data'), with a note at the row
 * or cell in the data file.
 *
 * Text fields take any string, number or date as written ("label: 2018"
 * is fine); title and labels must not be empty. Any other key is an error,
 * to catch typos. The unit follows each number directly when it starts
 * with anything but an ASCII letter ("93%", "12°C"), after a space when it
 * starts with one ("7000 partners"); quote it to choose (unit: " %").
 *
 * The output is one <figure class="chart">: a <figcaption> with the title
 * (and the note), an <svg role="img"> of horizontal bars, each labelled
 * and with its value written beside it, whose accessible name is its
 * <title> and a <desc> sentence listing every bar, then the same data as
 * a <table> in <details>. It scales with its container (a viewBox, width
 * 100%). Colours come only from CSS classes (chart-bar, chart-axis,
 * chart-label, chart-value, chart-title, chart-note, chart-data) with
 * fill="currentColor" as the fallback: no style attribute or element, so
 * a Content-Security-Policy of style-src 'self' holds. Output is a pure
 * function of the spec and id.
 */
#ifndef BRIEF_CHART_H
#define BRIEF_CHART_H

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "value.h"

/* The words of the data table and the way numbers are written, for pages
 * in other languages; a NULL pointer or field reads "Data", "Item",
 * "Value", and numbers as "7,000.5". */
struct chart_labels {
	const char *data, *item, *value;
	const char *group;   /* between thousands: "," (French: a narrow space) */
	const char *decimal; /* before decimals: "." (French: ",") */
};

/*
 * Checks spec and, when it is a valid chart, appends its HTML to out.
 * data is the tree that 'data: NAME' looks NAME up in (data.* of the
 * page's language); NULL when there is none.
 * id must be unique within the page and be a valid HTML id; the SVG's
 * <title> and <desc> get the ids ID_title and ID_desc. Returns 0, or -1
 * after reporting every problem at the position of the node at fault
 * (out is then unchanged). Scratch memory comes from a.
 */
int chart_render(struct arena *a, struct diag *d, const struct value *spec,
                 const struct value *data, const char *id, const struct chart_labels *labels,
                 struct buf *out);

#endif
