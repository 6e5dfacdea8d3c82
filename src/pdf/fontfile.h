/*
 * fontfile.h - TrueType font files, read into memory (the outlines
 * mapped) and validated once per process, then shared read-only by every
 * engine and thread.
 *
 * A file is opened the way data files are (base/file.h: without
 * blocking, regular files only, at most FONT_MAX_BYTES), so that a FIFO
 * or a directory cannot hang a run, and a file truncated or rewritten on
 * disk later cannot crash it: the tables other than the outlines stay as
 * they were read until the process ends, and a change under the mapped
 * outlines fails the documents made from them (font_file_check).
 * Before HarfBuzz, the subsetter or the PDF sees a font, its table
 * directory is checked against the file size (every table inside the
 * file), the tables that TrueType outlines need are present and
 * consistent (head, hhea, maxp, hmtx, loca, glyf and a Unicode cmap),
 * upem is within 16-16384, and GSUB and GPOS claim no more lookup work
 * than their size can hold (fontfile.c). CFF-outline (OpenType 'OTTO')
 * fonts are refused. Hinting tables are optional: subsets drop hinting.
 */
#ifndef CASEBRIEF_PDF_FONTFILE_H
#define CASEBRIEF_PDF_FONTFILE_H

#include <stddef.h>

#include <hb.h>

#include "base/diag.h"
#include "base/file.h"
#include "base/strbuf.h"

#define FONT_MAX_BYTES (64u << 20)

struct font_file {
	char *path;
	unsigned index;         /* face in a collection (.ttc), else 0 */
	unsigned char *data;    /* the file: FONT_ROOM bytes into `buf` */
	size_t len;
	struct file_map mem;    /* the allocation (base/file.h); its first
				 * FONT_ROOM bytes are font_file_subset_face's
				 * table directory */
	hb_face_t *face;        /* immutable */
	unsigned upem, nglyphs;
	int ascent, descent;    /* hhea, 1/1000 em */
	int bbox[4];            /* head, 1/1000 em */
	int cap_height;         /* OS/2 when it says, else 70 % of the ascent */
	int weight;             /* OS/2 usWeightClass, 400 when absent */
	double italic_angle;    /* post */
	int fixed_pitch;        /* post */
	char psname[64];        /* PostScript name, letters, digits, '-' and '_' only */
	hb_face_t *subset_face; /* font_file_subset_face; NULL until then */
	/* What every engine's face of this file starts from (pdf/font.c), worked
	 * out once per file rather than once per engine: */
	uint16_t latin[256];    /* glyph of U+0000-U+00FF, 0 = none */
	float latin_adv[256];   /* their advances, 1/1000 em */
	int32_t space_adv;      /* the space glyph's advance, font units */
	uint32_t invisible;     /* the glyph of U+200B, 0 = none */
};

/*
 * A font from `len` bytes at `data` (xmalloc'd; the font file owns them
 * from now on, and frees them when it is refused), checked as above; not
 * shared or kept. `path` names it in messages. Returns NULL with the
 * reason in `why`. font_file_get uses it; so does the font fuzzer.
 */
struct font_file *font_file_new(unsigned char *data, size_t len, unsigned index, const char *path,
			       struct strbuf *why);
void font_file_free(struct font_file *ff);

/*
 * The face to subset `ff` from: the font seen through a table directory
 * of only the tables a PDF font program keeps (FONT_PROGRAM_TABLES),
 * written in the room before the file's bytes on the first call (no
 * table is copied) and kept with the file. HarfBuzz's subsetter works through
 * every table a face has, even those it is told to drop (the whole cmap,
 * reversed, for each subset); this face has nothing else. Safe from any
 * thread.
 */
#define FONT_PROGRAM_TABLES { "glyf", "loca", "head", "hhea", "hmtx", "maxp", "post", "OS/2", "name" }
/* the directory of FONT_PROGRAM_TABLES (12 + 16 * 9 bytes), rounded up so
 * that the file stays 16-byte aligned */
#define FONT_ROOM 160
hb_face_t *font_file_subset_face(const struct font_file *ff);

/*
 * 0 when the file's outlines, which are mapped from it rather than read
 * (fontfile.c), are still what was read: the file was not cut short or
 * rewritten in place since. -1 with the reason in `why` when it was; a
 * subset made from it cannot be trusted. Safe from any thread.
 */
int font_file_check(const struct font_file *ff, struct strbuf *why);

/*
 * The font at `path` (face `index` of a collection), read and validated
 * on first use and kept until the process ends. Returns NULL after adding
 * a diagnostic at `path` to `d` (when `d` is NULL, nothing is said).
 * Thread-safe.
 */
const struct font_file *font_file_get(const char *path, unsigned index, struct diags *d);

#endif
