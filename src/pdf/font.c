/*
 * font.c - TrueType metrics read once per engine: the Unicode cmap
 * (format 12 preferred, else 4) over the BMP and the advance widths, so
 * that measuring never goes through libharu; and glyph coverage, which
 * routes a character to the fallback face when the face asked for lacks
 * it. The font file is mapped, not read: a document touches a small part
 * of each face.
 */
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdf/engine.h"
#include "pdf/sfnt.h"
#include "base/alloc.h"
#include "base/diag.h"

static void cmap_format4(const struct sfnt *t, size_t sub, struct font_metrics *fm)
{
	unsigned segx2 = sfnt_u16(t, sub + 6), nseg = segx2 / 2, s;
	size_t ends = sub + 14, starts = ends + segx2 + 2, deltas = starts + segx2,
	       ranges = deltas + segx2;

	for (s = 0; s < nseg; s++) {
		unsigned end = sfnt_u16(t, ends + 2 * s), start = sfnt_u16(t, starts + 2 * s);
		unsigned delta = sfnt_u16(t, deltas + 2 * s), ro = sfnt_u16(t, ranges + 2 * s), c;
		if (start > end)
			continue;
		for (c = start; c <= end && c < 0xffff; c++) {
			unsigned g;
			if (ro == 0) {
				g = (c + delta) & 0xffff;
			} else {
				size_t at = ranges + 2 * s + ro + 2 * (c - start);
				g = sfnt_u16(t, at);
				if (g)
					g = (g + delta) & 0xffff;
			}
			fm->gid[c] = g < fm->nglyphs ? (uint16_t)g : 0;
		}
	}
}

static void cmap_format12(const struct sfnt *t, size_t sub, struct font_metrics *fm)
{
	uint32_t n = sfnt_u32(t, sub + 12), i;

	for (i = 0; i < n && sub + 16 + 12 * (size_t)i + 12 <= t->len; i++) {
		size_t g = sub + 16 + 12 * (size_t)i;
		uint32_t start = sfnt_u32(t, g), end = sfnt_u32(t, g + 4), gid = sfnt_u32(t, g + 8), c;
		for (c = start; c <= end && c < 0xffff; c++, gid++)
			fm->gid[c] = gid < fm->nglyphs ? (uint16_t)gid : 0;
	}
}

static int ttf_parse(const struct sfnt *t, struct font_metrics *fm)
{
	size_t hl, head = sfnt_table(t, "head", &hl), hhl, hhea = sfnt_table(t, "hhea", &hhl);
	size_t ml, maxp = sfnt_table(t, "maxp", &ml), xl, hmtx = sfnt_table(t, "hmtx", &xl);
	size_t cl, cmap = sfnt_table(t, "cmap", &cl), best = 0;
	unsigned upem, nh, i, n, best_fmt = 0;

	if (!head || !hhea || !maxp || !hmtx || !cmap)
		return -1;
	upem = sfnt_u16(t, head + 18);
	nh = sfnt_u16(t, hhea + 34);
	fm->nglyphs = sfnt_u16(t, maxp + 4);
	if (!upem || !nh || !fm->nglyphs || nh > fm->nglyphs)
		return -1;
	fm->upem = upem;
	fm->ascent = sfnt_s16(t, hhea + 4) * 1000 / (int)upem;
	fm->descent = sfnt_s16(t, hhea + 6) * 1000 / (int)upem;
	fm->adv = xcalloc(fm->nglyphs, sizeof(*fm->adv));
	for (i = 0; i < fm->nglyphs; i++) {
		unsigned a = sfnt_u16(t, hmtx + 4 * (i < nh ? i : nh - 1));
		fm->adv[i] = (uint16_t)(a * 1000 / upem);
	}
	fm->gid = xcalloc(0x10000, sizeof(*fm->gid));
	n = sfnt_u16(t, cmap + 2);
	for (i = 0; i < n; i++) {
		unsigned pid = sfnt_u16(t, cmap + 4 + 8 * i), eid = sfnt_u16(t, cmap + 6 + 8 * i);
		size_t sub = cmap + sfnt_u32(t, cmap + 8 + 8 * i);
		unsigned fmt = sfnt_u16(t, sub);
		if (!((pid == 3 && (eid == 1 || eid == 10)) || pid == 0))
			continue;
		if ((fmt == 12 && best_fmt != 12) || (fmt == 4 && !best_fmt)) {
			best = sub;
			best_fmt = fmt;
		}
	}
	if (best_fmt == 12)
		cmap_format12(t, best, fm);
	else if (best_fmt == 4)
		cmap_format4(t, best, fm);
	else
		return -1;
	return 0;
}

int font_metrics_load(struct font_metrics *fm, const char *path, struct diags *d)
{
	struct pos at = { path, 0, 0 };
	unsigned char *data;
	struct stat sb;
	size_t len;
	struct sfnt t;
	int ret = 0, fd;

	memset(fm, 0, sizeof(*fm));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_errno("%s: cannot open", path);
	if (fstat(fd, &sb) < 0 || sb.st_size < 12 || sb.st_size > (64 << 20)) {
		close(fd);
		diags_error(d, at, "not a font file of a sensible size");
		return -1;
	}
	len = (size_t)sb.st_size;
	data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return error_errno("%s: cannot map", path);
	fm->data = data;
	fm->len = len;
	t.p = data;
	t.len = len;
	if (ttf_parse(&t, fm) < 0) {
		diags_error(d, at, "not a TrueType font with a Unicode cmap");
		font_metrics_release(fm);
		return -1;
	}
	kern_init(fm);
	return ret;
}

void font_metrics_release(struct font_metrics *fm)
{
	free(fm->gid);
	free(fm->adv);
	if (fm->data)
		munmap(fm->data, fm->len);
	memset(fm, 0, sizeof(*fm));
}

int font_resolve(const struct pdf_engine *e, int f, uint32_t cp, uint32_t *out, int *subst)
{
	*subst = 0;
	if (cp >= 0x10000 || (cp >= 0xd800 && cp <= 0xdfff)) {
		*subst = 1;
		cp = 0xfffd;
	}
	*out = cp;
	if (e->fm[f].gid[cp])
		return f;
	if (e->fm[FONT_FALLBACK].gid[cp])
		return FONT_FALLBACK;
	if (cp == 0xfffd) {
		*out = '?';
		return f;
	}
	*subst = 1;
	*out = e->fm[FONT_FALLBACK].gid[0xfffd] ? 0xfffd : '?';
	return *out == '?' ? f : FONT_FALLBACK;
}
