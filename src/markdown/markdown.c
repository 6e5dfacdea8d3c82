/*
 * markdown.c - cmark-gfm parsing, casebrief's safety policy, and the
 * binding of chart fences to charts (markdown.h). The GFM writer is
 * gfm.c; anchors and plain text are anchor.c.
 *
 * cmark-gfm keeps raw HTML in the tree whatever the options (CMARK_OPT_SAFE
 * only affects its HTML renderer), and its CommonMark renderer writes HTML
 * and any link destination back out as they are. So the policy is applied
 * to the tree itself, right after parsing: every consumer of the tree (the
 * GFM writer and the PDF typesetter) sees only text, safe links and the
 * block structure.
 */
#include "markdown/markdown.h"
#include "markdown/parse_int.h"

#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	if (!url || strlen(url) > URL_MAX_BYTES)
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
static void flatten(cmark_node *node)
{
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	char *s = markdown_node_text(node);

	cmark_node_set_literal(text, s);
	free(s);
	cmark_node_insert_before(node, text);
	cmark_node_free(node);
}

/* Moves the children of `node` in front of it, then frees `node`. */
static void unwrap(cmark_node *node)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(node)) != NULL) {
		cmark_node_unlink(child);
		cmark_node_insert_before(node, child);
	}
	cmark_node_free(node);
}

/* html_inline -> a text node with the same characters. */
static void html_inline_to_text(cmark_node *node)
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
static void html_block_to_text(cmark_node *node)
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

static int needs_policy(cmark_node *node)
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
 * cmark-gfm 0.29's table extension takes time quadratic in the number of
 * columns of a row (20,000 columns in 12 rows: 20 s). No real table has
 * more than a few dozen columns, so a line with more pipes than this turns
 * table parsing off for the document (the text still shows).
 */
#define MAX_TABLE_PIPES 512

/*
 * A table also costs memory for every cell, in cmark-gfm (about 700
 * bytes) and in the layout: 8 MiB of a 510-column table took 3.7 GB. So
 * the cells that the document's tables could have are counted before
 * cmark-gfm sees the text, and past this many tables are off as well.
 * 100,000 cells is about 80 MB and a tenth of a second; a brief of 6,000
 * cases has about 60,000.
 */
#define MAX_TABLE_CELLS 100000

/*
 * A line that could be a table's delimiter row: a '|' and a '-', and
 * otherwise only ':', white space and the markers of the block containers
 * (quotes, list items) it may sit in.
 */
static int delimiter_like(const char *p, const char *eol)
{
	int pipe = 0, dash = 0;

	for (; p < eol; p++) {
		if (*p == '|')
			pipe = 1;
		else if (*p == '-')
			dash = 1;
		else if (!strchr(" \t\r:>*+.)", *p) && !(*p >= '0' && *p <= '9'))
			return 0;
	}
	return pipe && dash;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The cells a line of `pipes` '|' would make as a row: the pipes split
 * it, and a pipe that opens or closes the line only marks the edge. 0
 * for a blank line. */
static size_t row_cells(const char *p, const char *eol, size_t pipes)
{
	size_t cells = pipes + 1;

	while (p < eol && is_space(*p))
		p++;
	while (eol > p && is_space(eol[-1]))
		eol--;
	if (p == eol)
		return 0;
	if (pipes && *p == '|')
		cells--;
	if (pipes && eol - p > 1 && eol[-1] == '|')
		cells--;
	return cells ? cells : 1;
}

enum { TABLES_OK, TABLES_WIDE_ROW, TABLES_MANY_CELLS };

/*
 * Whether tables must be off, and why. The cell count over-estimates on
 * purpose, in one pass: a row has as many cells as its table's header
 * however short its line (cmark-gfm pads it, so "x" under a 500-column
 * header is 500 cells), and a table is taken to run from a line followed
 * by a delimiter-like line to the next blank line.
 */
static int tables_refused(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t width = 0, prev = 0, cells = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *q = p;
		size_t pipes = 0, here;

		while ((q = memchr(q, '|', (size_t)(eol - q))) != NULL) {
			if (++pipes > MAX_TABLE_PIPES)
				return TABLES_WIDE_ROW;
			q++;
		}
		here = row_cells(p, eol, pipes);
		if (!here) {
			width = 0;
		} else if (width) {
			cells += width > here ? width : here;
		} else if (prev && pipes && delimiter_like(p, eol)) {
			width = prev > here ? prev : here;
			cells += 2 * width;
		}
		prev = here;
		if (cells > MAX_TABLE_CELLS)
			return TABLES_MANY_CELLS;
		if (!nl)
			break;
		p = nl + 1;
	}
	return TABLES_OK;
}

static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Smart punctuation: straight quotes become curly ones, "--" an en dash
 * and "---" an em dash, in the tree itself, so the PDF and the Markdown
 * show the same characters (a backslash-escaped quote stays straight).
 * Footnotes: "[^label]" references and "[^label]: ..." definitions;
 * cmark-gfm numbers the references in order of first use and moves the
 * definitions that are referenced to the end of the document in that
 * order (unreferenced ones are dropped).
 */
#define PARSE_OPTIONS (CMARK_OPT_SMART | CMARK_OPT_FOOTNOTES)

static int tables_ok(const char *text, size_t len)
{
	int why = tables_refused(text, len);

	if (why == TABLES_WIDE_ROW)
		warning("a line has more than %d '|' characters: tables are not read in this document",
			MAX_TABLE_PIPES);
	else if (why == TABLES_MANY_CELLS)
		warning("the tables would have more than %d cells: tables are not read in this document",
			MAX_TABLE_CELLS);
	return why == TABLES_OK;
}

static cmark_node *parse_tree(const char *text, size_t len, int tables)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink", "tasklist" };
	cmark_parser *p;
	cmark_node *root;
	size_t i;

	/* cmark-gfm 0.29 keeps its table of special inline characters in a
	 * global that every parse rewrites (extensions add their characters,
	 * then take them out again), so parses must not overlap. */
	pthread_mutex_lock(&parse_lock);
	markdown_init();
	p = cmark_parser_new(PARSE_OPTIONS);
	for (i = tables ? 0 : 1; i < ARRAY_SIZE(exts); i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
	cmark_parser_feed(p, text, len);
	root = cmark_parser_finish(p);
	cmark_parser_free(p);
	pthread_mutex_unlock(&parse_lock);
	return root;
}

/* ---- charts ---------------------------------------------------------- */

/*
 * Charts are bound once, here, so that a spec is read once per document
 * however many outputs are made from it, and a chart built in C never
 * becomes text at all. Each fence finds its entry through cmark's
 * per-node user data (nothing else in casebrief sets it), so the
 * typesetter needs nothing but the node it is laying out.
 */

/* True for a chart fence; *name / *nlen get the word after "chart"
 * (length 0 when there is none). */
static int chart_fence(cmark_node *node, const char **name, size_t *nlen)
{
	const char *info;

	if (cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK)
		return 0;
	info = cmark_node_get_fence_info(node);
	if (!info || strcspn(info, " \t") != 5 || strncmp(info, "chart", 5))
		return 0;
	info += 5;
	info += strspn(info, " \t");
	*name = info;
	*nlen = strcspn(info, " \t");
	return 1;
}

static int is_blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

static const struct markdown_named_chart *find_named(const struct markdown_opts *o,
						     const char *name, size_t nlen)
{
	size_t i;

	for (i = 0; o && i < o->ncharts; i++)
		if (strlen(o->charts[i].name) == nlen && !memcmp(o->charts[i].name, name, nlen))
			return &o->charts[i];
	return NULL;
}

/*
 * A refused chart is a warning, not an error: the document is still
 * written, with the block shown as code. Threads may be printing too, so
 * the messages go out in one piece.
 */
static void report(struct diags *d)
{
	struct diags w = DIAGS_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		struct pos at = { d->v[i].file, d->v[i].line, d->v[i].col };
		diags_warning(&w, at, "%s", d->v[i].msg);
	}
	flockfile(stderr);
	diags_print(&w, stderr);
	funlockfile(stderr);
	diags_release(&w);
}

static void bind_chart(struct markdown_chart *mc, const struct markdown_opts *o,
		       const char *source, size_t line0)
{
	const char *lit = cmark_node_get_literal(mc->node), *name;
	const struct markdown_named_chart *nc;
	struct diags d = DIAGS_INIT;
	int line = (int)line0 + cmark_node_get_start_line(mc->node);
	size_t nlen;

	chart_fence(mc->node, &name, &nlen);
	if (nlen && is_blank(lit)) {
		nc = find_named(o, name, nlen);
		if (nc) {
			chart_copy(&mc->chart, &nc->chart);
			mc->ok = 1;
			return;
		}
		diags_error(&d, (struct pos){ source, line, 1 }, "no chart named '%.*s'",
			    (int)nlen, name);
	} else if (!chart_parse(lit ? lit : "", lit ? strlen(lit) : 0, source, line + 1,
				&mc->chart, &d)) {
		mc->ok = 1; /* the spec starts on the line after the fence */
	}
	if (!mc->ok)
		report(&d);
	diags_release(&d);
}

static void bind_charts(struct markdown_doc *doc, const struct markdown_nodes *fences,
			const struct markdown_opts *o)
{
	const char *source = o && o->source ? o->source : "<markdown>";
	size_t i;

	doc->ncharts = fences->n;
	doc->charts = fences->n ? xcalloc(fences->n, sizeof(*doc->charts)) : NULL;
	for (i = 0; i < fences->n; i++) {
		doc->charts[i].node = fences->v[i];
		bind_chart(&doc->charts[i], o, source, doc->line0);
		cmark_node_set_user_data(doc->charts[i].node, &doc->charts[i]);
	}
}

const struct markdown_chart *markdown_chart_of(cmark_node *node)
{
	const struct markdown_chart *mc;

	if (!node || cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK)
		return NULL;
	mc = cmark_node_get_user_data(node);
	return mc && mc->node == node ? mc : NULL;
}

static void push_node(struct markdown_nodes *a, cmark_node *node)
{
	ALLOC_GROW(a->v, a->n + 1, a->alloc);
	a->v[a->n++] = node;
}

/*
 * The one walk over the parsed tree: it collects the nodes the policy
 * changes, the chart fences (into `fences`) and the nodes the document
 * lists (markdown.h), then applies the policy. Returns how many nodes it
 * changed.
 *
 * Nodes are collected first and changed afterwards, so the iterator never
 * walks over a node that has been freed, and no node that is changed is
 * listed: the policy frees only the nodes it changes (and the inside of
 * an unsafe image, which the walk skips). Children of an unwrapped link
 * stay in the tree and were already visited. An unsafe image becomes its
 * alt text as a whole: unwrapping nested images one level at a time costs
 * cmark an ancestor walk per move, quadratic in the depth.
 */
static size_t survey(struct markdown_doc *doc, struct markdown_nodes *fences)
{
	cmark_iter *it = cmark_iter_new(doc->root);
	struct markdown_nodes todo = { NULL, 0, 0 };
	cmark_event_type ev;
	const char *name;
	size_t nlen, i;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (needs_policy(node)) {
			push_node(&todo, node);
			if (t == CMARK_NODE_IMAGE)
				cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
		} else if (t == CMARK_NODE_HEADING) {
			push_node(&doc->headings, node);
		} else if (t == CMARK_NODE_LINK) {
			push_node(&doc->links, node);
		} else if (t == CMARK_NODE_IMAGE) {
			push_node(&doc->images, node);
		} else if (chart_fence(node, &name, &nlen)) {
			push_node(fences, node);
		}
	}
	cmark_iter_free(it);
	/* Innermost first: a link inside an unsafe image is handled before it. */
	for (i = todo.n; i > 0; i--) {
		cmark_node *node = todo.v[i - 1];
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_BLOCK:
			html_block_to_text(node);
			break;
		case CMARK_NODE_HTML_INLINE:
			html_inline_to_text(node);
			break;
		case CMARK_NODE_IMAGE: /* keep its alt text */
			flatten(node);
			break;
		default: /* unsafe link: keep what it shows */
			unwrap(node);
			break;
		}
	}
	free(todo.v);
	return todo.n;
}

/* ---- the document ---------------------------------------------------- */

/*
 * A copy of `text` with every bidirectional control character replaced by
 * U+FFFD (the same three bytes long, so positions in messages still hold),
 * or NULL when it has none: neither output may display text in another
 * order than it is written.
 */
static char *neutralise_bidi(const char *text, size_t len)
{
	size_t at = utf8_bidi_at(text, len), n = 0;
	char *copy;

	if (at == len)
		return NULL;
	copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	while (at < len) {
		memcpy(copy + at, "\xef\xbf\xbd", 3);
		n++;
		at += 3 + utf8_bidi_at(copy + at + 3, len - at - 3);
	}
	warning("%zu bidirectional control character%s replaced by U+FFFD", n, n == 1 ? "" : "s");
	return copy;
}

int markdown_prepare(const char *text, size_t len, char **clean, int *tables)
{
	if (len > MARKDOWN_MAX_BYTES) {
		error("markdown input of %zu bytes is over the limit of %d", len, MARKDOWN_MAX_BYTES);
		return -1;
	}
	*clean = neutralise_bidi(text, len);
	*tables = tables_ok(*clean ? *clean : text, len);
	return 0;
}

struct markdown_doc *markdown_parse_lines(const char *text, size_t len, size_t lines_before, int tables,
					  const struct markdown_opts *opts, markdown_check_fn *check, void *arg)
{
	struct markdown_nodes fences = { NULL, 0, 0 };
	struct markdown_doc *doc;
	cmark_node *root = parse_tree(text, len, tables);

	if (!root)
		return NULL;
	if (check && !check(root, arg)) {
		cmark_node_free(root);
		return NULL;
	}
	doc = xcalloc(1, sizeof(*doc));
	doc->root = root;
	doc->line0 = lines_before;
	/* One text node per run of text, so the GFM writer sees a "--" that
	 * escapes split over several nodes (gfm.c). cmark_parser_finish
	 * leaves it so, and its autolinks put a link between the texts they
	 * split, so only the policy's changes can make texts neighbours. */
	if (survey(doc, &fences))
		cmark_consolidate_text_nodes(root);
	bind_charts(doc, &fences, opts);
	free(fences.v);
	return doc;
}

struct markdown_doc *markdown_parse(const char *text, size_t len, const struct markdown_opts *opts)
{
	struct markdown_doc *doc;
	char *clean;
	int tables;

	if (markdown_prepare(text, len, &clean, &tables) < 0)
		return NULL;
	doc = markdown_parse_lines(clean ? clean : text, len, 0, tables, opts, NULL, NULL);
	free(clean);
	return doc;
}

void markdown_doc_free(struct markdown_doc *doc)
{
	size_t i;

	if (!doc)
		return;
	for (i = 0; i < doc->ncharts; i++)
		chart_release(&doc->charts[i].chart);
	free(doc->charts);
	free(doc->headings.v);
	free(doc->links.v);
	free(doc->images.v);
	cmark_node_free(doc->root);
	free(doc);
}

static int is_contents_heading(cmark_node *n)
{
	char *text;
	int yes;

	if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) != 2)
		return 0;
	text = markdown_node_text(n);
	yes = !strcmp(text, "Contents");
	free(text);
	return yes;
}

size_t markdown_contents_blocks(cmark_node *root)
{
	cmark_node *n;
	size_t k = 0;

	for (n = cmark_node_first_child(root); n && !is_contents_heading(n); n = cmark_node_next(n))
		k++;
	if (!n)
		return 0;
	for (n = cmark_node_next(n), k++; n; n = cmark_node_next(n), k++)
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 2)
			break;
	return k;
}
