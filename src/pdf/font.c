/*
 * font.c - faces: a font file with the engine's HarfBuzz font, glyph
 * coverage, and the routing of a character to the face that has it
 * (the role's face, the style's fallback, then an installed font).
 *
 * Installed fonts come from fontconfig, asked once per process for every
 * scalable TrueType font in the order it prefers for sans-serif text
 * (colour and bitmap-only fonts have no outlines to embed and are left
 * out). A character goes to the first font of that list that has it, so
 * the choice never depends on which documents an engine rendered before
 * (output stays the same across -j). Each engine loads at most
 * FACE_INSTALLED_MAX of them; a character none of them has is drawn as a
 * visible substitute, with a warning from the caller.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>

#include "pdf/engine.h"
#include "pdf/fontfile.h"
#include "base/alloc.h"

void face_init(struct pdf_engine *e, int f, const struct font_file *file, int plain)
{
	struct face *fc = &e->face[f];

	memset(fc, 0, sizeof(*fc));
	fc->file = file;
	fc->upem = file->upem;
	fc->k = 1000.0 / file->upem;
	fc->ascent = file->ascent;
	fc->descent = file->descent;
	fc->plain = plain;
	fc->hb = hb_font_create(file->face);
	hb_font_set_scale(fc->hb, (int)file->upem, (int)file->upem);
	hb_font_make_immutable(fc->hb);
	memcpy(fc->latin, file->latin, sizeof(fc->latin));
	memcpy(fc->latin_adv, file->latin_adv, sizeof(fc->latin_adv));
	fc->space_adv = file->space_adv;
	fc->invisible = file->invisible;
	if (f >= e->nfaces)
		e->nfaces = f + 1;
}

void face_release(struct face *fc)
{
	if (fc->hb)
		hb_font_destroy(fc->hb);
	shape_cache_release(&fc->cache);
	memset(fc, 0, sizeof(*fc));
}

uint32_t face_gid(const struct pdf_engine *e, int f, uint32_t cp)
{
	const struct face *fc = &e->face[f];
	hb_codepoint_t g = 0;

	if (cp < 256)
		return fc->latin[cp];
	if (!hb_font_get_nominal_glyph(fc->hb, cp, &g))
		return 0;
	return g;
}

double font_adv(const struct pdf_engine *e, int f, uint32_t cp)
{
	const struct face *fc = &e->face[f];

	if (cp < 256)
		return fc->latin_adv[cp];
	return hb_font_get_glyph_h_advance(fc->hb, face_gid(e, f, cp)) * fc->k;
}

/* ---- installed fonts ---------------------------------------------------- */

struct installed {
	char *file;
	unsigned index;
	FcCharSet *cs;
	int unusable;           /* failed fontfile.c's checks: never read again */
};

static pthread_once_t installed_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t installed_lock = PTHREAD_MUTEX_INITIALIZER;
static struct installed *inst;
static size_t ninst;

/* At exit: fontconfig keeps its pointers as offsets, which leak checkers
 * cannot follow, so what it gave is given back. */
static void release_installed(void)
{
	size_t k;

	for (k = 0; k < ninst; k++) {
		FcCharSetDestroy(inst[k].cs);
		free(inst[k].file);
	}
	free(inst);
	inst = NULL;
	ninst = 0;
	FcFini();
}

static void list_installed(void)
{
	FcPattern *pat;
	FcFontSet *set;
	FcResult res;
	int i;

	if (!FcInit())
		return;
	atexit(release_installed);
	pat = FcNameParse((const FcChar8 *)"sans-serif");
	if (!pat)
		return;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
	FcPatternDestroy(pat);
	if (!set)
		return;
	inst = xcalloc((size_t)set->nfont + 1, sizeof(*inst));
	for (i = 0; i < set->nfont; i++) {
		FcPattern *p = set->fonts[i];
		FcChar8 *file, *fmt;
		FcCharSet *cs;
		FcBool outline = FcFalse, color = FcFalse;
		int index = 0;
		if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
		    FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch ||
		    FcPatternGetString(p, FC_FONTFORMAT, 0, &fmt) != FcResultMatch ||
		    strcmp((const char *)fmt, "TrueType"))
			continue;
		FcPatternGetBool(p, FC_OUTLINE, 0, &outline);
		FcPatternGetBool(p, FC_COLOR, 0, &color);
		FcPatternGetInteger(p, FC_INDEX, 0, &index);
		if (!outline || color || index < 0 || index > 0xffff)
			continue;
		inst[ninst].file = xstrdup((const char *)file);
		inst[ninst].index = (unsigned)index;
		inst[ninst].cs = FcCharSetCopy(cs);
		ninst++;
	}
	FcFontSetDestroy(set);
}

/* The engine's face for installed font k, loaded on first use; -1 when
 * the file is unusable, -2 when the engine has no room for another face. */
static int installed_face(struct pdf_engine *e, size_t k)
{
	const struct font_file *ff;
	int f, unusable;

	for (f = FONT__COUNT; f < e->nfaces; f++) {
		const struct font_file *have = e->face[f].file;
		if (have && have->index == inst[k].index && !strcmp(have->path, inst[k].file))
			return f;
	}
	if (e->nfaces >= FACE_MAX)
		return -2;
	pthread_mutex_lock(&installed_lock);
	unusable = inst[k].unusable;
	pthread_mutex_unlock(&installed_lock);
	ff = unusable ? NULL : font_file_get(inst[k].file, inst[k].index, NULL);
	if (!ff) {
		pthread_mutex_lock(&installed_lock);
		inst[k].unusable = 1;
		pthread_mutex_unlock(&installed_lock);
		return -1;
	}
	f = e->nfaces;
	face_init(e, f, ff, 0);
	return f;
}

static size_t fb_slot(const struct fallback_cache *c, uint32_t key)
{
	size_t i = (key * 2654435761u) & (c->cap - 1);

	while (c->keys[i] && c->keys[i] != key)
		i = (i + 1) & (c->cap - 1);
	return i;
}

static void fb_put(struct fallback_cache *c, uint32_t key, int face)
{
	size_t i;

	if ((c->n + 1) * 2 > c->cap) {
		struct fallback_cache old = *c;
		c->cap = old.cap ? old.cap * 2 : 64;
		c->keys = xcalloc(c->cap, sizeof(*c->keys));
		c->face = xcalloc(c->cap, sizeof(*c->face));
		for (i = 0; i < old.cap; i++) {
			if (old.keys[i]) {
				size_t j = fb_slot(c, old.keys[i]);
				c->keys[j] = old.keys[i];
				c->face[j] = old.face[i];
			}
		}
		free(old.keys);
		free(old.face);
	}
	i = fb_slot(c, key);
	if (!c->keys[i])
		c->n++;
	c->keys[i] = key;
	c->face[i] = (int8_t)face;
}

/* The installed face that draws `cp` as far as the engine has looked
 * it up: a face, -1 (none has it) or FACE_UNKNOWN. */
static int installed_known(const struct pdf_engine *e, uint32_t cp)
{
	const struct fallback_cache *c = &e->fb;

	if (c->cap) {
		size_t i = fb_slot(c, cp + 1);
		if (c->keys[i])
			return c->face[i];
	}
	return FACE_UNKNOWN;
}

/* The installed face that draws `cp`, or -1. */
static int installed_for(struct pdf_engine *e, uint32_t cp)
{
	struct fallback_cache *c = &e->fb;
	uint32_t key = cp + 1;
	size_t k;
	int f = installed_known(e, cp);

	if (f != FACE_UNKNOWN)
		return f;
	f = -1;
	pthread_once(&installed_once, list_installed);
	/* the first font that has it, or none: never a later one because the
	 * engine is full, which would depend on what it loaded before */
	for (k = 0; k < ninst; k++) {
		int g;
		if (!FcCharSetHasChar(inst[k].cs, cp))
			continue;
		g = installed_face(e, k);
		if (g == -2)
			break;
		if (g >= 0 && face_gid(e, g, cp)) {
			f = g;
			break;
		}
	}
	fb_put(c, key, f);
	return f;
}

/* font_resolve, and font_resolve_known when `e` is NULL (`ce` is the
 * engine either way). */
static int resolve(struct pdf_engine *e, const struct pdf_engine *ce, int f, uint32_t cp, uint32_t *out,
		   int *subst)
{
	int g;

	*subst = 0;
	*out = cp;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
		*subst = 1;
		cp = *out = 0xfffd;
	}
	if (face_gid(ce, f, cp))
		return f;
	if (face_gid(ce, FONT_FALLBACK, cp))
		return FONT_FALLBACK;
	if (!*subst && cp >= 0x20) {
		g = e ? installed_for(e, cp) : installed_known(ce, cp);
		if (g >= 0 || g == FACE_UNKNOWN)
			return g;
	}
	*subst = 1;
	if (face_gid(ce, f, 0xfffd)) {
		*out = 0xfffd;
		return f;
	}
	if (face_gid(ce, FONT_FALLBACK, 0xfffd)) {
		*out = 0xfffd;
		return FONT_FALLBACK;
	}
	*out = '?';
	return f;
}

int font_resolve(struct pdf_engine *e, int f, uint32_t cp, uint32_t *out, int *subst)
{
	return resolve(e, e, f, cp, out, subst);
}

int font_resolve_known(const struct pdf_engine *e, int f, uint32_t cp, uint32_t *out, int *subst)
{
	return resolve(NULL, e, f, cp, out, subst);
}
