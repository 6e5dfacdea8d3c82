/*
 * shapestore.c - the shapes shared by a process's engines (shapestore.h).
 *
 * One table under one lock. An engine comes here only for a text that is
 * new to it (a few thousand per batch of briefs, against hundreds of
 * thousands of words looked up in its own cache), so the lock is seldom
 * taken and hardly ever waited for. The table is bounded; what it keeps
 * lives until the process ends, like the font files it is keyed by.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/arena.h"
#include "pdf/shapestore.h"
#include "base/alloc.h"

#define STORE_MAX 65536 /* texts; the table has twice as many places */

struct stored {
	const struct font_file *ff; /* NULL: a free place */
	int plain;
	uint32_t len, n;
	uint64_t hash;
	int64_t width;
	char *text;
	struct glyph *g;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int on;
static struct stored *v; /* reachable until exit, never freed */
static size_t nstored, cap;
static struct arena mem;

void shape_store_enable(void)
{
	on = 1;
}

int shape_store_on(void)
{
	return on;
}

static uint64_t key_hash(const struct font_file *ff, int plain, uint64_t h)
{
	return h ^ ((uint64_t)(uintptr_t)ff * 0x9e3779b97f4a7c15u) ^ (uint64_t)plain;
}

/* The place of the text, or the free place where it would go (lock held;
 * the table has places). */
static struct stored *place(const struct font_file *ff, int plain, uint64_t h, const char *s, size_t len)
{
	size_t i = (size_t)key_hash(ff, plain, h) & (cap - 1);

	while (v[i].ff && !(v[i].ff == ff && v[i].plain == plain && v[i].hash == h && v[i].len == len &&
			    !memcmp(v[i].text, s, len)))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static void grow(void)
{
	struct stored *old = v;
	size_t i, oldcap = cap;

	cap = cap ? cap * 2 : 4096;
	v = xcalloc(cap, sizeof(*v));
	for (i = 0; i < oldcap; i++)
		if (old[i].ff)
			*place(old[i].ff, old[i].plain, old[i].hash, old[i].text, old[i].len) = old[i];
	free(old);
}

const struct glyph *shape_store_find(const struct font_file *ff, int plain, uint64_t h, const char *s,
				     size_t len, size_t *n, int64_t *width, const char **text)
{
	const struct stored *st;
	const struct glyph *g = NULL;

	if (pthread_mutex_trylock(&lock))
		return NULL;
	if (cap) {
		st = place(ff, plain, h, s, len);
		if (st->ff) {
			g = st->g;
			*n = st->n;
			*width = st->width;
			*text = st->text;
		}
	}
	pthread_mutex_unlock(&lock);
	return g;
}

const struct glyph *shape_store_add(const struct font_file *ff, int plain, uint64_t h, const char *s,
				    size_t len, const struct glyph *g, size_t ng, int64_t width,
				    const char **text)
{
	struct stored *st;
	const struct glyph *kept = NULL;

	if (pthread_mutex_trylock(&lock))
		return NULL;
	if (nstored >= STORE_MAX)
		goto out;
	if ((nstored + 1) * 2 > cap)
		grow();
	st = place(ff, plain, h, s, len);
	if (!st->ff) {
		st->text = arena_alloc(&mem, len + 1); /* zeroed: NUL-terminated */
		memcpy(st->text, s, len);
		st->g = arena_alloc(&mem, (ng ? ng : 1) * sizeof(*g));
		memcpy(st->g, g, ng * sizeof(*g));
		st->ff = ff;
		st->plain = plain;
		st->len = (uint32_t)len;
		st->n = (uint32_t)ng;
		st->hash = h;
		st->width = width;
		nstored++;
	}
	/* the same text shaped by another engine meanwhile: the same glyphs */
	kept = st->g;
	*text = st->text;
out:
	pthread_mutex_unlock(&lock);
	return kept;
}
