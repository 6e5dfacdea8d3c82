/*
 * links.c - links: "#anchor" targets resolved to headings once the
 * headings are known; then, in one pass over each line's fragments after
 * its text is drawn, strike-through lines and an annotation over each run
 * of fragments of one link (borderless: the text's colour shows the
 * link), going to the heading's destination or to a URI. Only the URLs
 * the Markdown output would allow become annotations, percent-encoded
 * where a PDF URI needs it. A contents entry links its whole line.
 */
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/draw.h"
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

/* The annotation of link `link` over [x0, x1] on a line, tied to the
 * link's Link element at `key`: an effect (FX_LINK). */
static int make_link(struct canvas *cv, int32_t link, double x0, double x1, double base, float size,
		     uint64_t key)
{
	struct effect fx = { 0 };

	fx.kind = FX_LINK;
	fx.a = link;
	fx.key = key;
	fx.rect.left = (HPDF_REAL)x0;
	fx.rect.right = (HPDF_REAL)x1;
	fx.rect.bottom = (HPDF_REAL)(base - size * 0.25);
	fx.rect.top = (HPDF_REAL)(base + size * 0.85);
	return canvas_effect(cv, &fx);
}

/* A contents entry's line goes to its heading (FX_ENTRY). */
static int make_entry(struct canvas *cv, const struct vitem *v, float y, uint64_t key)
{
	const struct doc *d = cv->d;
	const struct frag *fr = item_frags(d, v);
	HPDF_Rect rect = { (HPDF_REAL)d->left, (HPDF_REAL)(page_top(d) - y - v->h),
			   (HPDF_REAL)(d->left + d->width), (HPDF_REAL)(page_top(d) - y) };
	struct effect fx = { 0 };

	fx.kind = FX_ENTRY;
	fx.a = v->aux;
	/* the entry's Link, which its text is in */
	fx.b = fr ? fr->se : -1;
	fx.key = key | 1;
	fx.rect = rect;
	return canvas_effect(cv, &fx);
}

static void entry_annot(struct doc *d, HPDF_Page pg, const struct effect *fx)
{
	HPDF_Annotation an = HPDF_Page_CreateLinkAnnot(pg, fx->rect, d->heads[fx->a].dest);

	if (!an)
		return;
	HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
	tags_annot(d, fx->b, an, fx->key, d->heads[fx->a].text);
}

void link_annot(struct doc *d, HPDF_Page pg, const struct effect *fx, struct strbuf *tmp)
{
	const struct link *l;
	HPDF_Annotation an;

	if (fx->kind == FX_ENTRY) {
		entry_annot(d, pg, fx);
		return;
	}
	l = &d->links[fx->a];
	if (l->note >= 0) {
		if (!d->notes[l->note].dest)
			return;
		an = HPDF_Page_CreateLinkAnnot(pg, fx->rect, d->notes[l->note].dest);
	} else if (l->heading >= 0) {
		if (!d->heads[l->heading].dest)
			return;
		an = HPDF_Page_CreateLinkAnnot(pg, fx->rect, d->heads[l->heading].dest);
	} else {
		if (!markdown_url_is_safe(l->url) || l->url[0] == '#')
			return;
		strbuf_reset(tmp);
		uri_encode(l->url, tmp);
		an = HPDF_Page_CreateURILinkAnnot(pg, fx->rect, tmp->buf);
	}
	if (!an)
		return;
	HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
	tags_annot(d, l->se, an, fx->key, l->text && *l->text ? l->text : l->url);
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
