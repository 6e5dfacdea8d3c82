/*
 * tags.c - structure elements as layout makes them, and the marked
 * content drawing writes (tags.h); tagwrite.c writes the tree.
 *
 * Everything here is small arrays and appends: a brief has a few
 * thousand elements and a 1,000-page document tens of thousands, and
 * tagging must stay a small part of the time a document takes. The
 * content stream gets one marked-content sequence per element per run
 * of its content on a page (a paragraph's lines share one), not one per
 * line.
 */
#include <stdio.h>
#include <string.h>

#include <hpdf_objects.h>

#include "markdown/chart.h"
#include "pdf/draw.h"
#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/strbuf.h"

static const char *const tag_names[TAG__COUNT] = {
	"Document", "P", "H", "L", "LI", "Lbl", "LBody", "BlockQuote", "Code", "Table", "THead", "TBody",
	"TR", "TH", "TD", "Link", "Note", "TOC", "TOCI", "Figure", "Caption",
};

void tags_init(struct doc *d)
{
	strbuf_init(&d->tags.text, 0);
	d->tags.last_level = 0;
	tags_new(d, TAG_DOCUMENT, -1);
	d->se = 0;
}

void tags_release(struct tags *t)
{
	free(t->el);
	free(t->part);
	free(t->page_obj);
	free(t->page_mcids);
	strbuf_release(&t->text);
	memset(t, 0, sizeof(*t));
}

int32_t tags_new(struct doc *d, int type, int32_t parent)
{
	struct tags *t = &d->tags;
	struct tag_elem *e;

	ALLOC_GROW(t->el, t->nel + 1, t->ael);
	e = &t->el[t->nel++];
	memset(e, 0, sizeof(*e));
	e->parent = t->nel == 1 ? -1 : parent < 0 ? 0 : parent;
	e->type = (uint8_t)type;
	e->key = UINT64_MAX;
	return (int32_t)(t->nel - 1);
}

void tags_set_text(struct doc *d, int32_t el, const char *s, size_t len)
{
	struct tags *t = &d->tags;

	t->el[el].text = (uint32_t)t->text.len + 1;
	strbuf_add(&t->text, s, len);
	strbuf_addc(&t->text, 0);
}

void tags_move(struct doc *d, int32_t el, int32_t parent)
{
	d->tags.el[el].parent = parent < 0 ? 0 : parent;
}

int32_t tags_link(struct doc *d, int32_t link)
{
	struct link *l = &d->links[link];

	if (l->se < 0)
		l->se = tags_new(d, TAG_LINK, d->se);
	return l->se;
}

int tags_heading_level(int level, int prev)
{
	if (level < 1)
		level = 1;
	if (level > 6)
		level = 6;
	return level > prev + 1 ? prev + 1 : level;
}

/* ---- chart descriptions ------------------------------------------------- */

static void alt_label(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		strbuf_addc(out, (unsigned char)*s < 0x20 ? ' ' : *s);
}

void tags_chart_alt(const struct chart *c, struct strbuf *out)
{
	size_t i, k;

	strbuf_adds(out, c->kind == CHART_TIMELINE ? "Timeline" : "Bar chart");
	if (c->title) {
		strbuf_adds(out, ": ");
		alt_label(out, c->title);
	}
	strbuf_adds(out, ".");
	if (c->x_title || c->y_title) {
		strbuf_adds(out, c->x_title && c->y_title ? " Axes: " : " Axis: ");
		if (c->x_title)
			alt_label(out, c->x_title);
		if (c->x_title && c->y_title)
			strbuf_adds(out, " against ");
		if (c->y_title)
			alt_label(out, c->y_title);
		strbuf_adds(out, ".");
	}
	if (c->kind == CHART_TIMELINE && c->ncategories)
		strbuf_addf(out, " Years %d to %d.", c->years[0], c->years[c->ncategories - 1]);
	for (k = 0; k < c->nseries; k++) {
		const struct chart_series *s = &c->series[k];
		strbuf_addc(out, ' ');
		if (s->label)
			alt_label(out, s->label);
		else
			strbuf_addf(out, "Series %zu", k + 1);
		strbuf_adds(out, ": ");
		for (i = 0; i < c->ncategories; i++) {
			if (i)
				strbuf_adds(out, ", ");
			alt_label(out, c->categories[i]);
			strbuf_addc(out, ' ');
			chart_format_value(s->values[i], out);
		}
		strbuf_adds(out, ".");
	}
}

/* ---- drawing ------------------------------------------------------------- */

static uint32_t obj_number(void *obj)
{
	return ((HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

void tags_page(struct doc *d, size_t pi, HPDF_Page pg)
{
	struct tags *t = &d->tags;

	if (!t->page_obj) {
		t->npages = d->npages;
		t->page_obj = xcalloc(t->npages ? t->npages : 1, sizeof(*t->page_obj));
		t->page_mcids = xcalloc(t->npages ? t->npages : 1, sizeof(*t->page_mcids));
	}
	t->page = (uint32_t)pi;
	t->page_obj[pi] = obj_number(pg);
	HPDF_Dict_AddNumber(pg, "StructParents", (HPDF_INT32)pi);
	HPDF_Dict_AddName(pg, "Tabs", "S");
}

static struct tag_part *new_part(struct tags *t, int32_t el, uint64_t key)
{
	struct tag_part *p;

	ALLOC_GROW(t->part, t->npart + 1, t->apart);
	p = &t->part[t->npart++];
	p->el = el;
	p->page = t->page;
	p->key = key;
	p->obj = 0;
	return p;
}

/* Its level (a digit the effect fills in: canvas.c) is settled the
 * first time a heading is drawn, in reading order. */
int tags_content(struct doc *d, int32_t el, uint64_t key)
{
	struct tags *t = &d->tags;
	struct tag_elem *e = &t->el[el];

	new_part(t, el, key)->mcid = t->page_mcids[t->page]++;
	if (e->type != TAG_H)
		return 0;
	if (!e->drawn) {
		e->level = (uint8_t)tags_heading_level(e->level, t->last_level);
		t->last_level = e->level;
		e->drawn = 1;
	}
	return e->level;
}

void tags_mark(struct canvas *cv, struct strbuf *out, struct tag_mark *m, int32_t el, uint64_t key)
{
	struct effect fx; /* the fields its kind uses */

	if (m->el == el && el != TAG_NONE)
		return;
	if (m->el != TAG_NONE)
		strbuf_adds(out, "EMC\n");
	m->el = el;
	switch (el) {
	case TAG_NONE:
		return;
	case TAG_ARTIFACT:
		strbuf_adds(out, "/Artifact BMC\n");
		return;
	case TAG_ART_HEADER:
		strbuf_adds(out, "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
		return;
	case TAG_ART_FOOTER:
		strbuf_adds(out, "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
		return;
	case TAG_ART_REPEAT:
		strbuf_adds(out, "/Artifact <</Type /Pagination>> BDC\n");
		return;
	default:
		break;
	}
	fx.kind = FX_CONTENT;
	fx.a = el;
	fx.b = -1;
	fx.key = key;
	strbuf_addc(out, '/');
	strbuf_adds(out, tag_names[cv->d->tags.el[el].type]);
	if (cv->d->tags.el[el].type == TAG_H) {
		fx.b = (int32_t)out->len;
		strbuf_addc(out, '0');
	}
	strbuf_adds(out, " <</MCID ");
	strbuf_addu(out, cv->mcids++);
	strbuf_adds(out, ">> BDC\n");
	canvas_effect(cv, &fx);
}

uint32_t tags_annot(struct doc *d, int32_t el, uint32_t annot, uint64_t key)
{
	struct tags *t = &d->tags;
	struct tag_part *p = new_part(t, el, key);

	p->obj = annot + 1;
	p->mcid = (uint32_t)t->npages + t->nannots++;
	return p->mcid;
}

void tags_note_ref(struct doc *d, int32_t note, int32_t at, uint64_t key)
{
	struct tag_elem *e = &d->tags.el[note];

	if (e->fixed || at < 0)
		return;
	e->fixed = TAG_FIXED;
	e->parent = at;
	e->key = key;
}
