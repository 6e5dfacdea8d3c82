/*
 * utf8.c - decoding, encoding and checking UTF-8 (RFC 3629).
 */
#include "base/utf8.h"

#include <string.h>

#include "base/strbuf.h"

size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
	unsigned c, lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (!avail)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	/* The second byte's range rules out overlongs, surrogates and
	 * code points past U+10FFFF (RFC 3629, section 4). */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

uint32_t utf8_decode_multi(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	size_t n = utf8_seq_len(s, (size_t)(end - s)), i;
	uint32_t cp;

	if (n == 0) {
		*p = s + 1;
		return 0xfffd;
	}
	*p = s + n;
	if (n == 1)
		return s[0];
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

void utf8_encode_multi(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	strbuf_add(sb, b, n);
}

/* True when the eight bytes at s are all ASCII. */
static int ascii8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return !(w & 0x8080808080808080ull);
}

size_t utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			while (i + 8 <= len && ascii8(s + i))
				i += 8;
			continue;
		}
		n = utf8_seq_len(s + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

int utf8_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t utf8_bidi_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str, *p = s, *end = s + len;

	/* All of them are three bytes long and start with 0xE2. */
	while ((p = memchr(p, 0xe2, (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
				     (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
			return (size_t)(p - s);
		p++;
	}
	return len;
}

size_t utf8_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}
