/*
 * engine.h - what a struct pdf_engine (pdf.h) holds for every document it
 * renders, and the per-face functions the stages measure, shape and route
 * text with.
 *
 * A face is a font file (fontfile.h: read and validated once per process,
 * shared read-only by every engine) with the engine's own HarfBuzz font
 * and shaping cache. Faces 0 .. FONT__COUNT-1 are the style's roles;
 * faces from FONT__COUNT on are installed fonts found through fontconfig
 * for characters no style font has (font.c), added while documents
 * render. A document in progress may fill the engine's caches (shaped
 * words, hyphenated words, laid-out words, fallback faces); nothing else
 * changes after pdf_engine_new, and only one document renders at a time.
 *
 * Units: glyph advances and offsets from shaping are in font units (the
 * face's upem to the em); the widths the stages use are in 1/1000 em
 * (face_* helpers) or points.
 */
#ifndef CASEBRIEF_PDF_ENGINE_H
#define CASEBRIEF_PDF_ENGINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <hb.h>
#include <hyphen.h>

#include "pdf/pdf.h"
#include "pdf/pool.h"
#include "base/diag.h"
#include "base/strbuf.h"

/* The style's faces, then at most this many installed fallback faces. */
#define FACE_INSTALLED_MAX 40
#define FACE_MAX (FONT__COUNT + FACE_INSTALLED_MAX)

struct font_file;
struct libdeflate_compressor;

/* One glyph of shaped text. */
struct glyph {
	uint32_t gid;
	uint32_t cluster;       /* byte offset, in the shaped text, of its first character */
	int32_t adv, dx, dy;    /* advance and offsets, font units */
	int32_t nominal;        /* the glyph's own advance (hmtx), font units */
};

/* Shaped text: valid until the next shaping call with the same shaper
 * (a cached shape, for the engine's life). */
struct shaping {
	const struct glyph *g;
	size_t n;
	int64_t width;          /* sum of the advances, font units */
	_Atomic uint32_t *mark; /* cached shapes: a word the caller may stamp, else NULL
				 * (its own thread may read it while the engine's stamps it) */
	const char *text;       /* cached shapes: the cache's copy of the text, else NULL */
};

/* What one thread shapes with: HarfBuzz's buffer (which, unlike a
 * font, cannot be shared), the glyphs of a text not cached, and the
 * last few short texts it shaped that it could not add to the cache
 * (a page's running header is measured, then drawn, page after page). */
struct shaper_memo;
struct shaper {
	hb_buffer_t *buf;       /* made on first use */
	struct glyph *scratch;
	size_t ascratch;
	struct shaper_memo *memo; /* made on first use */
};
void shaper_release(struct shaper *sh);

struct shape_slot;
struct shape_cache {
	struct shape_slot *v;   /* open addressing; NULL text = free */
	size_t n, cap;
	struct arena_chunk *arena;
};

struct face {
	const struct font_file *file; /* NULL: slot unused */
	hb_font_t *hb;
	unsigned upem;
	double k;               /* 1000 / upem: font units to 1/1000 em */
	int ascent, descent;    /* 1/1000 em (descent negative) */
	uint16_t latin[256];    /* glyph of U+0000-U+00FF, 0 = none */
	float latin_adv[256];   /* their advances, 1/1000 em */
	int32_t space_adv;      /* the space glyph's advance, font units */
	uint32_t invisible;     /* the glyph of U+200B, 0 = none */
	int plain;              /* mono: shaped without ligatures or kerning */
	struct shape_cache cache;
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

/* Words as text.c laid them out (wordcache.h), kept for the engine's
 * life (bounded). */
struct word_slot;
struct word_cache {
	struct word_slot *v;    /* open addressing; NULL key = free */
	size_t n, cap, bytes;
	struct arena_chunk *arena;
};
void word_cache_release(struct word_cache *c);

/* Code point -> face for characters the style's faces lack (key cp + 1; 0 = free). */
struct fallback_cache {
	uint32_t *keys;
	int8_t *face;           /* -1: no installed font has it */
	size_t n, cap;
};

struct pdf_engine {
	struct pdf_style st;            /* deep copy */
	struct hyph_cache hc;
	struct word_cache wc;
	char *path[FONT__COUNT];        /* the style's font paths (font_path) */
	struct face face[FACE_MAX];
	int nfaces;
	struct fallback_cache fb;
	uint32_t docs;                  /* documents begun (stamps for struct shaping.mark) */
	hb_feature_t plain_features[5];
	struct shaper sh[POOL_SLOTS];   /* one per thread of the pool; [0] the engine's */
	HyphenDict *hyph;               /* NULL: no hyphenation (hyph.h: the process's, not freed) */
	int busy;                       /* one document at a time */
	struct pool *pool;              /* helper threads (pdf_engine_set_threads); NULL: none */
	struct libdeflate_compressor *zc[POOL_SLOTS]; /* pack_compressor: one per thread of the pool */
	struct save_free_job *freeing;  /* the last document's libharu objects, freed on a
					 * helper (save_free); NULL: none yet */
};

/* font.c: sets up face `f` of `e` over `file` (the engine keeps the
 * reference). `plain` turns ligatures and kerning off. */
void face_init(struct pdf_engine *e, int f, const struct font_file *file, int plain);
void face_release(struct face *fc);

/* The glyph of `cp` in face f, or 0 when the face lacks it. */
uint32_t face_gid(const struct pdf_engine *e, int f, uint32_t cp);

/* Nominal advance of code point `cp` in face f (no shaping), 1/1000 em. */
double font_adv(const struct pdf_engine *e, int f, uint32_t cp);

/*
 * Chooses the face that draws `cp` in role `f`: `f` itself when it has
 * the glyph, else the style's fallback face, else an installed font that
 * has it (fontconfig; loaded on first use). A character no font has, a
 * control character or a lone surrogate becomes U+FFFD (or '?' when no
 * face has that either) and *subst is set. Returns the face and stores
 * the code point to draw in *out. The choice depends only on the fonts,
 * never on what the engine rendered before.
 */
int font_resolve(struct pdf_engine *e, int f, uint32_t cp, uint32_t *out, int *subst);
/* The same without changing the engine (any thread, while the engine's
 * thread changes nothing): FACE_UNKNOWN when the answer needs an
 * installed font not looked up yet. */
#define FACE_UNKNOWN (-2)
int font_resolve_known(const struct pdf_engine *e, int f, uint32_t cp, uint32_t *out, int *subst);

/*
 * shape.c: `len` bytes of UTF-8 text in face f, shaped by HarfBuzz (all
 * of it in one face; left to right unless the script says otherwise).
 * Short texts are cached per face for the engine's life.
 */
void face_shape(struct pdf_engine *e, int f, const char *s, size_t len, struct shaping *out);
/*
 * The length of the word that starts s[0 .. len): to its first space, or
 * 0 when s starts with a space the face has a glyph for. A text with
 * spaces is measured (face_width, shape_routed_width) and drawn
 * (drawtext.c) a word at a time with the face's space glyph between, as
 * the lines of a paragraph are: its words are the cached shapes, and no
 * kerning or ligature reaches across a space.
 */
static inline size_t shape_word_len(const struct face *fc, const char *s, size_t len)
{
	const char *sp;

	if (!fc->latin[' '])
		return len;
	if (*s == ' ')
		return 0;
	sp = memchr(s, ' ', len);
	return sp ? (size_t)(sp - s) : len;
}
/* Width of text shaped in face f, in points at `size`. */
double face_width(struct pdf_engine *e, int f, double size, const char *s, size_t len);
/*
 * face_shape with shaper `sh`, and the width of text in role `role`
 * (each character in the face font_resolve chooses, each run of one
 * face shaped, in points at `size`). `own`: the caller is the engine's
 * thread and no other thread reads the engine, so a text shaped may be
 * cached and an installed font loaded; otherwise the caches are only
 * read, and shape_routed_width returns -1 when a character needs an
 * installed font not looked up yet (font_resolve_known).
 */
void shape_text(struct pdf_engine *e, struct shaper *sh, int own, int f, const char *s, size_t len,
		struct shaping *out);
double shape_routed_width(struct pdf_engine *e, struct shaper *sh, int own, int role, double size,
			  const char *s, size_t len);
void shape_cache_release(struct shape_cache *c);

#endif
