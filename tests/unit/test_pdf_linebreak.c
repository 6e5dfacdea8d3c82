/*
 * test_pdf_linebreak.c - Knuth-Plass on hand-made items (optimal versus
 * greedy on a known case), and whole documents through pdf_render: no
 * line wider than the measure, long words broken, hostile inputs bounded.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "pdf/pdfint.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"

static struct item *items;
static size_t nitems, aitems;

static void box(double w)
{
	ALLOC_GROW(items, nitems + 1, aitems);
	memset(&items[nitems], 0, sizeof(*items));
	items[nitems].type = IT_BOX;
	items[nitems++].w = w;
}

static void glue(double w, double y, double z)
{
	ALLOC_GROW(items, nitems + 1, aitems);
	memset(&items[nitems], 0, sizeof(*items));
	items[nitems].type = IT_GLUE;
	items[nitems].w = w;
	items[nitems].y = y;
	items[nitems++].z = z;
}

static void penalty(int p, double w, int flagged)
{
	ALLOC_GROW(items, nitems + 1, aitems);
	memset(&items[nitems], 0, sizeof(*items));
	items[nitems].type = IT_PENALTY;
	items[nitems].p = p;
	items[nitems].w = w;
	items[nitems++].flags = flagged ? IF_FLAGGED : 0;
}

static void finish(void)
{
	penalty(KP_INF, 0, 0);
	glue(0, KP_FILL, 0);
	penalty(-KP_INF, 0, 0);
}

static void words(const double *w, size_t n)
{
	size_t i;
	nitems = 0;
	for (i = 0; i < n; i++) {
		if (i)
			glue(10, 10, 5);
		box(w[i]);
	}
	finish();
}

/* Widest line of a layout dump, and the measure it states. */
static void dump_widths(const char *dump, double *measure, double *widest, int *lines)
{
	const char *p = dump;
	*widest = 0;
	*lines = 0;
	*measure = strtod(strstr(dump, "text area ") + 10, NULL);
	while ((p = strstr(p, "| w=")) != NULL) {
		double w = strtod(p + 4, NULL);
		const char *bol = p;
		while (bol > dump && bol[-1] != '\n')
			bol--;
		p += 4;
		(*lines)++;
		/* table bands may be wider than the measure (wide tables) */
		if (strstr(bol, " band ") && strstr(bol, " band ") < p)
			continue;
		if (w > *widest)
			*widest = w;
	}
}

static char *render_dump(struct pdf_engine *e, const char *md, int *rc)
{
	struct markdown_doc *doc = markdown_parse(md, strlen(md), NULL);
	struct strbuf pdf = STRBUF_INIT, layout = STRBUF_INIT;
	struct pdf_meta m;
	struct pdf_result r;

	memset(&m, 0, sizeof(m));
	m.title = "test";
	m.ncases = -1;
	*rc = pdf_render(e, doc, &m, &pdf, &layout, &r);
	markdown_doc_free(doc);
	strbuf_release(&pdf);
	return strbuf_detach(&layout, NULL);
}

/* Knuth-Plass on items built by hand. */
static void test_breaking(void)
{
	struct kp_scratch s;

	memset(&s, 0, sizeof(s));
	TEST("optimal fit beats first fit") {
		/* first fit fills line 1 exactly and strands "50" on a line of its own;
		 * total fit shrinks line 2 instead and needs two lines */
		static const double w[] = { 60, 30, 50, 45 };
		words(w, 4);
		kp_break_greedy(items, nitems, 100, &s);
		CHECK_INT(s.nlines, 3);
		kp_break(items, nitems, 100, 0, &s);
		CHECK_INT(s.nlines, 2);
		CHECK_INT(s.pass, 1);
		CHECK(s.lines[1].r >= -1.0f && s.lines[1].r < -0.9f);
	}
	TEST("hyphen chosen only when it helps") {
		nitems = 0;
		box(60);
		glue(10, 5, 3);
		box(20);
		penalty(50, 5, 1);
		box(40);
		finish();
		kp_break(items, nitems, 95, 0, &s);
		CHECK_INT(s.nlines, 2);
		CHECK_INT(s.lines[0].hyphen, 1);
		kp_break(items, nitems, 200, 0, &s);
		CHECK_INT(s.nlines, 1);
	}
	TEST("forced breaks") {
		nitems = 0;
		box(10);
		glue(0, KP_FILL, 0);
		penalty(-KP_INF, 0, 0);
		box(10);
		finish();
		kp_break(items, nitems, 100, 0, &s);
		CHECK_INT(s.nlines, 2);
	}
	TEST("no feasible break still gives lines") {
		static const double w[] = { 90, 90, 90 };
		words(w, 3);
		kp_break(items, nitems, 100, 0, &s);
		CHECK_INT(s.nlines, 3);
	}
	kp_release(&s);
	free(items);
	items = NULL;
	nitems = aitems = 0;
}

/* Whole documents through pdf_render. */
static void test_documents(void)
{
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct pdf_engine *e;

	pdf_style_defaults(&st);
	e = pdf_engine_new("fonts", &st, &dg);
	CHECK(e != NULL);
	if (!e) {
		diags_print(&dg, stderr);
		return;
	}
	TEST("no line wider than the measure") {
		static const char *const docs[] = {
			"A paragraph with a longwordthatistoolongforanylinelongwordthatistoolongforanylinelongwordthatistoolongforanylinelongwordthatistoolongforanyline in it.",
			"`code_span_without_any_spaces_code_span_without_any_spaces_code_span_without_any_spaces_code_span_without_any_spaces`",
			"**bold**then*italic*then`code`then**bold**then*italic*then`code`then**bold**then*italic*then`code`then**bold**then*italic*",
			"| a | b |\n|---|---|\n| averyveryveryverylongcellwordaveryveryveryverylongcellword | x |\n",
			"- item\n  - nested averyveryveryverylongwordaveryveryveryverylongwordaveryveryveryverylongword\n",
			"> quote averyveryveryverylongwordaveryveryveryverylongwordaveryveryveryverylongwordxx\n",
			("Interdisciplinary considerations notwithstanding, the characteristically "
			 "incomprehensible documentation necessitated extraordinary reinterpretation."),
		};
		size_t i;
		for (i = 0; i < ARRAY_SIZE(docs); i++) {
			int rc, lines;
			double measure, widest;
			char *dump = render_dump(e, docs[i], &rc);
			CHECK_INT(rc, 0);
			dump_widths(dump, &measure, &widest, &lines);
			CHECK(lines > 0);
			if (widest > measure + 0.01)
				fprintf(stderr, "doc %zu: widest %.2f > %.2f\n%s", i, widest, measure, dump);
			CHECK(widest <= measure + 0.01);
			free(dump);
		}
	}
	TEST("hostile inputs finish quickly") {
		struct strbuf md = STRBUF_INIT;
		clock_t t0 = clock();
		int rc, i;
		char *dump;
		for (i = 0; i < 100000; i++)
			strbuf_addc(&md, 'a' + i % 26);
		strbuf_adds(&md, "\n\n");
		for (i = 0; i < 2000; i++)
			strbuf_adds(&md, "> ");
		strbuf_adds(&md, "deep\n\n");
		for (i = 0; i < 500; i++)
			strbuf_addf(&md, "%*s- x\n", i * 2 > 400 ? 400 : i * 2, "");
		for (i = 0; i < 3000; i++)
			strbuf_adds(&md, "*a ");
		strbuf_adds(&md, "\n\n| a | b |\n|---|---|\n");
		for (i = 0; i < 3000; i++)
			strbuf_addf(&md, "| %d | row |\n", i);
		dump = render_dump(e, md.buf, &rc);
		CHECK_INT(rc, 0);
		CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 10);
		free(dump);
		strbuf_release(&md);
	}
	pdf_engine_free(e);
	pdf_style_release(&st);
	diags_release(&dg);
}

void run_tests(void)
{
	test_breaking();
	test_documents();
}
