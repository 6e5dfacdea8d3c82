/*
 * test_pdf_fonts.c - shaping and fonts through pdf_render: a document's
 * bytes do not depend on what its engine rendered before (installed
 * fallback faces are found in the same order whatever the history), the
 * fonts are what embed.c promises (Type0 with Identity-H, subset tags, a
 * ToUnicode map), routing of characters, and shaping (ligatures and
 * kerning, none of either in code). tests/cli/fonts.sh checks the PDFs
 * with poppler.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "markdown/markdown.h"
#include "pdf/engine.h"
#include "pdf/pdf.h"
#include "t.h"
#include "base/strbuf.h"
#include "base/diag.h"

static const char latin_md[] =
	"# Fonts\n\nThe office ordered a flight to affine spaces near the fjord: "
	"AVATAR, Typography, To Wa Yo, caf\xc3\xa9 na\xc3\xafve.\n\n"
	"A face \xf0\x9f\x98\x80 and a Mro letter \xf0\x96\xa9\x80 here.\n";
static const char cjk_md[] =
	"# CJK\n\n\xe6\xa0\xaa\xe5\xbc\x8f\xe4\xbc\x9a\xe7\xa4\xbe and "
	"\xe4\xb8\xad\xe6\x96\x87 with \xe2\x86\x92 arrows.\n";

static int has_bytes(const char *buf, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(buf + i, s, n))
			return 1;
	return 0;
}

/* Whether the PDF bytes (with NULs in its streams), or one of its
 * streams inflated (the object streams hold the font dictionaries),
 * hold `s`. */
static int has(const struct strbuf *pdf, const char *s)
{
	static unsigned char out[1 << 20];
	const char *p = pdf->buf, *end = pdf->buf + pdf->len;

	if (has_bytes(pdf->buf, pdf->len, s))
		return 1;
	for (; p + 8 <= end; p++) {
		z_stream z;
		int found;
		if (memcmp(p, "stream\r\n", 8))
			continue;
		p += 8;
		memset(&z, 0, sizeof(z));
		if (inflateInit(&z) != Z_OK)
			return 0;
		z.next_in = (unsigned char *)p;
		z.avail_in = (uInt)(end - p);
		z.next_out = out;
		z.avail_out = sizeof(out);
		inflate(&z, Z_FINISH);
		found = has_bytes((const char *)out, sizeof(out) - z.avail_out, s);
		inflateEnd(&z);
		if (found)
			return 1;
	}
	return 0;
}

static int render(struct pdf_engine *e, const char *md, struct strbuf *pdf, struct strbuf *layout)
{
	struct markdown_opts mo;
	struct markdown_doc *doc;
	struct pdf_meta m;
	struct pdf_result r;
	int rc;

	memset(&mo, 0, sizeof(mo));
	memset(&m, 0, sizeof(m));
	m.title = "Fonts";
	m.contents = 0;
	doc = markdown_parse(md, strlen(md), &mo);
	strbuf_reset(pdf);
	if (layout)
		strbuf_reset(layout);
	rc = pdf_render(e, doc, &m, pdf, layout, &r);
	markdown_doc_free(doc);
	return rc;
}

static struct pdf_engine *engine(void)
{
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct pdf_engine *e;

	pdf_style_defaults(&st);
	e = pdf_engine_new("fonts", &st, &dg);
	diags_release(&dg);
	pdf_style_release(&st);
	return e;
}

void run_tests(void)
{
	struct pdf_engine *fresh = engine(), *used = engine();
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	setenv("SOURCE_DATE_EPOCH", "1780272000", 1);
	log_set_verbosity(-1);
	CHECK(fresh != NULL && used != NULL);
	if (!fresh || !used)
		goto done;
	TEST("a document's bytes do not depend on the engine's history") {
		CHECK_INT(render(used, cjk_md, &a, NULL), 0);
		CHECK_INT(render(used, latin_md, &a, NULL), 0);
		CHECK_INT(render(fresh, latin_md, &b, NULL), 0);
		CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
		CHECK_INT(render(fresh, cjk_md, &b, NULL), 0);
		CHECK_INT(render(used, cjk_md, &a, NULL), 0);
		CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	}
	TEST("fonts are Type0 subsets with Identity-H and a ToUnicode map") {
		CHECK_INT(render(fresh, latin_md, &a, NULL), 0);
		CHECK(has(&a, "/Subtype /Type0"));
		CHECK(has(&a, "/Encoding /Identity-H"));
		CHECK(has(&a, "/Subtype /CIDFontType2"));
		CHECK(has(&a, "+NotoSerif-Regular"));
		CHECK(has(&a, "/ToUnicode"));
		CHECK(has(&a, "/FontFile2"));
	}
	TEST("characters above U+FFFF resolve to a face that has them") {
		uint32_t out;
		int subst, f = font_resolve(fresh, FONT_SERIF, 0x16a40, &out, &subst);
		CHECK(subst == 1 && out == 0xfffd);
		f = font_resolve(fresh, FONT_SERIF, 'a', &out, &subst);
		CHECK(f == FONT_SERIF && !subst && out == 'a');
		f = font_resolve(fresh, FONT_SERIF, 0x2192, &out, &subst);
		CHECK(f == FONT_FALLBACK && !subst);
		f = font_resolve(fresh, FONT_SERIF, 0xd800, &out, &subst);
		CHECK(subst == 1);
	}
	TEST("shaping makes the standard ligatures and kerns") {
		struct shaping sh;
		face_shape(fresh, FONT_SERIF, "office", 6, &sh);
		CHECK(sh.n < 6);
		face_shape(fresh, FONT_SERIF, "AV", 2, &sh);
		CHECK(sh.n == 2 && sh.g[0].adv < sh.g[0].nominal);
		face_shape(fresh, FONT_MONO, "office", 6, &sh);
		CHECK(sh.n == 6);
	}
done:
	strbuf_release(&a);
	strbuf_release(&b);
	pdf_engine_free(fresh);
	pdf_engine_free(used);
}
