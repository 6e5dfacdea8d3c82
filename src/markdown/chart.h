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
 * several `bar` plots on top of each other rather than side by side, so:
 * - bar: `xychart-beta horizontal` (room for long category labels); with
 *   one series, one `bar` plot with value labels; with several, the series
 *   are drawn as stacked bars (each plot is the running total, largest
 *   first, so the overlaid bars read as stacked segments) and the title
 *   names the series with their colours, e.g.
 *   "Drivers — For (blue), Against (red)".
 * - timeline: a vertical chart with every year from first to last on the
 *   x axis and one `line` plot per series (the same title legend).
 * An init directive sets the plot colours (the same order as the PDF's
 * default series colours) and the height from the number of categories.
 * Double quotes in labels become single quotes (Mermaid strings have no
 * escapes); control characters become spaces.
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

enum chart_kind { CHART_BAR, CHART_TIMELINE };

struct chart_series {
	char *label;
	double *values;   /* ncategories entries */
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
