/*
 * markdown.c - cmark-gfm parsing, casebrief's safety policy, GFM output,
 * heading anchors.
 *
 * cmark-gfm keeps raw HTML in the tree whatever the options (CMARK_OPT_SAFE
 * only affects its HTML renderer), and its CommonMark renderer writes HTML
 * and any link destination back out as they are. So the policy is applied
 * to the tree itself, right after parsing: every consumer of the tree (the
 * GFM writer and the PDF typesetter) sees only text, safe links and the
 * block structure.
 */
#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown/chart.h"
#include "data/model.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/diag.h"
#include "base/str.h"

void markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

int markdown_url_is_safe(const char *url)
{
	if (!url)
		return 0;
	return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8) ||
	       !strncasecmp(url, "mailto:", 7) || url[0] == '#';
}

static int url_is_web(const char *url)
{
	return url && (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8));
}

/*
 * An image may come from the web or from a file beside the document: a
 * relative path with no scheme, not absolute and never climbing out with
 * "..", so `render notes.md` can show notes/figure.png while data cannot
 * point the typesetter at arbitrary files.
 */
static int image_url_ok(const char *url)
{
	const char *p;

	if (url_is_web(url))
		return 1;
	if (!url || !*url || url[0] == '/' || url[0] == '\\')
		return 0;
	for (p = url; *p && *p != '/'; p++)
		if (*p == ':')
			return 0; /* a scheme (javascript:, data:, file:, ...) */
	for (p = url; *p; p++) {
		if (p[0] == '.' && p[1] == '.' && (p == url || p[-1] == '/') &&
		    (p[2] == '\0' || p[2] == '/'))
			return 0;
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return 0;
	}
	return 1;
}

/* Replaces `node` (and everything inside it) by one text node showing its
 * plain text. */
static void S_flatten(cmark_node *node)
{
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	char *s = markdown_node_text(node);

	cmark_node_set_literal(text, s);
	free(s);
	cmark_node_insert_before(node, text);
	cmark_node_free(node);
}

/* Moves the children of `node` in front of it, then frees `node`. */
static void S_unwrap(cmark_node *node)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(node)) != NULL) {
		cmark_node_unlink(child);
		cmark_node_insert_before(node, child);
	}
	cmark_node_free(node);
}

/* html_inline -> a text node with the same characters. */
static void S_html_inline_to_text(cmark_node *node)
{
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);

	cmark_node_set_literal(text, cmark_node_get_literal(node));
	cmark_node_insert_before(node, text);
	cmark_node_free(node);
}

/*
 * html_block -> a paragraph showing the same lines as text. A text node
 * cannot hold a newline (the writer would turn it into "&#10;"), so the
 * lines are joined by soft breaks.
 */
static void S_html_block_to_text(cmark_node *node)
{
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
	const char *s = cmark_node_get_literal(node);
	struct strbuf line = STRBUF_INIT;
	int first = 1;

	if (!s)
		s = "";
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		cmark_node *text;

		strbuf_reset(&line);
		strbuf_add(&line, s, n);
		while (line.len && (line.buf[line.len - 1] == '\r' || line.buf[line.len - 1] == ' '))
			strbuf_setlen(&line, line.len - 1);
		s += n + (nl ? 1 : 0);
		if (!line.len)
			continue;
		if (!first)
			cmark_node_append_child(para, cmark_node_new(CMARK_NODE_SOFTBREAK));
		text = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(text, line.buf);
		cmark_node_append_child(para, text);
		first = 0;
	}
	strbuf_release(&line);
	if (first)
		cmark_node_free(para); /* nothing visible: drop it */
	else
		cmark_node_insert_before(node, para);
	cmark_node_free(node);
}

static int S_needs_policy(cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		return 1;
	case CMARK_NODE_LINK:
		return !markdown_url_is_safe(cmark_node_get_url(node));
	case CMARK_NODE_IMAGE:
		return !image_url_ok(cmark_node_get_url(node));
	default:
		return 0;
	}
}

/*
 * The policy. Nodes are collected first and changed afterwards, so the
 * iterator never walks over a node that has been freed. Children of an
 * unwrapped link stay in the tree and were already visited. An unsafe
 * image becomes its alt text as a whole, and the walk skips its inside:
 * unwrapping nested images one level at a time costs cmark an ancestor
 * walk per move, quadratic in the depth.
 */
static void S_apply_policy(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **todo = NULL;
	size_t n = 0, alloc = 0, i;
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && S_needs_policy(node)) {
			ALLOC_GROW(todo, n + 1, alloc);
			todo[n++] = node;
			if (cmark_node_get_type(node) == CMARK_NODE_IMAGE)
				cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(it);
	/* Innermost first: a link inside an unsafe image is handled before it. */
	for (i = n; i > 0; i--) {
		cmark_node *node = todo[i - 1];
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_BLOCK:
			S_html_block_to_text(node);
			break;
		case CMARK_NODE_HTML_INLINE:
			S_html_inline_to_text(node);
			break;
		case CMARK_NODE_IMAGE: /* keep its alt text */
			S_flatten(node);
			break;
		default: /* unsafe link: keep what it shows */
			S_unwrap(node);
			break;
		}
	}
	free(todo);
}

/*
 * cmark-gfm 0.29's table extension takes time quadratic in the number of
 * columns of a row (20,000 columns in 12 rows: 20 s). No real table has
 * more than a few dozen columns, so a line with more pipes than this turns
 * table parsing off for the document (the text still shows).
 */
#define MAX_TABLE_PIPES 512

static int S_has_huge_row(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t pipes = 0;

		while ((p = memchr(p, '|', (size_t)(eol - p))) != NULL) {
			if (++pipes > MAX_TABLE_PIPES)
				return 1;
			p++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

static pthread_mutex_t S_parse_lock = PTHREAD_MUTEX_INITIALIZER;

cmark_node *markdown_parse(const char *text, size_t len)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink", "tasklist" };
	cmark_parser *p;
	cmark_node *doc;
	size_t i;
	int tables = 1;

	if (len > MARKDOWN_MAX_BYTES) {
		error("markdown input of %zu bytes is over the limit of %d", len, MARKDOWN_MAX_BYTES);
		return NULL;
	}
	if (S_has_huge_row(text, len)) {
		warning("a line has more than %d '|' characters: tables are not read in this document",
			MAX_TABLE_PIPES);
		tables = 0;
	}
	/* cmark-gfm 0.29 keeps its table of special inline characters in a
	 * global that every parse rewrites (extensions add their characters,
	 * then take them out again), so parses must not overlap. */
	pthread_mutex_lock(&S_parse_lock);
	markdown_init();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = tables ? 0 : 1; i < ARRAY_SIZE(exts); i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	pthread_mutex_unlock(&S_parse_lock);
	if (doc)
		S_apply_policy(doc);
	return doc;
}

/* ---- GFM output ---------------------------------------------------- */

/* A chart block swapped for its Mermaid form while the tree is written. */
struct swap {
	cmark_node *node;
	char *info, *literal;
};

static int S_is_chart_block(cmark_node *node)
{
	const char *info;
	size_t n;

	if (cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK)
		return 0;
	info = cmark_node_get_fence_info(node);
	if (!info)
		return 0;
	n = strcspn(info, " \t");
	return n == 5 && !strncmp(info, "chart", 5);
}

/* Returns 0 and the Mermaid text, or -1 after printing warnings. */
static int S_chart_to_mermaid(cmark_node *node, struct strbuf *out)
{
	const char *lit = cmark_node_get_literal(node);
	struct diags diags = DIAGS_INIT;
	struct chart chart;
	size_t i;
	int line = cmark_node_get_start_line(node);

	if (!lit)
		lit = "";
	/* The spec starts on the line after the opening fence. */
	if (chart_parse(lit, strlen(lit), "brief", line, &chart, &diags)) {
		for (i = 0; i < diags.n; i++)
			warning("chart at line %d: %s; kept as a chart block",
				line, diags.v[i].msg);
		if (!diags.n)
			warning("chart at line %d cannot be read; kept as a chart block", line);
		diags_release(&diags);
		return -1;
	}
	chart_to_mermaid(&chart, out);
	chart_release(&chart);
	diags_release(&diags);
	if (!out->len || out->buf[out->len - 1] != '\n')
		strbuf_addc(out, '\n');
	return 0;
}

static size_t S_swap_charts(cmark_node *root, struct swap **swaps)
{
	cmark_iter *it = cmark_iter_new(root);
	struct strbuf mermaid = STRBUF_INIT;
	size_t n = 0, alloc = 0;
	cmark_event_type ev;

	*swaps = NULL;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || !S_is_chart_block(node))
			continue;
		strbuf_reset(&mermaid);
		if (S_chart_to_mermaid(node, &mermaid))
			continue;
		ALLOC_GROW(*swaps, n + 1, alloc);
		(*swaps)[n].node = node;
		(*swaps)[n].info = xstrdup(cmark_node_get_fence_info(node));
		(*swaps)[n].literal = xstrdup(cmark_node_get_literal(node) ?
					      cmark_node_get_literal(node) : "");
		cmark_node_set_fence_info(node, "mermaid");
		cmark_node_set_literal(node, mermaid.buf);
		n++;
	}
	cmark_iter_free(it);
	strbuf_release(&mermaid);
	return n;
}

static void S_restore_charts(struct swap *swaps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cmark_node_set_fence_info(swaps[i].node, swaps[i].info);
		cmark_node_set_literal(swaps[i].node, swaps[i].literal);
		free(swaps[i].info);
		free(swaps[i].literal);
	}
	free(swaps);
}

/*
 * The CommonMark writer separates two adjacent lists (or a list and a code
 * block) with an HTML comment. Raw HTML is not allowed in the output, so
 * the comment and the blank line after it go.
 */
static void S_strip_end_list(struct strbuf *sb)
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

char *markdown_render_gfm(cmark_node *root, size_t *len)
{
	struct swap *swaps;
	size_t nswaps = S_swap_charts(root, &swaps);
	struct strbuf sb = STRBUF_INIT;
	char *s;

	s = cmark_render_commonmark(root, CMARK_OPT_DEFAULT, 0);
	S_restore_charts(swaps, nswaps);
	strbuf_adds(&sb, s);
	free(s);
	S_strip_end_list(&sb);
	/* Never leave a trailing blank line: one final newline. */
	while (sb.len > 1 && sb.buf[sb.len - 1] == '\n' && sb.buf[sb.len - 2] == '\n')
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, len);
}

/*
 * GitHub keeps "word" characters (letters, marks, numbers, connector
 * punctuation), hyphens and spaces. Without Unicode tables this is an
 * approximation outside ASCII: the punctuation and symbol blocks that
 * headings plausibly hold (Latin-1 signs, general punctuation, arrows,
 * maths, box drawing, dingbats, CJK punctuation, emoji) are dropped,
 * everything else is kept as a letter.
 */
static int S_is_word(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9') || cp == '_';
	if (cp >= 0xA0 && cp <= 0xBF)
		return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 ||
		       cp == 0xB9 || cp == 0xBA || cp >= 0xBC;
	if (cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
		return 0;
	if (cp >= 0x2000 && cp <= 0x2BFF)
		return cp == 0x203F || cp == 0x2040 || cp == 0x2054 ||
		       (cp >= 0x2070 && cp <= 0x209F) || (cp >= 0x2150 && cp <= 0x218F);
	if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0x1F000 && cp <= 0x1FAFF))
		return 0;
	return 1;
}

/* Lower case for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic. */
static unsigned S_lower(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 32;
	if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 &&
	    cp != 0x149 && cp != 0x17F) {
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return (cp & 1) ? cp + 1 : cp;
		if (cp == 0x178)
			return 0xFF;
		return (cp & 1) ? cp : cp + 1;
	}
	if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	return cp;
}

/*
 * `seen` is kept sorted, so that a brief with thousands of headings does
 * not search a growing list for each one. True when `s` is in it; *at is
 * where it is, or where it would go.
 */
static int S_sorted_find(const struct strlist *l, const char *s, size_t *at)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->v[mid], s);
		if (!c) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

static void S_sorted_insert(struct strlist *l, const char *s, size_t at)
{
	char *copy;

	strlist_push(l, s);
	copy = l->v[l->n - 1];
	memmove(l->v + at + 1, l->v + at, (l->n - 1 - at) * sizeof(*l->v));
	l->v[at] = copy;
}

void markdown_anchor(const char *heading_text, struct strlist *seen, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)(heading_text ? heading_text : "");
	const unsigned char *end = p + strlen((const char *)p);
	struct strbuf slug = STRBUF_INIT, cand = STRBUF_INIT;
	int i;

	while (*p) {
		unsigned cp = utf8_decode(&p, end);
		if (cp == ' ')
			strbuf_addc(&slug, '-');
		else if (cp == '-' || S_is_word(cp))
			utf8_encode(&slug, S_lower(cp));
	}
	strbuf_add(&cand, slug.buf, slug.len);
	if (seen) {
		size_t at;
		for (i = 1; S_sorted_find(seen, cand.buf, &at); i++) {
			strbuf_reset(&cand);
			strbuf_addf(&cand, "%s-%d", slug.buf, i);
		}
		S_sorted_insert(seen, cand.buf, at);
	}
	strbuf_add(out, cand.buf, cand.len);
	strbuf_release(&slug);
	strbuf_release(&cand);
}

char *markdown_node_text(cmark_node *node)
{
	struct strbuf sb = STRBUF_INIT;
	cmark_iter *it;
	cmark_event_type ev;

	if (!node)
		return strbuf_detach(&sb, NULL);
	it = cmark_iter_new(node);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK:
			lit = cmark_node_get_literal(n);
			if (lit)
				strbuf_adds(&sb, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			strbuf_addc(&sb, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return strbuf_detach(&sb, NULL);
}
