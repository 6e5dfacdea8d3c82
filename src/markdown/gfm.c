/*
 * gfm.c - the document as GitHub-flavoured Markdown (markdown.h).
 *
 * cmark-gfm's CommonMark writer does the work. It has no hook for one
 * node, so each bound chart's block is given its Mermaid form (info
 * string and text) while the tree is written, and its own afterwards;
 * its table (chart.h) follows it for that time.
 */
#include "markdown/markdown.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"

/* What a chart block held before it was given its Mermaid form, and the
 * block put after it for the time of the writing: its table. */
struct saved {
	cmark_node *node;
	char *info, *literal;
	cmark_node *table;
};

/*
 * The table that follows a chart (chart_to_gfm_table), as a block the
 * writer copies as it is: an HTML block node, which only this file ever
 * makes (the parse turns every HTML block of the input into text), and
 * which lives only while the tree is written.
 */
static cmark_node *table_after(cmark_node *chart_node, const struct chart *c)
{
	struct strbuf sb = STRBUF_INIT;
	cmark_node *t;

	chart_to_gfm_table(c, &sb);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	t = cmark_node_new(CMARK_NODE_HTML_BLOCK);
	cmark_node_set_literal(t, sb.buf);
	strbuf_release(&sb);
	if (!cmark_node_insert_after(chart_node, t)) {
		cmark_node_free(t);
		return NULL;
	}
	return t;
}

static size_t swap_charts(const struct markdown_doc *doc, struct saved **out)
{
	struct strbuf mermaid = STRBUF_INIT;
	struct saved *v = xcalloc(doc->ncharts ? doc->ncharts : 1, sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < doc->ncharts; i++) {
		const struct markdown_chart *mc = &doc->charts[i];
		const char *lit = cmark_node_get_literal(mc->node);
		if (!mc->ok)
			continue;
		strbuf_reset(&mermaid);
		chart_to_mermaid(&mc->chart, &mermaid);
		if (!mermaid.len || mermaid.buf[mermaid.len - 1] != '\n')
			strbuf_addc(&mermaid, '\n');
		v[n].node = mc->node;
		v[n].info = xstrdup(cmark_node_get_fence_info(mc->node));
		v[n].literal = xstrdup(lit ? lit : "");
		cmark_node_set_fence_info(mc->node, "mermaid");
		cmark_node_set_literal(mc->node, mermaid.buf);
		v[n].table = table_after(mc->node, &mc->chart);
		n++;
	}
	strbuf_release(&mermaid);
	*out = v;
	return n;
}

static void restore_charts(struct saved *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cmark_node_set_fence_info(v[i].node, v[i].info);
		cmark_node_set_literal(v[i].node, v[i].literal);
		if (v[i].table)
			cmark_node_free(v[i].table);
		free(v[i].info);
		free(v[i].literal);
	}
	free(v);
}

/*
 * The CommonMark writer separates two adjacent lists (or a list and a code
 * block) with an HTML comment. Raw HTML is not allowed in the output, so
 * the comment and the blank line after it go.
 */
static void strip_end_list(struct strbuf *sb)
{
	static const char marker[] = "<!-- end list -->\n";
	const size_t mlen = sizeof(marker) - 1;
	size_t r = 0, w = 0;

	/* Copies line by line; most briefs hold no marker at all. */
	while (r < sb->len) {
		const char *nl = memchr(sb->buf + r, '\n', sb->len - r);
		size_t end = nl ? (size_t)(nl - sb->buf) + 1 : sb->len;

		if (end - r == mlen && !memcmp(sb->buf + r, marker, mlen)) {
			r = end;
			if (r < sb->len && sb->buf[r] == '\n')
				r++;
			continue;
		}
		if (w != r)
			memmove(sb->buf + w, sb->buf + r, end - r);
		w += end - r;
		r = end;
	}
	strbuf_setlen(sb, w);
}

char *markdown_render_gfm(const struct markdown_doc *doc, size_t *len)
{
	struct saved *saved;
	size_t nsaved = swap_charts(doc, &saved);
	struct strbuf sb = STRBUF_INIT;
	char *s;

	s = cmark_render_commonmark(doc->root, CMARK_OPT_DEFAULT, 0);
	restore_charts(saved, nsaved);
	strbuf_adds(&sb, s);
	free(s);
	strip_end_list(&sb);
	/* Never leave a trailing blank line: one final newline. */
	while (sb.len > 1 && sb.buf[sb.len - 1] == '\n' && sb.buf[sb.len - 2] == '\n')
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, len);
}
