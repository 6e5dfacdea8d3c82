/*
 * layout.c - the cmark-gfm tree to a vertical list (d->items): the walk
 * over the blocks, with lists (markers, indentation, tight spacing),
 * block quotes (framed call-outs), paragraphs and thematic breaks here,
 * and the other blocks handed to their files (heading.c, code.c,
 * table.c, figure.c). The list honours the keeps pagination needs:
 * headings stay with what follows; no single first or last line of a
 * paragraph alone on a page; table rows whole.
 *
 * The tree is walked with cmark_iter and an explicit context stack, and
 * inline styles likewise, so hostile nesting cannot exhaust the C stack.
 * Indentation stops growing past MAX_INDENT_DEPTH levels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "markdown/markdown.h"
#include "pdf/layout.h"
#include "base/alloc.h"

#define MAX_INDENT_DEPTH 12
#define LIST_INDENT 18.0
#define QUOTE_INSET_L 14.0
#define QUOTE_INSET_R 10.0
#define QUOTE_PAD 6.0

/* The block contexts open in the walk: v[n - 1] is the current one. */
struct bstack {
	struct bctx *v;
	size_t n, alloc;
};

/* True when a link in `n` shows its own URL: such long unbreakable runs
 * leave rivers in justified text, so the paragraph is set ragged right, as
 * bibliographies are. */
static int shows_url(cmark_node *n)
{
	cmark_node *k;

	for (k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
		if (cmark_node_get_type(k) == CMARK_NODE_LINK) {
			cmark_node *t = cmark_node_first_child(k);
			const char *lit = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ?
				cmark_node_get_literal(t) : NULL;
			if (lit && (!strncmp(lit, "http://", 7) || !strncmp(lit, "https://", 8)))
				return 1;
		} else if (cmark_node_first_child(k) && shows_url(k)) {
			return 1;
		}
	}
	return 0;
}

static int is_image_para(cmark_node *n)
{
	cmark_node *ch = cmark_node_first_child(n);
	return ch && cmark_node_get_type(ch) == CMARK_NODE_IMAGE && !cmark_node_next(ch);
}

static void do_paragraph(struct doc *d, cmark_node *n, const struct bctx *c)
{
	struct tstyle ts = body_style(d);

	if (is_image_para(n) && try_image(d, n, c))
		return;
	para_reset(&d->para);
	para_add_inlines(d, &d->para, n, &ts);
	set_para(d, c, !d->st->justify || shows_url(n), 0, ts.size, (float)d->lead, 0);
	add_space(d, c->tight ? 0 : (float)(d->lead * 0.5));
}

static void do_rule(struct doc *d, const struct bctx *c)
{
	struct vitem *v;

	add_space(d, (float)(d->lead * 0.5));
	flush_space(d, c->frame);
	v = push_item(d, V_RULE, (float)d->lead, c->frame);
	v->x = (float)c->x0;
	v->w = (float)c->w;
	add_space(d, (float)(d->lead * 0.5));
}

/* ---- lists ------------------------------------------------------------- */

/* Opens a context like the current one. */
static struct bctx *push_ctx(struct bstack *bs)
{
	ALLOC_GROW(bs->v, bs->n + 1, bs->alloc);
	bs->v[bs->n] = bs->v[bs->n - 1];
	return &bs->v[bs->n++];
}

/* The marker of `item` (a bullet by level, a number, or a checkbox), kept
 * aside until the first line of the item takes it, right-aligned just
 * left of the item's text. */
static void list_marker(struct doc *d, cmark_node *item, struct bctx *list, const struct bctx *ic)
{
	char buf[32];
	const char *text;
	const char *type = cmark_node_get_type_string(item);
	int font = FONT_SERIF, color = COL_TEXT;
	float w, size = (float)d->st->body;
	struct frag *f;
	size_t mark;

	if (type && !strcmp(type, "tasklist")) {
		text = cmark_gfm_extensions_get_tasklist_item_checked(item) ? "\xe2\x98\x91" : "\xe2\x98\x90";
	} else if (list->ordered) {
		snprintf(buf, sizeof(buf), "%d%c", list->counter, list->delim_paren ? ')' : '.');
		text = buf;
	} else {
		static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x97\xa6" };
		text = bullets[(list->level - 1) % 3];
		color = COL_MUTED;
	}
	list->counter++;
	mark = d->nfrags;
	text_frags(d, text, strlen(text), font, size, color, 0, &w);
	/* one fragment is kept as the marker (the text is short) */
	f = &d->frags[mark];
	d->marker = *f;
	d->marker.w = w;
	d->marker.len = (uint32_t)d->pool.len - f->off;
	d->marker.x = (float)(ic->x0 - 6 - w);
	d->nfrags = mark;
	d->marker_pending = 1;
}

static void enter_list(struct doc *d, struct bstack *bs, cmark_node *node)
{
	int tight = bs->v[bs->n - 1].tight;
	struct bctx *l = push_ctx(bs);

	l->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
	l->delim_paren = cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM;
	l->counter = cmark_node_get_list_start(node);
	l->tight = cmark_node_get_list_tight(node);
	l->level++;
	add_space(d, (float)(d->lead * (tight ? 0.15 : 0.5)));
}

static void exit_list(struct doc *d, struct bstack *bs)
{
	bs->n--;
	add_space(d, (float)(d->lead * (bs->v[bs->n - 1].tight ? 0.15 : 0.5)));
}

static void enter_item(struct doc *d, struct bstack *bs, cmark_node *node)
{
	struct bctx *ic = push_ctx(bs), *list = &bs->v[bs->n - 2];

	if (ic->depth < MAX_INDENT_DEPTH) {
		ic->x0 += LIST_INDENT;
		ic->w -= LIST_INDENT;
	}
	ic->depth++;
	if (cmark_node_previous(node))
		add_space(d, list->tight ? (float)(d->lead * 0.15) : (float)(d->lead * 0.5));
	list_marker(d, node, list, ic);
}

/* An item that set no line still shows its marker, on a line of its own. */
static void exit_item(struct doc *d, struct bstack *bs)
{
	if (d->marker_pending) {
		para_reset(&d->para);
		set_para(d, &bs->v[bs->n - 1], 1, 0, (float)d->st->body, (float)d->lead, 0);
		d->marker_pending = 0;
	}
	bs->n--;
}

/* ---- block quotes ------------------------------------------------------ */

static void enter_quote(struct doc *d, struct bctx *c)
{
	struct frame *fr = arena_alloc(&d->arena, sizeof(*fr));
	struct vitem *v;

	add_space(d, (float)(d->lead * 0.5));
	flush_space(d, c->frame);
	fr->kind = FRAME_QUOTE;
	fr->x0 = (float)c->x0;
	fr->x1 = (float)(c->x0 + c->w);
	fr->parent = c->frame;
	v = push_item(d, V_SPACE, QUOTE_PAD, fr);
	v->keep = 1;
	c->frame = fr;
	if (c->depth < MAX_INDENT_DEPTH) {
		c->x0 += QUOTE_INSET_L;
		c->w -= QUOTE_INSET_L + QUOTE_INSET_R;
	}
	c->depth++;
	c->tight = 0;
}

static void exit_quote(struct doc *d, const struct bctx *c)
{
	d->pend_space = 0;
	keep_last(d);
	push_item(d, V_SPACE, QUOTE_PAD, c->frame);
	add_space(d, (float)(d->lead * 0.5));
}

/* ---- the walk ---------------------------------------------------------- */

static int is_leaf_block(cmark_node_type t, const char *ts)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK ||
	       t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK ||
	       t == CMARK_NODE_CUSTOM_BLOCK || (ts && !strcmp(ts, "table"));
}

/* A container block opens (ENTER) or closes: lists, items, quotes. */
static void container(struct doc *d, struct bstack *bs, cmark_node *node, cmark_node_type t,
		      cmark_event_type ev)
{
	int enter = ev == CMARK_EVENT_ENTER;

	if (t == CMARK_NODE_LIST) {
		if (enter)
			enter_list(d, bs, node);
		else
			exit_list(d, bs);
	} else if (t == CMARK_NODE_ITEM) {
		if (enter)
			enter_item(d, bs, node);
		else
			exit_item(d, bs);
	} else if (t == CMARK_NODE_BLOCK_QUOTE) {
		if (enter) {
			enter_quote(d, push_ctx(bs));
		} else {
			exit_quote(d, &bs->v[bs->n - 1]);
			bs->n--;
		}
	}
}

/*
 * With pdf_meta.omit_contents_section, the top-level blocks [0, skip[1])
 * are passed over, except [skip[0], front) with pdf_meta.front_section
 * (the front section, between the title block and the "Contents"
 * heading); the tree stays as it is. `at` counts top-level blocks.
 */
struct skips {
	size_t at, from, front, to;
};

static void find_skips(const struct doc *d, cmark_node *root, struct skips *k)
{
	cmark_node *n;
	size_t i = 0, title = 0, contents = 0;
	int seen_h2 = 0;

	memset(k, 0, sizeof(*k));
	if (!d->m->omit_contents_section)
		return;
	k->to = markdown_contents_blocks(root);
	k->front = k->from = k->to;
	if (!d->m->front_section || !d->m->cover || !k->to)
		return;
	for (n = cmark_node_first_child(root); n && i < k->to; n = cmark_node_next(n), i++) {
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) != 2)
			continue;
		if (!seen_h2)
			title = i, seen_h2 = 1;
		contents = i; /* the last level-2 heading before the end is "Contents" */
	}
	if (seen_h2 && title < contents) {
		k->from = title;
		k->front = contents;
	}
}

static int skip_block(struct skips *k, cmark_node *root, cmark_node *node, cmark_iter *iter)
{
	size_t at;

	if (cmark_node_parent(node) != root)
		return 0;
	at = k->at++;
	if (at >= k->to || (at >= k->from && at < k->front))
		return 0;
	cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
	return 1;
}

void layout_document(struct doc *d, cmark_node *root)
{
	cmark_iter *iter = cmark_iter_new(root);
	struct bstack bs = { xcalloc(8, sizeof(struct bctx)), 1, 8 };
	struct skips skip;
	cmark_event_type ev;

	bs.v[0].x0 = 0;
	bs.v[0].w = d->width;
	find_skips(d, root, &skip);
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type t = cmark_node_get_type(node);
		const char *ts = cmark_node_get_type_string(node);
		struct bctx *c = &bs.v[bs.n - 1];
		if (node == root || (ev == CMARK_EVENT_ENTER && skip_block(&skip, root, node, iter)))
			continue;
		/* the first block after the contents section ends the front one */
		if (skip.front > skip.from && !d->front_end && skip.at > skip.to)
			d->front_end = d->nitems;
		if (is_leaf_block(t, ts)) {
			if (ev != CMARK_EVENT_ENTER)
				continue;
			if (t == CMARK_NODE_PARAGRAPH) {
				do_paragraph(d, node, c);
			} else if (t == CMARK_NODE_HEADING) {
				do_heading(d, node, c);
			} else if (t == CMARK_NODE_CODE_BLOCK) {
				const struct markdown_chart *mc = markdown_chart_of(node);
				if (mc)
					do_chart(d, node, mc, c);
				else
					do_code(d, cmark_node_get_literal(node), c, FRAME_CODE);
			} else if (t == CMARK_NODE_HTML_BLOCK) {
				do_code(d, cmark_node_get_literal(node), c, FRAME_CODE);
			} else if (t == CMARK_NODE_THEMATIC_BREAK) {
				do_rule(d, c);
			} else if (ts && !strcmp(ts, "table")) {
				do_table(d, node, c);
			}
			cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
			continue;
		}
		container(d, &bs, node, t, ev);
	}
	if (skip.front > skip.from && !d->front_end)
		d->front_end = d->nitems;
	cmark_iter_free(iter);
	free(bs.v);
}
