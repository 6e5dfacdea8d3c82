/*
 * fuzz_font.c - libFuzzer harness for the font pipeline: a TrueType file
 * through the checks of font_file_new, then, when it is accepted, as the
 * serif face of an engine: coverage and fallback routing, HarfBuzz
 * shaping of a fixed document (ligatures, kerning, accents and combining
 * marks, hyphenation, characters the font may lack), subsetting with
 * hb-subset and embedding (widths, CIDToGIDMap, ToUnicode) by pdf_render
 * to memory.
 *
 * Input: the font file's bytes. Seeds: tests/fuzz/corpus-fuzz_font/,
 * the shipped fonts cut to a few hundred glyphs with hb-subset, so that
 * mutations land in tables rather than in outlines.
 *
 * One engine is made per process, with the fonts from $CASEBRIEF_FONTS,
 * else ./fonts; each input replaces its serif face for one document and
 * is freed after it. SOURCE_DATE_EPOCH is fixed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/engine.h"
#include "pdf/fontfile.h"
#include "pdf/pdf.h"
#include "pdf/style.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/strbuf.h"

static const char doc_md[] =
	"# Affine office flights\n\n"
	"The office ordered a flight to affine spaces near the fjord: AVATAR, "
	"Typography, To Wa Yo. Caf\xc3\xa9 na\xc3\xafve e\xcc\x81 a\xcc\x88\xcc\xa3 "
	"\xef\xac\x81 \xe2\x80\x94 \xe2\x86\x92 \xe2\x80\x9cquoted\xe2\x80\x9d 1,234.5 %; "
	"incomprehensibilities characterization internationalization.\n\n"
	"*Emphasis* and **strong** with `code` and \xf0\x9d\x90\x80 \xf0\x9f\x98\x80.\n";

static struct pdf_engine *engine;
static struct markdown_doc *doc;

static void cleanup(void)
{
	markdown_doc_free(doc);
	pdf_engine_free(engine);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *fonts = getenv("CASEBRIEF_FONTS");
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct markdown_opts mo;

	(void)argc;
	(void)argv;
	setenv("SOURCE_DATE_EPOCH", "1780272000", 1);
	log_set_verbosity(-1);
	markdown_init();
	pdf_style_defaults(&st);
	engine = pdf_engine_new(fonts ? fonts : "fonts", &st, &dg);
	if (!engine) {
		diags_print(&dg, stderr);
		fprintf(stderr, "fuzz_font: no fonts (run from the top of the tree or set CASEBRIEF_FONTS)\n");
		abort();
	}
	diags_release(&dg);
	pdf_style_release(&st);
	memset(&mo, 0, sizeof(mo));
	doc = markdown_parse(doc_md, strlen(doc_md), &mo);
	atexit(cleanup);
	/* once with the shipped face: fontconfig's list of installed fonts is
	 * made here, not in the first input (it lives as long as the process) */
	{
		struct strbuf pdf = STRBUF_INIT;
		struct pdf_meta m;
		struct pdf_result r;
		memset(&m, 0, sizeof(m));
		pdf_render(engine, doc, &m, &pdf, NULL, &r);
		strbuf_release(&pdf);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf why = STRBUF_INIT, pdf = STRBUF_INIT;
	unsigned char *copy;
	struct font_file *ff;
	struct face saved;
	struct pdf_meta m;
	struct pdf_result r;

	if (size > FONT_MAX_BYTES)
		return 0;
	copy = xmalloc(size ? size : 1);
	memcpy(copy, data, size);
	ff = font_file_new(copy, size, 0, "fuzz.ttf", &why);
	strbuf_release(&why);
	if (!ff)
		return 0;
	saved = engine->face[FONT_SERIF];
	face_init(engine, FONT_SERIF, ff, 0);
	memset(&m, 0, sizeof(m));
	m.title = "Affine office flights";
	m.contents = 0;
	pdf_render(engine, doc, &m, &pdf, NULL, &r);
	face_release(&engine->face[FONT_SERIF]);
	engine->face[FONT_SERIF] = saved;
	font_file_free(ff);
	strbuf_release(&pdf);
	return 0;
}
