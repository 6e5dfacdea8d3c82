/*
 * vlist.c - building the vertical list: items and the text fragments on
 * them (text copied into the document's pool), the collapsing space
 * between blocks, keeps, the pending list marker, and the lines of a
 * broken paragraph placed as fragments (merged where the style allows,
 * so a line is a few runs, not one fragment per word).
 */
#include <string.h>

#include "pdf/layout.h"

#define SHORT_PARA_LINES 4
#define LOOSE_RATIO 2.0         /* r: spaces at twice their width (stretch is half a space) */
#include "base/strbuf.h"
#include "base/utf8.h"

uint32_t pool_add(struct doc *d, const char *s, size_t len)
{
	uint32_t off = (uint32_t)d->pool.len;
	strbuf_add(&d->pool, s, len);
	return off;
}

float line_ascent(const struct doc *d, float size, float lh)
{
	const struct face *fm = &d->e->face[FONT_SERIF];
	double content = size * (fm->ascent - fm->descent) / 1000.0;
	return (float)((lh - content) / 2 + size * fm->ascent / 1000.0);
}

struct vitem *push_item(struct doc *d, int kind, float h, struct frame *fr)
{
	struct vitem *v = DOC_PUSH(d, items);
	memset(v, 0, sizeof(*v));
	v->kind = (uint8_t)kind;
	v->h = h;
	v->frame = fr;
	v->heading = -1;
	v->aux = -1;
	v->se = -1;
	v->frag = (uint32_t)d->nfrags;
	return v;
}

void close_item(struct doc *d)
{
	struct vitem *v = &d->items[d->nitems - 1];
	v->nfrag = (uint32_t)d->nfrags - v->frag;
}

void add_space(struct doc *d, float h)
{
	if (h > d->pend_space)
		d->pend_space = h;
}

void flush_space(struct doc *d, struct frame *fr)
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

void keep_last(struct doc *d)
{
	if (d->nitems)
		d->items[d->nitems - 1].keep = 1;
}

struct frag *push_frag(struct doc *d)
{
	size_t n = d->nfrags - d->frag_base;
	struct frag *f;

	if (n + 1 > d->afrags) {
		/* a block's room at once: it is never grown, as a rule */
		d->afrags = d->afrags ? d->afrags * 2 : FRAG_BLOCK + FRAG_BLOCK / 4;
		d->frags = xrealloc(d->frags, d->afrags * sizeof(*d->frags));
	}
	f = &d->frags[n];
	d->nfrags++;
	memset(f, 0, sizeof(*f));
	f->link = -1;
	f->se = d->se;
	return f;
}

struct frag *last_frag(struct doc *d)
{
	return &d->frags[d->nfrags - 1 - d->frag_base];
}

void frags_seal(struct doc *d, size_t min)
{
	size_t n = d->nfrags - d->frag_base;
	struct frag_block *b;

	if (!n || n < min)
		return;
	b = DOC_PUSH(d, fblocks);
	b->f = xrealloc(d->frags, n * sizeof(*d->frags));
	b->first = d->frag_base;
	b->n = n;
	b->last_page = SIZE_MAX;
	d->frags = NULL;
	d->afrags = 0;
	d->frag_base = d->nfrags;
}

void text_frags(struct doc *d, const char *s, size_t len, int font, float size, int color, float x,
		float *w_out)
{
	const unsigned char *q = (const unsigned char *)s, *end = q + len;
	struct frag *f = NULL;
	size_t first = d->nfrags, i;
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
	}
	/* each run shaped as drawtext.c draws it */
	for (i = first; i < d->nfrags; i++) {
		f = &d->frags[i - d->frag_base];
		f->x = x;
		f->w = (float)face_width(d->e, f->font, size, d->pool.buf + f->off, f->len);
		x += f->w;
	}
	if (w_out)
		*w_out = x - x0;
}

void make_marker(struct doc *d, const char *s, size_t len, int font, float size, int color, double x,
		 float *w)
{
	size_t mark = d->nfrags;
	struct frag *f;

	text_frags(d, s, len, font, size, color, 0, w);
	/* one fragment is kept as the marker (the text is short) */
	f = &d->frags[mark - d->frag_base];
	d->marker = *f;
	d->marker.w = *w;
	d->marker.len = (uint32_t)d->pool.len - f->off;
	d->marker.x = (float)x;
	d->nfrags = mark;
	d->marker_pending = 1;
}

double label_width(const struct doc *d, size_t ndigits, int font, float size)
{
	return (font_adv(d->e, font, '[') + font_adv(d->e, font, ']') + ndigits * font_adv(d->e, font, '0')) *
	       size / 1000.0;
}

void take_marker(struct doc *d)
{
	struct frag *f;

	if (!d->marker_pending)
		return;
	f = push_frag(d);
	*f = d->marker;
	d->marker_pending = 0;
}

struct tstyle body_style(const struct doc *d)
{
	struct tstyle ts;
	memset(&ts, 0, sizeof(ts));
	ts.family = FONT_SERIF;
	ts.size = (float)d->body;
	ts.color = COL_TEXT;
	ts.link = -1;
	ts.hyphenate = 1;
	return ts;
}

static double loosest(const struct kp_scratch *kp)
{
	double r = 0;
	size_t k;

	for (k = 0; k < kp->nlines; k++)
		if (kp->lines[k].r > r)
			r = kp->lines[k].r;
	return r;
}

void para_break(struct doc *d, double measure, int ragged, int hyphenate)
{
	struct para *p = &d->para;

	/* code spans move whole unless the paragraph cannot be set well so:
	 * when the first pass finds no lines, the held breaks come back (the
	 * looser passes are not tried without them) */
	if (para_fit(d, p, measure, hyphenate)) {
		if (kp_break_tight(p->it, p->n, measure, ragged, &d->kp) != 0) {
			para_release_held(p);
			kp_break(p->it, p->n, measure, ragged, &d->kp);
		}
	} else {
		kp_break(p->it, p->n, measure, ragged, &d->kp);
	}
	/* a short paragraph that only the looser passes could justify, with
	 * its spaces stretched past twice their width, is set ragged: a few
	 * lines with wide gaps show more than a ragged edge */
	if (!ragged && d->kp.pass >= 2 && d->kp.nlines <= SHORT_PARA_LINES && loosest(&d->kp) > LOOSE_RATIO)
		kp_break(p->it, p->n, measure, 1, &d->kp);
}

size_t set_para(struct doc *d, const struct bctx *c, int ragged, int align, float size, float lh,
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
	para_break(d, c->w, ragged != 0, 1);
	flush_space(d, fr);
	first = d->nitems;
	layout_emit_lines(d, c->x0, c->w, align, lh, line_ascent(d, size, lh), keep_all);
	for (i = first; i < d->nitems; i++)
		d->items[i].frame = fr;
	return d->kp.nlines;
}

/* ---- the lines of a paragraph ------------------------------------------ */

/* How line k of nl ends, for the dump. */
static uint8_t line_break_kind(const struct para *p, const struct kp_line *l, size_t k, size_t nl)
{
	const struct item *e = &p->it[l->end];

	if (l->hyphen)
		return BRK_HYPHEN;
	if (k == nl - 1)
		return BRK_LAST;
	if (e->type == IT_PENALTY && e->p <= -KP_INF)
		return BRK_FORCED;
	if (e->type == IT_PENALTY && e->p == 0 && e->w == 0)
		return BRK_CHAR;
	return BRK_GLUE;
}

/* How far a centred (align 1) or right-aligned (2) line moves right:
 * the room its natural width leaves, from item j (its first box) on. */
static double line_shift(const struct para *p, const struct kp_line *l, uint32_t j, double measure,
			 int align)
{
	double natural = 0, shift;
	uint32_t t;

	for (t = j; t < l->end; t++) {
		if (p->it[t].type == IT_BOX || (p->it[t].type == IT_GLUE && p->it[t].y < KP_FILL))
			natural += p->it[t].w;
	}
	if (l->hyphen)
		natural += p->it[l->end].w;
	shift = (measure - natural) * (align == 1 ? 0.5 : 1.0);
	return shift < 0 ? 0 : shift;
}

static int can_merge(const struct frag *f, const struct item *it, const struct doc *d, uint32_t off)
{
	return f && f->font == it->font && f->size == it->size && f->rise == it->rise && f->color == it->color &&
	       f->link == it->link && f->flags == (it->flags & IF_STRIKE) && f->off + f->len == off &&
	       off == d->pool.len;
}

/* A fragment at `x` for text `len` bytes at `text`, styled like `it`. */
static struct frag *new_frag(struct doc *d, const struct item *it, double x, const char *text, uint32_t len,
			     double w)
{
	struct frag *f = push_frag(d);

	f->x = (float)x;
	f->w = (float)w;
	f->off = pool_add(d, text, len);
	f->len = len;
	f->size = it->size;
	f->rise = it->rise;
	f->font = it->font;
	f->color = it->color;
	f->link = it->link;
	if (it->link >= 0)
		f->se = tags_link(d, it->link);
	return f;
}

/* An image box of the line at `x`: a fragment without text, which
 * draw.c draws and no text run merges with. */
static void image_frag(struct doc *d, const struct item *it, double x)
{
	struct frag *f = push_frag(d);
	int32_t parent;

	f->x = (float)x;
	f->w = (float)it->w;
	f->off = it->off;
	f->size = it->size;
	f->font = it->font;
	f->color = it->color;
	f->link = it->link;
	f->flags = it->flags & (IF_STRIKE | IF_IMAGE);
	/* its Figure goes where the image is read: in the link or the text */
	f->se = it->se;
	parent = it->link >= 0 ? tags_link(d, it->link) : d->se;
	if (it->se >= 0)
		tags_move(d, it->se, parent);
}

/* Item `item` refers to note `note` (once per line). */
static void note_ref(struct doc *d, uint32_t item, int32_t note)
{
	struct noteref *r;

	if (d->nnoterefs && d->noterefs[d->nnoterefs - 1].item == item &&
	    d->noterefs[d->nnoterefs - 1].note == note)
		return;
	r = DOC_PUSH(d, noterefs);
	r->item = item;
	r->note = note;
}

/*
 * Places the boxes of line `l` from item j on, `left` being where the
 * line starts and glue set at the line's ratio. Returns the last
 * fragment (NULL when none) and the width used in *x.
 */
static struct frag *place_words(struct doc *d, const struct kp_line *l, uint32_t j, double left, double *x)
{
	const struct para *p = &d->para;
	struct frag *f = NULL;
	int prev_box = 0;

	for (; j < l->end; j++) {
		const struct item *it = &p->it[j];
		if (it->type == IT_BOX && (it->flags & IF_IMAGE)) {
			image_frag(d, it, left + *x);
			*x += it->w;
			f = NULL;
			prev_box = 0;
		} else if (it->type == IT_BOX) {
			if (it->note >= 0)
				note_ref(d, (uint32_t)d->nitems - 1, it->note);
			if (prev_box && can_merge(f, it, d, (uint32_t)d->pool.len)) {
				pool_add(d, p->text.buf + it->off, it->len);
				f->len += it->len;
				f->w += (float)it->w;
			} else {
				f = new_frag(d, it, left + *x, p->text.buf + it->off, it->len, it->w);
				f->flags = it->flags & IF_STRIKE;
			}
			*x += it->w;
			prev_box = 1;
		} else if (it->type == IT_GLUE) {
			if (it->y < KP_FILL)
				*x += it->w + (l->r >= 0 ? l->r * it->y : l->r * it->z);
			prev_box = 0;
		}
		/* penalties inside a line take no room and keep boxes mergeable */
	}
	return f;
}

/* The hyphen of a line ending inside a word, joined to the last
 * fragment when that is in the hyphen's face and ends the pool. */
static void place_hyphen(struct doc *d, struct frag *f, const struct item *pe, double x)
{
	if (f && f->font == pe->font && f->off + f->len == d->pool.len) {
		pool_add(d, "-", 1);
		f->len++;
		f->w += (float)pe->w;
	} else {
		new_frag(d, pe, x, "-", 1, pe->w);
	}
}

/*
 * A line that ends with a hyphen of the text ("end-to-", "linkerd2-")
 * gets a zero-width space after it: text extraction (poppler's among
 * others) takes a hyphen at the end of a line for a hyphenation and
 * drops it when it joins the lines, which would copy "end-toend". The
 * hyphens the breaker adds are left alone, so those words join whole.
 */
static void keep_text_hyphen(struct doc *d, struct frag *f)
{
	if (!f || !f->len || d->pool.buf[f->off + f->len - 1] != '-' || f->off + f->len != d->pool.len ||
	    !face_gid(d->e, f->font, 0x200b) || font_adv(d->e, f->font, 0x200b))
		return;
	pool_add(d, "\xe2\x80\x8b", 3);
	f->len += 3;
}

void line_end_space(struct frag *f, const struct item *end)
{
	if (f && (end->type == IT_GLUE || (end->type == IT_PENALTY && end->p <= -KP_INF)))
		f->flags |= FRAG_SPACED;
}

void layout_emit_lines(struct doc *d, double x0, double measure, int align, float lh, float asc,
		       int keep_all)
{
	const struct para *p = &d->para;
	size_t k, nl = d->kp.nlines;

	for (k = 0; k < nl; k++) {
		const struct kp_line *l = &d->kp.lines[k];
		struct vitem *v = push_item(d, V_LINE, lh, NULL);
		struct frag *f;
		uint32_t j = l->start;
		double x = 0, shift = 0;
		v->asc = asc;
		v->r = l->r;
		/* no single first or last line alone on a page, and no page
		 * ending in a hyphenated word */
		v->keep = (uint8_t)(keep_all || (nl > 1 && (k == 0 || k == nl - 2)) || l->hyphen);
		v->brk = line_break_kind(p, l, k, nl);
		take_marker(d);
		while (j < l->end && p->it[j].type != IT_BOX)
			j++;
		if (align)
			shift = line_shift(p, l, j, measure, align);
		f = place_words(d, l, j, x0 + shift, &x);
		if (l->hyphen)
			place_hyphen(d, f, &p->it[l->end], x0 + shift + x);
		else if (k + 1 < nl && p->it[l->end].type == IT_PENALTY && (p->it[l->end].flags & IF_EXHY))
			keep_text_hyphen(d, f);
		else if (k + 1 < nl)
			line_end_space(f, &p->it[l->end]);
		close_item(d);
	}
}
