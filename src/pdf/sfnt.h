/*
 * sfnt.h - bounded big-endian reads from a TrueType (sfnt) file, and its
 * table directory.
 *
 * Every reader takes the buffer with its length and never reads outside
 * it: a read that would cross the end gives 0. Offsets are from the start
 * of the buffer (the whole file: in a collection too, table offsets count
 * from the start of the file).
 */
#ifndef CASEBRIEF_PDF_SFNT_H
#define CASEBRIEF_PDF_SFNT_H

#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

struct sfnt {
	const unsigned char *p;
	size_t len;
};

/* The unsigned 16-bit value at `off`, or 0 when [off, off + 2) is not inside. */
static inline unsigned sfnt_u16(const struct sfnt *s, size_t off)
{
	if (s->len < 2 || off > s->len - 2)
		return 0;
	return (unsigned)(s->p[off] << 8 | s->p[off + 1]);
}

/* The signed 16-bit value at `off` (FWORD, int16), or 0 when not inside. */
static inline int sfnt_s16(const struct sfnt *s, size_t off)
{
	return (int16_t)sfnt_u16(s, off);
}

/* The unsigned 32-bit value at `off`, or 0 when [off, off + 4) is not inside. */
static inline uint32_t sfnt_u32(const struct sfnt *s, size_t off)
{
	if (s->len < 4 || off > s->len - 4)
		return 0;
	return (uint32_t)s->p[off] << 24 | (uint32_t)s->p[off + 1] << 16 | (uint32_t)s->p[off + 2] << 8 |
	       s->p[off + 3];
}

/* True when the four bytes at `off` are inside and equal `tag`. */
int sfnt_tag_at(const struct sfnt *s, size_t off, const char *tag);

/*
 * Where face `index` of the file has its table directory: 0 for a plain
 * font, the collection's entry for a .ttc. Returns 0 and sets *dir, or
 * -1 with the reason in `why`.
 */
int sfnt_directory(const struct sfnt *s, unsigned index, size_t *dir, struct strbuf *why);

/*
 * Checks the table directory at `dir`: the table count fits in the file,
 * and every table lies inside it. Returns 0, or -1 with the reason in
 * `why`. Every later sfnt_table call on a checked directory is bounded by
 * the count, and its tables by the file.
 */
int sfnt_check_directory(const struct sfnt *s, size_t dir, struct strbuf *why);

/*
 * The offset of table `tag` (four characters) in the directory at `dir`,
 * with its length in *len. Returns 0 when the font has no such table or
 * its entry points outside the buffer (then *len is left alone).
 */
size_t sfnt_table(const struct sfnt *s, size_t dir, const char *tag, size_t *len);

#endif
