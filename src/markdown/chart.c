/*
 * chart.c - ```chart blocks: the YAML spec, its validation, and the Mermaid
 * form for the Markdown output.
 *
 * The spec goes through the YAML front end (yaml/doc.h) with the lines of
 * the enclosing Markdown file, and is read with the typed readers
 * (yaml/read.h), so every message points at the offending key or value in
 * that file. All problems of a spec are reported, not only the first.
 */
#include "markdown/chart.h"
#include "markdown/markdown.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "yaml/doc.h"
#include "yaml/read.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/utf8.h"

static const char *const chart_keys[] = {
	"kind", "title", "x", "y", "categories", "series"
};
enum { K_KIND, K_TITLE, K_X, K_Y, K_CATEGORIES, K_SERIES, K__COUNT };
static const char *const series_keys[] = { "label", "values" };
static const char *const kind_names[] = { "bar", "timeline" };

/* Values of one series as read, before the count is checked. */
struct raw_series {
	char *label;
	double *values;
	size_t nvalues;
	int ok;                      /* values read without error */
	const struct ynode *at;      /* the values list */
};

struct chart_reader {
	struct yreport r;
	struct chart *c;
	int have_kind_error;
	int have_categories;
	const struct ynode *categories;
	struct raw_series series[CHART_MAX_SERIES];
	size_t nseries;
};

/* Control characters would break a Mermaid line or a PDF label. */
static void replace_controls(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* A label (a string, or a number as written); NULL after an error. */
static char *read_text(struct chart_reader *rd, const struct ynode *v, const char *what,
		       int allow_empty)
{
	char *s = NULL;
	size_t len;

	if (allow_empty && v->type == YN_SCALAR && v->scalar == YS_STR && !v->len)
		return xstrdup("");
	if (yread_str(&rd->r, v, what, &s))
		return NULL;
	len = strlen(s);
	if (len > CHART_MAX_LABEL) {
		yreport_error(&rd->r, v, "%s is too long (%zu bytes; at most %d)", what, len,
			      CHART_MAX_LABEL);
		free(s);
		return NULL;
	}
	replace_controls(s);
	return s;
}

static void read_kind(struct chart_reader *rd, const struct ynode *v)
{
	int kind;

	if (yread_enum(&rd->r, v, "kind", kind_names, ARRAY_SIZE(kind_names), &kind))
		rd->have_kind_error = 1;
	else
		rd->c->kind = (enum chart_kind)kind;
}

static void read_categories(struct chart_reader *rd, const struct ynode *v)
{
	struct chart *c = rd->c;
	const struct ynode *it;
	size_t i, bad = 0;

	if (!yread_list(&rd->r, v, "categories", 1))
		return;
	if (v->nkids > CHART_MAX_CATEGORIES) {
		yreport_error(&rd->r, v, "too many categories (%zu; at most %d)", v->nkids,
			      CHART_MAX_CATEGORIES);
		return;
	}
	rd->categories = v;
	c->categories = xcalloc(v->nkids, sizeof(*c->categories));
	c->ncategories = v->nkids;
	for (i = 0, it = v->first; it; it = it->next, i++) {
		c->categories[i] = read_text(rd, it, "a category", 0);
		bad += !c->categories[i];
	}
	rd->have_categories = !bad;
}

static void read_values(struct chart_reader *rd, const struct ynode *v, struct raw_series *s)
{
	const struct ynode *it;
	size_t i;

	if (v->type != YN_SEQ) {
		yread_list(&rd->r, v, "values", 1);
		return;
	}
	if (v->nkids > CHART_MAX_CATEGORIES) {
		yreport_error(&rd->r, v, "too many values (%zu; at most %d)", v->nkids,
			      CHART_MAX_CATEGORIES);
		return;
	}
	s->at = v;
	s->values = xcalloc(v->nkids ? v->nkids : 1, sizeof(*s->values));
	s->nvalues = v->nkids;
	s->ok = 1;
	for (i = 0, it = v->first; it; it = it->next, i++)
		if (yread_num_range(&rd->r, it, "a value", 0, CHART_MAX_VALUE, "", &s->values[i]))
			s->ok = 0;
}

static void read_one_series(struct chart_reader *rd, const struct ynode *v,
			    struct raw_series *s)
{
	const struct ynode *f[ARRAY_SIZE(series_keys)];

	if (yread_map(&rd->r, v, "a series", "a series", series_keys, ARRAY_SIZE(series_keys),
		      f))
		return;
	if (f[0])
		s->label = read_text(rd, f[0], "a series label", 0);
	if (yread_need(&rd->r, v, f[1], "values"))
		read_values(rd, f[1], s);
}

static void read_series(struct chart_reader *rd, const struct ynode *v)
{
	const struct ynode *it;
	size_t i;

	if (v->type != YN_SEQ) {
		yread_list(&rd->r, v, "series", 1);
		return;
	}
	if (!v->nkids || v->nkids > CHART_MAX_SERIES) {
		yreport_error(&rd->r, v, "a chart needs 1 to %d series, not %zu",
			      CHART_MAX_SERIES, v->nkids);
		return;
	}
	rd->nseries = v->nkids;
	for (i = 0, it = v->first; it; it = it->next, i++)
		read_one_series(rd, it, &rd->series[i]);
}

static void read_top(struct chart_reader *rd, const struct ynode *root)
{
	struct chart *c = rd->c;
	const struct ynode *f[K__COUNT];

	if (!root) {
		yreport_error(&rd->r, NULL, "a chart must be a mapping, not empty");
		return;
	}
	if (yread_map(&rd->r, root, "a chart", "a chart", chart_keys, K__COUNT, f))
		return;
	if (f[K_KIND])
		read_kind(rd, f[K_KIND]);
	if (f[K_TITLE])
		c->title = read_text(rd, f[K_TITLE], "the title", 1);
	if (f[K_X])
		c->x_title = read_text(rd, f[K_X], "the x axis title", 1);
	if (f[K_Y])
		c->y_title = read_text(rd, f[K_Y], "the y axis title", 1);
	if (yread_need(&rd->r, root, f[K_CATEGORIES], "categories"))
		read_categories(rd, f[K_CATEGORIES]);
	if (yread_need(&rd->r, root, f[K_SERIES], "series"))
		read_series(rd, f[K_SERIES]);
}

/* A year: 1 to 4 digits, 1..9999; -1 otherwise. */
static int parse_year(const char *s)
{
	int y = 0;
	size_t n = 0;

	for (; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= 4)
			return -1;
		y = y * 10 + (s[n] - '0');
	}
	return n && y > 0 ? y : -1;
}

static void check_years(struct chart_reader *rd)
{
	struct chart *c = rd->c;
	const struct ynode *it = rd->categories->first;
	size_t i, n = c->ncategories;
	int bad = 0;

	c->years = xcalloc(n, sizeof(*c->years));
	for (i = 0; i < n; i++, it = it->next) {
		c->years[i] = parse_year(c->categories[i]);
		if (c->years[i] < 0) {
			yreport_error(&rd->r, it, "a timeline category must be a year, not '%s'",
				      c->categories[i]);
			bad = 1;
		} else if (i && !bad && c->years[i] <= c->years[i - 1]) {
			yreport_error(&rd->r, it, "timeline years must increase ('%s' after '%s')",
				      c->categories[i], c->categories[i - 1]);
			bad = 1;
		}
	}
	if (!bad && c->years[n - 1] - c->years[0] + 1 > CHART_MAX_YEARS)
		yreport_error(&rd->r, rd->categories,
			      "a timeline spans at most %d years (%d to %d is %d)",
			      CHART_MAX_YEARS, c->years[0], c->years[n - 1],
			      c->years[n - 1] - c->years[0] + 1);
}

/* Moves the series read into the chart, checking each one's count. */
static void finish_series(struct chart_reader *rd)
{
	struct chart *c = rd->c;
	size_t i;

	for (i = 0; i < rd->nseries; i++) {
		struct raw_series *s = &rd->series[i];
		if (s->ok && rd->have_categories && s->nvalues != c->ncategories)
			yreport_error(&rd->r, s->at, "%zu value%s for %zu categor%s",
				      s->nvalues, s->nvalues == 1 ? "" : "s",
				      c->ncategories, c->ncategories == 1 ? "y" : "ies");
	}
	c->series = xcalloc(rd->nseries ? rd->nseries : 1, sizeof(*c->series));
	c->nseries = rd->nseries;
	for (i = 0; i < rd->nseries; i++) {
		struct raw_series *s = &rd->series[i];
		if (s->label) {
			c->series[i].label = s->label;
		} else {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "Series %zu", i + 1);
			c->series[i].label = strbuf_detach(&sb, NULL);
		}
		c->series[i].values = s->values;
		s->label = NULL;
		s->values = NULL;
	}
}

int chart_parse(const char *text, size_t len, const char *file, int line,
		struct chart *out, struct diags *diags)
{
	struct chart_reader rd;
	struct ydoc doc = YDOC_INIT;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&rd, 0, sizeof(rd));
	yreport_init(&rd.r, diags, file);
	rd.r.line0 = line > 0 ? line - 1 : 0;
	rd.c = out;
	if (!ydoc_parse(&doc, text, len, &rd.r)) {
		read_top(&rd, doc.root);
		finish_series(&rd);
		if (out->kind == CHART_TIMELINE && !rd.have_kind_error && rd.have_categories)
			check_years(&rd);
	}
	for (i = 0; i < CHART_MAX_SERIES; i++) {
		free(rd.series[i].label);
		free(rd.series[i].values);
	}
	ydoc_release(&doc);
	if (rd.r.nerrors) {
		chart_release(out);
		return -1;
	}
	return 0;
}

void chart_release(struct chart *c)
{
	size_t i;

	for (i = 0; c->categories && i < c->ncategories; i++)
		free(c->categories[i]);
	free(c->categories);
	for (i = 0; c->series && i < c->nseries; i++) {
		free(c->series[i].label);
		free(c->series[i].values);
	}
	free(c->series);
	free(c->years);
	free(c->title);
	free(c->x_title);
	free(c->y_title);
	memset(c, 0, sizeof(*c));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void chart_copy(struct chart *dst, const struct chart *src)
{
	size_t i, n = src->ncategories;

	memset(dst, 0, sizeof(*dst));
	dst->kind = src->kind;
	dst->title = dup_or_null(src->title);
	dst->x_title = dup_or_null(src->x_title);
	dst->y_title = dup_or_null(src->y_title);
	dst->ncategories = n;
	dst->categories = xcalloc(n ? n : 1, sizeof(*dst->categories));
	for (i = 0; i < n; i++)
		dst->categories[i] = dup_or_null(src->categories[i]);
	if (src->years) {
		dst->years = xcalloc(n ? n : 1, sizeof(*dst->years));
		memcpy(dst->years, src->years, n * sizeof(*dst->years));
	}
	dst->nseries = src->nseries;
	dst->series = xcalloc(src->nseries ? src->nseries : 1, sizeof(*dst->series));
	for (i = 0; i < src->nseries; i++) {
		dst->series[i].label = dup_or_null(src->series[i].label);
		dst->series[i].color = src->series[i].color;
		dst->series[i].values = xcalloc(n ? n : 1, sizeof(double));
		if (n)
			memcpy(dst->series[i].values, src->series[i].values, n * sizeof(double));
	}
}

/* ---- numbers shared by both outputs ---- */

void chart_nice_scale(double max, int ticks, double *step, double *top)
{
	static const double steps[] = { 1, 2, 2.5, 5, 10 };
	double raw, mag, s = 1;
	size_t i;

	if (ticks < 1)
		ticks = 1;
	if (!(max > 0) || !isfinite(max)) {
		*step = 1;
		*top = 1;
		return;
	}
	raw = max / ticks;
	if (!(raw >= DBL_MIN)) {
		/* A subnormal step (5e-324) would round to 0 and make the ticks
		 * NaN: values that small draw as nothing on a 0..1 axis. */
		*step = 1;
		*top = 1;
		return;
	}
	mag = pow(10, floor(log10(raw)));
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		s = steps[i] * mag;
		if (s == 2.5) /* ticks at 2.5 and 7.5 read badly for counts */
			continue;
		if (s >= raw * (1 - 1e-9))
			break;
	}
	/* Counts read best with whole steps. */
	if (s < 1 && max >= 1)
		s = 1;
	*step = s;
	*top = ceil(max / s - 1e-9) * s;
	if (*top < max)
		*top += s;
}

void chart_format_value(double v, struct strbuf *out)
{
	char buf[64];
	size_t n;

	if (!isfinite(v))
		v = 0;
	snprintf(buf, sizeof(buf), "%.2f", v);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		n--;
	if (n > 0 && buf[n - 1] == '.')
		n--;
	buf[n] = '\0';
	if (!strcmp(buf, "-0"))
		strbuf_adds(out, "0");
	else
		strbuf_adds(out, buf);
}

double chart_max_total(const struct chart *c)
{
	double max = 0, sum;
	size_t i, j;

	for (i = 0; i < c->ncategories; i++) {
		sum = 0;
		for (j = 0; j < c->nseries; j++)
			sum += c->series[j].values[i];
		if (sum > max)
			max = sum;
	}
	return max;
}

double chart_max_value(const struct chart *c)
{
	double max = 0;
	size_t i, j;

	for (j = 0; j < c->nseries; j++)
		for (i = 0; i < c->ncategories; i++)
			if (c->series[j].values[i] > max)
				max = c->series[j].values[i];
	return max;
}

/* ---- Mermaid ---- */

/* The PDF's default series colours, with names for the title legend. */
static const struct {
	const char *hex, *name;
} mermaid_palette[CHART_MAX_SERIES] = {
	{ "#2f6db5", "blue" }, { "#c8553d", "red" }, { "#7a8b99", "grey" },
	{ "#3a9e6f", "green" }, { "#d9a43b", "gold" }, { "#7d5ba6", "purple" },
	{ "#2a9d9f", "teal" }, { "#a0694a", "brown" },
};

/* A quoted Mermaid string: no escapes exist, so '"' becomes '\''. */
static void mermaid_string(struct strbuf *out, const char *s)
{
	strbuf_addc(out, '"');
	for (; *s; s++)
		strbuf_addc(out, *s == '"' ? '\'' : (unsigned char)*s < 0x20 ? ' ' : *s);
	strbuf_addc(out, '"');
}

/* The palette index of series j: its own colour, else its position. */
static size_t series_color(const struct chart *c, size_t j)
{
	int k = c->series[j].color;

	return (k > 0 ? (size_t)(k - 1) : j) % CHART_MAX_SERIES;
}

/*
 * The title, with the series and their colours after it when there are
 * several and all of it stays short enough to be drawn whole (Mermaid
 * cuts a long title, and its key with it). A brief's charts are longer
 * and say their colours in a caption instead.
 */
static void mermaid_title(const struct chart *c, struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;
	size_t j, len;

	if (c->title)
		strbuf_adds(&t, c->title);
	len = t.len;
	if (c->nseries > 1) {
		strbuf_adds(&t, t.len ? " — " : "");
		for (j = 0; j < c->nseries; j++)
			strbuf_addf(&t, "%s%s (%s)", j ? ", " : "", c->series[j].label,
				    mermaid_palette[series_color(c, j)].name);
		if (utf8_count(t.buf) > CHART_MERMAID_TITLE_MAX)
			strbuf_setlen(&t, len);
	}
	if (t.len) {
		strbuf_adds(out, "    title ");
		mermaid_string(out, t.buf);
		strbuf_addc(out, '\n');
	}
	strbuf_release(&t);
}

/*
 * The directive: size, colours in plot order (stacked plots are drawn
 * largest total first), and the value axis without tick labels, whose
 * padding would lift every bar off the axis (a value of 0 would draw a
 * stub) and whose ticks Mermaid places at fractions of a case. A single
 * series prints its values on the bars instead; stacked ones leave the
 * numbers to the table that follows the chart.
 */
static void mermaid_init(const struct chart *c, struct strbuf *out, size_t rows)
{
	size_t j, k, n = c->nseries;
	int height = c->kind == CHART_BAR ? (int)(rows * 34) + 110 : 300;

	if (height < 200)
		height = 200;
	strbuf_addf(out, "%%%%{init: {\"xyChart\": {\"width\": 720, \"height\": %d%s, "
		    "\"yAxis\": {\"showLabel\": false, \"showTick\": false}}, "
		    "\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"",
		    height, n == 1 ? ", \"showDataLabel\": true" : "");
	for (k = 0; k < n; k++) {
		j = n - 1 - k;
		strbuf_addf(out, "%s%s", k ? ", " : "", mermaid_palette[series_color(c, j)].hex);
	}
	strbuf_adds(out, "\"}}}}%%\n");
}

static void mermaid_values(struct strbuf *out, const char *plot, const double *v, size_t n)
{
	size_t i;

	strbuf_addf(out, "    %s [", plot);
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(out, ", ");
		chart_format_value(v[i], out);
	}
	strbuf_adds(out, "]\n");
}

static void mermaid_axis_y(const struct chart *c, struct strbuf *out, double max)
{
	double step, top;

	chart_nice_scale(max, 5, &step, &top);
	strbuf_adds(out, "    y-axis ");
	if (c->y_title && *c->y_title) {
		mermaid_string(out, c->y_title);
		strbuf_addc(out, ' ');
	}
	strbuf_adds(out, "0 --> ");
	chart_format_value(top, out);
	strbuf_addc(out, '\n');
}

static void mermaid_axis_x_start(const struct chart *c, struct strbuf *out)
{
	strbuf_adds(out, "    x-axis ");
	if (c->x_title && *c->x_title) {
		mermaid_string(out, c->x_title);
		strbuf_addc(out, ' ');
	}
	strbuf_addc(out, '[');
}

/* Plot k (from 0) is the running total of series 0..n-1-k at each of
 * the n categories (xychart-beta overlays bars: these read as stacks). */
static void mermaid_stacks(const struct chart *c, struct strbuf *out, const double *const *vals,
			   size_t n)
{
	double *sum = xcalloc(n ? n : 1, sizeof(*sum));
	size_t i, j, k;

	for (k = 0; k < c->nseries; k++) {
		size_t last = c->nseries - 1 - k;
		for (i = 0; i < n; i++) {
			sum[i] = 0;
			for (j = 0; j <= last; j++)
				sum[i] += vals[j][i];
		}
		mermaid_values(out, "bar", sum, n);
	}
	free(sum);
}

static void mermaid_bar(const struct chart *c, struct strbuf *out)
{
	const double **vals = xcalloc(c->nseries, sizeof(*vals));
	size_t i;

	mermaid_init(c, out, c->ncategories);
	strbuf_adds(out, "xychart-beta horizontal\n");
	mermaid_title(c, out);
	mermaid_axis_x_start(c, out);
	for (i = 0; i < c->ncategories; i++) {
		if (i)
			strbuf_adds(out, ", ");
		mermaid_string(out, c->categories[i]);
	}
	strbuf_adds(out, "]\n");
	mermaid_axis_y(c, out, chart_max_total(c));
	for (i = 0; i < c->nseries; i++)
		vals[i] = c->series[i].values;
	mermaid_stacks(c, out, vals, c->ncategories);
	free(vals);
}

/* Columns per year, stacked by series, every year from first to last. */
static void mermaid_timeline(const struct chart *c, struct strbuf *out)
{
	int first = c->years[0], last = c->years[c->ncategories - 1];
	size_t nyears = (size_t)(last - first + 1), i, j;
	double **v = xcalloc(c->nseries, sizeof(*v));

	mermaid_init(c, out, nyears);
	strbuf_adds(out, "xychart-beta\n");
	mermaid_title(c, out);
	mermaid_axis_x_start(c, out);
	for (i = 0; i < nyears; i++)
		strbuf_addf(out, "%s\"%d\"", i ? ", " : "", first + (int)i);
	strbuf_adds(out, "]\n");
	mermaid_axis_y(c, out, chart_max_total(c));
	for (j = 0; j < c->nseries; j++) {
		v[j] = xcalloc(nyears, sizeof(**v));
		for (i = 0; i < c->ncategories; i++)
			v[j][c->years[i] - first] = c->series[j].values[i];
	}
	mermaid_stacks(c, out, (const double *const *)v, nyears);
	for (j = 0; j < c->nseries; j++)
		free(v[j]);
	free(v);
}

void chart_to_mermaid(const struct chart *c, struct strbuf *out)
{
	if (!c->ncategories || !c->nseries)
		return;
	if (c->kind == CHART_TIMELINE && c->years)
		mermaid_timeline(c, out);
	else
		mermaid_bar(c, out);
}

/* ---- the table that stands in for a chart ---- */

/* A table cell: its text shows as it is (markdown_escape_text). */
static void cell(struct strbuf *out, const char *s)
{
	strbuf_adds(out, " ");
	markdown_escape_text(out, s, strlen(s), 1);
	strbuf_adds(out, " |");
}

static int row_is_empty(const struct chart *c, size_t i)
{
	size_t j;

	for (j = 0; j < c->nseries; j++)
		if (c->series[j].values[i] != 0)
			return 0;
	return 1;
}

void chart_to_gfm_table(const struct chart *c, struct strbuf *out)
{
	struct strbuf v = STRBUF_INIT;
	size_t i, j;
	int timeline = c->kind == CHART_TIMELINE;

	if (!c->ncategories || !c->nseries)
		return;
	strbuf_addc(out, '|');
	cell(out, c->x_title && *c->x_title ? c->x_title : timeline ? "Year" : "Category");
	for (j = 0; j < c->nseries; j++)
		cell(out, c->nseries == 1 && c->y_title && *c->y_title ? c->y_title
								    : c->series[j].label);
	strbuf_adds(out, "\n|");
	for (j = 0; j <= c->nseries; j++)
		strbuf_adds(out, j ? " --: |" : " --- |");
	strbuf_addc(out, '\n');
	for (i = 0; i < c->ncategories; i++) {
		if (timeline && row_is_empty(c, i))
			continue;
		strbuf_addc(out, '|');
		cell(out, c->categories[i]);
		for (j = 0; j < c->nseries; j++) {
			strbuf_reset(&v);
			chart_format_value(c->series[j].values[i], &v);
			cell(out, v.buf);
		}
		strbuf_addc(out, '\n');
	}
	strbuf_release(&v);
}
