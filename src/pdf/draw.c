/*
 * draw.c - one page's content, in painting order: the backgrounds of
 * quotes and code (outermost frame first, one rectangle per frame per
 * page), table rules and header shading, rules, images and charts, the
 * dot leaders of contents entries; then the text (drawtext.c); then what
 * goes over it, strike-through lines and links (links.c); then the
 * running header and footer (furniture.c) on all but the cover.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>

#include "pdf/chartdraw.h"
#include "pdf/draw.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define MAX_FRAME_DEPTH 16

/* ---- backgrounds ------------------------------------------------------- */

struct run {
	const struct frame *fr;
	int depth;
	float y0, y1;
};

static void draw_frames(const struct doc *d, struct strbuf *out, const struct page *p)
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

static void draw_band(const struct doc *d, struct strbuf *out, const struct vitem *v, float y, int first_on_page)
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

static int chart_role(HPDF_Font font)
{
	return font == (HPDF_Font)&chart_bold ? FONT_SANS_BOLD : FONT_SANS;
}

static double chart_width(void *ud, HPDF_Font font, double size, const char *s)
{
	return canvas_width(ud, chart_role(font), size, s, strlen(s));
}

/* In the fill colour chartdraw has just set: the pen starts with it. */
static void chart_text(void *ud, struct strbuf *out, HPDF_Font font, double size, double x, double y,
		       const char *s)
{
	struct canvas *cv = ud;
	struct pen pn;

	memset(&pn, 0, sizeof(pn));
	pn.cv = cv;
	pn.out = out;
	pn.font = -1;
	pn.has_color = 1;
	pn.mark.el = TAG_NONE; /* inside the chart's Figure */
	strbuf_addlit(out, "BT\n");
	if (pen_text_routed(&pn, chart_role(font), (float)size, pn.color, x, y, s) < 0)
		cv->failed = 1;
	strbuf_addlit(out, "ET\n");
}

static void draw_chart(struct canvas *cv, const struct vitem *v, float y)
{
	const struct doc *d = cv->d;
	struct chartdraw_fonts cf;

	cf.regular = (HPDF_Font)&chart_regular;
	cf.bold = (HPDF_Font)&chart_bold;
	cf.width = chart_width;
	cf.text = chart_text;
	cf.ud = cv; /* the callbacks' canvas */
	chartdraw_draw(&d->charts[v->aux].c, &cv->out, d->left + v->x, page_top(d) - y, v->w, &cf, d->st);
}

/* An image, registered in the page's resources (FX_IMAGE) under the
 * name libharu gives the page's k-th: "X<k>". */
static int draw_image(struct canvas *cv, HPDF_Image img, HPDF_REAL x, HPDF_REAL y, HPDF_REAL w, HPDF_REAL h)
{
	struct effect fx = { 0 };
	char name[24];
	size_t k;

	for (k = 0; k < cv->nxobj && cv->xobj[k] != img; k++)
		;
	if (k == cv->nxobj) {
		ALLOC_GROW(cv->xobj, cv->nxobj + 1, cv->axobj);
		cv->xobj[cv->nxobj++] = img;
	}
	fx.kind = FX_IMAGE;
	fx.p = img;
	fx.a = (int32_t)k + 1;
	snprintf(name, sizeof(name), "X%zu", k + 1);
	gfx_image(&cv->out, name, x, y, w, h);
	return canvas_effect(cv, &fx);
}

/* The images in the lines of item `v` (IF_IMAGE fragments), standing on
 * the baseline, each its Figure (at item key `key`). */
static int draw_inline_images(struct canvas *cv, const struct vitem *v, float y, struct tag_mark *m,
			      uint64_t key)
{
	const struct doc *d = cv->d;
	double base = page_top(d) - y - v->asc;
	const struct frag *fr = item_frags(d, v);
	uint32_t k;

	for (k = 0; k < v->nfrag; k++) {
		const struct frag *f = &fr[k];
		const struct image *ii = (f->flags & IF_IMAGE) ? &d->images[f->off] : NULL;
		if (!ii)
			continue;
		tags_mark(cv, &cv->out, m, f->se >= 0 ? f->se : TAG_ARTIFACT, key + ((uint64_t)k << 2));
		if (draw_image(cv, ii->img, (HPDF_REAL)(d->left + f->x), (HPDF_REAL)base, f->w,
			       (HPDF_REAL)(f->w * ii->ph / ii->pw)) < 0)
			return -1;
	}
	return 0;
}

/* Everything but text on page pi: backgrounds, rules and shading are
 * artifacts; images and charts are the content of their Figures. */
static int draw_graphics(struct canvas *cv)
{
	struct doc *d = cv->d;
	const struct page *p = &d->pages[cv->pi];
	struct strbuf *out = &cv->out;
	struct tag_mark m = { TAG_NONE };
	double left = d->left, top = page_top(d);
	size_t i;
	int ret = 0;

	tags_mark(cv, out, &m, TAG_ARTIFACT, 0);
	draw_frames(d, out, p);
	for (i = 0; i < p->n && !ret; i++) {
		const struct place *pl = &d->places[p->first + i];
		const struct vitem *v = &d->items[pl->item];
		uint64_t key = tags_key(cv->pi, i, 0, 0);
		ret = draw_inline_images(cv, v, pl->y, &m, key);
		if (v->kind == V_BAND || v->kind == V_RULE)
			tags_mark(cv, out, &m, TAG_ARTIFACT, 0);
		else if (v->kind == V_IMAGE || v->kind == V_CHART)
			tags_mark(cv, out, &m, v->se >= 0 ? v->se : TAG_ARTIFACT, key);
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
			if (!ret)
				ret = draw_image(cv, d->images[v->aux].img, (HPDF_REAL)(left + v->x),
						 (HPDF_REAL)(top - pl->y - v->h), v->w, v->h);
			break;
		case V_CHART:
			draw_chart(cv, v, pl->y);
			break;
		default:
			break;
		}
	}
	tags_mark(cv, out, &m, TAG_NONE, 0);
	return ret;
}

/* Dot leaders of a contents entry, drawn (not text) so extraction stays clean. */
static void draw_leaders(const struct doc *d, struct strbuf *out, const struct vitem *v, float y)
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

/* A table's header band placed again on a later page than its first
 * (draw_headers). */
static int repeated_header(const struct doc *d, const struct vitem *v, size_t pi)
{
	if (v->kind != V_BAND || !d->bands[v->aux].header)
		return 0;
	return d->tables[d->bands[v->aux].table].header_page != (int32_t)pi;
}

void draw_headers(struct doc *d)
{
	for (size_t pi = 0; pi < d->npages; pi++) {
		const struct page *p = &d->pages[pi];
		for (size_t i = 0; i < p->n; i++) {
			const struct vitem *v = &d->items[d->places[p->first + i].item];
			struct table *tb;
			if (v->kind != V_BAND || !d->bands[v->aux].header)
				continue;
			tb = &d->tables[d->bands[v->aux].table];
			if (tb->header_page < 0)
				tb->header_page = (int32_t)pi;
		}
	}
}

int draw_page(struct canvas *cv)
{
	const struct doc *d = cv->d;
	const struct page *p = &d->pages[cv->pi];
	struct strbuf *out = &cv->out;
	struct pen pn;
	size_t i;
	int ret;

	memset(&pn, 0, sizeof(pn));
	pn.cv = cv;
	pn.out = out;
	pn.font = -1;
	pn.mark.el = TAG_NONE;
	ret = draw_graphics(cv);
	for (i = 0; i < p->n; i++) {
		const struct place *pl = &d->places[p->first + i];
		draw_leaders(d, out, &d->items[pl->item], pl->y);
	}
	strbuf_addlit(out, "BT\n");
	for (i = 0; i < p->n && !ret; i++) {
		const struct place *pl = &d->places[p->first + i];
		const struct vitem *v = &d->items[pl->item];
		ret = draw_text(&pn, v, pl->y, tags_key(cv->pi, i, 0, 0), repeated_header(d, v, cv->pi));
	}
	tags_mark(cv, out, &pn.mark, TAG_NONE, 0);
	strbuf_addlit(out, "ET\n");
	for (i = 0; i < p->n && !ret; i++) {
		const struct place *pl = &d->places[p->first + i];
		ret = draw_marks(cv, &d->items[pl->item], pl->y, tags_key(cv->pi, i, 0, 0));
	}
	if (!ret && p->kind != PAGE_COVER)
		ret = draw_furniture(&pn);
	return ret < 0 || cv->failed || cv->blocked ? -1 : 0;
}
