/*
 * subset.c - a TrueType subsetter, so that libharu loads and embeds only
 * the glyphs a document draws.
 *
 * Why: libharu 2.3.0 maps all 65,536 BMP code points through the full
 * cmap when it creates a font (tens of millions of instructions per face)
 * and writes post, hmtx, loca and /W whole (50-90 KB per face). A subset
 * with a small cmap makes both cheap. Glyphs keep their outlines and
 * metrics; composite glyphs bring their components (at any depth), which
 * also avoids libharu's loss of nested components.
 *
 * Output tables: OS/2, cmap (format 4), cvt, fpgm, glyf, head, hhea, hmtx,
 * loca (long), maxp, name, post (format 3), prep: the set libharu requires.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/strbuf.h"

static const char *const out_tags[] = {
	"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name",
	"post", "prep"
};
#define NTAGS 13

struct src {
	const unsigned char *p;
	size_t len;
};

static unsigned g16(const struct src *s, size_t off)
{
	return off + 2 <= s->len ? (unsigned)(s->p[off] << 8 | s->p[off + 1]) : 0;
}

static uint32_t g32(const struct src *s, size_t off)
{
	return off + 4 <= s->len ? (uint32_t)s->p[off] << 24 | (uint32_t)s->p[off + 1] << 16 |
					   (uint32_t)s->p[off + 2] << 8 | s->p[off + 3]
				 : 0;
}

static int find(const struct src *s, const char *tag, size_t *off, size_t *len)
{
	unsigned i, n = g16(s, 4);

	for (i = 0; i < n && 12 + 16 * (size_t)i + 16 <= s->len; i++) {
		size_t rec = 12 + 16 * (size_t)i;
		if (!memcmp(s->p + rec, tag, 4)) {
			*off = g32(s, rec + 8);
			*len = g32(s, rec + 12);
			return *off + *len <= s->len ? 0 : -1;
		}
	}
	return -1;
}

static void p16(struct strbuf *b, unsigned v)
{
	strbuf_addc(b, (int)(v >> 8 & 0xff));
	strbuf_addc(b, (int)(v & 0xff));
}

static void p32(struct strbuf *b, uint32_t v)
{
	p16(b, v >> 16);
	p16(b, v & 0xffff);
}

static void set16(struct strbuf *b, size_t off, unsigned v)
{
	b->buf[off] = (char)(v >> 8 & 0xff);
	b->buf[off + 1] = (char)(v & 0xff);
}

static void pad4(struct strbuf *b)
{
	while (b->len % 4)
		strbuf_addc(b, 0);
}

struct glyphs {
	int32_t *map;           /* old gid -> new gid, -1 */
	uint16_t *old;          /* new gid -> old gid */
	unsigned n, nold;
};

static void add_glyph(struct glyphs *g, unsigned old)
{
	if (old >= g->nold || g->map[old] >= 0)
		return;
	g->map[old] = (int32_t)g->n;
	g->old[g->n++] = (uint16_t)old;
}

/* Byte range of an original glyph. */
static int glyph_range(const struct src *s, size_t loca, int long_loca, size_t glyf, size_t glyf_len,
		       unsigned gid, size_t *off, size_t *len)
{
	uint32_t a, b;

	if (long_loca) {
		a = g32(s, loca + 4 * (size_t)gid);
		b = g32(s, loca + 4 * (size_t)gid + 4);
	} else {
		a = 2 * g16(s, loca + 2 * (size_t)gid);
		b = 2 * g16(s, loca + 2 * (size_t)gid + 2);
	}
	if (b < a || b > glyf_len)
		return -1;
	*off = glyf + a;
	*len = b - a;
	return 0;
}

/* Calls back for each component gid slot (offset of the u16) of a composite. */
static size_t next_component(const struct src *s, size_t at, size_t end, unsigned *flags)
{
	size_t q = at + 4;
	*flags = g16(s, at);
	q += (*flags & 1) ? 4 : 2;
	if (*flags & 8)
		q += 2;
	else if (*flags & 0x40)
		q += 4;
	else if (*flags & 0x80)
		q += 8;
	return q <= end ? q : end;
}

static int has_cp(const struct font_metrics *fm, const uint8_t *used, unsigned cp)
{
	return cp < 0xffff && (used[cp >> 3] >> (cp & 7) & 1) && fm->gid[cp];
}

/* Code points less than `gap` apart share a segment. */
static int build_cmap(const struct font_metrics *fm, const uint8_t *used, const int32_t *map, unsigned gap,
		      struct strbuf *c)
{
	unsigned st[8192], en[8192], nseg = 0, cp, last = 0, sr, es, j, k;
	size_t arr = 0;
	int open = 0;

	for (cp = 0; cp < 0xffff; cp++) {
		if (!has_cp(fm, used, cp))
			continue;
		if (open && cp - last <= gap + 1) {
			en[nseg - 1] = cp;
		} else {
			if (nseg + 1 >= ARRAY_SIZE(st))
				return -1;
			st[nseg] = en[nseg] = cp;
			nseg++;
			open = 1;
		}
		last = cp;
	}
	for (j = 0; j < nseg; j++)
		arr += en[j] - st[j] + 1;
	st[nseg] = en[nseg] = 0xffff;
	nseg++;
	if (16 + 8 * (size_t)nseg + 2 * arr > 0xffff)
		return -1;
	strbuf_reset(c);
	for (sr = 1, es = 0; sr * 2 <= nseg; sr *= 2, es++)
		;
	p16(c, 0);
	p16(c, 1);
	p16(c, 3);
	p16(c, 1);
	p32(c, 12);
	p16(c, 4);
	p16(c, (unsigned)(16 + 8 * nseg + 2 * arr));
	p16(c, 0);
	p16(c, 2 * nseg);
	p16(c, 2 * sr);
	p16(c, es);
	p16(c, 2 * nseg - 2 * sr);
	for (j = 0; j < nseg; j++)
		p16(c, en[j]);
	p16(c, 0);
	for (j = 0; j < nseg; j++)
		p16(c, st[j]);
	for (j = 0; j < nseg; j++)
		p16(c, j + 1 == nseg ? 1 : 0);
	/* idRangeOffset: from this entry to the segment's first array slot */
	for (j = 0, arr = 0; j < nseg; j++) {
		if (j + 1 == nseg) {
			p16(c, 0);
			break;
		}
		p16(c, (unsigned)(2 * (nseg - j) + 2 * arr));
		arr += en[j] - st[j] + 1;
	}
	for (j = 0; j + 1 < nseg; j++)
		for (k = st[j]; k <= en[j]; k++)
			p16(c, has_cp(fm, used, k) ? (unsigned)map[fm->gid[k]] : 0);
	return 0;
}

int font_subset(const unsigned char *data, size_t len, const struct font_metrics *fm, const uint8_t *used,
		struct strbuf *out)
{
	struct src s = { data, len };
	size_t off[NTAGS], tlen[NTAGS], loca = 0, loca_len, glyf = 0, glyf_len = 0;
	struct strbuf tb[NTAGS];
	struct glyphs g;
	unsigned cp, i, k, nh;
	int long_loca, ret = -1;
	size_t dir;

	memset(tb, 0, sizeof(tb));
	for (i = 0; i < NTAGS; i++) {
		strbuf_init(&tb[i], 0);
		if (find(&s, out_tags[i], &off[i], &tlen[i]) < 0)
			goto out_tb;
	}
	if (find(&s, "loca", &loca, &loca_len) < 0 || find(&s, "glyf", &glyf, &glyf_len) < 0)
		goto out_tb;
	long_loca = g16(&s, off[5] + 50) != 0;
	nh = g16(&s, off[6] + 34);
	g.nold = fm->nglyphs;
	g.n = 0;
	g.map = xmalloc(g.nold * sizeof(*g.map));
	g.old = xmalloc(g.nold * sizeof(*g.old));
	memset(g.map, 0xff, g.nold * sizeof(*g.map));
	if (!nh || nh > g.nold)
		goto out;
	add_glyph(&g, 0);
	for (cp = 0; cp < 0x10000; cp++) {
		if ((used[cp >> 3] >> (cp & 7) & 1) && fm->gid[cp])
			add_glyph(&g, fm->gid[cp]);
	}
	/* components, at any depth: the list grows while we walk it */
	for (k = 0; k < g.n; k++) {
		size_t go, gl, q, end;
		unsigned flags;
		if (glyph_range(&s, loca, long_loca, glyf, glyf_len, g.old[k], &go, &gl) < 0 || gl < 10)
			continue;
		if ((int16_t)g16(&s, go) >= 0)
			continue;
		end = go + gl;
		for (q = go + 10; q + 4 <= end;) {
			add_glyph(&g, g16(&s, q + 2));
			q = next_component(&s, q, end, &flags);
			if (!(flags & 0x20))
				break;
		}
	}

	/* glyf and loca */
	{
		struct strbuf *gb = &tb[4], *lb = &tb[8];
		for (k = 0; k < g.n; k++) {
			size_t go, gl, base = gb->len;
			p32(lb, (uint32_t)gb->len);
			if (glyph_range(&s, loca, long_loca, glyf, glyf_len, g.old[k], &go, &gl) < 0)
				continue;
			strbuf_add(gb, data + go, gl);
			if (gl >= 10 && (int16_t)g16(&s, go) < 0) {
				size_t q, end = go + gl;
				unsigned flags;
				for (q = go + 10; q + 4 <= end;) {
					unsigned old = g16(&s, q + 2);
					set16(gb, base + (q - go) + 2,
					      old < g.nold && g.map[old] >= 0 ? (unsigned)g.map[old] : 0);
					q = next_component(&s, q, end, &flags);
					if (!(flags & 0x20))
						break;
				}
			}
			pad4(gb);
		}
		p32(lb, (uint32_t)gb->len);
	}
	/* hmtx: every glyph long */
	for (k = 0; k < g.n; k++) {
		unsigned old = g.old[k];
		unsigned adv = g16(&s, off[7] + 4 * (size_t)(old < nh ? old : nh - 1));
		unsigned lsb = old < nh ? g16(&s, off[7] + 4 * (size_t)old + 2)
					: g16(&s, off[7] + 4 * (size_t)nh + 2 * (size_t)(old - nh));
		p16(&tb[7], adv);
		p16(&tb[7], lsb);
	}
	/* cmap: format 4, a few segments over clusters of used code points
	 * with a glyph array (libharu scans the segments linearly for each of
	 * the 65,536 code points when it loads the font: few segments is fast) */
	if (build_cmap(fm, used, g.map, 64, &tb[1]) < 0 && build_cmap(fm, used, g.map, 0, &tb[1]) < 0)
		goto out;
	/* copied tables, with counts adjusted */
	strbuf_add(&tb[0], data + off[0], tlen[0]);
	strbuf_add(&tb[2], data + off[2], tlen[2]);
	strbuf_add(&tb[3], data + off[3], tlen[3]);
	strbuf_add(&tb[5], data + off[5], tlen[5]);
	if (tb[5].len >= 54) {
		memset(tb[5].buf + 8, 0, 4);  /* checkSumAdjustment */
		set16(&tb[5], 50, 1);         /* long loca */
	}
	strbuf_add(&tb[6], data + off[6], tlen[6]);
	if (tb[6].len >= 36)
		set16(&tb[6], 34, g.n);
	strbuf_add(&tb[9], data + off[9], tlen[9]);
	if (tb[9].len >= 6)
		set16(&tb[9], 4, g.n);
	strbuf_add(&tb[10], data + off[10], tlen[10]);
	strbuf_add(&tb[11], data + off[11], tlen[11] < 32 ? tlen[11] : 32);
	if (tb[11].len == 32) {
		set16(&tb[11], 0, 3);
		set16(&tb[11], 2, 0);
	}
	strbuf_add(&tb[12], data + off[12], tlen[12]);

	/* the file: directory, then tables on 4-byte boundaries */
	{
		unsigned sr, es;
		size_t at = 12 + 16 * NTAGS;
		for (sr = 1, es = 0; sr * 2 <= NTAGS; sr *= 2, es++)
			;
		p32(out, 0x00010000);
		p16(out, NTAGS);
		p16(out, sr * 16);
		p16(out, es);
		p16(out, NTAGS * 16 - sr * 16);
		dir = out->len;
		for (i = 0; i < NTAGS; i++) {
			uint32_t sum = 0;
			size_t j;
			pad4(&tb[i]);
			for (j = 0; j + 4 <= tb[i].len; j += 4)
				sum += (uint32_t)(unsigned char)tb[i].buf[j] << 24 |
				       (uint32_t)(unsigned char)tb[i].buf[j + 1] << 16 |
				       (uint32_t)(unsigned char)tb[i].buf[j + 2] << 8 | (unsigned char)tb[i].buf[j + 3];
			strbuf_add(out, out_tags[i], 4);
			p32(out, sum);
			p32(out, (uint32_t)at);
			p32(out, (uint32_t)tb[i].len);
			at += tb[i].len;
		}
		(void)dir;
		for (i = 0; i < NTAGS; i++)
			strbuf_add(out, tb[i].buf, tb[i].len);
	}
	ret = 0;
out:
	free(g.map);
	free(g.old);
out_tb:
	for (i = 0; i < NTAGS; i++)
		strbuf_release(&tb[i]);
	return ret;
}
