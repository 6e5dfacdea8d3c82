/*
 * test_pdf_cover.c - a brief-like document through pdf_render with a cover:
 * page order (cover, contents, body), the contents entries and their page
 * numbers, running furniture only after the cover, the chart drawn from
 * the struct bound at parse time, and the Markdown's own title block and
 * "Contents" section left out through pdf_meta without touching the tree,
 * and a front section set between the cover and the contents page.
 * Set PDF_TEST_OUT=file.pdf to keep the PDF.
 */
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"

static const char doc_md[] =
	"# Moving to Rust: a brief for platform leads\n\n"
	"Prepared for the platform leads.\n\n"
	"## Contents\n\n1. [At a glance](#at-a-glance)\n2. [Zebra section](#zebra)\n\n"
	"This brief looks at **twelve** cases; see [the counter-case](#the-counter-case).\n\n"
	"## At a glance\n\n"
	"| Company | Move | Year | Main driver |\n|:--|:--|--:|:--|\n"
	"| Example Corp | to Rust | 2021 | GC pauses → tail latency |\n"
	"| Sample Ltd | to Go | 2019 | hiring |\n\n"
	"```chart\nkind: bar\ntitle: Drivers, for and against\ncategories: [GC pauses, Memory safety, Hiring]\n"
	"series:\n  - label: For\n    values: [3, 5, 1]\n  - label: Against\n    values: [1, 0, 2]\n```\n\n"
	"## The cases\n\n"
	"> **Caveat:** figures are as reported by the companies themselves.\n\n"
	"### Example Corp\n\nThey rewrote the hot path.\n\n"
	"## The counter-case\n\nSome teams decided against it.\n\n"
	"```\ncargo build --release\n```\n\n"
	"```chart years\n```\n";

/* The second chart, built in C and bound by name. */
static void years_chart(struct markdown_named_chart *nc)
{
	struct chart *c = &nc->chart;
	int i;

	nc->name = "years";
	memset(c, 0, sizeof(*c));
	c->kind = CHART_TIMELINE;
	c->title = xstrdup("Cases by year");
	c->ncategories = 3;
	c->categories = xcalloc(3, sizeof(*c->categories));
	c->years = xcalloc(3, sizeof(*c->years));
	c->nseries = 1;
	c->series = xcalloc(1, sizeof(*c->series));
	c->series[0].label = xstrdup("For");
	c->series[0].values = xcalloc(3, sizeof(double));
	for (i = 0; i < 3; i++) {
		c->categories[i] = xstrdup(i == 0 ? "2019" : i == 1 ? "2020" : "2021");
		c->years[i] = 2019 + i;
		c->series[0].values[i] = i + 1;
	}
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

/* A front section (the answer of a brief): on pages of its own after the
 * cover and before the contents page; the title block still left out. */
static const char front_md[] =
	"# Moving to Rust: a brief for platform leads\n\n"
	"Prepared for the platform leads.\n\n"
	"## The answer\n\nYes, for the hot path only.\n\n"
	"## What changed since 2026-01-01\n\nOne case added.\n\n"
	"## Contents\n\n1. [At a glance](#at-a-glance)\n\n"
	"## At a glance\n\nTwelve cases.\n";

static void front_section(struct pdf_engine *e, const struct pdf_meta *base)
{
	struct pdf_meta m = *base;
	struct strbuf pdf = STRBUF_INIT, layout = STRBUF_INIT;
	struct markdown_doc *doc = markdown_parse(front_md, strlen(front_md), NULL);
	struct pdf_result r;
	const char *ans, *toc, *body;

	m.front_section = 1;
	m.cover_note = "Generated 2026-11-22 from test data.";
	CHECK_INT(pdf_render(e, doc, &m, &pdf, &layout, &r), 0);
	ans = strstr(layout.buf, "|The answer|");
	toc = strstr(layout.buf, "page 3 contents\n");
	body = strstr(layout.buf, "|At a glance|");
	TEST("front section: cover, the answer, contents, body") {
		CHECK(strstr(layout.buf, "page 1 cover\n") != NULL);
		CHECK(strstr(layout.buf, "page 2 body\n") != NULL);
		CHECK(ans && toc && body && ans < toc && toc < body);
		CHECK(strstr(layout.buf, "|What changed since 2026-01-01|") < toc);
		CHECK(strstr(layout.buf, "page 4 body\n") != NULL);
		CHECK(strstr(layout.buf, "Prepared for the platform leads") == NULL);
		CHECK(strstr(layout.buf, "|Generated 2026-11-22 from test data.|") != NULL);
		CHECK(strstr(layout.buf, "|The answer 2|") != NULL); /* listed in the contents */
	}
	markdown_doc_free(doc);
	strbuf_release(&pdf);
	strbuf_release(&layout);
}

void run_tests(void)
{
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct pdf_engine *e;
	struct strbuf pdf = STRBUF_INIT, layout = STRBUF_INIT;
	struct pdf_meta m;
	struct pdf_result r;
	struct markdown_named_chart years;
	struct markdown_opts mo;
	struct markdown_doc *doc;
	const char *out = getenv("PDF_TEST_OUT");
	char *before, *after;
	int rc;

	pdf_style_defaults(&st);
	e = pdf_engine_new("fonts", &st, &dg);
	CHECK(e != NULL);
	if (!e)
		goto done;
	memset(&m, 0, sizeof(m));
	m.title = "Moving to Rust: a brief for platform leads";
	m.author = "casebrief";
	m.subject = "Should our platform services move to Rust?";
	m.keywords = "rust, go, latency";
	m.audience = "platform leads";
	m.question = "Should our platform services move to Rust, and where would it pay off first?";
	m.date = "2026-11-22";
	m.data_as_of = "2026-11-01";
	m.ncases = 12;
	m.cover = 1;
	m.contents = 1;
	m.omit_contents_section = 1;
	years_chart(&years);
	memset(&mo, 0, sizeof(mo));
	mo.charts = &years;
	mo.ncharts = 1;
	doc = markdown_parse(doc_md, strlen(doc_md), &mo);
	chart_release(&years.chart);
	/* The charts are bound: the spec text is not read again. */
	cmark_node_set_literal(doc->charts[0].node, "kind: [broken\n");
	before = cmark_render_commonmark(doc->root, CMARK_OPT_DEFAULT, 0);
	rc = pdf_render(e, doc, &m, &pdf, &layout, &r);
	after = cmark_render_commonmark(doc->root, CMARK_OPT_DEFAULT, 0);
	TEST("typesetting leaves the tree as it was") {
		CHECK_STR(after, before);
		CHECK(strstr(after, "## Contents") != NULL);
	}
	free(before);
	free(after);
	markdown_doc_free(doc);
	TEST("brief with a cover renders") {
		CHECK_INT(rc, 0);
		CHECK(r.pages >= 3);
		CHECK(pdf.len > 1000 && !memcmp(pdf.buf, "%PDF-", 5));
	}
	TEST("page order: cover, contents, body") {
		CHECK(strstr(layout.buf, "page 1 cover\n") != NULL);
		CHECK(strstr(layout.buf, "page 2 contents\n") != NULL);
		CHECK(strstr(layout.buf, "page 3 body\n") != NULL);
	}
	TEST("cover shows the meta") {
		CHECK(strstr(layout.buf, "|FOR|") != NULL);
		CHECK(strstr(layout.buf, "|platform leads|") != NULL);
		CHECK(strstr(layout.buf, "|CASES 12|") != NULL);
		CHECK(strstr(layout.buf, "|DATA AS OF 2026-11-01|") != NULL);
	}
	TEST("contents lists the outline's headings with body page numbers") {
		CHECK(strstr(layout.buf, "|At a glance 3|") != NULL);
		CHECK(strstr(layout.buf, "|The counter-case ") != NULL);
		CHECK(strstr(layout.buf, "|Example Corp 3|") != NULL); /* H3 too, as in the outline */
	}
	TEST("both charts are drawn from the structs bound at parse time") {
		CHECK_INT(count(layout.buf, " chart "), 2);
		CHECK(strstr(layout.buf, " band ") != NULL);
		CHECK(strstr(layout.buf, "broken") == NULL);
	}
	TEST("the Markdown's title block and Contents section are left out") {
		CHECK(strstr(layout.buf, "Prepared for the platform leads") == NULL);
		CHECK(strstr(layout.buf, "Zebra") == NULL);
		CHECK_INT(count(layout.buf, "|Contents|"), 1); /* the contents page's own */
	}
	if (out && pdf.len)
		write_file_atomic(out, pdf.buf, pdf.len);
	front_section(e, &m);
done:
	pdf_engine_free(e);
	pdf_style_release(&st);
	diags_release(&dg);
	strbuf_release(&pdf);
	strbuf_release(&layout);
}
