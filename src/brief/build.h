/*
 * build.h - one brief from start to finish: select, assemble, template,
 * parse, write the GFM file, typeset and write the PDF.
 *
 * A batch (batch.h) runs build_job on several threads: every call shares
 * only read-only things (the dataset, the configuration, the job list),
 * and each thread owns a struct build_worker, which keeps the PDF engine
 * (fonts parsed once) and the templates (read once) for every brief that
 * thread builds. markdown_init()
 * must have been called before the threads start.
 *
 * Data moves one way: assembly hands the template its context and the
 * build its facts (struct brief_facts); the facts' charts go to
 * markdown_parse, which binds them to the template's chart fences; the
 * cover and document info of the PDF come from the facts.
 */
#ifndef CASEBRIEF_BUILD_H
#define CASEBRIEF_BUILD_H

#include <stdatomic.h>
#include <stddef.h>

#include "brief/assemble.h"
#include "brief/context.h"
#include "brief/record.h"
#include "brief/select.h"
#include "markdown/markdown.h"
#include "data/model.h"
#include "base/date.h"

struct mustache_dir;
struct pdf_engine;
struct ynode;

/* One brief to build: an audience, the names and kinds of its files, and
 * what narrows or restyles it. Nothing here is owned. */
struct build_job {
	const struct audience *aud;
	const char *output;           /* file base name ([a-z0-9-]+); NULL = aud->id */
	int fmt_pdf, fmt_md;          /* which files */
	int fmt_json;                 /* the record, <output>.json (record.h) */
	/* The record to say what changed since (--compare-to): a path, whose
	 * file may not exist (the brief then says there is no earlier
	 * record); NULL = no "What changed" section. */
	const char *compare_to;
	const char *command;          /* the command that makes the brief again, or NULL */
	const struct filters *filters; /* NULL = none */
	/* Style overrides: a mapping of style.yaml keys (pdf_style_apply),
	 * applied over the base style; NULL = the base style. `style_file`
	 * is the file the node was read from, for messages. */
	const struct ynode *style;
	const char *style_file;
};

/* What every brief is built with. Nothing here is owned. */
struct build_config {
	const char *templates_dir;    /* brief.md.mustache and its partials ("templates"
				       * when NULL), and where the PDF finds relative
				       * images ("." when NULL) */
	const char *fonts_dir;        /* the TrueType fonts; NULL = "fonts" */
	const char *out_dir;          /* where the files go, or "-" for standard
				       * output; NULL = "out" */
	const char *style_path;       /* the base style file; NULL = the defaults */
	struct date today;            /* the brief's date, and for staleness */
	int max_age;                  /* months before a source is stale; 0 = 18 */
	const struct words *words;    /* the data-dependent words; NULL = defaults */
	const char *data_digest;      /* record.h's digest of the data files, or NULL */
	/* When not NULL and it turns non-zero (a signal handler may set it),
	 * no more briefs are started, and a brief whose files are not yet in
	 * place is dropped: it writes nothing and its status is
	 * BUILD_NOT_BUILT. */
	const atomic_int *cancel;
};

/* build_result.status of a brief that was cancelled or never started. */
#define BUILD_NOT_BUILT (-1)

/* What every worker shares, read-only. */
struct build_env {
	const struct build_config *cfg;
	const struct dataset *ds;
};

/* What one thread owns. Zero-initialise, set `env`; release when done. */
struct build_worker {
	const struct build_env *env;
	struct pdf_engine *engine;    /* for the base style, made on first use */
	char *engine_error;           /* why it could not be made (then NULL engine) */
	int engine_tried;
	int threads;                  /* each engine's threads (0 or 1: none but its own) */
	struct mustache_dir *templates; /* the templates, once read */
};

struct build_result {
	const char *audience;   /* the audience id (points into the dataset) */
	const char *output;     /* the file base name (points into the job) */
	char *md_path;          /* Markdown written ("-" for stdout), or NULL */
	char *pdf_path;         /* PDF written ("-" for stdout), or NULL */
	char *json_path;        /* the record written, or NULL */
	size_t files;           /* files written */
	size_t bytes;           /* bytes written, all files */
	size_t cases;           /* cases in the brief */
	size_t sources;         /* sources cited */
	int pages;              /* PDF pages (0 without a PDF) */
	double ms;              /* wall time of the build */
	size_t warnings;        /* stale sources, broken internal links, PDF warnings */
	int status;             /* the exit code build_job returned, or BUILD_NOT_BUILT */
	char *error;            /* one line saying why it failed, or NULL */

	/* Kept for callers that want more: */
	struct ctx *ctx;        /* the template's context */
	struct brief_facts facts; /* the brief's facts (cover, document info, charts) */
	char *markdown;         /* the template's output, before parsing */
	size_t markdown_len;
	struct markdown_doc *doc; /* the parsed document, charts bound; NULL once freed
				   * by the GFM writer (a PDF typeset on several
				   * threads, the Markdown written beside it) */
	char *gfm;              /* the GFM text written (NULL when md is off) */
	size_t gfm_len;
};

#define BUILD_RESULT_INIT { 0 }

/*
 * Builds one brief: selects with job->filters, assembles, renders
 * cfg->templates_dir/brief.md.mustache (partials from the same
 * directory), parses (the facts' charts bound to the template's
 * "```chart NAME" fences) and checks the Markdown; when job->fmt_md
 * writes cfg->out_dir/<output>.md, when job->fmt_json the record
 * cfg->out_dir/<output>.json, when job->fmt_pdf typesets the same
 * document (cover and document info from the facts; the Markdown's own
 * title block and "Contents" section are left out through
 * pdf_meta.omit_contents_section, since the PDF draws a cover and a
 * contents page with page numbers) and writes cfg->out_dir/<output>.pdf.
 * The files replace their old versions together (base/file.h's staged
 * writes): a brief that fails or is cancelled before its files are in
 * place leaves every old file as it was. With out_dir "-" one file goes
 * to standard output: the Markdown when job->fmt_md, else the PDF. The
 * output directory must exist.
 *
 * Returns EXIT_OK; EXIT_FAILED when the template cannot be rendered, the
 * Markdown is refused, the style or fonts cannot be used or typesetting
 * fails (res->error says why; details went to stderr); EXIT_IOERR when a
 * file cannot be written; BUILD_NOT_BUILT when cfg->cancel stopped it
 * (it wrote nothing). `res` is filled in as far as the build got;
 * release it with build_result_release. Thread-safe as described above.
 */
int build_job(struct build_worker *w, const struct build_job *job,
	      struct build_result *res);

void build_result_release(struct build_result *res);
/* Releases what only the build itself needed (context, facts, texts,
 * document), keeping the summary's numbers, names and paths. */
void build_result_slim(struct build_result *res);
void build_worker_release(struct build_worker *w);

/* mkdir -p: 0, or -1 after an error naming the directory. */
int build_make_dirs(const char *path);

#endif
