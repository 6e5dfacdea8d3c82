/*
 * front.c - the front matter's items: the cover page (a short accent
 * rule, the title, the audience, the question, then a rule and the
 * details: date, data as of, cases, who prepared it, and a note on where
 * the document comes from) and the contents
 * (one entry per heading down to the depth the outline shows too, except
 * the document's title, indented by level, with its page number filled
 * in once pagination has placed the headings).
 */
#include <stdio.h>
#include <string.h>

#include "pdf/layout.h"
#include "base/strbuf.h"

/* A line or two of the cover, an element of `type` (a P, the title an H). */
static void cover_text(struct doc *d, int type, const char *s, int family, int bold, int italic, float size,
		       float lh, int color)
{
	struct bctx c;
	struct tstyle ts = body_style(d);

	if (!s || !*s)
		return;
	d->se = tags_new(d, type, 0);
	d->tags.el[d->se].level = 1;
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
	d->se = tags_new(d, TAG_P, 0);
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
	cover_text(d, TAG_H, m->title ? m->title : "", FONT_SANS, 1, 0, 26, 32, COL_HEADING);
	cover_space(d, 12);
	if (m->audience && *m->audience) {
		/* a label, as for the question: no sentence to build around
		 * whatever the audience is called */
		cover_text(d, TAG_P, "FOR", FONT_SANS, 1, 0, (float)d->st->small, 14, COL_MUTED);
		cover_space(d, 2);
		cover_text(d, TAG_P, m->audience, FONT_SANS, 0, 0, 13, 18, COL_MUTED);
	}
	if (m->question && *m->question) {
		cover_space(d, 36);
		cover_text(d, TAG_P, "THE QUESTION", FONT_SANS, 1, 0, (float)d->st->small, 14, COL_MUTED);
		cover_space(d, 4);
		cover_text(d, TAG_P, m->question, FONT_SERIF, 0, 1, 15, 21, COL_TEXT);
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
		cover_text(d, TAG_P, m->cover_note, FONT_SANS, 0, 0, (float)d->st->small, 11, COL_MUTED);
	}
	if (d->nitems)
		d->items[d->nitems - 1].keep = 0;
}

#define TOC_NUMBER_ROOM 40.0
#define TOC_INDENT 14.0
/* a contents page of a hostile document stays a few pages long */
#define MAX_TOC_ENTRIES 1000
/* entries a contents page holds; a deeper level that would need more is
 * left out of the contents and the outline */
#define TOC_PAGE_ENTRIES 60

static int is_title(const struct doc *d, const struct heading *h)
{
	return h->level == 1 && d->m->title && !strcmp(h->text, d->m->title);
}

int contents_lists(const struct doc *d, const struct heading *h, int depth)
{
	return h->level <= depth && !is_title(d, h);
}

int contents_depth(const struct doc *d)
{
	int count[5] = { 0 }, depth;
	size_t i;

	for (i = 0; i < d->nheads; i++)
		if (d->heads[i].level <= 4 && !is_title(d, &d->heads[i]))
			count[d->heads[i].level]++;
	for (depth = 1; depth < 4; depth++)
		count[depth + 1] += count[depth];
	for (depth = 4; depth > 2 && count[depth] > TOC_PAGE_ENTRIES; depth--)
		;
	return depth;
}

int contents_entries(const struct doc *d)
{
	int depth = contents_depth(d), n = 0;
	size_t i;

	for (i = 0; i < d->nheads; i++)
		n += contents_lists(d, &d->heads[i], depth);
	return n;
}

/* The level of the top entries (1, or 2 in a brief whose sections are
 * level-2 headings). */
static int top_level(const struct doc *d, int depth)
{
	int top = 6;
	size_t i;

	for (i = 0; i < d->nheads; i++)
		if (contents_lists(d, &d->heads[i], depth) && d->heads[i].level < top)
			top = d->heads[i].level;
	return top;
}

static void contents_title(struct doc *d, const struct bctx *c, int in_body)
{
	struct tstyle ts = body_style(d);

	ts.family = FONT_SANS;
	ts.bold = 1;
	ts.size = (float)(in_body ? d->st->h2 : d->st->h1);
	ts.color = COL_HEADING;
	ts.hyphenate = 0;
	d->se = tags_new(d, TAG_H, 0);
	d->tags.el[d->se].level = 2;
	para_reset(&d->para);
	para_add_text(d, &d->para, "Contents", 8, &ts);
	set_para(d, c, 1, 0, ts.size, ts.size * 1.25f, 1);
	add_space(d, (float)(d->lead * (in_body ? 0.6 : 1.2)));
	d->keep_next_space = 1;
}

/* One entry: the heading's text, indented by level, smaller below the
 * second level, the top level in bold when there are others, with room
 * for its page number. */
static void contents_entry(struct doc *d, size_t i, int top, int levels, int32_t toc)
{
	const struct heading *h = &d->heads[i];
	struct tstyle ts = body_style(d);
	int rel = h->level - top;
	float size = (float)(rel >= 2 ? d->st->body * 0.93 : d->st->body);
	float lh = (float)(rel >= 2 ? d->lead * 0.85 : d->lead);
	struct bctx c;
	size_t k0, k;

	memset(&c, 0, sizeof(c));
	ts.bold = rel == 0 && levels > 1;
	ts.size = size;
	ts.hyphenate = 0;
	c.x0 = rel * TOC_INDENT;
	c.w = d->width - c.x0 - TOC_NUMBER_ROOM;
	if (rel == 0)
		add_space(d, (float)(d->lead * 0.35));
	/* a TOCI whose Link holds the entry and its page number */
	d->se = tags_new(d, TAG_LINK, tags_new(d, TAG_TOCI, toc));
	para_reset(&d->para);
	para_add_text(d, &d->para, h->text, strlen(h->text), &ts);
	k0 = d->nitems;
	if (!set_para(d, &c, 1, 0, size, lh, 0))
		return;
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
	if (rel < 2)
		add_space(d, (float)(d->lead * 0.1));
}

/*
 * A contents list of its own pages that is a little too long for one
 * closes up its smallest entries (down to a leading of 0.75) rather than
 * send its last entries to a second page; a longer one keeps its last two
 * entries together.
 */
static void fit_contents(struct doc *d, size_t first)
{
	float total = 0, cut, small = (float)(d->lead * 0.99);
	size_t i, n = 0, last = first;

	for (i = first; i < d->nitems; i++) {
		total += d->items[i].h;
		if (d->items[i].kind == V_TOC) {
			n += d->items[i].h < small;
			last = i;
		}
	}
	if (total > d->height && n) {
		cut = (float)((total - d->height) / (double)n + 0.01);
		for (i = first; i < d->nitems; i++) {
			struct vitem *v = &d->items[i];
			float c = v->h - cut < d->lead * 0.75 ? v->h - (float)(d->lead * 0.75) : cut;
			if (v->kind != V_TOC || v->h >= small || c <= 0)
				continue;
			v->h -= c;
			v->asc -= c / 2;
		}
	}
	for (i = last; i-- > first;) {
		if (d->items[i].kind == V_TOC) {
			d->items[i].keep = 1;
			break;
		}
	}
}

size_t layout_contents(struct doc *d, int in_body)
{
	size_t first = d->nitems, i, listed;
	int depth = contents_depth(d), top = top_level(d, depth), deepest = top;
	struct bctx c;
	int32_t toc;

	for (i = 0; i < d->nheads; i++)
		if (contents_lists(d, &d->heads[i], depth) && d->heads[i].level > deepest)
			deepest = d->heads[i].level;

	memset(&c, 0, sizeof(c));
	c.w = d->width;
	d->pend_space = 0;
	if (in_body)
		add_space(d, (float)(d->lead * 1.2));
	contents_title(d, &c, in_body);
	toc = tags_new(d, TAG_TOC, 0);
	for (i = 0, listed = 0; i < d->nheads && listed < MAX_TOC_ENTRIES; i++) {
		if (!contents_lists(d, &d->heads[i], depth))
			continue;
		listed++;
		contents_entry(d, i, top, deepest - top + 1, toc);
	}
	if (!in_body)
		fit_contents(d, first);
	/* the body goes on after a space */
	add_space(d, (float)(d->lead * 1.2));
	flush_space(d, NULL);
	return first;
}

void layout_contents_numbers(struct doc *d, size_t first)
{
	size_t i;
	char buf[32];

	for (i = first; i < d->nitems; i++) {
		struct vitem *v = &d->items[i];
		struct frag *f0, *f;
		if (v->kind != V_TOC || v->brk != BRK_LAST || !v->nfrag)
			continue;
		f0 = item_frags_w(d, v);
		f = &f0[v->nfrag - 1];
		snprintf(buf, sizeof(buf), "%d", d->heads[v->aux].page + 1);
		f->off = pool_add(d, buf, strlen(buf));
		f->len = (uint32_t)strlen(buf);
		f->font = f > f0 ? f[-1].font : FONT_SERIF;
		f->size = f > f0 ? f[-1].size : (float)d->st->body;
		f->color = COL_TEXT;
		f->w = (float)face_width(d->e, f->font, f->size, buf, strlen(buf));
		f->x = (float)d->width - f->w;
	}
}
