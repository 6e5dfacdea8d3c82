/*
 * wordcache.h - what add_word (text.c) made of a word: its items and the
 * text they refer to, kept per engine (struct word_cache, engine.h) so
 * that a word met again in the same style is copied rather than decoded,
 * hyphenated, given its break points and shaped once more.
 *
 * The items of a word depend only on its bytes, the engine's fonts and
 * hyphenation, and the style bits the caller packs into the key's tag;
 * link and colour are the same on every item of a word, so the caller
 * sets them after copying. The cache is bounded (WORD_CACHE_BYTES): a
 * word it has no room for is laid out afresh every time, with the same
 * result.
 */
#ifndef CASEBRIEF_PDF_WORDCACHE_H
#define CASEBRIEF_PDF_WORDCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "pdf/engine.h"
#include "pdf/para.h"

struct word_key {
	const char *s;
	size_t len;
	uint32_t tag;           /* face and style bits the items depend on */
	float size;
	uint64_t hash;          /* set by word_key_init */
};

/* A word's items, valid for the engine's life. Boxes' `off` counts from
 * the start of `text`; other items' `off` is as made. */
struct word_entry {
	const struct item *it;
	const char *text;
	uint32_t nit, ntext;
	uint8_t ties_back;      /* word_ties_back (breaks.h) */
	uint8_t ties_forward;   /* the space after the word may not break */
};

void word_key_init(struct word_key *k, const char *s, size_t len, uint32_t tag, float size);
/* The entry of k, or NULL. */
const struct word_entry *word_cache_find(const struct word_cache *c, const struct word_key *k);
/*
 * Keeps items it[0 .. nit) and their text (ntext bytes that began at
 * offset `off0` of the paragraph's text) and the word's ties under k,
 * when there is room and k is short enough; k must not be in the cache.
 */
void word_cache_add(struct word_cache *c, const struct word_key *k, const struct item *it, size_t nit,
		    uint32_t off0, const char *text, size_t ntext, int ties_back, int ties_forward);

#endif
