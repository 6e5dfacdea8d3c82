/*
 * test_chart.c - chart specs (parsing, errors with positions), the Mermaid
 * form, and the vector drawing (writes /tmp/chart-test.pdf to look at).
 */
#include <hpdf.h>
#include <hpdf_pages.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "markdown/chart.h"
#include "pdf/chartdraw.h"
#include "pdf/style.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"

/* Parses `text` as if its first line were line 10 of brief.md. */
static int parse(const char *text, struct chart *c, struct diags *d)
{
	return chart_parse(text, strlen(text), "brief.md", 10, c, d);
}

/* "LINE:COL: message" of the first diagnostic (sorted), in a static buffer. */
static const char *first_diag(struct diags *d)
{
	static char buf[512];
	if (!d->n)
		return "(none)";
	diags_sort(d);
	snprintf(buf, sizeof(buf), "%s:%d:%d: %s", d->v[0].file, d->v[0].line,
		 d->v[0].col, d->v[0].msg);
	return buf;
}

/* Expects parsing to fail with `want` as the first diagnostic. */
static void expect_error(const char *text, const char *want)
{
	struct chart c;
	struct diags d = DIAGS_INIT;
	CHECK_INT(parse(text, &c, &d), -1);
	CHECK_STR(first_diag(&d), want);
	CHECK(c.categories == NULL && c.series == NULL && c.title == NULL);
	chart_release(&c);
	diags_release(&d);
}

static const char *const bar_spec =
	"kind: bar\n"
	"title: Drivers, for and against\n"
	"x: Driver\n"
	"y: Cases\n"
	"categories: [GC pauses and tail latency, Memory safety, \"Learning curve\"]\n"
	"series:\n"
	"  - label: For\n"
	"    values: [3, 5, 0]\n"
	"  - label: Against\n"
	"    values: [1, 0, 2.5]\n";

static void test_parse_ok(void)
{
	TEST("parse a bar chart") {
		struct chart c;
		struct diags d = DIAGS_INIT;
		CHECK_INT(parse(bar_spec, &c, &d), 0);
		CHECK_INT(d.n, 0);
		CHECK_INT(c.kind, CHART_BAR);
		CHECK_STR(c.title, "Drivers, for and against");
		CHECK_STR(c.x_title, "Driver");
		CHECK_STR(c.y_title, "Cases");
		CHECK_INT(c.ncategories, 3);
		CHECK_STR(c.categories[0], "GC pauses and tail latency");
		CHECK_STR(c.categories[2], "Learning curve");
		CHECK_INT(c.nseries, 2);
		CHECK_STR(c.series[1].label, "Against");
		CHECK(c.series[1].values[2] == 2.5);
		CHECK(fabs(chart_max_total(&c) - 5) < 1e-9);
		CHECK(fabs(chart_max_value(&c) - 5) < 1e-9);
		chart_release(&c);
		chart_release(&c); /* twice is harmless */
		diags_release(&d);
	}
	TEST("parse a timeline; defaults") {
		struct chart c;
		struct diags d = DIAGS_INIT;
		CHECK_INT(parse("kind: timeline\ncategories: [2015, \"2019\", 2024]\n"
				"series:\n  - values: [1, 2, 3]\n", &c, &d), 0);
		CHECK_INT(c.kind, CHART_TIMELINE);
		CHECK(c.title == NULL && c.x_title == NULL);
		CHECK_STR(c.series[0].label, "Series 1");
		CHECK(c.years && c.years[0] == 2015 && c.years[1] == 2019 && c.years[2] == 2024);
		chart_release(&c);
		diags_release(&d);
	}
	TEST("kind defaults to bar; numbers as labels; controls become spaces") {
		struct chart c;
		struct diags d = DIAGS_INIT;
		CHECK_INT(parse("title: \"a\\tb\"\ncategories: [1, 2.5]\nseries: [{label: x, values: [0, 1e3]}]\n",
				&c, &d), 0);
		CHECK_INT(c.kind, CHART_BAR);
		CHECK_STR(c.title, "a b");
		CHECK_STR(c.categories[0], "1");
		CHECK_STR(c.categories[1], "2.5");
		CHECK(c.series[0].values[1] == 1000);
		chart_release(&c);
		diags_release(&d);
	}
}

static void test_parse_errors(void)
{
	TEST("unknown key with a hint, at the key, offset into the file") {
		expect_error("kind: bar\ntitel: x\ncategories: [a]\nseries: [{values: [1]}]\n",
			     "brief.md:11:1: unknown key 'titel' in a chart (did you mean 'title'?)");
		expect_error("categories: [a]\nseries:\n  - values: [1]\n    lable: y\n",
			     "brief.md:13:5: unknown key 'lable' in a series (did you mean 'label'?)");
		expect_error("categories: [a]\nseries: [{values: [1]}]\nzzzzzz: 1\n",
			     "brief.md:12:1: unknown key 'zzzzzz' in a chart");
	}
	TEST("bad kind") {
		expect_error("kind: bars\ncategories: [a]\nseries: [{values: [1]}]\n",
			     "brief.md:10:7: kind must be one of bar, timeline, not 'bars' (did you mean 'bar'?)");
		expect_error("kind: [bar]\ncategories: [a]\nseries: [{values: [1]}]\n",
			     "brief.md:10:7: kind must be one of bar, timeline, not a list");
	}
	TEST("value counts, types and ranges") {
		expect_error("categories: [a, b]\nseries:\n  - label: s\n    values: [1]\n",
			     "brief.md:13:13: 1 value for 2 categories");
		expect_error("categories: [a]\nseries:\n  - values: [-1]\n",
			     "brief.md:12:14: a value is -1; it must be from 0 to 1e+12");
		expect_error("categories: [a]\nseries:\n  - values: [1e13]\n",
			     "brief.md:12:14: a value is 1e+13; it must be from 0 to 1e+12");
		expect_error("categories: [a]\nseries:\n  - values: [.inf]\n",
			     "brief.md:12:14: a value must be a finite decimal number, not '.inf'");
		expect_error("categories: [a, b]\nseries:\n  - values: [1, x]\n",
			     "brief.md:12:17: a value must be a number, not a string");
		expect_error("categories: [a]\nseries:\n  - values: 3\n",
			     "brief.md:12:13: values must be a list, not an integer");
		expect_error("categories: [a]\nseries:\n  - label: s\n",
			     "brief.md:12:5: missing required key 'values'");
	}
	TEST("categories and series bounds") {
		struct strbuf sb = STRBUF_INIT;
		int i;
		expect_error("categories: []\nseries: [{values: []}]\n",
			     "brief.md:10:13: categories must list at least one item");
		expect_error("series: [{values: [1]}]\n",
			     "brief.md:10:1: missing required key 'categories'");
		expect_error("categories: [a]\n",
			     "brief.md:10:1: missing required key 'series'");
		expect_error("categories: [a]\nseries: []\n",
			     "brief.md:11:9: a chart needs 1 to 8 series, not 0");
		expect_error("categories: a\nseries: [{values: [1]}]\n",
			     "brief.md:10:13: categories must be a list, not a string");
		expect_error("categories: [a, '']\nseries: [{values: [1, 2]}]\n",
			     "brief.md:10:17: a category must not be empty");
		strbuf_adds(&sb, "categories: [");
		for (i = 0; i <= CHART_MAX_CATEGORIES; i++)
			strbuf_addf(&sb, "%sc%d", i ? ", " : "", i);
		strbuf_adds(&sb, "]\nseries: [{values: [1]}]\n");
		expect_error(sb.buf, "brief.md:10:13: too many categories (65; at most 64)");
		strbuf_reset(&sb);
		strbuf_adds(&sb, "categories: [a]\nseries:\n");
		for (i = 0; i <= CHART_MAX_SERIES; i++)
			strbuf_adds(&sb, "  - values: [1]\n");
		expect_error(sb.buf, "brief.md:12:3: a chart needs 1 to 8 series, not 9");
		strbuf_reset(&sb);
		strbuf_adds(&sb, "title: ");
		for (i = 0; i < 300; i++)
			strbuf_addc(&sb, 'x');
		strbuf_adds(&sb, "\ncategories: [a]\nseries: [{values: [1]}]\n");
		expect_error(sb.buf, "brief.md:10:8: the title is too long (300 bytes; at most 200)");
		strbuf_release(&sb);
	}
	TEST("timeline years") {
		expect_error("kind: timeline\ncategories: [2019, soon]\nseries: [{values: [1, 2]}]\n",
			     "brief.md:11:20: a timeline category must be a year, not 'soon'");
		expect_error("kind: timeline\ncategories: [2020, 2019]\nseries: [{values: [1, 2]}]\n",
			     "brief.md:11:20: timeline years must increase ('2019' after '2020')");
		expect_error("kind: timeline\ncategories: [1900, 2020]\nseries: [{values: [1, 2]}]\n",
			     "brief.md:11:13: a timeline spans at most 100 years (1900 to 2020 is 121)");
	}
	TEST("not a mapping; YAML syntax errors") {
		expect_error("- a\n- b\n", "brief.md:10:1: a chart must be a mapping, not a list");
		{
			struct chart c;
			struct diags d = DIAGS_INIT;
			CHECK_INT(parse("categories: [a\n", &c, &d), -1);
			CHECK(d.n >= 1 && d.v[0].line >= 10);
			chart_release(&c);
			diags_release(&d);
		}
	}
	TEST("every error is reported") {
		struct chart c;
		struct diags d = DIAGS_INIT;
		CHECK_INT(parse("kind: pie\ntitel: x\ncategories: [a]\nseries: [{values: [-1], colour: red}]\n",
				&c, &d), -1);
		CHECK_INT(d.nerrors, 4);
		chart_release(&c);
		diags_release(&d);
	}
}

/* Mutated specs: nothing may crash or leak, whatever the result. */
static void test_hostile(void)
{
	TEST("mutated specs") {
		unsigned long long seed = 42;
		size_t len = strlen(bar_spec), i, k;
		char *buf = malloc(len + 1);
		int ok = 0;
		for (i = 0; i < 3000; i++) {
			struct chart c;
			struct diags d = DIAGS_INIT;
			struct strbuf m = STRBUF_INIT;
			memcpy(buf, bar_spec, len + 1);
			for (k = 0; k < 1 + i % 4; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				static const char alphabet[] = " :-[],{}\"'#&*!|>0123456789abxyz\n\t";
				buf[(seed >> 33) % len] = alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
			}
			if (chart_parse(buf, len, "m.md", 1, &c, &d) == 0) {
				double h;
				ok++;
				chart_to_mermaid(&c, &m);
				CHECK(m.len > 0);
				CHECK(chartdraw_measure(&c, 300, &h) == 0 && h > 0 && h <= 600);
			} else {
				CHECK(d.nerrors > 0);
			}
			chart_release(&c);
			strbuf_release(&m);
			diags_release(&d);
		}
		CHECK(ok > 0);
		free(buf);
	}
	TEST("deep nesting and aliases are refused") {
		struct chart c;
		struct diags d = DIAGS_INIT;
		struct strbuf sb = STRBUF_INIT;
		int k;
		for (k = 0; k < 10000; k++)
			strbuf_addc(&sb, '[');
		CHECK_INT(parse(sb.buf, &c, &d), -1);
		CHECK_INT(parse("a: &x [1]\nb: *x\n", &c, &d), -1);
		strbuf_release(&sb);
		diags_release(&d);
	}
}

static char *mermaid(const char *spec)
{
	struct chart c;
	struct diags d = DIAGS_INIT;
	struct strbuf sb = STRBUF_INIT;

	if (parse(spec, &c, &d) == 0)
		chart_to_mermaid(&c, &sb);
	else
		diags_print(&d, stderr);
	chart_release(&c);
	diags_release(&d);
	return strbuf_detach(&sb, NULL);
}

static void test_mermaid(void)
{
	TEST("mermaid bar: stacked by running totals, legend in the title") {
		char *m = mermaid(bar_spec);
		CHECK_STR(m,
			  "%%{init: {\"xyChart\": {\"width\": 720, \"height\": 212, \"yAxis\": "
			  "{\"showLabel\": false, \"showTick\": false}}, \"themeVariables\": "
			  "{\"xyChart\": {\"plotColorPalette\": \"#c8553d, #2f6db5\"}}}}%%\n"
			  "xychart-beta horizontal\n"
			  "    title \"Drivers, for and against — For (blue), Against (red)\"\n"
			  "    x-axis \"Driver\" [\"GC pauses and tail latency\", \"Memory safety\", \"Learning curve\"]\n"
			  "    y-axis \"Cases\" 0 --> 5\n"
			  "    bar [4, 5, 2.5]\n"
			  "    bar [3, 5, 0]\n");
		free(m);
	}
	TEST("mermaid bar with one series: data labels, quotes replaced") {
		char *m = mermaid("title: 'Say \"no\"'\ncategories: ['a \"b\"']\nseries: [{values: [7]}]\n");
		CHECK_STR(m,
			  "%%{init: {\"xyChart\": {\"width\": 720, \"height\": 200, \"showDataLabel\": true, "
			  "\"yAxis\": {\"showLabel\": false, \"showTick\": false}}, "
			  "\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"#2f6db5\"}}}}%%\n"
			  "xychart-beta horizontal\n"
			  "    title \"Say 'no'\"\n"
			  "    x-axis [\"a 'b'\"]\n"
			  "    y-axis 0 --> 8\n"
			  "    bar [7]\n");
		free(m);
	}
	TEST("mermaid timeline: a column for every year, stacked") {
		char *m = mermaid("kind: timeline\ntitle: Cases by year\ny: Cases\n"
				  "categories: [2019, 2022]\n"
				  "series:\n  - label: Moved\n    values: [1, 4]\n"
				  "  - label: Declined\n    values: [0, 2]\n");
		CHECK_STR(m,
			  "%%{init: {\"xyChart\": {\"width\": 720, \"height\": 300, \"yAxis\": "
			  "{\"showLabel\": false, \"showTick\": false}}, \"themeVariables\": "
			  "{\"xyChart\": {\"plotColorPalette\": \"#c8553d, #2f6db5\"}}}}%%\n"
			  "xychart-beta\n"
			  "    title \"Cases by year — Moved (blue), Declined (red)\"\n"
			  "    x-axis [\"2019\", \"2020\", \"2021\", \"2022\"]\n"
			  "    y-axis \"Cases\" 0 --> 6\n"
			  "    bar [1, 0, 0, 6]\n"
			  "    bar [1, 0, 0, 4]\n");
		free(m);
	}
	TEST("mermaid: a long key leaves the title; a series' own colour") {
		char *m = mermaid("title: Why teams chose it, and why the others did not\n"
				  "categories: [a]\nseries:\n  - label: For the subject\n    values: [1]\n"
				  "  - label: Against the subject\n    values: [2]\n");
		CHECK(strstr(m, "    title \"Why teams chose it, and why the others did not\"\n") != NULL);
		free(m);
		{
			struct chart c;
			struct diags d = DIAGS_INIT;
			struct strbuf sb = STRBUF_INIT;
			CHECK_INT(parse("categories: [a]\nseries: [{values: [1]}]\n", &c, &d), 0);
			c.series[0].color = 2;
			chart_to_mermaid(&c, &sb);
			CHECK(strstr(sb.buf, "\"plotColorPalette\": \"#c8553d\"") != NULL);
			chart_release(&c);
			strbuf_release(&sb);
			diags_release(&d);
		}
	}
	TEST("gfm table: a row per category, a timeline's empty years left out") {
		struct chart c;
		struct diags d = DIAGS_INIT;
		struct strbuf sb = STRBUF_INIT;
		CHECK_INT(parse(bar_spec, &c, &d), 0);
		chart_to_gfm_table(&c, &sb);
		CHECK_STR(sb.buf, "| Driver | For | Against |\n| --- | --: | --: |\n"
				  "| GC pauses and tail latency | 3 | 1 |\n| Memory safety | 5 | 0 |\n"
				  "| Learning curve | 0 | 2\\.5 |\n");
		chart_release(&c);
		strbuf_reset(&sb);
		CHECK_INT(parse("kind: timeline\ncategories: [2019, 2020, 2021]\n"
				"series: [{label: 'a|b', values: [1, 0, 2]}]\n", &c, &d), 0);
		chart_to_gfm_table(&c, &sb);
		CHECK_STR(sb.buf, "| Year | a\\|b |\n| --- | --: |\n| 2019 | 1 |\n| 2021 | 2 |\n");
		chart_release(&c);
		strbuf_release(&sb);
		diags_release(&d);
	}
	TEST("numbers") {
		double step, top;
		struct strbuf sb = STRBUF_INIT;
		chart_nice_scale(7, 5, &step, &top);
		CHECK(step == 2 && top == 8);
		chart_nice_scale(5, 5, &step, &top);
		CHECK(step == 1 && top == 5);
		chart_nice_scale(0, 5, &step, &top);
		CHECK(step == 1 && top == 1);
		chart_nice_scale(0.3, 3, &step, &top);
		CHECK(fabs(step - 0.1) < 1e-12 && fabs(top - 0.3) < 1e-12);
		chart_nice_scale(1234, 4, &step, &top);
		CHECK(step == 500 && top == 1500);
		chart_format_value(2.5, &sb);
		strbuf_addc(&sb, ' ');
		chart_format_value(1200, &sb);
		strbuf_addc(&sb, ' ');
		chart_format_value(1e12, &sb);
		strbuf_addc(&sb, ' ');
		chart_format_value(0.333333, &sb);
		CHECK_STR(sb.buf, "2.5 1200 1000000000000 0.33");
		strbuf_release(&sb);
	}
}

/* ---- drawing ---- */

static void on_hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *ud)
{
	int *failed = ud;
	fprintf(stderr, "libharu error 0x%04x (detail %u)\n", (unsigned)e, (unsigned)detail);
	(*failed)++;
}

static double cb_width(void *ud, HPDF_Font font, double size, const char *s)
{
	HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s, (HPDF_UINT)strlen(s));
	(void)ud;
	return tw.width * size / 1000.0;
}

/* The chart's operators so far into the page, ahead of libharu's own. */
static void flush(struct strbuf *out, HPDF_Page page)
{
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)out->buf,
			  (HPDF_UINT)out->len);
	strbuf_reset(out);
}

static HPDF_Page cur_page;

static void cb_text(void *ud, struct strbuf *out, HPDF_Font font, double size,
		    double x, double y, const char *s)
{
	HPDF_Page page = cur_page;

	(void)ud;
	flush(out, page);
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
	HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, s);
	HPDF_Page_EndText(page);
}

static HPDF_Font load_font(HPDF_Doc pdf, const char *file)
{
	const char *name = HPDF_LoadTTFontFromFile(pdf, file, HPDF_TRUE);
	return name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
}

static int parse_ok(const char *spec, struct chart *c)
{
	struct diags d = DIAGS_INIT;
	int ret = parse(spec, c, &d);
	diags_print(&d, stderr);
	diags_release(&d);
	return ret;
}

static const char *const many_spec =
	"title: A crowded chart with a long title that must be cut short before it runs past the right edge of the plot\n"
	"x: Tag\n"
	"categories: [Garbage-collector pauses and tail latency, Memory safety, Control over memory layout and hardware,"
	" Developer productivity, Ecosystem and library maturity (incl. async), Learning curve, \"Hiring, skills and outside contributors\","
	" Cross-platform reach, One shared core for many clients or SDKs, Compile times, Cyclic and graph-shaped data structures,"
	" Refactoring forced by the borrow checker, Start-up time, Throughput]\n"
	"series:\n"
	"  - label: Moved to Rust\n    values: [6, 8, 3, 4, 1, 0, 1, 2, 3, 0, 0, 0, 2, 5]\n"
	"  - label: Adopted\n    values: [1, 4, 2, 2, 0, 1, 2, 1, 2, 0, 0, 0, 1, 2]\n"
	"  - label: Decided against, with a rather long legend label that gets cut\n    values: [0, 0, 0, 1, 3, 4, 2, 0, 0, 3, 2, 3, 0, 0]\n";

static void test_draw(void)
{
	TEST("measure") {
		struct chart c;
		double h = -1, h2;
		CHECK_INT(parse_ok(bar_spec, &c), 0);
		CHECK_INT(chartdraw_measure(&c, 100, &h), -1);
		CHECK(h == 0);
		CHECK_INT(chartdraw_measure(&c, 400, &h), 0);
		CHECK(h > 60 && h < 200);
		CHECK_INT(chartdraw_measure(&c, 300, &h2), 0);
		CHECK(h2 >= h);
		c.series[0].values[1] = NAN; /* a chart built by hand, badly */
		CHECK_INT(chartdraw_measure(&c, 400, &h), -1);
		c.series[0].values[1] = -1;
		CHECK_INT(chartdraw_measure(&c, 400, &h), -1);
		chart_release(&c);
		CHECK_INT(parse_ok("kind: timeline\ncategories: [2001, 2003]\nseries: [{values: [1, 2]}]\n", &c), 0);
		CHECK_INT(chartdraw_measure(&c, 400, &h), 0);
		c.years[1] = 1999;
		CHECK_INT(chartdraw_measure(&c, 400, &h), -1);
		chart_release(&c);
		CHECK_INT(chartdraw_measure(&c, 400, &h), -1); /* empty chart */
	}
	TEST("draw both kinds into /tmp/chart-test.pdf") {
		static const char *const specs[] = {
			NULL, /* bar_spec */
			"kind: timeline\ntitle: Case studies by year\ny: Cases\nx: Year\n"
			"categories: [2013, 2015, 2016, 2017, 2019, 2020, 2022, 2023, 2024, 2025]\n"
			"series:\n  - label: Moved to Rust\n    values: [0, 0, 0, 1, 2, 3, 2, 3, 4, 5]\n"
			"  - label: Adopted Go\n    values: [1, 2, 2, 0, 0, 0, 0, 0, 0, 0]\n"
			"  - label: Decided against\n    values: [0, 0, 0, 0, 0, 0, 0, 1, 2, 1]\n",
			NULL, /* many_spec */
			"title: One series\ncategories: [Memory safety, Performance]\nseries: [{label: Cases, values: [12, 7]}]\n",
			"kind: timeline\ntitle: Long span, narrow\ncategories: [1930, 2029]\nseries: [{values: [3, 1]}]\n",
			NULL, /* many_spec, narrow: labels wrap onto two lines */
			"title: Big numbers\ncategories: [a, b]\nseries: [{values: [999999999999, 12345678.5]}]\n",
		};
		struct pdf_style st;
		struct strbuf ops = STRBUF_INIT;
		struct chartdraw_fonts f;
		struct stat stbuf;
		HPDF_Doc pdf;
		HPDF_Page page = NULL;
		int failed = 0;
		size_t i;
		double y = 0, h;

		pdf_style_defaults(&st);
		pdf = HPDF_New(on_hpdf_error, &failed);
		CHECK(pdf != NULL);
		HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
		HPDF_UseUTFEncodings(pdf);
		HPDF_SetCurrentEncoder(pdf, "UTF-8");
		memset(&f, 0, sizeof(f));
		f.regular = load_font(pdf, "fonts/NotoSans-Regular.ttf");
		f.bold = load_font(pdf, "fonts/NotoSans-Bold.ttf");
		f.width = cb_width;
		f.text = cb_text;
		CHECK(f.regular && f.bold);
		for (i = 0; i < ARRAY_SIZE(specs); i++) {
			struct chart c;
			double width = i == 4 ? 200 : i == 5 || i == 6 ? 300 : 451;
			const char *spec = i == 0 ? bar_spec : i == 2 || i == 5 ? many_spec : specs[i];
			if (parse_ok(spec, &c) < 0) {
				CHECK(!"spec parses");
				continue;
			}
			CHECK_INT(chartdraw_measure(&c, width, &h), 0);
			if (!page || y - h < 72) {
				page = HPDF_AddPage(pdf);
				HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
				y = HPDF_Page_GetHeight(page) - 72;
			}
			/* a hairline box shows the measured extent */
			HPDF_Page_SetRGBStroke(page, 0.9f, 0.9f, 0.9f);
			HPDF_Page_SetLineWidth(page, 0.2f);
			HPDF_Page_Rectangle(page, 72, (HPDF_REAL)(y - h), (HPDF_REAL)width, (HPDF_REAL)h);
			HPDF_Page_Stroke(page);
			cur_page = page;
			CHECK_INT(chartdraw_draw(&c, &ops, 72, y, width, &f, &st), 0);
			flush(&ops, page);
			y -= h + 24;
			chart_release(&c);
		}
		/* the biggest chart allowed, at the narrowest width: still one page */
		{
			struct strbuf sb = STRBUF_INIT;
			struct chart c;
			int k, m;
			strbuf_adds(&sb, "title: \"");
			for (k = 0; k < 95; k++)
				strbuf_adds(&sb, "\xc3\xa9");
			strbuf_adds(&sb, "\"\ncategories:\n");
			for (k = 0; k < CHART_MAX_CATEGORIES; k++) {
				strbuf_addf(&sb, "  - \"%d ", k);
				for (m = 0; m < 45; m++)
					strbuf_adds(&sb, "\xc3\xbc ");
				strbuf_adds(&sb, "\"\n");
			}
			strbuf_adds(&sb, "series:\n");
			for (k = 0; k < CHART_MAX_SERIES; k++) {
				strbuf_addf(&sb, "  - label: series %d with a label far too long for the legend column\n    values: [", k);
				for (m = 0; m < CHART_MAX_CATEGORIES; m++)
					strbuf_addf(&sb, "%s%d", m ? ", " : "", (k * 7 + m * 3) % 11 * 1000);
				strbuf_adds(&sb, "]\n");
			}
			CHECK_INT(parse_ok(sb.buf, &c), 0);
			CHECK_INT(chartdraw_measure(&c, CHARTDRAW_MIN_WIDTH, &h), 0);
			CHECK(h < 648); /* fits a Letter page inside 1in margins */
			page = HPDF_AddPage(pdf);
			HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
			cur_page = page;
			CHECK_INT(chartdraw_draw(&c, &ops, 72, HPDF_Page_GetHeight(page) - 72,
						 CHARTDRAW_MIN_WIDTH, &f, &st), 0);
			CHECK_INT(chartdraw_draw(&c, &ops, 72, 100, 100, &f, &st), -1);
			flush(&ops, page);
			chart_release(&c);
			strbuf_release(&sb);
		}
		strbuf_release(&ops);
		CHECK_INT(HPDF_SaveToFile(pdf, "/tmp/chart-test.pdf"), HPDF_OK);
		CHECK_INT(failed, 0);
		CHECK(stat("/tmp/chart-test.pdf", &stbuf) == 0 && stbuf.st_size > 1000);
		HPDF_Free(pdf);
		pdf_style_release(&st);
	}
}

void run_tests(void)
{
	test_parse_ok();
	test_parse_errors();
	test_hostile();
	test_mermaid();
	test_draw();
}
