/*
 * font.c - TrueType metrics read once per engine (cmap and advance widths,
 * so measuring never goes through libharu), glyph coverage with a
 * fallback face, and per-document libharu fonts with a ToUnicode map that
 * poppler accepts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/pdfint.h"
#include "pdf/sfnt.h"
#include "base/alloc.h"
#include "base/strbuf.h"
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
	/* mapped, not read: a document touches a small part of each face */
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

/*
 * libharu 2.3.0 writes an encoding CMap where /ToUnicode belongs. With
 * the UTF-8 encoder and an embedded TrueType face, character codes are
 * BMP code points, so the right map is the identity over U+0000-U+FFFF
 * minus the surrogates: bfrange entries of 256 codes (a range may not
 * cross a change of the high byte), at most 100 per block, for the
 * blocks of 256 the document draws from.
 */
static int hi_used(const uint8_t *used, unsigned hi)
{
	unsigned k;

	if (!used)
		return 1;
	for (k = 0; k < 32; k++)
		if (used[hi * 32 + k])
			return 1;
	return 0;
}

static void tounicode_fix(HPDF_Font font, const uint8_t *used)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Dict cmap = attr->cmap_stream;
	struct strbuf sb = STRBUF_INIT;
	unsigned hi, inblock = 0, left = 0;

	if (!cmap || !cmap->stream)
		return;
	for (hi = 0; hi < 0x100; hi++)
		left += !(hi >= 0xd8 && hi <= 0xdf) && hi_used(used, hi);
	strbuf_adds(&sb, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
			 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
			 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
			 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (hi = 0; hi < 0x100; hi++) {
		if ((hi >= 0xd8 && hi <= 0xdf) || !hi_used(used, hi))
			continue;
		if (!inblock) {
			inblock = left < 100 ? left : 100;
			strbuf_addf(&sb, "%u beginbfrange\n", inblock);
		}
		strbuf_addf(&sb, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		left--;
		if (!--inblock)
			strbuf_adds(&sb, "endbfrange\n");
	}
	strbuf_adds(&sb, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_MemStream_FreeData(cmap->stream);
	HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)sb.buf, (HPDF_UINT)sb.len);
	strbuf_release(&sb);
}

/*
 * libharu reads fonts only from files: the subset goes to an anonymous
 * memory file opened through /proc/self/fd, or, where that is missing, to
 * a temporary file removed once libharu has opened it (libharu keeps it
 * open and reads the glyphs again when it saves). Sets *tmp when `path`
 * names a temporary file to remove.
 */
static int subset_file(const struct strbuf *sb, char *path, size_t pathlen, int *tmp)
{
	int fd = -1;
	size_t done = 0;

	*tmp = 0;
#ifdef __linux__
	fd = (int)syscall(SYS_memfd_create, "casebrief-font", 0);
	if (fd >= 0) {
		snprintf(path, pathlen, "/proc/self/fd/%d", fd);
		if (access(path, R_OK) < 0) {
			close(fd);
			fd = -1;
		}
	}
#endif
	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		snprintf(path, pathlen, "%s/casebrief-fontXXXXXX", dir && *dir ? dir : "/tmp");
		fd = mkstemp(path);
		if (fd < 0)
			return -1;
		*tmp = 1;
	}
	while (done < sb->len) {
		ssize_t n = write(fd, sb->buf + done, sb->len - done);
		if (n <= 0) {
			if (*tmp)
				unlink(path);
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	return fd;
}

static const char *load_subset(HPDF_Doc pdf, const struct pdf_engine *e, int f, const uint8_t *used)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name = NULL;
	char path[256];
	int fd, tmp;

	if (font_subset(&e->fm[f], used, &sb) < 0)
		goto out;
	fd = subset_file(&sb, path, sizeof(path), &tmp);
	if (fd < 0)
		goto out;
	name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
	if (tmp)
		unlink(path);
	close(fd);
out:
	strbuf_release(&sb);
	return name;
}

/*
 * libharu writes a CIDToGIDMap of all 65,536 code points (128 KB before
 * compression per face). Codes above the highest one drawn are never
 * used: cut the map there.
 */
static void cidmap_trim(HPDF_Font font, const uint8_t *used)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Dict map;
	struct strbuf keep = STRBUF_INIT;
	unsigned max = 0, cp, i, n;
	size_t want;

	if (!attr->descendant_font)
		return;
	map = HPDF_Dict_GetItem(attr->descendant_font, "CIDToGIDMap", HPDF_OCLASS_DICT);
	if (!map || !map->stream || map->stream->type != HPDF_STREAM_MEMORY)
		return;
	for (cp = 0; cp < 0x10000; cp++)
		if (used[cp >> 3] >> (cp & 7) & 1)
			max = cp;
	want = 2 * ((size_t)max + 1);
	n = HPDF_MemStream_GetBufCount(map->stream);
	for (i = 0; i < n && keep.len < want; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(map->stream, i, &len);
		if (!p)
			break;
		strbuf_add(&keep, p, len < want - keep.len ? len : want - keep.len);
	}
	if (keep.len == want) {
		HPDF_MemStream_FreeData(map->stream);
		HPDF_Stream_Write(map->stream, (const HPDF_BYTE *)keep.buf, (HPDF_UINT)keep.len);
	}
	strbuf_release(&keep);
}

HPDF_Font font_doc_load(HPDF_Doc pdf, const struct pdf_engine *e, int f, HPDF_Font loaded[FONT__COUNT],
			const uint8_t *used)
{
	const char *name;
	HPDF_Font font;
	int i, subset = 1;

	if (loaded[f])
		return loaded[f];
	for (i = 0; i < FONT__COUNT; i++) {
		if (i != f && loaded[i] && !strcmp(e->path[i], e->path[f]))
			return loaded[f] = loaded[i];
	}
	name = load_subset(pdf, e, f, used);
	if (!name) {
		HPDF_ResetError(pdf);
		subset = 0;
		name = HPDF_LoadTTFontFromFile(pdf, e->path[f], HPDF_TRUE);
	}
	if (!name)
		return NULL;
	font = HPDF_GetFont(pdf, name, "UTF-8");
	if (!font)
		return NULL;
	/*
	 * Text is written as raw TJ arrays, which libharu does not see, so it
	 * would embed no glyph: mark them all (every glyph of a subset is
	 * wanted; the whole font, when no subset could be made, is big but
	 * right).
	 */
	{
		HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
		HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;
		if (ta->glyph_tbl.flgs)
			memset(ta->glyph_tbl.flgs, 1, ta->num_glyphs);
	}
	tounicode_fix(font, used);
	if (subset)
		cidmap_trim(font, used);
	return loaded[f] = font;
}

/* ---- the engine ------------------------------------------------------ */

static void style_copy(struct pdf_style *dst, const struct pdf_style *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < FONT__COUNT; i++)
		dst->fonts[i] = xstrdup(src->fonts[i] ? src->fonts[i] : "");
	dst->lang = xstrdup(src->lang ? src->lang : "en_US");
}

static HyphenDict *hyph_open(const char *lang)
{
	static const char *const dirs[] = { "/usr/share/hyphen", "/usr/local/share/hyphen" };
	struct strbuf sb = STRBUF_INIT;
	HyphenDict *h = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs) && !h; i++) {
		FILE *f;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/hyph_%s.dic", dirs[i], lang);
		f = fopen(sb.buf, "r");
		if (!f)
			continue;
		fclose(f);
		h = hnj_hyphen_load(sb.buf);
	}
	strbuf_release(&sb);
	return h;
}

struct pdf_engine *pdf_engine_new(const char *fonts_dir, const struct pdf_style *st, struct diags *d)
{
	struct pdf_engine *e = xcalloc(1, sizeof(*e));
	int i, bad = 0;

	style_copy(&e->st, st);
	for (i = 0; i < FONT__COUNT; i++) {
		struct strbuf p = STRBUF_INIT;
		if (e->st.fonts[i][0] == '/')
			strbuf_adds(&p, e->st.fonts[i]);
		else
			strbuf_addf(&p, "%s/%s", fonts_dir ? fonts_dir : "fonts", e->st.fonts[i]);
		e->path[i] = strbuf_detach(&p, NULL);
		if (!bad && font_metrics_load(&e->fm[i], e->path[i], d) < 0)
			bad = 1;
	}
	if (bad) {
		pdf_engine_free(e);
		return NULL;
	}
	if (e->st.hyphenate) {
		e->hyph = hyph_open(e->st.lang);
		if (!e->hyph)
			warning("no hyphenation dictionary for '%s'; words will not be hyphenated", e->st.lang);
	}
	return e;
}

void pdf_engine_free(struct pdf_engine *e)
{
	int i;

	if (!e)
		return;
	for (i = 0; i < FONT__COUNT; i++) {
		font_metrics_release(&e->fm[i]);
		kern_cache_release(&e->kc[i]);
		free(e->path[i]);
	}
	if (e->hyph)
		hnj_hyphen_free(e->hyph);
	{
		struct arena a = { e->hc.arena };
		arena_release(&a);
		free(e->hc.v);
	}
	pdf_style_release(&e->st);
	free(e);
}
