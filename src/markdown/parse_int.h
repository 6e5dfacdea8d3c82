/*
 * parse_int.h - the stages of markdown_parse, for pieces.c, which parses
 * a long text in pieces with them. Not for other layers.
 */
#ifndef CASEBRIEF_MARKDOWN_PARSE_INT_H
#define CASEBRIEF_MARKDOWN_PARSE_INT_H

#include "markdown/markdown.h"

/*
 * What is decided once for the whole text: its size against the limit
 * (an error, -1), the copy with its bidirectional controls replaced
 * (*clean, NULL when there are none) and whether tables are read
 * (*tables); each is reported as markdown_parse reports it.
 */
int markdown_prepare(const char *text, size_t len, char **clean, int *tables);

/* Says whether the tree cmark-gfm made of a piece may be used (1), before
 * the policy changes it; 0 throws the tree away. */
typedef int markdown_check_fn(cmark_node *root, void *arg);

/*
 * The document of `len` bytes at `text`, which starts after
 * `lines_before` lines of the whole text (its line0: its nodes count
 * lines from the start of the piece), with tables read or not: parsed, checked
 * by `check` when it is not NULL, the policy applied and its charts
 * bound. NULL when cmark-gfm fails or `check` refuses the tree.
 */
struct markdown_doc *markdown_parse_lines(const char *text, size_t len, size_t lines_before, int tables,
					  const struct markdown_opts *opts, markdown_check_fn *check, void *arg);

#endif
