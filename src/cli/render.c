/*
 * render.c - `casebrief render FILE.md [-o FILE.pdf] [--dump-layout]`:
 * typesets any Markdown file with the brief's engine.
 *
 * Output: FILE.pdf beside the input unless -o names another file ("-" is
 * stdout). Input "-" is standard input (its messages say "<stdin>"); its
 * PDF goes to standard output unless -o names a file, and never to a
 * terminal. With --dump-layout the layout text goes to stdout and the PDF
 * is written only when -o names a file ("-o -" is a usage error: the two
 * would share one stream). Title: the first level-1 heading,
 * else the file name. No cover page; a contents list right after that
 * title when the document has three or more headings to list besides it
 * (shorter documents do not need one).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/thread.h"

/* The text of the first level-1 heading of the pieces, or NULL. */
static char *first_h1(const struct markdown_pieces *p)
{
	const struct markdown_doc *const *docs;
	size_t k, n = markdown_pieces_taken(p, &docs);
	cmark_node *node;

	for (k = 0; k < n; k++)
		for (node = cmark_node_first_child(docs[k]->root); node; node = cmark_node_next(node))
			if (cmark_node_get_type(node) == CMARK_NODE_HEADING &&
			    cmark_node_get_heading_level(node) == 1)
				return markdown_node_text(node);
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

static int from_stdin(const struct options *o)
{
	return !strcmp(o->args[0], "-");
}

/* The input's name in messages. */
static const char *source_name(const struct options *o)
{
	return from_stdin(o) ? "<stdin>" : o->args[0];
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The argument, and whether it can be read as one Markdown file. */
static int check_input(const struct options *o)
{
	const char *in;
	struct stat sb;

	if (o->nargs != 1) {
		error("render: expected one Markdown file");
		error("Try 'casebrief help render'.");
		return EXIT_USAGE;
	}
	in = o->args[0];
	if (o->dump_layout && o->out && !strcmp(o->out, "-")) {
		error("render: --dump-layout writes the layout to standard output; '-o -' would write the PDF there too");
		error("Try 'casebrief help render'.");
		return EXIT_USAGE;
	}
	if (from_stdin(o)) {
		if (!o->dump_layout && (!o->out || !strcmp(o->out, "-")) && isatty(STDOUT_FILENO)) {
			error("render -: the PDF would go to the terminal; name it with -o FILE.pdf");
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	if (o->out && strcmp(o->out, "-") && same_file(in, o->out)) {
		error("%s: the output would replace the Markdown source", o->out);
		return EXIT_USAGE;
	}
	/* Too large is bad input (65), not an I/O error (74). */
	if (!stat(in, &sb) && S_ISREG(sb.st_mode) &&
	    (unsigned long long)sb.st_size > (unsigned long long)MARKDOWN_MAX_BYTES) {
		error("%s: file is larger than the limit of %d bytes", in, MARKDOWN_MAX_BYTES);
		return EXIT_DATAERR;
	}
	return EXIT_OK;
}

/* The directory of `path`, for relative image paths. */
static char *dir_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

/*
 * Once laid out, the pieces and their text are freed while the pages
 * are drawn, on a thread of their own when the engine has several and
 * the text is long: a large tree takes long to free (cmark-gfm frees it
 * node by node, and most of them are no longer in the caches), about 2 %
 * of a 1,000-case render. For a short text the thread costs more than it
 * saves (3 % more time for 10 cases, 26 KB).
 */
#define RELEASE_ASIDE_BYTES (128 * 1024)
struct release {
	struct markdown_pieces *pieces;
	char *text;
	pthread_t thread;
	int aside;
};

static void *release(void *arg)
{
	struct release *r = arg;

	markdown_pieces_free(r->pieces);
	free(r->text);
	return NULL;
}

/*
 * Lays out the document as its pieces are parsed, frees them and their
 * text (the lines are set, so neither is needed any more; with `aside`,
 * on a thread of their own) and finishes the PDF. Returns 0 or -1.
 */
static int typeset(const struct options *o, struct pdf_engine *e, struct markdown_pieces *pieces,
		   char *text, int aside, struct strbuf *pdf, struct strbuf *layout, struct pdf_result *res)
{
	const char *in = o->args[0];
	char *title = NULL, *dir = dir_name(from_stdin(o) ? "." : in);
	struct release rel = { .pieces = pieces, .text = text };
	struct pdf_meta m;
	struct pdf_job *job;
	int rc = -1;

	memset(&m, 0, sizeof(m));
	m.ncases = -1;
	m.contents = -1;
	m.base_dir = dir;
	m.source = source_name(o);
	job = pdf_layout_pieces(e, pieces, &m);
	if (job && markdown_pieces_failed(pieces)) {
		/* a piece cmark-gfm could not parse: the layout is short of it */
		struct strbuf none = STRBUF_INIT;
		error("%s: cannot parse the Markdown", source_name(o));
		pdf_finish(job, &none, NULL, res);
		strbuf_release(&none);
		job = NULL;
	}
	/* the title, which only pdf_finish reads, from the pieces laid out */
	title = first_h1(pieces);
	m.title = title && *title ? title : from_stdin(o) ? "stdin" : base_name(in);
	rel.aside = aside && !thread_start(&rel.thread, release, &rel);
	if (!rel.aside)
		release(&rel);
	if (job)
		rc = pdf_finish(job, pdf, o->dump_layout ? layout : NULL, res);
	if (rel.aside)
		pthread_join(rel.thread, NULL);
	free(title);
	free(dir);
	return rc;
}

/* The layout dump on stdout (--dump-layout), the PDF where it belongs. */
static int write_outputs(const struct options *o, const struct strbuf *pdf,
			 const struct strbuf *layout, const struct pdf_result *res)
{
	char *out;

	if (o->dump_layout) {
		if (write_file_atomic("-", layout->buf, layout->len) < 0)
			return EXIT_IOERR;
		if (!o->out)
			return EXIT_OK;
	}
	out = o->out ? xstrdup(o->out) : from_stdin(o) ? xstrdup("-") : default_output(o->args[0]);
	if (write_file_atomic(out, pdf->buf, pdf->len) < 0) {
		free(out);
		return EXIT_IOERR;
	}
	info("%s: %d pages, %zu bytes", out, res->pages, res->bytes);
	free(out);
	return EXIT_OK;
}

int cmd_render(const struct options *o)
{
	struct diags dg = DIAGS_INIT;
	struct pdf_style st;
	struct pdf_result res;
	struct pdf_engine *e = NULL;
	struct markdown_pieces *pieces;
	struct markdown_opts mo;
	struct strbuf pdf = STRBUF_INIT, layout = STRBUF_INIT;
	char *text = NULL, *style_path = NULL;
	int threads = o->jobs ? o->jobs : cli_cpus(), ret;
	size_t len;

	pdf_style_defaults(&st);
	ret = check_input(o);
	if (ret)
		goto out;
	if (from_stdin(o))
		ret = read_stdin(MARKDOWN_MAX_BYTES, &text, &len);
	else
		ret = read_file(o->args[0], MARKDOWN_MAX_BYTES, &text, &len);
	if (ret) {
		ret = ret == READ_TOO_BIG ? EXIT_DATAERR : EXIT_IOERR;
		goto out;
	}
	ret = EXIT_DATAERR;
	style_path = cli_style_path(o);
	if (style_path && pdf_style_load(&st, style_path, &dg) < 0) {
		diags_print(&dg, stderr);
		goto out;
	}
	ret = EXIT_FAILED;
	memset(&mo, 0, sizeof(mo));
	mo.source = source_name(o);
	/* a long text is parsed on a thread of its own, a piece at a time,
	 * while the pieces before are laid out (markdown.h) */
	pieces = markdown_pieces_start(text, len, &mo, threads);
	if (!pieces)
		goto out;
	e = pdf_engine_new(o->fonts_dir ? o->fonts_dir : "fonts", &st, &dg);
	if (!e) {
		diags_print(&dg, stderr);
		markdown_pieces_free(pieces);
		goto out;
	}
	pdf_engine_set_threads(e, threads);
	ret = typeset(o, e, pieces, text, threads > 1 && len >= RELEASE_ASIDE_BYTES, &pdf, &layout, &res);
	text = NULL; /* freed by typeset */
	ret = ret < 0 ? EXIT_FAILED : write_outputs(o, &pdf, &layout, &res);
out:
	diags_release(&dg);
	pdf_engine_free(e);
	pdf_style_release(&st);
	strbuf_release(&pdf);
	strbuf_release(&layout);
	free(style_path);
	free(text);
	return ret;
}
