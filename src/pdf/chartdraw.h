/*
 * chartdraw.h - draws a parsed ```chart block (struct chart) as a vector
 * chart into a page's content (content-stream operators, gfx.h).
 *
 * Bar charts are drawn with horizontal bars: one row per category (its
 * label on the left, on two balanced lines when it is long and the row is
 * tall enough, else truncated with an ellipsis), one bar per series in the
 * row, the value at the end of each bar, a light vertical grid with "nice"
 * tick values and an axis line at zero. Timelines are drawn as stacked
 * columns, one per year from the first to the last year (empty years
 * included; year labels thinned to every 2, 5, 10... when crowded), the
 * total above each column, with a light horizontal grid. Both have a bold
 * title above and, when there is more than one series, a legend of
 * coloured swatches under the title. Series colours come from the style's
 * `series` list (cycled when there are more series than colours); title in
 * `heading`, labels in `text`, grid from `rule`, axes and ticks `muted`.
 * The height is capped at 600 pt (crowded bar charts get thinner rows).
 *
 * The chart's typography is fixed (title 9.5 pt bold, labels 7.5 pt), so
 * that the height depends only on the chart and the width: measure first,
 * then draw in the same width.
 */
#ifndef CASEBRIEF_PDF_CHARTDRAW_H
#define CASEBRIEF_PDF_CHARTDRAW_H

#include <hpdf.h>

#include "base/strbuf.h"
#include "markdown/chart.h"
#include "pdf/style.h"

/* Narrowest width a chart can be drawn in, in points. */
#define CHARTDRAW_MIN_WIDTH 144.0

/*
 * Text goes through the typesetter so that its font fallback and ToUnicode
 * handling apply to every label.
 *
 * width: the advance width of `utf8` set in `font` at `size` points.
 * text:  draws `utf8` with its baseline starting at (x, y), in the page's
 *        current fill colour (chartdraw sets it before each call), by
 *        appending to `out`, the content chartdraw_draw was given. It is
 *        called outside any text object (between BT/ET is the callback's
 *        business) and must leave the graphics state as it found it, except
 *        for the current font.
 * Both receive `ud` as given here. `regular` and `bold` are sans faces.
 */
struct chartdraw_fonts {
	HPDF_Font regular, bold;
	double (*width)(void *ud, HPDF_Font font, double size, const char *utf8);
	void (*text)(void *ud, struct strbuf *out, HPDF_Font font, double size,
		     double x, double y, const char *utf8);
	void *ud;
};

/*
 * Height, in points, the chart takes when drawn `width` points wide (title,
 * legend, plot, axis labels and a little space below). Returns 0, or -1
 * when the chart is empty or inconsistent (as chart_parse never makes it)
 * or `width` is below CHARTDRAW_MIN_WIDTH (no message; *height is then 0).
 */
int chartdraw_measure(const struct chart *c, double width, double *height);

/*
 * Draws the chart with its top-left corner at (x, y_top) in PDF user space
 * (y grows upwards; the chart occupies y_top - height .. y_top), appending
 * its operators to `out`. Must be called outside a text object. The
 * drawing is wrapped in q/Q: colours, line width and any font the text
 * callback sets do not survive the call. Returns 0, or -1 under the same
 * conditions as chartdraw_measure or when `f` lacks a callback (nothing
 * drawn).
 */
int chartdraw_draw(const struct chart *c, struct strbuf *out, double x,
		   double y_top, double width, const struct chartdraw_fonts *f,
		   const struct pdf_style *st);

#endif
