/*
 * drawtext.c - text into a page's content stream. Each run of a line in
 * one font, size and colour becomes one TJ array of glyph ids: words
 * shaped as text.c measured them (the same shaping call, so the same
 * glyphs, kerning and ligatures) at their computed positions, with the
 * face's space glyph between them and after the last word of a line
 * broken at a space (so that extraction, and a structure element's
 * text, see the words apart) and the difference taken up by a TJ
 * adjustment. This is far smaller and faster than a positioned string
 * per word. The font operator and the
 * page's font resources are written here (embed.c makes the fonts),
 * and the colours (gfx.h). Each run is in the marked content of its
 * element (tags.h), opened and closed as the elements change.
 */
#include <math.h>
#include <string.h>

#include "pdf/draw.h"
#include "pdf/fontfile.h"
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

/*
 * The content of a page is most of the PDF's bytes, written a few at a
 * time: room is made once per write and the bytes stored in place,
 * rather than one strbuf call per byte.
 */
static inline char *room(struct strbuf *b, size_t n)
{
	if (b->len + n >= b->alloc)
		strbuf_grow(b, n);
	return b->buf + b->len;
}

/* Ends a write at w (room() made space for it and the NUL). */
static inline void done(struct strbuf *b, char *w)
{
	*w = 0;
	b->len = (size_t)(w - b->buf);
}

/* llround(x) without the call: half away from zero (x - (long long)x
 * is exact below 2^53). */
static inline long long round_half_away(double x)
{
	long long n;
	double f;

	if (!(fabs(x) < 4e15))
		return llround(x);
	n = (long long)x;
	f = x - (double)n;
	if (f >= 0.5)
		n++;
	else if (f <= -0.5)
		n--;
	return n;
}

void put_num(struct strbuf *b, double v)
{
	long long n = round_half_away(v * 100);
	char tmp[32], *t = tmp + sizeof(tmp), *w;
	int neg = n < 0;

	if (neg)
		n = -n;
	if (n % 100) {
		if (n % 10)
			*--t = (char)('0' + n % 10);
		*--t = (char)('0' + n / 10 % 10);
		*--t = '.';
	}
	n /= 100;
	do {
		*--t = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (neg)
		*--t = '-';
	w = room(b, sizeof(tmp));
	memcpy(w, t, (size_t)(tmp + sizeof(tmp) - t));
	done(b, w + (tmp + sizeof(tmp) - t));
}

/* The bytes a literal string escapes: 1 for \( \) \\, 2 for \n \r. */
static const unsigned char escaped[256] = {
	['('] = 1, [')'] = 1, ['\\'] = 1, ['\n'] = 2, ['\r'] = 2,
};

static inline char *put_byte(char *w, unsigned char c)
{
	if (!escaped[c]) {
		*w++ = (char)c;
	} else {
		*w++ = '\\';
		*w++ = escaped[c] == 2 ? (c == '\n' ? 'n' : 'r') : (char)c;
	}
	return w;
}

/* Glyph ids as two-byte codes in a PDF literal string body. */
static inline void put_gid(struct strbuf *b, uint32_t gid)
{
	char *w = room(b, 4);

	w = put_byte(w, (unsigned char)(gid >> 8 & 0xff));
	w = put_byte(w, (unsigned char)(gid & 0xff));
	done(b, w);
}

/*
 * A glyph string of a TJ array opened: the one just closed goes on
 * instead when nothing came after it, since in a TJ array (a)(b) draws
 * what (ab) does. Most words are followed by their space glyph, so
 * this takes two bytes from most of them.
 */
static void str_open(struct pen *pn)
{
	struct strbuf *b = pn->out;

	if (b->len == pn->shut && b->len)
		b->buf[--b->len] = 0;
	else
		strbuf_addc(b, '(');
}

static void str_close(struct pen *pn)
{
	strbuf_addc(pn->out, ')');
	pn->shut = pn->out->len;
}

/* State of a TJ array being written: whether a string is open, the
 * adjustment waiting to be written (1/1000 em) and the text rise. */
struct tj {
	struct pen *pn;
	struct strbuf *b;
	int open;
	double adj;
	int32_t rise;
};

static void tj_close(struct tj *t)
{
	if (t->open)
		str_close(t->pn);
	t->open = 0;
}

static void tj_glyph(struct tj *t, uint32_t gid)
{
	double a = floor(t->adj * 100 + 0.5) / 100;

	if (a != 0) {
		tj_close(t);
		put_num(t->b, a);
	}
	t->adj -= a;
	if (!t->open)
		str_open(t->pn);
	t->open = 1;
	put_gid(t->b, gid);
}

/* A glyph raised or lowered by `dy` font units: the TJ array is closed,
 * the rise set, and the array opened again (rise cannot change inside). */
static void tj_rise(struct tj *t, int32_t dy, double k, double size)
{
	if (dy == t->rise)
		return;
	tj_close(t);
	if (t->adj != 0) {
		put_num(t->b, t->adj);
		t->adj = 0;
	}
	strbuf_addlit(t->b, "] TJ ");
	put_num(t->b, dy * k * size / 1000.0);
	strbuf_addlit(t->b, " Ts [");
	t->rise = dy;
}

/* A glyph drawn where the previous one's width puts it. */
static inline int plain(const struct glyph *g)
{
	return !(g->dx | g->dy | (g->adv ^ g->nominal));
}

/*
 * The codes of the plain glyphs from g[i] on, into the open string: the
 * index of the first that is not plain, or n. Most words are all plain,
 * and most codes need no escape, so this is the loop that matters.
 */
static size_t put_plain(struct strbuf *b, const struct glyph *g, size_t i, size_t n)
{
	char *w = room(b, 4 * (n - i));

	for (; i < n && plain(&g[i]); i++) {
		unsigned char hi = (unsigned char)(g[i].gid >> 8 & 0xff), lo = (unsigned char)(g[i].gid & 0xff);
		if (escaped[hi] | escaped[lo]) {
			w = put_byte(w, hi);
			w = put_byte(w, lo);
		} else {
			w[0] = (char)hi;
			w[1] = (char)lo;
			w += 2;
		}
	}
	done(b, w);
	return i;
}

/* The face's space glyph is recorded for the font once per page. */
static void note_space(struct canvas *cv, int f, struct doc_font *df)
{
	struct effect fx; /* the fields its kind uses */

	if (cv->spaces >> f & 1)
		return;
	fx.kind = FX_SPACE;
	fx.df = df;
	fx.a = f;
	canvas_effect(cv, &fx);
	cv->spaces |= 1ull << f;
}

/* The face's space glyph into t, as a glyph at its own width on the
 * baseline; its advance in font units. */
static int64_t put_space_in(struct tj *t, int f, struct doc_font *df, float size)
{
	const struct face *fc = &t->pn->cv->d->e->face[f];

	note_space(t->pn->cv, f, df);
	tj_rise(t, 0, fc->k, size);
	tj_glyph(t, fc->latin[' ']);
	return fc->space_adv;
}

/*
 * `len` bytes of text in face f into the open TJ array in pn->out, a word
 * at a time with the face's space glyph between (shape_word_len: measured
 * the same way), so that the words of a header or a code line are the
 * cached shapes of its words. Each glyph's code is its glyph id, and
 * where the shaped advance or offset differs from the glyph's own width
 * (kerning, marks) an adjustment moves the next glyph. Records the
 * glyphs for the font's subset (FX_GLYPHS). Returns the width drawn, in
 * points.
 */
static double put_shaped(struct pen *pn, int f, float size, const char *s, size_t len)
{
	struct canvas *cv = pn->cv;
	const struct face *fc = &cv->d->e->face[f];
	struct doc_font *df = canvas_font(cv, f);
	struct tj t = { pn, pn->out, 0, 0, 0 };
	struct shaping sh;
	struct effect fx; /* the fields its kind uses */
	int64_t units = 0;
	size_t at = 0, n, i;

	if (!len || !df)
		return 0;
	for (; at < len; at += n) {
		if (!(n = shape_word_len(fc, s + at, len - at))) {
			units += put_space_in(&t, f, df, size);
			n = 1;
			continue;
		}
		canvas_shape(cv, f, s + at, n, &sh);
		/* a cached word is recorded once per document: when its stamp
		 * says so, an earlier page (applied before this one) has done it */
		if (!sh.mark || atomic_load_explicit(sh.mark, memory_order_relaxed) != cv->d->stamp) {
			fx.kind = FX_GLYPHS;
			fx.df = df;
			fx.p = sh.g;
			fx.n = (uint32_t)sh.n;
			fx.s = sh.text ? sh.text : s + at;
			fx.len = (uint32_t)n;
			fx.mark = sh.mark;
			canvas_effect(cv, &fx);
		}
		units += sh.width;
		for (i = 0; i < sh.n;) {
			const struct glyph *g = &sh.g[i];
			if (t.adj == 0 && !t.rise && plain(g)) {
				/* nothing to adjust: glyphs at their own widths are their codes alone */
				if (!t.open)
					str_open(pn);
				t.open = 1;
				i = put_plain(t.b, sh.g, i, sh.n);
				continue;
			}
			if (g->dy != t.rise)
				tj_rise(&t, g->dy, fc->k, size);
			t.adj -= g->dx * fc->k;
			tj_glyph(&t, g->gid);
			t.adj += (g->nominal + g->dx - g->adv) * fc->k;
			i++;
		}
	}
	tj_rise(&t, 0, fc->k, size);
	tj_close(&t);
	if (t.adj != 0 && fabs(t.adj) >= 0.005)
		put_num(pn->out, t.adj);
	return (double)units * fc->k * size / 1000.0;
}

/* The face's space glyph (so that extraction sees a word space); its width in points. */
static double put_space(struct pen *pn, int f, float size)
{
	const struct face *fc = &pn->cv->d->e->face[f];
	struct doc_font *df = canvas_font(pn->cv, f);
	struct tj t = { pn, pn->out, 0, 0, 0 };
	int64_t units;

	if (!fc->latin[' '] || !df)
		return 0;
	units = put_space_in(&t, f, df, size);
	tj_close(&t);
	return (double)units * fc->k * size / 1000.0;
}

int pen_set(struct pen *pn, int font, float size, struct rgb col)
{
	if (font != pn->font || size != pn->size) {
		struct doc_font *df = canvas_font(pn->cv, font);
		if (!df)
			return -1;
		if (!(pn->cv->on_page >> df->num & 1)) {
			struct effect fx = { 0 };
			fx.kind = FX_FONT;
			fx.df = df;
			if (canvas_effect(pn->cv, &fx) < 0)
				return -1;
			pn->cv->on_page |= 1ull << df->num;
		}
		strbuf_addlit(pn->out, "/F");
		put_num(pn->out, df->num);
		strbuf_addc(pn->out, ' ');
		put_num(pn->out, size);
		strbuf_addlit(pn->out, " Tf\n");
		pn->font = font;
		pn->size = size;
	}
	if (!pn->has_color || !same_rgb(col, pn->color)) {
		gfx_fill_color(pn->out, col);
		pn->color = col;
		pn->has_color = 1;
	}
	return 0;
}

void pen_move(struct pen *pn, double x, double y)
{
	strbuf_addlit(pn->out, "1 0 0 1 ");
	put_num(pn->out, x);
	strbuf_addc(pn->out, ' ');
	put_num(pn->out, y);
	strbuf_addlit(pn->out, " Tm\n");
}

double pen_text(struct pen *pn, int font, float size, struct rgb col, double x, double y, const char *s,
		size_t len)
{
	double w;

	if (pen_set(pn, font, size, col) < 0)
		return -1;
	pen_move(pn, x, y);
	strbuf_addc(pn->out, '[');
	w = put_shaped(pn, font, size, s, len);
	strbuf_addlit(pn->out, "] TJ\n");
	return w;
}

int pen_text_routed(struct pen *pn, int role, float size, struct rgb col, double x, double y, const char *s)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	struct strbuf run = STRBUF_INIT;
	int cur = -1, ret = 0;

	while (q <= e && !ret) {
		uint32_t out = 0;
		int subst, f = -1;
		if (q >= e) {
			q++;
		} else if ((f = canvas_resolve(pn->cv, role, utf8_decode(&q, e), &out, &subst)) == FACE_UNKNOWN) {
			ret = -1;
			break;
		}
		if (f != cur && run.len) {
			double w = pen_text(pn, cur, size, col, x, y, run.buf, run.len);
			if (w < 0)
				ret = -1;
			x += w;
			strbuf_reset(&run);
		}
		if (f < 0)
			break;
		cur = f;
		utf8_encode(&run, out);
	}
	strbuf_release(&run);
	return ret;
}

static int same_run(const struct frag *a, const struct frag *b)
{
	return a->font == b->font && a->size == b->size && a->rise == b->rise && a->color == b->color &&
	       a->se == b->se;
}

/* A footnote's Note is read right after its first reference (the first
 * drawn: pages and lines are drawn in reading order). */
static void note_ref(struct canvas *cv, const struct frag *f, uint64_t key)
{
	const struct doc *d = cv->d;
	const struct link *l = &d->links[f->link];
	struct effect fx = { 0 };

	if (l->note >= 0 && !d->m->notes_heading && f->se >= 0) {
		fx.kind = FX_NOTE;
		fx.a = d->notes[l->note].se;
		fx.b = f->se;
		fx.key = key | 2;
		canvas_effect(cv, &fx);
	}
}

/* A word space after fragment j of n: where the next one starts after a
 * gap, and where a line ended at a space (FRAG_SPACED). */
static int space_after(const struct frag *fr, uint32_t j, uint32_t n)
{
	return (fr[j].flags & FRAG_SPACED) || (j + 1 < n && fr[j + 1].x > fr[j].x + fr[j].w + 0.1f);
}

int draw_text(struct pen *pn, const struct vitem *v, float y, uint64_t key, int repeat)
{
	const struct doc *d = pn->cv->d;
	double left = d->left, base = page_top(d) - y - v->asc;
	const struct frag *fr;
	uint32_t k = 0, n = v->nfrag;

	if (!n)
		return 0;
	fr = item_frags(d, v);

	while (k < n) {
		const struct frag *f = &fr[k];
		double pen_x;
		uint32_t j;
		if (!f->len) {
			k++;
			continue;
		}
		tags_mark(pn->cv, pn->out, &pn->mark, repeat ? TAG_ART_REPEAT : f->se < 0 ? TAG_ARTIFACT : f->se,
			  key + ((uint64_t)k << 2));
		if (pen_set(pn, f->font, f->size, color_of(d, f->color)) < 0)
			return -1;
		pen_move(pn, left + f->x, base + f->rise);
		strbuf_addc(pn->out, '[');
		pen_x = f->x;
		for (j = k; j < n && fr[j].len && same_run(&fr[j], f); j++) {
			const struct frag *g = &fr[j];
			double adj = floor((g->x - pen_x) * 1000.0 / g->size + 0.5);
			/* whole units of 1/1000 em: the pen is where that puts it */
			if (j > k && adj != 0) {
				put_num(pn->out, -adj);
				pen_x += adj * g->size / 1000.0;
			}
			if (g->link >= 0 && !repeat)
				note_ref(pn->cv, g, key + ((uint64_t)j << 2));
			pen_x += put_shaped(pn, g->font, g->size, d->pool.buf + g->off, g->len);
			if (space_after(fr, j, n))
				pen_x += put_space(pn, g->font, g->size);
		}
		strbuf_addlit(pn->out, "] TJ\n");
		k = j;
	}
	return 0;
}
