/*
 * strbuf.h - the one growable byte string.
 */
#ifndef CASEBRIEF_BASE_STRBUF_H
#define CASEBRIEF_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "base/alloc.h"

/*
 * strbuf: a growable byte string. `buf` is never NULL and always
 * NUL-terminated (it points at a shared empty string until the first
 * addition). strbuf_release frees and re-initialises; strbuf_detach hands
 * the buffer to the caller (who frees it) and re-initialises.
 */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
extern char strbuf_empty_[];
#define STRBUF_INIT { strbuf_empty_, 0, 0 }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) CB_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);

/* Appends `len` bytes (`data` may be NULL when `len` is 0). Inline
 * while they fit; strbuf_add_grow grows the buffer first. */
void strbuf_add_grow(struct strbuf *sb, const void *data, size_t len);
static inline void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (len < sb->alloc - sb->len) {
		memcpy(sb->buf + sb->len, data, len);
		sb->len += len;
		sb->buf[sb->len] = '\0';
	} else if (len) {
		strbuf_add_grow(sb, data, len);
	}
}

/* Appends the string literal `lit` (no strlen at run time). */
#define strbuf_addlit(sb, lit) strbuf_add((sb), (lit), sizeof(lit) - 1)

/* Appends v in decimal. */
void strbuf_addu(struct strbuf *sb, unsigned long long v);

/* Appends one byte. Inline because the PDF writers call it for nearly
 * every byte they write; only a full buffer takes the call. */
void strbuf_addc_grow(struct strbuf *sb, int c);
static inline void strbuf_addc(struct strbuf *sb, int c)
{
	if (sb->len + 1 < sb->alloc) {
		sb->buf[sb->len++] = (char)c;
		sb->buf[sb->len] = '\0';
	} else {
		strbuf_addc_grow(sb, c);
	}
}

#endif
