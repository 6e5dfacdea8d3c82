/*
 * fontfile.c - font files read once per process and checked before
 * anything parses them (fontfile.h).
 *
 * Why read, and map only the outlines: a mapping shows what the file
 * holds now, and HarfBuzz trusts a table once it has checked it, so the
 * tables it checks are read into memory, where no change on disk can
 * reach them. The 'glyf' table, three quarters of a font and mostly
 * never looked at, is mapped (base/filemap.c): its readers check every
 * glyph's bounds as they read it, and font_file_check tells whether the
 * file changed under it, so that the document is refused. Why once per
 * process: every engine (one per thread, one per
 * manifest job with its own style) then shares the bytes, the HarfBuzz
 * face and the tables HarfBuzz has sanitized, so a hostile table costs
 * its sanitizing once. The checks here are the ones HarfBuzz does not
 * make for us and the PDF depends on: the directory and the tables that
 * give metrics and outlines. Everything else in a font is read only by
 * HarfBuzz, which bounds its own reads and its work per table.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

#include "pdf/fontfile.h"
#include "pdf/pdf.h"
#include "pdf/sfnt.h"
#include "base/alloc.h"
#include "base/file.h"

static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct font_file **files;
static size_t nfiles, afiles;

void pdf_font_path(struct strbuf *out, const char *fonts_dir, const char *name)
{
	if (name[0] == '/')
		strbuf_adds(out, name);
	else
		strbuf_addf(out, "%s/%s", fonts_dir ? fonts_dir : "fonts", name);
}

/* A Unicode cmap subtable (Windows BMP or full, or a Unicode platform
 * one) in format 4 or 12 that starts inside the table. */
static int has_unicode_cmap(const struct sfnt *t, size_t cmap, size_t clen)
{
	unsigned i, n = sfnt_u16(t, cmap + 2);

	if (clen < 4 || 4 + 8 * (size_t)n > clen)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned pid = sfnt_u16(t, cmap + 4 + 8 * i), eid = sfnt_u16(t, cmap + 6 + 8 * i);
		uint32_t off = sfnt_u32(t, cmap + 8 + 8 * i);
		unsigned fmt;
		if (!((pid == 3 && (eid == 1 || eid == 10)) || pid == 0) || off + (size_t)4 > clen)
			continue;
		fmt = sfnt_u16(t, cmap + off);
		if (fmt == 4 || fmt == 12)
			return 1;
	}
	return 0;
}

struct tables {
	size_t off, len;
};

/* The tables TrueType outlines need, each long enough for what it must hold. */
static int check_tables(const struct sfnt *t, size_t dir, struct font_file *ff, struct strbuf *why)
{
	static const char *const need[] = { "head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap" };
	static const size_t min[] = { 54, 36, 6, 4, 4, 0, 4 };
	struct tables tb[7];
	unsigned nh, i, loca_fmt;

	for (i = 0; i < 7; i++) {
		tb[i].len = 0;
		tb[i].off = sfnt_table(t, dir, need[i], &tb[i].len);
		if (!tb[i].off || tb[i].len < min[i]) {
			strbuf_addf(why, "%s table '%s'", tb[i].off ? "a too short" : "no", need[i]);
			return -1;
		}
	}
	ff->upem = sfnt_u16(t, tb[0].off + 18);
	if (ff->upem < 16 || ff->upem > 16384) {
		strbuf_addf(why, "%u units per em (TrueType allows 16 to 16384)", ff->upem);
		return -1;
	}
	ff->nglyphs = sfnt_u16(t, tb[2].off + 4);
	nh = sfnt_u16(t, tb[1].off + 34);
	loca_fmt = sfnt_u16(t, tb[0].off + 50);
	if (!ff->nglyphs || !nh || nh > ff->nglyphs) {
		strbuf_addf(why, "%u glyphs with %u horizontal metrics", ff->nglyphs, nh);
		return -1;
	}
	if (tb[3].len < 4 * (size_t)nh + 2 * (size_t)(ff->nglyphs - nh)) {
		strbuf_addf(why, "an 'hmtx' table too short for %u glyphs", ff->nglyphs);
		return -1;
	}
	if (loca_fmt > 1 || tb[4].len < (ff->nglyphs + (size_t)1) * (loca_fmt ? 4 : 2)) {
		strbuf_addf(why, "a 'loca' table that does not index %u glyphs", ff->nglyphs);
		return -1;
	}
	if (!has_unicode_cmap(t, tb[6].off, tb[6].len)) {
		strbuf_adds(why, "no Unicode cmap (format 4 or 12)");
		return -1;
	}
	ff->ascent = sfnt_s16(t, tb[1].off + 4) * 1000 / (int)ff->upem;
	ff->descent = sfnt_s16(t, tb[1].off + 6) * 1000 / (int)ff->upem;
	for (i = 0; i < 4; i++)
		ff->bbox[i] = sfnt_s16(t, tb[0].off + 36 + 2 * i) * 1000 / (int)ff->upem;
	return 0;
}

/*
 * GSUB and GPOS are read by HarfBuzz, whose work per glyph grows with the
 * number of lookup subtables, and whose map of a feature grows with its
 * lookup references. Both counts come from 16-bit counts of offsets that
 * may all point at the same few bytes, so a font of a few hundred
 * kilobytes can claim billions. Real fonts need more than 100 bytes of
 * table per subtable (the shipped ones 114 to 9,700): a table that claims
 * more than one subtable per 16 bytes, more than LAYOUT_MAX_SUBTABLES in
 * all, or more feature lookup references than it has room for (two bytes
 * each) is refused.
 */
#define LAYOUT_MAX_SUBTABLES 2048

static int check_layout(const struct sfnt *t, size_t dir, const char *tag, struct strbuf *why)
{
	size_t len = 0, off = sfnt_table(t, dir, tag, &len), ll, fl;
	uint64_t subs = 0, refs = 0;
	unsigned i, n;

	if (!off || len < 10)
		return 0;
	ll = off + sfnt_u16(t, off + 8);
	fl = off + sfnt_u16(t, off + 6);
	n = sfnt_u16(t, ll);
	for (i = 0; i < n && ll + 2 + 2 * (size_t)i < off + len; i++)
		subs += sfnt_u16(t, ll + sfnt_u16(t, ll + 2 + 2 * (size_t)i) + 4);
	n = sfnt_u16(t, fl);
	for (i = 0; i < n && fl + 2 + 6 * (size_t)i < off + len; i++)
		refs += sfnt_u16(t, fl + sfnt_u16(t, fl + 6 + 6 * (size_t)i) + 2);
	if (subs > LAYOUT_MAX_SUBTABLES || subs > len / 16 + 16) {
		strbuf_addf(why, "a '%s' table of %zu bytes with %llu lookup subtables (at most %d, and one per 16 bytes)",
			    tag, len, (unsigned long long)subs, LAYOUT_MAX_SUBTABLES);
		return -1;
	}
	if (refs > len / 2 + 16) {
		strbuf_addf(why, "a '%s' table of %zu bytes whose features name %llu lookups", tag, len,
			    (unsigned long long)refs);
		return -1;
	}
	return 0;
}

/* What the font descriptor wants beyond the required tables. */
static void read_extras(const struct sfnt *t, size_t dir, struct font_file *ff)
{
	size_t len = 0, os2 = sfnt_table(t, dir, "OS/2", &len), plen = 0, post;

	ff->weight = 400;
	ff->cap_height = ff->ascent * 7 / 10;
	if (os2 && len >= 6 && sfnt_u16(t, os2 + 4))
		ff->weight = (int)sfnt_u16(t, os2 + 4);
	if (os2 && len >= 90 && sfnt_u16(t, os2) >= 2 && sfnt_s16(t, os2 + 88) > 0)
		ff->cap_height = sfnt_s16(t, os2 + 88) * 1000 / (int)ff->upem;
	post = sfnt_table(t, dir, "post", &plen);
	if (post && plen >= 16) {
		ff->italic_angle = (int32_t)sfnt_u32(t, post + 4) / 65536.0;
		if (ff->italic_angle < -90 || ff->italic_angle > 90)
			ff->italic_angle = 0;
		ff->fixed_pitch = sfnt_u32(t, post + 12) != 0;
	}
}

/* The PostScript name, reduced to characters a PDF name can carry as
 * they are; the file's base name when the font has none. */
static void read_psname(struct font_file *ff)
{
	char raw[64];
	unsigned size = sizeof(raw), i, k = 0;
	const char *base;

	raw[0] = 0;
	hb_ot_name_get_utf8(ff->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size, raw);
	base = strrchr(ff->path, '/');
	if (!raw[0])
		snprintf(raw, sizeof(raw), "%s", base ? base + 1 : ff->path);
	for (i = 0; raw[i] && k < 40; i++) {
		char c = raw[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_')
			ff->psname[k++] = c;
		else if (c == '.')
			break;
	}
	if (!k)
		memcpy(ff->psname, "Font", k = 4);
	ff->psname[k] = 0;
}

/* font_file_new over memory that has the room in front already
 * (FONT_ROOM bytes, then the file's `len`), which the font file owns
 * from now on. */
/* The glyphs and advances of U+0000-U+00FF, the space and U+200B, as
 * HarfBuzz gives them at a scale of one font unit, for pdf/font.c's faces. */
static void read_latin(struct font_file *ff)
{
	hb_font_t *font = hb_font_create(ff->face);
	double k = 1000.0 / ff->upem;
	hb_codepoint_t g;
	unsigned c;

	hb_font_set_scale(font, (int)ff->upem, (int)ff->upem);
	for (c = 0; c < 256; c++) {
		g = 0;
		if (hb_font_get_nominal_glyph(font, c, &g) && g < 0x10000)
			ff->latin[c] = (uint16_t)g;
		ff->latin_adv[c] = (float)(hb_font_get_glyph_h_advance(font, ff->latin[c]) * k);
	}
	ff->space_adv = hb_font_get_glyph_h_advance(font, ff->latin[' ']);
	g = 0;
	ff->invisible = hb_font_get_nominal_glyph(font, 0x200b, &g) ? g : 0;
	hb_font_destroy(font);
}

static struct font_file *font_file_over(struct file_map mem, size_t len, unsigned index, const char *path,
					struct strbuf *why)
{
	struct font_file *ff = xcalloc(1, sizeof(*ff));
	struct sfnt t;
	size_t dir = 0;

	ff->mem = mem;
	ff->data = mem.p + FONT_ROOM;
	ff->len = len;
	t.p = ff->data;
	t.len = len;
	if (sfnt_directory(&t, index, &dir, why) < 0 || sfnt_check_directory(&t, dir, why) < 0 ||
	    check_tables(&t, dir, ff, why) < 0 || check_layout(&t, dir, "GSUB", why) < 0 ||
	    check_layout(&t, dir, "GPOS", why) < 0) {
		file_map_free(&ff->mem);
		free(ff);
		return NULL;
	}
	read_extras(&t, dir, ff);
	ff->path = xstrdup(path);
	ff->index = index;
	{
		hb_blob_t *blob = hb_blob_create((const char *)ff->data, (unsigned)ff->len,
						 HB_MEMORY_MODE_READONLY, NULL, NULL);
		ff->face = hb_face_create(blob, index);
		hb_blob_destroy(blob);
		hb_face_make_immutable(ff->face);
	}
	read_latin(ff);
	read_psname(ff);
	return ff;
}

struct font_file *font_file_new(unsigned char *data, size_t len, unsigned index, const char *path,
			       struct strbuf *why)
{
	/* the room in front for font_file_subset_face */
	struct file_map mem = { .p = xrealloc(data, len + FONT_ROOM), .slot = -1 };

	memmove(mem.p + FONT_ROOM, mem.p, len);
	return font_file_over(mem, len, index, path, why);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8 & 0xff);
	p[1] = (unsigned char)(v & 0xff);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* The font program's tables only, in tag order as a table directory
 * wants them, each where it is in the file: the directory is written in
 * the room before the file, so its offsets are the file's plus FONT_ROOM.
 * The checksums are left 0: this face is only read by the subsetter,
 * which computes the subset's own. */
static hb_face_t *program_face(struct font_file *ff)
{
	static const char *const keep[] = FONT_PROGRAM_TABLES;
	struct sfnt t = { ff->data, ff->len };
	struct strbuf why = STRBUF_INIT;
	size_t dir = 0, off[ARRAY_SIZE(keep)], len[ARRAY_SIZE(keep)];
	hb_tag_t tag[ARRAY_SIZE(keep)];
	unsigned char *p = ff->mem.p;
	unsigned n = 0, i, k, sel = 0;
	hb_face_t *face;
	hb_blob_t *blob;

	if (sfnt_directory(&t, ff->index, &dir, &why) < 0)
		dir = 0; /* font_file_new found it before */
	strbuf_release(&why);
	for (i = 0; i < ARRAY_SIZE(keep); i++) {
		hb_tag_t g = hb_tag_from_string(keep[i], 4);
		size_t l = 0, o = sfnt_table(&t, dir, keep[i], &l);
		if (!o || !l)
			continue;
		for (k = n; k > 0 && tag[k - 1] > g; k--) {
			tag[k] = tag[k - 1];
			off[k] = off[k - 1];
			len[k] = len[k - 1];
		}
		tag[k] = g;
		off[k] = o;
		len[k] = l;
		n++;
	}
	while ((2u << sel) <= n)
		sel++;
	memset(p, 0, FONT_ROOM);
	put32(p, 0x00010000);
	put16(p + 4, n);
	put16(p + 6, 16u << sel);       /* searchRange */
	put16(p + 8, sel);              /* entrySelector */
	put16(p + 10, n * 16 - (16u << sel));
	for (i = 0; i < n; i++) {
		put32(p + 12 + 16 * i, tag[i]);
		put32(p + 20 + 16 * i, (uint32_t)(off[i] + FONT_ROOM));
		put32(p + 24 + 16 * i, (uint32_t)len[i]);
	}
	blob = hb_blob_create((const char *)ff->mem.p, (unsigned)(ff->len + FONT_ROOM),
			      HB_MEMORY_MODE_READONLY, NULL, NULL);
	face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	hb_face_make_immutable(face);
	return face;
}

/* A cache, not a change: the file's bytes and its face stay as they were,
 * so the file is const to every caller. */
hb_face_t *font_file_subset_face(const struct font_file *cff)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct font_file *ff = (struct font_file *)cff;
	hb_face_t *f;

	pthread_mutex_lock(&lock);
	if (!ff->subset_face)
		ff->subset_face = program_face(ff);
	f = ff->subset_face;
	pthread_mutex_unlock(&lock);
	return f;
}

void font_file_free(struct font_file *ff)
{
	if (!ff)
		return;
	hb_face_destroy(ff->subset_face);
	hb_face_destroy(ff->face);
	file_map_free(&ff->mem);
	free(ff->path);
	free(ff);
}

/*
 * The span of the file read_file_map maps rather than reads: the 'glyf'
 * table, found in the directory in the file's first bytes. Every glyph
 * is read through 'loca' with its bounds checked against the table as it
 * is read (HarfBuzz's glyf reader and subsetter; nothing else here reads
 * outlines), which is what a span needs (base/file.h). A directory that
 * does not fit in the first bytes maps nothing: the file is then read.
 */
static int glyf_span(const unsigned char *data, size_t head, size_t size, size_t *off, size_t *len, void *arg)
{
	struct sfnt t = { data, head };
	struct strbuf why = STRBUF_INIT;
	size_t dir = 0, rec;
	unsigned i, n;
	int ok = sfnt_directory(&t, *(const unsigned *)arg, &dir, &why) == 0;

	strbuf_release(&why);
	n = ok ? sfnt_u16(&t, dir + 4) : 0;
	for (i = 0; i < n; i++) {
		rec = dir + 12 + 16 * (size_t)i;
		if (rec + 16 > head)
			return 0;
		if (!sfnt_tag_at(&t, rec, "glyf"))
			continue;
		*off = sfnt_u32(&t, rec + 8);
		*len = sfnt_u32(&t, rec + 12);
		return *off <= size && *len <= size - *off;
	}
	return 0;
}

/* Read into a buffer that has the room in front, with the outlines
 * mapped. */
static struct font_file *load(const char *path, unsigned index, struct strbuf *why, int *bad)
{
	struct file_map m;
	size_t len = 0;

	if (read_file_map(path, FONT_MAX_BYTES, FONT_ROOM, glyf_span, &index, &m, &len, why) != READ_OK)
		return NULL;
	*bad = 1;
	return font_file_over(m, len, index, path, why);
}

int font_file_check(const struct font_file *ff, struct strbuf *why)
{
	return file_map_check(&ff->mem, ff->path, why);
}

const struct font_file *font_file_get(const char *path, unsigned index, struct diags *d)
{
	struct strbuf why = STRBUF_INIT;
	struct font_file *ff = NULL;
	size_t i;
	int bad = 0;

	pthread_mutex_lock(&files_lock);
	for (i = 0; i < nfiles && !ff; i++)
		if (files[i]->index == index && !strcmp(files[i]->path, path))
			ff = files[i];
	if (!ff) {
		ff = load(path, index, &why, &bad);
		if (ff) {
			ALLOC_GROW(files, nfiles + 1, afiles);
			files[nfiles++] = ff;
		}
	}
	pthread_mutex_unlock(&files_lock);
	if (!ff && d) {
		struct pos at = { path, 0, 0 };
		diags_error(d, at, bad ? "not a usable TrueType font: %s" : "cannot read the font: %s", why.buf);
	}
	strbuf_release(&why);
	return ff;
}
