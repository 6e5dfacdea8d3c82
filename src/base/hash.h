/*
 * hash.h - the program's two string hashes.
 *
 * hash_fnv is 64-bit FNV-1a, byte by byte: stable, so it may reach an
 * output (a font subset's tag is made from it). hash_fast is for tables
 * in memory only: it reads 8 bytes at a time and may change between
 * versions.
 */
#ifndef CASEBRIEF_BASE_HASH_H
#define CASEBRIEF_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV_INIT 1469598103934665603ull

/* One FNV-1a step with the value v (a byte, or any 32-bit value). */
static inline uint64_t hash_fnv_step(uint64_t h, uint32_t v)
{
	return (h ^ v) * 1099511628211ull;
}

/* FNV-1a of p[0..n), continuing from h (HASH_FNV_INIT to start). */
static inline uint64_t hash_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = hash_fnv_step(h, s[i]);
	return h;
}

uint64_t hash_fast(const void *p, size_t n);

#endif
