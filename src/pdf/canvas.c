/*
 * canvas.c - the pages painted on the engine's threads, a window of
 * them at once, and finished on the engine's thread in page order
 * (draw.h): each page's effects applied, then its content handed to
 * save.c.
 *
 * The effects, and what their fields hold:
 *   FX_FONT     font df goes into the page's resources
 *   FX_GLYPHS   the n glyphs at p, shaped from the len bytes at s, are
 *               drawn in df (a cached shape is recorded once per
 *               document, by its stamp `mark`)
 *   FX_SPACE    the space glyph of face a is drawn in df
 *   FX_IMAGE    image p is the page's XObject "X<a>"
 *   FX_CONTENT  element a has content at key; b: where its level digit
 *               is in the page's content (a heading), else -1
 *   FX_NOTE     note element a is read after key, in the parent of the
 *               element of the reference's text, b
 *   FX_LINK     the annotation whose object text is the len bytes at s
 *               (links.c), tied to element a at key (a < 0: to none)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>

#include "pdf/draw.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/strbuf.h"

/* room for most pages' content without regrowing */
#define PAGE_HINT 16384

int canvas_resolve(struct canvas *cv, int role, uint32_t cp, uint32_t *out, int *subst)
{
	int f;

	if (cv->now)
		return font_resolve(cv->d->e, role, cp, out, subst);
	f = font_resolve_known(cv->d->e, role, cp, out, subst);
	if (f == FACE_UNKNOWN)
		cv->blocked = 1;
	return f;
}

double canvas_width(struct canvas *cv, int role, double size, const char *s, size_t len)
{
	struct pdf_engine *e = cv->d->e;
	double w = shape_routed_width(e, &e->sh[cv->slot], cv->now, role, size, s, len);

	if (w >= 0)
		return w;
	cv->blocked = 1;
	return 0;
}

/* The image of FX_IMAGE where the content says it is. */
static int apply_image(struct canvas *cv, const struct effect *fx)
{
	HPDF_Image img = (HPDF_Image)fx->p;
	const char *name = HPDF_Page_GetXObjectName(cv->pg, img);
	char want[24];

	if (!name) { /* libharu reports why */
		HPDF_Page_ExecuteXObject(cv->pg, img);
		return -1;
	}
	snprintf(want, sizeof(want), "X%d", fx->a);
	if (strcmp(name, want)) {
		error("internal error: image named %s on page %zu, not %s", name, cv->pi + 1, want);
		return -1;
	}
	return 0;
}

static void apply_glyphs(struct doc *d, const struct effect *fx)
{
	struct shaping sh = { fx->p, fx->n, 0, NULL, NULL };

	/* a cached word needs recording once per document */
	if (fx->mark && atomic_load_explicit(fx->mark, memory_order_relaxed) == d->stamp)
		return;
	embed_glyphs(d, fx->df, &sh, fx->s, fx->len);
	if (fx->mark)
		atomic_store_explicit(fx->mark, d->stamp, memory_order_relaxed);
}

static void apply_space(struct doc *d, const struct effect *fx)
{
	const struct face *fc = &d->e->face[fx->a];
	struct glyph g = { fc->latin[' '], 0, fc->space_adv, 0, 0, fc->space_adv };
	struct shaping sh = { &g, 1, 0, NULL, NULL };

	if (!fx->df->tu[g.gid])
		embed_glyphs(d, fx->df, &sh, " ", 1);
}

/* On the engine's thread, in page order. 0, or -1. */
static int apply(struct canvas *cv, const struct effect *fx)
{
	struct doc *d = cv->d;
	int level;

	switch (fx->kind) {
	case FX_FONT:
		return embed_on_page(d, cv->pg, fx->df);
	case FX_GLYPHS:
		apply_glyphs(d, fx);
		return 0;
	case FX_SPACE:
		apply_space(d, fx);
		return 0;
	case FX_IMAGE:
		return apply_image(cv, fx);
	case FX_CONTENT:
		level = tags_content(d, fx->a, fx->key);
		if (fx->b >= 0)
			cv->out.buf[fx->b] = (char)('0' + level);
		return 0;
	case FX_NOTE:
		tags_note_ref(d, fx->a, d->tags.el[fx->b].parent, fx->key);
		return 0;
	default:
		return link_annot(cv, fx);
	}
}

int canvas_effect(struct canvas *cv, const struct effect *fx)
{
	struct effect *k;

	if (cv->now)
		return apply(cv, fx);
	ALLOC_GROW(cv->fx, cv->nfx + 1, cv->afx);
	k = &cv->fx[cv->nfx++];
	*k = *fx;
	if (fx->kind == FX_GLYPHS && !fx->mark) {
		/* shaped for this page alone: the shaper's and the caller's
		 * buffers are reused before the effect is applied */
		size_t gb = fx->n * sizeof(struct glyph);
		k->p = memcpy(arena_alloc(&cv->keep, gb ? gb : 1), fx->p, gb);
		k->s = memcpy(arena_alloc(&cv->keep, fx->len ? fx->len : 1), fx->s, fx->len);
	} else if (fx->kind == FX_LINK) {
		/* written in the canvas's scratch, for the next one */
		k->s = memcpy(arena_alloc(&cv->keep, fx->len ? fx->len : 1), fx->s, fx->len);
	}
	return 0;
}

/* ---- the window ------------------------------------------------------------ */

static void paint(struct pool_task *t, int slot)
{
	struct canvas *cv = (struct canvas *)t;

	cv->slot = slot;
	cv->ret = draw_page(cv);
}

/* Paints page pi on `pg` in cv: at once when `now`, else queued with
 * the document's fonts as they are. */
static void start(struct doc *d, struct canvas *cv, size_t pi, HPDF_Page pg, int now)
{
	cv->d = d;
	cv->pi = pi;
	cv->pg = pg;
	cv->now = now;
	cv->ret = cv->blocked = cv->failed = 0;
	cv->nfx = cv->nxobj = 0;
	cv->on_page = cv->spaces = 0;
	cv->mcids = 0;
	strbuf_release(&cv->out);
	strbuf_init(&cv->out, PAGE_HINT);
	arena_release(&cv->keep);
	cv->t.run = paint;
	if (!now) {
		memcpy(cv->font, d->face_font, sizeof(cv->font));
		pool_push(d->helpers, &cv->t);
		return;
	}
	cv->slot = 0;
	tags_page(d, pi, pg);
	cv->ret = draw_page(cv);
}

/*
 * Page cv->pi once it is painted: its effects applied and its content
 * handed on. A blocked page is painted again, `now`, once nothing else
 * is painted (it may change the engine and the fonts); the pages after
 * it that were blocked too are queued again with the fonts it made.
 */
static int finish(struct doc *d, struct canvas *win, size_t w, struct canvas *cv)
{
	struct pool *p = d->helpers;
	size_t k;
	int ret = 0;

	if (!cv->now) {
		pool_wait_for(p, &cv->t);
		if (cv->blocked) {
			pool_wait(p);
			start(d, cv, cv->pi, cv->pg, 1);
			for (k = 0; k < w; k++)
				if (win[k].pi > cv->pi && !win[k].now && win[k].blocked)
					start(d, &win[k], win[k].pi, win[k].pg, 0);
		} else if (!cv->ret) {
			tags_page(d, cv->pi, cv->pg);
			for (k = 0; k < cv->nfx && !ret; k++)
				ret = apply(cv, &cv->fx[k]);
		}
	}
	if (!ret)
		ret = cv->ret;
	if (!ret && save_contents(d, ((HPDF_PageAttr)cv->pg->attr)->contents, &cv->out) < 0)
		ret = -1;
	strbuf_release(&cv->out);
	arena_release(&cv->keep);
	return ret;
}

int draw_pages(struct doc *d, HPDF_Page *hp)
{
	struct pool *p = d->helpers;
	size_t w = p ? PAINT_WINDOW : 1, next = 0, i, k;
	struct canvas *win = xcalloc(w, sizeof(*win));
	int ret = 0;

	for (k = 0; k < w; k++) {
		strbuf_init(&win[k].out, 0);
		strbuf_init(&win[k].tmp, 0);
		strbuf_init(&win[k].annot, 0);
	}
	draw_headers(d);
	for (i = 0; i < d->npages && !d->hpdf_error && !ret; i++) {
		/* a page queued before the document has a font would wait for
		 * one: the first is painted at once */
		for (; next < d->npages && next < i + w; next++)
			start(d, &win[next % w], next, hp[next], !p || (next == i && !d->nfonts));
		ret = finish(d, win, w, &win[i % w]);
		if (!ret)
			ret = page_done(d, i, hp[i]);
	}
	/* after an error, the pages still painting */
	pool_wait(p);
	for (k = 0; k < w; k++) {
		strbuf_release(&win[k].out);
		strbuf_release(&win[k].tmp);
		strbuf_release(&win[k].annot);
		arena_release(&win[k].keep);
		free(win[k].fx);
		free(win[k].xobj);
	}
	free(win);
	return ret;
}
