/*
 * heading.c - headings: set ragged and balanced (each level its own look,
 * heading_style), kept with what follows, and each given the same anchor as in the Markdown
 * output (GitHub's slug, with "-1", "-2"... for repeats), so that "#..."
 * links in the text and the contents page find them.
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

/*
 * GitHub's de-duplication ("x", "x-1", "x-2", ...) in constant time per
 * heading: a hash set of the anchors given, and per base the next suffix
 * to try (a thousand identical headings must not cost a million probes).
 */
struct anchor_slot {
	char *s;
	unsigned next;          /* next suffix for this base */
	int32_t head;           /* the heading with this anchor */
};

static struct anchor_slot *anchor_find(struct anchor_set *a, const char *s)
{
	uint64_t h = 1469598103934665603ull;
	const unsigned char *p;
	size_t i;

	for (p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	for (i = (size_t)h & (a->cap - 1); a->v[i].s && strcmp(a->v[i].s, s); i = (i + 1) & (a->cap - 1))
		;
	return &a->v[i];
}

static struct anchor_slot *anchor_add(struct doc *d, const char *s)
{
	struct anchor_set *a = &d->anchors;
	struct anchor_slot *slot;

	if ((a->n + 1) * 2 > a->cap) {
		struct anchor_slot *old = a->v;
		size_t i, oc = a->cap;
		a->cap = oc ? oc * 2 : 64;
		a->v = xcalloc(a->cap, sizeof(*a->v));
		for (i = 0; i < oc; i++)
			if (old[i].s)
				*anchor_find(a, old[i].s) = old[i];
		free(old);
	}
	slot = anchor_find(a, s);
	if (!slot->s) {
		slot->s = arena_strdup(&d->arena, s);
		slot->next = 1;
		slot->head = (int32_t)d->nheads - 1;
		a->n++;
	}
	return slot;
}

static char *anchor_unique(struct doc *d, struct strbuf *slug)
{
	struct anchor_slot *base;
	struct strbuf cand = STRBUF_INIT;
	char *ret;

	if (!d->anchors.cap || !anchor_find(&d->anchors, slug->buf)->s) {
		ret = anchor_add(d, slug->buf)->s;
		return ret;
	}
	base = anchor_find(&d->anchors, slug->buf);
	for (;;) {
		unsigned k = base->next++;
		strbuf_reset(&cand);
		strbuf_addf(&cand, "%s-%u", slug->buf, k);
		if (!anchor_find(&d->anchors, cand.buf)->s)
			break;
	}
	ret = anchor_add(d, cand.buf)->s;
	strbuf_release(&cand);
	return ret;
}

int32_t anchor_heading(struct doc *d, const char *anchor)
{
	struct anchor_slot *slot;

	if (!d->anchors.cap)
		return -1;
	slot = anchor_find(&d->anchors, anchor);
	return slot->s ? slot->head : -1;
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
	struct strbuf slug = STRBUF_INIT;
	size_t first;

	add_space(d, (float)(level == 1 ? d->lead * 1.6 : level == 2 ? d->lead * 1.25 : d->lead * 0.9));
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
	/* the same anchors as the Markdown output, so "#..." links agree */
	markdown_slug(h->text, &slug);
	h->anchor = anchor_unique(d, &slug);
	strbuf_release(&slug);
	h->item = (uint32_t)first;
	d->items[first].heading = (int32_t)(d->nheads - 1);
	add_space(d, (float)(level == 1 ? d->lead * 0.55 : d->lead * 0.45));
	d->keep_next_space = 1;
}
