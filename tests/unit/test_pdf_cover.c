/*
 * test_pdf_cover.c - a brief-like document through pdf_render with a cover:
 * page order (cover, contents, body), the contents entries and their page
 * numbers, running furniture only after the cover, the chart drawn, and
 * internal links resolved. Set PDF_TEST_OUT=file.pdf to keep the PDF.
 */
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "t.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"

static const char doc_md[] =
	"# Moving to Rust: a brief for platform leads\n\n"
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
	"```\ncargo build --release\n```\n";

void run_tests(void)
{
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct pdf_engine *e;
	struct strbuf pdf = STRBUF_INIT, layout = STRBUF_INIT;
	struct pdf_meta m;
	struct pdf_result r;
	cmark_node *doc;
	const char *out = getenv("PDF_TEST_OUT");
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
	doc = markdown_parse(doc_md, strlen(doc_md));
	rc = pdf_render(e, doc, &m, &pdf, &layout, &r);
	cmark_node_free(doc);
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
		CHECK(strstr(layout.buf, "A brief for platform leads") != NULL);
		CHECK(strstr(layout.buf, "|CASES 12|") != NULL);
		CHECK(strstr(layout.buf, "|DATA AS OF 2026-11-01|") != NULL);
	}
	TEST("contents lists H1/H2 with body page numbers") {
		CHECK(strstr(layout.buf, "|At a glance 3|") != NULL);
		CHECK(strstr(layout.buf, "|The counter-case ") != NULL);
		CHECK(strstr(layout.buf, "Example Corp 3|") == NULL); /* H3 is not listed */
	}
	TEST("chart and table are laid out") {
		CHECK(strstr(layout.buf, " chart ") != NULL);
		CHECK(strstr(layout.buf, " band ") != NULL);
	}
	if (out && pdf.len)
		write_file_atomic(out, pdf.buf, pdf.len);
done:
	pdf_engine_free(e);
	pdf_style_release(&st);
	diags_release(&dg);
	strbuf_release(&pdf);
	strbuf_release(&layout);
}
