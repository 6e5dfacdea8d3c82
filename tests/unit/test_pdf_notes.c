/*
 * test_pdf_notes.c - footnotes through pdf_render: at the foot of the
 * page of their reference, under a rule, numbered in order; a note that
 * refers to itself or to another note ends; and as endnotes
 * (pdf_meta.notes_heading), a numbered list at the end of the section
 * that heading opens, references shown as "[n]".
 */
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "t.h"
#include "base/strbuf.h"
#include "base/diag.h"

static const char doc_md[] =
	"# Notes\n\n"
	"Rust cut the tail latency[^lat] and the cost of running the service[^cost].\n\n"
	"## Sources\n\n"
	"The sources follow.\n\n"
	"## After\n\n"
	"A closing paragraph that refers to the first note again[^lat].\n\n"
	"[^lat]: Measured at the 99th percentile, see also[^cost] and[^lat].\n\n"
	"[^cost]: Over two quarters.\n\n"
	"[^unused]: Never referred to.\n";

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

/* The text of the dump from the line holding `from` on. */
static const char *after(const char *dump, const char *from)
{
	const char *p = strstr(dump, from);
	return p ? p : "";
}

static int render(struct pdf_engine *e, const char *notes_heading, struct strbuf *layout)
{
	struct markdown_doc *doc = markdown_parse(doc_md, strlen(doc_md), NULL);
	struct strbuf pdf = STRBUF_INIT;
	struct pdf_meta m;
	struct pdf_result r;
	int rc;

	memset(&m, 0, sizeof(m));
	m.title = "Notes";
	m.ncases = -1;
	m.notes_heading = notes_heading;
	rc = doc ? pdf_render(e, doc, &m, &pdf, layout, &r) : -1;
	markdown_doc_free(doc);
	strbuf_release(&pdf);
	return rc;
}

void run_tests(void)
{
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct pdf_engine *e;
	struct strbuf foot = STRBUF_INIT, end = STRBUF_INIT;

	pdf_style_defaults(&st);
	e = pdf_engine_new("fonts", &st, &dg);
	CHECK(e != NULL);
	if (!e)
		goto done;
	CHECK_INT(render(e, NULL, &foot), 0);
	CHECK_INT(render(e, "Sources", &end), 0);
	TEST("a footnote's reference is a superscript number tied to its word") {
		CHECK(strstr(foot.buf, "latency1 and the cost of running the service2.") != NULL);
	}
	TEST("the notes are at the foot of the page, under a rule, in order, once each") {
		const char *rule = after(foot.buf, " rule ");
		CHECK(*rule != 0);
		CHECK(strstr(rule, "|1 Measured at the 99th percentile, see also2 and1.|") != NULL);
		CHECK(strstr(rule, "|2 Over two quarters.|") != NULL);
		CHECK(strstr(rule, "|2 Over") > strstr(rule, "|1 Measured"));
		CHECK_INT(count(foot.buf, "Measured at the 99th"), 1);
		CHECK(strstr(foot.buf, "Never referred") == NULL);
	}
	TEST("endnotes: references as [n], the list at the end of the Sources section") {
		const char *src = after(end.buf, "|Sources|"), *aft = after(end.buf, "|After|");
		CHECK(strstr(end.buf, "latency [1] and the cost of running the service [2].") != NULL);
		CHECK(*src && *aft);
		CHECK(strstr(src, "|[1] Measured at the 99th percentile, see also [2] and [1].|") != NULL);
		CHECK(strstr(src, "|[1] Measured") < aft);
		CHECK(strstr(src, "|[2] Over two quarters.|") < aft);
		CHECK(strstr(end.buf, " rule ") == NULL);
	}
done:
	pdf_engine_free(e);
	pdf_style_release(&st);
	diags_release(&dg);
	strbuf_release(&foot);
	strbuf_release(&end);
}
