/*
 * test_style.c - PDF style: defaults, the shipped templates/style.yaml,
 * a full override, and each kind of error with its position.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/style.h"
#include "t.h"
#include "base/diag.h"
#include "base/file.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) < 1e-3)

static int rgb_is(struct rgb c, int r, int g, int b)
{
	return NEAR(c.r * 255, r) && NEAR(c.g * 255, g) && NEAR(c.b * 255, b);
}

static int load(struct pdf_style *s, const char *text, struct diags *d)
{
	return pdf_style_load_text(s, text, strlen(text), "style.yaml", d);
}

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

/* Loading `text` over the defaults fails with `want` first. */
static void expect_error(const char *text, const char *want)
{
	struct pdf_style s;
	struct diags d = DIAGS_INIT;

	pdf_style_defaults(&s);
	CHECK_INT(load(&s, text, &d), -1);
	CHECK_STR(first_diag(&d), want);
	pdf_style_release(&s);
	diags_release(&d);
}

static int same_style(const struct pdf_style *a, const struct pdf_style *b)
{
	int i;

	if (!NEAR(a->page_w, b->page_w) || !NEAR(a->page_h, b->page_h) ||
	    !NEAR(a->margin_top, b->margin_top) || !NEAR(a->margin_bottom, b->margin_bottom) ||
	    !NEAR(a->margin_left, b->margin_left) || !NEAR(a->margin_right, b->margin_right) ||
	    !NEAR(a->body, b->body) || !NEAR(a->leading, b->leading) || !NEAR(a->h1, b->h1) ||
	    !NEAR(a->h2, b->h2) || !NEAR(a->h3, b->h3) || !NEAR(a->code, b->code) ||
	    !NEAR(a->table, b->table) || !NEAR(a->small, b->small))
		return 0;
	for (i = 0; i < FONT__COUNT; i++)
		if (strcmp(a->fonts[i], b->fonts[i]))
			return 0;
	if (memcmp(&a->text, &b->text, sizeof(struct rgb) * 9))
		return 0;
	if (a->nseries != b->nseries ||
	    memcmp(a->series, b->series, sizeof(struct rgb) * (size_t)a->nseries))
		return 0;
	return !strcmp(a->lang, b->lang) && a->hyphenate == b->hyphenate &&
	       a->justify == b->justify;
}

static void test_defaults(void)
{
	TEST("defaults") {
		struct pdf_style s;
		pdf_style_defaults(&s);
		CHECK(NEAR(s.page_w, 595.276) && NEAR(s.page_h, 841.89));
		CHECK(NEAR(s.margin_left, 72) && NEAR(s.margin_top, 72));
		CHECK(NEAR(s.body, 10.5) && NEAR(s.leading, 1.35));
		CHECK_STR(s.fonts[FONT_SERIF], "NotoSerif-Regular.ttf");
		CHECK_STR(s.fonts[FONT_FALLBACK], "DejaVuSans.ttf");
		CHECK(rgb_is(s.text, 0x1a, 0x1a, 0x1a));
		CHECK(rgb_is(s.heading, 0x12, 0x3b, 0x5c));
		CHECK_INT(s.nseries, 8);
		CHECK(rgb_is(s.series[0], 0x2f, 0x6d, 0xb5));
		CHECK(rgb_is(s.series[1], 0xc8, 0x55, 0x3d));
		CHECK_STR(s.lang, "en_US");
		CHECK(s.hyphenate && s.justify);
		pdf_style_release(&s);
	}
	TEST("the shipped style.yaml states the defaults") {
		struct pdf_style s, def;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&def);
		pdf_style_defaults(&s);
		CHECK_INT(pdf_style_load(&s, "templates/style.yaml", &d), 0);
		CHECK_INT(d.n, 0);
		diags_print(&d, stderr);
		CHECK(same_style(&s, &def));
		pdf_style_release(&s);
		pdf_style_release(&def);
		diags_release(&d);
	}
	TEST("an empty file changes nothing") {
		struct pdf_style s, def;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&def);
		pdf_style_defaults(&s);
		CHECK_INT(load(&s, "", &d), 0);
		CHECK_INT(load(&s, "# only a comment\n", &d), 0);
		CHECK(same_style(&s, &def));
		pdf_style_release(&s);
		pdf_style_release(&def);
		diags_release(&d);
	}
	TEST("a missing file") {
		struct pdf_style s;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&s);
		CHECK_INT(pdf_style_load(&s, "/nonexistent/style.yaml", &d), -1);
		pdf_style_release(&s);
		diags_release(&d);
	}
}

static void test_override(void)
{
	TEST("a full override") {
		struct pdf_style s;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&s);
		CHECK_INT(load(&s,
			       "page:\n"
			       "  size: letter\n"
			       "  margin: { top: 1in, bottom: \"20mm\", left: 2cm, right: 54 }\n"
			       "sizes: { body: 11, leading: 1.4, h1: 22, h2: 16, h3: 13, code: 9, table: 9.5, small: 7.5 }\n"
			       "fonts:\n"
			       "  serif: A.ttf\n  serif_bold: B.ttf\n  serif_italic: C.ttf\n"
			       "  serif_bold_italic: D.ttf\n  sans: E.ttf\n  sans_bold: F.ttf\n"
			       "  mono: G.TTF\n  fallback: H.ttf\n"
			       "colors:\n"
			       "  text: \"#000000\"\n  heading: \"#FF0000\"\n  link: '#00ff00'\n"
			       "  rule: \"#0000ff\"\n  callout_bg: \"#010203\"\n  callout_bar: \"#040506\"\n"
			       "  code_bg: \"#070809\"\n  table_header_bg: \"#0a0b0c\"\n  muted: \"#0d0e0f\"\n"
			       "  series: [\"#111111\", \"#222222\"]\n"
			       "text: { lang: de_DE, hyphenate: false, justify: false }\n",
			       &d), 0);
		diags_print(&d, stderr);
		CHECK(NEAR(s.page_w, 612) && NEAR(s.page_h, 792));
		CHECK(NEAR(s.margin_top, 72));
		CHECK(NEAR(s.margin_bottom, 20 * 72 / 25.4));
		CHECK(NEAR(s.margin_left, 2 * 72 / 2.54));
		CHECK(NEAR(s.margin_right, 54));
		CHECK(NEAR(s.body, 11) && NEAR(s.leading, 1.4) && NEAR(s.h1, 22) && NEAR(s.h2, 16));
		CHECK(NEAR(s.h3, 13) && NEAR(s.code, 9) && NEAR(s.table, 9.5) && NEAR(s.small, 7.5));
		CHECK_STR(s.fonts[FONT_SERIF], "A.ttf");
		CHECK_STR(s.fonts[FONT_SERIF_BOLD_ITALIC], "D.ttf");
		CHECK_STR(s.fonts[FONT_MONO], "G.TTF");
		CHECK_STR(s.fonts[FONT_FALLBACK], "H.ttf");
		CHECK(rgb_is(s.text, 0, 0, 0));
		CHECK(rgb_is(s.heading, 255, 0, 0));
		CHECK(rgb_is(s.link, 0, 255, 0));
		CHECK(rgb_is(s.rule, 0, 0, 255));
		CHECK(rgb_is(s.callout_bg, 1, 2, 3));
		CHECK(rgb_is(s.muted, 13, 14, 15));
		CHECK_INT(s.nseries, 2);
		CHECK(rgb_is(s.series[1], 0x22, 0x22, 0x22));
		CHECK_STR(s.lang, "de_DE");
		CHECK(!s.hyphenate && !s.justify);
		pdf_style_release(&s);
		diags_release(&d);
	}
	TEST("one margin for all sides; later files override earlier ones") {
		struct pdf_style s;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&s);
		CHECK_INT(load(&s, "page: { margin: 50 }\n", &d), 0);
		CHECK(NEAR(s.margin_top, 50) && NEAR(s.margin_right, 50));
		CHECK_INT(load(&s, "page: { margin: { left: 60 } }\nsizes: { body: 12 }\n", &d), 0);
		CHECK(NEAR(s.margin_left, 60) && NEAR(s.margin_top, 50) && NEAR(s.body, 12));
		CHECK_INT(d.n, 0);
		pdf_style_release(&s);
		diags_release(&d);
	}
}

static void test_errors(void)
{
	TEST("unknown keys, with hints") {
		expect_error("colours:\n  text: \"#000000\"\n",
			     "style.yaml:1:1: unknown key 'colours' in a style (did you mean 'colors'?)");
		expect_error("sizes:\n  bdy: 11\n",
			     "style.yaml:2:3: unknown key 'bdy' in 'sizes' (did you mean 'body'?)");
		expect_error("page:\n  margin:\n    tp: 10\n",
			     "style.yaml:3:5: unknown key 'tp' in 'margin' (did you mean 'top'?)");
		expect_error("fonts: { serif_bolt: X.ttf }\n",
			     "style.yaml:1:10: unknown key 'serif_bolt' in 'fonts' (did you mean 'serif_bold'?)");
		expect_error("colors: { callout: \"#000000\" }\n",
			     "style.yaml:1:11: unknown key 'callout' in 'colors' (did you mean 'callout_bg'?)");
		expect_error("text: { hyphen: true }\n",
			     "style.yaml:1:9: unknown key 'hyphen' in 'text' (did you mean 'hyphenate'?)");
	}
	TEST("wrong types") {
		expect_error("page: a4\n", "style.yaml:1:7: 'page' must be a mapping, not a string");
		expect_error("sizes: { body: \"11\" }\n",
			     "style.yaml:1:16: 'body' must be a number, not a string");
		expect_error("text: { justify: yes }\n",
			     "style.yaml:1:18: 'justify' must be true or false, not a string");
		expect_error("fonts: { mono: 12 }\n",
			     "style.yaml:1:16: font 'mono' must be a TrueType file (.ttf): '12'");
		expect_error("fonts: { mono: Mono.otf }\n",
			     "style.yaml:1:16: font 'mono' must be a TrueType file (.ttf): 'Mono.otf'");
		expect_error("- a\n", "style.yaml:1:1: a style must be a mapping, not a list");
		expect_error("text: { lang: english }\n",
			     "style.yaml:1:15: 'lang' must be a language such as en_US or de_DE, not 'english'");
	}
	TEST("the readers every YAML input shares: numbers, strings, aliases") {
		expect_error("sizes: { body: .inf }\n",
			     "style.yaml:1:16: 'body' must be a finite decimal number, not '.inf'");
		expect_error("sizes: { body: 0x10 }\n",
			     "style.yaml:1:16: 'body' must be a finite decimal number, not '0x10'");
		expect_error("fonts: { mono: true }\n",
			     "style.yaml:1:16: font 'mono' must be a string, not a boolean");
		expect_error("fonts: { mono: \"a\\e.ttf\" }\n",
			     "style.yaml:1:16: control character U+001B is not allowed in a string");
		expect_error("sizes: { body: 11, body: 12 }\n",
			     "style.yaml:1:20: duplicate key 'body' (first at line 1)");
		expect_error("a: &x 1\nb: *x\n", "style.yaml:1:1: unknown key 'a' in a style");
	}
	TEST("page sizes in any case") {
		struct pdf_style s;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&s);
		CHECK_INT(load(&s, "page: { size: Letter }\n", &d), 0);
		CHECK(NEAR(s.page_w, 612));
		pdf_style_release(&s);
		diags_release(&d);
	}
	TEST("bad colours") {
		expect_error("colors:\n  text: \"#12345\"\n",
			     "style.yaml:2:9: bad colour '#12345' for 'text' (expected \"#rrggbb\")");
		expect_error("colors:\n  link: blue\n",
			     "style.yaml:2:9: bad colour 'blue' for 'link' (expected \"#rrggbb\")");
		expect_error("colors:\n  link: #1f5fa8\n",
			     "style.yaml:2:8: 'link' has no value (quote colours: \"#1a1a1a\"; an unquoted # starts a comment)");
		expect_error("colors:\n  series: [\"#000000\", \"#gg0000\"]\n",
			     "style.yaml:2:23: bad colour '#gg0000' for 'series' (expected \"#rrggbb\")");
		expect_error("colors:\n  series: []\n",
			     "style.yaml:2:11: 'series' needs 1 to 8 colours, not 0");
	}
	TEST("sizes out of range") {
		expect_error("sizes: { body: -3 }\n",
			     "style.yaml:1:16: 'body' is -3; it must be from 4 to 36 pt");
		expect_error("sizes: { h1: 500 }\n",
			     "style.yaml:1:14: 'h1' is 500; it must be from 5 to 72 pt");
		expect_error("sizes: { leading: 12 }\n",
			     "style.yaml:1:19: 'leading' is 12; it must be from 1 to 3 (times the font size)");
		expect_error("page: { margin: { top: -1 } }\n",
			     "style.yaml:1:24: 'top' must be from 0 to 360 pt (5 inches)");
		expect_error("page: { margin: { top: 3 furlongs } }\n",
			     "style.yaml:1:24: 'top' is not a length: '3 furlongs' (use points, or a number with pt, mm, cm or in)");
	}
	TEST("page sizes and the text block") {
		expect_error("page: { size: a5 }\n",
			     "style.yaml:1:15: 'size' must be one of a4, letter, not 'a5' (did you mean 'a4'?)");
		expect_error("page: { size: tabloid }\n",
			     "style.yaml:1:15: 'size' must be one of a4, letter, not 'tabloid'");
		expect_error("page:\n  margin: { left: 250, right: 250 }\n",
			     "style.yaml:2:3: the margins leave 95 pt of text width; at least 144 (2 inches) are needed");
		expect_error("page:\n  margin: { top: 350, bottom: 350 }\n",
			     "style.yaml:2:3: the margins leave 142 pt of text height; at least 144 (2 inches) are needed");
	}
	TEST("a value in error keeps the previous one; all errors are reported") {
		struct pdf_style s;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&s);
		CHECK_INT(load(&s, "page:\n  size: letter\n  margin: { left: 250, right: 250 }\n"
			       "sizes: { body: 99, h1: 30 }\ncolors: { text: red, link: \"#000000\" }\n"
			       "fonts: { serif: x.otf }\n", &d), -1);
		CHECK_INT(d.nerrors, 4);
		CHECK(NEAR(s.page_w, 595.276) && NEAR(s.margin_left, 72)); /* geometry restored */
		CHECK(NEAR(s.body, 10.5) && NEAR(s.h1, 30));
		CHECK(rgb_is(s.text, 0x1a, 0x1a, 0x1a) && rgb_is(s.link, 0, 0, 0));
		CHECK_STR(s.fonts[FONT_SERIF], "NotoSerif-Regular.ttf");
		pdf_style_release(&s);
		diags_release(&d);
	}
	TEST("YAML syntax errors") {
		struct pdf_style s;
		struct diags d = DIAGS_INIT;
		pdf_style_defaults(&s);
		CHECK_INT(load(&s, "page: [\n", &d), -1);
		CHECK(d.n >= 1 && d.v[0].line >= 1);
		CHECK_INT(load(&s, "a: &x 1\nb: *x\n", &d), -1);
		pdf_style_release(&s);
		diags_release(&d);
	}
}

/* Mutations of the shipped style: nothing may crash or leak. */
static void test_hostile(void)
{
	TEST("mutated style files") {
		static const char alphabet[] = " :-[],{}\"'#&*!|>0123456789abxyz\n\t";
		unsigned long long seed = 7;
		char *text, *buf;
		size_t len, i, k;
		if (read_file("templates/style.yaml", 1 << 20, &text, &len) < 0) {
			CHECK(!"templates/style.yaml readable");
			return;
		}
		buf = malloc(len + 1);
		for (i = 0; i < 1500; i++) {
			struct pdf_style s;
			struct diags d = DIAGS_INIT;
			int ret;
			memcpy(buf, text, len + 1);
			for (k = 0; k < 1 + i % 5; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				buf[(seed >> 33) % len] = alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
			}
			pdf_style_defaults(&s);
			ret = pdf_style_load_text(&s, buf, len, "m.yaml", &d);
			CHECK(ret == 0 ? d.nerrors == 0 : d.nerrors > 0);
			CHECK(s.page_w - s.margin_left - s.margin_right >= 144);
			CHECK(s.nseries >= 1 && s.nseries <= STYLE_MAX_SERIES);
			pdf_style_release(&s);
			diags_release(&d);
		}
		free(buf);
		free(text);
	}
}

void run_tests(void)
{
	test_defaults();
	test_override();
	test_errors();
	test_hostile();
}
