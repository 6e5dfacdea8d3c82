/*
 * sfnt.c - the TrueType table directory: 12 bytes of header (the table
 * count at offset 4), then 16-byte records of tag, checksum, offset and
 * length; a collection ('ttcf') starts with the offsets of its faces'
 * directories. Every count is checked against the file size before a
 * record is read, so a count of 65,535 in a file of 248 bytes is refused
 * rather than walked.
 */
#include <string.h>

#include "pdf/sfnt.h"

int sfnt_tag_at(const struct sfnt *s, size_t off, const char *tag)
{
	return s->len >= 4 && off <= s->len - 4 && !memcmp(s->p + off, tag, 4);
}

int sfnt_directory(const struct sfnt *s, unsigned index, size_t *dir, struct strbuf *why)
{
	uint32_t n;

	if (s->len < 12) {
		strbuf_addf(why, "only %zu bytes", s->len);
		return -1;
	}
	if (!sfnt_tag_at(s, 0, "ttcf")) {
		if (index) {
			strbuf_addf(why, "not a collection, so it has no face %u", index);
			return -1;
		}
		*dir = 0;
		return 0;
	}
	n = sfnt_u32(s, 8);
	if (index >= n || 12 + 4 * (uint64_t)n > s->len) {
		strbuf_addf(why, "a collection of %u faces in %zu bytes has no face %u", (unsigned)n, s->len,
			    index);
		return -1;
	}
	*dir = sfnt_u32(s, 12 + 4 * (size_t)index);
	if (*dir > s->len - 12) {
		strbuf_addf(why, "face %u starts outside the file", index);
		return -1;
	}
	return 0;
}

int sfnt_check_directory(const struct sfnt *s, size_t dir, struct strbuf *why)
{
	uint32_t version = sfnt_u32(s, dir);
	unsigned i, n = sfnt_u16(s, dir + 4);

	if (version == 0x4f54544f) { /* 'OTTO' */
		strbuf_adds(why, "PostScript (CFF) outlines; casebrief needs TrueType outlines");
		return -1;
	}
	if (version != 0x00010000 && version != 0x74727565) { /* 1.0, 'true' */
		strbuf_addf(why, "not a TrueType font (version 0x%08X)", (unsigned)version);
		return -1;
	}
	if (!n || dir + 12 + 16 * (uint64_t)n > s->len) {
		strbuf_addf(why, "a table directory of %u tables does not fit in %zu bytes", n, s->len);
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t rec = dir + 12 + 16 * (size_t)i;
		uint64_t off = sfnt_u32(s, rec + 8), len = sfnt_u32(s, rec + 12);
		if (off + len > s->len) {
			char tag[5];
			int k;
			for (k = 0; k < 4; k++)
				tag[k] = s->p[rec + k] >= 0x20 && s->p[rec + k] < 0x7f ? (char)s->p[rec + k] : '?';
			tag[4] = 0;
			strbuf_addf(why, "table '%s' (%llu bytes at %llu) lies outside the file of %zu bytes", tag,
				    (unsigned long long)len, (unsigned long long)off, s->len);
			return -1;
		}
	}
	return 0;
}

size_t sfnt_table(const struct sfnt *s, size_t dir, const char *tag, size_t *len)
{
	unsigned i, n = sfnt_u16(s, dir + 4);

	for (i = 0; i < n; i++) {
		size_t rec = dir + 12 + 16 * (size_t)i, off, l;
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
