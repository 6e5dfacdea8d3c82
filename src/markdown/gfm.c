/*
 * gfm.c - the document as GitHub-flavoured Markdown (markdown.h).
 *
 * cmark-gfm's CommonMark writer does the work. It has no hook for one
 * node, so each bound chart's block is given its Mermaid form (info
 * string and text) while the tree is written, and its own afterwards;
 * its table (chart.h) follows it for that time.
 * Footnote references and definitions are written by cmark-gfm as GFM
 * footnotes ("[^label]", "[^label]:" with the note indented).
 *
 * The parse applies smart punctuation, so quotes and dashes that are
 * still straight in a text node were escaped in the source. The writer
 * does not escape them, and reading its output again would curl them:
 * each is swapped for a placeholder while the tree is written, and the
 * placeholder for its backslash escape afterwards, so the output reads
 * back to the same tree.
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

/* Placeholders (private use) for the characters smart punctuation would
 * change: " ' and the - and . of "--" and "...". */
#define PH_FIRST 0xe000u
static const char smart_chars[] = "\"'-.";

static int is_placeholder(const unsigned char *p)
{
	return p[0] == 0xee && p[1] == 0x80 && p[2] >= 0x80 && p[2] < 0x80 + sizeof(smart_chars) - 1;
}

/* True when character i of s is one smart punctuation would change. */
static int smart_at(const char *s, size_t i)
{
	char c = s[i];

	if (c == '"' || c == '\'')
		return 1;
	if (c == '-')
		return s[i + 1] == '-' || (i > 0 && s[i - 1] == '-');
	if (c == '.')
		return (s[i + 1] == '.' && (s[i + 2] == '.' || (i > 0 && s[i - 1] == '.'))) ||
		       (i > 1 && s[i - 1] == '.' && s[i - 2] == '.');
	return 0;
}

/* The literal with each such character as its placeholder (*n more of
 * them), or NULL when it has none. */
static char *mark_smart(const char *s, size_t *count)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, from = 0, n = 0;

	/* Most literals have none: nothing is copied until one is found, and
	 * then the text between them goes in spans. */
	for (i = 0; s[i]; i++) {
		if (!smart_at(s, i))
			continue;
		strbuf_add(&sb, s + from, i - from);
		strbuf_addc(&sb, (char)0xee);
		strbuf_addc(&sb, (char)0x80);
		strbuf_addc(&sb, (char)(0x80 + (strchr(smart_chars, s[i]) - smart_chars)));
		from = i + 1;
		n++;
	}
	if (!n)
		return NULL;
	strbuf_add(&sb, s + from, i - from);
	*count += n;
	return strbuf_detach(&sb, NULL);
}

/* Gives every text node that needs it its marked literal; returns the
 * nodes changed with their own literals, for restore_texts, and in
 * *count the placeholders put in. */
static size_t mark_texts(const struct markdown_doc *doc, struct saved **out, size_t *count)
{
	cmark_iter *it = cmark_iter_new(doc->root);
	struct saved *v = NULL;
	size_t n = 0, alloc = 0;
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		const char *lit;
		char *marked;
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_TEXT)
			continue;
		lit = cmark_node_get_literal(node);
		marked = lit ? mark_smart(lit, count) : NULL;
		if (!marked)
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n].node = node;
		v[n].info = NULL;
		v[n].literal = xstrdup(lit);
		cmark_node_set_literal(node, marked);
		free(marked);
		n++;
	}
	cmark_iter_free(it);
	*out = v;
	return n;
}

static void restore_texts(struct saved *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cmark_node_set_literal(v[i].node, v[i].literal);
		free(v[i].literal);
	}
	free(v);
}

static size_t count_placeholders(const struct strbuf *sb)
{
	size_t r, n = 0;

	for (r = 0; r + 2 < sb->len; r++)
		n += is_placeholder((const unsigned char *)sb->buf + r);
	return n;
}

/* Each placeholder of the output as the backslash escape of its character. */
static void unmark(struct strbuf *sb)
{
	size_t r, w = 0;

	for (r = 0; r < sb->len; r++) {
		if (r + 2 < sb->len && is_placeholder((const unsigned char *)sb->buf + r)) {
			char c = smart_chars[(unsigned char)sb->buf[r + 2] - 0x80];
			/* (the escape is two bytes where the placeholder had three) */
			sb->buf[w++] = '\\';
			sb->buf[w++] = c;
			r += 2;
			continue;
		}
		sb->buf[w++] = sb->buf[r];
	}
	strbuf_setlen(sb, w);
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

/* The writer's output, with the straight punctuation escaped when the
 * text held no placeholder character of its own (else as it comes). */
static void render(const struct markdown_doc *doc, int escape, struct strbuf *sb)
{
	struct saved *saved, *texts = NULL;
	size_t nsaved = swap_charts(doc, &saved), ntexts = 0, marks = 0;
	char *s;

	if (escape)
		ntexts = mark_texts(doc, &texts, &marks);
	s = cmark_render_commonmark(doc->root, CMARK_OPT_DEFAULT, 0);
	restore_texts(texts, ntexts);
	restore_charts(saved, nsaved);
	strbuf_adds(sb, s);
	free(s);
	if (!marks)
		return;
	if (count_placeholders(sb) != marks) {
		strbuf_reset(sb);
		render(doc, 0, sb);
		return;
	}
	unmark(sb);
}

char *markdown_render_gfm(const struct markdown_doc *doc, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	render(doc, 1, &sb);
	strip_end_list(&sb);
	/* Never leave a trailing blank line: one final newline. */
	while (sb.len > 1 && sb.buf[sb.len - 1] == '\n' && sb.buf[sb.len - 2] == '\n')
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, len);
}
