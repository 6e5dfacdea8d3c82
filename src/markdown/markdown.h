/*
 * markdown.h - the one Markdown tree that feeds both outputs.
 *
 * Parsing uses cmark-gfm with the table, strikethrough, autolink and
 * tasklist extensions, then applies casebrief's safety policy to the tree:
 * raw HTML (html_block, html_inline) becomes literal text, and links or
 * images whose destination is not http:, https:, mailto: or a "#fragment"
 * are replaced by their text. Input longer than MARKDOWN_MAX_BYTES is
 * refused (cmark-gfm 0.29 has quadratic cases).
 */
#ifndef CASEBRIEF_MARKDOWN_H
#define CASEBRIEF_MARKDOWN_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "base/strbuf.h"
#include "base/str.h"

#define MARKDOWN_MAX_BYTES (8 * 1024 * 1024)

/* Parses and applies the policy. Returns the document node (free with
 * cmark_node_free), or NULL after an error message when the input is too
 * large. Safe to call from several threads: cmark-gfm 0.29 rewrites a
 * global table during a parse, so the parse itself runs under a lock. */
cmark_node *markdown_parse(const char *text, size_t len);

/* Registers the cmark-gfm extensions; call once before any thread starts. */
void markdown_init(void);

/* True when `url` may become a link: http(s), mailto, or "#..." */
int markdown_url_is_safe(const char *url);

/*
 * Renders the tree as GFM text: ```chart blocks become ```mermaid blocks.
 * Returns a malloc'd NUL-terminated string (length in *len when non-NULL).
 */
char *markdown_render_gfm(cmark_node *root, size_t *len);

/* GitHub-style heading anchor ("How this brief was made" ->
 * "how-this-brief-was-made"), appended to `out`; `seen` de-duplicates
 * ("-1", "-2" suffixes) across calls when non-NULL. `seen` must be filled
 * only by markdown_anchor, which keeps it sorted for binary search. */
struct strbuf;
struct strlist;
void markdown_anchor(const char *heading_text, struct strlist *seen, struct strbuf *out);

/* The plain text of a node and its descendants (for headings, anchors). */
char *markdown_node_text(cmark_node *node);

#endif
