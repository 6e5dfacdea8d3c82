/*
 * sha256.h - SHA-256 (FIPS 180-4), for digests that name a version of
 * some bytes: the data files a brief was made from. Not for secrets: no
 * care is taken against timing or for wiping memory.
 */
#ifndef CASEBRIEF_SHA256_H
#define CASEBRIEF_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;          /* message length so far */
	unsigned char buf[64];   /* a partial block */
	size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t len);
/* Finishes the digest into `out`; `s` must be initialised again for reuse. */
void sha256_finish(struct sha256 *s, unsigned char out[SHA256_BYTES]);
/* The first `nhex` hex digits (at most 64) of a digest, NUL-terminated,
 * into `hex` (room for nhex + 1 bytes). */
void sha256_hex(const unsigned char digest[SHA256_BYTES], size_t nhex, char *hex);

#endif
