/*
 * style.c - the PDF style: built-in defaults, and style mappings applied
 * over them (templates/style.yaml, --style FILE, a manifest's override).
 *
 * A style is a YAML mapping (yaml/doc.h) read key by key with the typed
 * readers (yaml/read.h). Each valid value is stored at once; a value in
 * error leaves the previous one in place, and every problem is reported
 * (file:line:col, with "did you mean" for misspelt keys), not only the
 * first. Checks that involve several keys (the text block left by the page
 * and its margins) run at the end and restore the page geometry when they
 * fail.
 */
#include "pdf/style.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "yaml/doc.h"
#include "yaml/read.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/str.h"
#include "base/strbuf.h"
#define MIN_TEXT_EXTENT 144.0 /* 2 inches of text width and height */
#define MAX_MARGIN 360.0      /* 5 inches */

static const char *const default_fonts[FONT__COUNT] = {
	"NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
	"NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
	"NotoSansMono-Regular.ttf", "DejaVuSans.ttf"
};

/* Style file names of the fonts, in enum style_font order. */
static const char *const font_keys[FONT__COUNT] = {
	"serif", "serif_bold", "serif_italic", "serif_bold_italic",
	"sans", "sans_bold", "mono", "fallback"
};

/* Default series colours: muted blue, brick red, slate grey, green, gold,
 * purple, teal, brown (the Mermaid output uses the same list). */
static const char *const default_series[STYLE_MAX_SERIES] = {
	"#2f6db5", "#c8553d", "#7a8b99", "#3a9e6f",
	"#d9a43b", "#7d5ba6", "#2a9d9f", "#a0694a"
};

static const struct page_size {
	const char *name;
	double w, h;
} page_sizes[] = {
	{ "a4", 595.276, 841.89 },
	{ "letter", 612, 792 },
};

/* "#rrggbb" to 0..1 floats; -1 when malformed. */
static int parse_color(const char *s, struct rgb *out)
{
	unsigned v[3];
	int i, k;

	if (strlen(s) != 7 || s[0] != '#')
		return -1;
	for (i = 0; i < 3; i++) {
		v[i] = 0;
		for (k = 0; k < 2; k++) {
			int c = s[1 + 2 * i + k];
			if (!isxdigit(c))
				return -1;
			v[i] = v[i] * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
		}
	}
	out->r = (float)v[0] / 255.0f;
	out->g = (float)v[1] / 255.0f;
	out->b = (float)v[2] / 255.0f;
	return 0;
}

static struct rgb hex(const char *s)
{
	struct rgb c = { 0, 0, 0 };
	parse_color(s, &c);
	return c;
}

void pdf_style_defaults(struct pdf_style *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->page_w = page_sizes[0].w;
	s->page_h = page_sizes[0].h;
	s->margin_top = 72;
	s->margin_bottom = 72;
	s->margin_left = 72;
	s->margin_right = 72;
	s->body = 10.5;
	s->leading = 1.35;
	s->h1 = 20;
	s->h2 = 15;
	s->h3 = 12;
	s->code = 8.8;
	s->table = 9;
	s->small = 8;
	for (i = 0; i < FONT__COUNT; i++)
		s->fonts[i] = xstrdup(default_fonts[i]);
	s->text = hex("#1a1a1a");
	s->heading = hex("#123b5c");
	s->link = hex("#1f5fa8");
	s->rule = hex("#c8ced6");
	s->callout_bg = hex("#f2f5f9");
	s->callout_bar = hex("#2f6db5");
	s->code_bg = hex("#f5f5f2");
	s->table_header_bg = hex("#e8edf3");
	s->muted = hex("#5b6673");
	for (i = 0; i < STYLE_MAX_SERIES; i++)
		s->series[i] = hex(default_series[i]);
	s->nseries = STYLE_MAX_SERIES;
	s->lang = xstrdup("en_US");
	s->hyphenate = 1;
	s->justify = 1;
}

void pdf_style_release(struct pdf_style *s)
{
	int i;

	for (i = 0; i < FONT__COUNT; i++)
		free(s->fonts[i]);
	free(s->lang);
	memset(s, 0, sizeof(*s));
}

/* ---- reading a style ---- */

struct style_reader {
	struct yreport *r;
	struct pdf_style *s;
	int geometry_set;          /* page size or a margin was given */
	const struct ynode *page;  /* the `page` mapping, for geometry errors */
};

/* "'KEY'", the way messages name a key, in `sb` (reset first). */
static const char *quoted(struct strbuf *sb, const char *key)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "'%s'", key);
	return sb->buf;
}

/*
 * A length: a number of points, or a string with a unit ("20mm", "2cm",
 * "1in", "72pt"). Returns 0 and sets *pt, or -1 after an error.
 */
static int read_length(struct style_reader *rd, const struct ynode *v, const char *what,
		       double *pt)
{
	static const struct { const char *unit; double pt; } units[] = {
		{ "pt", 1 }, { "in", 72 }, { "mm", 72 / 25.4 }, { "cm", 72 / 2.54 },
	};
	struct strbuf sb = STRBUF_INIT;
	double x;
	char *end;
	size_t i;

	if (v->type == YN_BAD)
		return -1;
	if (v->type == YN_SCALAR && (v->scalar == YS_INT || v->scalar == YS_FLOAT)) {
		if (yread_num(rd->r, v, what, &x))
			return -1;
	} else if (v->type == YN_SCALAR && v->scalar == YS_STR) {
		x = strtod(v->str, &end);
		while (end != v->str && *end == ' ')
			end++;
		for (i = 0; end != v->str && i < ARRAY_SIZE(units); i++)
			if (!strcmp(end, units[i].unit))
				break;
		if (end == v->str || i == ARRAY_SIZE(units)) {
			yshow(&sb, v->str);
			yreport_error(rd->r, v, "%s is not a length: '%s' (use points, or a number "
				      "with pt, mm, cm or in)", what, sb.buf);
			strbuf_release(&sb);
			return -1;
		}
		x *= units[i].pt;
	} else {
		yreport_error(rd->r, v, "%s must be a length (points, or \"20mm\", \"2cm\", "
			      "\"1in\"), not %s", what, ynode_describe(v));
		return -1;
	}
	if (!isfinite(x) || x < 0 || x > MAX_MARGIN) {
		yreport_error(rd->r, v, "%s must be from 0 to %g pt (5 inches)", what, MAX_MARGIN);
		return -1;
	}
	*pt = x;
	return 0;
}

/* A colour "#rrggbb"; `key` names it in messages. */
static void read_color(struct style_reader *rd, const struct ynode *v, const char *key,
		       struct rgb *out)
{
	struct strbuf what = STRBUF_INIT, sb = STRBUF_INIT;
	char *s = NULL;

	if (ynode_is_null(v))
		yreport_error(rd->r, v, "'%s' has no value (quote colours: \"#1a1a1a\"; an "
			      "unquoted # starts a comment)", key);
	else if (!yread_str(rd->r, v, quoted(&what, key), &s) && parse_color(s, out) < 0) {
		yshow(&sb, s);
		yreport_error(rd->r, v, "bad colour '%s' for '%s' (expected \"#rrggbb\")",
			      sb.buf, key);
	}
	free(s);
	strbuf_release(&what);
	strbuf_release(&sb);
}

/* a4 or letter, in any case. */
static void read_page_size(struct style_reader *rd, const struct ynode *v)
{
	const char *names[ARRAY_SIZE(page_sizes)];
	struct strbuf sb = STRBUF_INIT;
	char *s = NULL, *p;
	size_t i;

	if (yread_str(rd->r, v, "'size'", &s))
		return;
	for (p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (i = 0; i < ARRAY_SIZE(page_sizes); i++) {
		names[i] = page_sizes[i].name;
		if (!strcmp(s, page_sizes[i].name)) {
			rd->s->page_w = page_sizes[i].w;
			rd->s->page_h = page_sizes[i].h;
			rd->geometry_set = 1;
			goto out;
		}
	}
	yread_enum_problem(&sb, "'size'", v->str, names, ARRAY_SIZE(names));
	yreport_error(rd->r, v, "%s", sb.buf);
out:
	strbuf_release(&sb);
	free(s);
}

static void read_margin(struct style_reader *rd, const struct ynode *v)
{
	static const char *const keys[] = { "top", "bottom", "left", "right" };
	struct pdf_style *s = rd->s;
	double *slots[] = { &s->margin_top, &s->margin_bottom, &s->margin_left, &s->margin_right };
	const struct ynode *f[ARRAY_SIZE(keys)];
	struct strbuf what = STRBUF_INIT;
	double x;
	size_t i;

	if (v->type != YN_MAP) {
		/* one length for all four sides */
		if (read_length(rd, v, "'margin'", &x) == 0) {
			for (i = 0; i < ARRAY_SIZE(slots); i++)
				*slots[i] = x;
			rd->geometry_set = 1;
		}
		return;
	}
	yread_map(rd->r, v, "'margin'", "'margin'", keys, ARRAY_SIZE(keys), f);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (f[i] && read_length(rd, f[i], quoted(&what, keys[i]), &x) == 0) {
			*slots[i] = x;
			rd->geometry_set = 1;
		}
	strbuf_release(&what);
}

static void read_page(struct style_reader *rd, const struct ynode *v)
{
	static const char *const keys[] = { "size", "margin" };
	const struct ynode *f[ARRAY_SIZE(keys)];

	if (yread_map(rd->r, v, "'page'", "'page'", keys, ARRAY_SIZE(keys), f))
		return;
	rd->page = v;
	if (f[0])
		read_page_size(rd, f[0]);
	if (f[1])
		read_margin(rd, f[1]);
}

static void read_sizes(struct style_reader *rd, const struct ynode *v)
{
	static const char *const keys[] = {
		"body", "leading", "h1", "h2", "h3", "code", "table", "small"
	};
	struct pdf_style *s = rd->s;
	double *slots[] = { &s->body, &s->leading, &s->h1, &s->h2, &s->h3,
			    &s->code, &s->table, &s->small };
	const struct ynode *f[ARRAY_SIZE(keys)];
	struct strbuf what = STRBUF_INIT;
	size_t k;

	if (yread_map(rd->r, v, "'sizes'", "'sizes'", keys, ARRAY_SIZE(keys), f))
		return;
	for (k = 0; k < ARRAY_SIZE(keys); k++) {
		if (!f[k])
			continue;
		quoted(&what, keys[k]);
		if (k == 1) /* leading is a ratio of the font size */
			yread_num_range(rd->r, f[k], what.buf, 1.0, 3.0,
					" (times the font size)", slots[k]);
		else if (k >= 2 && k <= 4)
			yread_num_range(rd->r, f[k], what.buf, 5, 72, " pt", slots[k]);
		else
			yread_num_range(rd->r, f[k], what.buf, 4, 36, " pt", slots[k]);
	}
	strbuf_release(&what);
}

static void read_fonts(struct style_reader *rd, const struct ynode *v)
{
	const struct ynode *f[FONT__COUNT];
	struct strbuf what = STRBUF_INIT, sb = STRBUF_INIT;
	char *name = NULL;
	size_t k;

	if (yread_map(rd->r, v, "'fonts'", "'fonts'", font_keys, FONT__COUNT, f))
		return;
	for (k = 0; k < FONT__COUNT; k++) {
		strbuf_reset(&what);
		strbuf_addf(&what, "font '%s'", font_keys[k]);
		if (!f[k] || yread_str(rd->r, f[k], what.buf, &name))
			continue;
		if (!str_ends_with(name, ".ttf") && !str_ends_with(name, ".TTF")) {
			strbuf_reset(&sb);
			yshow(&sb, name);
			yreport_error(rd->r, f[k], "%s must be a TrueType file (.ttf): '%s'",
				      what.buf, sb.buf);
			continue;
		}
		free(rd->s->fonts[k]);
		rd->s->fonts[k] = name;
		name = NULL;
	}
	free(name);
	strbuf_release(&what);
	strbuf_release(&sb);
}

static void read_series(struct style_reader *rd, const struct ynode *v)
{
	struct rgb tmp[STYLE_MAX_SERIES];
	const struct ynode *it;
	size_t i, bad = rd->r->nerrors;

	if (v->type != YN_SEQ) {
		yread_list(rd->r, v, "'series'", 1);
		return;
	}
	if (!v->nkids || v->nkids > STYLE_MAX_SERIES) {
		yreport_error(rd->r, v, "'series' needs 1 to %d colours, not %zu",
			      STYLE_MAX_SERIES, v->nkids);
		return;
	}
	for (i = 0, it = v->first; it; it = it->next, i++)
		read_color(rd, it, "series", &tmp[i]);
	if (rd->r->nerrors != bad)
		return;
	memcpy(rd->s->series, tmp, v->nkids * sizeof(tmp[0]));
	rd->s->nseries = (int)v->nkids;
}

static void read_colors(struct style_reader *rd, const struct ynode *v)
{
	static const char *const keys[] = {
		"text", "heading", "link", "rule", "callout_bg", "callout_bar",
		"code_bg", "table_header_bg", "muted", "series"
	};
	struct pdf_style *s = rd->s;
	struct rgb *slots[] = { &s->text, &s->heading, &s->link, &s->rule, &s->callout_bg,
				&s->callout_bar, &s->code_bg, &s->table_header_bg, &s->muted };
	const struct ynode *f[ARRAY_SIZE(keys)];
	size_t k;

	if (yread_map(rd->r, v, "'colors'", "'colors'", keys, ARRAY_SIZE(keys), f))
		return;
	for (k = 0; k < ARRAY_SIZE(slots); k++)
		if (f[k])
			read_color(rd, f[k], keys[k], slots[k]);
	if (f[ARRAY_SIZE(slots)])
		read_series(rd, f[ARRAY_SIZE(slots)]);
}

/* en, en_US, de_DE, pt_BR: the names of libhyphen's dictionaries. */
static int valid_lang(const char *s)
{
	size_t n = strlen(s);

	if (n != 2 && n != 5)
		return 0;
	if (!islower((unsigned char)s[0]) || !islower((unsigned char)s[1]))
		return 0;
	return n == 2 || (s[2] == '_' && isupper((unsigned char)s[3]) &&
			  isupper((unsigned char)s[4]));
}

static void read_text_opts(struct style_reader *rd, const struct ynode *v)
{
	static const char *const keys[] = { "lang", "hyphenate", "justify" };
	const struct ynode *f[ARRAY_SIZE(keys)];
	struct strbuf sb = STRBUF_INIT;
	char *lang = NULL;

	if (yread_map(rd->r, v, "'text'", "'text'", keys, ARRAY_SIZE(keys), f))
		return;
	if (f[0] && !yread_str(rd->r, f[0], "'lang'", &lang)) {
		if (valid_lang(lang)) {
			free(rd->s->lang);
			rd->s->lang = lang;
			lang = NULL;
		} else {
			yshow(&sb, lang);
			yreport_error(rd->r, f[0], "'lang' must be a language such as en_US or "
				      "de_DE, not '%s'", sb.buf);
		}
	}
	if (f[1])
		yread_bool(rd->r, f[1], "'hyphenate'", &rd->s->hyphenate);
	if (f[2])
		yread_bool(rd->r, f[2], "'justify'", &rd->s->justify);
	free(lang);
	strbuf_release(&sb);
}

/* The text block must stay usable: at least 2 inches each way. */
static int check_geometry(struct style_reader *rd)
{
	const struct pdf_style *s = rd->s;
	double w = s->page_w - s->margin_left - s->margin_right;
	double h = s->page_h - s->margin_top - s->margin_bottom;

	if (!rd->geometry_set || (w >= MIN_TEXT_EXTENT && h >= MIN_TEXT_EXTENT))
		return 0;
	if (w < MIN_TEXT_EXTENT)
		yreport_error(rd->r, rd->page, "the margins leave %.0f pt of text width; at least "
			      "%.0f (2 inches) are needed", w, MIN_TEXT_EXTENT);
	else
		yreport_error(rd->r, rd->page, "the margins leave %.0f pt of text height; at "
			      "least %.0f (2 inches) are needed", h, MIN_TEXT_EXTENT);
	return -1;
}

int pdf_style_apply(struct pdf_style *st, struct yreport *r, const struct ynode *n)
{
	static const char *const keys[] = { "page", "sizes", "fonts", "colors", "text" };
	static void (*const readers[])(struct style_reader *, const struct ynode *) = {
		read_page, read_sizes, read_fonts, read_colors, read_text_opts
	};
	const struct ynode *f[ARRAY_SIZE(keys)];
	struct style_reader rd;
	double geometry[6];
	size_t k, errors0 = r->nerrors;

	if (!n || ynode_is_null(n)) /* an empty style changes nothing */
		return 0;
	memset(&rd, 0, sizeof(rd));
	rd.r = r;
	rd.s = st;
	geometry[0] = st->page_w;
	geometry[1] = st->page_h;
	geometry[2] = st->margin_top;
	geometry[3] = st->margin_bottom;
	geometry[4] = st->margin_left;
	geometry[5] = st->margin_right;
	if (!yread_map(r, n, "a style", "a style", keys, ARRAY_SIZE(keys), f))
		for (k = 0; k < ARRAY_SIZE(keys); k++)
			if (f[k])
				readers[k](&rd, f[k]);
	if (check_geometry(&rd) < 0) {
		st->page_w = geometry[0];
		st->page_h = geometry[1];
		st->margin_top = geometry[2];
		st->margin_bottom = geometry[3];
		st->margin_left = geometry[4];
		st->margin_right = geometry[5];
	}
	return r->nerrors != errors0 ? -1 : 0;
}

int pdf_style_load_text(struct pdf_style *s, const char *text, size_t len,
			const char *file, struct diags *d)
{
	struct ydoc doc = YDOC_INIT;
	struct yreport r;
	int ret;

	yreport_init(&r, d, file);
	ret = ydoc_parse(&doc, text, len, &r);
	if (!ret)
		pdf_style_apply(s, &r, doc.root);
	ydoc_release(&doc);
	return ret || r.nerrors ? -1 : 0;
}

int pdf_style_load(struct pdf_style *s, const char *path, struct diags *d)
{
	char *text;
	size_t len;
	int ret;

	if (read_file(path, YAML_MAX_BYTES, &text, &len) < 0)
		return -1;
	ret = pdf_style_load_text(s, text, len, path, d);
	free(text);
	return ret;
}
