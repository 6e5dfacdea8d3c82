/*
 * notes.c - footnotes ([^label] in the Markdown) laid out two ways:
 *
 * - footnotes (the default): each note is set after the body in a
 *   smaller size, its number a superscript hanging in front of its first
 *   line; pagination (paginate.c) places a note at the foot of the page
 *   where its first reference falls, under a short rule, and continues
 *   what does not fit at the foot of the next page;
 * - endnotes (pdf_meta.notes_heading): every note is an entry of a
 *   numbered list, "[n]" hanging in front of it, set in the flow at the
 *   end of the section that heading opens, so that a document whose
 *   sources are footnotes in the Markdown gets a list of sources in the
 *   PDF, each reference linking to its entry.
 *
 * Either way a note's first line is its anchor: references link to it
 * (outline.c makes the destination once its page is known).
 */
#include <stdio.h>
#include <string.h>

#include "pdf/layout.h"

#define NOTE_SCALE 0.8          /* footnote size, of the body's */
#define NOTE_LEADING 1.28
#define NOTE_INDENT 1.6         /* ems of the note size before its text */
#define NOTE_SUP_SCALE 0.65f
#define NOTE_SUP_RISE 0.35f
#define FOOT_RULE_W 0.3         /* of the text width */

void notes_collect(struct doc *d, cmark_node *root)
{
	cmark_node *n;
	char id[32];

	for (n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
		struct note *nt;
		if (cmark_node_get_type(n) != CMARK_NODE_FOOTNOTE_DEFINITION)
			continue;
		nt = DOC_PUSH(d, notes);
		nt->def = n;
		nt->page = -1;
		/* a Note with an ID; footnotes move after their first reference */
		nt->se = tags_new(d, TAG_NOTE, 0);
		snprintf(id, sizeof(id), "note-%zu", d->nnotes);
		tags_set_text(d, nt->se, id, strlen(id));
	}
}

/* The items of note k: its blocks in context `c`, its label already the
 * pending marker; an empty note still shows its label on a line. */
static void note_blocks(struct doc *d, size_t k, const struct bctx *c)
{
	struct note *nt = &d->notes[k];
	size_t start = d->nitems;

	d->pend_space = 0;
	d->keep_next_space = 0;
	layout_blocks(d, nt->def, c);
	if (d->marker_pending) {
		para_reset(&d->para);
		set_para(d, c, 1, 0, (float)d->body, (float)d->lead, 0);
		d->marker_pending = 0;
	}
	d->pend_space = 0;
	while (start < d->nitems && d->items[start].kind == V_SPACE)
		start++;
	nt->first = (uint32_t)start;
	nt->n = (uint32_t)(d->nitems - start);
}

void notes_layout_end(struct doc *d, const struct bctx *c)
{
	char buf[32];
	size_t k, digits = (size_t)snprintf(buf, sizeof(buf), "%zu", d->nnotes);
	float size = (float)d->body, w;
	double indent = label_width(d, digits < 2 ? 2 : digits, FONT_SERIF, size) + size * 0.5;
	struct bctx nc = *c;

	nc.x0 += indent;
	nc.w -= indent;
	nc.tight = 0;
	nc.in_note = 1;
	for (k = 0; k < d->nnotes; k++) {
		snprintf(buf, sizeof(buf), "[%zu]", k + 1);
		add_space(d, (float)(d->lead * 0.3));
		flush_space(d, c->frame);
		tags_move(d, d->notes[k].se, c->se);
		d->se = nc.se = d->notes[k].se;
		make_marker(d, buf, strlen(buf), FONT_SERIF, size, COL_TEXT, c->x0, &w);
		note_blocks(d, k, &nc);
		add_space(d, (float)(d->lead * 0.3));
	}
}

/* The short rule above the footnotes of a page: an item of its own,
 * placed on every page that has notes. */
static void foot_rule(struct doc *d, float lead)
{
	struct vitem *v = push_item(d, V_RULE, lead * 0.8f, NULL);

	v->x = 0;
	v->w = (float)(d->width * FOOT_RULE_W);
	d->foot_rule = (int32_t)(d->nitems - 1);
}

void notes_layout_foot(struct doc *d)
{
	double body = d->body, lead = d->lead;
	float size, w;
	struct bctx c;
	size_t k;
	char buf[32];

	d->foot_rule = -1;
	d->notes_end = (uint32_t)d->nitems;
	if (d->m->notes_heading || !d->nnotes)
		return;
	d->body = body * NOTE_SCALE < d->st->small ? d->st->small : body * NOTE_SCALE;
	d->lead = d->body * NOTE_LEADING;
	size = (float)d->body;
	memset(&c, 0, sizeof(c));
	c.x0 = size * NOTE_INDENT;
	c.w = d->width - c.x0;
	c.tight = 1;
	c.in_note = 1;
	for (k = 0; k < d->nnotes; k++) {
		snprintf(buf, sizeof(buf), "%zu", k + 1);
		d->se = c.se = d->notes[k].se;
		make_marker(d, buf, strlen(buf), FONT_SERIF, size * NOTE_SUP_SCALE, COL_TEXT, 0, &w);
		d->marker.x = (float)(c.x0 - size * 0.3 - w);
		d->marker.rise = size * NOTE_SUP_RISE;
		note_blocks(d, k, &c);
	}
	d->notes_end = (uint32_t)d->nitems;
	foot_rule(d, (float)d->lead);
	d->body = body;
	d->lead = lead;
}
