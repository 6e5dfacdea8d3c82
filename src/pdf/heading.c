/*
 * heading.c - headings: set ragged and balanced (each level its own
 * look, heading_style), kept with what follows, and each given the same
 * anchor as in the Markdown output (GitHub's slug, with "-1", "-2"... for
 * repeats), so that "#..." links in the text and the contents page find
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/layout.h"
#include "base/alloc.h"
#include "base/strbuf.h"

/* Plain text of a subtree (headings, outline, anchors). */
static char *plain_text(struct doc *d, cmark_node *node)
{
	char *t = markdown_node_text(node), *s = arena_strdup(&d->arena, t);

	free(t);
	return s;
}

int32_t anchor_heading(struct doc *d, const char *anchor)
{
	return (int32_t)markdown_anchors_find(&d->anchors, anchor);
}

/*
 * How a heading looks: levels 1-3 in the sans face, bold, at their
 * sizes; below that at the body size, each level its own way: 4 sans
 * bold, 5 serif bold italic, 6 serif italic in the muted colour.
 */
static struct tstyle heading_style(const struct doc *d, int level)
{
	const struct pdf_style *st = d->st;
	struct tstyle ts = body_style(d);

	ts.family = level <= 4 ? FONT_SANS : FONT_SERIF;
	ts.bold = level <= 5;
	ts.italic = level >= 5;
	ts.size = (float)(level == 1 ? st->h1 : level == 2 ? st->h2 : level == 3 ? st->h3 : d->body);
	ts.color = level == 6 ? COL_MUTED : COL_HEADING;
	ts.hyphenate = 0;
	return ts;
}

void do_heading(struct doc *d, cmark_node *n, const struct bctx *c)
{
	int level = cmark_node_get_heading_level(n);
	struct tstyle ts = heading_style(d, level);
	float size = ts.size, lh = size * 1.25f;
	struct heading *h;
	struct strbuf anchor = STRBUF_INIT;
	size_t first;

	add_space(d, (float)(level == 1 ? d->lead * 1.6 : level == 2 ? d->lead * 1.25 : d->lead * 0.9));
	/* (a heading inside a footnote is no heading of the document) */
	d->se = tags_new(d, c->in_note ? TAG_P : TAG_H, c->se);
	d->tags.el[d->se].level = (uint8_t)level;
	para_reset(&d->para);
	para_add_inlines(d, &d->para, n, &ts);
	first = d->nitems;
	if (!set_para(d, c, 2, 0, size, lh, 1))
		return;
	while (first < d->nitems && d->items[first].kind != V_LINE)
		first++;
	h = DOC_PUSH(d, heads);
	memset(h, 0, sizeof(*h));
	h->level = level;
	h->text = plain_text(d, n);
	/* the Markdown output's anchors (one per heading, in order, so the
	 * set's index is the heading's), so "#..." links agree */
	markdown_anchors_add(&d->anchors, h->text, &anchor);
	h->anchor = arena_strdup(&d->arena, anchor.buf);
	strbuf_release(&anchor);
	h->item = (uint32_t)first;
	d->items[first].heading = (int32_t)(d->nheads - 1);
	add_space(d, (float)(level == 1 ? d->lead * 0.55 : d->lead * 0.45));
	d->keep_next_space = 1;
}
