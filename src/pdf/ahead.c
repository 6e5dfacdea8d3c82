/*
 * ahead.c - the words of a document shaped by a helper while the
 * engine's thread lays it out.
 *
 * A document's first shaping of each distinct word is a good part of
 * its layout when it is short (a few hundred words a page, each shaped
 * by HarfBuzz once). With helper threads, the engine's thread first
 * lists the document's text runs with the face each will most likely be
 * set in (the first AHEAD_RUNS of them), and one helper shapes their
 * words from the last run back towards the first, while the layout walks
 * forward from the first; they meet on the way. The layout takes what the helper shaped where its
 * own cache misses (shape.c, struct shape_ahead), and stops the helper
 * when it ends.
 *
 * The face is a guess: body text, emphasis, headings and table cells
 * are guessed as the layout sets them, other text (the cover, code
 * blocks) is not listed. A wrong guess only costs the helper's time: a
 * word is looked up by its face and its exact text, and HarfBuzz gives
 * the same glyphs to either thread. Only words of printable ASCII that
 * the face has are shaped, since only those are shaped as they are
 * written (text.c routes other characters by face).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "pdf/layout.h"
#include "base/alloc.h"

/* A long document's layout meets most of its distinct words in its
 * first pages, and listing all of it would cost the engine's thread more
 * than the helper saves it: only so many runs are listed. */
#define AHEAD_RUNS 4096

struct ahead_run {
	const char *s;
	uint32_t len;
	int f;
};

struct layout_ahead {
	struct pool_task t;     /* first: the pool's task is the job */
	struct pdf_engine *e;
	struct ahead_run *run;
	size_t n, alloc;
	_Atomic int stop;       /* set by the engine's thread when the layout ends */
};

/* The style a node's inline text starts in, given its parent's. */
static struct tstyle node_style(const struct doc *d, cmark_node *node, const struct tstyle *up)
{
	struct tstyle ts = *up;
	const char *type;
	cmark_node *row;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HEADING:
		return heading_style(d, cmark_node_get_heading_level(node));
	case CMARK_NODE_EMPH:
	case CMARK_NODE_IMAGE:
		ts.italic = 1;
		break;
	case CMARK_NODE_STRONG:
		ts.bold = 1;
		break;
	default:
		type = cmark_node_get_type_string(node);
		row = cmark_node_parent(node);
		if (row && type && !strcmp(type, "table_cell"))
			return cell_style(d, cmark_gfm_extensions_get_table_row_is_header(row));
		break;
	}
	return ts;
}

static void add_run(struct layout_ahead *a, const char *s, int f)
{
	size_t len = s ? strlen(s) : 0;

	if (!len || len > UINT32_MAX)
		return;
	ALLOC_GROW(a->run, a->n + 1, a->alloc);
	a->run[a->n].s = s;
	a->run[a->n].len = (uint32_t)len;
	a->run[a->n].f = f;
	a->n++;
}

/* The first AHEAD_RUNS text runs of the document in order, each with its
 * face. Code and HTML blocks are left out. */
static void list_runs(struct doc *d, struct layout_ahead *a, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	struct tstyle *st = NULL;
	size_t n = 0, alloc = 0;
	cmark_event_type ev;

	ALLOC_GROW(st, 1, alloc);
	st[n++] = body_style(d);
	while (a->n < AHEAD_RUNS && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (node == root)
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			if (n > 1)
				n--;
			continue;
		}
		if (t == CMARK_NODE_TEXT) {
			add_run(a, cmark_node_get_literal(node), tstyle_font(&st[n - 1]));
		} else if (t == CMARK_NODE_CODE) {
			struct tstyle ts = st[n - 1];
			ts.code = 1;
			add_run(a, cmark_node_get_literal(node), tstyle_font(&ts));
		} else if (t != CMARK_NODE_CODE_BLOCK && t != CMARK_NODE_HTML_BLOCK &&
			   cmark_node_first_child(node)) {
			ALLOC_GROW(st, n + 1, alloc);
			st[n] = node_style(d, node, &st[n - 1]);
			n++;
		}
	}
	cmark_iter_free(it);
	free(st);
}

/* A word the layout shapes as it is written in face f. */
static int plain_word(const struct face *fc, const unsigned char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < 0x21 || s[i] > 0x7e || !fc->latin[s[i]])
			return 0;
	return 1;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void ahead_run(struct pool_task *t, int slot)
{
	struct layout_ahead *a = (struct layout_ahead *)t;
	struct shape_ahead *table = a->e->ahead;
	size_t r = a->n;

	while (r-- > 0) {
		const unsigned char *s = (const unsigned char *)a->run[r].s;
		const struct face *fc = &a->e->face[a->run[r].f];
		size_t i = 0, j, len = a->run[r].len;
		while (i < len) {
			if (atomic_load_explicit(&a->stop, memory_order_relaxed))
				return;
			for (; i < len && is_space(s[i]); i++)
				;
			for (j = i; j < len && !is_space(s[j]); j++)
				;
			if (j > i && plain_word(fc, s + i, j - i) &&
			    !shape_ahead_put(a->e, table, slot, a->run[r].f, (const char *)s + i, j - i))
				return;
			i = j;
		}
	}
}

struct layout_ahead *layout_ahead_start(struct doc *d, cmark_node *root)
{
	struct layout_ahead *a;

	if (!d->e->pool)
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->e = d->e;
	atomic_init(&a->stop, 0);
	list_runs(d, a, root);
	d->e->ahead = shape_ahead_new();
	a->t.run = ahead_run;
	pool_push(d->e->pool, &a->t);
	return a;
}

void layout_ahead_end(struct doc *d, struct layout_ahead *a)
{
	if (!a)
		return;
	atomic_store_explicit(&a->stop, 1, memory_order_relaxed);
	pool_wait_for(d->e->pool, &a->t);
	shape_ahead_free(d->e->ahead);
	d->e->ahead = NULL;
	free(a->run);
	free(a);
}
