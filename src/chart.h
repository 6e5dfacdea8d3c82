/*
 * chart.h - the ```chart block: a small YAML spec that the PDF draws as a
 * vector chart and the Markdown output turns into a ```mermaid block.
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
 */
#ifndef CASEBRIEF_CHART_H
#define CASEBRIEF_CHART_H

#include <stddef.h>

#include "util.h"

#define CHART_MAX_CATEGORIES 64
#define CHART_MAX_SERIES 8

enum chart_kind { CHART_BAR, CHART_TIMELINE };

struct chart_series {
	char *label;
	double *values;   /* ncategories entries */
};

struct chart {
	enum chart_kind kind;
	char *title;
	char *x_title, *y_title;  /* NULL when absent */
	char **categories;
	size_t ncategories;
	struct chart_series *series;
	size_t nseries;
};

/*
 * Parses a chart spec (the fenced block's text). `file` and `line` locate
 * the block for messages. Returns 0, or -1 after adding diagnostics
 * (unknown key, bad kind, value count not matching categories, too many
 * categories or series...). On success release with chart_release.
 */
int chart_parse(const char *text, size_t len, const char *file, int line,
		struct chart *out, struct diags *diags);
void chart_release(struct chart *c);

/* Appends the Mermaid form (xychart-beta) of a chart, without fences. */
void chart_to_mermaid(const struct chart *c, struct strbuf *out);

#endif
