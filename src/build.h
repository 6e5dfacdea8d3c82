/*
 * build.h - one brief from start to finish: select, assemble, template,
 * parse, write. cmd_build (cli.h) loops over audiences; batch work can
 * call build_one directly (one call per audience; calls share nothing but
 * the read-only dataset and options, so they may run on several threads
 * once markdown_init() has been called).
 */
#ifndef CASEBRIEF_BUILD_H
#define CASEBRIEF_BUILD_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "cli.h"
#include "context.h"
#include "model.h"

struct build_result {
	const char *audience;   /* the audience id (points into the dataset) */
	char *md_path;          /* Markdown written ("-" for stdout), or NULL */
	char *pdf_path;         /* PDF written, or NULL (set by the PDF step) */
	size_t files;           /* files written */
	size_t bytes;           /* bytes written, all files */
	size_t cases;           /* cases in the brief */
	size_t sources;         /* sources cited */
	double ms;              /* wall time of build_one */
	size_t warnings;        /* stale sources, broken internal links */
	int status;             /* the exit code build_one returned */

	/* Kept for the PDF step and for callers that want more: */
	struct ctx *ctx;        /* the context (title, audience, date ... for the cover) */
	char *markdown;         /* the template's output, before parsing */
	size_t markdown_len;
	cmark_node *doc;        /* the parsed tree after the safety policy */
	char *gfm;              /* the GFM text written (NULL when md is off) */
	size_t gfm_len;
};

#define BUILD_RESULT_INIT { 0 }

/*
 * Builds the brief for `aud`: selects with o->filters, assembles, renders
 * o->templates_dir/brief.md.mustache (partials from the same directory),
 * parses and checks the Markdown, and when o->fmt_md writes
 * o->out/<id>.md atomically (o->out "-": standard output). The output
 * directory must exist (cmd_build creates it).
 *
 * Returns EXIT_OK; EXIT_FAILED when the template cannot be rendered
 * ("file:line:col: ..." printed) or the Markdown is refused; EXIT_IOERR
 * when a file cannot be written. `res` is filled in as far as the build
 * got; release it with build_result_release.
 */
int build_one(const struct options *o, const struct dataset *ds,
	      const struct audience *aud, struct build_result *res);

void build_result_release(struct build_result *res);

/*
 * Warns about every "#anchor" link in `doc` that no heading of `doc`
 * defines (GitHub anchors). Returns the number of broken links.
 */
size_t build_check_anchors(cmark_node *doc, const char *what);

#endif
