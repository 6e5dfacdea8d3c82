/*
 * style.c - the PDF style: built-in defaults, and style files read over
 * them (templates/style.yaml, --style FILE, a manifest's override).
 *
 * A style file is read with yamlctx_parse and walked key by key. Each
 * valid value is stored at once; a value in error leaves the previous one
 * in place, and every problem of the file is reported (file:line:col, with
 * "did you mean" for misspelt keys), not only the first. Checks that
 * involve several keys (the text block left by the page and its margins)
 * run at the end and restore the page geometry when they fail.
 */
#include "pdf/style.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "brief/context.h"
#include "yaml/yamlctx.h"
#include "yaml/yamlpos.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/str.h"

#define STYLE_MAX_BYTES (1024 * 1024)
#define MIN_TEXT_EXTENT 144.0 /* 2 inches of text width and height */
#define MAX_MARGIN 360.0      /* 5 inches */

static const char *const default_fonts[FONT__COUNT] = {
	"NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
	"NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
	"NotoSansMono-Regular.ttf", "DejaVuSans.ttf"
};

/* Style file names of the fonts, in enum style_font order. */
static const char *const font_keys[FONT__COUNT + 1] = {
	"serif", "serif_bold", "serif_italic", "serif_bold_italic",
	"sans", "sans_bold", "mono", "fallback", NULL
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

/* ---- reading a style file ---- */

struct style_reader {
	struct yamlpos yp;
	struct pdf_style *s;
	int geometry_set; /* page size or a margin was given */
};

/* The name of the key at the top of the path ("" when none). */
static const char *cur_key(const struct style_reader *r)
{
	const struct yamlpos *p = &r->yp;
	if (!p->depth || p->depth > YAMLPOS_MAX_DEPTH || !p->path[p->depth - 1].key)
		return "";
	return p->path[p->depth - 1].key;
}

static int want_map(struct style_reader *r, const struct ctx *v)
{
	if (v->type == CTX_MAP)
		return 1;
	yamlpos_error(&r->yp, 0, "'%s' must be a mapping, not %s", cur_key(r), yamlpos_type_name(v));
	return 0;
}

/* A number within [lo, hi] into *out; the unit is for messages. */
static void read_number(struct style_reader *r, const struct ctx *v, double lo,
			double hi, const char *unit, double *out)
{
	if (v->type != CTX_NUM) {
		yamlpos_error(&r->yp, 0, "'%s' must be a number, not %s", cur_key(r), yamlpos_type_name(v));
		return;
	}
	if (!isfinite(v->num) || v->num < lo || v->num > hi) {
		yamlpos_error(&r->yp, 0, "'%s' is %g; it must be from %g to %g%s",
			      cur_key(r), v->num, lo, hi, unit);
		return;
	}
	*out = v->num;
}

/*
 * A length: a number of points, or a string with a unit ("20mm", "2cm",
 * "1in", "72pt"). Returns 0 and sets *pt, or -1 after an error.
 */
static int read_length(struct style_reader *r, const struct ctx *v, double *pt)
{
	static const struct { const char *unit; double pt; } units[] = {
		{ "pt", 1 }, { "in", 72 }, { "mm", 72 / 25.4 }, { "cm", 72 / 2.54 },
	};
	double x;
	char *end;
	size_t i;

	if (v->type == CTX_NUM) {
		x = v->num;
	} else if (v->type == CTX_STR) {
		x = strtod(v->str, &end);
		if (end == v->str)
			goto bad;
		while (*end == ' ')
			end++;
		for (i = 0; i < ARRAY_SIZE(units); i++)
			if (!strcmp(end, units[i].unit))
				break;
		if (i == ARRAY_SIZE(units))
			goto bad;
		x *= units[i].pt;
	} else {
		yamlpos_error(&r->yp, 0, "'%s' must be a length (points, or \"20mm\", \"2cm\", \"1in\"), not %s",
			      cur_key(r), yamlpos_type_name(v));
		return -1;
	}
	if (!isfinite(x) || x < 0 || x > MAX_MARGIN) {
		yamlpos_error(&r->yp, 0, "'%s' must be from 0 to %g pt (5 inches)", cur_key(r), MAX_MARGIN);
		return -1;
	}
	*pt = x;
	return 0;
bad:
	yamlpos_error(&r->yp, 0, "'%s' is not a length: '%s' (use points, or a number with pt, mm, cm or in)",
		      cur_key(r), v->str);
	return -1;
}

static void read_color(struct style_reader *r, const struct ctx *v, struct rgb *out)
{
	/* items of the series list have no key of their own */
	const char *key = *cur_key(r) ? cur_key(r) : "series";

	if (v->type == CTX_NULL) {
		yamlpos_error(&r->yp, 0, "'%s' has no value (quote colours: \"#1a1a1a\"; an unquoted # starts a comment)",
			      key);
		return;
	}
	if (v->type != CTX_STR) {
		yamlpos_error(&r->yp, 0, "'%s' must be a colour \"#rrggbb\", not %s", key, yamlpos_type_name(v));
		return;
	}
	if (parse_color(v->str, out) < 0)
		yamlpos_error(&r->yp, 0, "bad colour '%s' for '%s' (expected \"#rrggbb\")", v->str, key);
}

static void read_page_size(struct style_reader *r, const struct ctx *v)
{
	const char *names[ARRAY_SIZE(page_sizes)], *hint;
	char low[16];
	size_t i;

	if (v->type != CTX_STR) {
		yamlpos_error(&r->yp, 0, "'size' must be a4 or letter, not %s", yamlpos_type_name(v));
		return;
	}
	for (i = 0; i < sizeof(low) - 1 && v->str[i]; i++)
		low[i] = (char)tolower((unsigned char)v->str[i]);
	low[i] = '\0';
	for (i = 0; i < ARRAY_SIZE(page_sizes); i++) {
		names[i] = page_sizes[i].name;
		if (!strcmp(low, page_sizes[i].name) && strlen(v->str) < sizeof(low)) {
			r->s->page_w = page_sizes[i].w;
			r->s->page_h = page_sizes[i].h;
			r->geometry_set = 1;
			return;
		}
	}
	hint = yamlpos_closest(low, names, ARRAY_SIZE(names), 2);
	if (hint)
		yamlpos_error(&r->yp, 0, "unknown page size '%s' (did you mean '%s'?)", v->str, hint);
	else
		yamlpos_error(&r->yp, 0, "unknown page size '%s' (expected a4 or letter)", v->str);
}

static void read_margin(struct style_reader *r, const struct ctx *v)
{
	static const char *const keys[] = { "top", "bottom", "left", "right", NULL };
	struct pdf_style *s = r->s;
	double *slots[] = { &s->margin_top, &s->margin_bottom, &s->margin_left, &s->margin_right };
	double x;
	size_t i;
	int k;

	if (v->type != CTX_MAP) {
		/* one length for all four sides */
		if (read_length(r, v, &x) == 0) {
			for (i = 0; i < ARRAY_SIZE(slots); i++)
				*slots[i] = x;
			r->geometry_set = 1;
		}
		return;
	}
	for (i = 0; i < v->n; i++) {
		k = yamlpos_push_known(&r->yp, v->keys[i], "'margin'", keys);
		if (k >= 0 && read_length(r, v->items[i], &x) == 0) {
			*slots[k] = x;
			r->geometry_set = 1;
		}
		yamlpos_pop(&r->yp);
	}
}

static void read_page(struct style_reader *r, const struct ctx *v)
{
	static const char *const keys[] = { "size", "margin", NULL };
	size_t i;

	if (!want_map(r, v))
		return;
	for (i = 0; i < v->n; i++) {
		switch (yamlpos_push_known(&r->yp, v->keys[i], "'page'", keys)) {
		case 0: read_page_size(r, v->items[i]); break;
		case 1: read_margin(r, v->items[i]); break;
		}
		yamlpos_pop(&r->yp);
	}
}

static void read_sizes(struct style_reader *r, const struct ctx *v)
{
	static const char *const keys[] = {
		"body", "leading", "h1", "h2", "h3", "code", "table", "small", NULL
	};
	struct pdf_style *s = r->s;
	double *slots[] = { &s->body, &s->leading, &s->h1, &s->h2, &s->h3,
			    &s->code, &s->table, &s->small };
	size_t i;
	int k;

	if (!want_map(r, v))
		return;
	for (i = 0; i < v->n; i++) {
		k = yamlpos_push_known(&r->yp, v->keys[i], "'sizes'", keys);
		if (k == 1) /* leading is a ratio of the font size */
			read_number(r, v->items[i], 1.0, 3.0, " (times the font size)", slots[k]);
		else if (k >= 2 && k <= 4)
			read_number(r, v->items[i], 5, 72, " pt", slots[k]);
		else if (k >= 0)
			read_number(r, v->items[i], 4, 36, " pt", slots[k]);
		yamlpos_pop(&r->yp);
	}
}

static void read_fonts(struct style_reader *r, const struct ctx *v)
{
	size_t i;
	int k;
	const struct ctx *f;

	if (!want_map(r, v))
		return;
	for (i = 0; i < v->n; i++) {
		k = yamlpos_push_known(&r->yp, v->keys[i], "'fonts'", font_keys);
		f = v->items[i];
		if (k < 0) {
			/* unknown key, reported */
		} else if (f->type != CTX_STR || !*f->str) {
			yamlpos_error(&r->yp, 0, "font '%s' must be a file name, not %s",
				      font_keys[k], f->type == CTX_STR ? "an empty string" : yamlpos_type_name(f));
		} else if (!str_ends_with(f->str, ".ttf") && !str_ends_with(f->str, ".TTF")) {
			yamlpos_error(&r->yp, 0, "font '%s' must be a TrueType file (.ttf): '%s'",
				      font_keys[k], f->str);
		} else {
			free(r->s->fonts[k]);
			r->s->fonts[k] = xstrdup(f->str);
		}
		yamlpos_pop(&r->yp);
	}
}

static void read_series(struct style_reader *r, const struct ctx *v)
{
	struct rgb tmp[STYLE_MAX_SERIES];
	size_t i, bad = r->yp.nerrors;

	if (v->type != CTX_LIST) {
		yamlpos_error(&r->yp, 0, "'series' must be a list of colours, not %s", yamlpos_type_name(v));
		return;
	}
	if (!v->n || v->n > STYLE_MAX_SERIES) {
		yamlpos_error(&r->yp, 0, "'series' needs 1 to %d colours, not %zu",
			      STYLE_MAX_SERIES, v->n);
		return;
	}
	for (i = 0; i < v->n; i++) {
		yamlpos_push_index(&r->yp, i);
		read_color(r, v->items[i], &tmp[i]);
		yamlpos_pop(&r->yp);
	}
	if (r->yp.nerrors != bad)
		return;
	memcpy(r->s->series, tmp, v->n * sizeof(tmp[0]));
	r->s->nseries = (int)v->n;
}

static void read_colors(struct style_reader *r, const struct ctx *v)
{
	static const char *const keys[] = {
		"text", "heading", "link", "rule", "callout_bg", "callout_bar",
		"code_bg", "table_header_bg", "muted", "series", NULL
	};
	struct pdf_style *s = r->s;
	struct rgb *slots[] = { &s->text, &s->heading, &s->link, &s->rule, &s->callout_bg,
				&s->callout_bar, &s->code_bg, &s->table_header_bg, &s->muted };
	size_t i;
	int k;

	if (!want_map(r, v))
		return;
	for (i = 0; i < v->n; i++) {
		k = yamlpos_push_known(&r->yp, v->keys[i], "'colors'", keys);
		if (k >= 0 && (size_t)k < ARRAY_SIZE(slots))
			read_color(r, v->items[i], slots[k]);
		else if (k >= 0) /* series */
			read_series(r, v->items[i]);
		yamlpos_pop(&r->yp);
	}
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

static void read_bool(struct style_reader *r, const struct ctx *v, int *out)
{
	if (v->type != CTX_BOOL)
		yamlpos_error(&r->yp, 0, "'%s' must be true or false, not %s", cur_key(r), yamlpos_type_name(v));
	else
		*out = v->b;
}

static void read_text_opts(struct style_reader *r, const struct ctx *v)
{
	static const char *const keys[] = { "lang", "hyphenate", "justify", NULL };
	const struct ctx *x;
	size_t i;
	int k;

	if (!want_map(r, v))
		return;
	for (i = 0; i < v->n; i++) {
		k = yamlpos_push_known(&r->yp, v->keys[i], "'text'", keys);
		x = v->items[i];
		if (k == 0) { /* lang */
			if (x->type != CTX_STR || !valid_lang(x->str)) {
				yamlpos_error(&r->yp, 0, "'lang' must be a language such as en_US or de_DE%s%s%s",
					      x->type == CTX_STR ? ", not '" : "",
					      x->type == CTX_STR ? x->str : "",
					      x->type == CTX_STR ? "'" : "");
			} else {
				free(r->s->lang);
				r->s->lang = xstrdup(x->str);
			}
		} else if (k == 1) {
			read_bool(r, x, &r->s->hyphenate);
		} else if (k == 2) {
			read_bool(r, x, &r->s->justify);
		}
		yamlpos_pop(&r->yp);
	}
}

static void read_root(struct style_reader *r, const struct ctx *root)
{
	static const char *const keys[] = { "page", "sizes", "fonts", "colors", "text", NULL };
	static void (*const readers[])(struct style_reader *, const struct ctx *) = {
		read_page, read_sizes, read_fonts, read_colors, read_text_opts
	};
	size_t i;
	int k;

	for (i = 0; i < root->n; i++) {
		k = yamlpos_push_known(&r->yp, root->keys[i], "a style", keys);
		if (k >= 0)
			readers[k](r, root->items[i]);
		yamlpos_pop(&r->yp);
	}
}

/* The text block must stay usable: at least 2 inches each way. */
static int check_geometry(struct style_reader *r)
{
	const struct pdf_style *s = r->s;
	double w = s->page_w - s->margin_left - s->margin_right;
	double h = s->page_h - s->margin_top - s->margin_bottom;

	if (!r->geometry_set || (w >= MIN_TEXT_EXTENT && h >= MIN_TEXT_EXTENT))
		return 0;
	yamlpos_push_key(&r->yp, "page");
	if (w < MIN_TEXT_EXTENT)
		yamlpos_error(&r->yp, 0, "the margins leave %.0f pt of text width; at least %.0f (2 inches) are needed",
			      w, MIN_TEXT_EXTENT);
	else
		yamlpos_error(&r->yp, 0, "the margins leave %.0f pt of text height; at least %.0f (2 inches) are needed",
			      h, MIN_TEXT_EXTENT);
	yamlpos_pop(&r->yp);
	return -1;
}

int pdf_style_load_text(struct pdf_style *s, const char *text, size_t len,
			const char *file, struct diags *d)
{
	struct style_reader r;
	struct ctx *root;
	double geometry[6];
	int ret = 0;

	root = yamlctx_parse(text, len, file, 0, d);
	if (!root)
		return -1;
	memset(&r, 0, sizeof(r));
	yamlpos_init(&r.yp, text, len, file, 0, d);
	r.s = s;
	geometry[0] = s->page_w;
	geometry[1] = s->page_h;
	geometry[2] = s->margin_top;
	geometry[3] = s->margin_bottom;
	geometry[4] = s->margin_left;
	geometry[5] = s->margin_right;
	if (root->type == CTX_MAP)
		read_root(&r, root);
	else if (root->type != CTX_NULL) /* an empty file changes nothing */
		yamlpos_error(&r.yp, 0, "a style must be a mapping (page, sizes, fonts, colors, text), not %s",
			      yamlpos_type_name(root));
	if (check_geometry(&r) < 0) {
		s->page_w = geometry[0];
		s->page_h = geometry[1];
		s->margin_top = geometry[2];
		s->margin_bottom = geometry[3];
		s->margin_left = geometry[4];
		s->margin_right = geometry[5];
	}
	if (r.yp.nerrors)
		ret = -1;
	ctx_free(root);
	return ret;
}

int pdf_style_load(struct pdf_style *s, const char *path, struct diags *d)
{
	char *text;
	size_t len;
	int ret;

	if (read_file(path, STYLE_MAX_BYTES, &text, &len) < 0)
		return -1;
	ret = pdf_style_load_text(s, text, len, path, d);
	free(text);
	return ret;
}
