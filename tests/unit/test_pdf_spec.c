/*
 * test_pdf_spec.c - every example of the CommonMark spec typeset without
 * a crash, a hang or a library error, each under a time bound. The PDF of
 * each is checked to start and end like a PDF.
 *
 * One test per section of the spec, named after its heading and the
 * numbers of its examples: `test_pdf_spec Tabs` typesets the examples
 * under "Tabs" only. The spec is $TESTS_DIR/spec/commonmark/spec.txt
 * (TESTS_DIR defaults to "tests").
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"

#define FENCE "````````````````````````````````"
#define EXAMPLE_OPEN FENCE " example"

struct example {
	const char *md; /* the Markdown half, in the spec's text */
	size_t len;
	int number;     /* as the spec numbers them, from 1 */
};

/* The examples under one heading: examples[first .. first + n). */
struct section {
	const char *title;
	size_t tlen, first, n;
};

static struct example *examples;
static size_t nexamples, aexamples;
static struct section *sections;
static size_t nsections, asections;

/* Whether the line at p (n bytes, no newline) is exactly s. */
static int line_is(const char *p, size_t n, const char *s)
{
	return n == strlen(s) && !memcmp(p, s, n);
}

static const char *next_line(const char *p)
{
	const char *eol = strchr(p, '\n');
	return eol ? eol + 1 : p + strlen(p);
}

static size_t line_len(const char *p)
{
	const char *eol = strchr(p, '\n');
	return eol ? (size_t)(eol - p) : strlen(p);
}

/*
 * Reads one example whose opening fence line is at p: its Markdown runs up
 * to a line holding only ".", the example up to a closing fence line. It
 * opens a section titled `title` unless *opened. Returns the line after
 * the example, or NULL when it is not closed.
 */
static const char *add_example(const char *p, const char *title, size_t tlen, int *opened)
{
	const char *md = next_line(p), *q = md;
	struct example *ex;

	while (*q && !line_is(q, line_len(q), "."))
		q = next_line(q);
	if (!*q)
		return NULL;
	if (!*opened) {
		ALLOC_GROW(sections, nsections + 1, asections);
		sections[nsections].title = title;
		sections[nsections].tlen = tlen;
		sections[nsections].first = nexamples;
		sections[nsections].n = 0;
		nsections++;
		*opened = 1;
	}
	ALLOC_GROW(examples, nexamples + 1, aexamples);
	ex = &examples[nexamples++];
	ex->md = md;
	ex->len = (size_t)(q - md);
	ex->number = (int)nexamples;
	sections[nsections - 1].n++;
	while (*q && !line_is(q, line_len(q), FENCE))
		q = next_line(q);
	return *q ? next_line(q) : NULL;
}

/* Splits the spec into its examples, each under the last heading before it. */
static void parse_spec(const char *spec)
{
	const char *p = spec, *title = "(before the first heading)";
	size_t tlen = strlen(title);
	int opened = 0; /* the current heading has its section already */

	while (p && *p) {
		size_t n = line_len(p), k = 0;
		if (line_is(p, n, EXAMPLE_OPEN)) {
			p = add_example(p, title, tlen, &opened);
			continue;
		}
		while (k < n && p[k] == '#')
			k++;
		if (k >= 1 && k <= 6 && k < n && p[k] == ' ') {
			title = p + k + 1;
			tlen = n - k - 1;
			opened = 0;
		}
		p = next_line(p);
	}
}

static struct pdf_engine *engine;
static struct pdf_style style;
static struct diags engine_diags = DIAGS_INIT;
static int engine_tried;

/* The engine, made by the first test that needs it. */
static struct pdf_engine *get_engine(void)
{
	if (!engine_tried) {
		engine_tried = 1;
		pdf_style_defaults(&style);
		engine = pdf_engine_new("fonts", &style, &engine_diags);
		if (!engine)
			diags_print(&engine_diags, stderr);
	}
	return engine;
}

/* The Markdown of an example; "→" stands for a tab. */
static void example_text(const struct example *ex, struct strbuf *out)
{
	const char *s = ex->md;
	size_t i, n = ex->len;

	strbuf_reset(out);
	for (i = 0; i < n; i++) {
		if (i + 3 <= n && !memcmp(s + i, "\xe2\x86\x92", 3)) {
			strbuf_addc(out, '\t');
			i += 2;
		} else {
			strbuf_addc(out, s[i]);
		}
	}
}

/* Typesets one example; 0 when the PDF looks whole, -1 otherwise. */
static int typeset(struct pdf_engine *e, const struct example *ex, struct strbuf *md,
		   struct strbuf *pdf)
{
	struct pdf_meta m;
	struct pdf_result r;
	struct markdown_doc *doc;
	int rc;

	example_text(ex, md);
	memset(&m, 0, sizeof(m));
	m.title = "spec example";
	m.ncases = -1;
	m.contents = -1;
	strbuf_reset(pdf);
	doc = markdown_parse(md->buf, md->len, NULL);
	rc = pdf_render(e, doc, &m, pdf, NULL, &r);
	markdown_doc_free(doc);
	if (rc || pdf->len < 100 || memcmp(pdf->buf, "%PDF-", 5) ||
	    !strstr(pdf->buf + pdf->len - 8, "%%EOF"))
		return -1;
	return 0;
}

static void test_section(const struct section *s)
{
	struct pdf_engine *e = get_engine();
	struct strbuf md = STRBUF_INIT, pdf = STRBUF_INIT;
	int failed = 0, slow = 0;
	size_t i;

	CHECK(e != NULL);
	for (i = s->first; e && i < s->first + s->n; i++) {
		const struct example *ex = &examples[i];
		clock_t t0 = clock();
		if (typeset(e, ex, &md, &pdf)) {
			failed++;
			fprintf(stderr, "example %d failed:\n%s\n", ex->number, md.buf);
		}
		if ((double)(clock() - t0) / CLOCKS_PER_SEC > 2) {
			slow++;
			fprintf(stderr, "example %d took over 2 s\n", ex->number);
		}
	}
	CHECK_INT(failed, 0);
	CHECK_INT(slow, 0);
	strbuf_release(&md);
	strbuf_release(&pdf);
}

void run_tests(void)
{
	const char *dir = getenv("TESTS_DIR");
	struct strbuf path = STRBUF_INIT;
	char *spec = NULL;
	size_t len, i;

	strbuf_addf(&path, "%s/spec/commonmark/spec.txt", dir && *dir ? dir : "tests");
	if (read_file(path.buf, 1 << 22, &spec, &len) < 0) {
		CHECK(!"spec.txt readable");
		strbuf_release(&path);
		return;
	}
	parse_spec(spec);
	TEST("the spec has 652 examples in 26 sections") {
		CHECK_INT(nexamples, 652);
		CHECK_INT(nsections, 26);
	}
	for (i = 0; i < nsections; i++) {
		const struct section *s = &sections[i];
		int first = examples[s->first].number, last = first + (int)s->n - 1;
		char name[160];
		if (s->n == 1)
			snprintf(name, sizeof(name), "%.*s (example %d)", (int)s->tlen, s->title, first);
		else
			snprintf(name, sizeof(name), "%.*s (examples %d-%d)", (int)s->tlen, s->title,
				 first, last);
		TEST(name)
			test_section(s);
	}
	if (engine_tried) {
		pdf_engine_free(engine);
		pdf_style_release(&style);
	}
	diags_release(&engine_diags);
	free(examples);
	free(sections);
	free(spec);
	strbuf_release(&path);
}
