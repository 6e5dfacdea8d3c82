/*
 * render.c - `casebrief render FILE.md [-o FILE.pdf] [--dump-layout]`:
 * typesets any Markdown file with the brief's engine.
 *
 * Output: FILE.pdf beside the input unless -o names another file ("-" is
 * stdout). With --dump-layout the layout text goes to stdout and the PDF
 * is written only when -o is given. Title: the first level-1 heading,
 * else the file name. No cover page; a contents page when the document
 * has three or more level-1/level-2 headings besides that title (shorter
 * documents do not need one).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"

/* The text of the first level-1 heading, or NULL. */
static char *first_h1(cmark_node *root)
{
	cmark_node *n;

	for (n = cmark_node_first_child(root); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1)
			return markdown_node_text(n);
	return NULL;
}

static char *default_output(const char *in)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(in);

	if (n > 3 && !strcmp(in + n - 3, ".md"))
		n -= 3;
	else if (n > 9 && !strcmp(in + n - 9, ".markdown"))
		n -= 9;
	strbuf_add(&sb, in, n);
	strbuf_adds(&sb, ".pdf");
	return strbuf_detach(&sb, NULL);
}

/* True when both paths name one existing file. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int cmd_render(const struct options *o)
{
	struct diags dg = DIAGS_INIT;
	struct pdf_style st;
	struct pdf_meta m;
	struct pdf_result res;
	struct strbuf pdf = STRBUF_INIT, layout = STRBUF_INIT, style_path = STRBUF_INIT;
	struct pdf_engine *e = NULL;
	struct pdf_job *job;
	struct markdown_opts mo;
	struct markdown_doc *doc = NULL;
	char *text = NULL, *title = NULL, *out = NULL, *dir = NULL;
	const char *in;
	size_t len;
	int ret = EXIT_FAILED;
	struct stat sbuf;

	pdf_style_defaults(&st);
	if (o->nargs != 1) {
		error("render: expected one Markdown file");
		error("Try 'casebrief --help' for more information.");
		ret = EXIT_USAGE;
		goto out;
	}
	in = o->args[0];
	if (o->out && strcmp(o->out, "-") && same_file(in, o->out)) {
		error("%s: the output would replace the Markdown source", o->out);
		ret = EXIT_USAGE;
		goto out;
	}
	{
		/* Too large is bad input (65), not an I/O error (74). */
		struct stat sb;
		if (!stat(in, &sb) && S_ISREG(sb.st_mode) &&
		    (unsigned long long)sb.st_size > (unsigned long long)MARKDOWN_MAX_BYTES) {
			error("%s: file is larger than the limit of %d bytes", in,
			      MARKDOWN_MAX_BYTES);
			ret = EXIT_DATAERR;
			goto out;
		}
	}
	if (read_file(in, MARKDOWN_MAX_BYTES, &text, &len) < 0) {
		ret = EXIT_IOERR;
		goto out;
	}
	if (o->style_file) {
		strbuf_adds(&style_path, o->style_file);
	} else if (o->templates_dir) {
		strbuf_addf(&style_path, "%s/style.yaml", o->templates_dir);
		if (stat(style_path.buf, &sbuf) < 0)
			strbuf_reset(&style_path);
	}
	if (style_path.len && pdf_style_load(&st, style_path.buf, &dg) < 0) {
		diags_print(&dg, stderr);
		ret = EXIT_DATAERR;
		goto out;
	}
	memset(&mo, 0, sizeof(mo));
	mo.source = in;
	doc = markdown_parse(text, len, &mo);
	if (!doc)
		goto out;
	e = pdf_engine_new(o->fonts_dir ? o->fonts_dir : "fonts", &st, &dg);
	if (!e) {
		diags_print(&dg, stderr);
		goto out;
	}
	title = first_h1(doc->root);
	memset(&m, 0, sizeof(m));
	m.title = title && *title ? title : base_name(in);
	m.ncases = -1;
	m.contents = -1;
	dir = xstrdup(in);
	if (strrchr(dir, '/'))
		*strrchr(dir, '/') = 0;
	else {
		free(dir);
		dir = xstrdup(".");
	}
	m.base_dir = dir;
	m.source = in;
	job = pdf_layout(e, doc, &m);
	if (!job)
		goto out;
	/* the lines are set: the tree and its text are no longer needed */
	markdown_doc_free(doc);
	doc = NULL;
	free(text);
	text = NULL;
	if (pdf_finish(job, &pdf, o->dump_layout ? &layout : NULL, &res) < 0)
		goto out;
	if (o->dump_layout) {
		if (write_file_atomic("-", layout.buf, layout.len) < 0) {
			ret = EXIT_IOERR;
			goto out;
		}
		if (!o->out) {
			ret = EXIT_OK;
			goto out;
		}
	}
	out = o->out ? xstrdup(o->out) : default_output(in);
	if (write_file_atomic(out, pdf.buf, pdf.len) < 0) {
		ret = EXIT_IOERR;
		goto out;
	}
	info("%s: %d pages, %zu bytes", out, res.pages, res.bytes);
	ret = EXIT_OK;
out:
	diags_release(&dg);
	markdown_doc_free(doc);
	pdf_engine_free(e);
	pdf_style_release(&st);
	strbuf_release(&pdf);
	strbuf_release(&layout);
	strbuf_release(&style_path);
	free(text);
	free(title);
	free(out);
	free(dir);
	return ret;
}
