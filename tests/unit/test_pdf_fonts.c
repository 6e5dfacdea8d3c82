/*
 * test_pdf_fonts.c - shaping and fonts through pdf_render: a document's
 * bytes do not depend on what its engine rendered before (installed
 * fallback faces are found in the same order whatever the history), the
 * fonts are what embed.c promises (Type0 with Identity-H, subset tags, a
 * ToUnicode map), routing of characters, and shaping (ligatures and
 * kerning, none of either in code). tests/cli/fonts.sh checks the PDFs
 * with poppler.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "markdown/markdown.h"
#include "pdf/engine.h"
#include "pdf/pdf.h"
#include "t.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"

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

static struct pdf_engine *engine_in(const char *fonts)
{
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;
	struct pdf_engine *e;

	pdf_style_defaults(&st);
	e = pdf_engine_new(fonts, &st, &dg);
	diags_release(&dg);
	pdf_style_release(&st);
	return e;
}

static struct pdf_engine *engine(void)
{
	return engine_in("fonts");
}

/* A copy of fonts/ in a new directory, whose name is left in `dir`. */
static int copy_fonts(char *dir)
{
	DIR *dp = opendir("fonts");
	struct dirent *de;
	int ret = mkdtemp(dir) && dp ? 0 : -1;

	while (!ret && (de = readdir(dp))) {
		char from[512], to[512], *data = NULL;
		size_t len = 0;
		if (!strstr(de->d_name, ".ttf"))
			continue;
		snprintf(from, sizeof(from), "fonts/%s", de->d_name);
		snprintf(to, sizeof(to), "%s/%s", dir, de->d_name);
		if (read_file(from, 64u << 20, &data, &len) || write_file_atomic(to, data, len))
			ret = -1;
		free(data);
	}
	if (dp)
		closedir(dp);
	return ret;
}

static void remove_fonts(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char path[512];

	while (dp && (de = readdir(dp))) {
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] != '.')
			unlink(path);
	}
	if (dp)
		closedir(dp);
	rmdir(dir);
}

/* AddressSanitizer builds read fonts whole (base/filemap.c): nothing is
 * mapped, so nothing on disk can change what was read. */
#if defined(__SANITIZE_ADDRESS__)
#define FONTS_MAPPED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FONTS_MAPPED 0
#endif
#endif
#ifndef FONTS_MAPPED
#define FONTS_MAPPED 1
#endif

static const char many_md[] = "# Outlines\n\nQuick zephyrs blow, vexing daft Jim; "
			      "THE FIVE BOXING WIZARDS JUMP QUICKLY 0123456789 & %$#@!?\n";

/*
 * The outlines of a font are mapped from its file: a file cut short or
 * rewritten while it is in use must fail the documents made from it
 * from then on, not the process. `change` alters the copy of the file
 * `name` after a first document was made with it.
 */
static void changed_font(const char *name, int (*change)(const char *path))
{
	char dir[] = "/tmp/casebrief-fonts-XXXXXX", path[600];
	struct strbuf pdf = STRBUF_INIT;
	struct pdf_engine *e = NULL;
	int ok = copy_fonts(dir) == 0;

	CHECK(ok && (e = engine_in(dir)) != NULL);
	if (e) {
		CHECK_INT(render(e, latin_md, &pdf, NULL), 0);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		CHECK_INT(change(path), 0);
		CHECK_INT(render(e, many_md, &pdf, NULL), FONTS_MAPPED ? -1 : 0);
		CHECK_INT(render(e, latin_md, &pdf, NULL), FONTS_MAPPED ? -1 : 0);
	}
	pdf_engine_free(e);
	remove_fonts(dir);
	strbuf_release(&pdf);
}

static int cut_short(const char *path)
{
	return truncate(path, 40000);
}

/* One byte of the outlines written in place, with the old modification
 * time put back the way cp -p or touch -r would. */
static int rewrite(const char *path)
{
	struct stat st;
	struct timespec ts[2];
	int fd = open(path, O_WRONLY), ret = -1;

	if (fd >= 0 && !fstat(fd, &st)) {
		ts[0] = st.st_atim;
		ts[1] = st.st_mtim;
		if (pwrite(fd, "", 1, 100000) == 1 && !futimens(fd, ts))
			ret = 0;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

static void changed_fonts(void)
{
	TEST("a font file cut short while in use fails its documents, not the process")
		changed_font("NotoSerif-Regular.ttf", cut_short);
	TEST("a font file rewritten in place while in use fails its documents")
		changed_font("NotoSerif-Regular.ttf", rewrite);
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
	changed_fonts();
done:
	strbuf_release(&a);
	strbuf_release(&b);
	pdf_engine_free(fresh);
	pdf_engine_free(used);
}
