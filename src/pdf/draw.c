/*
 * draw.c - one page's content, in painting order: the backgrounds of
 * quotes and code (outermost frame first, one rectangle per frame per
 * page), table rules and header shading, rules, images and charts, the
 * dot leaders of contents entries; then the text (drawtext.c); then what
 * goes over it, strike-through lines and links (links.c); then the
 * running header and footer (furniture.c) on all but the cover.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>

#include "pdf/chartdraw.h"
#include "pdf/draw.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define MAX_FRAME_DEPTH 16
/* room for most pages' content without regrowing */
#define PAGE_HINT 16384

/* ---- backgrounds ------------------------------------------------------- */

struct run {
	const struct frame *fr;
	int depth;
	float y0, y1;
};

static void draw_frames(struct doc *d, struct strbuf *out, const struct page *p)
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
				gfx_rect(out, d->st->callout_bg, x, y, w, h);
				gfx_rect(out, d->st->callout_bar, x, y, 3, h);
			} else if (r->fr->kind == FRAME_CODE) {
				gfx_rect(out, d->st->code_bg, x, y, w, h);
			}
		}
	}
	free(runs);
}

static void draw_band(struct doc *d, struct strbuf *out, const struct vitem *v, float y, int first_on_page)
{
	const struct band *b = &d->bands[v->aux];
	double left = d->left, top = page_top(d) - y;
	double x0 = left + b->x0, x1 = left + b->x1;

	if (b->header)
		gfx_rect(out, d->st->table_header_bg, x0, top - v->h, x1 - x0, v->h);
	if ((b->header && b->first) || (first_on_page && b->first))
		gfx_line(out, d->st->heading, b->header ? 0.9 : 0.4, x0, top, x1, top);
	if (b->last) {
		if (b->last_row)
			gfx_line(out, d->st->heading, 0.9, x0, top - v->h, x1, top - v->h);
		else if (b->header)
			gfx_line(out, d->st->heading, 0.5, x0, top - v->h, x1, top - v->h);
		else
			gfx_line(out, d->st->rule, 0.35, x0, top - v->h, x1, top - v->h);
	}
}

/* chartdraw callbacks: text goes through the same font routing and
 * shaping. The chart's two fonts are told apart by these stand-ins. */
static const char chart_regular, chart_bold;

struct chart_ctx {
	struct doc *d;
	HPDF_Page page;
};

static int chart_role(HPDF_Font font)
{
	return font == (HPDF_Font)&chart_bold ? FONT_SANS_BOLD : FONT_SANS;
}

static double chart_width(void *ud, HPDF_Font font, double size, const char *s)
{
	struct chart_ctx *cx = ud;

	return text_width_routed(cx->d->e, chart_role(font), size, s, strlen(s));
}

/* In the fill colour chartdraw has just set: the pen starts with it. */
static void chart_text(void *ud, struct strbuf *out, HPDF_Font font, double size, double x, double y,
		       const char *s)
{
	struct chart_ctx *cx = ud;
	struct pen pn;

	memset(&pn, 0, sizeof(pn));
	pn.page = cx->page;
	pn.out = out;
	pn.font = -1;
	pn.has_color = 1;
	pn.mark.el = TAG_NONE; /* inside the chart's Figure */
	strbuf_addlit(out, "BT\n");
	if (pen_text_routed(cx->d, &pn, chart_role(font), (float)size, pn.color, x, y, s) < 0)
		cx->d->font_failed = 1;
	strbuf_addlit(out, "ET\n");
}

static void draw_chart(struct doc *d, HPDF_Page pg, struct strbuf *out, const struct vitem *v, float y)
{
	struct chartdraw_fonts cf;
	struct chart_ctx cx = { d, pg };

	cf.regular = (HPDF_Font)&chart_regular;
	cf.bold = (HPDF_Font)&chart_bold;
	cf.width = chart_width;
	cf.text = chart_text;
	cf.ud = &cx;
	chartdraw_draw(&d->charts[v->aux].c, out, d->left + v->x, page_top(d) - y, v->w, &cf, d->st);
}

/* An image, registered in the page's resources. */
static void draw_image(HPDF_Page pg, struct strbuf *out, HPDF_Image img, HPDF_REAL x, HPDF_REAL y, HPDF_REAL w,
		       HPDF_REAL h)
{
	const char *name = HPDF_Page_GetXObjectName(pg, img);

	if (name)
		gfx_image(out, name, x, y, w, h);
	else /* libharu reports why */
		HPDF_Page_ExecuteXObject(pg, img);
}

/* The images in the lines of item `v` (IF_IMAGE fragments), standing on
 * the baseline, each its Figure (at item key `key`). */
static void draw_inline_images(struct doc *d, HPDF_Page pg, struct strbuf *out, const struct vitem *v, float y,
			       struct tag_mark *m, uint64_t key)
{
	double base = page_top(d) - y - v->asc;
	const struct frag *fr = item_frags(d, v);
	uint32_t k;

	for (k = 0; k < v->nfrag; k++) {
		const struct frag *f = &fr[k];
		const struct image *ii = (f->flags & IF_IMAGE) ? &d->images[f->off] : NULL;
		if (!ii)
			continue;
		tags_mark(d, out, m, f->se >= 0 ? f->se : TAG_ARTIFACT, key + ((uint64_t)k << 2));
		draw_image(pg, out, ii->img, (HPDF_REAL)(d->left + f->x), (HPDF_REAL)base, f->w,
			   (HPDF_REAL)(f->w * ii->ph / ii->pw));
	}
}

/* Everything but text on page pi: backgrounds, rules and shading are
 * artifacts; images and charts are the content of their Figures. */
static void draw_graphics(struct doc *d, HPDF_Page pg, struct strbuf *out, size_t pi)
{
	const struct page *p = &d->pages[pi];
	struct tag_mark m = { TAG_NONE };
	double left = d->left, top = page_top(d);
	size_t i;

	tags_mark(d, out, &m, TAG_ARTIFACT, 0);
	draw_frames(d, out, p);
	for (i = 0; i < p->n; i++) {
		const struct place *pl = &d->places[p->first + i];
		const struct vitem *v = &d->items[pl->item];
		uint64_t key = tags_key(pi, i, 0, 0);
		draw_inline_images(d, pg, out, v, pl->y, &m, key);
		if (v->kind == V_BAND || v->kind == V_RULE)
			tags_mark(d, out, &m, TAG_ARTIFACT, 0);
		else if (v->kind == V_IMAGE || v->kind == V_CHART)
			tags_mark(d, out, &m, v->se >= 0 ? v->se : TAG_ARTIFACT, key);
		switch (v->kind) {
		case V_BAND:
			draw_band(d, out, v, pl->y,
				  i == 0 || d->items[d->places[p->first + i - 1].item].kind != V_BAND);
			break;
		case V_RULE:
			gfx_line(out, v->aux == 1 ? d->st->callout_bar : d->st->rule, v->aux == 1 ? 3 : 0.6,
				 left + v->x, top - pl->y - v->h / 2, left + v->x + v->w, top - pl->y - v->h / 2);
			break;
		case V_IMAGE:
			draw_image(pg, out, d->images[v->aux].img, (HPDF_REAL)(left + v->x),
				   (HPDF_REAL)(top - pl->y - v->h), v->w, v->h);
			break;
		case V_CHART:
			draw_chart(d, pg, out, v, pl->y);
			break;
		default:
			break;
		}
	}
	tags_mark(d, out, &m, TAG_NONE, 0);
}

/* Dot leaders of a contents entry, drawn (not text) so extraction stays clean. */
static void draw_leaders(struct doc *d, struct strbuf *out, const struct vitem *v, float y)
{
	const struct frag *title, *num;
	double left = d->left, base = page_top(d) - y - v->asc, x0, x1;
	struct rgb c = d->st->muted;

	if (v->kind != V_TOC || v->nfrag < 2 || v->brk != BRK_LAST)
		return;
	title = &item_frags(d, v)[v->nfrag - 2];
	num = title + 1;
	x0 = left + title->x + title->w + 6;
	x1 = left + num->x - 6;
	x0 = ceil(x0 / 5.0) * 5.0;
	if (x1 <= x0)
		return;
	/* round dots every 5 pt: zero-length dashes with round caps (libharu
	 * refuses a zero in a dash pattern) */
	strbuf_addlit(out, "/Artifact BMC\nq 1 J [0 5] 0 d 1.1 w ");
	put_num(out, c.r);
	strbuf_addc(out, ' ');
	put_num(out, c.g);
	strbuf_addc(out, ' ');
	put_num(out, c.b);
	strbuf_addlit(out, " RG ");
	put_num(out, x0);
	strbuf_addc(out, ' ');
	put_num(out, base + 1);
	strbuf_addlit(out, " m ");
	put_num(out, x1);
	strbuf_addc(out, ' ');
	put_num(out, base + 1);
	strbuf_addlit(out, " l S Q\nEMC\n");
}

/* A table's header band placed again on a later page than its first. */
static int repeated_header(struct doc *d, const struct vitem *v, size_t pi)
{
	struct table *tb;

	if (v->kind != V_BAND || !d->bands[v->aux].header)
		return 0;
	tb = &d->tables[d->bands[v->aux].table];
	if (tb->header_page < 0)
		tb->header_page = (int32_t)pi;
	return tb->header_page != (int32_t)pi;
}

int draw_page(struct doc *d, size_t pi, HPDF_Page pg, struct strbuf *tmp)
{
	const struct page *p = &d->pages[pi];
	struct strbuf out;
	struct pen pn;
	size_t i;
	int ret = 0;

	strbuf_init(&out, PAGE_HINT);
	memset(&pn, 0, sizeof(pn));
	pn.page = pg;
	pn.out = &out;
	pn.font = -1;
	pn.mark.el = TAG_NONE;
	tags_page(d, pi, pg);
	draw_graphics(d, pg, &out, pi);
	for (i = 0; i < p->n; i++) {
		const struct place *pl = &d->places[p->first + i];
		draw_leaders(d, &out, &d->items[pl->item], pl->y);
	}
	strbuf_addlit(&out, "BT\n");
	for (i = 0; i < p->n && !ret; i++) {
		const struct place *pl = &d->places[p->first + i];
		const struct vitem *v = &d->items[pl->item];
		ret = draw_text(d, &pn, v, pl->y, tags_key(pi, i, 0, 0), repeated_header(d, v, pi));
	}
	tags_mark(d, &out, &pn.mark, TAG_NONE, 0);
	strbuf_addlit(&out, "ET\n");
	for (i = 0; i < p->n && !ret; i++) {
		const struct place *pl = &d->places[p->first + i];
		draw_marks(d, pg, &out, &d->items[pl->item], pl->y, tags_key(pi, i, 0, 0), tmp);
	}
	if (!ret && p->kind != PAGE_COVER)
		ret = draw_furniture(d, &pn, pi);
	if (!ret && save_contents(d, ((HPDF_PageAttr)pg->attr)->contents, &out) < 0)
		ret = -1;
	strbuf_release(&out);
	return ret < 0 || d->font_failed ? -1 : 0;
}
