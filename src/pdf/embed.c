/*
 * embed.c - the document's faces in libharu: once the pages are known,
 * every code point they will draw is marked per face (text fragments,
 * running headers, outline entries, chart labels), and each face used is
 * loaded as a subset of those code points (subset.c), with all its glyphs
 * marked for embedding (text is written as raw TJ arrays libharu does not
 * see) and two fixes to what libharu 2.3.0 writes: a real ToUnicode map,
 * and a CIDToGIDMap cut after the highest code drawn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/pdfint.h"
#include "base/strbuf.h"
#include "base/utf8.h"

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

HPDF_Font embed_face(struct doc *d, int f)
{
	HPDF_Doc pdf = d->pdf;
	const struct pdf_engine *e = d->e;
	HPDF_Font *loaded = d->hf;
	const uint8_t *used = d->used[f];
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

/* ---- what each face must hold ----------------------------------------- */

static void mark(struct doc *d, int f, uint32_t cp)
{
	if (cp < 0x10000)
		d->used[f][cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

static void mark_text(struct doc *d, int role, const char *s)
{
	const unsigned char *q, *e;

	if (!s)
		return;
	q = (const unsigned char *)s;
	e = q + strlen(s);

	while (q < e) {
		uint32_t out;
		int subst, f = font_resolve(d->e, role, utf8_decode(&q, e), &out, &subst);
		mark(d, f, out);
	}
}

static void mark_chart(struct doc *d, const struct chart *c, int role)
{
	size_t i;
	char ascii[2] = { 0, 0 };

	for (i = 0x20; i < 0x7f; i++) {
		ascii[0] = (char)i;
		mark_text(d, role, ascii);
	}
	mark_text(d, role, "\xe2\x80\xa6\xe2\x88\x92");
	mark_text(d, role, c->title);
	mark_text(d, role, c->x_title);
	mark_text(d, role, c->y_title);
	for (i = 0; i < c->ncategories; i++)
		mark_text(d, role, c->categories[i]);
	for (i = 0; i < c->nseries; i++)
		mark_text(d, role, c->series[i].label);
}

/* Every code point of the text fragments, with the space drawn between words. */
static void mark_frags(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nfrags; i++) {
		const struct frag *fr = &d->frags[i];
		const unsigned char *q = (const unsigned char *)d->pool.buf + fr->off, *e = q + fr->len;
		uint8_t *u = d->used[fr->font];
		while (q < e) {
			if (*q < 0x80) {
				u[*q >> 3] |= (uint8_t)(1u << (*q & 7));
				q++;
			} else {
				mark(d, fr->font, utf8_decode(&q, e));
			}
		}
		mark(d, fr->font, ' ');
	}
}

/* Faces sharing a file share one subset: each gets the union. */
static void share_subsets(struct doc *d)
{
	int f, g;

	for (f = 0; f < FONT__COUNT; f++) {
		for (g = 0; g < FONT__COUNT; g++) {
			size_t k;
			if (g == f || strcmp(d->e->path[f], d->e->path[g]))
				continue;
			for (k = 0; k < sizeof(d->used[0]); k++)
				d->used[f][k] |= d->used[g][k];
		}
	}
}

int embed_used_faces(struct doc *d)
{
	size_t i;
	int f;

	mark_frags(d);
	if (d->m->title)
		mark_text(d, FONT_SANS, d->m->title);
	mark_text(d, FONT_SANS, "Page 0123456789 of\xe2\x80\xa6");
	for (i = 0; i < d->nheads; i++)
		if (d->heads[i].level <= 2)
			mark_text(d, FONT_SANS, d->heads[i].text);
	for (i = 0; i < d->ncharts; i++) {
		mark_chart(d, &d->charts[i].c, FONT_SANS);
		mark_chart(d, &d->charts[i].c, FONT_SANS_BOLD);
	}
	share_subsets(d);
	for (f = 0; f < FONT__COUNT; f++) {
		size_t k;
		for (k = 0; k < sizeof(d->used[0]) && !d->used[f][k]; k++)
			;
		if (k < sizeof(d->used[0]) && !embed_face(d, f))
			return -1;
	}
	return 0;
}
