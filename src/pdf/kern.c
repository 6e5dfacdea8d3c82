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

#include "pdf/engine.h"
#include "pdf/sfnt.h"
#include "base/alloc.h"

#define KERN_CACHE_MAX (1u << 16)

/* Coverage index of glyph g, or -1. */
static long coverage(const struct sfnt *s, size_t cov, unsigned g)
{
	unsigned fmt = sfnt_u16(s, cov), n = sfnt_u16(s, cov + 2), lo = 0, hi = n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (fmt == 1) {
			unsigned v = sfnt_u16(s, cov + 4 + 2 * (size_t)mid);
			if (v == g)
				return mid;
			if (v < g)
				lo = mid + 1;
			else
				hi = mid;
		} else if (fmt == 2) {
			size_t r = cov + 4 + 6 * (size_t)mid;
			unsigned a = sfnt_u16(s, r), b = sfnt_u16(s, r + 2);
			if (g < a)
				hi = mid;
			else if (g > b)
				lo = mid + 1;
			else
				return (long)sfnt_u16(s, r + 4) + (g - a);
		} else {
			return -1;
		}
	}
	return -1;
}

static unsigned class_of(const struct sfnt *s, size_t cd, unsigned g)
{
	unsigned fmt = sfnt_u16(s, cd);

	if (fmt == 1) {
		unsigned start = sfnt_u16(s, cd + 2), n = sfnt_u16(s, cd + 4);
		return g >= start && g < start + n ? sfnt_u16(s, cd + 6 + 2 * (size_t)(g - start)) : 0;
	}
	if (fmt == 2) {
		unsigned lo = 0, hi = sfnt_u16(s, cd + 2);
		while (lo < hi) {
			unsigned mid = (lo + hi) / 2;
			size_t r = cd + 4 + 6 * (size_t)mid;
			if (g < sfnt_u16(s, r))
				hi = mid;
			else if (g > sfnt_u16(s, r + 2))
				lo = mid + 1;
			else
				return sfnt_u16(s, r + 4);
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
static int x_advance(const struct sfnt *s, size_t vr, unsigned vf)
{
	if (!(vf & 4))
		return 0;
	return sfnt_s16(s, vr + vr_size(vf & 3));
}

/* One PairPos subtable: 1 and *adv set when it applies to the pair. */
static int pairpos(const struct sfnt *s, size_t st, unsigned g1, unsigned g2, int *adv)
{
	unsigned fmt = sfnt_u16(s, st), vf1 = sfnt_u16(s, st + 4), vf2 = sfnt_u16(s, st + 6);
	long ci = coverage(s, st + sfnt_u16(s, st + 2), g1);

	if (ci < 0)
		return 0;
	if (fmt == 1) {
		size_t ps = st + sfnt_u16(s, st + 10 + 2 * (size_t)ci);
		unsigned n = sfnt_u16(s, ps), rec = 2 + vr_size(vf1) + vr_size(vf2), lo = 0, hi = n;
		while (lo < hi) {
			unsigned mid = (lo + hi) / 2;
			size_t r = ps + 2 + (size_t)rec * mid;
			unsigned sg = sfnt_u16(s, r);
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
		unsigned c1 = class_of(s, st + sfnt_u16(s, st + 8), g1);
		unsigned c2 = class_of(s, st + sfnt_u16(s, st + 10), g2);
		unsigned n1 = sfnt_u16(s, st + 12), n2 = sfnt_u16(s, st + 14);
		unsigned rec = vr_size(vf1) + vr_size(vf2);
		if (c1 >= n1 || c2 >= n2)
			return 0;
		*adv = x_advance(s, st + 16 + ((size_t)c1 * n2 + c2) * rec, vf1);
		return 1;
	}
	return 0;
}

/* Records the PairPos subtables of lookup `li` (through Extension
 * lookups too), up to KERN_MAX_SUBTABLES; none from the first one already
 * recorded on (a lookup met again brings nothing new). */
static void add_lookup(struct font_metrics *fm, const struct sfnt *s, size_t ll, unsigned li)
{
	size_t lo = ll + sfnt_u16(s, ll + 2 + 2 * (size_t)li);
	unsigned type = sfnt_u16(s, lo), nsub = sfnt_u16(s, lo + 4), j, dup = 0;

	for (j = 0; j < nsub; j++) {
		size_t st = lo + sfnt_u16(s, lo + 6 + 2 * (size_t)j);
		unsigned t = type, q;
		if (t == 9) {
			t = sfnt_u16(s, st + 2);
			st += sfnt_u32(s, st + 4);
		}
		if (t != 2 || st >= s->len)
			continue;
		for (q = 0; q < fm->nkern; q++)
			dup |= fm->kern_sub[q] == (uint32_t)st;
		if (!dup && fm->nkern < KERN_MAX_SUBTABLES)
			fm->kern_sub[fm->nkern++] = (uint32_t)st;
	}
}

void kern_init(struct font_metrics *fm)
{
	struct sfnt s = { fm->data, fm->len };
	size_t glen, gpos = sfnt_table(&s, "GPOS", &glen), fl, ll;
	unsigned i, fc, k;

	fm->nkern = 0;
	if (!gpos)
		return;
	fl = gpos + sfnt_u16(&s, gpos + 6);
	ll = gpos + sfnt_u16(&s, gpos + 8);
	fc = sfnt_u16(&s, fl);
	for (i = 0; i < fc; i++) {
		size_t fr = fl + 2 + 6 * (size_t)i, fo;
		if (!sfnt_tag_at(&s, fr, "kern"))
			continue;
		fo = fl + sfnt_u16(&s, fr + 4);
		for (k = 0; k < sfnt_u16(&s, fo + 2); k++)
			add_lookup(fm, &s, ll, sfnt_u16(&s, fo + 4 + 2 * (size_t)k));
	}
}

static int kern_compute(const struct font_metrics *fm, unsigned g1, unsigned g2)
{
	struct sfnt s = { fm->data, fm->len };
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
