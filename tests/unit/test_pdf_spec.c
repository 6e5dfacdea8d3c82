/*
 * test_pdf_spec.c - every example of the CommonMark spec typeset without
 * a crash, a hang or a library error, each under a time bound. The PDF of
 * each is checked to start and end like a PDF.
 *
 * The spec is $SHARED/spec/commonmark/spec.txt (default ../shared).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "t.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"

#define FENCE "````````````````````````````````"

/* The Markdown half of an example; "→" stands for a tab. */
static void example_text(const char *s, size_t n, struct strbuf *out)
{
	size_t i;
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

void run_tests(void)
{
	const char *shared = getenv("SHARED");
	struct strbuf path = STRBUF_INIT, md = STRBUF_INIT, pdf = STRBUF_INIT;
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct pdf_engine *e;
	char *spec = NULL, *p;
	size_t len;
	int n = 0, failed = 0, slow = 0;

	strbuf_addf(&path, "%s/spec/commonmark/spec.txt", shared ? shared : "../shared");
	if (read_file(path.buf, 1 << 22, &spec, &len) < 0) {
		CHECK(!"spec.txt readable");
		return;
	}
	pdf_style_defaults(&st);
	e = pdf_engine_new("fonts", &st, &dg);
	CHECK(e != NULL);
	if (!e)
		goto out;
	for (p = spec; (p = strstr(p, FENCE " example\n")) != NULL;) {
		char *start = p + strlen(FENCE " example\n"), *dot = strstr(start, "\n.\n");
		char *end = dot ? strstr(dot, "\n" FENCE) : NULL;
		struct pdf_meta m;
		struct pdf_result r;
		struct markdown_doc *doc;
		clock_t t0;
		int rc;
		if (!dot || !end)
			break;
		if (dot == start - 1)
			dot = start; /* empty Markdown */
		example_text(start, (size_t)(dot + 1 - start), &md);
		memset(&m, 0, sizeof(m));
		m.title = "spec example";
		m.ncases = -1;
		m.contents = -1;
		strbuf_reset(&pdf);
		t0 = clock();
		doc = markdown_parse(md.buf, md.len, NULL);
		rc = pdf_render(e, doc, &m, &pdf, NULL, &r);
		markdown_doc_free(doc);
		n++;
		if (rc || pdf.len < 100 || memcmp(pdf.buf, "%PDF-", 5) || !strstr(pdf.buf + pdf.len - 8, "%%EOF")) {
			failed++;
			fprintf(stderr, "example %d failed:\n%s\n", n, md.buf);
		}
		if ((double)(clock() - t0) / CLOCKS_PER_SEC > 2) {
			slow++;
			fprintf(stderr, "example %d took over 2 s\n", n);
		}
		p = end;
	}
	CHECK_INT(n, 652);
	CHECK_INT(failed, 0);
	CHECK_INT(slow, 0);
out:
	pdf_engine_free(e);
	pdf_style_release(&st);
	diags_release(&dg);
	free(spec);
	strbuf_release(&path);
	strbuf_release(&md);
	strbuf_release(&pdf);
}
