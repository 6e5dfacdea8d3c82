/*
 * chart.h - the ```chart block: a small YAML spec that the PDF draws as a
 * vector chart and the Markdown output turns into a ```mermaid block.
 * A struct chart is also built directly (a brief's own charts, in
 * brief/assemble.h) and bound to a "```chart NAME" fence (markdown.h);
 * such a chart must keep the same limits as a parsed one.
 *
 *   kind: bar                 # bar | timeline
 *   title: Drivers, for and against
 *   x: Driver                 # optional axis titles
 *   y: Cases
 *   categories: [GC pauses, Memory safety]   # bar: one group per category;
 *                                            # timeline: the years, in order
 *   series:                   # one or more; values line up with categories
 *     - label: For
 *       values: [3, 5]
 *     - label: Against
 *       values: [1, 0]
 *
 * A timeline is drawn as counts per year (stacked by series) on a time axis.
 * Its categories are years (integers or strings such as 2019 or "2019"),
 * strictly increasing and spanning at most CHART_MAX_YEARS years; years
 * missing between the first and the last are drawn as empty.
 *
 * Every key but `categories` and `series` is optional: kind defaults to
 * bar, a missing series label to "Series N". Values are finite numbers
 * >= 0 (at most 1e12), exactly one per category.
 *
 * Mermaid form (chart_to_mermaid). xychart-beta has no legend and draws
 * several `bar` plots on top of each other rather than side by side, so
 * several series are drawn as stacks (each plot is the running total,
 * largest first, so the overlaid bars read as stacked segments):
 * - bar: `xychart-beta horizontal` (room for long category labels);
 * - timeline: a vertical chart, a column for every year from the first to
 *   the last.
 * The value axis has no tick labels: Mermaid would set its ticks at
 * fractions of a case, and their padding lifts every bar off the axis,
 * so that a value of 0 draws a stub. One series prints its values on its
 * bars. With several series, the title names them with their colours
 * ("Drivers — For (blue), Against (red)") when that keeps it within
 * CHART_MERMAID_TITLE_MAX characters, which Mermaid draws whole; a
 * longer key belongs in the text around the chart. An init directive
 * sets the plot colours (the PDF's default series colours: a series'
 * `color`, else its position) and the height. Double quotes in labels
 * become single quotes (Mermaid strings have no escapes); control
 * characters become spaces.
 *
 * Table form (chart_to_gfm_table): the same numbers as a GFM table, for
 * readers whose viewer draws no Mermaid and for screen readers. The
 * Markdown output puts it right after each chart (markdown.h).
 */
#ifndef CASEBRIEF_CHART_H
#define CASEBRIEF_CHART_H

#include <stddef.h>

#include "base/strbuf.h"
#include "base/diag.h"

#define CHART_MAX_CATEGORIES 64
#define CHART_MAX_SERIES 8
#define CHART_MAX_YEARS 100      /* last - first + 1, for timelines */
#define CHART_MAX_LABEL 200      /* bytes in a title, axis title or label */
#define CHART_MAX_VALUE 1e12
#define CHART_MERMAID_TITLE_MAX 60 /* characters of a Mermaid title with its key */

enum chart_kind { CHART_BAR, CHART_TIMELINE };

struct chart_series {
	char *label;
	double *values;   /* ncategories entries */
	int color;        /* 1 + the index of its colour among the style's series
			   * colours; 0: the series' own position (a parsed chart) */
};

struct chart {
	enum chart_kind kind;
	char *title;              /* NULL when absent */
	char *x_title, *y_title;  /* NULL when absent */
	char **categories;
	size_t ncategories;
	int *years;               /* CHART_TIMELINE: the categories as years */
	struct chart_series *series;
	size_t nseries;
};

/*
 * Parses a chart spec (the fenced block's text). `file` and `line` locate
 * the block for messages: `line` is the 1-based line, in `file`, of the
 * first line of `text` (the line after the opening fence), so messages
 * point into the enclosing Markdown file. Returns 0, or -1 after adding
 * diagnostics (unknown key with a hint, bad kind, value count not matching
 * categories, too many categories or series...), with `out` zeroed. On
 * success release with chart_release (which also accepts a zeroed chart).
 */
int chart_parse(const char *text, size_t len, const char *file, int line,
		struct chart *out, struct diags *diags);
void chart_release(struct chart *c);

/* Makes `dst` a deep copy of `src` (release both). */
void chart_copy(struct chart *dst, const struct chart *src);

/* Appends the Mermaid form (xychart-beta) of a chart, without fences;
 * every line ends with a newline. */
void chart_to_mermaid(const struct chart *c, struct strbuf *out);
/*
 * Appends the chart as a GFM table, each line ending with a newline: a
 * header (the x axis title, else "Category" or "Year"; then the y axis
 * title for one series, else each series' label), then a row per
 * category (a timeline: per year that has a value). Cell text is
 * escaped, so it shows as it is.
 */
void chart_to_gfm_table(const struct chart *c, struct strbuf *out);

/*
 * Shared by both outputs. chart_nice_scale: a "nice" tick step (1, 2 or 5
 * times a power of ten, or 25, 250, 0.25...: never 2.5 itself) and the
 * first tick >= max, for about `ticks` intervals from 0 (max <= 0 gives
 * step 1, top 1). chart_format_value:
 * a value as both outputs print it, without exponent, with at most two
 * decimals ("3", "2.5", "1200").
 */
void chart_nice_scale(double max, int ticks, double *step, double *top);
void chart_format_value(double v, struct strbuf *out);

/* The largest per-category sum over the series (the stacked total). */
double chart_max_total(const struct chart *c);
/* The largest single value. */
double chart_max_value(const struct chart *c);

#endif
