/*
 * engine.c - the engine's life: the style copied, every face's metrics
 * read (the first face that cannot be read fails the engine), the
 * hyphenation dictionary of the style's language opened from the system's
 * hyphen directories (a missing one turns hyphenation off with a warning);
 * and all of it, caches included, freed at the end.
 */
#include <stdio.h>
#include <stdlib.h>

#include "pdf/arena.h"
#include "pdf/engine.h"
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

static HyphenDict *hyph_open(const char *lang)
{
	static const char *const dirs[] = { "/usr/share/hyphen", "/usr/local/share/hyphen" };
	struct strbuf sb = STRBUF_INIT;
	HyphenDict *h = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs) && !h; i++) {
		FILE *f;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/hyph_%s.dic", dirs[i], lang);
		f = fopen(sb.buf, "r");
		if (!f)
			continue;
		fclose(f);
		h = hnj_hyphen_load(sb.buf);
	}
	strbuf_release(&sb);
	return h;
}

struct pdf_engine *pdf_engine_new(const char *fonts_dir, const struct pdf_style *st, struct diags *d)
{
	struct pdf_engine *e = xcalloc(1, sizeof(*e));
	int i, bad = 0;

	style_copy(&e->st, st);
	for (i = 0; i < FONT__COUNT; i++) {
		struct strbuf p = STRBUF_INIT;
		if (e->st.fonts[i][0] == '/')
			strbuf_adds(&p, e->st.fonts[i]);
		else
			strbuf_addf(&p, "%s/%s", fonts_dir ? fonts_dir : "fonts", e->st.fonts[i]);
		e->path[i] = strbuf_detach(&p, NULL);
		if (!bad && font_metrics_load(&e->fm[i], e->path[i], d) < 0)
			bad = 1;
	}
	if (bad) {
		pdf_engine_free(e);
		return NULL;
	}
	if (e->st.hyphenate) {
		e->hyph = hyph_open(e->st.lang);
		if (!e->hyph)
			warning("no hyphenation dictionary for '%s'; words will not be hyphenated", e->st.lang);
	}
	return e;
}

void pdf_engine_free(struct pdf_engine *e)
{
	int i;

	if (!e)
		return;
	for (i = 0; i < FONT__COUNT; i++) {
		font_metrics_release(&e->fm[i]);
		kern_cache_release(&e->kc[i]);
		free(e->path[i]);
	}
	if (e->hyph)
		hnj_hyphen_free(e->hyph);
	{
		struct arena a = { e->hc.arena };
		arena_release(&a);
		free(e->hc.v);
	}
	pdf_style_release(&e->st);
	free(e);
}
