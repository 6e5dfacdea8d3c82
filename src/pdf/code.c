/*
 * code.c - preformatted blocks (code, raw HTML, chart specs that cannot be
 * drawn): a tinted frame with padding, the monospaced face, tabs expanded
 * to every fourth column, and each source line wrapped into visual lines
 * at the last space past the middle of the measure, else at the character
 * that would cross it. As with paragraphs, the first and last line are
 * never alone on a page.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf/layout.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define CODE_PAD_X 8.0
#define CODE_PAD_Y 6.0

/* A source line decoded: each character with its face and width. */
struct cchar {
	uint32_t cp;
	int font;
	double w;
};
struct cline {
	struct cchar *v;
	size_t n, alloc;
};

static struct frame *code_frame(struct doc *d, const struct bctx *c, int kind)
{
	struct frame *fr = arena_alloc(&d->arena, sizeof(*fr));

	fr->kind = kind;
	fr->x0 = (float)c->x0;
	fr->x1 = (float)(c->x0 + c->w);
	fr->parent = c->frame;
	return fr;
}

/* The bytes [s, eol) with tabs expanded to the next multiple of 4 columns. */
static void expand_tabs(const char *s, const char *eol, struct strbuf *line)
{
	const unsigned char *q;
	unsigned col = 0;

	strbuf_reset(line);
	for (q = (const unsigned char *)s; q < (const unsigned char *)eol; q++) {
		if (*q == '\t') {
			do {
				strbuf_addc(line, ' ');
			} while (++col % 4);
		} else {
			strbuf_addc(line, *q);
			if ((*q & 0xc0) != 0x80)
				col++;
		}
	}
}

static void decode_line(struct doc *d, const struct strbuf *line, float size, struct cline *cb)
{
	const unsigned char *q = (const unsigned char *)line->buf, *qe = q + line->len;

	cb->n = 0;
	while (q < qe) {
		uint32_t cp = utf8_decode(&q, qe), out;
		int subst, f = font_resolve(d->e, FONT_MONO, cp < 0x20 ? ' ' : cp, &out, &subst);
		struct cchar *ch;
		if (subst)
			d->warnings++;
		ALLOC_GROW(cb->v, cb->n + 1, cb->alloc);
		ch = &cb->v[cb->n++];
		ch->cp = out;
		ch->font = f;
		ch->w = font_adv(d->e, f, out) * size / 1000.0;
	}
}

/* Where the visual line starting at character k ends: after the last
 * space past mid-line, else at the character that would cross the
 * measure (at least one character a line). */
static size_t visual_end(const struct cline *cb, size_t k, double measure)
{
	size_t e2 = k, sp = 0;
	double x = 0;

	while (e2 < cb->n && (x + cb->v[e2].w <= measure || e2 == k)) {
		x += cb->v[e2].w;
		if (cb->v[e2].cp == ' ' && x > measure / 2)
			sp = e2 + 1;
		e2++;
	}
	if (e2 < cb->n && sp > k)
		e2 = sp;
	return e2;
}

/* Characters [k, e2) as the fragments of the line item just pushed, one
 * per run of a face, from `left`. */
static void line_frags(struct doc *d, const struct cline *cb, size_t k, size_t e2, double left, float size)
{
	uint32_t first = d->items[d->nitems - 1].frag;
	double x = 0;

	for (; k < e2; k++) {
		struct frag *fg = d->nfrags > first ? last_frag(d) : NULL;
		if (!fg || fg->font != cb->v[k].font) {
			fg = push_frag(d);
			fg->x = (float)(left + x);
			fg->font = (uint8_t)cb->v[k].font;
			fg->size = size;
			fg->color = COL_CODE;
			fg->off = (uint32_t)d->pool.len;
		}
		utf8_encode(&d->pool, cb->v[k].cp);
		fg->len = (uint32_t)d->pool.len - fg->off;
		fg->w += (float)cb->v[k].w;
		x += cb->v[k].w;
	}
	close_item(d);
}

/* One source line as visual lines in frame `fr`; returns how many. */
static size_t code_line(struct doc *d, const struct cline *cb, const struct bctx *c, struct frame *fr,
			float size)
{
	float lh = size * 1.4f, asc = line_ascent(d, size, lh);
	double measure = c->w - 2 * CODE_PAD_X;
	size_t k = 0, nl = 0;

	do {
		size_t e2 = visual_end(cb, k, measure);
		struct vitem *v = push_item(d, V_LINE, lh, fr);
		v->asc = asc;
		v->brk = e2 < cb->n ? BRK_CHAR : BRK_LAST;
		nl++;
		line_frags(d, cb, k, e2, c->x0 + CODE_PAD_X, size);
		/* the end of a source line is a space in the text of the block */
		if (e2 == cb->n && d->nfrags > v->frag)
			last_frag(d)->flags |= FRAG_SPACED;
		k = e2;
	} while (k < cb->n);
	return nl;
}

void do_code(struct doc *d, const char *lit, const struct bctx *c, int kind)
{
	float size = (float)d->st->code;
	struct frame *fr = code_frame(d, c, kind);
	const char *s = lit ? lit : "", *end = s + strlen(s);
	struct strbuf line = STRBUF_INIT;
	struct cline cb = { NULL, 0, 0 };
	size_t first_line, nl = 0, i;
	struct vitem *v;

	if (end > s && end[-1] == '\n')
		end--;
	add_space(d, (float)(d->lead * 0.5));
	flush_space(d, c->frame);
	v = push_item(d, V_SPACE, CODE_PAD_Y, fr);
	v->keep = 1;
	take_marker(d);
	close_item(d);
	d->se = tags_new(d, TAG_CODE, c->se);
	first_line = d->nitems;
	while (s <= end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		if (!eol)
			eol = end;
		expand_tabs(s, eol, &line);
		decode_line(d, &line, size, &cb);
		nl += code_line(d, &cb, c, fr, size);
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
	push_item(d, V_SPACE, CODE_PAD_Y, fr);
	add_space(d, (float)(d->lead * 0.5));
}
