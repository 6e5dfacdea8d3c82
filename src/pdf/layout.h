/*
 * layout.h - what the layout files share (not used outside them): the
 * block context of the walk, the vertical-list builders of vlist.c, and
 * the block handlers the walk in layout.c calls.
 *
 * Every builder appends to the document's vertical list (d->items, with
 * text fragments in d->frags and d->pool). A pushed item owns the
 * fragments pushed after it until close_item; set_para and
 * layout_emit_lines do that themselves.
 */
#ifndef CASEBRIEF_PDF_LAYOUT_H
#define CASEBRIEF_PDF_LAYOUT_H

#include "pdf/pdfint.h"

/* Where a block goes: its left edge and measure, its frame, and the state
 * of the list it is in. */
struct bctx {
	double x0, w;
	struct frame *frame;
	int tight;
	int counter;
	int ordered;
	int delim_paren;
	int level;              /* list nesting */
	int depth;              /* indentation depth */
	int32_t se;             /* the structure element its blocks go in (tags.h) */
	int in_note;            /* inside a footnote: headings are tagged P */
};

/* ---- vlist.c --------------------------------------------------------- */

uint32_t pool_add(struct doc *d, const char *s, size_t len);
/* Baseline below the top of a line `lh` high holding text of `size`. */
float line_ascent(const struct doc *d, float size, float lh);
struct vitem *push_item(struct doc *d, int kind, float h, struct frame *fr);
/* The fragments pushed since the last item belong to it. */
void close_item(struct doc *d);
struct frag *push_frag(struct doc *d);
/* The fragment pushed last (there is one since the last frags_seal). */
struct frag *last_frag(struct doc *d);
/* Space before the next block: the largest asked for since the last one. */
void add_space(struct doc *d, float h);
/* Emits the pending space between blocks (it vanishes at a page top). */
void flush_space(struct doc *d, struct frame *fr);
/* The item before now must stay on the page of what comes next. */
void keep_last(struct doc *d);
/* A run of text in one style at x; characters routed to the faces that
 * have them. Sets *w_out (when not NULL) to its width. */
void text_frags(struct doc *d, const char *s, size_t len, int font, float size, int color, float x,
		float *w_out);
/* Makes `len` bytes of text at x the pending marker (a list's bullet or
 * number, a reference's or a note's number), which the next line takes;
 * its width in *w. */
void make_marker(struct doc *d, const char *s, size_t len, int font, float size, int color, double x,
		 float *w);
/* Puts the pending marker (if any) on the item being built. */
void take_marker(struct doc *d);
/* The width of "[00]" with `ndigits` digits in face `font` at `size`. */
double label_width(const struct doc *d, size_t ndigits, int font, float size);
struct tstyle body_style(const struct doc *d);
/* Breaks d->para (finished) into d->kp's lines of `measure`: para_fit,
 * then Knuth-Plass; held code breaks come back when the paragraph
 * cannot be set well without them, and a short paragraph that only the
 * looser passes can justify, with spaces over twice their width, is set
 * ragged instead. `hyphenate` 0: only words wider than the measure are
 * hyphenated (table cells). */
void para_break(struct doc *d, double measure, int ragged, int hyphenate);
/* Breaks d->para and emits it; returns the number of lines. `ragged`: 0
 * justified, 1 ragged right, 2 ragged and balanced; `align`: 0 left,
 * 1 centred, 2 right; `keep_all`: no page break inside or after. */
size_t set_para(struct doc *d, const struct bctx *c, int ragged, int align, float size, float lh,
		int keep_all);
/* A line of d->para that ends at item `end` ends after fragment f (NULL:
 * none): at a space or a hard break it gets FRAG_SPACED (pdfint.h). */
void line_end_space(struct frag *f, const struct item *end);
/* Emits the lines of d->para (already broken into d->kp) as V_LINE items. */
void layout_emit_lines(struct doc *d, double x0, double measure, int align, float lh, float asc,
		       int keep_all);

/* ---- the walk (layout.c) and footnotes (notes.c) ---------------------- */

/* Lays out the blocks inside `top` (a footnote definition) in context c0. */
void layout_blocks(struct doc *d, cmark_node *top, const struct bctx *c0);
/* The footnote definitions of the document, as d->notes (before the body). */
void notes_collect(struct doc *d, cmark_node *root);
/* Endnotes (pdf_meta.notes_heading): every note as an entry of a numbered
 * list, here in the flow, in context `c`. */
void notes_layout_end(struct doc *d, const struct bctx *c);
/* Footnotes: each note's lines after the body (d->body_end), up to
 * d->notes_end, and the rule drawn above them (d->foot_rule). */
void notes_layout_foot(struct doc *d);

/* ---- block handlers -------------------------------------------------- */

void do_heading(struct doc *d, cmark_node *n, const struct bctx *c);       /* heading.c */
/* Preformatted text (code, raw HTML, a chart that cannot be drawn) in a
 * frame of `kind`. */
void do_code(struct doc *d, const char *lit, const struct bctx *c, int kind); /* code.c */
/* table.c: a table's cells as table_measure captured them. */
struct table_cells;
/* table.c: table `tn`, from the cells in *kept when they are its (they
 * are taken, and any others released). */
void do_table(struct doc *d, cmark_node *tn, const struct bctx *c, struct table_cells **kept);
/* table.c: the measure table `tn` takes in context `c` (*out): `c` itself,
 * or, for a table of the main text whose words cannot fit the text block
 * whole, the width between the page margins, centred on the text block
 * (returns 1 then). The cells it captured go in *keep (what was there is
 * released) when capturing them again would make the same. */
int table_measure(struct doc *d, cmark_node *tn, const struct bctx *c, struct bctx *out,
		  struct table_cells **keep);
void table_cells_release(struct table_cells **tc);
/* figure.c: `para`, a paragraph holding only an image, as a figure;
 * returns 0 when the image cannot be shown (the caller sets the
 * paragraph as text). */
int try_image(struct doc *d, cmark_node *para, const struct bctx *c);
/* figure.c: a ```chart block, drawn from the chart markdown_parse bound
 * to it (`mc`), or shown as code when the spec was refused. */
void do_chart(struct doc *d, cmark_node *n, const struct markdown_chart *mc, const struct bctx *c);

/*
 * colwidth.c: shares `avail` points between `ncols` columns of
 * max-content widths `mx`, min-content widths `mn` and header
 * min-content widths `hd` (all with the cell padding) into `colw`;
 * returns the sum of the minimums.
 */
double column_widths(const double *mx, const double *mn, const double *hd, size_t ncols, double avail,
		     double *colw);

#endif
