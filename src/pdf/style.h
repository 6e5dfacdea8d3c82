/*
 * style.h - the look of a PDF brief: page, margins, sizes, fonts per role,
 * colours, hyphenation language. Defaults are built in; templates/style.yaml
 * (or --style FILE) overrides any of them and is validated like the data
 * (unknown keys with a hint, wrong types, bad colours, file:line:col).
 *
 * style.yaml shape (every key optional):
 *   page: { size: a4 | letter, margin: { top: 72, bottom: 72, left: 72, right: 72 } }
 *         # margins in points, or strings with a unit ("20mm", "2cm", "1in");
 *         # `margin: 72` sets all four; they must leave 2 inches of text each way
 *   sizes: { body: 10.5, leading: 1.35, h1: 20, h2: 15, h3: 12, code: 8.8, table: 9, small: 8 }
 *   fonts: { serif: NotoSerif-Regular.ttf, serif_bold: ..., serif_italic: ..., serif_bold_italic: ...,
 *            sans: NotoSans-Regular.ttf, sans_bold: ..., mono: NotoSansMono-Regular.ttf, fallback: DejaVuSans.ttf }
 *   colors: { text: "#1a1a1a", heading: "#123b5c", link: "#1f5fa8", rule: "#c8ced6",
 *             callout_bg: "#f2f5f9", callout_bar: "#2f6db5", code_bg: "#f5f5f2",
 *             table_header_bg: "#e8edf3", muted: "#5b6673",
 *             series: ["#2f6db5", "#c8553d", "#7a8b99", ...] }
 *   text: { lang: en_US, hyphenate: true, justify: true }
 */
#ifndef CASEBRIEF_PDF_STYLE_H
#define CASEBRIEF_PDF_STYLE_H

#include "base/diag.h"

struct yreport;
struct ynode;

#define STYLE_MAX_SERIES 8

enum style_font {
	FONT_SERIF, FONT_SERIF_BOLD, FONT_SERIF_ITALIC, FONT_SERIF_BOLD_ITALIC,
	FONT_SANS, FONT_SANS_BOLD, FONT_MONO, FONT_FALLBACK, FONT__COUNT
};

struct rgb {
	float r, g, b; /* 0..1 */
};

struct pdf_style {
	double page_w, page_h;  /* points */
	double margin_top, margin_bottom, margin_left, margin_right;
	double body, leading, h1, h2, h3, code, table, small;
	char *fonts[FONT__COUNT]; /* file names, relative to the fonts dir */
	struct rgb text, heading, link, rule, callout_bg, callout_bar, code_bg,
		table_header_bg, muted;
	struct rgb series[STYLE_MAX_SERIES];
	int nseries;
	char *lang;             /* hyphenation language, e.g. "en_US" */
	int hyphenate, justify;
};

/* Fills in the built-in defaults (A4, Noto fonts, ...). */
void pdf_style_defaults(struct pdf_style *s);
/*
 * Validates the style mapping `n` (a node of a YAML document, yaml/doc.h)
 * and applies it over the current values of `st`: every problem is
 * reported through `r` at its position, and `st` keeps its previous values
 * for keys in error (and its page geometry when the margins would leave
 * too little room). `n` NULL or an empty value changes nothing. Sizes are
 * checked against sane ranges (body 4-36 pt, leading 1-3 times the size,
 * headings 5-72 pt), fonts must be .ttf files. Returns 0, or -1 when it
 * reported an error. Reads `n` only: several threads may apply one node.
 */
int pdf_style_apply(struct pdf_style *st, struct yreport *r, const struct ynode *n);
/* Reads a style file over the current values: 0, or -1 after adding
 * diagnostics (a YAML problem or pdf_style_apply's), or after printing an
 * error when the file cannot be read (base/file.h). */
int pdf_style_load(struct pdf_style *s, const char *path, struct diags *d);
/* Same, from text already in memory; `file` names it in messages. */
int pdf_style_load_text(struct pdf_style *s, const char *text, size_t len,
			const char *file, struct diags *d);
void pdf_style_release(struct pdf_style *s);

#endif
