/*
 * hash.c - hash_fast (hash.h).
 *
 * The words measured and drawn are short keys looked up again and again:
 * the text is read 8 bytes at a time, the last load overlapping the one
 * before, and a text under 8 bytes as two overlapping halves, so no byte
 * loop runs. The mixing only has to spread keys over a table's low bits;
 * the tables still compare equal keys.
 */
#include "base/hash.h"

#include <string.h>

static uint64_t load64(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

static uint32_t load32(const unsigned char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
}

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

uint64_t hash_fast(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x2545f4914f6cdd1dull ^ n;
	size_t i;

	if (n >= 8) {
		for (i = 0; i + 8 < n; i += 8)
			h = mix(h, load64(s + i));
		h = mix(h, load64(s + n - 8));
	} else if (n >= 4) {
		h = mix(h, (uint64_t)load32(s) << 32 | load32(s + n - 4));
	} else if (n) {
		h = mix(h, (uint64_t)s[0] << 16 | (uint64_t)s[n / 2] << 8 | s[n - 1]);
	}
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}
