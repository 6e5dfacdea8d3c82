/*
 * strbuf.h - the one growable byte string.
 */
#ifndef CASEBRIEF_BASE_STRBUF_H
#define CASEBRIEF_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

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
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) CB_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);

#endif
