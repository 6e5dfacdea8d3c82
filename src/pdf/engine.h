/*
 * engine.h - what a struct pdf_engine (pdf.h) holds for every document it
 * renders, and the per-face functions the stages measure and route text
 * with.
 *
 * The engine owns the font files (mapped read-only), their metrics and
 * kerning subtables (font.c, kern.c), the hyphenation dictionary (text.c
 * asks it) and the style. A document in progress may fill the engine's
 * caches (kerning pairs, hyphenated words); nothing else in the engine
 * changes after pdf_engine_new, and only one document renders at a time.
 */
#ifndef CASEBRIEF_PDF_ENGINE_H
#define CASEBRIEF_PDF_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <hyphen.h>

#include "pdf/pdf.h"
#include "base/diag.h"
#include "base/strbuf.h"

#define KERN_MAX_SUBTABLES 32

/* One face: cmap and advances read once, so measuring never calls libharu. */
struct font_metrics {
	unsigned char *data;  /* the font file */
	size_t len;
	unsigned upem;
	uint32_t kern_sub[KERN_MAX_SUBTABLES]; /* PairPos subtables of 'kern' */
	unsigned nkern;
	uint16_t *gid;     /* 65536 entries: BMP code point -> glyph id, 0 = none */
	uint16_t *adv;     /* advance per glyph, 1/1000 em, truncated as libharu does */
	unsigned nglyphs;
	int ascent, descent; /* 1/1000 em (descent negative) */
};

/* Hyphenation results by word, kept for the engine's life (bounded). */
struct hyph_entry {
	char *word;             /* lowercase ASCII, in the cache's arena; NULL = free */
	uint64_t bits;          /* bit i: a break is allowed after letter i */
};
struct hyph_cache {
	struct hyph_entry *v;
	size_t n, cap;
	struct arena_chunk *arena;
};

/* Kerning by glyph pair (key g1 << 16 | g2; 0 = free slot). */
struct kern_cache {
	uint32_t *keys;
	int16_t *vals;
	size_t n, cap;
	int16_t *ascii;         /* 128 x 128 pairs of ASCII, KERN_UNKNOWN until asked */
};
#define KERN_UNKNOWN INT16_MIN

struct pdf_engine {
	struct pdf_style st;            /* deep copy */
	struct hyph_cache hc;
	struct kern_cache kc[FONT__COUNT];
	char *path[FONT__COUNT];        /* full font paths */
	struct font_metrics fm[FONT__COUNT];
	HyphenDict *hyph;               /* NULL: no hyphenation */
	int busy;                       /* one document at a time */
};

/* font.c: maps the file at `path` and reads its metrics (and kerning
 * subtables). Returns 0, or -1 after a diagnostic; `fm` is then empty. */
int font_metrics_load(struct font_metrics *fm, const char *path, struct diags *d);
void font_metrics_release(struct font_metrics *fm);

/* Width of one code point in 1/1000 em in font `f` (after resolving). */
static inline int font_adv(const struct pdf_engine *e, int f, uint32_t cp)
{
	const struct font_metrics *fm = &e->fm[f];
	return cp < 0x10000 ? fm->adv[fm->gid[cp]] : fm->adv[0];
}

/*
 * Chooses the font that draws `cp` in role `f`: `f` itself when it has
 * the glyph, else the fallback. Code points above U+FFFF (libharu cannot
 * carry them) and glyphs no font has become U+FFFD (or '?'); *subst is set
 * then. Returns the font and stores the code point to draw in *out.
 */
int font_resolve(const struct pdf_engine *e, int f, uint32_t cp, uint32_t *out, int *subst);

/* kern.c: finds the face's kerning subtables (GPOS 'kern' PairPos). */
void kern_init(struct font_metrics *fm);
/* The adjustment between two code points drawn in face f, in 1/1000 em
 * (0 before a hyphen, around a space, or without kerning); cached. */
int font_kern(struct pdf_engine *e, int f, uint32_t a, uint32_t b);
void kern_cache_release(struct kern_cache *c);

/* subset.c: appends to `out` a TrueType file holding the glyphs of the
 * code points marked in `used` (a bitmap over the BMP) and their
 * components. Returns 0, or -1 (the caller embeds the whole font). */
int font_subset(const struct font_metrics *fm, const uint8_t *used, struct strbuf *out);

#endif
