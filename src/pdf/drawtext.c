/*
 * drawtext.c - text into a page's content stream. Each run of a line in
 * one font, size and colour becomes one TJ array: words at their computed
 * positions, with a real space glyph between them (so that extraction
 * sees the spaces) and the difference taken up by a TJ adjustment, and
 * the kerning between glyphs (the same values text.c measured) as
 * adjustments too. This is far smaller and faster than a positioned
 * string per word. Fonts and colours still go through libharu, which
 * records the page's resources.
 */
#include <math.h>
#include <string.h>

#include <hpdf_pages.h>

#include "pdf/draw.h"
#include "base/strbuf.h"
#include "base/utf8.h"

struct rgb color_of(const struct doc *d, int c)
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

void put_num(struct strbuf *b, double v)
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

int pen_set(struct doc *d, struct pen *pn, int font, float size, struct rgb col)
{
	if (font != pn->font || size != pn->size) {
		HPDF_Font hf = embed_face(d, font);
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

void pen_flush(struct pen *pn)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pn->page->attr;

	if (pn->out.len)
		HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)pn->out.buf, (HPDF_UINT)pn->out.len);
	strbuf_reset(&pn->out);
}

void pen_move(struct pen *pn, double x, double y)
{
	strbuf_adds(&pn->out, "1 0 0 1 ");
	put_num(&pn->out, x);
	strbuf_addc(&pn->out, ' ');
	put_num(&pn->out, y);
	strbuf_adds(&pn->out, " Tm\n");
}

int pen_text(struct doc *d, struct pen *pn, int font, float size, struct rgb col, double x,
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

int pen_text_routed(struct doc *d, struct pen *pn, int role, float size, struct rgb col, double x,
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
	return a->font == b->font && a->size == b->size && a->rise == b->rise && a->color == b->color;
}

int draw_text(struct doc *d, struct pen *pn, const struct vitem *v, float y)
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
		pen_move(pn, left + f->x, base + f->rise);
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
