/*
 * chartdraw.c - vector bar charts and timelines with libharu.
 *
 * The look follows the plain style of good report graphics: no frame, a
 * faint grid at "nice" tick values, one dark baseline at zero, direct value
 * labels, a legend of small square swatches, and text in the body's sans
 * face. Everything that decides the height (title, legend rows, rows or
 * plot height, axis lines) is computed by chart_layout() from the chart
 * and the width alone, so measure and draw always agree; only horizontal
 * positions depend on measured text.
 *
 * Work is bounded: at most CHART_MAX_CATEGORIES rows, CHART_MAX_YEARS
 * columns and CHART_MAX_SERIES series, labels at most CHART_MAX_LABEL bytes
 * and fitted with a binary search, and the plot height is capped so that a
 * chart always fits on a page.
 */
#include "pdf/chartdraw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/gfx.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define TITLE_SIZE 9.5
#define LABEL_SIZE 7.5
#define VALUE_SIZE 6.8
#define LINE_GAP 1.3          /* line height / font size */
#define PAD_TOP 2.0
#define PAD_BOTTOM 6.0
#define TITLE_GAP 5.0         /* under the title */
#define LEGEND_ROW 12.0
#define LEGEND_GAP 6.0        /* under the legend */
#define LEGEND_SWATCH 7.0
#define LEGEND_TEXT_MAX 120.0 /* longest legend label */
#define LEGEND_EM 0.62        /* generous average character width, in em */
#define LEGEND_SPACE 14.0     /* between legend entries */
#define AXIS_GAP 4.0          /* between the plot and tick labels */
#define CHART_MAX_HEIGHT 600.0 /* fits a Letter page inside 1 inch margins */
#define BAR_ROW_MIN 7.0        /* with 5.7 pt labels */
#define ELLIPSIS "\xe2\x80\xa6"

struct layout {
	double title_h;
	double legend_h;
	int legend_row[CHART_MAX_SERIES];   /* the legend row of each series */
	double legend_text[CHART_MAX_SERIES]; /* room for each label */
	double header_h;     /* axis title line above the plot */
	double plot_h;
	double axis_h;       /* tick labels under the plot */
	double footer_h;     /* axis title line under the tick labels */
	double total;
	/* bar charts */
	double row_h, bar_h, bar_gap;
	double label_size;   /* category labels */
};

static size_t timeline_years(const struct chart *c)
{
	if (!c->years || !c->ncategories)
		return 0;
	return (size_t)(c->years[c->ncategories - 1] - c->years[0] + 1);
}

static int chart_usable(const struct chart *c, double width)
{
	size_t i, j;

	if (!c || !c->ncategories || !c->nseries || !c->series || !c->categories)
		return 0;
	if (c->ncategories > CHART_MAX_CATEGORIES || c->nseries > CHART_MAX_SERIES)
		return 0;
	/* chart_parse guarantees the rest; a chart built by hand may not */
	for (i = 0; i < c->ncategories; i++)
		if (!c->categories[i])
			return 0;
	for (j = 0; j < c->nseries; j++) {
		if (!c->series[j].values || !c->series[j].label)
			return 0;
		for (i = 0; i < c->ncategories; i++)
			if (!isfinite(c->series[j].values[i]) || c->series[j].values[i] < 0 ||
			    c->series[j].values[i] > CHART_MAX_VALUE)
				return 0;
	}
	if (c->kind == CHART_TIMELINE) {
		if (!c->years)
			return 0;
		for (i = 1; i < c->ncategories; i++)
			if (c->years[i] <= c->years[i - 1])
				return 0;
		if (timeline_years(c) > CHART_MAX_YEARS)
			return 0;
	}
	return isfinite(width) && width >= CHARTDRAW_MIN_WIDTH;
}

static void bar_rows(const struct chart *c, struct layout *L, double max_plot)
{
	double n = (double)c->nseries, group;

	L->row_h = c->nseries == 1 ? 20.0 : 8.0 + 7.5 * n; /* one series: room for labels on two lines */
	if (L->row_h * (double)c->ncategories > max_plot)
		L->row_h = max_plot / (double)c->ncategories;
	if (L->row_h < BAR_ROW_MIN)
		L->row_h = BAR_ROW_MIN;
	/* very crowded charts get smaller category labels */
	L->label_size = L->row_h < 9.2 ? L->row_h * 0.82 : LABEL_SIZE;
	group = L->row_h * (c->nseries == 1 ? 0.62 : 0.74);
	L->bar_gap = group / n > 3.5 && c->nseries > 1 ? 0.8 : 0.0;
	L->bar_h = (group - L->bar_gap * (n - 1)) / n;
	L->plot_h = L->row_h * (double)c->ncategories;
}

/*
 * Legend entries flow left to right and wrap. The rows are decided here,
 * without fonts, from a generous estimate of each label's width (LEGEND_EM
 * per character); drawing then fits each label into that estimate, so a
 * row never overflows and measure and draw agree.
 */
static void legend_rows(const struct chart *c, double width, struct layout *L)
{
	double x = 0, w;
	int row = 0;
	size_t j;

	for (j = 0; j < c->nseries; j++) {
		L->legend_text[j] = (double)utf8_count(c->series[j].label) * LABEL_SIZE * LEGEND_EM;
		if (L->legend_text[j] > LEGEND_TEXT_MAX)
			L->legend_text[j] = LEGEND_TEXT_MAX;
		w = LEGEND_SWATCH + 4 + L->legend_text[j];
		if (x > 0 && x + w > width) {
			row++;
			x = 0;
		}
		L->legend_row[j] = row;
		x += w + LEGEND_SPACE;
	}
	L->legend_h = (double)(row + 1) * LEGEND_ROW + LEGEND_GAP;
}

static void chart_layout(const struct chart *c, double width, struct layout *L)
{
	double line = LABEL_SIZE * LINE_GAP, rest;

	memset(L, 0, sizeof(*L));
	L->label_size = LABEL_SIZE;
	if (c->title && *c->title)
		L->title_h = TITLE_SIZE * LINE_GAP + TITLE_GAP;
	if (c->nseries > 1)
		legend_rows(c, width, L);
	L->axis_h = AXIS_GAP + line;
	if (c->kind == CHART_BAR) {
		if (c->x_title && *c->x_title)
			L->header_h = line + 2;
		if (c->y_title && *c->y_title)
			L->footer_h = line + 2;
		rest = PAD_TOP + L->title_h + L->legend_h + L->header_h + L->axis_h +
		       L->footer_h + PAD_BOTTOM;
		bar_rows(c, L, CHART_MAX_HEIGHT - rest);
	} else {
		if (c->y_title && *c->y_title)
			L->header_h = line + 5;
		L->plot_h = width * 0.34;
		if (L->plot_h < 110)
			L->plot_h = 110;
		if (L->plot_h > 190)
			L->plot_h = 190;
		if (c->x_title && *c->x_title)
			L->footer_h = line + 2;
	}
	L->total = PAD_TOP + L->title_h + L->legend_h + L->header_h + L->plot_h +
		   L->axis_h + L->footer_h + PAD_BOTTOM;
}

int chartdraw_measure(const struct chart *c, double width, double *height)
{
	struct layout L;

	*height = 0;
	if (!chart_usable(c, width))
		return -1;
	chart_layout(c, width, &L);
	*height = L.total;
	return 0;
}

/* ---- drawing helpers ---- */

struct pen {
	struct strbuf *out;
	const struct chartdraw_fonts *f;
	const struct pdf_style *st;
	struct strbuf tmp;
};

static struct rgb mix(struct rgb a, struct rgb b, float t)
{
	struct rgb r = { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
	return r;
}

static const struct rgb white = { 1, 1, 1 };

/* Series j's colour: the one the chart names for it, else its position's. */
static struct rgb series_color(const struct pdf_style *st, const struct chart *c, size_t j)
{
	static const struct rgb fallback = { 0.18f, 0.43f, 0.71f };
	size_t k = c->series[j].color > 0 ? (size_t)(c->series[j].color - 1) : j;

	if (st->nseries <= 0)
		return fallback;
	return st->series[k % (size_t)st->nseries];
}

static void rect(struct pen *p, double x, double y, double w, double h, struct rgb c)
{
	if (w > 0 && h > 0)
		gfx_rect(p->out, c, x, y, w, h);
}

static void hline(struct pen *p, double x0, double x1, double y, double lw, struct rgb c)
{
	gfx_line(p->out, c, lw, x0, y, x1, y);
}

static void vline(struct pen *p, double x, double y0, double y1, double lw, struct rgb c)
{
	gfx_line(p->out, c, lw, x, y0, x, y1);
}

static double text_width(struct pen *p, HPDF_Font font, double size, const char *s)
{
	double w = p->f->width(p->f->ud, font, size, s);
	return isfinite(w) && w > 0 ? w : 0;
}

/*
 * Puts in `out` the longest prefix of s (cut at a character boundary,
 * trailing spaces dropped, followed by an ellipsis) that fits in maxw; s
 * itself when it fits. Binary search over character boundaries.
 */
static void fit(struct pen *p, HPDF_Font font, double size, const char *s,
		double maxw, struct strbuf *out)
{
	size_t bounds[CHART_MAX_LABEL + 2], nb = 0, lo, hi, len = strlen(s), i;

	strbuf_reset(out);
	if (len > CHART_MAX_LABEL)
		len = CHART_MAX_LABEL;
	strbuf_add(out, s, len);
	if (text_width(p, font, size, out->buf) <= maxw)
		return;
	for (i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)s + i;
		bounds[nb++] = i;
		utf8_decode(&u, (const unsigned char *)s + len);
		i = (size_t)(u - (const unsigned char *)s);
	}
	/* bounds[k] = byte length of the first k characters */
	lo = 0;
	hi = nb;
	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2, cut = bounds[mid];
		while (cut > 0 && s[cut - 1] == ' ')
			cut--;
		strbuf_reset(out);
		strbuf_add(out, s, cut);
		strbuf_adds(out, ELLIPSIS);
		if (text_width(p, font, size, out->buf) <= maxw)
			lo = mid;
		else
			hi = mid;
	}
	i = bounds[lo];
	while (i > 0 && s[i - 1] == ' ')
		i--;
	strbuf_reset(out);
	strbuf_add(out, s, i);
	strbuf_adds(out, ELLIPSIS);
}

static void text(struct pen *p, HPDF_Font font, double size, double x, double y,
		 struct rgb c, const char *s)
{
	if (!*s)
		return;
	gfx_fill_color(p->out, c);
	p->f->text(p->f->ud, p->out, font, size, x, y, s);
}

/* Draws s fitted into maxw, aligned 'l', 'r' or 'c' at x. */
static void label(struct pen *p, HPDF_Font font, double size, double x, double y,
		  double maxw, int align, struct rgb c, const char *s)
{
	double w;

	fit(p, font, size, s, maxw, &p->tmp);
	w = align == 'l' ? 0 : text_width(p, font, size, p->tmp.buf);
	if (align == 'r')
		x -= w;
	else if (align == 'c')
		x -= w / 2;
	text(p, font, size, x, y, c, p->tmp.buf);
}

/*
 * Splits a category label over two lines at a space when it is too wide
 * for one, choosing the space that makes the longer of the two lines
 * shortest (balanced lines read better than greedy ones); the second line
 * is shortened with an ellipsis if no split lets it fit. *second is empty
 * when one line is enough or no space gives a first line that fits.
 */
static void wrap2(struct pen *p, HPDF_Font font, double size, const char *s,
		  double maxw, struct strbuf *first, struct strbuf *second)
{
	size_t i, best = 0;
	double w1, w2, score, best_score = 0;

	strbuf_reset(second);
	fit(p, font, size, s, maxw, first);
	if (!strcmp(first->buf, s))
		return;
	for (i = 1; s[i]; i++) {
		if (s[i] != ' ' || s[i - 1] == ' ')
			continue;
		strbuf_reset(first);
		strbuf_add(first, s, i);
		w1 = text_width(p, font, size, first->buf);
		if (w1 > maxw)
			break;
		w2 = text_width(p, font, size, s + i + 1);
		score = w2 > maxw ? 1e6 - w1 : (w1 > w2 ? w1 : w2);
		if (!best || score < best_score) {
			best = i;
			best_score = score;
		}
	}
	if (!best) {
		fit(p, font, size, s, maxw, first);
		return;
	}
	strbuf_reset(first);
	strbuf_add(first, s, best);
	while (s[best] == ' ')
		best++;
	fit(p, font, size, s + best, maxw, second);
}

static void format_value(double v, struct strbuf *out)
{
	strbuf_reset(out);
	chart_format_value(v, out);
}

/* Title and legend; returns the y under them. */
static double draw_head(struct pen *p, const struct chart *c, const struct layout *L,
			double x, double y, double width)
{
	const struct pdf_style *st = p->st;
	size_t j;

	y -= PAD_TOP;
	if (L->title_h > 0) {
		label(p, p->f->bold, TITLE_SIZE, x, y - TITLE_SIZE, width, 'l',
		      st->heading, c->title);
		y -= L->title_h;
	}
	if (L->legend_h > 0) {
		double lx = x, ly = y - LEGEND_ROW + 2.5, tw;
		int row = 0;
		for (j = 0; j < c->nseries; j++) {
			if (L->legend_row[j] != row) {
				row = L->legend_row[j];
				lx = x;
				ly = y - LEGEND_ROW * (row + 1) + 2.5;
			}
			rect(p, lx, ly - 0.4, LEGEND_SWATCH, LEGEND_SWATCH, series_color(st, c, j));
			fit(p, p->f->regular, LABEL_SIZE, c->series[j].label, L->legend_text[j], &p->tmp);
			tw = text_width(p, p->f->regular, LABEL_SIZE, p->tmp.buf);
			text(p, p->f->regular, LABEL_SIZE, lx + LEGEND_SWATCH + 4, ly, st->text,
			     p->tmp.buf);
			lx += LEGEND_SWATCH + 4 + tw + LEGEND_SPACE;
		}
		y -= L->legend_h;
	}
	return y;
}

/* Tick values 0, step, ... top: as many as fit in `avail` points wide,
 * with room for the widest tick label. */
static void value_scale(struct pen *p, double max, double avail, double *step, double *top)
{
	struct strbuf sb = STRBUF_INIT;
	double spacing = 36, w;
	int ticks;

	chart_nice_scale(max, 4, step, top);
	chart_format_value(*top, &sb);
	w = text_width(p, p->f->regular, LABEL_SIZE, sb.buf) + 12;
	if (w > spacing)
		spacing = w;
	ticks = (int)(avail / spacing);
	if (ticks < 1)
		ticks = 1;
	if (ticks > 8)
		ticks = 8;
	chart_nice_scale(max, ticks, step, top);
	strbuf_release(&sb);
}

/* ---- horizontal bars ---- */

/* A category label right-aligned at x, centred on cy; two lines when it
 * is too long for one and the row is tall enough. */
static void draw_category(struct pen *p, const struct layout *L, double x, double cy,
			  double maxw, const char *s, struct strbuf *second)
{
	double size = L->label_size, lh = size * 1.12, w;
	struct rgb color = p->st->text;

	if (L->row_h < 2 * size * 1.12 + 1.5) {
		label(p, p->f->regular, size, x, cy - size * 0.36, maxw, 'r', color, s);
		return;
	}
	wrap2(p, p->f->regular, size, s, maxw, &p->tmp, second);
	if (!second->len) {
		w = text_width(p, p->f->regular, size, p->tmp.buf);
		text(p, p->f->regular, size, x - w, cy - size * 0.36, color, p->tmp.buf);
		return;
	}
	w = text_width(p, p->f->regular, size, p->tmp.buf);
	text(p, p->f->regular, size, x - w, cy + lh / 2 - size * 0.36, color, p->tmp.buf);
	w = text_width(p, p->f->regular, size, second->buf);
	text(p, p->f->regular, size, x - w, cy - lh / 2 - size * 0.36, color, second->buf);
}

/* Width of the category label column: the widest label as it will be
 * drawn (on two lines when it wraps), at most `cap`. */
static double label_column(struct pen *p, const struct chart *c, const struct layout *L,
			   double cap, struct strbuf *second)
{
	double size = L->label_size, col = 0, w, w2;
	int two = L->row_h >= 2 * size * 1.12 + 1.5;
	size_t i;

	for (i = 0; i < c->ncategories; i++) {
		w = text_width(p, p->f->regular, size, c->categories[i]);
		if (w > cap && two) {
			wrap2(p, p->f->regular, size, c->categories[i], cap, &p->tmp, second);
			w = text_width(p, p->f->regular, size, p->tmp.buf);
			w2 = second->len ? text_width(p, p->f->regular, size, second->buf) : 0;
			if (w2 > w)
				w = w2;
		}
		if (w > col)
			col = w;
	}
	if (c->x_title && *c->x_title) {
		w = text_width(p, p->f->bold, LABEL_SIZE, c->x_title);
		if (w > col)
			col = w;
	}
	return col < cap ? col : cap;
}

static void draw_bars(struct pen *p, const struct chart *c, const struct layout *L,
		      double x, double y, double width)
{
	const struct pdf_style *st = p->st;
	struct rgb grid = mix(st->rule, white, 0.35f), axis = mix(st->muted, white, 0.2f);
	struct strbuf v = STRBUF_INIT, second = STRBUF_INIT;
	double label_w = 0, value_w = 0, step, top, plot_x, plot_w, w, yy;
	double max = chart_max_value(c), t;
	size_t i, j;
	int nt, k;

	label_w = label_column(p, c, L, width * 0.4, &second);
	/* room for the value after the longest bar */
	value_scale(p, max, width - label_w - 30, &step, &top);
	format_value(top, &v);
	value_w = text_width(p, p->f->regular, VALUE_SIZE, v.buf) + 6;
	plot_x = x + label_w + 8;
	plot_w = width - (plot_x - x) - value_w;
	if (plot_w < 40)
		plot_w = 40;

	if (L->header_h > 0) {
		label(p, p->f->bold, LABEL_SIZE, plot_x - 8, y - LABEL_SIZE, label_w, 'r',
		      st->muted, c->x_title);
		y -= L->header_h;
	}
	/* grid and tick labels */
	nt = (int)floor(top / step + 0.5);
	for (k = 0; k <= nt; k++) {
		t = step * k;
		w = plot_x + plot_w * (t / top);
		if (k > 0)
			vline(p, w, y - L->plot_h, y, 0.4, grid);
		format_value(t, &v);
		label(p, p->f->regular, LABEL_SIZE, w, y - L->plot_h - AXIS_GAP - LABEL_SIZE,
		      60, 'c', st->muted, v.buf);
	}
	/* rows */
	for (i = 0; i < c->ncategories; i++) {
		double row_top = y - L->row_h * (double)i;
		double group = L->bar_h * (double)c->nseries + L->bar_gap * (double)(c->nseries - 1);
		double gy = row_top - (L->row_h - group) / 2;
		draw_category(p, L, plot_x - 8, row_top - L->row_h / 2, label_w, c->categories[i],
			      &second);
		for (j = 0; j < c->nseries; j++) {
			double val = c->series[j].values[i];
			double bw = plot_w * (val / top);
			double by = gy - L->bar_h * (double)(j + 1) - L->bar_gap * (double)j;
			rect(p, plot_x, by, bw, L->bar_h, series_color(st, c, j));
			if (val > 0 && L->bar_h >= 4.5) {
				double size = L->bar_h >= 7 ? VALUE_SIZE : L->bar_h + 0.5;
				format_value(val, &v);
				text(p, p->f->regular, size, plot_x + bw + 2.5,
				     by + L->bar_h / 2 - size * 0.36, st->muted, v.buf);
			}
		}
	}
	/* the zero line on top of the bars' start */
	vline(p, plot_x, y - L->plot_h - 1.5, y + 1.5, 0.7, axis);
	yy = y - L->plot_h - L->axis_h;
	if (L->footer_h > 0)
		label(p, p->f->regular, LABEL_SIZE, plot_x + plot_w / 2, yy - LABEL_SIZE - 1,
		      plot_w, 'c', st->muted, c->y_title);
	strbuf_release(&v);
	strbuf_release(&second);
}

/* ---- timeline: stacked columns per year ---- */

/* A timeline's columns and scale. */
struct timeline {
	int first;              /* the first year */
	size_t nyears;
	double *total;          /* per year */
	int *index;             /* per year: its category, -1 when none */
	double step, top;       /* tick step and the top of the scale */
	int nt;                 /* ticks above zero */
	double tick_w;          /* widest tick label */
	double plot_x, plot_w, slot, col_w, base;
	double year_w;
	size_t every;           /* a year label every so many years */
};

/* Totals per year, and the scale with headroom for the totals printed
 * above the columns. */
static void timeline_scale(struct pen *p, const struct chart *c, const struct layout *L, struct timeline *T,
			   struct strbuf *v)
{
	size_t i, j;
	int k, ticks;
	double w;

	T->first = c->years[0];
	T->nyears = timeline_years(c);
	T->total = xcalloc(T->nyears, sizeof(*T->total));
	T->index = xcalloc(T->nyears, sizeof(*T->index));
	for (i = 0; i < T->nyears; i++)
		T->index[i] = -1;
	for (i = 0; i < c->ncategories; i++) {
		T->index[c->years[i] - T->first] = (int)i;
		for (j = 0; j < c->nseries; j++)
			T->total[c->years[i] - T->first] += c->series[j].values[i];
	}
	ticks = (int)(L->plot_h / 24);
	if (ticks < 3)
		ticks = 3;
	chart_nice_scale(chart_max_total(c) * 1.1, ticks, &T->step, &T->top);
	T->nt = (int)floor(T->top / T->step + 0.5);
	T->tick_w = 0;
	for (k = 0; k <= T->nt; k++) {
		format_value(T->step * k, v);
		w = text_width(p, p->f->regular, LABEL_SIZE, v->buf);
		if (w > T->tick_w)
			T->tick_w = w;
	}
}

/* Horizontal grid lines and tick labels left of the plot. */
static void timeline_grid(struct pen *p, const struct layout *L, const struct timeline *T, struct rgb grid,
			  struct strbuf *v)
{
	int k;

	for (k = 0; k <= T->nt; k++) {
		double gy = T->base + L->plot_h * (T->step * k / T->top);
		if (k > 0)
			hline(p, T->plot_x, T->plot_x + T->plot_w, gy, 0.4, grid);
		format_value(T->step * k, v);
		label(p, p->f->regular, LABEL_SIZE, T->plot_x - 5, gy - LABEL_SIZE * 0.36, T->tick_w + 1,
		      'r', p->st->muted, v->buf);
	}
}

/* Year i's stacked column, its total above and its label below. */
static void timeline_year(struct pen *p, const struct chart *c, const struct layout *L,
			  const struct timeline *T, size_t i, struct rgb axis, struct strbuf *v)
{
	const struct pdf_style *st = p->st;
	double cx = T->plot_x + T->slot * ((double)i + 0.5), sy = T->base;
	size_t j;

	if (T->index[i] >= 0) {
		for (j = 0; j < c->nseries; j++) {
			double h = L->plot_h * (c->series[j].values[T->index[i]] / T->top);
			if (h <= 0)
				continue;
			/* a hairline of paper between stacked segments */
			if (sy > T->base && h > 1.2)
				rect(p, cx - T->col_w / 2, sy + 0.6, T->col_w, h - 0.6, series_color(st, c, j));
			else
				rect(p, cx - T->col_w / 2, sy, T->col_w, h, series_color(st, c, j));
			sy += h;
		}
	}
	if (T->total[i] > 0 && T->slot >= 9) {
		format_value(T->total[i], v);
		label(p, p->f->regular, VALUE_SIZE, cx, sy + 2.5, T->slot + 4, 'c', st->muted, v->buf);
	}
	if ((T->first + (int)i) % (int)T->every == 0 || T->every == 1) {
		strbuf_reset(v);
		strbuf_addf(v, "%d", T->first + (int)i);
		label(p, p->f->regular, LABEL_SIZE, cx, T->base - AXIS_GAP - LABEL_SIZE, T->year_w * 1.5, 'c',
		      st->muted, v->buf);
		vline(p, cx, T->base, T->base - 2.5, 0.5, axis);
	}
}

static void draw_timeline(struct pen *p, const struct chart *c, const struct layout *L,
			  double x, double y, double width)
{
	const struct pdf_style *st = p->st;
	struct rgb grid = mix(st->rule, white, 0.35f), axis = mix(st->muted, white, 0.2f);
	struct strbuf v = STRBUF_INIT;
	struct timeline T;
	size_t i;

	timeline_scale(p, c, L, &T, &v);
	T.plot_x = x + T.tick_w + 6;
	T.plot_w = width - (T.plot_x - x);
	T.slot = T.plot_w / (double)T.nyears;
	T.col_w = T.slot * 0.64;
	if (T.col_w > 28)
		T.col_w = 28;
	if (L->header_h > 0) {
		label(p, p->f->bold, LABEL_SIZE, x, y - LABEL_SIZE, width, 'l', st->muted, c->y_title);
		y -= L->header_h;
	}
	T.base = y - L->plot_h;
	timeline_grid(p, L, &T, grid, &v);
	/* which years get a label: every 1, 2, 5, 10... so that they fit */
	T.year_w = text_width(p, p->f->regular, LABEL_SIZE, "0000") + 5;
	for (T.every = 1; T.every < T.nyears && T.slot * (double)T.every < T.year_w;)
		T.every = T.every == 1 ? 2 : T.every == 2 ? 5 : T.every * 2;
	for (i = 0; i < T.nyears; i++)
		timeline_year(p, c, L, &T, i, axis, &v);
	hline(p, T.plot_x, T.plot_x + T.plot_w, T.base, 0.7, axis);
	if (L->footer_h > 0)
		label(p, p->f->regular, LABEL_SIZE, T.plot_x + T.plot_w / 2, T.base - L->axis_h - LABEL_SIZE - 1,
		      T.plot_w, 'c', st->muted, c->x_title);
	free(T.total);
	free(T.index);
	strbuf_release(&v);
}

int chartdraw_draw(const struct chart *c, struct strbuf *out, double x,
		   double y_top, double width, const struct chartdraw_fonts *f,
		   const struct pdf_style *st)
{
	struct layout L;
	struct pen p;
	double y;

	if (!chart_usable(c, width) || !f || !f->width || !f->text || !st)
		return -1;
	chart_layout(c, width, &L);
	p.out = out;
	p.f = f;
	p.st = st;
	strbuf_init(&p.tmp, 0);
	/* as libharu's GSave and SetLineCap(HPDF_BUTT_END) write them */
	strbuf_addlit(out, "q\n0 J\n");
	y = draw_head(&p, c, &L, x, y_top, width);
	if (c->kind == CHART_TIMELINE)
		draw_timeline(&p, c, &L, x, y, width);
	else
		draw_bars(&p, c, &L, x, y, width);
	strbuf_addlit(out, "Q\n");
	strbuf_release(&p.tmp);
	return 0;
}
