/*
 * test_markdown_pieces.c - a long text parsed in pieces (markdown.h:
 * markdown_pieces_start) gives the blocks the whole text parsed at once
 * gives, node for node and line for line (cmark-gfm's XML with source
 * positions), also where a planned cut falls inside a fenced code block
 * that runs past it; texts that must stay whole are one piece.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"

/* `x` with the lines of its source positions ("L:C-L:C") moved on by
 * `line0`, appended. */
static void add_shifted(struct strbuf *out, const char *x, size_t line0)
{
	static const char attr[] = "sourcepos=\"";
	const char *p = x, *at;

	while ((at = strstr(p, attr)) != NULL) {
		long l1, c1, l2, c2;
		int n = 0;
		at += sizeof(attr) - 1;
		strbuf_add(out, p, (size_t)(at - p));
		if (sscanf(at, "%ld:%ld-%ld:%ld%n", &l1, &c1, &l2, &c2, &n) != 4) {
			p = at;
			continue;
		}
		strbuf_addf(out, "%ld:%ld-%ld:%ld", l1 + (long)line0, c1, l2 + (long)line0, c2);
		p = at + n;
	}
	strbuf_adds(out, p);
}

/* The XML of every block of `doc`, with source positions in the whole
 * text (a piece's count from its own start: its line0), appended. */
static void blocks_xml(const struct markdown_doc *doc, struct strbuf *out)
{
	cmark_node *n;

	for (n = cmark_node_first_child(doc->root); n; n = cmark_node_next(n)) {
		char *x = cmark_render_xml(n, CMARK_OPT_SOURCEPOS);
		add_shifted(out, x, doc->line0);
		free(x);
	}
}

/* Parses `text` whole and in pieces; *pieces gets how many there were.
 * Returns whether the two agree. */
static int same_blocks(const char *text, size_t *pieces)
{
	struct markdown_doc *whole = markdown_parse(text, strlen(text), NULL), *doc;
	struct markdown_pieces *p = markdown_pieces_start(text, strlen(text), NULL, 2);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int same;

	*pieces = 0;
	if (!whole || !p) {
		markdown_doc_free(whole);
		markdown_pieces_free(p);
		return 0;
	}
	blocks_xml(whole, &a);
	while ((doc = markdown_pieces_next(p)) != NULL) {
		blocks_xml(doc, &b);
		(*pieces)++;
	}
	same = !markdown_pieces_failed(p) && a.len == b.len && !memcmp(a.buf, b.buf, a.len);
	if (!same) {
		size_t i = 0;
		while (i < a.len && i < b.len && a.buf[i] == b.buf[i])
			i++;
		fprintf(stderr, "whole and pieces differ at byte %zu:\n%.200s\n---\n%.200s\n", i,
			a.buf + (i > 100 ? i - 100 : 0), b.buf + (i > 100 ? i - 100 : 0));
	}
	strbuf_release(&a);
	strbuf_release(&b);
	markdown_doc_free(whole);
	markdown_pieces_free(p);
	return same;
}

/* Section i of a long text: most block kinds, nested, and every few
 * sections a fenced block that holds blank lines and headings, so that
 * some planned cuts fall inside it. */
static void section(struct strbuf *sb, int i)
{
	strbuf_addf(sb, "# Part %d\n\n", i);
	strbuf_addf(sb, "Text with *emphasis*, **strong**, `code`, a [link](https://example.com/%d), "
		    "\"quotes\" -- and --- dashes, www.example.com/%d and mail%d@example.com.\n"
		    "A second line of the same paragraph, ~~struck~~.\n\n", i, i, i);
	strbuf_addlit(sb, "- one\n- two\n\n  ```\n  fenced in a list\n\n# inside? no: the list ends\n");
	strbuf_addlit(sb, "1. first\n2. second\n   - [ ] a task\n   - [x] done\n\n");
	strbuf_addf(sb, "> quoted %d\n> more\n\n| a | b |\n|---|--:|\n| %d | x |\n\n    indented code\n\n", i, i);
	strbuf_addf(sb, "## Sub %d\n\nSetext\n======\n\n", i);
	if (i % 3 == 0)
		strbuf_addf(sb, "```\ncode %d\n\n# not a heading\n\n## nor this\n\n```\n\n", i);
	if (i % 5 == 1)
		strbuf_addf(sb, "~~~~ text\nfence %d\n```\n\n# still code\n\n~~~~~\n\n", i);
	if (i % 7 == 2)
		strbuf_addf(sb, "  ```\nan indented fence %d\n\n# code\n\n   ```\n\n", i);
	if (i % 13 == 4)
		strbuf_addf(sb, "<div>\nHTML %d, which ends at the blank line\n\n", i);
}

static char *long_text(int sections, const char *tail)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = 0; i < sections; i++)
		section(&sb, i);
	strbuf_adds(&sb, tail);
	return strbuf_detach(&sb, NULL);
}

void run_tests(void)
{
	size_t n;

	TEST("a long text in pieces gives the blocks of the whole text") {
		char *t = long_text(1500, "");
		CHECK(same_blocks(t, &n));
		CHECK(n > 4);
		free(t);
	}
	TEST("a fenced block left open at the end") {
		char *t = long_text(400, "```\nnever closed\n\n# code to the end\n");
		CHECK(same_blocks(t, &n));
		CHECK(n > 1);
		free(t);
	}
	TEST("every cut inside a fenced block: one piece, the same blocks") {
		struct strbuf sb = STRBUF_INIT;
		int i;
		strbuf_addlit(&sb, "# Start\n\n```\n");
		for (i = 0; i < 20000; i++)
			strbuf_addf(&sb, "line %d\n\n# heading-like %d\n", i, i);
		strbuf_addlit(&sb, "```\n");
		CHECK(same_blocks(sb.buf, &n));
		CHECK_INT((int)n, 1);
		strbuf_release(&sb);
	}
	TEST("every cut after a fenced block left open in a list: bounded tries") {
		struct strbuf sb = STRBUF_INIT;
		int i;
		for (i = 0; i < 20000; i++)
			strbuf_addf(&sb, "- item %d\n\n  ```\n  open\n\n# heading %d\n\n", i, i);
		CHECK(same_blocks(sb.buf, &n));
		CHECK(n >= 1 && n <= 2);
		strbuf_release(&sb);
	}
	TEST("texts that stay whole") {
		static const char *const tails[] = {
			"\n[ref]: https://example.com\n", "\nA note[^1].\n\n[^1]: The note.\n",
			"\n![alt](x.png)\n", "\n```chart\ntype: bar\n```\n", "\n<!-- a comment\n\n# in it\n-->\n",
			"\n<pre>\n\n# x\n</pre>\n",
		};
		size_t k;
		for (k = 0; k < ARRAY_SIZE(tails); k++) {
			char *t = long_text(400, tails[k]);
			CHECK(same_blocks(t, &n));
			CHECK_INT((int)n, 1);
			free(t);
		}
	}
	TEST("a short text, or one thread: one piece") {
		char *t = long_text(400, "");
		struct markdown_pieces *p = markdown_pieces_start(t, strlen(t), NULL, 1);
		CHECK(p != NULL);
		CHECK(p && markdown_pieces_next(p) != NULL);
		CHECK(p && markdown_pieces_next(p) == NULL);
		markdown_pieces_free(p);
		CHECK(same_blocks("# A\n\ntext\n\n# B\n\nmore\n", &n));
		CHECK_INT((int)n, 1);
		free(t);
	}
}
