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

#include "pdf/engine.h"
#include "pdf/sfnt.h"
#include "base/alloc.h"
#include "base/strbuf.h"

/* The output tables, in the order of their tags (as a directory wants). */
enum { T_OS2, T_CMAP, T_CVT, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_NAME, T_POST, T_PREP,
       NTAGS };
static const char *const out_tags[NTAGS] = {
	"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name",
	"post", "prep"
};

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

/* One subset being made. */
struct subset {
	struct sfnt s;          /* the source font */
	size_t off[NTAGS], len[NTAGS]; /* its tables */
	int long_loca;
	unsigned nh;            /* hhea.numberOfHMetrics */
	struct glyphs g;
	struct strbuf tb[NTAGS]; /* the output tables */
};

static void add_glyph(struct glyphs *g, unsigned old)
{
	if (old >= g->nold || g->map[old] >= 0)
		return;
	g->map[old] = (int32_t)g->n;
	g->old[g->n++] = (uint16_t)old;
}

/* Byte range of an original glyph. */
static int glyph_range(const struct subset *ss, unsigned gid, size_t *off, size_t *len)
{
	const struct sfnt *s = &ss->s;
	size_t loca = ss->off[T_LOCA];
	uint32_t a, b;

	if (ss->long_loca) {
		a = sfnt_u32(s, loca + 4 * (size_t)gid);
		b = sfnt_u32(s, loca + 4 * (size_t)gid + 4);
	} else {
		a = 2 * sfnt_u16(s, loca + 2 * (size_t)gid);
		b = 2 * sfnt_u16(s, loca + 2 * (size_t)gid + 2);
	}
	if (b < a || b > ss->len[T_GLYF])
		return -1;
	*off = ss->off[T_GLYF] + a;
	*len = b - a;
	return 0;
}

/* The record after the component at `at` of a composite glyph ending at `end`. */
static size_t next_component(const struct sfnt *s, size_t at, size_t end, unsigned *flags)
{
	size_t q = at + 4;
	*flags = sfnt_u16(s, at);
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

/* Finds every table the output copies or rebuilds. */
static int find_tables(struct subset *ss)
{
	unsigned i;

	for (i = 0; i < NTAGS; i++) {
		ss->off[i] = sfnt_table(&ss->s, out_tags[i], &ss->len[i]);
		if (!ss->off[i])
			return -1;
	}
	ss->long_loca = sfnt_u16(&ss->s, ss->off[T_HEAD] + 50) != 0;
	ss->nh = sfnt_u16(&ss->s, ss->off[T_HHEA] + 34);
	return 0;
}

/* Glyph 0, the glyphs of the used code points, then the components of
 * composites, at any depth: the list grows while it is walked. */
static void collect_glyphs(struct subset *ss, const struct font_metrics *fm, const uint8_t *used)
{
	struct glyphs *g = &ss->g;
	unsigned cp, k;

	add_glyph(g, 0);
	for (cp = 0; cp < 0x10000; cp++) {
		if ((used[cp >> 3] >> (cp & 7) & 1) && fm->gid[cp])
			add_glyph(g, fm->gid[cp]);
	}
	for (k = 0; k < g->n; k++) {
		size_t go, gl, q, end;
		unsigned flags;
		if (glyph_range(ss, g->old[k], &go, &gl) < 0 || gl < 10)
			continue;
		if (sfnt_s16(&ss->s, go) >= 0)
			continue;
		end = go + gl;
		for (q = go + 10; q + 4 <= end;) {
			add_glyph(g, sfnt_u16(&ss->s, q + 2));
			q = next_component(&ss->s, q, end, &flags);
			if (!(flags & 0x20))
				break;
		}
	}
}

/* The glyphs in their new order, composites pointing at the new ids, and
 * a long loca over them. */
static void write_glyf_loca(struct subset *ss)
{
	const struct glyphs *g = &ss->g;
	struct strbuf *gb = &ss->tb[T_GLYF], *lb = &ss->tb[T_LOCA];
	unsigned k;

	for (k = 0; k < g->n; k++) {
		size_t go, gl, base = gb->len;
		p32(lb, (uint32_t)gb->len);
		if (glyph_range(ss, g->old[k], &go, &gl) < 0)
			continue;
		strbuf_add(gb, ss->s.p + go, gl);
		if (gl >= 10 && sfnt_s16(&ss->s, go) < 0) {
			size_t q, end = go + gl;
			unsigned flags;
			for (q = go + 10; q + 4 <= end;) {
				unsigned old = sfnt_u16(&ss->s, q + 2);
				set16(gb, base + (q - go) + 2,
				      old < g->nold && g->map[old] >= 0 ? (unsigned)g->map[old] : 0);
				q = next_component(&ss->s, q, end, &flags);
				if (!(flags & 0x20))
					break;
			}
		}
		pad4(gb);
	}
	p32(lb, (uint32_t)gb->len);
}

/* hmtx: every glyph long. */
static void write_hmtx(struct subset *ss)
{
	size_t hmtx = ss->off[T_HMTX];
	unsigned k, nh = ss->nh;

	for (k = 0; k < ss->g.n; k++) {
		unsigned old = ss->g.old[k];
		unsigned adv = sfnt_u16(&ss->s, hmtx + 4 * (size_t)(old < nh ? old : nh - 1));
		unsigned lsb = old < nh ? sfnt_u16(&ss->s, hmtx + 4 * (size_t)old + 2)
					: sfnt_u16(&ss->s, hmtx + 4 * (size_t)nh + 2 * (size_t)(old - nh));
		p16(&ss->tb[T_HMTX], adv);
		p16(&ss->tb[T_HMTX], lsb);
	}
}

static void copy_table(struct subset *ss, int t, size_t max)
{
	strbuf_add(&ss->tb[t], ss->s.p + ss->off[t], ss->len[t] < max ? ss->len[t] : max);
}

/* The tables copied, with their counts and formats adjusted. */
static void copy_tables(struct subset *ss)
{
	struct strbuf *tb = ss->tb;

	copy_table(ss, T_OS2, SIZE_MAX);
	copy_table(ss, T_CVT, SIZE_MAX);
	copy_table(ss, T_FPGM, SIZE_MAX);
	copy_table(ss, T_HEAD, SIZE_MAX);
	if (tb[T_HEAD].len >= 54) {
		memset(tb[T_HEAD].buf + 8, 0, 4);  /* checkSumAdjustment */
		set16(&tb[T_HEAD], 50, 1);         /* long loca */
	}
	copy_table(ss, T_HHEA, SIZE_MAX);
	if (tb[T_HHEA].len >= 36)
		set16(&tb[T_HHEA], 34, ss->g.n);
	copy_table(ss, T_MAXP, SIZE_MAX);
	if (tb[T_MAXP].len >= 6)
		set16(&tb[T_MAXP], 4, ss->g.n);
	copy_table(ss, T_NAME, SIZE_MAX);
	/* post format 3: the header alone, without glyph names */
	copy_table(ss, T_POST, 32);
	if (tb[T_POST].len == 32) {
		set16(&tb[T_POST], 0, 3);
		set16(&tb[T_POST], 2, 0);
	}
	copy_table(ss, T_PREP, SIZE_MAX);
}

/* The file: directory, then the tables on 4-byte boundaries. */
static void write_font(struct subset *ss, struct strbuf *out)
{
	unsigned sr, es, i;
	size_t at = 12 + 16 * NTAGS;

	for (sr = 1, es = 0; sr * 2 <= NTAGS; sr *= 2, es++)
		;
	p32(out, 0x00010000);
	p16(out, NTAGS);
	p16(out, sr * 16);
	p16(out, es);
	p16(out, NTAGS * 16 - sr * 16);
	for (i = 0; i < NTAGS; i++) {
		struct sfnt t;
		uint32_t sum = 0;
		size_t j;
		pad4(&ss->tb[i]);
		t.p = (const unsigned char *)ss->tb[i].buf;
		t.len = ss->tb[i].len;
		for (j = 0; j + 4 <= t.len; j += 4)
			sum += sfnt_u32(&t, j);
		strbuf_add(out, out_tags[i], 4);
		p32(out, sum);
		p32(out, (uint32_t)at);
		p32(out, (uint32_t)t.len);
		at += t.len;
	}
	for (i = 0; i < NTAGS; i++)
		strbuf_add(out, ss->tb[i].buf, ss->tb[i].len);
}

int font_subset(const struct font_metrics *fm, const uint8_t *used, struct strbuf *out)
{
	struct subset ss;
	unsigned i;
	int ret = -1;

	memset(&ss, 0, sizeof(ss));
	ss.s.p = fm->data;
	ss.s.len = fm->len;
	for (i = 0; i < NTAGS; i++)
		strbuf_init(&ss.tb[i], 0);
	if (find_tables(&ss) < 0)
		goto out;
	ss.g.nold = fm->nglyphs;
	ss.g.map = xmalloc(ss.g.nold * sizeof(*ss.g.map));
	ss.g.old = xmalloc(ss.g.nold * sizeof(*ss.g.old));
	memset(ss.g.map, 0xff, ss.g.nold * sizeof(*ss.g.map));
	if (!ss.nh || ss.nh > ss.g.nold)
		goto out;
	collect_glyphs(&ss, fm, used);
	write_glyf_loca(&ss);
	write_hmtx(&ss);
	/* cmap: format 4, a few segments over clusters of used code points
	 * with a glyph array (libharu scans the segments linearly for each of
	 * the 65,536 code points when it loads the font: few segments is fast) */
	if (build_cmap(fm, used, ss.g.map, 64, &ss.tb[T_CMAP]) < 0 &&
	    build_cmap(fm, used, ss.g.map, 0, &ss.tb[T_CMAP]) < 0)
		goto out;
	copy_tables(&ss);
	write_font(&ss, out);
	ret = 0;
out:
	free(ss.g.map);
	free(ss.g.old);
	for (i = 0; i < NTAGS; i++)
		strbuf_release(&ss.tb[i]);
	return ret;
}
