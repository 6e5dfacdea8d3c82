/*
 * layout.c - the cmark-gfm tree to a vertical list (d->items): lines of
 * placed fragments, spaces, table bands, rules, images and charts, with
 * the keeps that pagination honours (headings stay with what follows;
 * no single first or last line of a paragraph alone on a page; table
 * rows whole).
 *
 * The tree is walked with cmark_iter and an explicit context stack, and
 * inline styles likewise, so hostile nesting cannot exhaust the C stack.
 * Indentation stops growing past MAX_INDENT_DEPTH levels.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>

#include "markdown/markdown.h"
#include "pdf/chartdraw.h"
#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"

#define MAX_INDENT_DEPTH 12
#define LIST_INDENT 18.0
#define QUOTE_INSET_L 14.0
#define QUOTE_INSET_R 10.0
#define QUOTE_PAD 6.0
#define CODE_PAD_X 8.0
#define CODE_PAD_Y 6.0
#define CELL_PAD_X 6.0
#define CELL_PAD_Y 3.5
#define CHART_HEIGHT 200.0

struct bctx {
	double x0, w;
	struct frame *frame;
	int tight;
	int counter;
	int ordered;
	int delim_paren;
	int level;              /* list nesting */
	int depth;              /* indentation depth */
};

uint32_t pool_add(struct doc *d, const char *s, size_t len)
{
	uint32_t off = (uint32_t)d->pool.len;
	strbuf_add(&d->pool, s, len);
	return off;
}

float line_ascent(const struct doc *d, float size, float lh)
{
	const struct font_metrics *fm = &d->e->fm[FONT_SERIF];
	double content = size * (fm->ascent - fm->descent) / 1000.0;
	return (float)((lh - content) / 2 + size * fm->ascent / 1000.0);
}

static struct vitem *push_item(struct doc *d, int kind, float h, struct frame *fr)
{
	struct vitem *v = DOC_PUSH(d, items);
	memset(v, 0, sizeof(*v));
	v->kind = (uint8_t)kind;
	v->h = h;
	v->frame = fr;
	v->heading = -1;
	v->aux = -1;
	v->frag = (uint32_t)d->nfrags;
	return v;
}

static void add_space(struct doc *d, float h)
{
	if (h > d->pend_space)
		d->pend_space = h;
}

/* Emits the pending space between blocks (it vanishes at a page top). */
static void flush_space(struct doc *d, struct frame *fr)
{
	struct vitem *v;

	if (d->pend_space <= 0) {
		d->keep_next_space = 0;
		return;
	}
	v = push_item(d, V_SPACE, d->pend_space, fr);
	v->discard = 1;
	v->keep = (uint8_t)d->keep_next_space;
	d->pend_space = 0;
	d->keep_next_space = 0;
}

/* The item before now must stay on the page of what comes next. */
static void keep_last(struct doc *d)
{
	if (d->nitems)
		d->items[d->nitems - 1].keep = 1;
}

static struct frag *push_frag(struct doc *d)
{
	struct frag *f = DOC_PUSH(d, frags);
	memset(f, 0, sizeof(*f));
	f->link = -1;
	return f;
}

/* A run of text in one style; characters routed to the font that has them. */
static void text_frags(struct doc *d, const char *s, size_t len, int font, float size, int color,
		       float x, float *w_out)
{
	const unsigned char *q = (const unsigned char *)s, *end = q + len;
	struct frag *f = NULL;
	float x0 = x;

	while (q < end) {
		uint32_t cp = utf8_decode(&q, end), out;
		int subst, rf;
		if (cp < 0x20)
			cp = ' ';
		rf = font_resolve(d->e, font, cp, &out, &subst);
		if (subst)
			d->warnings++;
		if (!f || f->font != rf) {
			f = push_frag(d);
			f->x = x;
			f->font = (uint8_t)rf;
			f->size = size;
			f->color = (uint8_t)color;
			f->off = (uint32_t)d->pool.len;
		}
		utf8_encode(&d->pool, out);
		f->len = (uint32_t)d->pool.len - f->off;
		f->w += (float)(font_adv(d->e, rf, out) * size / 1000.0);
		x += (float)(font_adv(d->e, rf, out) * size / 1000.0);
	}
	if (w_out)
		*w_out = x - x0;
}

static void take_marker(struct doc *d)
{
	struct frag *f;

	if (!d->marker_pending)
		return;
	f = push_frag(d);
	*f = d->marker;
	d->marker_pending = 0;
}

static int can_merge(const struct frag *f, const struct item *it, const struct doc *d, uint32_t off)
{
	return f && f->font == it->font && f->size == it->size && f->color == it->color &&
	       f->link == it->link && f->flags == (it->flags & IF_STRIKE) && f->off + f->len == off &&
	       off == d->pool.len;
}

void layout_emit_lines(struct doc *d, double x0, double measure, int align, float lh, float asc,
		       int keep_all)
{
	const struct para *p = &d->para;
	size_t k, nl = d->kp.nlines;

	for (k = 0; k < nl; k++) {
		const struct kp_line *l = &d->kp.lines[k];
		struct vitem *v = push_item(d, V_LINE, lh, NULL);
		struct frag *f = NULL;
		uint32_t j = l->start, end = l->end;
		double x = 0, natural = 0, shift = 0;
		int prev_box = 0;
		v->asc = asc;
		v->r = l->r;
		/* no single first or last line alone on a page, and no page
		 * ending in a hyphenated word */
		v->keep = (uint8_t)(keep_all || (nl > 1 && (k == 0 || k == nl - 2)) || l->hyphen);
		v->brk = l->hyphen ? BRK_HYPHEN
			 : k == nl - 1 ? BRK_LAST
			 : p->it[end].type == IT_PENALTY && p->it[end].p <= -KP_INF ? BRK_FORCED
			 : p->it[end].type == IT_PENALTY && p->it[end].p == 0 && p->it[end].w == 0 ? BRK_CHAR
			 : BRK_GLUE;
		take_marker(d);
		while (j < end && p->it[j].type != IT_BOX)
			j++;
		if (align) {
			uint32_t t;
			for (t = j; t < end; t++) {
				if (p->it[t].type == IT_BOX || (p->it[t].type == IT_GLUE && p->it[t].y < KP_FILL))
					natural += p->it[t].w;
			}
			if (l->hyphen)
				natural += p->it[end].w;
			shift = (measure - natural) * (align == 1 ? 0.5 : 1.0);
			if (shift < 0)
				shift = 0;
		}
		for (; j < end; j++) {
			const struct item *it = &p->it[j];
			if (it->type == IT_BOX) {
				if (prev_box && can_merge(f, it, d, (uint32_t)d->pool.len)) {
					pool_add(d, p->text.buf + it->off, it->len);
					f->len += it->len;
					f->w += (float)it->w;
				} else {
					f = push_frag(d);
					f->x = (float)(x0 + shift + x);
					f->w = (float)it->w;
					f->off = pool_add(d, p->text.buf + it->off, it->len);
					f->len = it->len;
					f->size = it->size;
					f->font = it->font;
					f->color = it->color;
					f->flags = it->flags & IF_STRIKE;
					f->link = it->link;
				}
				x += it->w;
				prev_box = 1;
			} else if (it->type == IT_GLUE) {
				if (it->y < KP_FILL)
					x += it->w + (l->r >= 0 ? l->r * it->y : l->r * it->z);
				prev_box = 0;
			}
			/* penalties inside a line take no room and keep boxes mergeable */
		}
		if (l->hyphen) {
			const struct item *pe = &p->it[end];
			if (f && f->font == pe->font && f->off + f->len == d->pool.len) {
				pool_add(d, "-", 1);
				f->len++;
				f->w += (float)pe->w;
			} else {
				f = push_frag(d);
				f->x = (float)(x0 + shift + x);
				f->w = (float)pe->w;
				f->off = pool_add(d, "-", 1);
				f->len = 1;
				f->size = pe->size;
				f->font = pe->font;
				f->color = pe->color;
				f->link = pe->link;
			}
		}
		v = &d->items[d->nitems - 1];
		v->nfrag = (uint32_t)d->nfrags - v->frag;
	}
}

static struct tstyle body_style(const struct doc *d)
{
	struct tstyle ts;
	memset(&ts, 0, sizeof(ts));
	ts.family = FONT_SERIF;
	ts.size = (float)d->st->body;
	ts.color = COL_TEXT;
	ts.link = -1;
	ts.hyphenate = 1;
	return ts;
}

/* Breaks d->para and emits it; returns the number of lines. `ragged`: 0
 * justified, 1 ragged right, 2 ragged and balanced. */
static size_t set_para(struct doc *d, const struct bctx *c, int ragged, int align, float size, float lh,
		       int keep_all)
{
	struct frame *fr = c->frame;
	size_t first = d->nitems, i;

	/* an empty list item still shows its marker */
	if (!d->para.n && !d->marker_pending)
		return 0;
	para_finish(&d->para);
	/* balanced (ragged == 2): the last line is judged like the others, so
	 * a heading does not end with one word on a line of its own */
	if (ragged == 2 && d->para.n >= 2)
		d->para.it[d->para.n - 2].y = 0;
	para_split_long(d, &d->para, c->w);
	kp_break(d->para.it, d->para.n, c->w, ragged != 0, &d->kp);
	flush_space(d, fr);
	first = d->nitems;
	layout_emit_lines(d, c->x0, c->w, align, lh, line_ascent(d, size, lh), keep_all);
	for (i = first; i < d->nitems; i++)
		d->items[i].frame = fr;
	return d->kp.nlines;
}

/* Plain text of a subtree (headings, outline, anchors). */
static char *plain_text(struct doc *d, cmark_node *node)
{
	char *t = markdown_node_text(node), *s = arena_strdup(&d->arena, t);

	free(t);
	return s;
}

int32_t anchor_heading(struct doc *d, const char *anchor)
{
	return (int32_t)markdown_anchors_find(&d->anchors, anchor);
}

static void do_heading(struct doc *d, cmark_node *n, const struct bctx *c)
{
	int level = cmark_node_get_heading_level(n);
	const struct pdf_style *st = d->st;
	float size = (float)(level == 1 ? st->h1 : level == 2 ? st->h2 : level == 3 ? st->h3 : st->body);
	float lh = size * 1.25f;
	struct tstyle ts = body_style(d);
	struct heading *h;
	struct strbuf anchor = STRBUF_INIT;
	size_t first;

	ts.family = FONT_SANS;
	ts.bold = 1;
	ts.size = size;
	ts.color = COL_HEADING;
	ts.hyphenate = 0;
	add_space(d, (float)(level == 1 ? d->lead * 1.6 : level == 2 ? d->lead * 1.25 : d->lead * 0.9));
	para_reset(&d->para);
	para_add_inlines(d, &d->para, n, &ts);
	first = d->nitems;
	if (!set_para(d, c, 2, 0, size, lh, 1))
		return;
	while (first < d->nitems && d->items[first].kind != V_LINE)
		first++;
	h = DOC_PUSH(d, heads);
	memset(h, 0, sizeof(*h));
	h->level = level;
	h->text = plain_text(d, n);
	/* the Markdown output's anchors (one per heading, in order, so the
	 * set's index is the heading's), so "#..." links agree */
	markdown_anchors_add(&d->anchors, h->text, &anchor);
	h->anchor = arena_strdup(&d->arena, anchor.buf);
	strbuf_release(&anchor);
	h->item = (uint32_t)first;
	d->items[first].heading = (int32_t)(d->nheads - 1);
	add_space(d, (float)(level == 1 ? d->lead * 0.55 : d->lead * 0.45));
	d->keep_next_space = 1;
}

static void do_paragraph(struct doc *d, cmark_node *n, const struct bctx *c);

static int is_image_para(cmark_node *n)
{
	cmark_node *ch = cmark_node_first_child(n);
	return ch && cmark_node_get_type(ch) == CMARK_NODE_IMAGE && !cmark_node_next(ch);
}

static int try_image(struct doc *d, cmark_node *para, const struct bctx *c)
{
	cmark_node *img = cmark_node_first_child(para);
	const char *url = cmark_node_get_url(img);
	struct strbuf path = STRBUF_INIT;
	HPDF_Image im = NULL;
	struct image *ii;
	struct vitem *v;
	double w, h, maxh = d->height * 0.6;
	size_t n;

	if (!url || !*url || strstr(url, "://") || !strncmp(url, "mailto:", 7) || url[0] == '#')
		return 0;
	n = strlen(url);
	if (url[0] != '/' && d->m->base_dir)
		strbuf_addf(&path, "%s/", d->m->base_dir);
	strbuf_adds(&path, url);
	if (n > 4 && !strcasecmp(url + n - 4, ".png")) {
		im = HPDF_LoadPngImageFromFile(d->pdf, path.buf);
	} else if ((n > 4 && !strcasecmp(url + n - 4, ".jpg")) ||
		   (n > 5 && !strcasecmp(url + n - 5, ".jpeg"))) {
		im = HPDF_LoadJpegImageFromFile(d->pdf, path.buf);
	} else {
		/* not a format the PDF can hold: the description stands in */
		strbuf_release(&path);
		return 0;
	}
	if (!im) {
		HPDF_ResetError(d->pdf);
		d->hpdf_error = 0;
		d->warnings++;
		if (!d->warned_image++)
			warning("%s: image cannot be loaded; its description is shown instead", path.buf);
		strbuf_release(&path);
		return 0;
	}
	strbuf_release(&path);
	w = HPDF_Image_GetWidth(im);
	h = HPDF_Image_GetHeight(im);
	if (w <= 0 || h <= 0)
		return 0;
	if (w > c->w) {
		h *= c->w / w;
		w = c->w;
	}
	if (h > maxh) {
		w *= maxh / h;
		h = maxh;
	}
	ii = DOC_PUSH(d, images);
	ii->img = im;
	ii->w = (float)w;
	ii->h = (float)h;
	add_space(d, (float)(d->lead * 0.5));
	flush_space(d, c->frame);
	v = push_item(d, V_IMAGE, (float)h, c->frame);
	v->aux = (int32_t)(d->nimages - 1);
	v->x = (float)(c->x0 + (c->w - w) / 2);
	v->w = (float)w;
	take_marker(d);
	v = &d->items[d->nitems - 1];
	v->nfrag = (uint32_t)d->nfrags - v->frag;
	/* the description as a caption */
	if (cmark_node_first_child(img)) {
		struct tstyle ts = body_style(d);
		ts.italic = 1;
		ts.size = (float)d->st->small;
		ts.color = COL_MUTED;
		keep_last(d);
		d->pend_space = 0;
		add_space(d, 4);
		para_reset(&d->para);
		para_add_inlines(d, &d->para, img, &ts);
		set_para(d, c, 1, 1, ts.size, ts.size * 1.35f, 0);
	}
	add_space(d, (float)(d->lead * 0.5));
	return 1;
}

/* True when a link in `n` shows its own URL: such long unbreakable runs
 * leave rivers in justified text, so the paragraph is set ragged right, as
 * bibliographies are. */
static int shows_url(cmark_node *n)
{
	cmark_node *k;

	for (k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
		if (cmark_node_get_type(k) == CMARK_NODE_LINK) {
			cmark_node *t = cmark_node_first_child(k);
			const char *lit = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ?
				cmark_node_get_literal(t) : NULL;
			if (lit && (!strncmp(lit, "http://", 7) || !strncmp(lit, "https://", 8)))
				return 1;
		} else if (cmark_node_first_child(k) && shows_url(k)) {
			return 1;
		}
	}
	return 0;
}

static void do_paragraph(struct doc *d, cmark_node *n, const struct bctx *c)
{
	struct tstyle ts = body_style(d);

	if (is_image_para(n) && try_image(d, n, c))
		return;
	para_reset(&d->para);
	para_add_inlines(d, &d->para, n, &ts);
	set_para(d, c, !d->st->justify || shows_url(n), 0, ts.size, (float)d->lead, 0);
	add_space(d, c->tight ? 0 : (float)(d->lead * 0.5));
}

/* Preformatted lines (code, raw HTML, chart specs we cannot draw): wrapped
 * at the character that would cross the measure. */
static void do_code(struct doc *d, const char *lit, const struct bctx *c, int kind)
{
	float size = (float)d->st->code, lh = size * 1.4f, asc = line_ascent(d, size, lh);
	struct frame *fr = arena_alloc(&d->arena, sizeof(*fr));
	const char *s = lit ? lit : "", *end = s + strlen(s);
	double measure = c->w - 2 * CODE_PAD_X;
	struct strbuf line = STRBUF_INIT;
	struct {
		struct cchar { uint32_t cp; int font; double w; } *v;
		size_t n, alloc;
	} cb = { NULL, 0, 0 };
	size_t first_line, nl = 0, i, k;
	struct vitem *v;

	fr->kind = kind;
	fr->x0 = (float)c->x0;
	fr->x1 = (float)(c->x0 + c->w);
	fr->parent = c->frame;
	if (end > s && end[-1] == '\n')
		end--;
	add_space(d, (float)(d->lead * 0.5));
	flush_space(d, c->frame);
	v = push_item(d, V_SPACE, CODE_PAD_Y, fr);
	v->keep = 1;
	take_marker(d);
	v->nfrag = (uint32_t)d->nfrags - v->frag;
	first_line = d->nitems;
	while (s <= end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const unsigned char *q, *qe;
		double x = 0;
		unsigned col = 0;
		if (!eol)
			eol = end;
		strbuf_reset(&line);
		/* expand tabs */
		for (q = (const unsigned char *)s; q < (const unsigned char *)eol; q++) {
			if (*q == '\t') {
				do {
					strbuf_addc(&line, ' ');
				} while (++col % 4);
			} else {
				strbuf_addc(&line, *q);
				if ((*q & 0xc0) != 0x80)
					col++;
			}
		}
		q = (const unsigned char *)line.buf;
		qe = q + line.len;
		cb.n = 0;
		while (q < qe) {
			uint32_t cp = utf8_decode(&q, qe), out;
			int subst, f = font_resolve(d->e, FONT_MONO, cp < 0x20 ? ' ' : cp, &out, &subst);
			struct cchar *ch;
			if (subst)
				d->warnings++;
			ALLOC_GROW(cb.v, cb.n + 1, cb.alloc);
			ch = &cb.v[cb.n++];
			ch->cp = out;
			ch->font = f;
			ch->w = font_adv(d->e, f, out) * size / 1000.0;
		}
		/* visual lines: break after the last space past mid-line, else at a character */
		k = 0;
		do {
			size_t e2 = k, sp = 0;
			x = 0;
			while (e2 < cb.n && (x + cb.v[e2].w <= measure || e2 == k)) {
				x += cb.v[e2].w;
				if (cb.v[e2].cp == ' ' && x > measure / 2)
					sp = e2 + 1;
				e2++;
			}
			if (e2 < cb.n && sp > k)
				e2 = sp;
			v = push_item(d, V_LINE, lh, fr);
			v->asc = asc;
			v->brk = e2 < cb.n ? BRK_CHAR : BRK_LAST;
			nl++;
			x = 0;
			for (; k < e2; k++) {
				struct frag *fg = d->nfrags > v->frag ? &d->frags[d->nfrags - 1] : NULL;
				if (!fg || fg->font != cb.v[k].font) {
					fg = push_frag(d);
					fg->x = (float)(c->x0 + CODE_PAD_X + x);
					fg->font = (uint8_t)cb.v[k].font;
					fg->size = size;
					fg->color = COL_CODE;
					fg->off = (uint32_t)d->pool.len;
				}
				utf8_encode(&d->pool, cb.v[k].cp);
				fg->len = (uint32_t)d->pool.len - fg->off;
				fg->w += (float)cb.v[k].w;
				x += cb.v[k].w;
			}
			v = &d->items[d->nitems - 1];
			v->nfrag = (uint32_t)d->nfrags - v->frag;
		} while (k < cb.n);
		v = &d->items[d->nitems - 1];
		v->nfrag = (uint32_t)d->nfrags - v->frag;
		s = eol + 1;
	}
	strbuf_release(&line);
	free(cb.v);
	/* no single first or last line alone on a page */
	if (nl > 1) {
		d->items[first_line].keep = 1;
		d->items[d->nitems - 2].keep = 1;
	}
	for (i = first_line; i < d->nitems; i++)
		d->items[i].frame = fr;
	keep_last(d);
	v = push_item(d, V_SPACE, CODE_PAD_Y, fr);
	add_space(d, (float)(d->lead * 0.5));
}

/* A ```chart block: drawn by chartdraw; a spec that was refused (and
 * reported by markdown_parse) is shown as code. */
static void do_chart(struct doc *d, cmark_node *n, const struct markdown_chart *mc,
		     const struct bctx *c)
{
	const char *lit = cmark_node_get_literal(n);
	struct chart ch;
	struct chartbox *cb;
	struct vitem *v;
	double h = 0;

	if (!mc->ok) {
		d->warnings++;
		do_code(d, lit, c, FRAME_CODE);
		return;
	}
	chart_copy(&ch, &mc->chart);
	if (chartdraw_measure(&ch, c->w, &h) < 0 || h <= 0) {
		chart_release(&ch);
		do_code(d, lit, c, FRAME_CODE);
		return;
	}
	if (h > d->height)
		h = d->height;
	cb = DOC_PUSH(d, charts);
	cb->c = ch;
	cb->w = (float)c->w;
	cb->h = (float)h;
	add_space(d, (float)(d->lead * 0.7));
	flush_space(d, c->frame);
	v = push_item(d, V_CHART, cb->h, c->frame);
	v->aux = (int32_t)(d->ncharts - 1);
	v->x = (float)c->x0;
	v->w = (float)c->w;
	take_marker(d);
	v = &d->items[d->nitems - 1];
	v->nfrag = (uint32_t)d->nfrags - v->frag;
	add_space(d, (float)(d->lead * 0.7));
}

static void do_rule(struct doc *d, const struct bctx *c)
{
	struct vitem *v;

	add_space(d, (float)(d->lead * 0.5));
	flush_space(d, c->frame);
	v = push_item(d, V_RULE, (float)d->lead, c->frame);
	v->x = (float)c->x0;
	v->w = (float)c->w;
	add_space(d, (float)(d->lead * 0.5));
}

/* ---- tables ---------------------------------------------------------- */

struct cell {
	struct item *it;        /* copy of the cell's items */
	size_t n;
	struct strbuf text;
	double maxw, minw;
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
	cl->n = d->para.n;
	cl->it = xmalloc(cl->n * sizeof(*cl->it));
	if (cl->n)
		memcpy(cl->it, d->para.it, cl->n * sizeof(*cl->it));
	strbuf_init(&cl->text, d->para.text.len);
	strbuf_add(&cl->text, d->para.text.buf, d->para.text.len);
}

/* Sets colw to fill `avail`; returns the table's natural width. */
static double column_widths(const struct cell *cells, size_t nrows, size_t ncols, double avail,
			    double *colw)
{
	double *mx = xcalloc(ncols, sizeof(double)), *mn = xcalloc(ncols, sizeof(double));
	double smax = 0, smin = 0;
	size_t r, k;

	for (r = 0; r < nrows; r++) {
		for (k = 0; k < ncols; k++) {
			const struct cell *cl = &cells[r * ncols + k];
			if (cl->maxw > mx[k])
				mx[k] = cl->maxw;
			if (cl->minw > mn[k])
				mn[k] = cl->minw;
		}
	}
	for (k = 0; k < ncols; k++) {
		/* (a point of slack so that rounding never wraps a cell that fits) */
		mx[k] += 2 * CELL_PAD_X + 1;
		mn[k] += 2 * CELL_PAD_X + 1;
		if (mn[k] > mx[k])
			mn[k] = mx[k];
		smax += mx[k];
		smin += mn[k];
	}
	if (smax <= avail) {
		/* everything fits: spare room shared evenly */
		for (k = 0; k < ncols; k++)
			colw[k] = mx[k] + (avail - smax) / (double)ncols;
	} else if (smin > avail) {
		/* not even the widest words fit: narrow columns keep theirs, the
		 * widest ones are squeezed (their words will be cut) */
		char *done = xcalloc(ncols, 1);
		double rest = avail;
		size_t left = ncols, step;
		for (step = 0; step < ncols; step++) {
			size_t best = ncols;
			for (k = 0; k < ncols; k++)
				if (!done[k] && (best == ncols || mn[k] < mn[best]))
					best = k;
			colw[best] = mn[best] < rest / (double)left ? mn[best] : rest / (double)left;
			rest -= colw[best];
			done[best] = 1;
			left--;
		}
		free(done);
	} else {
		/* narrow columns get their natural width; the others share the
		 * rest in proportion to their natural widths, never below their
		 * widest word */
		char *fixed = xcalloc(ncols, 1);
		int changed = 1;
		while (changed) {
			double rest = avail, sum = 0;
			size_t nfree = 0;
			changed = 0;
			for (k = 0; k < ncols; k++) {
				if (fixed[k])
					rest -= colw[k];
				else {
					nfree++;
					sum += mx[k];
				}
			}
			if (!nfree)
				break;
			for (k = 0; k < ncols && !changed; k++) {
				if (fixed[k])
					continue;
				if (mx[k] <= rest / (double)nfree) {
					colw[k] = mx[k];
					fixed[k] = changed = 1;
				}
			}
			for (k = 0; k < ncols && !changed; k++) {
				if (fixed[k])
					continue;
				colw[k] = sum > 0 ? rest * mx[k] / sum : rest / (double)nfree;
				if (colw[k] < mn[k]) {
					colw[k] = mn[k];
					fixed[k] = changed = 1;
				}
			}
		}
		free(fixed);
	}
	free(mx);
	free(mn);
	return smax;
}

static void do_table(struct doc *d, cmark_node *tn, const struct bctx *c)
{
	size_t ncols = cmark_gfm_extensions_get_table_columns(tn), nrows = 0, r, k, t;
	double x0, width;
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(tn);
	float size = (float)d->st->table, lh = size * 1.4f, asc = line_ascent(d, size, lh);
	struct cell *cells;
	cmark_node *row, *cn;
	double *colw, *colx;
	struct table *tb;
	int32_t tbi;

	if (!ncols)
		return;
	for (row = cmark_node_first_child(tn); row; row = cmark_node_next(row))
		nrows++;
	if (!nrows)
		return;
	cells = xcalloc(nrows * ncols, sizeof(*cells));
	colw = xcalloc(ncols, sizeof(double));
	colx = xcalloc(ncols + 1, sizeof(double));
	for (r = 0, row = cmark_node_first_child(tn); row; row = cmark_node_next(row), r++) {
		int header = cmark_gfm_extensions_get_table_row_is_header(row);
		for (k = 0, cn = cmark_node_first_child(row); k < ncols; k++) {
			cell_capture(d, cn, header, &cells[r * ncols + k]);
			if (cn)
				cn = cmark_node_next(cn);
		}
	}
	/* a table too wide for the measure may use the whole width between
	 * the page margins (centred on the text), as a wide table in a book
	 * does; not inside lists, quotes or other containers */
	x0 = c->x0;
	width = c->w;
	if (column_widths(cells, nrows, ncols, width, colw) > width && !c->frame && c->x0 == 0) {
		double full = d->st->page_w - d->st->margin_left - d->st->margin_right;
		if (full > width) {
			x0 = c->x0 - (full - width) / 2;
			width = full;
			column_widths(cells, nrows, ncols, width, colw);
		}
	}
	colx[0] = x0;
	for (k = 0; k < ncols; k++)
		colx[k + 1] = colx[k] + colw[k];
	tb = DOC_PUSH(d, tables);
	tbi = (int32_t)(d->ntables - 1);
	tb->hdr_first = tb->hdr_n = 0;
	add_space(d, (float)(d->lead * 0.6));
	flush_space(d, c->frame);
	for (r = 0, row = cmark_node_first_child(tn); r < nrows; r++, row = cmark_node_next(row)) {
		int header = cmark_gfm_extensions_get_table_row_is_header(row);
		size_t maxl = 0;
		struct kp_line **all = xcalloc(ncols, sizeof(*all));
		size_t *alln = xcalloc(ncols, sizeof(size_t));
		size_t first_band = d->nitems;
		for (k = 0; k < ncols; k++) {
			struct cell *cl = &cells[r * ncols + k];
			double m = colw[k] - 2 * CELL_PAD_X;
			if (m < 1)
				m = 1;
			para_reset(&d->para);
			ALLOC_GROW(d->para.it, cl->n, d->para.alloc);
			memcpy(d->para.it, cl->it, cl->n * sizeof(*cl->it));
			d->para.n = cl->n;
			strbuf_add(&d->para.text, cl->text.buf, cl->text.len);
			para_split_long(d, &d->para, m);
			kp_break(d->para.it, d->para.n, m, 1, &d->kp);
			/* keep the lines: emit into a temporary item run, then regroup */
			alln[k] = d->kp.nlines;
			all[k] = xmalloc((d->kp.nlines + 1) * sizeof(struct kp_line));
			memcpy(all[k], d->kp.lines, d->kp.nlines * sizeof(struct kp_line));
			if (alln[k] > maxl)
				maxl = alln[k];
			/* stash the broken items back in the cell (they may have been split) */
			free(cl->it);
			cl->n = d->para.n;
			cl->it = xmalloc(cl->n * sizeof(*cl->it));
			memcpy(cl->it, d->para.it, cl->n * sizeof(*cl->it));
			strbuf_reset(&cl->text);
			strbuf_add(&cl->text, d->para.text.buf, d->para.text.len);
		}
		if (!maxl)
			maxl = 1;
		for (t = 0; t < maxl; t++) {
			struct vitem *v = push_item(d, V_BAND, lh, c->frame);
			struct band *b = DOC_PUSH(d, bands);
			size_t vi = d->nitems - 1;
			v->aux = (int32_t)(d->nbands - 1);
			v->asc = asc;
			b->table = tbi;
			b->header = (uint8_t)header;
			b->first = t == 0;
			b->last = t == maxl - 1;
			b->last_row = r == nrows - 1;
			b->x0 = (float)colx[0];
			b->x1 = (float)colx[ncols];
			if (t == 0) {
				v->h += CELL_PAD_Y;
				v->asc += CELL_PAD_Y;
				take_marker(d);
			}
			if (t == maxl - 1)
				v->h += CELL_PAD_Y;
			v->keep = (uint8_t)(header || t < maxl - 1);
			for (k = 0; k < ncols; k++) {
				struct cell *cl = &cells[r * ncols + k];
				int align = al ? (al[k] == 'c' ? 1 : al[k] == 'r' ? 2 : 0) : 0;
				size_t before;
				if (t >= alln[k])
					continue;
				para_reset(&d->para);
				ALLOC_GROW(d->para.it, cl->n, d->para.alloc);
				memcpy(d->para.it, cl->it, cl->n * sizeof(*cl->it));
				d->para.n = cl->n;
				strbuf_add(&d->para.text, cl->text.buf, cl->text.len);
				d->kp.nlines = 1;
				d->kp.lines[0] = all[k][t];
				before = d->nitems;
				layout_emit_lines(d, colx[k] + CELL_PAD_X, colw[k] - 2 * CELL_PAD_X, align, lh, asc, 0);
				/* fold the temporary line's fragments into the band */
				d->nitems = before;
			}
			v = &d->items[vi];
			v->nfrag = (uint32_t)d->nfrags - v->frag;
		}
		if (header) {
			if (!tb->hdr_n)
				tb->hdr_first = (uint32_t)first_band;
			tb->hdr_n += (uint32_t)(d->nitems - first_band);
		}
		for (k = 0; k < ncols; k++)
			free(all[k]);
		free(all);
		free(alln);
	}
	for (r = 0; r < nrows * ncols; r++) {
		free(cells[r].it);
		strbuf_release(&cells[r].text);
	}
	free(cells);
	free(colw);
	free(colx);
	add_space(d, (float)(d->lead * 0.6));
}

/* ---- the walk -------------------------------------------------------- */

static void list_marker(struct doc *d, cmark_node *item, struct bctx *list, const struct bctx *ic)
{
	char buf[32];
	const char *text;
	const char *type = cmark_node_get_type_string(item);
	int font = FONT_SERIF, color = COL_TEXT;
	float w, size = (float)d->st->body;
	struct frag *f;
	size_t mark;

	if (type && !strcmp(type, "tasklist")) {
		text = cmark_gfm_extensions_get_tasklist_item_checked(item) ? "\xe2\x98\x91" : "\xe2\x98\x90";
	} else if (list->ordered) {
		snprintf(buf, sizeof(buf), "%d%c", list->counter, list->delim_paren ? ')' : '.');
		text = buf;
	} else {
		static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x97\xa6" };
		text = bullets[(list->level - 1) % 3];
		color = COL_MUTED;
	}
	list->counter++;
	mark = d->nfrags;
	text_frags(d, text, strlen(text), font, size, color, 0, &w);
	/* one fragment is kept as the marker (the text is short) */
	f = &d->frags[mark];
	d->marker = *f;
	d->marker.w = w;
	d->marker.len = (uint32_t)d->pool.len - f->off;
	d->marker.x = (float)(ic->x0 - 6 - w);
	d->nfrags = mark;
	d->marker_pending = 1;
}

static struct bctx *push_ctx(struct bctx **st, size_t *n, size_t *alloc)
{
	ALLOC_GROW(*st, *n + 1, *alloc);
	(*st)[*n] = (*st)[*n - 1];
	return &(*st)[(*n)++];
}

static int is_leaf_block(cmark_node_type t, const char *ts)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK ||
	       t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK ||
	       t == CMARK_NODE_CUSTOM_BLOCK || (ts && !strcmp(ts, "table"));
}

static void enter_quote(struct doc *d, struct bctx *c)
{
	struct frame *fr = arena_alloc(&d->arena, sizeof(*fr));
	struct vitem *v;

	add_space(d, (float)(d->lead * 0.5));
	flush_space(d, c->frame);
	fr->kind = FRAME_QUOTE;
	fr->x0 = (float)c->x0;
	fr->x1 = (float)(c->x0 + c->w);
	fr->parent = c->frame;
	v = push_item(d, V_SPACE, QUOTE_PAD, fr);
	v->keep = 1;
	c->frame = fr;
	if (c->depth < MAX_INDENT_DEPTH) {
		c->x0 += QUOTE_INSET_L;
		c->w -= QUOTE_INSET_L + QUOTE_INSET_R;
	}
	c->depth++;
	c->tight = 0;
}

static void exit_quote(struct doc *d, const struct bctx *c)
{
	d->pend_space = 0;
	keep_last(d);
	push_item(d, V_SPACE, QUOTE_PAD, c->frame);
	add_space(d, (float)(d->lead * 0.5));
}

/* With pdf_meta.omit_contents_section, the first *skip top-level blocks
 * are passed over; the tree stays as it is. */
static int skip_block(size_t *skip, cmark_node *root, cmark_node *node, cmark_iter *iter)
{
	if (!*skip || cmark_node_parent(node) != root)
		return 0;
	(*skip)--;
	cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
	return 1;
}

void layout_document(struct doc *d, cmark_node *root)
{
	cmark_iter *iter = cmark_iter_new(root);
	struct bctx *st = xcalloc(8, sizeof(*st));
	size_t n = 1, alloc = 8, skip = d->m->omit_contents_section ? markdown_contents_blocks(root) : 0;
	cmark_event_type ev;

	st[0].x0 = 0;
	st[0].w = d->width;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type t = cmark_node_get_type(node);
		const char *ts = cmark_node_get_type_string(node);
		struct bctx *c = &st[n - 1];
		if (node == root || skip_block(&skip, root, node, iter))
			continue;
		if (is_leaf_block(t, ts)) {
			if (ev != CMARK_EVENT_ENTER)
				continue;
			if (t == CMARK_NODE_PARAGRAPH) {
				do_paragraph(d, node, c);
			} else if (t == CMARK_NODE_HEADING) {
				do_heading(d, node, c);
			} else if (t == CMARK_NODE_CODE_BLOCK) {
				const struct markdown_chart *mc = markdown_chart_of(node);
				if (mc)
					do_chart(d, node, mc, c);
				else
					do_code(d, cmark_node_get_literal(node), c, FRAME_CODE);
			} else if (t == CMARK_NODE_HTML_BLOCK) {
				do_code(d, cmark_node_get_literal(node), c, FRAME_CODE);
			} else if (t == CMARK_NODE_THEMATIC_BREAK) {
				do_rule(d, c);
			} else if (ts && !strcmp(ts, "table")) {
				do_table(d, node, c);
			}
			cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
			continue;
		}
		if (t == CMARK_NODE_LIST) {
			if (ev == CMARK_EVENT_ENTER) {
				struct bctx *l = push_ctx(&st, &n, &alloc);
				l->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
				l->delim_paren = cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM;
				l->counter = cmark_node_get_list_start(node);
				l->tight = cmark_node_get_list_tight(node);
				l->level++;
				add_space(d, (float)(d->lead * (c->tight ? 0.15 : 0.5)));
			} else {
				n--;
				add_space(d, (float)(d->lead * (st[n - 1].tight ? 0.15 : 0.5)));
			}
		} else if (t == CMARK_NODE_ITEM) {
			if (ev == CMARK_EVENT_ENTER) {
				struct bctx *ic = push_ctx(&st, &n, &alloc), *list = &st[n - 2];
				if (ic->depth < MAX_INDENT_DEPTH) {
					ic->x0 += LIST_INDENT;
					ic->w -= LIST_INDENT;
				}
				ic->depth++;
				if (cmark_node_previous(node))
					add_space(d, list->tight ? (float)(d->lead * 0.15) : (float)(d->lead * 0.5));
				list_marker(d, node, list, ic);
			} else {
				if (d->marker_pending) {
					para_reset(&d->para);
					set_para(d, c, 1, 0, (float)d->st->body, (float)d->lead, 0);
					d->marker_pending = 0;
				}
				n--;
			}
		} else if (t == CMARK_NODE_BLOCK_QUOTE) {
			if (ev == CMARK_EVENT_ENTER) {
				enter_quote(d, push_ctx(&st, &n, &alloc));
			} else {
				exit_quote(d, c);
				n--;
			}
		}
	}
	cmark_iter_free(iter);
	free(st);
}

/* ---- cover and contents ---------------------------------------------- */

static void cover_text(struct doc *d, const char *s, int family, int bold, int italic, float size,
		       float lh, int color)
{
	struct bctx c;
	struct tstyle ts = body_style(d);

	if (!s || !*s)
		return;
	memset(&c, 0, sizeof(c));
	c.w = d->width * 0.85;
	ts.family = family;
	ts.bold = bold;
	ts.italic = italic;
	ts.size = size;
	ts.color = color;
	ts.hyphenate = 0;
	para_reset(&d->para);
	para_add_text(d, &d->para, s, strlen(s), &ts);
	set_para(d, &c, 2, 0, size, lh, 1);
}

static void cover_space(struct doc *d, float h)
{
	push_item(d, V_SPACE, h, NULL)->keep = 1;
}

/* A "LABEL   value" line of the cover's details. */
static void cover_meta(struct doc *d, const char *label, const char *value)
{
	float lh = 17, size = 10;
	struct vitem *v;

	if (!value || !*value)
		return;
	v = push_item(d, V_LINE, lh, NULL);
	v->asc = line_ascent(d, size, lh);
	v->keep = 1;
	v->brk = BRK_LAST;
	text_frags(d, label, strlen(label), FONT_SANS_BOLD, (float)d->st->small, COL_MUTED, 0, NULL);
	text_frags(d, value, strlen(value), FONT_SANS, size, COL_TEXT, 96, NULL);
	v = &d->items[d->nitems - 1];
	v->nfrag = (uint32_t)d->nfrags - v->frag;
}

void layout_cover(struct doc *d)
{
	const struct pdf_meta *m = d->m;
	struct vitem *v;
	char buf[64];
	struct strbuf sb = STRBUF_INIT;

	d->pend_space = 0;
	cover_space(d, (float)(d->height * 0.16));
	v = push_item(d, V_RULE, 14, NULL);
	v->aux = 1;
	v->w = 64;
	v->keep = 1;
	cover_space(d, 10);
	cover_text(d, m->title ? m->title : "", FONT_SANS, 1, 0, 26, 32, COL_HEADING);
	cover_space(d, 12);
	if (m->audience && *m->audience) {
		strbuf_addf(&sb, "A brief for %s", m->audience);
		cover_text(d, sb.buf, FONT_SANS, 0, 0, 13, 18, COL_MUTED);
	}
	if (m->question && *m->question) {
		cover_space(d, 36);
		cover_text(d, "THE QUESTION", FONT_SANS, 1, 0, (float)d->st->small, 14, COL_MUTED);
		cover_space(d, 4);
		cover_text(d, m->question, FONT_SERIF, 0, 1, 15, 21, COL_TEXT);
	}
	cover_space(d, 44);
	v = push_item(d, V_RULE, 12, NULL);
	v->w = (float)d->width;
	v->keep = 1;
	cover_meta(d, "DATE", m->date);
	cover_meta(d, "DATA AS OF", m->data_as_of);
	if (m->ncases >= 0) {
		snprintf(buf, sizeof(buf), "%d", m->ncases);
		cover_meta(d, "CASES", buf);
	}
	cover_meta(d, "PREPARED BY", m->author);
	strbuf_release(&sb);
	if (d->nitems)
		d->items[d->nitems - 1].keep = 0;
}

#define TOC_NUMBER_ROOM 40.0
/* a contents page of a hostile document stays a few pages long */
#define MAX_TOC_ENTRIES 1000

size_t layout_contents(struct doc *d)
{
	size_t first = d->nitems, i, listed;
	struct bctx c;
	float size = (float)d->st->body, lh = (float)d->lead;

	memset(&c, 0, sizeof(c));
	c.w = d->width;
	d->pend_space = 0;
	{
		struct tstyle ts = body_style(d);
		ts.family = FONT_SANS;
		ts.bold = 1;
		ts.size = (float)d->st->h1;
		ts.color = COL_HEADING;
		ts.hyphenate = 0;
		para_reset(&d->para);
		para_add_text(d, &d->para, "Contents", 8, &ts);
		set_para(d, &c, 1, 0, ts.size, ts.size * 1.25f, 1);
		add_space(d, (float)(d->lead * 1.2));
	}
	for (i = 0, listed = 0; i < d->nheads && listed < MAX_TOC_ENTRIES; i++) {
		const struct heading *h = &d->heads[i];
		struct tstyle ts = body_style(d);
		size_t k0, k;
		/* the document's own title is not an entry of its contents */
		if (h->level > 2 || (h->level == 1 && d->m->title && !strcmp(h->text, d->m->title)))
			continue;
		listed++;
		ts.bold = h->level == 1;
		ts.hyphenate = 0;
		c.x0 = h->level == 1 ? 0 : 16;
		c.w = d->width - c.x0 - TOC_NUMBER_ROOM;
		if (h->level == 1)
			add_space(d, (float)(d->lead * 0.4));
		para_reset(&d->para);
		para_add_text(d, &d->para, h->text, strlen(h->text), &ts);
		k0 = d->nitems;
		if (!set_para(d, &c, 1, 0, size, lh, 0))
			continue;
		for (k = k0; k < d->nitems; k++) {
			struct vitem *v = &d->items[k];
			if (v->kind != V_LINE)
				continue;
			v->kind = V_TOC;
			v->aux = (int32_t)i;
			v->keep = k + 1 < d->nitems;
		}
		/* room for the page number, filled in once pages are known */
		push_frag(d);
		d->items[d->nitems - 1].nfrag++;
		add_space(d, (float)(d->lead * 0.1));
	}
	return first;
}

void layout_contents_numbers(struct doc *d, size_t first)
{
	size_t i;
	char buf[32];

	for (i = first; i < d->nitems; i++) {
		struct vitem *v = &d->items[i];
		struct frag *f;
		const unsigned char *q;
		if (v->kind != V_TOC || v->brk != BRK_LAST || !v->nfrag)
			continue;
		f = &d->frags[v->frag + v->nfrag - 1];
		snprintf(buf, sizeof(buf), "%d", d->heads[v->aux].page + 1);
		f->off = pool_add(d, buf, strlen(buf));
		f->len = (uint32_t)strlen(buf);
		f->font = d->heads[v->aux].level == 1 ? FONT_SERIF_BOLD : FONT_SERIF;
		f->size = (float)d->st->body;
		f->color = COL_TEXT;
		f->w = 0;
		for (q = (const unsigned char *)buf; *q; q++)
			f->w += (float)(font_adv(d->e, f->font, *q) * f->size / 1000.0);
		f->x = (float)d->width - f->w;
	}
}
