/*
 * kern.c - pair kerning from the fonts' GPOS tables ('kern' feature,
 * PairPos lookups in formats 1 and 2, inside Extension lookups too).
 *
 * Kerning is measured in text.c (box widths) and drawn in draw.c (TJ
 * adjustments between glyphs), from the same function, so positions
 * agree. Results are cached per face by glyph pair: a document uses a few
 * thousand distinct pairs, and a lookup walks coverage and class tables.
 * A pair ending in a hyphen is never kerned (the hyphen of a broken word
 * is added after the line is set).
 */
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfint.h"
#include "base/alloc.h"

#define KERN_CACHE_MAX (1u << 16)

struct gsrc {
	const unsigned char *p;
	size_t len;
};

static unsigned u16(const struct gsrc *s, size_t off)
{
	return off + 2 <= s->len ? (unsigned)(s->p[off] << 8 | s->p[off + 1]) : 0;
}

static uint32_t u32(const struct gsrc *s, size_t off)
{
	return off + 4 <= s->len ? (uint32_t)u16(s, off) << 16 | u16(s, off + 2) : 0;
}

/* Coverage index of glyph g, or -1. */
static long coverage(const struct gsrc *s, size_t cov, unsigned g)
{
	unsigned fmt = u16(s, cov), n = u16(s, cov + 2), lo = 0, hi = n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (fmt == 1) {
			unsigned v = u16(s, cov + 4 + 2 * (size_t)mid);
			if (v == g)
				return mid;
			if (v < g)
				lo = mid + 1;
			else
				hi = mid;
		} else if (fmt == 2) {
			size_t r = cov + 4 + 6 * (size_t)mid;
			unsigned a = u16(s, r), b = u16(s, r + 2);
			if (g < a)
				hi = mid;
			else if (g > b)
				lo = mid + 1;
			else
				return (long)u16(s, r + 4) + (g - a);
		} else {
			return -1;
		}
	}
	return -1;
}

static unsigned class_of(const struct gsrc *s, size_t cd, unsigned g)
{
	unsigned fmt = u16(s, cd);

	if (fmt == 1) {
		unsigned start = u16(s, cd + 2), n = u16(s, cd + 4);
		return g >= start && g < start + n ? u16(s, cd + 6 + 2 * (size_t)(g - start)) : 0;
	}
	if (fmt == 2) {
		unsigned lo = 0, hi = u16(s, cd + 2);
		while (lo < hi) {
			unsigned mid = (lo + hi) / 2;
			size_t r = cd + 4 + 6 * (size_t)mid;
			if (g < u16(s, r))
				hi = mid;
			else if (g > u16(s, r + 2))
				lo = mid + 1;
			else
				return u16(s, r + 4);
		}
	}
	return 0;
}

static unsigned vr_size(unsigned vf)
{
	unsigned n = 0;
	for (; vf; vf >>= 1)
		n += vf & 1;
	return 2 * n;
}

/* XAdvance of the first glyph in a value record, in font units. */
static int x_advance(const struct gsrc *s, size_t vr, unsigned vf)
{
	if (!(vf & 4))
		return 0;
	return (int16_t)u16(s, vr + vr_size(vf & 3));
}

/* One PairPos subtable: 1 and *adv set when it applies to the pair. */
static int pairpos(const struct gsrc *s, size_t st, unsigned g1, unsigned g2, int *adv)
{
	unsigned fmt = u16(s, st), vf1 = u16(s, st + 4), vf2 = u16(s, st + 6);
	long ci = coverage(s, st + u16(s, st + 2), g1);

	if (ci < 0)
		return 0;
	if (fmt == 1) {
		size_t ps = st + u16(s, st + 10 + 2 * (size_t)ci);
		unsigned n = u16(s, ps), rec = 2 + vr_size(vf1) + vr_size(vf2), lo = 0, hi = n;
		while (lo < hi) {
			unsigned mid = (lo + hi) / 2;
			size_t r = ps + 2 + (size_t)rec * mid;
			unsigned sg = u16(s, r);
			if (sg == g2) {
				*adv = x_advance(s, r + 2, vf1);
				return 1;
			}
			if (sg < g2)
				lo = mid + 1;
			else
				hi = mid;
		}
		return 0;
	}
	if (fmt == 2) {
		unsigned c1 = class_of(s, st + u16(s, st + 8), g1), c2 = class_of(s, st + u16(s, st + 10), g2);
		unsigned n1 = u16(s, st + 12), n2 = u16(s, st + 14), rec = vr_size(vf1) + vr_size(vf2);
		if (c1 >= n1 || c2 >= n2)
			return 0;
		*adv = x_advance(s, st + 16 + ((size_t)c1 * n2 + c2) * rec, vf1);
		return 1;
	}
	return 0;
}

void kern_init(struct font_metrics *fm, const unsigned char *data, size_t len)
{
	struct gsrc s = { data, len };
	unsigned i, n = u16(&s, 4), fc, k;
	size_t gpos = 0, fl, ll;

	fm->nkern = 0;
	for (i = 0; i < n; i++) {
		if (!memcmp(data + 12 + 16 * (size_t)i, "GPOS", 4) && 12 + 16 * (size_t)i + 16 <= len) {
			gpos = u32(&s, 12 + 16 * (size_t)i + 8);
			break;
		}
	}
	if (!gpos || gpos >= len)
		return;
	fl = gpos + u16(&s, gpos + 6);
	ll = gpos + u16(&s, gpos + 8);
	fc = u16(&s, fl);
	for (i = 0; i < fc; i++) {
		size_t fr = fl + 2 + 6 * (size_t)i, fo;
		if (fr + 6 > len || memcmp(data + fr, "kern", 4))
			continue;
		fo = fl + u16(&s, fr + 4);
		for (k = 0; k < u16(&s, fo + 2); k++) {
			unsigned li = u16(&s, fo + 4 + 2 * (size_t)k), j, dup = 0;
			size_t lo = ll + u16(&s, ll + 2 + 2 * (size_t)li);
			unsigned type = u16(&s, lo), nsub = u16(&s, lo + 4);
			for (j = 0; j < nsub; j++) {
				size_t st = lo + u16(&s, lo + 6 + 2 * (size_t)j);
				unsigned t = type, q;
				if (t == 9) {
					t = u16(&s, st + 2);
					st += u32(&s, st + 4);
				}
				if (t != 2 || st >= len)
					continue;
				for (q = 0; q < fm->nkern; q++)
					dup |= fm->kern_sub[q] == (uint32_t)st;
				if (!dup && fm->nkern < KERN_MAX_SUBTABLES)
					fm->kern_sub[fm->nkern++] = (uint32_t)st;
			}
		}
	}
}

static int kern_compute(const struct font_metrics *fm, unsigned g1, unsigned g2)
{
	struct gsrc s = { fm->data, fm->len };
	unsigned i;
	int adv = 0;

	for (i = 0; i < fm->nkern; i++) {
		if (pairpos(&s, fm->kern_sub[i], g1, g2, &adv))
			break;
	}
	/* in 1/1000 em, rounded */
	return adv >= 0 ? (adv * 1000 + (int)fm->upem / 2) / (int)fm->upem
			: -((-adv * 1000 + (int)fm->upem / 2) / (int)fm->upem);
}

int font_kern(struct pdf_engine *e, int f, uint32_t a, uint32_t b)
{
	struct font_metrics *fm = &e->fm[f];
	struct kern_cache *c = &e->kc[f];
	unsigned g1, g2;
	uint32_t key;
	size_t i;
	int v;

	if (!fm->nkern || a >= 0x10000 || b >= 0x10000 || b == '-' || a == ' ' || b == ' ')
		return 0;
	/* most pairs are ASCII: a direct table */
	if (a < 128 && b < 128) {
		int16_t *t;
		if (!c->ascii) {
			c->ascii = xmalloc(128 * 128 * sizeof(*c->ascii));
			for (i = 0; i < 128 * 128; i++)
				c->ascii[i] = KERN_UNKNOWN;
		}
		t = &c->ascii[a * 128 + b];
		if (*t == KERN_UNKNOWN)
			*t = (int16_t)(fm->gid[a] && fm->gid[b] ? kern_compute(fm, fm->gid[a], fm->gid[b]) : 0);
		return *t;
	}
	g1 = fm->gid[a];
	g2 = fm->gid[b];
	if (!g1 || !g2)
		return 0;
	key = (uint32_t)g1 << 16 | g2;
	if (c->cap && c->n < KERN_CACHE_MAX) {
		for (i = (key * 2654435761u) & (c->cap - 1); c->keys[i]; i = (i + 1) & (c->cap - 1))
			if (c->keys[i] == key)
				return c->vals[i];
	}
	v = kern_compute(fm, g1, g2);
	if (c->n < KERN_CACHE_MAX) {
		if ((c->n + 1) * 2 > c->cap) {
			uint32_t *ok = c->keys;
			int16_t *ov = c->vals;
			size_t oc = c->cap;
			c->cap = oc ? oc * 2 : 4096;
			c->keys = xcalloc(c->cap, sizeof(*c->keys));
			c->vals = xcalloc(c->cap, sizeof(*c->vals));
			for (i = 0; i < oc; i++) {
				size_t j;
				if (!ok[i])
					continue;
				for (j = (ok[i] * 2654435761u) & (c->cap - 1); c->keys[j]; j = (j + 1) & (c->cap - 1))
					;
				c->keys[j] = ok[i];
				c->vals[j] = ov[i];
			}
			free(ok);
			free(ov);
		}
		for (i = (key * 2654435761u) & (c->cap - 1); c->keys[i]; i = (i + 1) & (c->cap - 1))
			;
		c->keys[i] = key;
		c->vals[i] = (int16_t)v;
		c->n++;
	}
	return v;
}

void kern_cache_release(struct kern_cache *c)
{
	free(c->keys);
	free(c->vals);
	free(c->ascii);
	memset(c, 0, sizeof(*c));
}
