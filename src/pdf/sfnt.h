/*
 * sfnt.h - bounded big-endian reads from a TrueType (sfnt) file, and its
 * table directory.
 *
 * Every reader takes the buffer with its length and never reads outside
 * it: a read that would cross the end gives 0. Callers treat 0 as
 * "absent", so a truncated or damaged font yields missing tables and
 * glyphs, not a read out of bounds. Offsets are from the start of the
 * buffer (the whole file, for the font code).
 */
#ifndef CASEBRIEF_PDF_SFNT_H
#define CASEBRIEF_PDF_SFNT_H

#include <stddef.h>
#include <stdint.h>

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
 * The offset of table `tag` (four characters) from the table directory,
 * with its length in *len. Returns 0 when the font has no such table, or
 * when the directory entry points outside the buffer (then *len is left
 * alone).
 */
size_t sfnt_table(const struct sfnt *s, const char *tag, size_t *len);

#endif
