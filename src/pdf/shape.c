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
 * into the shaper's scratch array. Only the engine's thread adds to a
 * cache, and only while no other thread reads it (shape_text's `own`);
 * other threads shape what the cache lacks without keeping it. A
 * cached text's stamp (struct shaping.mark) is in the arena, so that it
 * stays where it is when the table grows.
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
#include "pdf/shapestore.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/utf8.h"

#define SHAPE_CACHE_MAX 32768
#define SHAPE_KEY_MAX 256
#define SHAPE_CHUNK 1024
#define SHAPER_MEMO 1024

struct shape_slot {
	char *text;             /* in the cache's arena; NULL = free */
	uint32_t len, n;
	uint64_t hash;
	struct glyph *g;
	int64_t width;
	_Atomic uint32_t *mark;
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
 * Shapes `len` bytes (one chunk) and appends the glyphs to sh->scratch
 * from index `n`, their clusters counted from `base`. Returns the new
 * number of glyphs.
 */
static size_t shape_chunk(struct pdf_engine *e, struct shaper *sh, int f, const char *s, size_t len,
			  uint32_t base, size_t n, int64_t *width)
{
	const struct face *fc = &e->face[f];
	hb_buffer_t *b = sh->buf;
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
	ALLOC_GROW(sh->scratch, n + k + 1, sh->ascratch);
	for (i = 0; i < k; i++) {
		struct glyph *g = &sh->scratch[n + i];
		g->gid = info[i].codepoint;
		g->cluster = base + info[i].cluster;
		g->adv = pos[i].x_advance;
		g->dx = pos[i].x_offset;
		g->dy = pos[i].y_offset;
		*width += g->adv;
	}
	if (k)
		hb_font_get_glyph_h_advances(fc->hb, k, &sh->scratch[n].gid, sizeof(struct glyph),
					     &sh->scratch[n].nominal, sizeof(struct glyph));
	return n + k;
}

/*
 * Shapes into sh->scratch; returns the number of glyphs. A text longer
 * than SHAPE_CHUNK bytes (only a word far wider than any line is) is
 * shaped in pieces cut between characters: HarfBuzz 6 looks back over
 * the whole run for a mark's base, so a run of 20,000 combining marks in
 * one piece took more than a second.
 */
static size_t shape_raw(struct pdf_engine *e, struct shaper *sh, int f, const char *s, size_t len,
			int64_t *width)
{
	size_t at = 0, n = 0;

	*width = 0;
	if (!sh->buf)
		sh->buf = hb_buffer_create();
	ALLOC_GROW(sh->scratch, 1, sh->ascratch);
	while (at < len) {
		size_t end = len - at > SHAPE_CHUNK ? at + SHAPE_CHUNK : len;
		while (end < len && ((unsigned char)s[end] & 0xc0) == 0x80)
			end++;
		n = shape_chunk(e, sh, f, s + at, end - at, (uint32_t)at, n, width);
		at = end;
	}
	return n;
}

/* A text a shaper shaped and could not cache (f < 0: none). */
struct shaper_memo {
	int f;
	uint32_t len, n;
	uint64_t hash;
	char *text;
	struct glyph *g;
	int64_t width;
};

void shaper_release(struct shaper *sh)
{
	if (sh->buf)
		hb_buffer_destroy(sh->buf);
	free(sh->scratch);
	if (sh->memo) {
		for (size_t i = 0; i < SHAPER_MEMO; i++) {
			free(sh->memo[i].text);
			free(sh->memo[i].g);
		}
		free(sh->memo);
	}
	memset(sh, 0, sizeof(*sh));
}

/* The shaper's memo of text `s` in face f (one place per hash). */
static struct shaper_memo *memo_of(struct shaper *sh, int f, uint64_t h)
{
	if (!sh->memo) {
		sh->memo = xcalloc(SHAPER_MEMO, sizeof(*sh->memo));
		for (size_t i = 0; i < SHAPER_MEMO; i++)
			sh->memo[i].f = -1;
	}
	return &sh->memo[(h ^ (uint64_t)f * 0x9e3779b97f4a7c15u) % SHAPER_MEMO];
}

/* A short text shaped here, remembered in place of the one before. */
static void memo_put(struct shaper_memo *m, int f, const char *s, size_t len, uint64_t h,
		     const struct shaping *out)
{
	free(m->text);
	free(m->g);
	m->f = f;
	m->len = (uint32_t)len;
	m->n = (uint32_t)out->n;
	m->hash = h;
	m->text = xmalloc(len + 1);
	memcpy(m->text, s, len);
	m->g = xmalloc((out->n ? out->n : 1) * sizeof(*m->g));
	memcpy(m->g, out->g, out->n * sizeof(*m->g));
	m->width = out->width;
}

/*
 * Shapes a text the engine has not: from the store when another engine
 * shaped it (shapestore.h: on the engine's thread only, for texts the
 * cache would keep), else with HarfBuzz. *kept gets the store's copy of
 * the text and *out's glyphs, or NULL.
 */
static size_t shape_new(struct pdf_engine *e, struct shaper *sh, int own, int f, const char *s, size_t len,
			uint64_t h, struct shaping *out, const char **kept)
{
	const struct face *fc = &e->face[f];
	int store = own && len <= SHAPE_KEY_MAX && shape_store_on();
	const struct glyph *g = NULL;
	size_t n = 0;

	*kept = NULL;
	if (store)
		g = shape_store_find(fc->file, fc->plain, h, s, len, &n, &out->width, kept);
	if (!g) {
		n = shape_raw(e, sh, f, s, len, &out->width);
		g = sh->scratch;
		if (store) {
			const struct glyph *sg = shape_store_add(fc->file, fc->plain, h, s, len, g, n,
								 out->width, kept);
			g = sg ? sg : g;
		}
	}
	out->g = g;
	out->n = n;
	out->mark = NULL;
	out->text = NULL;
	return n;
}

/* Shapes a text the cache does not hold, and keeps it when it may. */
static void shape_miss(struct pdf_engine *e, struct shaper *sh, int own, int f, const char *s, size_t len,
		       uint64_t h, struct shaping *out)
{
	struct shape_cache *c = &e->face[f].cache;
	struct shape_slot *sl;
	const char *kept;
	size_t n = shape_new(e, sh, own, f, s, len, h, out, &kept);

	if (!own && len <= SHAPE_KEY_MAX)
		memo_put(memo_of(sh, f, h), f, s, len, h, out);
	if (!own || len > SHAPE_KEY_MAX || c->n >= SHAPE_CACHE_MAX)
		return;
	if ((c->n + 1) * 2 > c->cap)
		cache_grow(c);
	sl = slot_of(c, h, s, len);
	{
		/* the store's copy lasts as long as the process: no second one */
		struct arena a = { c->arena };
		if (kept) {
			sl->text = (char *)kept;
			sl->g = (struct glyph *)out->g;
		} else {
			sl->text = arena_alloc(&a, len + 1);
			memcpy(sl->text, s, len);
			sl->g = arena_alloc(&a, (n ? n : 1) * sizeof(*sl->g));
			memcpy(sl->g, out->g, n * sizeof(*sl->g));
		}
		sl->mark = arena_alloc(&a, sizeof(*sl->mark));
		atomic_init(sl->mark, 0);
		c->arena = a.head;
	}
	sl->len = (uint32_t)len;
	sl->n = (uint32_t)n;
	sl->hash = h;
	sl->width = out->width;
	c->n++;
	out->g = sl->g;
	out->mark = sl->mark;
	out->text = sl->text;
}

/* Hits (nearly every call after a document's first pages) stay in here. */
void shape_text(struct pdf_engine *e, struct shaper *sh, int own, int f, const char *s, size_t len,
		struct shaping *out)
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
				out->mark = sl->mark;
				out->text = sl->text;
				return;
			}
		}
		if (!own && sh->memo) {
			const struct shaper_memo *m = memo_of(sh, f, h);
			if (m->f == f && m->hash == h && m->len == len && !memcmp(m->text, s, len)) {
				out->g = m->g;
				out->n = m->n;
				out->width = m->width;
				out->mark = NULL;
				out->text = NULL;
				return;
			}
		}
	}
	shape_miss(e, sh, own, f, s, len, h, out);
}

void face_shape(struct pdf_engine *e, int f, const char *s, size_t len, struct shaping *out)
{
	shape_text(e, &e->sh[0], 1, f, s, len, out);
}

/* The width of a text, a word at a time (shape_word_len). */
static double width_with(struct pdf_engine *e, struct shaper *sh, int own, int f, double size, const char *s,
			 size_t len)
{
	const struct face *fc = &e->face[f];
	int64_t units = 0;
	size_t at = 0;

	while (at < len) {
		size_t n = shape_word_len(fc, s + at, len - at);
		struct shaping out;
		if (n) {
			shape_text(e, sh, own, f, s + at, n, &out);
			units += out.width;
		} else {
			units += fc->space_adv;
		}
		at += n ? n : 1;
	}
	return (double)units * fc->k * size / 1000.0;
}

double face_width(struct pdf_engine *e, int f, double size, const char *s, size_t len)
{
	return width_with(e, &e->sh[0], 1, f, size, s, len);
}

double shape_routed_width(struct pdf_engine *e, struct shaper *sh, int own, int role, double size,
			  const char *s, size_t len)
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
		return width_with(e, sh, own, role, size, s, len);

	while (q <= end) {
		uint32_t out = 0;
		int subst, f = -1;
		if (q >= end)
			q++;
		else if (own)
			f = font_resolve(e, role, utf8_decode(&q, end), &out, &subst);
		else if ((f = font_resolve_known(e, role, utf8_decode(&q, end), &out, &subst)) == FACE_UNKNOWN) {
			w = -1;
			break;
		}
		if (f != cur && run.len) {
			w += width_with(e, sh, own, cur, size, run.buf, run.len);
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
