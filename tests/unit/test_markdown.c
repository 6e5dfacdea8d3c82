/*
 * test_markdown.c - the safety policy, GFM output, chart -> mermaid,
 * charts bound at parse time (named and written), GitHub anchors (also
 * 10,000 identical headings), node text, the contents section, and
 * idempotence (parse + render of an output gives the same bytes),
 * including over the golden briefs.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmark-gfm-core-extensions.h>

#include "markdown/markdown.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/str.h"

static struct markdown_doc *parse(const char *in)
{
	return markdown_parse(in, strlen(in), NULL);
}

/* Parse + policy + GFM render. */
static char *gfm(const char *in)
{
	struct markdown_doc *doc = parse(in);
	char *out;

	if (!doc)
		return xstrdup("(null)");
	out = markdown_render_gfm(doc, NULL);
	markdown_doc_free(doc);
	return out;
}

static int contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* Renders `in`, then renders the result again: both must be equal. */
static int idempotent(const char *in)
{
	char *a = gfm(in), *b = gfm(a);
	int ok = !strcmp(a, b);

	if (!ok)
		fprintf(stderr, "not idempotent:\n--- first\n%s\n--- second\n%s\n", a, b);
	free(a);
	free(b);
	return ok;
}

static int count_type(cmark_node *doc, cmark_node_type type)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int n = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == type)
			n++;
	cmark_iter_free(it);
	return n;
}

/* Text nodes whose next sibling is a text node too (0 once consolidated). */
static int neighbour_texts(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int n = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it), *next = cmark_node_next(node);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_TEXT && next &&
		    cmark_node_get_type(next) == CMARK_NODE_TEXT)
			n++;
	}
	cmark_iter_free(it);
	return n;
}

/* The anchor of `text`, de-duplicated against `seen` when not NULL. */
static char *anchor(const char *text, struct markdown_anchors *seen)
{
	struct strbuf sb = STRBUF_INIT;
	if (seen)
		markdown_anchors_add(seen, text, &sb);
	else
		markdown_slug(text, &sb);
	return strbuf_detach(&sb, NULL);
}

#define CHECK_ANCHOR(text, seen, want)               \
	do {                                         \
		char *a_ = anchor((text), (seen));   \
		CHECK_STR(a_, (want));               \
		free(a_);                            \
	} while (0)

static void test_policy(void)
{
	const char *in =
		"<div onclick=\"x()\">\nraw <b>block</b>\n</div>\n\n"
		"Text <i>inline</i> and <script>alert(1)</script>.\n\n"
		"[bad](javascript:alert(1)) [Bad2](JAVASCRIPT:x) [data](data:text/html,x) "
		"[ok](https://example.com) [OK](HTTP://EXAMPLE.COM) [mail](mailto:a@b.c) "
		"[frag](#sources) [rel](other.md) <javascript:alert(2)>\n\n"
		"![img](javascript:x) ![pic](https://example.com/a.png) ![mail](mailto:a@b.c)\n";
	struct markdown_doc *doc = parse(in);
	char *out;

	TEST("policy removes raw HTML nodes") {
		CHECK(doc != NULL);
		CHECK_INT(count_type(doc->root, CMARK_NODE_HTML_BLOCK), 0);
		CHECK_INT(count_type(doc->root, CMARK_NODE_HTML_INLINE), 0);
	}
	TEST("policy keeps only safe links") {
		CHECK_INT(count_type(doc->root, CMARK_NODE_LINK), 4); /* ok, OK, mail, frag */
		CHECK_INT(count_type(doc->root, CMARK_NODE_IMAGE), 1);
	}
	TEST("the document lists the headings, and the links and images the policy kept") {
		CHECK_INT(doc->links.n, 4);
		CHECK_STR(cmark_node_get_url(doc->links.v[3]), "#sources");
		CHECK_INT(doc->images.n, 1);
		CHECK_STR(cmark_node_get_url(doc->images.v[0]), "https://example.com/a.png");
		CHECK_INT(doc->headings.n, 0);
		CHECK_INT(neighbour_texts(doc->root), 0);
	}
	out = markdown_render_gfm(doc, NULL);
	TEST("policy output shows the HTML as text") {
		/* (quotes escaped: smart punctuation must not curl them on a re-read) */
		CHECK(contains(out, "\\<div onclick=\\\"x()\\\"\\>"));
		CHECK(contains(out, "raw \\<b\\>block\\</b\\>"));
		CHECK(contains(out, "Text \\<i\\>inline\\</i\\>"));
		CHECK(contains(out, "\\<script\\>alert(1)\\</script\\>"));
		CHECK(!contains(out, "<b>"));
		CHECK(!contains(out, "<script>"));
	}
	TEST("policy output has no unsafe destination") {
		CHECK(!contains(out, "](javascript"));
		CHECK(!contains(out, "](JAVASCRIPT"));
		CHECK(!contains(out, "](data:"));
		CHECK(!contains(out, "](other.md)"));
		CHECK(!contains(out, "<javascript:"));
		CHECK(contains(out, "bad Bad2 data"));
		CHECK(contains(out, "[frag](#sources)"));
		CHECK(contains(out, "[mail](mailto:a@b.c)"));
		CHECK(contains(out, "![pic](https://example.com/a.png)"));
		CHECK(!contains(out, "![mail]"));
	}
	free(out);
	markdown_doc_free(doc);
	TEST("policy output is idempotent") {
		CHECK(idempotent(in));
	}
	TEST("an unsafe image is listed with nothing inside it") {
		doc = parse("# H *1*\n\n![a ![in](https://x/i.png) [l](#h-1)](javascript:x) "
			    "[![b](https://x/b.png)](javascript:y)\n\n## H2\n");
		CHECK_INT(doc->images.n, 1);
		CHECK_STR(cmark_node_get_url(doc->images.v[0]), "https://x/b.png");
		CHECK_INT(doc->links.n, 0);
		CHECK_INT(doc->headings.n, 2);
		CHECK_INT(cmark_node_get_heading_level(doc->headings.v[1]), 2);
		CHECK_INT(neighbour_texts(doc->root), 0);
		markdown_doc_free(doc);
	}
	TEST("texts are consolidated when the policy changes nothing") {
		/* the policy consolidates only after its own changes: cmark-gfm's
		 * parse must leave no neighbour texts for the GFM writer */
		doc = parse("Mail a@b.com or x.y@example.org, see www.example.com and "
			    "https://example.com/a_b -- \"q\" 'a' \\* &amp; &#35; ~~not ~x "
			    "[not a link] [^nope] *em* _u_ `c` a*b*c \\[x\\]\n\n"
			    "| a | b@c.de |\n|---|---|\n| ~~s~~ x | [y] |\n\n"
			    "- [ ] task www.x.org.\n- [x] b\n");
		CHECK(doc->links.n >= 4);
		CHECK_INT(neighbour_texts(doc->root), 0);
		markdown_doc_free(doc);
	}
	TEST("url check") {
		CHECK(markdown_url_is_safe("https://x"));
		CHECK(markdown_url_is_safe("Mailto:x@y"));
		CHECK(markdown_url_is_safe("#a"));
		CHECK(!markdown_url_is_safe("javascript:x"));
		CHECK(!markdown_url_is_safe("//evil.example"));
		CHECK(!markdown_url_is_safe(""));
		CHECK(!markdown_url_is_safe(NULL));
	}
}

static void test_render(void)
{
	const char *table =
		"| Company | Note |\n| --- | --- |\n"
		"| \\*Acme\\_\\| | a \\< b \\<i\\> |\n| [x](#y) | `code` |\n";
	const char *lists = "- a\n- b\n\n1. one\n2. two\n\n- c\n\n```\ncode\n```\n";
	char *out;

	TEST("tables and literal < survive") {
		out = gfm(table);
		CHECK(contains(out, "| \\*Acme\\_\\| | a \\< b \\<i\\> |"));
		CHECK(idempotent(table));
		free(out);
	}
	TEST("no end-list comments") {
		out = gfm(lists);
		CHECK(!contains(out, "<!--"));
		CHECK(contains(out, "1.  one"));
		free(out);
	}
	TEST("one final newline") {
		out = gfm("para\n\n\n");
		CHECK_STR(out, "para\n");
		free(out);
	}
	TEST("hard breaks, emphasis, entities, autolinks are idempotent") {
		CHECK(idempotent("**For:** a\\\n*b* &amp; &copy; 1 < 2\n\nhttps://example.com/x_y and www.example.org\n"));
		CHECK(idempotent("# Title\n\n> quote\n\n---\n\n- [ ] task\n- [x] done\n\n~~gone~~\n"));
		CHECK(idempotent("1\\. not a list\n\n\\# not a heading\n\n\\- not an item\n"));
	}
	TEST("a huge table row turns tables off instead of taking minutes") {
		struct strbuf sb = STRBUF_INIT;
		struct markdown_doc *doc;
		int i;
		for (i = 0; i < 20000; i++)
			strbuf_adds(&sb, "a|");
		strbuf_addc(&sb, '\n');
		for (i = 0; i < 20000; i++)
			strbuf_adds(&sb, "-|");
		strbuf_addc(&sb, '\n');
		for (i = 0; i < 20000; i++)
			strbuf_adds(&sb, "x|");
		log_set_verbosity(-1);
		doc = markdown_parse(sb.buf, sb.len, NULL);
		log_set_verbosity(0);
		CHECK(doc != NULL);
		CHECK(cmark_node_get_type(cmark_node_first_child(doc->root)) == CMARK_NODE_PARAGRAPH);
		markdown_doc_free(doc);
		strbuf_release(&sb);
	}
	TEST("size limit") {
		CHECK(markdown_parse("x", (size_t)MARKDOWN_MAX_BYTES + 1, NULL) == NULL);
	}
}

static void test_images(void)
{
	TEST("images: web and relative local paths stay, others become alt text") {
		const char *in = "![a](https://x.org/a.png) ![b](fig/b.png) ![c](/etc/c.png) "
				 "![d](../d.png) ![e](javascript:e) ![f](data:image/png;base64,AA) "
				 "![g](file:///g.png) ![h](a/../../h.png)\n";
		struct markdown_doc *doc = parse(in);
		CHECK_INT(count_type(doc->root, CMARK_NODE_IMAGE), 2);
		markdown_doc_free(doc);
	}
	TEST("2,000 nested unsafe images are flattened quickly") {
		struct strbuf sb = STRBUF_INIT;
		struct markdown_doc *doc;
		clock_t t0 = clock();
		int i;
		for (i = 0; i < 2000; i++)
			strbuf_adds(&sb, "![");
		strbuf_adds(&sb, "x");
		for (i = 0; i < 2000; i++)
			strbuf_adds(&sb, "](javascript:a)");
		doc = markdown_parse(sb.buf, sb.len, NULL);
		CHECK(doc != NULL);
		CHECK_INT(count_type(doc->root, CMARK_NODE_IMAGE), 0);
		CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
		markdown_doc_free(doc);
		strbuf_release(&sb);
	}
}

static void test_charts(void)
{
	const char *good =
		"Before.\n\n```chart\nkind: bar\ntitle: \"Drivers\"\ncategories: [\"GC\", \"Safety\"]\n"
		"series:\n  - label: \"For\"\n    values: [3, 1]\n  - label: \"Against\"\n    values: [0, 2]\n```\n\nAfter.\n";
	const char *bad = "```chart\nkind: pie\n```\n";
	struct markdown_doc *doc = parse(good);
	char *out = markdown_render_gfm(doc, NULL), *again;

	TEST("chart becomes mermaid in GFM") {
		CHECK(contains(out, "``` mermaid\n"));
		CHECK(contains(out, "xychart-beta"));
		CHECK(!contains(out, "kind: bar"));
	}
	TEST("the tree keeps the chart block for the PDF") {
		cmark_node *cb = cmark_node_next(cmark_node_first_child(doc->root));
		CHECK_STR(cmark_node_get_fence_info(cb), "chart");
		CHECK(contains(cmark_node_get_literal(cb), "kind: bar"));
		again = markdown_render_gfm(doc, NULL);
		CHECK_STR(again, out);
		free(again);
	}
	TEST("a written chart is parsed once, when the Markdown is") {
		cmark_node *cb = cmark_node_next(cmark_node_first_child(doc->root));
		const struct markdown_chart *mc = markdown_chart_of(cb);
		CHECK_INT(doc->ncharts, 1);
		CHECK(mc == &doc->charts[0]);
		CHECK(mc && mc->ok && mc->chart.ncategories == 2);
		CHECK(mc && !strcmp(mc->chart.categories[1], "Safety"));
		CHECK(markdown_chart_of(cmark_node_first_child(doc->root)) == NULL);
		/* The writer uses the bound chart: the spec text is not read again. */
		cmark_node_set_literal(cb, "kind: [not, a, chart\n");
		again = markdown_render_gfm(doc, NULL);
		CHECK_STR(again, out);
		CHECK_STR(cmark_node_get_literal(cb), "kind: [not, a, chart\n");
		free(again);
	}
	TEST("mermaid output is stable on re-parse") {
		CHECK(idempotent(out));
	}
	free(out);
	markdown_doc_free(doc);
	TEST("a bad chart stays a chart block") {
		log_set_verbosity(-1);
		doc = parse(bad);
		out = markdown_render_gfm(doc, NULL);
		log_set_verbosity(0);
		CHECK(contains(out, "``` chart\nkind: pie\n```"));
		CHECK_INT(doc->ncharts, 1);
		CHECK(!doc->charts[0].ok);
		CHECK(markdown_chart_of(doc->charts[0].node) == &doc->charts[0]);
		free(out);
		markdown_doc_free(doc);
	}
}

/* A small bar chart built in C, as the assembly builds them. */
static void make_chart(struct chart *c)
{
	static const char *const cats[] = { "GC \"pauses\"", "Memory safety" };
	size_t i;

	memset(c, 0, sizeof(*c));
	c->kind = CHART_BAR;
	c->title = xstrdup("Built in C");
	c->ncategories = 2;
	c->categories = xcalloc(2, sizeof(*c->categories));
	c->nseries = 1;
	c->series = xcalloc(1, sizeof(*c->series));
	c->series[0].label = xstrdup("For");
	c->series[0].values = xcalloc(2, sizeof(double));
	for (i = 0; i < 2; i++) {
		c->categories[i] = xstrdup(cats[i]);
		c->series[0].values[i] = (double)(i + 2);
	}
}

static void test_named_charts(void)
{
	static const char in[] =
		"# T\n\n```chart drivers\n```\n\n```chart nosuch\n```\n\n"
		"```chart drivers\nkind: bar\ncategories: [a]\nseries:\n  - values: [1]\n```\n";
	struct markdown_named_chart named;
	struct markdown_opts o;
	struct markdown_doc *doc;
	struct strbuf want = STRBUF_INIT;
	char *out;

	named.name = "drivers";
	make_chart(&named.chart);
	memset(&o, 0, sizeof(o));
	o.source = "brief";
	o.charts = &named;
	o.ncharts = 1;
	log_set_verbosity(-1);
	doc = markdown_parse(in, strlen(in), &o);
	log_set_verbosity(0);
	/* The document has its own copy. */
	chart_to_mermaid(&named.chart, &want);
	chart_release(&named.chart);
	out = markdown_render_gfm(doc, NULL);
	TEST("a named chart fence with no body is bound at parse time") {
		CHECK_INT(doc->ncharts, 3);
		CHECK(doc->charts[0].ok);
		CHECK_STR(doc->charts[0].chart.title, "Built in C");
		CHECK_STR(doc->charts[0].chart.categories[0], "GC \"pauses\"");
		CHECK(doc->charts[0].chart.series[0].values[1] == 3);
		CHECK(contains(out, want.buf));
	}
	TEST("an unknown name is refused and stays a code block") {
		CHECK(!doc->charts[1].ok);
		CHECK(contains(out, "``` chart nosuch\n```"));
	}
	TEST("a named fence with a body is parsed from the body") {
		CHECK(doc->charts[2].ok);
		CHECK_INT(doc->charts[2].chart.ncategories, 1);
		CHECK_STR(doc->charts[2].chart.categories[0], "a");
	}
	free(out);
	strbuf_release(&want);
	markdown_doc_free(doc);
}

static void test_anchors(void)
{
	struct markdown_anchors seen = MARKDOWN_ANCHORS_INIT;

	TEST("GitHub anchors") {
		CHECK_ANCHOR("How this brief was made", NULL, "how-this-brief-was-made");
		CHECK_ANCHOR("*Acme_|", NULL, "acme_");
		CHECK_ANCHOR("Go → Rust", NULL, "go--rust");
		CHECK_ANCHOR("C++ & C#: the end!", NULL, "c--c-the-end");
		CHECK_ANCHOR("Solana / Polkadot", NULL, "solana--polkadot");
		CHECK_ANCHOR("1Password 8", NULL, "1password-8");
		CHECK_ANCHOR("Café Über", NULL, "café-über");
		CHECK_ANCHOR("  spaced-out_words ", NULL, "--spaced-out_words-");
		CHECK_ANCHOR("", NULL, "");
	}
	TEST("anchors de-duplicate") {
		CHECK_ANCHOR("Summary", &seen, "summary");
		CHECK_ANCHOR("Summary", &seen, "summary-1");
		CHECK_ANCHOR("summary", &seen, "summary-2");
		CHECK_ANCHOR("Summary 1", &seen, "summary-1-1");
		CHECK_ANCHOR("Summary-3", &seen, "summary-3");
		CHECK_ANCHOR("Summary", &seen, "summary-4");
		CHECK_INT(markdown_anchors_find(&seen, "summary-2"), 2);
		CHECK_INT(markdown_anchors_find(&seen, "summary-4"), 5);
		CHECK_INT(markdown_anchors_find(&seen, "summary-5"), -1);
	}
	markdown_anchors_release(&seen);
	TEST("invalid UTF-8 does not crash") {
		CHECK_ANCHOR("a\xff\xfe b", NULL, "a-b");
	}
	TEST("10,000 identical headings take linear time") {
		struct strbuf sb = STRBUF_INIT;
		clock_t t0 = clock();
		double secs;
		int i;
		for (i = 0; i < 10000; i++) {
			strbuf_reset(&sb);
			markdown_anchors_add(&seen, "The same heading", &sb);
		}
		secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		CHECK_STR(sb.buf, "the-same-heading-9999");
		CHECK_INT(markdown_anchors_find(&seen, "the-same-heading-5000"), 5000);
		CHECK(secs < 0.25);
		if (secs >= 0.25)
			fprintf(stderr, "  10,000 headings: %.3f s\n", secs);
		markdown_anchors_release(&seen);
		strbuf_release(&sb);
	}
	TEST("links to headings are checked against the same anchors") {
		static const char in[] = "# A\n\n# A\n\n[ok](#a-1) [bad](#a-2) [bad](#a-2) [x](#zz)\n";
		struct markdown_doc *doc = parse(in);
		log_set_verbosity(-1);
		CHECK_INT(markdown_check_links(doc, "t"), 2);
		log_set_verbosity(0);
		markdown_doc_free(doc);
	}
}

static void test_contents_blocks(void)
{
	TEST("the title block and the Contents section, counted in blocks") {
		struct markdown_doc *doc = parse("# T\n\nfor you\n\n## Contents\n\n1. a\n\n"
						 "### sub\n\n## Summary\n\ntext\n");
		CHECK_INT(markdown_contents_blocks(doc->root), 5);
		markdown_doc_free(doc);
		doc = parse("# T\n\n## Summary\n\ntext\n");
		CHECK_INT(markdown_contents_blocks(doc->root), 0);
		markdown_doc_free(doc);
		doc = parse("## Contents\n\n- a\n");
		CHECK_INT(markdown_contents_blocks(doc->root), 2);
		markdown_doc_free(doc);
	}
}

static void test_node_text(void)
{
	const char *in = "## The *case* `against` [now](#x)\nsoft\n";
	struct markdown_doc *doc = parse(in);
	char *t = markdown_node_text(cmark_node_first_child(doc->root));

	TEST("node text") {
		CHECK_STR(t, "The case against now");
	}
	free(t);
	t = markdown_node_text(doc->root);
	TEST("node text of the document") {
		CHECK_STR(t, "The case against nowsoft");
	}
	free(t);
	markdown_doc_free(doc);
}

static void test_smart_and_footnotes(void)
{
	static const char in[] =
		"It's \"so\" -- and --- too... \\\"kept\\\" \\-\\- `'code' --`\n\n"
		"A note[^n] and another[^2], again[^n].\n\n"
		"[^n]: See [bad](javascript:alert(1)) and <b>raw</b>.\n\n"
		"[^2]: Second, with [a link](https://example.com).\n\n"
		"[^unused]: Never referenced.\n";
	struct markdown_doc *doc = parse(in);
	char *out = markdown_render_gfm(doc, NULL);

	TEST("smart punctuation curls quotes and dashes, not escaped ones or code") {
		CHECK(contains(out, "It\xe2\x80\x99s \xe2\x80\x9cso\xe2\x80\x9d \xe2\x80\x93 and "
				    "\xe2\x80\x94 too\xe2\x80\xa6"));
		CHECK(contains(out, "\\\"kept\\\" \\-\\-"));
		CHECK(contains(out, "`'code' --`"));
	}
	TEST("footnotes are parsed and written as GFM footnotes") {
		CHECK_INT(count_type(doc->root, CMARK_NODE_FOOTNOTE_REFERENCE), 3);
		CHECK_INT(count_type(doc->root, CMARK_NODE_FOOTNOTE_DEFINITION), 2);
		CHECK(contains(out, "A note[^n] and another[^2], again[^n]."));
		CHECK(contains(out, "[^n]:"));
		CHECK(contains(out, "[^2]:"));
		CHECK(!contains(out, "unused"));
	}
	TEST("the policy applies inside footnotes") {
		CHECK(!contains(out, "javascript"));
		CHECK(!contains(out, "<b>"));
		CHECK(contains(out, "[a link](https://example.com)"));
	}
	TEST("footnotes and escaped punctuation are idempotent") {
		CHECK(idempotent(in));
	}
	free(out);
	markdown_doc_free(doc);
}

static void test_golden_idempotent(void)
{
	static const char *const files[] = {
		"tests/golden/latency.md", "tests/golden/small-teams.md"
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char *data;
		size_t len;
		TEST("golden brief renders to itself") {
			if (read_file(files[i], 1 << 20, &data, &len)) {
				CHECK(!"golden file missing");
				continue;
			}
			{
				char *out = gfm(data);
				CHECK_STR(out, data);
				free(out);
			}
			free(data);
		}
	}
}

/* Parses without the policy: what a wiki's own parser would see. */
static cmark_node *parse_raw(const char *text, size_t len)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink", "tasklist" };
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_node *doc;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exts); i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

/* Counts nodes of type string `type` whose text is `text`. */
static int count_text(cmark_node *doc, const char *type, const char *text)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int n = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		char *t;
		if (ev != CMARK_EVENT_ENTER || strcmp(cmark_node_get_type_string(node), type))
			continue;
		t = markdown_node_text(node);
		n += !strcmp(t, text);
		free(t);
	}
	cmark_iter_free(it);
	return n;
}

static int count_unsafe_links(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int n = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE))
			n += !markdown_url_is_safe(cmark_node_get_url(node));
	}
	cmark_iter_free(it);
	return n;
}

/* The golden brief with hostile values, read by a plain GFM parser. */
static void test_golden_hostile(void)
{
	char *data;
	size_t len;
	cmark_node *doc;

	if (read_file("tests/golden/small-teams.md", 1 << 20, &data, &len)) {
		TEST("hostile golden present") CHECK(0);
		return;
	}
	doc = parse_raw(data, len);
	TEST("no raw HTML and no unsafe link in the GFM output") {
		CHECK_INT(count_type(doc, CMARK_NODE_HTML_BLOCK), 0);
		CHECK_INT(count_type(doc, CMARK_NODE_HTML_INLINE), 0);
		CHECK_INT(count_unsafe_links(doc), 0);
	}
	TEST("hostile plain text shows literally, also in a table cell") {
		/* the company in the table at a glance; company and project in the
		 * case's heading, with the no-break spaces that keep its anchor
		 * the same on GitHub and GitLab */
		CHECK_INT(count_text(doc, "table_cell", "*Acme_|"), 1);
		CHECK_INT(count_text(doc, "heading", "*Acme_|\xc2\xa0— <b>x</b>\xc2\xa0& "
				     "[x](javascript:alert(1))\xc2\xa0# not a heading"), 1);
		/* the table at a glance and the drivers chart's table */
		CHECK_INT(count_text(doc, "table_cell", "Deployment | packaging"), 3);
		CHECK_INT(count_type(doc, CMARK_NODE_HEADING), 19);
	}
	cmark_node_free(doc);
	free(data);
}

void run_tests(void)
{
	markdown_init();
	test_policy();
	test_render();
	test_images();
	test_charts();
	test_named_charts();
	test_anchors();
	test_contents_blocks();
	test_node_text();
	test_smart_and_footnotes();
	test_golden_idempotent();
	test_golden_hostile();
}
