/*
 * links.c - links: "#anchor" targets resolved to headings once the
 * headings are known; then, in one pass over each line's fragments after
 * its text is drawn, strike-through lines and an annotation over each run
 * of fragments of one link (borderless: the text's colour shows the
 * link), going to the heading's destination or to a URI. Only the URLs
 * the Markdown output would allow become annotations, percent-encoded
 * where a PDF URI needs it. A contents entry links its whole line.
 *
 * The annotations are object text of casebrief's own, not libharu
 * objects (some twenty thousand instructions each to make, on the
 * engine's thread, and more to save): the text is written while the
 * page is painted, on any thread, all but the /StructParent, which the
 * engine's thread adds in page order; after libharu has saved, the
 * annotations are numbered from its last object on. Each page that has
 * any gets a placeholder array in libharu for its /Annots, which the
 * references to its annotations replace.
 */
#include <stdlib.h>

#include <hpdf_objects.h>

#include "markdown/markdown.h"
#include "pdf/draw.h"
#include "pdf/pack.h"
#include "base/alloc.h"
#include "base/strbuf.h"

void links_resolve(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nlinks; i++) {
		struct link *l = &d->links[i];
		if (l->note >= 0 || l->url[0] != '#')
			continue;
		l->heading = anchor_heading(d, l->url + 1);
		if (l->heading >= 0)
			d->heads[l->heading].linked = 1;
	}
}

static void uri_encode(const char *url, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)url;
	for (; *p; p++) {
		if (*p > 0x20 && *p < 0x7f && *p != '"' && *p != '<' && *p != '>' && *p != '\\' &&
		    *p != '{' && *p != '}' && *p != '|' && *p != '^' && *p != '`')
			strbuf_addc(out, *p);
		else
			strbuf_addf(out, "%%%02X", *p);
	}
}

static uint32_t obj_number(const void *obj)
{
	return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

static void put_ref(struct strbuf *b, uint32_t obj)
{
	strbuf_addu(b, obj);
	strbuf_addlit(b, " 0 R");
}

/* What an annotation says and where (a libharu destination, or a URL). */
struct annot_spec {
	float x0, y0, x1, y1;
	HPDF_Destination dest;
	const char *url;
	int32_t el;             /* its element, -1: none */
	const char *contents;   /* what it says, UTF-8 */
};

/*
 * The annotation's object text, less its /StructParent and the closing
 * ">>", in b: what libharu's link annotations hold, with /Rect as it
 * writes reals (bottom-left corner first), and an annotation tied to an
 * element printed (as PDF/A wants) and with its text cut as the
 * outline's is.
 */
static void annot_text(struct canvas *cv, const struct annot_spec *a, struct strbuf *b)
{
	float lo = a->y0 < a->y1 ? a->y0 : a->y1, hi = a->y0 < a->y1 ? a->y1 : a->y0;

	strbuf_addlit(b, "<</Type/Annot/Subtype/Link/Rect[");
	gfx_real(b, a->x0);
	strbuf_addc(b, ' ');
	gfx_real(b, lo);
	strbuf_addc(b, ' ');
	gfx_real(b, a->x1);
	strbuf_addc(b, ' ');
	gfx_real(b, hi);
	strbuf_addlit(b, "]/Border[0 0 0]/P ");
	put_ref(b, obj_number(cv->pg));
	if (a->dest) {
		strbuf_addlit(b, "/Dest ");
		put_ref(b, obj_number(a->dest));
	} else {
		strbuf_reset(&cv->tmp);
		uri_encode(a->url, &cv->tmp);
		strbuf_addlit(b, "/A<</Type/Action/S/URI/URI");
		tags_put_text(b, cv->tmp.buf);
		strbuf_addlit(b, ">>");
	}
	if (a->el < 0)
		return;
	strbuf_addlit(b, "/F 4");
	if (a->contents && *a->contents) {
		strbuf_reset(&cv->tmp);
		outline_text(&cv->tmp, a->contents);
		strbuf_addlit(b, "/Contents");
		tags_put_text(b, cv->tmp.buf);
	}
}

/* Annotation `a` as an effect of the page (FX_LINK) at `key`. */
static int make_annot(struct canvas *cv, const struct annot_spec *a, uint64_t key)
{
	struct strbuf *b = &cv->annot;
	struct effect fx = { 0 };

	strbuf_reset(b);
	annot_text(cv, a, b);
	fx.kind = FX_LINK;
	fx.a = a->el;
	fx.key = key;
	fx.s = b->buf;
	fx.len = (uint32_t)b->len;
	return canvas_effect(cv, &fx);
}

/* The annotation of link `link` over [x0, x1] on a line, tied to the
 * link's Link element at `key`; none when its target has no
 * destination or its URL is not one to follow. */
static int make_link(struct canvas *cv, int32_t link, double x0, double x1, double base, float size,
		     uint64_t key)
{
	const struct doc *d = cv->d;
	const struct link *l = &d->links[link];
	struct annot_spec a;

	a.x0 = (float)x0;
	a.x1 = (float)x1;
	a.y0 = (float)(base - size * 0.25);
	a.y1 = (float)(base + size * 0.85);
	a.dest = NULL;
	a.url = NULL;
	a.el = l->se;
	a.contents = l->text && *l->text ? l->text : l->url;
	if (l->note >= 0)
		a.dest = d->notes[l->note].dest;
	else if (l->heading >= 0)
		a.dest = d->heads[l->heading].dest;
	else if (markdown_url_is_safe(l->url) && l->url[0] != '#')
		a.url = l->url;
	if (!a.dest && !a.url)
		return 0;
	return make_annot(cv, &a, key);
}

/* A contents entry's line goes to its heading, tied to the entry's
 * Link, which its text is in. */
static int make_entry(struct canvas *cv, const struct vitem *v, float y, uint64_t key)
{
	const struct doc *d = cv->d;
	const struct frag *fr = item_frags(d, v);
	struct annot_spec a;

	a.x0 = (float)d->left;
	a.y0 = (float)(page_top(d) - y - v->h);
	a.x1 = (float)(d->left + d->width);
	a.y1 = (float)(page_top(d) - y);
	a.dest = d->heads[v->aux].dest;
	a.url = NULL;
	a.el = fr ? fr->se : -1;
	a.contents = d->heads[v->aux].text;
	return make_annot(cv, &a, key | 1);
}

/* ---- in page order ------------------------------------------------------- */

/* Page cv->pi's /Annots: a placeholder, replaced once saved. */
static int annots_page(struct canvas *cv)
{
	struct doc *d = cv->d;
	struct annots *an = &d->annots;
	HPDF_Array arr = HPDF_Array_New(d->pdf->mmgr);
	struct annot_page *p;

	if (!arr || HPDF_Xref_Add(d->pdf->xref, arr) != HPDF_OK || HPDF_Dict_Add(cv->pg, "Annots", arr) != HPDF_OK)
		return -1;
	ALLOC_GROW(an->page, an->npage + 1, an->apage);
	p = &an->page[an->npage++];
	p->pi = (uint32_t)cv->pi;
	p->obj = obj_number(arr);
	p->first = (uint32_t)an->n;
	return 0;
}

int link_annot(struct canvas *cv, const struct effect *fx)
{
	struct annots *an = &cv->d->annots;

	if ((!an->npage || an->page[an->npage - 1].pi != cv->pi) && annots_page(cv) < 0)
		return -1;
	ALLOC_GROW(an->off, an->n + 2, an->aoff);
	an->off[0] = 0;
	strbuf_add(&an->text, fx->s, fx->len);
	if (fx->a >= 0) {
		strbuf_addlit(&an->text, "/StructParent ");
		strbuf_addu(&an->text, tags_annot(cv->d, fx->a, (uint32_t)an->n, fx->key));
	}
	strbuf_addlit(&an->text, ">>");
	an->off[++an->n] = an->text.len;
	return 0;
}

void links_write(struct doc *d, struct pack_objs *po)
{
	struct annots *an = &d->annots;
	uint32_t base = d->tags.next_obj, k;
	size_t i;

	for (i = 0; i < an->n; i++) {
		pack_objs_begin(po, base + (uint32_t)i);
		strbuf_add(&po->text, an->text.buf + an->off[i], an->off[i + 1] - an->off[i]);
		pack_objs_end(po);
	}
	for (i = 0; i < an->npage; i++) {
		uint32_t end = i + 1 < an->npage ? an->page[i + 1].first : (uint32_t)an->n;
		pack_objs_begin(po, an->page[i].obj);
		strbuf_addc(&po->text, '[');
		for (k = an->page[i].first; k < end; k++) {
			if (k > an->page[i].first)
				strbuf_addc(&po->text, ' ');
			put_ref(&po->text, base + k);
		}
		strbuf_addc(&po->text, ']');
		pack_objs_end(po);
	}
	d->tags.annot_obj = base;
	d->tags.next_obj = base + (uint32_t)an->n;
	/* a long document's annotations are a megabyte or two */
	links_release(an);
}

void links_release(struct annots *an)
{
	strbuf_release(&an->text);
	free(an->off);
	free(an->page);
	an->off = NULL;
	an->page = NULL;
	an->n = an->aoff = an->npage = an->apage = 0;
}

int draw_marks(struct canvas *cv, const struct vitem *v, float y, uint64_t key)
{
	const struct doc *d = cv->d;
	double left = d->left, base = page_top(d) - y - v->asc;
	const struct frag *fr = item_frags(d, v);
	struct strbuf *out = &cv->out;
	uint32_t k;

	for (k = 0; k < v->nfrag; k++) {
		const struct frag *f = &fr[k];
		if (f->flags & IF_STRIKE) {
			strbuf_addlit(out, "/Artifact BMC\n");
			gfx_line(out, color_of(d, f->color), f->size * 0.06, left + f->x, base + f->size * 0.28,
				 left + f->x + f->w, base + f->size * 0.28);
			strbuf_addlit(out, "EMC\n");
		}
		if (f->link >= 0) {
			/* one annotation over a run of fragments of the same link */
			double x1 = left + f->x + f->w;
			uint32_t j = k;
			while (j + 1 < v->nfrag && fr[j + 1].link == f->link) {
				j++;
				x1 = left + fr[j].x + fr[j].w;
			}
			if (make_link(cv, f->link, left + f->x, x1, base + f->rise, f->size,
				      key + ((uint64_t)k << 2 | 1)) < 0)
				return -1;
			k = j;
		}
	}
	if (v->kind == V_TOC && v->aux >= 0 && d->heads[v->aux].dest)
		return make_entry(cv, v, y, key);
	return 0;
}
