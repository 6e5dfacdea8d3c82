/*
 * embed.c - the document's fonts, written through libharu's object layer
 * rather than its font loader.
 *
 * Each face the pages draw with becomes one composite font: a Type0 font
 * with Identity-H encoding, whose character codes are the face's own
 * glyph ids (two bytes, as the text is shaped); a CIDFontType2 descendant
 * with /W widths for the glyphs drawn and a CIDToGIDMap into the subset;
 * a FontDescriptor with the subset as its FontFile2 (HarfBuzz's
 * subsetter, hinting dropped, layout tables dropped: the PDF needs
 * outlines and metrics only); and a ToUnicode CMap that maps each glyph
 * to the characters of its cluster, so that a ligature is copied as the
 * letters it stands for. Faces of one file share one font.
 *
 * Why not HPDF_LoadTTFontFromFile: libharu builds a 65,536-entry code map
 * for every face it loads (a third of the time of a short brief), writes
 * post, hmtx, loca and /W whole, cannot carry code points above U+FFFF
 * and has no idea of glyphs, so ligatures and marks could not be drawn.
 *
 * Fonts are created on a page's first use of the face and filled in by
 * embed_finish once every page is drawn, when the glyphs are known.
 * Everything is deterministic: fonts are numbered in the order the
 * document first uses them and the subset tag is a hash of the glyphs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "pdf/fontfile.h"
#include "pdf/pdfint.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define TOUNICODE_MAX_CHARS 16

struct doc_font *embed_font(struct doc *d, int f)
{
	const struct font_file *ff = d->e->face[f].file;
	struct doc_font *df;
	int i;

	if (d->face_font[f])
		return d->face_font[f];
	for (i = 0; i < d->nfonts; i++) {
		if (d->fonts[i].file == ff)
			return d->face_font[f] = &d->fonts[i];
	}
	df = &d->fonts[d->nfonts];
	memset(df, 0, sizeof(*df));
	df->file = ff;
	df->num = ++d->nfonts;
	df->used = xcalloc((ff->nglyphs + 7) / 8, 1);
	df->tu = xcalloc(ff->nglyphs, sizeof(*df->tu));
	df->dict = HPDF_Dict_New(d->pdf->mmgr);
	if (!df->dict || HPDF_Xref_Add(d->pdf->xref, df->dict) != HPDF_OK)
		return NULL;
	return d->face_font[f] = df;
}

int embed_on_page(struct doc *d, HPDF_Page pg, struct doc_font *df)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
	char name[16];

	if (d->page_fonts_of != pg) {
		d->page_fonts_of = pg;
		d->page_fonts = 0;
	}
	if (d->page_fonts >> df->num & 1)
		return 0;
	if (!attr->fonts) {
		HPDF_Dict res = HPDF_Dict_GetItem(pg, "Resources", HPDF_OCLASS_DICT);
		attr->fonts = HPDF_Dict_New(pg->mmgr);
		if (!res || !attr->fonts || HPDF_Dict_Add(res, "Font", attr->fonts) != HPDF_OK)
			return -1;
	}
	snprintf(name, sizeof(name), "F%d", df->num);
	if (HPDF_Dict_Add(attr->fonts, name, df->dict) != HPDF_OK)
		return -1;
	d->page_fonts |= 1ull << df->num;
	return 0;
}

/* The characters of the cluster starting at `at`: up to the next cluster
 * start among the glyphs, or the end of the text. */
static size_t cluster_end(const struct shaping *sh, size_t len, uint32_t at)
{
	size_t i, end = len;

	for (i = 0; i < sh->n; i++)
		if (sh->g[i].cluster > at && sh->g[i].cluster < end)
			end = sh->g[i].cluster;
	return end;
}

void embed_glyphs(struct doc *d, struct doc_font *df, const struct shaping *sh, const char *s, size_t len)
{
	size_t i;
	uint32_t prev = UINT32_MAX;

	for (i = 0; i < sh->n; i++) {
		const struct glyph *g = &sh->g[i];
		size_t end;
		if (g->gid >= df->file->nglyphs)
			continue;
		df->used[g->gid >> 3] |= (uint8_t)(1u << (g->gid & 7));
		/* a cluster's text goes with its first glyph only, whether that
		 * glyph has its text from here or from an earlier word: so a word
		 * recorded twice (uncached, on a helper) maps as one recorded once */
		if (g->cluster == prev || g->cluster >= len)
			continue;
		prev = g->cluster;
		if (df->tu[g->gid])
			continue;
		/* ascending clusters (left to right): the next glyph's cluster
		 * ends this one; otherwise look through them all */
		if (i + 1 < sh->n && sh->g[i + 1].cluster > g->cluster)
			end = sh->g[i + 1].cluster;
		else if (i + 1 == sh->n && (i == 0 || sh->g[i - 1].cluster <= g->cluster))
			end = len;
		else
			end = cluster_end(sh, len, g->cluster);
		df->tu[g->gid] = (uint32_t)d->tutext.len + 1;
		strbuf_add(&d->tutext, s + g->cluster, end - g->cluster);
		strbuf_addc(&d->tutext, 0);
	}
}

/* ---- filling in a font ------------------------------------------------- */

static void put_utf16(struct strbuf *b, const char *s)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	int n = 0;

	while (q < e && n++ < TOUNICODE_MAX_CHARS) {
		uint32_t cp = utf8_decode(&q, e);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			strbuf_addf(b, "%04X%04X", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
		} else {
			strbuf_addf(b, "%04X", (unsigned)cp);
		}
	}
}

static HPDF_Dict new_stream(struct doc *d, const void *data, size_t len)
{
	HPDF_Dict s = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref);

	if (!s)
		return NULL;
	s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (len && HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	return s;
}

/* A CMapType 2 map from each glyph drawn to its characters, 100 to a block. */
static HPDF_Dict tounicode(struct doc *d, const struct doc_font *df, const uint32_t *gids, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k = 0, mapped = 0;
	HPDF_Dict s;

	for (i = 0; i < n; i++)
		mapped += df->tu[gids[i]] != 0;
	strbuf_adds(&sb, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
			 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
			 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
			 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (i = 0; i < n; i++) {
		uint32_t t = df->tu[gids[i]];
		if (!t)
			continue;
		if (k % 100 == 0)
			strbuf_addf(&sb, "%zu beginbfchar\n", mapped - k < 100 ? mapped - k : 100);
		strbuf_addf(&sb, "<%04X> <", (unsigned)gids[i]);
		put_utf16(&sb, d->tutext.buf + t - 1);
		strbuf_adds(&sb, ">\n");
		if (++k % 100 == 0 || k == mapped)
			strbuf_adds(&sb, "endbfchar\n");
	}
	strbuf_adds(&sb, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	s = new_stream(d, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

/* /W: runs of consecutive glyph ids with their advances in 1/1000 em. */
static HPDF_Array widths(struct doc *d, const struct font_file *ff, const uint32_t *gids, size_t n)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Array w = HPDF_Array_New(mm), run = NULL;
	hb_font_t *font = hb_font_create(ff->face);
	size_t i;

	hb_font_set_scale(font, (int)ff->upem, (int)ff->upem);
	for (i = 0; w && i < n; i++) {
		double adv = hb_font_get_glyph_h_advance(font, gids[i]) * 1000.0 / ff->upem;
		if (!run || gids[i] != gids[i - 1] + 1) {
			HPDF_Array_AddNumber(w, (HPDF_INT32)gids[i]);
			run = HPDF_Array_New(mm);
			if (!run || HPDF_Array_Add(w, run) != HPDF_OK)
				break;
		}
		HPDF_Array_AddReal(run, (HPDF_REAL)adv);
	}
	hb_font_destroy(font);
	return w;
}

/* Six capital letters from the glyph set and the name: the same subset
 * gets the same tag. */
static void subset_tag(const struct font_file *ff, const uint32_t *gids, size_t n, char tag[7])
{
	uint64_t h = hash_fnv(HASH_FNV_INIT, ff->psname, strlen(ff->psname));
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		h = hash_fnv_step(h, gids[i]);
	for (k = 0; k < 6; k++) {
		tag[k] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = 0;
}

/*
 * The subset of the glyphs drawn, and the map from their ids to the
 * subset's (2 bytes per id up to the highest drawn, as CIDToGIDMap
 * wants). Returns the subset's bytes (hb_blob_destroy them), or NULL.
 * The face subset holds the font program's tables and nothing else
 * (font_file_subset_face), so nothing needs dropping.
 */
static hb_blob_t *make_subset(const struct font_file *ff, const uint32_t *gids, size_t n, struct strbuf *map)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_subset_plan_t *plan = NULL;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;
	const hb_map_t *o2n;
	size_t i;

	if (!in)
		return NULL;
	for (i = 0; i < n; i++)
		hb_set_add(hb_subset_input_glyph_set(in), gids[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	plan = hb_subset_plan_create_or_fail(font_file_subset_face(ff), in);
	if (plan)
		sub = hb_subset_plan_execute_or_fail(plan);
	if (sub) {
		o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
		strbuf_reset(map);
		for (i = 0; i <= (n ? gids[n - 1] : 0); i++) {
			hb_codepoint_t g = hb_map_get(o2n, (hb_codepoint_t)i);
			if (g == HB_MAP_VALUE_INVALID)
				g = 0;
			strbuf_addc(map, (int)(g >> 8 & 0xff));
			strbuf_addc(map, (int)(g & 0xff));
		}
		blob = hb_face_reference_blob(sub);
		if (!hb_blob_get_length(blob)) {
			hb_blob_destroy(blob);
			blob = NULL;
		}
	}
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	return blob;
}

static HPDF_Dict descriptor(struct doc *d, const struct font_file *ff, const char *name, HPDF_Dict file)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict fd = HPDF_Dict_New(mm);
	HPDF_Array bbox;
	int i, flags = 32 | (ff->fixed_pitch ? 1 : 0) | (ff->italic_angle != 0 ? 64 : 0);

	if (!fd || HPDF_Xref_Add(d->pdf->xref, fd) != HPDF_OK)
		return NULL;
	bbox = HPDF_Array_New(mm);
	if (!bbox || HPDF_Dict_Add(fd, "FontBBox", bbox) != HPDF_OK)
		return NULL;
	for (i = 0; i < 4; i++)
		HPDF_Array_AddNumber(bbox, ff->bbox[i]);
	HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
	HPDF_Dict_AddName(fd, "FontName", name);
	HPDF_Dict_AddNumber(fd, "Flags", flags);
	HPDF_Dict_AddReal(fd, "ItalicAngle", (HPDF_REAL)ff->italic_angle);
	HPDF_Dict_AddNumber(fd, "Ascent", ff->ascent);
	HPDF_Dict_AddNumber(fd, "Descent", ff->descent);
	HPDF_Dict_AddNumber(fd, "CapHeight", ff->cap_height);
	HPDF_Dict_AddNumber(fd, "StemV", ff->weight >= 600 ? 120 : 80);
	HPDF_Dict_Add(fd, "FontFile2", file);
	return fd;
}

/* The glyph ids font df drew, ascending. */
static uint32_t *used_gids(const struct doc_font *df, size_t *n)
{
	uint32_t *v = xmalloc(((size_t)df->file->nglyphs + 1) * sizeof(*v)), g;

	*n = 0;
	v[(*n)++] = 0; /* .notdef: every subset has it */
	for (g = 1; g < df->file->nglyphs; g++)
		if (df->used[g >> 3] >> (g & 7) & 1)
			v[(*n)++] = g;
	return v;
}

/* The CIDFontType2 descendant; every object is put in its parent as soon
 * as it is made, so that libharu frees it with the document. */
static HPDF_Dict descendant(struct doc *d, const struct font_file *ff, const char *name, HPDF_Dict fd,
			    const uint32_t *gids, size_t n, const struct strbuf *map)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict cid = HPDF_Dict_New(mm), info, cmap;
	HPDF_Array w;

	if (!cid || HPDF_Xref_Add(d->pdf->xref, cid) != HPDF_OK)
		return NULL;
	info = HPDF_Dict_New(mm);
	if (!info || HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK)
		return NULL;
	HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
	HPDF_Dict_AddNumber(info, "Supplement", 0);
	HPDF_Dict_AddName(cid, "Type", "Font");
	HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	HPDF_Dict_AddName(cid, "BaseFont", name);
	HPDF_Dict_Add(cid, "FontDescriptor", fd);
	w = widths(d, ff, gids, n);
	if (!w || HPDF_Dict_Add(cid, "W", w) != HPDF_OK)
		return NULL;
	cmap = new_stream(d, map->buf, map->len);
	if (!cmap || HPDF_Dict_Add(cid, "CIDToGIDMap", cmap) != HPDF_OK)
		return NULL;
	return cid;
}

static int fill_font(struct doc *d, struct doc_font *df)
{
	const struct font_file *ff = df->file;
	struct strbuf map = STRBUF_INIT, name = STRBUF_INIT, why = STRBUF_INIT;
	HPDF_Dict cid = NULL, file = NULL, fd = NULL, tu = NULL;
	HPDF_Array desc;
	hb_blob_t *blob;
	uint32_t *gids;
	size_t n;
	char tag[7];
	int ret = -1;

	gids = used_gids(df, &n);
	blob = make_subset(ff, gids, n, &map);
	if (!blob) {
		error("%s: the font could not be subset", ff->path);
		goto out;
	}
	if (font_file_check(ff, &why) < 0) {
		error("%s: %s", ff->path, why.buf);
		goto out;
	}
	subset_tag(ff, gids, n, tag);
	strbuf_addf(&name, "%s+%s", tag, ff->psname);
	{
		unsigned len;
		const char *p = hb_blob_get_data(blob, &len);
		file = new_stream(d, p, len);
		if (file)
			HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len);
	}
	fd = file ? descriptor(d, ff, name.buf, file) : NULL;
	cid = fd ? descendant(d, ff, name.buf, fd, gids, n, &map) : NULL;
	tu = cid ? tounicode(d, df, gids, n) : NULL;
	if (!tu)
		goto out;
	desc = HPDF_Array_New(d->pdf->mmgr);
	if (!desc || HPDF_Dict_Add(df->dict, "DescendantFonts", desc) != HPDF_OK)
		goto out;
	HPDF_Array_Add(desc, cid);
	HPDF_Dict_AddName(df->dict, "Type", "Font");
	HPDF_Dict_AddName(df->dict, "Subtype", "Type0");
	HPDF_Dict_AddName(df->dict, "BaseFont", name.buf);
	HPDF_Dict_AddName(df->dict, "Encoding", "Identity-H");
	HPDF_Dict_Add(df->dict, "ToUnicode", tu);
	ret = d->hpdf_error ? -1 : 0;
out:
	hb_blob_destroy(blob);
	free(gids);
	strbuf_release(&map);
	strbuf_release(&name);
	strbuf_release(&why);
	return ret;
}

int embed_finish(struct doc *d)
{
	int i;

	for (i = 0; i < d->nfonts; i++)
		if (fill_font(d, &d->fonts[i]) < 0)
			return -1;
	return 0;
}

void embed_release(struct doc *d)
{
	int i;

	for (i = 0; i < d->nfonts; i++) {
		free(d->fonts[i].used);
		free(d->fonts[i].tu);
	}
	d->nfonts = 0;
	strbuf_release(&d->tutext);
}
