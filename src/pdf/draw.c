/*
 * draw.c - pdf_layout / pdf_finish / pdf_render: runs the stages for one
 * document and draws the pages with libharu: backgrounds and table rules
 * first, then the text (one TJ array per run of a line, words at their
 * computed positions, kerned), links, destinations, the outline, the
 * running header and footer, and the document info; then saves to memory.
 * Fonts are loaded once the pages are known, as subsets of the code points
 * drawn (subset.c).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf_pages.h>

#include "markdown/markdown.h"
#include "pdf/chartdraw.h"
#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"

#define HEADER_GAP 26.0
#define FOOTER_GAP 34.0
#define MAX_FRAME_DEPTH 16
#define MAX_MEASURE_EM 33.0
#define MAX_OUTLINE 5000      /* bookmarks of a hostile document */

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *data)
{
	struct doc *d = data;
	(void)detail;
	if (!d->hpdf_error)
		d->hpdf_error = (int)no;
}

static struct rgb color_of(const struct doc *d, int c)
{
	const struct pdf_style *st = d->st;
	switch (c) {
	case COL_HEADING: return st->heading;
	case COL_LINK: return st->link;
	case COL_MUTED: return st->muted;
	case COL_WHITE: return (struct rgb){ 1, 1, 1 };
	default: return st->text;
	}
}

static int same_rgb(struct rgb a, struct rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* ---- text output ----------------------------------------------------- */

/*
 * Text is written straight into the page's content stream as one TJ array
 * per run of a line in one font, size and colour: words at their computed
 * positions, with a real space glyph between them (so that extraction
 * sees the spaces) and the difference taken up by a TJ adjustment. This
 * is far smaller and faster than a positioned string per word. Fonts and
 * colours still go through libharu, which records the page's resources.
 */
struct pen {
	HPDF_Page page;
	int font;
	float size;
	struct rgb color;
	int has_color;
	struct strbuf out;
};

/* A number with at most two decimals, as PDF content wants it. */
static void put_num(struct strbuf *b, double v)
{
	long long n = llround(v * 100);
	char tmp[32];
	int k = 0;

	if (n < 0) {
		strbuf_addc(b, '-');
		n = -n;
	}
	if (n % 100) {
		if (n % 10)
			tmp[k++] = (char)('0' + n % 10);
		tmp[k++] = (char)('0' + n / 10 % 10);
		tmp[k++] = '.';
	}
	n /= 100;
	do {
		tmp[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (k)
		strbuf_addc(b, tmp[--k]);
}

/* Two-byte codes (BMP code points) as a PDF literal string body. */
static void put_codes(struct strbuf *b, const char *s, size_t len)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + len;
	char *w;

	strbuf_grow(b, 4 * len);
	w = b->buf + b->len;
	while (q < e) {
		uint32_t cp = *q < 0x80 ? *q++ : utf8_decode(&q, e);
		unsigned char c[2];
		int k;
		if (cp > 0xffff)
			cp = 0xfffd;
		c[0] = (unsigned char)(cp >> 8);
		c[1] = (unsigned char)(cp & 0xff);
		for (k = 0; k < 2; k++) {
			if (c[k] == '(' || c[k] == ')' || c[k] == '\\') {
				*w++ = '\\';
				*w++ = (char)c[k];
			} else if (c[k] == '\n') {
				*w++ = '\\';
				*w++ = 'n';
			} else if (c[k] == '\r') {
				*w++ = '\\';
				*w++ = 'r';
			} else {
				*w++ = (char)c[k];
			}
		}
	}
	/* (at most 4 bytes per input byte: strbuf_grow made the room) */
	b->len = (size_t)(w - b->buf);
	b->buf[b->len] = 0;
}

/* Strings of a TJ array for text in face `font`, with the kerning
 * between glyphs as adjustments (the same values text.c measured). */
static void put_kerned(struct doc *d, struct strbuf *b, int font, const char *s, size_t len)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + len, *seg = q;
	uint32_t prev = 0;
	int first = 1;

	if (!d->e->fm[font].nkern) {
		strbuf_addc(b, '(');
		put_codes(b, s, len);
		strbuf_addc(b, ')');
		return;
	}
	while (q < e) {
		const unsigned char *at = q;
		uint32_t cp = *q < 0x80 ? *q++ : utf8_decode(&q, e);
		int k = first ? 0 : font_kern(d->e, font, prev, cp);
		if (k) {
			strbuf_addc(b, '(');
			put_codes(b, (const char *)seg, (size_t)(at - seg));
			strbuf_addf(b, ")%d", -k);
			seg = at;
		}
		prev = cp;
		first = 0;
	}
	strbuf_addc(b, '(');
	put_codes(b, (const char *)seg, (size_t)(e - seg));
	strbuf_addc(b, ')');
}

static int pen_set(struct doc *d, struct pen *pn, int font, float size, struct rgb col)
{
	if (font != pn->font || size != pn->size) {
		HPDF_Font hf = font_doc_load(d->pdf, d->e, font, d->hf, d->used[font]);
		if (!hf)
			return -1;
		HPDF_Page_SetFontAndSize(pn->page, hf, size);
		pn->font = font;
		pn->size = size;
	}
	if (!pn->has_color || !same_rgb(col, pn->color)) {
		HPDF_Page_SetRGBFill(pn->page, col.r, col.g, col.b);
		pn->color = col;
		pn->has_color = 1;
	}
	return 0;
}

static void pen_flush(struct pen *pn)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pn->page->attr;

	if (pn->out.len)
		HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)pn->out.buf, (HPDF_UINT)pn->out.len);
	strbuf_reset(&pn->out);
}

static void pen_move(struct pen *pn, double x, double y)
{
	strbuf_adds(&pn->out, "1 0 0 1 ");
	put_num(&pn->out, x);
	strbuf_addc(&pn->out, ' ');
	put_num(&pn->out, y);
	strbuf_adds(&pn->out, " Tm\n");
}

static int pen_text(struct doc *d, struct pen *pn, int font, float size, struct rgb col, double x,
		    double y, const char *s, size_t len)
{
	if (pen_set(d, pn, font, size, col) < 0)
		return -1;
	pen_move(pn, x, y);
	strbuf_addc(&pn->out, '(');
	put_codes(&pn->out, s, len);
	strbuf_adds(&pn->out, ") Tj\n");
	pen_flush(pn);
	return 0;
}

/* Text in role `role`, each character from the face that has it. */
static int pen_text_routed(struct doc *d, struct pen *pn, int role, float size, struct rgb col, double x,
			   double y, const char *s)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	struct strbuf run = STRBUF_INIT;
	int cur = -1, ret = 0;
	double w = 0;

	while (q <= e && !ret) {
		uint32_t out = 0;
		int subst, f = -1;
		if (q < e)
			f = font_resolve(d->e, role, utf8_decode(&q, e), &out, &subst);
		else
			q++;
		if (f != cur && run.len) {
			ret = pen_text(d, pn, cur, size, col, x, y, run.buf, run.len);
			x += w;
			w = 0;
			strbuf_reset(&run);
		}
		if (f < 0)
			break;
		cur = f;
		utf8_encode(&run, out);
		w += font_adv(d->e, f, out) * size / 1000.0;
	}
	strbuf_release(&run);
	return ret;
}

static int same_run(const struct frag *a, const struct frag *b)
{
	return a->font == b->font && a->size == b->size && a->color == b->color;
}

static double page_top(const struct doc *d)
{
	return d->st->page_h - d->st->margin_top;
}

/* ---- backgrounds ----------------------------------------------------- */

struct run {
	const struct frame *fr;
	int depth;
	float y0, y1;
};

static void fill_rect(HPDF_Page pg, struct rgb c, double x, double y, double w, double h)
{
	HPDF_Page_SetRGBFill(pg, c.r, c.g, c.b);
	HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(pg);
}

static void draw_frames(struct doc *d, HPDF_Page pg, const struct page *p)
{
	struct run *runs = NULL;
	size_t nruns = 0, aruns = 0, i, k;
	double left = d->left, top = page_top(d);
	int depth;

	for (i = 0; i < p->n; i++) {
		const struct place *pl = &d->places[p->first + i];
		const struct vitem *v = &d->items[pl->item];
		const struct frame *chain[MAX_FRAME_DEPTH], *f;
		int nc = 0, j;
		for (f = v->frame; f && nc < MAX_FRAME_DEPTH; f = f->parent)
			chain[nc++] = f;
		for (j = 0; j < nc; j++) {
			int found = 0;
			for (k = nruns; k-- > 0;) {
				if (runs[k].fr == chain[j] && fabsf(runs[k].y1 - pl->y) < 0.01f) {
					runs[k].y1 = pl->y + v->h;
					found = 1;
					break;
				}
			}
			if (!found) {
				ALLOC_GROW(runs, nruns + 1, aruns);
				runs[nruns].fr = chain[j];
				runs[nruns].depth = nc - j;
				runs[nruns].y0 = pl->y;
				runs[nruns].y1 = pl->y + v->h;
				nruns++;
			}
		}
	}
	for (depth = 1; depth <= MAX_FRAME_DEPTH; depth++) {
		for (k = 0; k < nruns; k++) {
			const struct run *r = &runs[k];
			double y = top - r->y1, h = r->y1 - r->y0, x = left + r->fr->x0, w = r->fr->x1 - r->fr->x0;
			if (r->depth != depth)
				continue;
			if (r->fr->kind == FRAME_QUOTE) {
				fill_rect(pg, d->st->callout_bg, x, y, w, h);
				fill_rect(pg, d->st->callout_bar, x, y, 3, h);
			} else if (r->fr->kind == FRAME_CODE) {
				fill_rect(pg, d->st->code_bg, x, y, w, h);
			}
		}
	}
	free(runs);
}

static void hline(HPDF_Page pg, struct rgb c, double w, double x0, double x1, double y)
{
	HPDF_Page_SetRGBStroke(pg, c.r, c.g, c.b);
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)w);
	HPDF_Page_MoveTo(pg, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(pg, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(pg);
}

static void draw_band(struct doc *d, HPDF_Page pg, const struct vitem *v, float y, int first_on_page)
{
	const struct band *b = &d->bands[v->aux];
	double left = d->left, top = page_top(d) - y;
	double x0 = left + b->x0, x1 = left + b->x1;

	if (b->header)
		fill_rect(pg, d->st->table_header_bg, x0, top - v->h, x1 - x0, v->h);
	if ((b->header && b->first) || (first_on_page && b->first))
		hline(pg, d->st->heading, b->header ? 0.9 : 0.4, x0, x1, top);
	if (b->last) {
		if (b->last_row)
			hline(pg, d->st->heading, 0.9, x0, x1, top - v->h);
		else if (b->header)
			hline(pg, d->st->heading, 0.5, x0, x1, top - v->h);
		else
			hline(pg, d->st->rule, 0.35, x0, x1, top - v->h);
	}
}

/* chartdraw callbacks: text goes through the same font routing. */
static int chart_role(const struct doc *d, HPDF_Font font)
{
	return font == d->hf[FONT_SANS_BOLD] ? FONT_SANS_BOLD : FONT_SANS;
}

static double chart_width(void *ud, HPDF_Font font, double size, const char *s)
{
	struct doc *d = ud;
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	int role = chart_role(d, font);
	double w = 0;

	while (q < e) {
		uint32_t out;
		int subst, f = font_resolve(d->e, role, utf8_decode(&q, e), &out, &subst);
		w += font_adv(d->e, f, out) * size / 1000.0;
	}
	return w;
}

static void chart_text(void *ud, HPDF_Page page, HPDF_Font font, double size, double x, double y,
		       const char *s)
{
	struct doc *d = ud;
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	int role = chart_role(d, font), cur = -1;
	struct strbuf run = STRBUF_INIT;
	double rx = x, w = 0;

	HPDF_Page_BeginText(page);
	while (q <= e) {
		uint32_t out = 0;
		int subst, f = -1;
		if (q < e)
			f = font_resolve(d->e, role, utf8_decode(&q, e), &out, &subst);
		else
			q++;
		if (f != cur && run.len) {
			HPDF_Font hf = font_doc_load(d->pdf, d->e, cur, d->hf, d->used[cur]);
			if (hf) {
				HPDF_Page_SetFontAndSize(page, hf, (HPDF_REAL)size);
				HPDF_Page_TextOut(page, (HPDF_REAL)rx, (HPDF_REAL)y, run.buf);
			}
			rx += w;
			w = 0;
			strbuf_reset(&run);
		}
		if (f < 0)
			break;
		cur = f;
		utf8_encode(&run, out);
		w += font_adv(d->e, f, out) * size / 1000.0;
	}
	HPDF_Page_EndText(page);
	strbuf_release(&run);
}

static void draw_chart(struct doc *d, HPDF_Page pg, const struct vitem *v, float y)
{
	struct chartdraw_fonts cf;

	cf.regular = font_doc_load(d->pdf, d->e, FONT_SANS, d->hf, d->used[FONT_SANS]);
	cf.bold = font_doc_load(d->pdf, d->e, FONT_SANS_BOLD, d->hf, d->used[FONT_SANS_BOLD]);
	if (!cf.regular || !cf.bold)
		return;
	cf.width = chart_width;
	cf.text = chart_text;
	cf.ud = d;
	chartdraw_draw(&d->charts[v->aux].c, pg, d->left + v->x, page_top(d) - y, v->w, &cf, d->st);
}

static void draw_graphics(struct doc *d, HPDF_Page pg, const struct page *p)
{
	size_t i;
	double left = d->left, top = page_top(d);

	draw_frames(d, pg, p);
	for (i = 0; i < p->n; i++) {
		const struct place *pl = &d->places[p->first + i];
		const struct vitem *v = &d->items[pl->item];
		switch (v->kind) {
		case V_BAND:
			draw_band(d, pg, v, pl->y, i == 0 || d->items[d->places[p->first + i - 1].item].kind != V_BAND);
			break;
		case V_RULE:
			hline(pg, v->aux == 1 ? d->st->callout_bar : d->st->rule, v->aux == 1 ? 3 : 0.6,
			      left + v->x, left + v->x + v->w, top - pl->y - v->h / 2);
			break;
		case V_IMAGE:
			HPDF_Page_DrawImage(pg, d->images[v->aux].img, (HPDF_REAL)(left + v->x),
					    (HPDF_REAL)(top - pl->y - v->h), v->w, v->h);
			break;
		case V_CHART:
			draw_chart(d, pg, v, pl->y);
			break;
		default:
			break;
		}
	}
}

/* ---- links ----------------------------------------------------------- */

static void uri_encode(const char *url, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)url;
	for (; *p; p++) {
		if (*p > 0x20 && *p < 0x7f && *p != '"' && *p != '<' && *p != '>' && *p != '\\' &&
		    *p != '{' && *p != '}' && *p != '|' && *p != '^' && *p != '`')
			strbuf_addc(out, *p);
		else
			strbuf_addf(out, "%%%02X", *p);
	}
}

static void make_link(struct doc *d, HPDF_Page pg, int32_t link, double x0, double x1, double base,
		      float size, struct strbuf *tmp)
{
	const struct link *l = &d->links[link];
	HPDF_Rect rect;
	HPDF_Annotation an;

	rect.left = (HPDF_REAL)x0;
	rect.right = (HPDF_REAL)x1;
	rect.bottom = (HPDF_REAL)(base - size * 0.25);
	rect.top = (HPDF_REAL)(base + size * 0.85);
	if (l->heading >= 0) {
		if (!d->heads[l->heading].dest)
			return;
		an = HPDF_Page_CreateLinkAnnot(pg, rect, d->heads[l->heading].dest);
	} else {
		if (!markdown_url_is_safe(l->url) || l->url[0] == '#')
			return;
		strbuf_reset(tmp);
		uri_encode(l->url, tmp);
		an = HPDF_Page_CreateURILinkAnnot(pg, rect, tmp->buf);
	}
	if (an)
		HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
}

/* ---- page drawing ---------------------------------------------------- */

static int draw_item_text(struct doc *d, struct pen *pn, const struct vitem *v, float y)
{
	double left = d->left, base = page_top(d) - y - v->asc;
	const struct frag *fr;
	uint32_t k = 0, n = v->nfrag;

	if (!n)
		return 0;
	fr = &d->frags[v->frag];

	while (k < n) {
		const struct frag *f = &fr[k];
		double pen_x;
		uint32_t j;
		if (!f->len) {
			k++;
			continue;
		}
		if (pen_set(d, pn, f->font, f->size, color_of(d, f->color)) < 0)
			return -1;
		pen_move(pn, left + f->x, base);
		strbuf_addc(&pn->out, '[');
		pen_x = f->x;
		for (j = k; j < n && fr[j].len && same_run(&fr[j], f); j++) {
			const struct frag *g = &fr[j];
			double adj = (g->x - pen_x) * 1000.0 / g->size;
			if (j > k && fabs(adj) >= 0.5) {
				put_num(&pn->out, -floor(adj + 0.5));
			}
			put_kerned(d, &pn->out, g->font, d->pool.buf + g->off, g->len);
			pen_x = g->x + g->w;
			/* a word space where the next word starts after a gap */
			if (j + 1 < n && fr[j + 1].x > g->x + g->w + 0.1f) {
				strbuf_add(&pn->out, "(\0 )", 4);
				pen_x += font_adv(d->e, g->font, ' ') * g->size / 1000.0;
			}
		}
		strbuf_adds(&pn->out, "] TJ\n");
		pen_flush(pn);
		k = j;
	}
	return 0;
}

static void draw_item_marks(struct doc *d, HPDF_Page pg, const struct vitem *v, float y, struct strbuf *tmp)
{
	double left = d->left, base = page_top(d) - y - v->asc;
	uint32_t k;

	for (k = 0; k < v->nfrag; k++) {
		const struct frag *f = &d->frags[v->frag + k];
		if (f->flags & IF_STRIKE)
			hline(pg, color_of(d, f->color), f->size * 0.06, left + f->x, left + f->x + f->w,
			      base + f->size * 0.28);
		if (f->link >= 0) {
			/* one annotation over a run of fragments of the same link */
			double x1 = left + f->x + f->w;
			uint32_t j = k;
			while (j + 1 < v->nfrag && d->frags[v->frag + j + 1].link == f->link) {
				j++;
				x1 = left + d->frags[v->frag + j].x + d->frags[v->frag + j].w;
			}
			make_link(d, pg, f->link, left + f->x, x1, base, f->size, tmp);
			k = j;
		}
	}
	if (v->kind == V_TOC && v->aux >= 0 && d->heads[v->aux].dest) {
		HPDF_Rect rect = { (HPDF_REAL)left, (HPDF_REAL)(page_top(d) - y - v->h),
				   (HPDF_REAL)(left + d->width), (HPDF_REAL)(page_top(d) - y) };
		HPDF_Annotation an = HPDF_Page_CreateLinkAnnot(pg, rect, d->heads[v->aux].dest);
		if (an)
			HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
	}
}

/* Dot leaders of a contents entry, drawn (not text) so extraction stays clean. */
static void draw_leaders(struct doc *d, HPDF_Page pg, const struct vitem *v, float y)
{
	const struct frag *title, *num;
	double left = d->left, base = page_top(d) - y - v->asc, x0, x1;

	if (v->kind != V_TOC || v->nfrag < 2 || v->brk != BRK_LAST)
		return;
	title = &d->frags[v->frag + v->nfrag - 2];
	num = &d->frags[v->frag + v->nfrag - 1];
	x0 = left + title->x + title->w + 6;
	x1 = left + num->x - 6;
	x0 = ceil(x0 / 5.0) * 5.0;
	if (x1 <= x0)
		return;
	/* round dots every 5 pt: zero-length dashes with round caps (written
	 * directly: libharu refuses a zero in a dash pattern) */
	{
		struct strbuf *b = &d->scratch;
		struct rgb c = d->st->muted;
		HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
		strbuf_reset(b);
		strbuf_adds(b, "q 1 J [0 5] 0 d 1.1 w ");
		put_num(b, c.r);
		strbuf_addc(b, ' ');
		put_num(b, c.g);
		strbuf_addc(b, ' ');
		put_num(b, c.b);
		strbuf_adds(b, " RG ");
		put_num(b, x0);
		strbuf_addc(b, ' ');
		put_num(b, base + 1);
		strbuf_adds(b, " m ");
		put_num(b, x1);
		strbuf_addc(b, ' ');
		put_num(b, base + 1);
		strbuf_adds(b, " l S Q\n");
		HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->buf, (HPDF_UINT)b->len);
	}
}

static double text_width(const struct doc *d, int role, float size, const char *s)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	double w = 0;

	while (q < e) {
		uint32_t out;
		int subst, f = font_resolve(d->e, role, utf8_decode(&q, e), &out, &subst);
		w += font_adv(d->e, f, out) * size / 1000.0;
	}
	return w;
}

/* The section (last level-1 or level-2 heading begun) on body page pi. */
static const char *page_section(const struct doc *d, size_t pi)
{
	const char *sect = NULL;
	size_t i;

	if (d->pages[pi].kind != PAGE_BODY)
		return NULL;
	for (i = 0; i < d->nheads && (size_t)d->heads[i].page <= pi; i++) {
		if (d->heads[i].level <= 2 && d->pages[d->heads[i].page].kind == PAGE_BODY)
			sect = d->heads[i].text;
	}
	return sect;
}

/*
 * Puts into `out` the longest prefix of `s` that fits in `room` points,
 * with an ellipsis when something was cut. Linear: each character is
 * measured once.
 */
static double fit_text(const struct doc *d, float size, const char *s, double room,
		       struct strbuf *out)
{
	const char *ell = "\xe2\x80\xa6";
	double ell_w = text_width(d, FONT_SANS, size, ell), w = 0;
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	const unsigned char *fit = q; /* end of the prefix that fits with "..." */
	double fit_w = 0;

	strbuf_reset(out);
	while (q < e) {
		const unsigned char *start = q;
		uint32_t o;
		int subst, f = font_resolve(d->e, FONT_SANS, utf8_decode(&q, e), &o, &subst);
		double cw = font_adv(d->e, f, o) * size / 1000.0;
		if (w + cw > room)
			break;
		w += cw;
		if (w + ell_w <= room && *start != ' ') {
			fit = q;
			fit_w = w;
		}
	}
	if (q >= e) {
		strbuf_adds(out, s);
		return w;
	}
	strbuf_add(out, s, (size_t)(fit - (const unsigned char *)s));
	strbuf_adds(out, ell);
	return fit_w + ell_w;
}

static int draw_furniture(struct doc *d, struct pen *pn, size_t pi)
{
	const struct pdf_style *st = d->st;
	double w = st->page_w, left = d->left, right = d->left + d->width;
	char buf[64];
	float size = (float)st->small;
	double tw = 0, title_w = 0;
	const char *title = d->m->title ? d->m->title : "";
	const unsigned char *q, *e;
	struct strbuf *b = &d->scratch;

	hline(pn->page, st->rule, 0.4, left, right, page_top(d) + HEADER_GAP - 6);
	HPDF_Page_BeginText(pn->page);
	pn->font = -1;
	/* the title on the left, at most two thirds of the line */
	if (*title) {
		title_w = fit_text(d, size, title, d->width * 2 / 3, b);
		if (pen_text_routed(d, pn, FONT_SANS, size, st->muted, left,
				    page_top(d) + HEADER_GAP, b->buf) < 0)
			goto fail;
	}
	/* the current section on the right, shortened to fit beside the title */
	{
		const char *sect = page_section(d, pi);
		double room = d->width - title_w - 24, sw;
		if (sect && strcmp(sect, title) && room > 60) {
			sw = fit_text(d, size, sect, room, b);
			if (pen_text_routed(d, pn, FONT_SANS, size, st->muted, right - sw,
					    page_top(d) + HEADER_GAP, b->buf) < 0)
				goto fail;
		}
	}
	snprintf(buf, sizeof(buf), "Page %zu of %zu", pi + 1, d->npages);
	for (q = (const unsigned char *)buf, e = q + strlen(buf); q < e; q++)
		tw += font_adv(d->e, FONT_SANS, *q) * size / 1000.0;
	if (pen_text(d, pn, FONT_SANS, size, st->muted, (w - tw) / 2, st->margin_bottom - FOOTER_GAP, buf,
		     strlen(buf)) < 0)
		goto fail;
	HPDF_Page_EndText(pn->page);
	return 0;
fail:
	HPDF_Page_EndText(pn->page);
	return -1;
}

static int draw_page(struct doc *d, size_t pi, HPDF_Page pg, struct strbuf *tmp)
{
	const struct page *p = &d->pages[pi];
	struct pen pn;
	size_t i;
	int ret = 0;

	memset(&pn, 0, sizeof(pn));
	pn.page = pg;
	pn.font = -1;
	draw_graphics(d, pg, p);
	for (i = 0; i < p->n; i++) {
		const struct place *pl = &d->places[p->first + i];
		draw_leaders(d, pg, &d->items[pl->item], pl->y);
	}
	HPDF_Page_BeginText(pg);
	for (i = 0; i < p->n && !ret; i++) {
		const struct place *pl = &d->places[p->first + i];
		ret = draw_item_text(d, &pn, &d->items[pl->item], pl->y);
	}
	HPDF_Page_EndText(pg);
	for (i = 0; i < p->n && !ret; i++) {
		const struct place *pl = &d->places[p->first + i];
		draw_item_marks(d, pg, &d->items[pl->item], pl->y, tmp);
	}
	if (!ret && p->kind != PAGE_COVER)
		ret = draw_furniture(d, &pn, pi);
	strbuf_release(&pn.out);
	return ret;
}

/* ---- outline, info, dates -------------------------------------------- */

/* Longest outline entry or info string, in characters: libharu refuses
 * strings over 64 KiB, and no reader shows more than a line of either. */
#define MAX_PDF_STRING_CHARS 1000

/* Appends text for an outline entry or info field: BMP characters only,
 * control characters as U+FFFD, cut with an ellipsis when too long. */
static void put_pdf_string(struct strbuf *t, const unsigned char *q, const unsigned char *e)
{
	size_t n = 0;

	while (q < e) {
		uint32_t cp = utf8_decode(&q, e);
		if (++n > MAX_PDF_STRING_CHARS) {
			utf8_encode(t, 0x2026);
			break;
		}
		utf8_encode(t, cp < 0x10000 && cp >= 0x20 ? cp : 0xfffd);
	}
}

static void make_outline(struct doc *d)
{
	HPDF_Encoder enc = HPDF_GetEncoder(d->pdf, "UTF-8");
	HPDF_Outline parents[7] = { NULL };
	struct strbuf t = STRBUF_INIT;
	size_t i;

	for (i = 0; i < d->nheads && i < MAX_OUTLINE; i++) {
		const struct heading *h = &d->heads[i];
		HPDF_Outline o, parent = NULL;
		int lv = h->level < 1 ? 1 : h->level > 6 ? 6 : h->level, k;
		const unsigned char *q = (const unsigned char *)h->text, *e = q + strlen(h->text);
		if (!h->dest)
			continue;
		for (k = lv - 1; k >= 1 && !parent; k--)
			parent = parents[k];
		strbuf_reset(&t);
		put_pdf_string(&t, q, e);
		o = HPDF_CreateOutline(d->pdf, parent, t.buf, enc);
		if (!o)
			break;
		HPDF_Outline_SetDestination(o, h->dest);
		HPDF_Outline_SetOpened(o, lv == 1 ? HPDF_TRUE : HPDF_FALSE);
		parents[lv] = o;
		for (k = lv + 1; k < 7; k++)
			parents[k] = NULL;
	}
	strbuf_release(&t);
}

static void set_info(struct doc *d, HPDF_InfoType type, const char *s)
{
	struct strbuf t = STRBUF_INIT;
	const unsigned char *q, *e;

	if (!s || !*s)
		return;
	q = (const unsigned char *)s;
	e = q + strlen(s);
	put_pdf_string(&t, q, e);
	HPDF_SetInfoAttr(d->pdf, type, t.buf);
	strbuf_release(&t);
}

static void set_dates(struct doc *d)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;
	HPDF_Date hd;

	if (sde && *sde) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0)
			return;
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	if (!gmtime_r(&t, &tm))
		return;
	memset(&hd, 0, sizeof(hd));
	hd.year = tm.tm_year + 1900;
	hd.month = tm.tm_mon + 1;
	hd.day = tm.tm_mday;
	hd.hour = tm.tm_hour;
	hd.minutes = tm.tm_min;
	hd.seconds = tm.tm_sec;
	hd.ind = 'Z';
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, hd);
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, hd);
}

/* ---- the layout dump ------------------------------------------------- */

static const char *const kind_names[] = { "space", "line", "rule", "image", "chart", "band", "toc" };
static const char *const brk_names[] = { "", "glue", "hyphen", "forced", "last", "char" };

void draw_dump_layout(struct doc *d, struct strbuf *out)
{
	static const char *const pk[] = { "cover", "contents", "body" };
	size_t pi, i;

	strbuf_addf(out, "pages %zu  text area %.2f x %.2f\n", d->npages, d->width, d->height);
	for (pi = 0; pi < d->npages; pi++) {
		const struct page *p = &d->pages[pi];
		strbuf_addf(out, "page %zu %s\n", pi + 1, pk[p->kind]);
		for (i = 0; i < p->n; i++) {
			const struct place *pl = &d->places[p->first + i];
			const struct vitem *v = &d->items[pl->item];
			uint32_t k;
			strbuf_addf(out, "  %7.2f %-5s h=%.2f", pl->y, kind_names[v->kind], v->h);
			if (v->kind == V_LINE || v->kind == V_TOC)
				strbuf_addf(out, " r=%.3f %s", v->r, brk_names[v->brk]);
			if (v->keep)
				strbuf_adds(out, " keep");
			if (v->heading >= 0)
				strbuf_addf(out, " h%d", d->heads[v->heading].level);
			if (v->kind == V_BAND) {
				const struct band *b = &d->bands[v->aux];
				strbuf_addf(out, " table=%d%s", b->table, b->header ? " header" : "");
			}
			if (v->nfrag) {
				float end = -1;
				strbuf_adds(out, " |");
				for (k = 0; k < v->nfrag; k++) {
					const struct frag *f = &d->frags[v->frag + k];
					if (k && f->x > end + 0.01f)
						strbuf_addc(out, ' ');
					strbuf_add(out, d->pool.buf + f->off, f->len);
					end = f->x + f->w;
				}
				strbuf_addf(out, "| w=%.2f", end - d->frags[v->frag].x);
			}
			strbuf_addc(out, '\n');
		}
	}
}

/* ---- orchestration --------------------------------------------------- */

/* ---- fonts: what each face must hold -------------------------------- */

static void mark(struct doc *d, int f, uint32_t cp)
{
	if (cp < 0x10000)
		d->used[f][cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

static void mark_text(struct doc *d, int role, const char *s)
{
	const unsigned char *q, *e;

	if (!s)
		return;
	q = (const unsigned char *)s;
	e = q + strlen(s);

	while (q < e) {
		uint32_t out;
		int subst, f = font_resolve(d->e, role, utf8_decode(&q, e), &out, &subst);
		mark(d, f, out);
	}
}

static void mark_chart(struct doc *d, const struct chart *c, int role)
{
	size_t i;
	char ascii[2] = { 0, 0 };

	for (i = 0x20; i < 0x7f; i++) {
		ascii[0] = (char)i;
		mark_text(d, role, ascii);
	}
	mark_text(d, role, "\xe2\x80\xa6\xe2\x88\x92");
	mark_text(d, role, c->title);
	mark_text(d, role, c->x_title);
	mark_text(d, role, c->y_title);
	for (i = 0; i < c->ncategories; i++)
		mark_text(d, role, c->categories[i]);
	for (i = 0; i < c->nseries; i++)
		mark_text(d, role, c->series[i].label);
}

/* Marks every code point the pages will draw, then loads the faces used. */
static int load_fonts(struct doc *d)
{
	size_t i;
	int f, g;

	for (i = 0; i < d->nfrags; i++) {
		const struct frag *fr = &d->frags[i];
		const unsigned char *q = (const unsigned char *)d->pool.buf + fr->off, *e = q + fr->len;
		uint8_t *u = d->used[fr->font];
		while (q < e) {
			if (*q < 0x80) {
				u[*q >> 3] |= (uint8_t)(1u << (*q & 7));
				q++;
			} else {
				mark(d, fr->font, utf8_decode(&q, e));
			}
		}
		mark(d, fr->font, ' ');
	}
	if (d->m->title)
		mark_text(d, FONT_SANS, d->m->title);
	mark_text(d, FONT_SANS, "Page 0123456789 of\xe2\x80\xa6");
	for (i = 0; i < d->nheads; i++)
		if (d->heads[i].level <= 2)
			mark_text(d, FONT_SANS, d->heads[i].text);
	for (i = 0; i < d->ncharts; i++) {
		mark_chart(d, &d->charts[i].c, FONT_SANS);
		mark_chart(d, &d->charts[i].c, FONT_SANS_BOLD);
	}
	/* faces sharing a file share one subset */
	for (f = 0; f < FONT__COUNT; f++) {
		for (g = 0; g < FONT__COUNT; g++) {
			size_t k;
			if (g == f || strcmp(d->e->path[f], d->e->path[g]))
				continue;
			for (k = 0; k < sizeof(d->used[0]); k++)
				d->used[f][k] |= d->used[g][k];
		}
	}
	for (f = 0; f < FONT__COUNT; f++) {
		size_t k;
		for (k = 0; k < sizeof(d->used[0]) && !d->used[f][k]; k++)
			;
		if (k < sizeof(d->used[0]) && !font_doc_load(d->pdf, d->e, f, d->hf, d->used[f]))
			return -1;
	}
	return 0;
}

static void free_layout(struct doc *d)
{
	strbuf_release(&d->pool);
	free(d->frags);
	free(d->items);
	free(d->places);
	d->frags = NULL;
	d->items = NULL;
	d->places = NULL;
	d->nfrags = d->afrags = d->nitems = d->aitems = d->nplaces = d->aplaces = 0;
	para_release(&d->para);
	kp_release(&d->kp);
}

static void doc_release(struct doc *d)
{
	free(d->used);
	if (d->pdf)
		HPDF_Free(d->pdf);
	arena_release(&d->arena);
	strbuf_release(&d->pool);
	strbuf_release(&d->scratch);
	markdown_anchors_release(&d->anchors);
	free(d->frags);
	free(d->items);
	free(d->links);
	free(d->heads);
	free(d->bands);
	free(d->tables);
	free(d->images);
	for (size_t i = 0; i < d->ncharts; i++)
		chart_release(&d->charts[i].c);
	free(d->charts);
	free(d->places);
	free(d->pages);
	para_release(&d->para);
	kp_release(&d->kp);
}

static void resolve_links(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nlinks; i++) {
		struct link *l = &d->links[i];
		if (l->url[0] != '#')
			continue;
		l->heading = anchor_heading(d, l->url + 1);
		if (l->heading >= 0)
			d->heads[l->heading].linked = 1;
	}
}

static int save(struct doc *d, struct strbuf *pdf, size_t *bytes)
{
	HPDF_UINT32 size;
	size_t start = pdf->len;

	if (HPDF_SaveToStream(d->pdf) != HPDF_OK)
		return -1;
	size = HPDF_GetStreamSize(d->pdf);
	HPDF_ResetStream(d->pdf);
	strbuf_grow(pdf, size);
	while (pdf->len - start < size) {
		HPDF_UINT32 n = (HPDF_UINT32)(size - (pdf->len - start));
		HPDF_STATUS st = HPDF_ReadFromStream(d->pdf, (HPDF_BYTE *)pdf->buf + pdf->len, &n);
		/* strbuf_grow left room; strbuf_setlen only shortens */
		pdf->len += n;
		pdf->buf[pdf->len] = 0;
		if (st != HPDF_OK || !n)
			break;
	}
	if (pdf->len - start != size)
		return -1;
	*bytes = size;
	return 0;
}

static int count_toc_heads(const struct doc *d)
{
	size_t i;
	int n = 0;
	for (i = 0; i < d->nheads; i++)
		n += d->heads[i].level == 2 ||
		     (d->heads[i].level == 1 && !(d->m->title && !strcmp(d->heads[i].text, d->m->title)));
	return n;
}

/* Puts the pages in reading order: cover, contents, body. */
static void order_pages(struct doc *d, size_t body_first, size_t body_n, size_t cover_first, size_t cover_n,
			size_t toc_first, size_t toc_n)
{
	struct page *pg = xmalloc((d->npages ? d->npages : 1) * sizeof(*pg));
	size_t n = 0, i;

	for (i = 0; i < cover_n; i++)
		pg[n++] = d->pages[cover_first + i];
	for (i = 0; i < toc_n; i++)
		pg[n++] = d->pages[toc_first + i];
	for (i = 0; i < body_n; i++)
		pg[n++] = d->pages[body_first + i];
	memcpy(d->pages, pg, n * sizeof(*pg));
	d->npages = n;
	free(pg);
}

struct pdf_job {
	struct doc d;
};

struct pdf_job *pdf_layout(struct pdf_engine *e, const struct markdown_doc *doc,
			   const struct pdf_meta *m)
{
	struct pdf_job *j;
	struct doc *d;

	if (e->busy) {
		error("pdf engine is already rendering a document");
		return NULL;
	}
	j = xcalloc(1, sizeof(*j));
	d = &j->d;
	strbuf_init(&d->para.text, 0);
	strbuf_init(&d->scratch, 0);
	e->busy = 1;
	d->e = e;
	d->st = &e->st;
	d->m = m;
	d->width = e->st.page_w - e->st.margin_left - e->st.margin_right;
	d->left = e->st.margin_left;
	/* the margins are minimums: lines stay near 70 characters */
	if (d->width > MAX_MEASURE_EM * e->st.body) {
		d->left += (d->width - MAX_MEASURE_EM * e->st.body) / 2;
		d->width = MAX_MEASURE_EM * e->st.body;
	}
	d->height = e->st.page_h - e->st.margin_top - e->st.margin_bottom;
	d->lead = e->st.body * e->st.leading;
	if (d->width < 72 || d->height < 72) {
		error("page too small for its margins");
		goto fail;
	}
	d->pdf = HPDF_New(on_hpdf_error, d);
	if (!d->pdf) {
		error("cannot create a PDF document");
		goto fail;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(d->pdf);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
	layout_document(d, doc->root);
	d->body_end = d->nitems;
	return j;
fail:
	doc_release(d);
	free(j);
	e->busy = 0;
	return NULL;
}

int pdf_finish(struct pdf_job *j, struct strbuf *pdf, struct strbuf *layout, struct pdf_result *r)
{
	struct doc *d = &j->d;
	struct pdf_engine *e = d->e;
	const struct pdf_meta *m = d->m;
	struct strbuf tmp = STRBUF_INIT;
	size_t i, body_items_end = d->body_end, toc_items_first = 0, body_pages_first, body_pages_n;
	size_t cover_first = 0, cover_n = 0, toc_first = 0, toc_n = 0;
	int ret = -1, want_toc;
	HPDF_Page *hp = NULL;

	memset(r, 0, sizeof(*r));
	want_toc = m->cover || m->contents > 0 || (m->contents < 0 && count_toc_heads(d) >= 3);
	if (m->cover) {
		size_t from = d->nitems;
		layout_cover(d);
		cover_first = d->npages;
		paginate_flow(d, from, d->nitems, PAGE_COVER);
		cover_n = d->npages - cover_first;
	}
	body_pages_first = d->npages;
	paginate_flow(d, 0, body_items_end, PAGE_BODY);
	body_pages_n = d->npages - body_pages_first;
	if (!body_pages_n) {
		/* an empty document still has one page */
		struct page *pg = DOC_PUSH(d, pages);
		pg->first = d->nplaces;
		pg->n = 0;
		pg->kind = PAGE_BODY;
		body_pages_n = 1;
	}
	if (want_toc && count_toc_heads(d)) {
		toc_items_first = d->nitems;
		layout_contents(d);
		toc_first = d->npages;
		paginate_flow(d, toc_items_first, d->nitems, PAGE_CONTENTS);
		toc_n = d->npages - toc_first;
	}
	order_pages(d, body_pages_first, body_pages_n, cover_first, cover_n, toc_first, toc_n);
	/* where each heading landed */
	for (i = 0; i < d->npages; i++) {
		const struct page *p = &d->pages[i];
		size_t k;
		if (p->kind != PAGE_BODY)
			continue;
		for (k = 0; k < p->n; k++) {
			const struct place *pl = &d->places[p->first + k];
			int32_t h = d->items[pl->item].heading;
			if (h >= 0 && d->heads[h].item == pl->item) {
				d->heads[h].page = (int)i;
				d->heads[h].y = pl->y;
			}
		}
	}
	if (toc_n)
		layout_contents_numbers(d, toc_items_first);
	resolve_links(d);
	if (layout)
		draw_dump_layout(d, layout);

	d->used = xcalloc(FONT__COUNT, sizeof(*d->used));
	if (load_fonts(d) < 0) {
		error("cannot load the fonts into the PDF (library error 0x%04X)", (unsigned)d->hpdf_error);
		goto out;
	}
	hp = xcalloc(d->npages, sizeof(*hp));
	for (i = 0; i < d->npages; i++) {
		hp[i] = HPDF_AddPage(d->pdf);
		if (!hp[i])
			break;
		HPDF_Page_SetWidth(hp[i], (HPDF_REAL)e->st.page_w);
		HPDF_Page_SetHeight(hp[i], (HPDF_REAL)e->st.page_h);
	}
	for (i = 0; i < d->nheads && !d->hpdf_error; i++) {
		struct heading *h = &d->heads[i];
		/* a destination where something points: bookmarks, contents, links */
		if (d->pages[h->page].kind != PAGE_BODY || (i >= MAX_OUTLINE && !h->linked))
			continue;
		h->dest = HPDF_Page_CreateDestination(hp[h->page]);
		if (h->dest)
			HPDF_Destination_SetFitH(h->dest, (HPDF_REAL)(page_top(d) - h->y + 4));
	}
	for (i = 0; i < d->npages && !d->hpdf_error; i++) {
		if (draw_page(d, i, hp[i], &tmp) < 0)
			break;
	}
	if (!d->hpdf_error)
		make_outline(d);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
	set_info(d, HPDF_INFO_TITLE, m->title);
	set_info(d, HPDF_INFO_AUTHOR, m->author);
	set_info(d, HPDF_INFO_SUBJECT, m->subject);
	set_info(d, HPDF_INFO_KEYWORDS, m->keywords);
	set_info(d, HPDF_INFO_CREATOR, "casebrief " CASEBRIEF_VERSION);
	set_dates(d);
	if (d->hpdf_error) {
		error("PDF library error 0x%04X", (unsigned)d->hpdf_error);
		goto out;
	}
	/* the pages are drawn: give back the layout before libharu's copy */
	free_layout(d);
	if (save(d, pdf, &r->bytes) < 0) {
		error("cannot write the PDF to memory (library error 0x%04X)", (unsigned)d->hpdf_error);
		goto out;
	}
	r->pages = (int)d->npages;
	r->warnings = d->warnings;
	ret = 0;
out:
	free(hp);
	strbuf_release(&tmp);
	doc_release(d);
	free(j);
	e->busy = 0;
	return ret;
}

int pdf_render(struct pdf_engine *e, const struct markdown_doc *doc, const struct pdf_meta *m,
	       struct strbuf *pdf, struct strbuf *layout, struct pdf_result *r)
{
	struct pdf_job *j = pdf_layout(e, doc, m);

	if (!j) {
		memset(r, 0, sizeof(*r));
		return -1;
	}
	return pdf_finish(j, pdf, layout, r);
}
