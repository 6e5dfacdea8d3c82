/*
 * sfnt.c - the TrueType table directory: 12 bytes of header (the table
 * count at offset 4), then 16-byte records of tag, checksum, offset and
 * length. The count and every record are read through the bounded
 * readers, so a count larger than the file stops at its end.
 */
#include <string.h>

#include "pdf/sfnt.h"

int sfnt_tag_at(const struct sfnt *s, size_t off, const char *tag)
{
	return s->len >= 4 && off <= s->len - 4 && !memcmp(s->p + off, tag, 4);
}

size_t sfnt_table(const struct sfnt *s, const char *tag, size_t *len)
{
	unsigned i, n = sfnt_u16(s, 4);

	for (i = 0; i < n; i++) {
		size_t rec = 12 + 16 * (size_t)i, off, l;
		if (rec + 16 > s->len)
			break;
		if (!sfnt_tag_at(s, rec, tag))
			continue;
		off = sfnt_u32(s, rec + 8);
		l = sfnt_u32(s, rec + 12);
		if (off == 0 || off > s->len || l > s->len - off)
			return 0;
		*len = l;
		return off;
	}
	return 0;
}
