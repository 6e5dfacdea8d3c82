/*
 * figure.c - blocks that are a picture: a paragraph holding one local PNG
 * or JPEG image (scaled to the measure and to 60% of the page height,
 * centred, its description as an italic caption), and ```chart blocks
 * (drawn by chartdraw.c at the measure's width). When the picture cannot
 * be shown, the text stands in: the image's description as a paragraph,
 * the chart's spec as code.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "markdown/markdown.h"
#include "pdf/chartdraw.h"
#include "pdf/layout.h"
#include "base/diag.h"
#include "base/strbuf.h"

/* A box `h` high at x, `w` wide, with `space` before it (the caller adds
 * the space after, or a caption). */
static void place_box(struct doc *d, const struct bctx *c, int kind, float h, float x, float w, int32_t aux,
		      float space)
{
	struct vitem *v;

	add_space(d, space);
	flush_space(d, c->frame);
	v = push_item(d, kind, h, c->frame);
	v->aux = aux;
	v->x = x;
	v->w = w;
	take_marker(d);
	close_item(d);
}

/* The local image `url` names, or NULL: quietly for a remote URL or a
 * format a PDF cannot hold, with a warning (once) when it cannot be read. */
static HPDF_Image load_image(struct doc *d, const char *url)
{
	struct strbuf path = STRBUF_INIT;
	HPDF_Image im = NULL;
	size_t n;

	if (!url || !*url || strstr(url, "://") || !strncmp(url, "mailto:", 7) || url[0] == '#')
		return NULL;
	n = strlen(url);
	if (url[0] != '/' && d->m->base_dir)
		strbuf_addf(&path, "%s/", d->m->base_dir);
	strbuf_adds(&path, url);
	if (n > 4 && !strcasecmp(url + n - 4, ".png")) {
		im = HPDF_LoadPngImageFromFile(d->pdf, path.buf);
	} else if ((n > 4 && !strcasecmp(url + n - 4, ".jpg")) ||
		   (n > 5 && !strcasecmp(url + n - 5, ".jpeg"))) {
		im = HPDF_LoadJpegImageFromFile(d->pdf, path.buf);
	} else {
		/* not a format the PDF can hold: the description stands in */
		strbuf_release(&path);
		return NULL;
	}
	if (!im) {
		HPDF_ResetError(d->pdf);
		d->hpdf_error = 0;
		d->warnings++;
		if (!d->warned_image++)
			warning("%s: image cannot be loaded; its description is shown instead", path.buf);
	}
	strbuf_release(&path);
	return im;
}

static void image_caption(struct doc *d, cmark_node *img, const struct bctx *c)
{
	struct tstyle ts = body_style(d);

	ts.italic = 1;
	ts.size = (float)d->st->small;
	ts.color = COL_MUTED;
	keep_last(d);
	d->pend_space = 0;
	add_space(d, 4);
	para_reset(&d->para);
	para_add_inlines(d, &d->para, img, &ts);
	set_para(d, c, 1, 1, ts.size, ts.size * 1.35f, 0);
}

int try_image(struct doc *d, cmark_node *para, const struct bctx *c)
{
	cmark_node *img = cmark_node_first_child(para);
	HPDF_Image im = load_image(d, cmark_node_get_url(img));
	struct image *ii;
	double w, h, maxh = d->height * 0.6;

	if (!im)
		return 0;
	w = HPDF_Image_GetWidth(im);
	h = HPDF_Image_GetHeight(im);
	if (w <= 0 || h <= 0)
		return 0;
	if (w > c->w) {
		h *= c->w / w;
		w = c->w;
	}
	if (h > maxh) {
		w *= maxh / h;
		h = maxh;
	}
	ii = DOC_PUSH(d, images);
	ii->img = im;
	ii->w = (float)w;
	ii->h = (float)h;
	place_box(d, c, V_IMAGE, (float)h, (float)(c->x0 + (c->w - w) / 2), (float)w, (int32_t)(d->nimages - 1),
		  (float)(d->lead * 0.5));
	if (cmark_node_first_child(img))
		image_caption(d, img, c);
	add_space(d, (float)(d->lead * 0.5));
	return 1;
}

/* A ```chart block: drawn by chartdraw; a spec that was refused (and
 * reported by markdown_parse) is shown as code. */
void do_chart(struct doc *d, cmark_node *n, const struct markdown_chart *mc, const struct bctx *c)
{
	const char *lit = cmark_node_get_literal(n);
	struct chart ch;
	struct chartbox *cb;
	double h = 0;

	if (!mc->ok) {
		d->warnings++;
		do_code(d, lit, c, FRAME_CODE);
		return;
	}
	chart_copy(&ch, &mc->chart);
	if (chartdraw_measure(&ch, c->w, &h) < 0 || h <= 0) {
		chart_release(&ch);
		do_code(d, lit, c, FRAME_CODE);
		return;
	}
	if (h > d->height)
		h = d->height;
	cb = DOC_PUSH(d, charts);
	cb->c = ch;
	cb->w = (float)c->w;
	cb->h = (float)h;
	place_box(d, c, V_CHART, cb->h, (float)c->x0, (float)c->w, (int32_t)(d->ncharts - 1),
		  (float)(d->lead * 0.7));
	add_space(d, (float)(d->lead * 0.7));
}
