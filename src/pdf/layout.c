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
#define MAX_CAPTION 200         /* characters of a table's caption paragraph */

/* The block contexts open in the walk: v[n - 1] is the current one. */
struct bstack {
	struct bctx *v;
	size_t n, alloc;
};

static int is_image_para(cmark_node *n)
{
	cmark_node *ch = cmark_node_first_child(n);
	return ch && cmark_node_get_type(ch) == CMARK_NODE_IMAGE && !cmark_node_next(ch);
}

/* True when the paragraph's text ends with a colon: a run-in label
 * ("Why:") or a sentence that introduces what follows. */
static int introduces(cmark_node *n)
{
	return markdown_node_last_char(n) == ':';
}

/*
 * A paragraph that opens with a reference number ("[12] Title ...", a
 * numbered source) is set with a hanging indent: the number in the
 * margin of the text, every line of the text aligned after it. Returns
 * the indent (0: not a reference); the number becomes the pending
 * marker and leaves d->para.
 */
static double hang_reference(struct doc *d, const struct bctx *c, float size)
{
	const struct item *it = d->para.it;
	const char *s;
	size_t len, k;
	double indent;
	float w;

	if (d->para.n < 3 || it[0].type != IT_BOX || it[1].type != IT_GLUE || d->marker_pending)
		return 0;
	s = d->para.text.buf + it[0].off;
	len = it[0].len;
	if (len < 3 || s[0] != '[' || s[len - 1] != ']')
		return 0;
	for (k = 1; k + 1 < len; k++)
		if (s[k] < '0' || s[k] > '9')
			return 0;
	indent = label_width(d, len - 2 < 2 ? 2 : len - 2, it[0].font, size) + size * 0.5;
	if (indent > c->w / 3)
		return 0;
	make_marker(d, s, len, it[0].font, size, COL_TEXT, c->x0, &w);
	memmove(d->para.it, d->para.it + 2, (d->para.n - 2) * sizeof(*d->para.it));
	d->para.n -= 2;
	return indent;
}

static void do_paragraph(struct doc *d, cmark_node *n, const struct bctx *c)
{
	struct tstyle ts = body_style(d);
	struct bctx hc = *c;
	double hang;

	if (is_image_para(n) && try_image(d, n, c))
		return;
	d->se = tags_new(d, TAG_P, c->se);
	para_reset(&d->para);
	para_add_inlines(d, &d->para, n, &ts);
	hang = hang_reference(d, c, ts.size);
	hc.x0 += hang;
	hc.w -= hang;
	/* references are set ragged right, as bibliographies are: their URLs
	 * break only at punctuation */
	set_para(d, &hc, !d->st->justify || hang > 0, 0, ts.size, (float)d->lead, 0);
	add_space(d, c->tight ? 0 : (float)(d->lead * 0.5));
	/* a label stays with the first line of what it introduces */
	if (introduces(n)) {
		keep_last(d);
		d->keep_next_space = 1;
	}
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
	int color = COL_TEXT;
	float w, size = (float)d->body;

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
	/* the label is the item's Lbl, what follows its LBody */
	d->se = tags_new(d, TAG_LBL, ic->se);
	make_marker(d, text, strlen(text), FONT_SERIF, size, color, 0, &w);
	d->marker.x = (float)(ic->x0 - 6 - w);
}

/* What the labels of a list are, as its L element says (ListNumbering). */
static int list_numbering(const struct bctx *l, cmark_node *node)
{
	static const int bullets[] = { TAG_LIST_DISC, TAG_LIST_NONE, TAG_LIST_CIRCLE };
	cmark_node *first = cmark_node_first_child(node);
	const char *type = first ? cmark_node_get_type_string(first) : NULL;

	if (type && !strcmp(type, "tasklist"))
		return TAG_LIST_NONE;
	return l->ordered ? TAG_LIST_DECIMAL : bullets[(l->level - 1) % 3];
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
	l->se = tags_new(d, TAG_L, l->se);
	d->tags.el[l->se].level = (uint8_t)list_numbering(l, node);
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
	ic->se = tags_new(d, TAG_LI, list->se);
	if (cmark_node_previous(node))
		add_space(d, list->tight ? (float)(d->lead * 0.15) : (float)(d->lead * 0.5));
	list_marker(d, node, list, ic);
	ic->se = tags_new(d, TAG_LBODY, ic->se);
}

/* An item that set no line still shows its marker, on a line of its own. */
static void exit_item(struct doc *d, struct bstack *bs)
{
	if (d->marker_pending) {
		para_reset(&d->para);
		set_para(d, &bs->v[bs->n - 1], 1, 0, (float)d->body, (float)d->lead, 0);
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
	c->se = tags_new(d, TAG_BLOCKQUOTE, c->se);
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

/* The walk over the blocks under one node: the document (the body) or a
 * footnote definition. */
struct walk {
	struct doc *d;
	cmark_node *top;
	int body;               /* top is the document */
	struct bstack bs;
	/* With pdf_meta.omit_contents_section, the top-level blocks [0, skip)
	 * are passed over, except [front_from, front_to) with
	 * pdf_meta.front_section (the front section: between the title block
	 * and the "Contents" heading). `at` counts the top-level blocks. */
	size_t at, skip, front_from, front_to;
	int notes_level;        /* endnotes: the level of their heading once met */
	int notes_done;
	cmark_node *measured;   /* the table last measured for a wide layout */
	struct table_cells *cells; /* and its cells, when kept for do_table */
	struct bctx wide;
	int is_wide;
};

/* The front section of a brief: the blocks after the title block (from
 * its first level-2 heading) up to the "Contents" heading, the last
 * level-2 heading of the blocks markdown_contents_blocks counts. */
static void find_front(struct walk *w)
{
	cmark_node *n;
	size_t i = 0, first = 0, contents = 0;
	int seen = 0;

	for (n = cmark_node_first_child(w->top); n && i < w->skip; n = cmark_node_next(n), i++) {
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) != 2)
			continue;
		if (!seen)
			first = i, seen = 1;
		contents = i;
	}
	if (seen && first < contents) {
		w->front_from = first;
		w->front_to = contents;
	}
}

/* Passes over the blocks w->skip says (the tree stays as it is), and
 * notes where the front section's items end. Footnote definitions are
 * laid out on their own (notes.c). */
static int skip_block(struct walk *w, cmark_node *node, cmark_iter *iter)
{
	size_t at;

	if (cmark_node_parent(node) != w->top)
		return 0;
	at = w->at++;
	if (at < w->skip && !(at >= w->front_from && at < w->front_to))
		goto skip;
	if (w->front_to && at >= w->skip && !w->d->front_end)
		w->d->front_end = w->d->nitems;
	if (!w->body || cmark_node_get_type(node) != CMARK_NODE_FOOTNOTE_DEFINITION)
		return 0;
skip:
	cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
	return 1;
}

static int is_table(cmark_node *n)
{
	const char *ts = n ? cmark_node_get_type_string(n) : NULL;
	return ts && !strcmp(ts, "table");
}

/* A short paragraph just before a table is its caption. */
static int is_caption(cmark_node *n)
{
	char *t;
	int yes;

	if (!n || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH || !is_table(cmark_node_next(n)))
		return 0;
	t = markdown_node_text(n);
	yes = strlen(t) <= MAX_CAPTION;
	free(t);
	return yes;
}

/*
 * The context of a top-level block of the body: a table too wide for the
 * text block is set between the margins (table_measure), and the heading
 * and caption just before it line up with it.
 */
static const struct bctx *block_ctx(struct walk *w, cmark_node *node, const struct bctx *c)
{
	cmark_node *tn = NULL, *nx = cmark_node_next(node);

	if (!w->body || cmark_node_parent(node) != w->top)
		return c;
	if (is_table(node))
		tn = node;
	else if (cmark_node_get_type(node) == CMARK_NODE_HEADING)
		tn = is_table(nx) ? nx : is_caption(nx) ? cmark_node_next(nx) : NULL;
	else if (is_caption(node))
		tn = nx;
	if (!tn)
		return c;
	if (w->measured != tn) {
		w->measured = tn;
		w->is_wide = table_measure(w->d, tn, c, &w->wide, &w->cells);
	}
	return w->is_wide ? &w->wide : c;
}

/* Endnotes go at the end of the section their heading opens: before the
 * next top-level heading of its level or higher. */
static void endnotes_before(struct walk *w, cmark_node *node, const struct bctx *c)
{
	const char *want = w->d->m->notes_heading;
	char *t;

	if (!w->body || !want || w->notes_done || cmark_node_parent(node) != w->top)
		return;
	if (w->notes_level && cmark_node_get_heading_level(node) <= w->notes_level) {
		notes_layout_end(w->d, c);
		w->notes_done = 1;
		return;
	}
	t = markdown_node_text(node);
	if (!w->notes_level && !strcmp(t, want))
		w->notes_level = cmark_node_get_heading_level(node);
	free(t);
}

static void leaf_block(struct walk *w, cmark_node *node, cmark_node_type t, const char *ts,
		       const struct bctx *c0)
{
	struct doc *d = w->d;
	const struct bctx *c;

	frags_seal(d, FRAG_BLOCK);
	if (t == CMARK_NODE_HEADING)
		endnotes_before(w, node, c0);
	c = block_ctx(w, node, c0);
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
		do_table(d, node, c, &w->cells);
	}
}

static void walk_run(struct walk *w)
{
	cmark_iter *iter = cmark_iter_new(w->top);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type t = cmark_node_get_type(node);
		const char *ts = cmark_node_get_type_string(node);
		struct bctx *c = &w->bs.v[w->bs.n - 1];
		if (node == w->top || (ev == CMARK_EVENT_ENTER && skip_block(w, node, iter)))
			continue;
		if (is_leaf_block(t, ts)) {
			if (ev != CMARK_EVENT_ENTER)
				continue;
			leaf_block(w, node, t, ts, c);
			cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
			continue;
		}
		container(w->d, &w->bs, node, t, ev);
	}
	cmark_iter_free(iter);
}

void layout_blocks(struct doc *d, cmark_node *top, const struct bctx *c0)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.d = d;
	w.top = top;
	w.bs.v = xcalloc(8, sizeof(struct bctx));
	w.bs.n = 1;
	w.bs.alloc = 8;
	w.bs.v[0] = *c0;
	walk_run(&w);
	free(w.bs.v);
	table_cells_release(&w.cells);
}

/* The walk of a document's body, before its first block. */
static void walk_begin(struct walk *w, struct doc *d, cmark_node *root)
{
	memset(w, 0, sizeof(*w));
	w->d = d;
	w->top = root;
	w->body = 1;
	w->skip = root && d->m->omit_contents_section ? markdown_contents_blocks(root) : 0;
	if (w->skip && d->m->front_section && d->m->cover)
		find_front(w);
	w->bs.v = xcalloc(8, sizeof(struct bctx));
	w->bs.n = 1;
	w->bs.alloc = 8;
	w->bs.v[0].w = d->width;
	w->bs.v[0].se = 0;
}

/* The blocks of one document, or of one piece of it. */
static void walk_doc(struct walk *w, const struct markdown_doc *doc)
{
	w->top = doc->root;
	w->d->line0 = doc->line0;
	figure_check_alt(w->d, &doc->images);
	notes_collect(w->d, doc->root);
	walk_run(w);
}

static void walk_end(struct walk *w)
{
	struct doc *d = w->d;

	if (w->front_to && !d->front_end)
		d->front_end = d->nitems;
	if (d->m->notes_heading && !w->notes_done)
		notes_layout_end(d, &w->bs.v[0]);
	free(w->bs.v);
	table_cells_release(&w->cells);
	d->body_end = d->nitems;
	notes_layout_foot(d);
}

void layout_document(struct doc *d, const struct markdown_doc *doc)
{
	struct walk w;

	walk_begin(&w, d, doc->root);
	walk_doc(&w, doc);
	walk_end(&w);
}

void layout_pieces(struct doc *d, struct markdown_pieces *p)
{
	const struct markdown_doc *doc;
	struct walk w;

	walk_begin(&w, d, NULL);
	while ((doc = markdown_pieces_next(p)) != NULL)
		walk_doc(&w, doc);
	walk_end(&w);
}
