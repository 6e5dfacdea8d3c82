/*
 * shape.c - text to glyphs with HarfBuzz: kerning, the standard
 * ligatures and mark placement come from the font's own GSUB and GPOS
 * tables, as every other program that shapes with HarfBuzz gets them.
 *
 * Measuring and drawing call the same function on the same text, so a
 * word is as wide on the page as the line breaker measured it. Words
 * repeat a great deal (a brief has a few thousand distinct ones), so the
 * shapes of short texts are kept per face for the engine's life, up to
 * SHAPE_CACHE_MAX texts per face; a longer or an uncached text is shaped
 * into the engine's scratch array.
 *
 * Clusters are kept at character level (HarfBuzz's "monotone characters"
 * level): a mark keeps its own cluster unless the font composes it with
 * its base, and a ligature glyph's cluster covers all its characters,
 * which is what the ToUnicode map and the break points need.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf/arena.h"
#include "pdf/engine.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/utf8.h"

#define SHAPE_CACHE_MAX 32768
#define SHAPE_KEY_MAX 256
#define SHAPE_CHUNK 1024

struct shape_slot {
	char *text;             /* in the cache's arena; NULL = free */
	uint32_t len, n;
	uint64_t hash;
	struct glyph *g;
	int64_t width;
	uint32_t mark;
};

static inline struct shape_slot *slot_of(const struct shape_cache *c, uint64_t h, const char *s, size_t len)
{
	size_t i = (size_t)h & (c->cap - 1);

	while (c->v[i].text && !(c->v[i].hash == h && c->v[i].len == len && !memcmp(c->v[i].text, s, len)))
		i = (i + 1) & (c->cap - 1);
	return &c->v[i];
}

static void cache_grow(struct shape_cache *c)
{
	struct shape_slot *old = c->v;
	size_t i, oldcap = c->cap;

	c->cap = oldcap ? oldcap * 2 : 1024;
	c->v = xcalloc_written(c->cap, sizeof(*c->v));
	for (i = 0; i < oldcap; i++)
		if (old[i].text)
			*slot_of(c, old[i].hash, old[i].text, old[i].len) = old[i];
	free(old);
}

void shape_cache_release(struct shape_cache *c)
{
	struct arena a = { c->arena };

	arena_release(&a);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/*
 * Shapes `len` bytes (one chunk) and appends the glyphs to e->scratch
 * from index `n`, their clusters counted from `base`. Returns the new
 * number of glyphs.
 */
static size_t shape_chunk(struct pdf_engine *e, int f, const char *s, size_t len, uint32_t base, size_t n,
			  int64_t *width)
{
	const struct face *fc = &e->face[f];
	hb_buffer_t *b = e->buf;
	hb_glyph_info_t *info;
	hb_glyph_position_t *pos;
	unsigned k, i;

	hb_buffer_clear_contents(b);
	hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	/* invisible characters (U+200B after a hyphen, a joiner) are drawn
	 * as the face's U+200B, or left out, never as the space glyph: a
	 * glyph has one ToUnicode entry, and the space's must stay a space */
	hb_buffer_set_invisible_glyph(b, fc->invisible);
	hb_buffer_set_flags(b, fc->invisible ? HB_BUFFER_FLAG_DEFAULT : HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
	hb_buffer_add_utf8(b, s, (int)len, 0, (int)len);
	hb_buffer_guess_segment_properties(b);
	if (fc->plain)
		hb_shape(fc->hb, b, e->plain_features, ARRAY_SIZE(e->plain_features));
	else
		hb_shape(fc->hb, b, NULL, 0);
	info = hb_buffer_get_glyph_infos(b, &k);
	pos = hb_buffer_get_glyph_positions(b, NULL);
	ALLOC_GROW(e->scratch, n + k + 1, e->ascratch);
	for (i = 0; i < k; i++) {
		struct glyph *g = &e->scratch[n + i];
		g->gid = info[i].codepoint;
		g->cluster = base + info[i].cluster;
		g->adv = pos[i].x_advance;
		g->dx = pos[i].x_offset;
		g->dy = pos[i].y_offset;
		*width += g->adv;
	}
	if (k)
		hb_font_get_glyph_h_advances(fc->hb, k, &e->scratch[n].gid, sizeof(struct glyph),
					     &e->scratch[n].nominal, sizeof(struct glyph));
	return n + k;
}

/*
 * Shapes into e->scratch; returns the number of glyphs. A text longer
 * than SHAPE_CHUNK bytes (only a word far wider than any line is) is
 * shaped in pieces cut between characters: HarfBuzz 6 looks back over
 * the whole run for a mark's base, so a run of 20,000 combining marks in
 * one piece took more than a second.
 */
static size_t shape_raw(struct pdf_engine *e, int f, const char *s, size_t len, int64_t *width)
{
	size_t at = 0, n = 0;

	*width = 0;
	ALLOC_GROW(e->scratch, 1, e->ascratch);
	while (at < len) {
		size_t end = len - at > SHAPE_CHUNK ? at + SHAPE_CHUNK : len;
		while (end < len && ((unsigned char)s[end] & 0xc0) == 0x80)
			end++;
		n = shape_chunk(e, f, s + at, end - at, (uint32_t)at, n, width);
		at = end;
	}
	return n;
}

/* Shapes a text the cache does not hold, and keeps it when it may. */
static void shape_miss(struct pdf_engine *e, int f, const char *s, size_t len, uint64_t h, struct shaping *out)
{
	struct shape_cache *c = &e->face[f].cache;
	struct shape_slot *sl;
	size_t n;

	n = shape_raw(e, f, s, len, &out->width);
	out->g = e->scratch;
	out->n = n;
	out->mark = NULL;
	if (len > SHAPE_KEY_MAX || c->n >= SHAPE_CACHE_MAX)
		return;
	if ((c->n + 1) * 2 > c->cap)
		cache_grow(c);
	sl = slot_of(c, h, s, len);
	{
		struct arena a = { c->arena };
		sl->text = arena_alloc(&a, len + 1);
		memcpy(sl->text, s, len);
		sl->g = arena_alloc(&a, (n ? n : 1) * sizeof(*sl->g));
		memcpy(sl->g, e->scratch, n * sizeof(*sl->g));
		c->arena = a.head;
	}
	sl->len = (uint32_t)len;
	sl->n = (uint32_t)n;
	sl->hash = h;
	sl->width = out->width;
	sl->mark = 0;
	c->n++;
	out->g = sl->g;
	out->mark = &sl->mark;
}

/* Hits (nearly every call after a document's first pages) stay in here. */
void face_shape(struct pdf_engine *e, int f, const char *s, size_t len, struct shaping *out)
{
	struct shape_cache *c = &e->face[f].cache;
	uint64_t h = 0;

	if (len <= SHAPE_KEY_MAX) {
		h = hash_fast(s, len);
		if (c->cap) {
			struct shape_slot *sl = slot_of(c, h, s, len);
			if (sl->text) {
				out->g = sl->g;
				out->n = sl->n;
				out->width = sl->width;
				out->mark = &sl->mark;
				return;
			}
		}
	}
	shape_miss(e, f, s, len, h, out);
}

double face_width(struct pdf_engine *e, int f, double size, const char *s, size_t len)
{
	struct shaping sh;

	if (!len)
		return 0;
	face_shape(e, f, s, len, &sh);
	return (double)sh.width * e->face[f].k * size / 1000.0;
}

double text_width_routed(struct pdf_engine *e, int role, double size, const char *s, size_t len)
{
	const unsigned char *q = (const unsigned char *)s, *end = q + len;
	struct strbuf run = STRBUF_INIT;
	double w = 0;
	int cur = -1;
	size_t i;

	/* most text is ASCII the face has: one shaping, cached */
	for (i = 0; i < len && (unsigned char)s[i] < 0x80 && e->face[role].latin[(unsigned char)s[i]]; i++)
		;
	if (i == len)
		return face_width(e, role, size, s, len);

	while (q <= end) {
		uint32_t out = 0;
		int subst, f = -1;
		if (q < end)
			f = font_resolve(e, role, utf8_decode(&q, end), &out, &subst);
		else
			q++;
		if (f != cur && run.len) {
			w += face_width(e, cur, size, run.buf, run.len);
			strbuf_reset(&run);
		}
		if (f < 0)
			break;
		cur = f;
		utf8_encode(&run, out);
	}
	strbuf_release(&run);
	return w;
}
