/*
 * wordcache.c - open addressing on a 64-bit hash of the word and its
 * style; keys, items and text live in the cache's arena. A brief has a
 * few thousand distinct words in a few styles, so almost every word after
 * the first pages is found here.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf/arena.h"
#include "pdf/wordcache.h"
#include "base/alloc.h"
#include "base/hash.h"

#define WORD_KEY_MAX 64
#define WORD_ITEMS_MAX 32
#define WORD_CACHE_BYTES (4u << 20)

struct word_slot {
	const char *key;        /* NULL = free */
	uint32_t len, tag;
	float size;
	uint64_t hash;
	struct word_entry e;
};

void word_key_init(struct word_key *k, const char *s, size_t len, uint32_t tag, float size)
{
	uint64_t h = hash_fast(s, len);
	uint32_t sb;

	memcpy(&sb, &size, sizeof(sb));
	h ^= ((uint64_t)tag << 32 | sb) * 0x9e3779b97f4a7c15ull;
	k->s = s;
	k->len = len;
	k->tag = tag;
	k->size = size;
	k->hash = h ^ (h >> 29);
}

static inline struct word_slot *slot_of(const struct word_cache *c, const struct word_key *k)
{
	size_t i = (size_t)k->hash & (c->cap - 1);

	for (;; i = (i + 1) & (c->cap - 1)) {
		struct word_slot *sl = &c->v[i];
		if (!sl->key || (sl->hash == k->hash && sl->len == k->len && sl->tag == k->tag &&
				 sl->size == k->size && !memcmp(sl->key, k->s, k->len)))
			return sl;
	}
}

const struct word_entry *word_cache_find(const struct word_cache *c, const struct word_key *k)
{
	const struct word_slot *sl;

	if (!c->cap)
		return NULL;
	sl = slot_of(c, k);
	return sl->key ? &sl->e : NULL;
}

static void cache_grow(struct word_cache *c)
{
	struct word_slot *old = c->v;
	size_t i, oldcap = c->cap;

	c->cap = oldcap ? oldcap * 2 : 1024;
	c->v = xcalloc_written(c->cap, sizeof(*c->v));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key) {
			struct word_key k = { old[i].key, old[i].len, old[i].tag, old[i].size, old[i].hash };
			*slot_of(c, &k) = old[i];
		}
	}
	free(old);
}

void word_cache_add(struct word_cache *c, const struct word_key *k, const struct item *it, size_t nit,
		    uint32_t off0, const char *text, size_t ntext, int ties_back, int ties_forward)
{
	struct arena a = { c->arena };
	struct word_slot *sl;
	struct item *cp;
	size_t i, need = k->len + ntext + nit * sizeof(*it) + 2 * sizeof(*sl);

	if (k->len > WORD_KEY_MAX || nit > WORD_ITEMS_MAX || c->bytes + need > WORD_CACHE_BYTES)
		return;
	if ((c->n + 1) * 2 > c->cap)
		cache_grow(c);
	sl = slot_of(c, k);
	cp = arena_alloc(&a, (nit ? nit : 1) * sizeof(*it));
	memcpy(cp, it, nit * sizeof(*it));
	for (i = 0; i < nit; i++)
		if (cp[i].type == IT_BOX)
			cp[i].off -= off0;
	sl->key = arena_alloc(&a, k->len + ntext + 1);
	memcpy((char *)sl->key, k->s, k->len);
	sl->e.text = sl->key;
	if (ntext != k->len || memcmp(text, k->s, ntext)) {
		sl->e.text = sl->key + k->len;
		memcpy((char *)sl->e.text, text, ntext);
	}
	sl->len = (uint32_t)k->len;
	sl->tag = k->tag;
	sl->size = k->size;
	sl->hash = k->hash;
	sl->e.it = cp;
	sl->e.nit = (uint32_t)nit;
	sl->e.ntext = (uint32_t)ntext;
	sl->e.ties_back = (uint8_t)ties_back;
	sl->e.ties_forward = (uint8_t)ties_forward;
	c->arena = a.head;
	c->n++;
	c->bytes += need;
}

void word_cache_release(struct word_cache *c)
{
	struct arena a = { c->arena };

	arena_release(&a);
	free(c->v);
	memset(c, 0, sizeof(*c));
}
