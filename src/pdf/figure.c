/*
 * figure.c - pictures: the images of a document, loaded once each
 * (image.c reads and decodes them; one that cannot be shown is reported
 * once, with its position, and its description stands in); a paragraph
 * holding one image as a figure (scaled to the measure and to 60% of the
 * page height, centred, its description as an italic caption); and
 * ```chart blocks (drawn by chartdraw.c at the measure's width), shown as
 * their spec when they cannot be drawn.
 *
 * A document's images are bounded as a whole, beyond image.c's limits on
 * one file: how many files and references, and the bytes read and the
 * pixels decoded for all of them together, failures included (each file
 * is tried once), so that a page of references to large or broken images
 * costs a bounded time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/chartdraw.h"
#include "pdf/image.h"
#include "pdf/layout.h"
#include "base/diag.h"
#include "base/strbuf.h"

#define DOC_MAX_IMAGES 1000u                 /* different files */
#define DOC_MAX_IMAGE_REFS 10000u            /* images in the text */
#define DOC_MAX_IMAGE_BYTES (64u << 20)      /* the files read, together */
#define DOC_MAX_IMAGE_PIXELS 50000000u       /* the pixels decoded, together */

#define SHOWN_INSTEAD "; its description is shown instead"

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

/* "SOURCE:LINE:COL: image 'URL': WHY TAIL" about image node `img`. */
static void image_warning(struct doc *d, cmark_node *img, const char *why, const char *tail)
{
	const char *url = cmark_node_get_url(img);

	d->warnings++;
	warning("%s:%d:%d: image '%s': %s%s", d->m->source ? d->m->source : "<markdown>",
		(int)d->line0 + cmark_node_get_start_line(img), cmark_node_get_start_column(img), url ? url : "", why,
		tail);
}

/* `url` without empty and "." steps, so that "./a.png" and "a.png" are
 * one image ("..", refused by the Markdown policy, is left for image_read
 * to refuse). */
static void normal_path(const char *url, struct strbuf *out)
{
	const char *p = url;

	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n && !(n == 1 && p[0] == '.')) {
			if (out->len)
				strbuf_addc(out, '/');
			strbuf_add(out, p, n);
		}
		p += n + (e ? 1 : 0);
	}
}

/* What the document has left of its budget for images. */
static size_t bytes_left(const struct doc *d)
{
	return d->image_bytes < DOC_MAX_IMAGE_BYTES ? DOC_MAX_IMAGE_BYTES - (size_t)d->image_bytes : 0;
}

static uint64_t pixels_left(const struct doc *d)
{
	return d->image_pixels < DOC_MAX_IMAGE_PIXELS ? DOC_MAX_IMAGE_PIXELS - d->image_pixels : 0;
}

/* Decodes and embeds a file's bytes. Every attempt costs the pixels its
 * header names, whether it succeeds or not. */
static HPDF_Image embed(struct doc *d, const struct image_file *f, struct image *ii, char *why)
{
	struct image_data im;
	uint64_t left = pixels_left(d), n;
	HPDF_Image x = NULL;

	if (!image_decode((const unsigned char *)f->data, f->len, left, &im)) {
		x = image_to_pdf(d->pdf, &im);
		if (!x)
			d->hpdf_error = 0; /* the error libharu recorded was reset */
	}
	n = (uint64_t)im.w * im.h;
	if (!x && n > left && n <= IMAGE_MAX_PIXELS && im.w <= IMAGE_MAX_SIDE && im.h <= IMAGE_MAX_SIDE)
		snprintf(why, IMAGE_WHY, "the document's images pass the limit of %u pixels together",
			 DOC_MAX_IMAGE_PIXELS);
	else if (!x)
		snprintf(why, IMAGE_WHY, "%s", im.why);
	d->image_pixels += n <= left ? n : 0;
	ii->pw = im.w;
	ii->ph = im.h;
	image_data_release(&im);
	return x;
}

static HPDF_Image load_file(struct doc *d, const char *path, struct image *ii, char *why)
{
	struct image_file f;
	HPDF_Image x = NULL;
	size_t left = bytes_left(d);

	if (!image_read(d->m->base_dir, path, left, &f, why)) {
		d->image_bytes += f.len;
		x = embed(d, &f, ii, why);
	} else if (f.size > left && f.size <= IMAGE_MAX_BYTES) {
		snprintf(why, IMAGE_WHY, "the document's images pass the limit of %u bytes together",
			 DOC_MAX_IMAGE_BYTES);
	}
	free(f.data);
	return x;
}

int32_t figure_image(struct doc *d, cmark_node *img)
{
	const char *url = cmark_node_get_url(img);
	struct strbuf path = STRBUF_INIT;
	struct image *ii;
	char why[IMAGE_WHY];
	int32_t k = -1;
	size_t i;

	if (!image_url_is_local(url))
		return -1;
	if (d->image_refs >= DOC_MAX_IMAGE_REFS) {
		snprintf(why, sizeof(why), "more than %u images in the document", DOC_MAX_IMAGE_REFS);
		if (d->image_refs++ == DOC_MAX_IMAGE_REFS)
			image_warning(d, img, why, "; it and the ones after it show their descriptions");
		return -1;
	}
	d->image_refs++;
	normal_path(url, &path);
	for (i = 0; i < d->nimages && strcmp(d->images[i].path, path.buf); i++)
		;
	if (i < d->nimages) {
		k = d->images[i].img ? (int32_t)i : -1;
	} else if (d->nimages >= DOC_MAX_IMAGES) {
		snprintf(why, sizeof(why), "more than %u image files in the document", DOC_MAX_IMAGES);
		image_warning(d, img, why, SHOWN_INSTEAD);
	} else {
		ii = DOC_PUSH(d, images);
		ii->path = arena_strdup(&d->arena, path.buf);
		ii->img = load_file(d, path.buf, ii, why);
		if (ii->img)
			k = (int32_t)(d->nimages - 1);
		else
			image_warning(d, img, why, SHOWN_INSTEAD);
	}
	strbuf_release(&path);
	return k;
}

static int blank(const char *s)
{
	for (; *s == ' ' || *s == '\t' || *s == '\n'; s++)
		;
	return !*s;
}

/* An image whose description is empty says nothing to a reader who
 * cannot see it, nor anything at all where it cannot be shown. */
void figure_check_alt(struct doc *d, const struct markdown_nodes *images)
{
	size_t i;

	for (i = 0; i < images->n; i++) {
		char *alt = markdown_node_text(images->v[i]);
		if (blank(alt))
			image_warning(d, images->v[i],
				      "no description (alt text) for readers who cannot see it", "");
		free(alt);
	}
}

int32_t figure_element(struct doc *d, cmark_node *img, int32_t parent)
{
	char *alt = markdown_node_text(img);
	int32_t fig = -1;

	if (!blank(alt)) {
		fig = tags_new(d, TAG_FIGURE, parent);
		tags_set_text(d, fig, alt, strlen(alt));
	}
	free(alt);
	return fig;
}

static void image_caption(struct doc *d, cmark_node *img, const struct bctx *c, int32_t fig)
{
	struct tstyle ts = body_style(d);

	d->se = fig >= 0 ? tags_new(d, TAG_CAPTION, fig) : tags_new(d, TAG_P, c->se);
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
	int32_t k = figure_image(d, img), fig;
	double w, h, maxh = d->height * 0.6;

	if (k < 0)
		return 0;
	w = d->images[k].pw;
	h = d->images[k].ph;
	if (w > c->w) {
		h *= c->w / w;
		w = c->w;
	}
	if (h > maxh) {
		w *= maxh / h;
		h = maxh;
	}
	place_box(d, c, V_IMAGE, (float)h, (float)(c->x0 + (c->w - w) / 2), (float)w, k,
		  (float)(d->lead * 0.5));
	fig = figure_element(d, img, c->se);
	d->items[d->nitems - 1].se = fig;
	if (cmark_node_first_child(img))
		image_caption(d, img, c, fig);
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
	/* what the chart shows, in words, from its data */
	d->items[d->nitems - 1].se = tags_new(d, TAG_FIGURE, c->se);
	strbuf_reset(&d->scratch);
	tags_chart_alt(&cb->c, &d->scratch);
	tags_set_text(d, d->items[d->nitems - 1].se, d->scratch.buf, d->scratch.len);
	add_space(d, (float)(d->lead * 0.7));
}
