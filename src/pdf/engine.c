/*
 * engine.c - the engine's life: the style copied, every face set up over
 * its font file (fontfile.c reads and checks each file once per process;
 * every face that cannot be used is reported, and the engine fails), the
 * HarfBuzz buffer, the hyphenation dictionary of the style's language
 * (hyph.c: shared by the process; a missing one turns hyphenation off
 * with a warning); and all of it, caches included, freed at the end.
 */
#include <stdlib.h>

#include <libdeflate.h>

#include "pdf/arena.h"
#include "pdf/engine.h"
#include "pdf/fontfile.h"
#include "pdf/hyph.h"
#include "pdf/shapestore.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/strbuf.h"

static void style_copy(struct pdf_style *dst, const struct pdf_style *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < FONT__COUNT; i++)
		dst->fonts[i] = xstrdup(src->fonts[i] ? src->fonts[i] : "");
	dst->lang = xstrdup(src->lang ? src->lang : "en_US");
}

/* Code is set as it is typed: no ligatures, no kerning, no contextual forms. */
static void plain_features(struct pdf_engine *e)
{
	static const char *const off[] = { "-liga", "-clig", "-dlig", "-calt", "-kern" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(off); i++)
		hb_feature_from_string(off[i], -1, &e->plain_features[i]);
}

struct pdf_engine *pdf_engine_new(const char *fonts_dir, const struct pdf_style *st, struct diags *d)
{
	struct pdf_engine *e = xcalloc(1, sizeof(*e));
	int i, bad = 0;

	style_copy(&e->st, st);
	e->nfaces = FONT__COUNT;
	for (i = 0; i < FONT__COUNT; i++) {
		struct strbuf p = STRBUF_INIT;
		const struct font_file *ff;
		pdf_font_path(&p, fonts_dir, e->st.fonts[i]);
		e->path[i] = strbuf_detach(&p, NULL);
		ff = font_file_get(e->path[i], 0, d);
		if (ff)
			face_init(e, i, ff, i == FONT_MONO);
		else
			bad = 1;
	}
	if (bad) {
		pdf_engine_free(e);
		return NULL;
	}
	e->sh[0].buf = hb_buffer_create();
	plain_features(e);
	if (e->st.hyphenate) {
		e->hyph = hyph_dict(e->st.lang);
		if (!e->hyph)
			warning("no hyphenation dictionary for '%s'; words will not be hyphenated", e->st.lang);
	}
	return e;
}

void pdf_threads_init(void)
{
	(void)hb_language_get_default();
}

void pdf_share_shapes(void)
{
	shape_store_enable();
}

void pdf_engine_set_threads(struct pdf_engine *e, int n)
{
	/* (which waits for the tasks, the last free among them) */
	pool_free(e->pool);
	free(e->freeing);
	e->freeing = NULL;
	e->pool = pool_new(n - 1);
}

void pdf_engine_free(struct pdf_engine *e)
{
	int i;

	if (!e)
		return;
	pool_free(e->pool);
	free(e->freeing);
	for (i = 0; i < POOL_SLOTS; i++)
		if (e->zc[i])
			libdeflate_free_compressor(e->zc[i]);
	for (i = 0; i < FACE_MAX; i++)
		face_release(&e->face[i]);
	for (i = 0; i < FONT__COUNT; i++)
		free(e->path[i]);
	for (i = 0; i < POOL_SLOTS; i++)
		shaper_release(&e->sh[i]);
	free(e->fb.keys);
	free(e->fb.face);
	{
		struct arena a = { e->hc.arena };
		arena_release(&a);
		free(e->hc.v);
	}
	word_cache_release(&e->wc);
	pdf_style_release(&e->st);
	free(e);
}
