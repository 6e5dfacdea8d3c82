/*
 * fuzz_markdown_pdf.c - libFuzzer harness for Markdown -> safety policy ->
 * GFM text, and Markdown -> layout -> PDF in memory.
 *
 * Input: Markdown. When the first byte is 0x01-0x07 it is an option byte
 * (bit 0: cover page, bit 1: contents page forced on, bit 2: --dump-layout
 * text too) and is not part of the Markdown; otherwise the defaults are
 * used (no cover, contents automatic, no layout dump), so Markdown files
 * are usable seeds as they are.
 *
 * One engine is made per process, with the fonts from $CASEBRIEF_FONTS,
 * else ./fonts (run from the top of the tree). SOURCE_DATE_EPOCH is fixed
 * so that the output bytes depend on the input only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "pdf/style.h"
#include "base/strbuf.h"
#include "base/diag.h"

static struct pdf_engine *engine;
static char base_dir[64];

static void cleanup(void)
{
	rmdir(base_dir);
	pdf_engine_free(engine);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *fonts = getenv("CASEBRIEF_FONTS");
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;

	setenv("SOURCE_DATE_EPOCH", "1780272000", 1);
	log_set_verbosity(-1);
	markdown_init();
	pdf_style_defaults(&st);
	engine = pdf_engine_new(fonts ? fonts : "fonts", &st, &dg);
	if (!engine) {
		diags_print(&dg, stderr);
		fprintf(stderr, "fuzz_markdown_pdf: no fonts (run from the top of the tree or set CASEBRIEF_FONTS)\n");
		abort();
	}
	diags_release(&dg);
	pdf_style_release(&st);
	/* relative image paths resolve in an empty directory */
	snprintf(base_dir, sizeof(base_dir), "/tmp/fuzzmd.XXXXXX");
	if (!mkdtemp(base_dir))
		abort();
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct strbuf pdf = STRBUF_INIT, layout = STRBUF_INIT;
	struct pdf_meta m;
	struct pdf_result r;
	struct markdown_doc *doc;
	char *gfm;
	int opt = 0;

	if (size && data[0] >= 1 && data[0] <= 7) {
		opt = data[0];
		text++;
		size--;
	}
	doc = markdown_parse(text, size, NULL);
	if (!doc)
		return 0;
	gfm = markdown_render_gfm(doc, NULL);
	free(gfm);

	memset(&m, 0, sizeof(m));
	m.title = "Fuzz";
	m.author = "casebrief";
	m.subject = "A question?";
	m.keywords = "a, b";
	m.audience = "Fuzzers";
	m.question = "Does it hold?";
	m.date = "2026-06-01";
	m.data_as_of = "2026-05";
	m.ncases = (opt & 1) ? 3 : -1;
	m.cover = opt & 1;
	m.omit_contents_section = opt & 1;
	m.contents = (opt & 2) ? 1 : -1;
	m.base_dir = base_dir;
	m.source = "fuzz.md";
	memset(&r, 0, sizeof(r));
	pdf_render(engine, doc, &m, &pdf, (opt & 4) ? &layout : NULL, &r);
	strbuf_release(&pdf);
	strbuf_release(&layout);
	markdown_doc_free(doc);
	return 0;
}
