/*
 * table.c - GFM tables as bands: each cell's text is captured once (sans,
 * header row bold), the columns get their widths (colwidth.c), then each
 * row is broken cell by cell and laid out as one band per line of its
 * tallest cell, so a page may break between the lines of a row only where
 * pagination allows (a row's bands are kept together) and the header
 * bands can be repeated on the next page.
 *
 * A table is set in the text block. One whose words cannot all fit it
 * whole is set between the page margins instead (table_measure), as a
 * deliberate wide table with its heading and caption (layout.c); not
 * inside lists, quotes or other containers. Cells are hyphenated only
 * where their column is narrower than a word.
 *
 * A row is kept on one page unless it is taller than a quarter of the
 * page: then it may break after its second line and before its last
 * two, so one tall row does not leave a page nearly empty.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "pdf/layout.h"
#include "base/alloc.h"
#include "base/strbuf.h"

#define CELL_PAD_X 6.0
#define CELL_PAD_Y 3.5
#define TALL_ROW 0.25           /* of the text height: a row that may break */

struct cell {
	struct item *it;        /* copy of the cell's items */
	size_t n;
	struct strbuf text;
	double maxw, minw;
	int header;
};

/* A table being laid out. */
struct tlayout {
	size_t nrows, ncols;
	struct cell *cells;     /* nrows x ncols */
	double *colw;           /* column widths */
	double *colx;           /* ncols + 1 column edges */
	uint8_t *align;         /* 'l', 'c', 'r' or 0 per column; may be NULL */
	float lh, asc;
	int32_t index;          /* in d->tables */
	struct kp_line **lines; /* per column: the lines of the row being set */
	size_t *nlines;
	int32_t se, head, body; /* the Table element, its THead and TBody (-1 until made) */
	int32_t *cell_se;       /* per column: the cell elements of the row being set */
};

static void cell_capture(struct doc *d, cmark_node *cn, int header, struct cell *cl)
{
	struct tstyle ts = body_style(d);

	ts.family = FONT_SANS;
	ts.bold = header;
	ts.size = (float)d->st->table;
	ts.hyphenate = !header;
	para_reset(&d->para);
	if (cn)
		para_add_inlines(d, &d->para, cn, &ts);
	para_finish(&d->para);
	para_widths(&d->para, &cl->maxw, &cl->minw);
	cl->header = header;
	cl->n = d->para.n;
	cl->it = xmalloc(cl->n * sizeof(*cl->it));
	if (cl->n)
		memcpy(cl->it, d->para.it, cl->n * sizeof(*cl->it));
	strbuf_init(&cl->text, d->para.text.len);
	strbuf_add(&cl->text, d->para.text.buf, d->para.text.len);
}

/* Every cell of every row (missing cells empty). */
static void capture_cells(struct doc *d, cmark_node *tn, struct tlayout *t)
{
	cmark_node *row, *cn;
	size_t r, k;

	for (r = 0, row = cmark_node_first_child(tn); row; row = cmark_node_next(row), r++) {
		int header = cmark_gfm_extensions_get_table_row_is_header(row);
		for (k = 0, cn = cmark_node_first_child(row); k < t->ncols; k++) {
			cell_capture(d, cn, header, &t->cells[r * t->ncols + k]);
			if (cn)
				cn = cmark_node_next(cn);
		}
	}
}

/* Max-content, min-content and header min-content width of each column
 * (ex[0], ex[1], ex[2]), cell padding included. */
static void column_extents(const struct tlayout *t, double *ex[3])
{
	size_t r, k;

	for (r = 0; r < t->nrows; r++) {
		for (k = 0; k < t->ncols; k++) {
			const struct cell *cl = &t->cells[r * t->ncols + k];
			if (cl->maxw > ex[0][k])
				ex[0][k] = cl->maxw;
			if (cl->minw > ex[1][k])
				ex[1][k] = cl->minw;
			if (cl->header && cl->minw > ex[2][k])
				ex[2][k] = cl->minw;
		}
	}
	for (k = 0; k < t->ncols; k++) {
		/* (a point of slack so that rounding never wraps a cell that fits) */
		ex[0][k] += 2 * CELL_PAD_X + 1;
		ex[1][k] += 2 * CELL_PAD_X + 1;
		ex[2][k] += 2 * CELL_PAD_X + 1;
		if (ex[1][k] > ex[0][k])
			ex[1][k] = ex[0][k];
	}
}

/* Column widths and edges in the measure of `c`. */
static void place_columns(const struct bctx *c, struct tlayout *t)
{
	double *ex[3];
	size_t k;

	for (k = 0; k < 3; k++)
		ex[k] = xcalloc(t->ncols, sizeof(double));
	column_extents(t, ex);
	column_widths(ex[0], ex[1], ex[2], t->ncols, c->w, t->colw);
	t->colx[0] = c->x0;
	for (k = 0; k < t->ncols; k++)
		t->colx[k + 1] = t->colx[k] + t->colw[k];
	for (k = 0; k < 3; k++)
		free(ex[k]);
}

/* The widest piece of each column fits the measure together. */
static int fits_whole_words(const struct tlayout *t, double width)
{
	double *ex[3], smin = 0;
	size_t k;

	for (k = 0; k < 3; k++)
		ex[k] = xcalloc(t->ncols, sizeof(double));
	column_extents(t, ex);
	for (k = 0; k < t->ncols; k++)
		smin += ex[1][k];
	for (k = 0; k < 3; k++)
		free(ex[k]);
	return smin <= width;
}

static void tlayout_alloc(struct tlayout *t)
{
	t->cells = xcalloc(t->nrows * t->ncols, sizeof(*t->cells));
	t->colw = xcalloc(t->ncols, sizeof(double));
	t->colx = xcalloc(t->ncols + 1, sizeof(double));
	t->lines = xcalloc(t->ncols, sizeof(*t->lines));
	t->nlines = xcalloc(t->ncols, sizeof(*t->nlines));
	t->cell_se = xcalloc(t->ncols, sizeof(*t->cell_se));
	t->se = t->head = t->body = -1;
}

/* Rows and columns of table `tn`; 0 when it has none. */
static int table_shape(cmark_node *tn, struct tlayout *t)
{
	cmark_node *row;

	memset(t, 0, sizeof(*t));
	t->ncols = cmark_gfm_extensions_get_table_columns(tn);
	for (row = cmark_node_first_child(tn); row; row = cmark_node_next(row))
		t->nrows++;
	return t->ncols && t->nrows;
}

static void tlayout_release(struct tlayout *t);

/* The cells table_measure captured, kept for do_table. */
struct table_cells {
	cmark_node *tn;
	struct tlayout t;
};

void table_cells_release(struct table_cells **tc)
{
	if (!*tc)
		return;
	tlayout_release(&(*tc)->t);
	free(*tc);
	*tc = NULL;
}

int table_measure(struct doc *d, cmark_node *tn, const struct bctx *c, struct bctx *out,
		  struct table_cells **keep)
{
	struct tlayout t;
	size_t nlinks = d->nlinks, image_refs = d->image_refs;
	int warnings = d->warnings;
	double full = d->st->page_w - d->st->margin_left - d->st->margin_right;
	int wide = 0;

	*out = *c;
	table_cells_release(keep);
	/* only a table of the main text, and only when the page has room */
	if (c->frame || c->x0 != 0 || c->w != d->width || full <= c->w + 1 || !table_shape(tn, &t))
		return 0;
	tlayout_alloc(&t);
	capture_cells(d, tn, &t);
	if (!fits_whole_words(&t, c->w)) {
		wide = 1;
		out->x0 = c->x0 - (full - c->w) / 2;
		out->w = full;
	}
	/* cells that made no link, asked for no image and warned of nothing
	 * are what do_table would capture again (the word cache makes the
	 * same items): they are kept for it */
	if (d->nlinks == nlinks && d->image_refs == image_refs && d->warnings == warnings) {
		*keep = xmalloc(sizeof(**keep));
		(*keep)->tn = tn;
		(*keep)->t = t;
		return wide;
	}
	tlayout_release(&t);
	/* (capturing the cells made links the table's layout makes again) */
	d->nlinks = nlinks;
	return wide;
}

/* Makes d->para the cell's items and text. */
static void cell_to_para(struct doc *d, const struct cell *cl)
{
	para_reset(&d->para);
	ALLOC_GROW(d->para.it, cl->n, d->para.alloc);
	memcpy(d->para.it, cl->it, cl->n * sizeof(*cl->it));
	d->para.n = cl->n;
	strbuf_add(&d->para.text, cl->text.buf, cl->text.len);
}

/* Breaks every cell of row r into its column; returns the most lines. */
static size_t break_row(struct doc *d, struct tlayout *t, size_t r)
{
	size_t k, maxl = 0;

	for (k = 0; k < t->ncols; k++) {
		struct cell *cl = &t->cells[r * t->ncols + k];
		double m = t->colw[k] - 2 * CELL_PAD_X;
		if (m < 1)
			m = 1;
		cell_to_para(d, cl);
		para_break(d, m, 1, 0);
		t->nlines[k] = d->kp.nlines;
		t->lines[k] = xmalloc((d->kp.nlines + 1) * sizeof(struct kp_line));
		memcpy(t->lines[k], d->kp.lines, d->kp.nlines * sizeof(struct kp_line));
		if (t->nlines[k] > maxl)
			maxl = t->nlines[k];
		/* stash the broken items back in the cell (they may have been split) */
		free(cl->it);
		cl->n = d->para.n;
		cl->it = xmalloc(cl->n * sizeof(*cl->it));
		memcpy(cl->it, d->para.it, cl->n * sizeof(*cl->it));
		strbuf_reset(&cl->text);
		strbuf_add(&cl->text, d->para.text.buf, d->para.text.len);
	}
	return maxl ? maxl : 1;
}

/* References recorded for the temporary line at item `line` belong to
 * the band before it. */
static void fold_noterefs(struct doc *d, uint32_t line)
{
	size_t k = d->nnoterefs;

	while (k-- > 0 && d->noterefs[k].item >= line)
		d->noterefs[k].item = line - 1;
}

/* Band `line` of `maxl` of row r: line `line` of each cell, set in its column. */
static void row_band(struct doc *d, const struct tlayout *t, const struct bctx *c, size_t r, int header,
		     size_t line, size_t maxl)
{
	struct vitem *v = push_item(d, V_BAND, t->lh, c->frame);
	struct band *b = DOC_PUSH(d, bands);
	size_t k;

	v->aux = (int32_t)(d->nbands - 1);
	v->asc = t->asc;
	b->table = t->index;
	b->header = (uint8_t)header;
	b->first = line == 0;
	b->last = line == maxl - 1;
	b->last_row = r == t->nrows - 1;
	b->x0 = (float)t->colx[0];
	b->x1 = (float)t->colx[t->ncols];
	if (line == 0) {
		v->h += CELL_PAD_Y;
		v->asc += CELL_PAD_Y;
		take_marker(d);
	}
	if (line == maxl - 1)
		v->h += CELL_PAD_Y;
	v->keep = (uint8_t)(header || line < maxl - 1);
	if (!header && maxl * t->lh > d->height * TALL_ROW && line >= 1 && line + 2 < maxl)
		v->keep = 0;
	for (k = 0; k < t->ncols; k++) {
		int align = t->align ? (t->align[k] == 'c' ? 1 : t->align[k] == 'r' ? 2 : 0) : 0;
		size_t before, nf;
		if (line >= t->nlines[k])
			continue;
		cell_to_para(d, &t->cells[r * t->ncols + k]);
		d->se = t->cell_se[k];
		d->kp.nlines = 1;
		d->kp.lines[0] = t->lines[k][line];
		before = d->nitems;
		nf = d->nfrags;
		layout_emit_lines(d, t->colx[k] + CELL_PAD_X, t->colw[k] - 2 * CELL_PAD_X, align, t->lh, t->asc,
				  0);
		if (line + 1 < t->nlines[k])
			line_end_space(d->nfrags > nf ? last_frag(d) : NULL,
				       &d->para.it[t->lines[k][line].end]);
		/* fold the temporary line's fragments (and note references) into the band */
		d->nitems = before;
		fold_noterefs(d, (uint32_t)before);
	}
	close_item(d);
}

/* The row's TR under the table's THead or TBody, and a TH or TD for
 * each of its cells (empty ones too: every row has all its columns). */
static void row_elements(struct doc *d, struct tlayout *t, int header)
{
	int32_t *group = header ? &t->head : &t->body, tr;
	size_t k;

	if (*group < 0)
		*group = tags_new(d, header ? TAG_THEAD : TAG_TBODY, t->se);
	tr = tags_new(d, TAG_TR, *group);
	for (k = 0; k < t->ncols; k++) {
		t->cell_se[k] = tags_new(d, header ? TAG_TH : TAG_TD, tr);
		d->tags.el[t->cell_se[k]].fixed = TAG_KEEP;
	}
}

/* Row r as bands; a header row's bands are recorded for repeating. */
static void layout_row(struct doc *d, struct tlayout *t, const struct bctx *c, size_t r, cmark_node *row)
{
	int header = cmark_gfm_extensions_get_table_row_is_header(row);
	size_t first_band = d->nitems, maxl = break_row(d, t, r), line, k;

	row_elements(d, t, header);

	for (line = 0; line < maxl; line++)
		row_band(d, t, c, r, header, line, maxl);
	if (header) {
		struct table *tb = &d->tables[t->index];
		if (!tb->hdr_n)
			tb->hdr_first = (uint32_t)first_band;
		tb->hdr_n += (uint32_t)(d->nitems - first_band);
	}
	for (k = 0; k < t->ncols; k++)
		free(t->lines[k]);
}

static void tlayout_release(struct tlayout *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i].it);
		strbuf_release(&t->cells[i].text);
	}
	free(t->cells);
	free(t->colw);
	free(t->colx);
	free(t->lines);
	free(t->nlines);
	free(t->cell_se);
}

void do_table(struct doc *d, cmark_node *tn, const struct bctx *c, struct table_cells **kept)
{
	struct tlayout t;
	float size = (float)d->st->table;
	struct table *tb;
	cmark_node *row;
	size_t r;

	if (*kept && (*kept)->tn == tn) {
		t = (*kept)->t;
		free(*kept);
		*kept = NULL;
	} else {
		table_cells_release(kept);
		if (!table_shape(tn, &t))
			return;
		tlayout_alloc(&t);
		capture_cells(d, tn, &t);
	}
	t.align = cmark_gfm_extensions_get_table_alignments(tn);
	t.lh = size * 1.4f;
	t.asc = line_ascent(d, size, t.lh);
	place_columns(c, &t);
	tb = DOC_PUSH(d, tables);
	tb->header_page = -1;
	t.index = (int32_t)(d->ntables - 1);
	t.se = tags_new(d, TAG_TABLE, c->se);
	add_space(d, (float)(d->lead * 0.6));
	flush_space(d, c->frame);
	for (r = 0, row = cmark_node_first_child(tn); r < t.nrows; r++, row = cmark_node_next(row))
		layout_row(d, &t, c, r, row);
	tlayout_release(&t);
	add_space(d, (float)(d->lead * 0.6));
}
