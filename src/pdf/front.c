/*
 * front.c - the front matter's items: the cover page (a short accent
 * rule, the title, the audience, the question, then a rule and the
 * details: date, data as of, cases, who prepared it, and a note on where
 * the document comes from) and the contents
 * page (one entry per level-1 and level-2 heading except the document's
 * title, indented by level, with its page number filled in once
 * pagination has placed the headings).
 */
#include <stdio.h>
#include <string.h>

#include "pdf/layout.h"
#include "base/strbuf.h"

static void cover_text(struct doc *d, const char *s, int family, int bold, int italic, float size,
		       float lh, int color)
{
	struct bctx c;
	struct tstyle ts = body_style(d);

	if (!s || !*s)
		return;
	memset(&c, 0, sizeof(c));
	c.w = d->width * 0.85;
	ts.family = family;
	ts.bold = bold;
	ts.italic = italic;
	ts.size = size;
	ts.color = color;
	ts.hyphenate = 0;
	para_reset(&d->para);
	para_add_text(d, &d->para, s, strlen(s), &ts);
	set_para(d, &c, 2, 0, size, lh, 1);
}

static void cover_space(struct doc *d, float h)
{
	push_item(d, V_SPACE, h, NULL)->keep = 1;
}

/* A "LABEL   value" line of the cover's details. */
static void cover_meta(struct doc *d, const char *label, const char *value)
{
	float lh = 17, size = 10;
	struct vitem *v;

	if (!value || !*value)
		return;
	v = push_item(d, V_LINE, lh, NULL);
	v->asc = line_ascent(d, size, lh);
	v->keep = 1;
	v->brk = BRK_LAST;
	text_frags(d, label, strlen(label), FONT_SANS_BOLD, (float)d->st->small, COL_MUTED, 0, NULL);
	text_frags(d, value, strlen(value), FONT_SANS, size, COL_TEXT, 96, NULL);
	close_item(d);
}

void layout_cover(struct doc *d)
{
	const struct pdf_meta *m = d->m;
	struct vitem *v;
	char buf[64];

	d->pend_space = 0;
	cover_space(d, (float)(d->height * 0.16));
	v = push_item(d, V_RULE, 14, NULL);
	v->aux = 1;
	v->w = 64;
	v->keep = 1;
	cover_space(d, 10);
	cover_text(d, m->title ? m->title : "", FONT_SANS, 1, 0, 26, 32, COL_HEADING);
	cover_space(d, 12);
	if (m->audience && *m->audience) {
		/* a label, as for the question: no sentence to build around
		 * whatever the audience is called */
		cover_text(d, "FOR", FONT_SANS, 1, 0, (float)d->st->small, 14, COL_MUTED);
		cover_space(d, 2);
		cover_text(d, m->audience, FONT_SANS, 0, 0, 13, 18, COL_MUTED);
	}
	if (m->question && *m->question) {
		cover_space(d, 36);
		cover_text(d, "THE QUESTION", FONT_SANS, 1, 0, (float)d->st->small, 14, COL_MUTED);
		cover_space(d, 4);
		cover_text(d, m->question, FONT_SERIF, 0, 1, 15, 21, COL_TEXT);
	}
	cover_space(d, 44);
	v = push_item(d, V_RULE, 12, NULL);
	v->w = (float)d->width;
	v->keep = 1;
	cover_meta(d, "DATE", m->date);
	cover_meta(d, "DATA AS OF", m->data_as_of);
	if (m->ncases >= 0) {
		snprintf(buf, sizeof(buf), "%d", m->ncases);
		cover_meta(d, "CASES", buf);
	}
	cover_meta(d, "PREPARED BY", m->author);
	if (m->cover_note && *m->cover_note) {
		cover_space(d, 10);
		cover_text(d, m->cover_note, FONT_SANS, 0, 0, (float)d->st->small, 11, COL_MUTED);
	}
	if (d->nitems)
		d->items[d->nitems - 1].keep = 0;
}

#define TOC_NUMBER_ROOM 40.0
/* a contents page of a hostile document stays a few pages long */
#define MAX_TOC_ENTRIES 1000

size_t layout_contents(struct doc *d)
{
	size_t first = d->nitems, i, listed;
	struct bctx c;
	float size = (float)d->st->body, lh = (float)d->lead;

	memset(&c, 0, sizeof(c));
	c.w = d->width;
	d->pend_space = 0;
	{
		struct tstyle ts = body_style(d);
		ts.family = FONT_SANS;
		ts.bold = 1;
		ts.size = (float)d->st->h1;
		ts.color = COL_HEADING;
		ts.hyphenate = 0;
		para_reset(&d->para);
		para_add_text(d, &d->para, "Contents", 8, &ts);
		set_para(d, &c, 1, 0, ts.size, ts.size * 1.25f, 1);
		add_space(d, (float)(d->lead * 1.2));
	}
	for (i = 0, listed = 0; i < d->nheads && listed < MAX_TOC_ENTRIES; i++) {
		const struct heading *h = &d->heads[i];
		struct tstyle ts = body_style(d);
		size_t k0, k;
		/* the document's own title is not an entry of its contents */
		if (h->level > 2 || (h->level == 1 && d->m->title && !strcmp(h->text, d->m->title)))
			continue;
		listed++;
		ts.bold = h->level == 1;
		ts.hyphenate = 0;
		c.x0 = h->level == 1 ? 0 : 16;
		c.w = d->width - c.x0 - TOC_NUMBER_ROOM;
		if (h->level == 1)
			add_space(d, (float)(d->lead * 0.4));
		para_reset(&d->para);
		para_add_text(d, &d->para, h->text, strlen(h->text), &ts);
		k0 = d->nitems;
		if (!set_para(d, &c, 1, 0, size, lh, 0))
			continue;
		for (k = k0; k < d->nitems; k++) {
			struct vitem *v = &d->items[k];
			if (v->kind != V_LINE)
				continue;
			v->kind = V_TOC;
			v->aux = (int32_t)i;
			v->keep = k + 1 < d->nitems;
		}
		/* room for the page number, filled in once pages are known */
		push_frag(d);
		d->items[d->nitems - 1].nfrag++;
		add_space(d, (float)(d->lead * 0.1));
	}
	return first;
}

void layout_contents_numbers(struct doc *d, size_t first)
{
	size_t i;
	char buf[32];

	for (i = first; i < d->nitems; i++) {
		struct vitem *v = &d->items[i];
		struct frag *f;
		const unsigned char *q;
		if (v->kind != V_TOC || v->brk != BRK_LAST || !v->nfrag)
			continue;
		f = &d->frags[v->frag + v->nfrag - 1];
		snprintf(buf, sizeof(buf), "%d", d->heads[v->aux].page + 1);
		f->off = pool_add(d, buf, strlen(buf));
		f->len = (uint32_t)strlen(buf);
		f->font = d->heads[v->aux].level == 1 ? FONT_SERIF_BOLD : FONT_SERIF;
		f->size = (float)d->st->body;
		f->color = COL_TEXT;
		f->w = 0;
		for (q = (const unsigned char *)buf; *q; q++)
			f->w += (float)(font_adv(d->e, f->font, *q) * f->size / 1000.0);
		f->x = (float)d->width - f->w;
	}
}
