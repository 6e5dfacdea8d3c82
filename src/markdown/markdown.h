/*
 * markdown.h - the one Markdown document that feeds both outputs: the
 * cmark-gfm tree after the safety policy, with its charts bound.
 *
 * Parsing uses cmark-gfm with the table, strikethrough, autolink and
 * tasklist extensions, smart punctuation (curly quotes, "--" and "---" as
 * en and em dashes, "..." as an ellipsis; escaped ones stay as typed) and
 * footnotes (CMARK_NODE_FOOTNOTE_REFERENCE, whose literal is the note's
 * number in order of first reference; the referenced
 * CMARK_NODE_FOOTNOTE_DEFINITION blocks follow the document's last block,
 * in that order, so the k-th definition is note k), then applies
 * casebrief's safety policy to the whole tree, footnotes included:
 * raw HTML (html_block, html_inline) becomes literal text, and links or
 * images whose destination is not http:, https:, mailto: or a "#fragment"
 * are replaced by their text. Input longer than MARKDOWN_MAX_BYTES is
 * refused (cmark-gfm 0.29 has quadratic cases).
 *
 * Charts. A fenced code block whose info string's first word is "chart"
 * is a chart fence. markdown_parse binds every chart fence to a struct
 * chart, once, so that neither output reads a spec again:
 *   - "```chart NAME" with an empty (or blank) body takes the caller's
 *     chart called NAME (markdown_opts.charts);
 *   - every other chart fence is parsed from its body, the YAML spec of
 *     chart.h, with messages positioned in the enclosing text.
 * A fence whose spec is refused (or whose name no chart has) is reported
 * as warnings on stderr while parsing and stays a plain code block in
 * both outputs. The GFM writer turns a bound chart into a ```mermaid
 * block; the PDF typesetter draws the same struct (markdown_chart_of).
 */
#ifndef CASEBRIEF_MARKDOWN_H
#define CASEBRIEF_MARKDOWN_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "markdown/chart.h"
#include "base/strbuf.h"

#define MARKDOWN_MAX_BYTES (8 * 1024 * 1024)

/* A chart the caller has built, for "```chart NAME" fences. */
struct markdown_named_chart {
	const char *name;     /* NAME: one word, no white space */
	struct chart chart;   /* must keep chart.h's limits; markdown_parse copies it */
};

struct markdown_opts {
	const char *source;   /* names the text in messages; NULL = "<markdown>" */
	const struct markdown_named_chart *charts; /* may be NULL */
	size_t ncharts;
};

/* One chart fence of a document. */
struct markdown_chart {
	cmark_node *node;     /* the fenced code block */
	int ok;               /* 1: `chart` is the chart; 0: refused (already
			       * reported), the block shows as code */
	struct chart chart;   /* owned by the document */
};

/* Nodes of one kind, in document order. */
struct markdown_nodes {
	cmark_node **v;
	size_t n;
	size_t alloc;
};

struct markdown_doc {
	cmark_node *root;               /* the document node */
	/* The lines of the whole text before this piece of it (pieces.c):
	 * its nodes count their lines from 1 after them. 0 for a whole text. */
	size_t line0;
	struct markdown_chart *charts;  /* every chart fence, in document order */
	size_t ncharts;
	/* Found by the walk that applies the policy, so that no consumer
	 * walks the whole tree again to look for them: a large tree does not
	 * fit in the caches, and one walk over the tree of a 1,000-case
	 * document took about 1.5 % of the time of its render. */
	struct markdown_nodes headings; /* every heading */
	struct markdown_nodes links;    /* every link the policy kept */
	struct markdown_nodes images;   /* every image the policy kept */
};

/* Registers the cmark-gfm extensions; call once before any thread starts. */
void markdown_init(void);

/*
 * Parses `text`, applies the policy and binds the charts (`opts` may be
 * NULL: no named charts, messages about "<markdown>"). Returns the
 * document (free with markdown_doc_free), or NULL after an error message
 * when the input is too large. Safe to call from several threads:
 * cmark-gfm 0.29 rewrites a global table during a parse, so the parse
 * itself runs under a lock.
 */
struct markdown_doc *markdown_parse(const char *text, size_t len,
				    const struct markdown_opts *opts);
void markdown_doc_free(struct markdown_doc *doc);

/*
 * A long text parsed in pieces, each a document of its own, on a thread
 * of its own while the caller uses the pieces parsed before (pieces.c
 * says where a text is cut, and which texts stay whole). Laid out one
 * after another, the pieces give what the whole text parsed at once
 * gives; a text that is short, or parsed with `threads` 1, is one piece
 * parsed before markdown_pieces_start returns. The messages are
 * markdown_parse's, in its order. The caller keeps `text` and `opts`
 * until markdown_pieces_free. NULL when the text cannot be parsed (said).
 */
struct markdown_pieces;
struct markdown_pieces *markdown_pieces_start(const char *text, size_t len,
					      const struct markdown_opts *opts, int threads);
/* The next piece, waiting for it to be parsed; NULL after the last one,
 * or when one could not be parsed (markdown_pieces_failed). The pieces
 * stay until markdown_pieces_free. */
struct markdown_doc *markdown_pieces_next(struct markdown_pieces *p);
int markdown_pieces_failed(struct markdown_pieces *p);
/* The pieces handed out so far, in order (*docs), and how many. */
size_t markdown_pieces_taken(const struct markdown_pieces *p, const struct markdown_doc *const **docs);
/* Waits for the parsing thread and frees the pieces. NULL is allowed. */
void markdown_pieces_free(struct markdown_pieces *p);

/*
 * The chart bound to `node` when it is a chart fence of a document made
 * by markdown_parse (valid while that document lives), else NULL. The
 * one test of "is this a chart block" for every consumer of the tree.
 */
const struct markdown_chart *markdown_chart_of(cmark_node *node);

/* True when `url` may become a link: http(s), mailto, or "#..." */
int markdown_url_is_safe(const char *url);

/*
 * Renders the document as GFM text: bound charts become ```mermaid blocks
 * (chart_to_mermaid), each followed by its numbers as a table
 * (chart_to_gfm_table); refused ones stay as they were written. Returns a
 * malloc'd NUL-terminated string (length in *len when non-NULL). The tree
 * is changed while it is written and restored before returning, so no
 * other thread may read the document meanwhile.
 */
char *markdown_render_gfm(const struct markdown_doc *doc, size_t *len);

/*
 * The number of top-level blocks, from the first, that the document's own
 * title block and "Contents" section take: everything before a top-level
 * level-2 heading whose text is "Contents", that heading, and what follows
 * it up to the next heading of level 1 or 2. 0 when there is no such
 * heading. (The PDF of a brief leaves them out: its cover and contents
 * page, with page numbers, stand for them.)
 */
size_t markdown_contents_blocks(cmark_node *root);

/*
 * Appends plain text `s` (len bytes) as Markdown that, parsed as inline
 * GFM, shows exactly `s`, also inside a table cell: ASCII punctuation
 * that could start markup is backslash-escaped (the quotes too when
 * `quotes`; else smart punctuation curls them), a backslash is "&#92;",
 * line breaks and tabs become spaces, spaces at either end "&#32;". The
 * one escaper: the templates' {{x}} (mustache_escape_markdown) and the
 * tables written beside charts use it.
 */
void markdown_escape_text(struct strbuf *out, const char *s, size_t len, int quotes);

/* The plain text of a node and its descendants: literals of text and code
 * (and of raw HTML left by a tree not made here), a space per line break. */
char *markdown_node_text(cmark_node *node);
/* The last byte of markdown_node_text(node) that is not a space or a
 * newline, or 0; read from the end, node by node, without the copy. */
int markdown_node_last_char(cmark_node *node);

/*
 * GitHub's heading anchors. markdown_slug appends the anchor of one
 * heading's plain text ("How this brief was made" ->
 * "how-this-brief-was-made"). A struct markdown_anchors gives the headings
 * of one document, in order, unique anchors as GitHub does: the second
 * "x" is "x-1", the next "x-2", skipping any anchor already given. Each
 * heading costs expected constant time (a hash set, and per slug the next
 * suffix to try), so 10,000 identical headings stay linear.
 * Zero-initialise (MARKDOWN_ANCHORS_INIT); release when done.
 */
struct markdown_anchor_slot;
struct markdown_anchors {
	struct markdown_anchor_slot *v;  /* private */
	size_t n, cap;
};
#define MARKDOWN_ANCHORS_INIT { NULL, 0, 0 }

void markdown_slug(const char *heading_text, struct strbuf *out);
/*
 * Appends `text` made safe as a heading whose anchor must be the same
 * under GitHub's rule and GitLab's (which squeezes runs of hyphens):
 * each space or hyphen that would give the anchor a second hyphen in a
 * row becomes U+00A0 or U+2011, which look the same and which both
 * rules drop. "Solana — Polkadot" keeps its look and gets the anchor
 * "solana-polkadot" everywhere.
 */
void markdown_heading_stable(const char *text, struct strbuf *out);
/* Appends the next heading's anchor to `out` (when not NULL) and records
 * it; returns the heading's index (0 for the first heading added). */
size_t markdown_anchors_add(struct markdown_anchors *a, const char *heading_text,
			    struct strbuf *out);
/* The index of the heading that was given `anchor`, or -1. */
long markdown_anchors_find(const struct markdown_anchors *a, const char *anchor);
void markdown_anchors_release(struct markdown_anchors *a);

/*
 * Warns ("WHAT: link to '#x' matches no heading", once per target) about
 * every "#fragment" link of the document that no heading's anchor
 * answers. Returns the number of broken targets.
 */
size_t markdown_check_links(const struct markdown_doc *doc, const char *what);

#endif
