/*
 * utf8.h - the one UTF-8 decoder and encoder.
 *
 * "Valid" means what RFC 3629 allows: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF.
 */
#ifndef CASEBRIEF_BASE_UTF8_H
#define CASEBRIEF_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

/* Length (1-4) of the valid sequence that starts at s, at most `avail`
 * bytes long; 0 when the bytes there are not one. */
size_t utf8_seq_len(const unsigned char *s, size_t avail);

/* The out-of-line parts of utf8_decode and utf8_encode: characters
 * above U+007F. */
uint32_t utf8_decode_multi(const unsigned char **p, const unsigned char *end);
void utf8_encode_multi(struct strbuf *sb, uint32_t cp);

/* Decodes the character at *p (p < end) and advances *p past it. An
 * invalid byte decodes as U+FFFD and advances by one byte. Inline for
 * ASCII, which is most of the text the typesetter walks byte by byte. */
static inline uint32_t utf8_decode(const unsigned char **p, const unsigned char *end)
{
	if (**p < 0x80)
		return *(*p)++;
	return utf8_decode_multi(p, end);
}

/* Appends the UTF-8 form of cp (cp <= U+10FFFF). */
static inline void utf8_encode(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80)
		strbuf_addc(sb, (int)cp);
	else
		utf8_encode_multi(sb, cp);
}

/* Offset of the first byte of s[0..len) that does not start a valid
 * sequence, or len when all of it is valid. Runs of ASCII are fast. */
size_t utf8_invalid_at(const char *s, size_t len);

/*
 * The explicit bidirectional formatting characters (embeddings, overrides
 * and isolates: U+202A-U+202E, U+2066-U+2069), which can make text display
 * in an order other than the one it is stored in ("Trojan Source").
 * utf8_bidi_at gives the offset of the first one in s[0..len), or len.
 */
int utf8_is_bidi_control(uint32_t cp);
size_t utf8_bidi_at(const char *s, size_t len);

/* Number of characters in the NUL-terminated valid UTF-8 string s. */
size_t utf8_count(const char *s);

#endif
