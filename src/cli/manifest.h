/*
 * manifest.h - `build --manifest jobs.yaml`: a list of briefs to build.
 *
 *   - audience: startups          # required: an audience id of the data set
 *     output: startups-eu         # optional: file base name, [a-z0-9-]+
 *                                 #   (default: the audience id); unique
 *     formats: [pdf, md]          # optional (default: -f, else both)
 *     filters:                    # optional; replaces the command line's
 *       tag: [small-team]         #   filters for this job; each key takes
 *       kind: [migration]         #   a list (or one value): tag, kind,
 *       org_size: [startup]       #   org_size, option (or lang, its other
 *       option: [go]              #   name); since and until take a year
 *       since: 2018
 *     style:                      # optional: any keys of style.yaml,
 *       page: { size: letter }    #   over the base style
 *
 * The file is validated like the data, through the same YAML front end
 * and readers (yaml/doc.h, yaml/read.h): every problem is reported at
 * file:line:col (unknown keys with a suggestion, wrong types, unknown
 * audiences, tags, kinds and sizes, duplicate output names, and style
 * overrides checked by pdf_style_apply at their own position, after
 * "style: ").
 */
#ifndef CASEBRIEF_MANIFEST_H
#define CASEBRIEF_MANIFEST_H

#include <stddef.h>

#include "data/model.h"
#include "brief/select.h"
#include "yaml/doc.h"
#include "base/diag.h"

#define MANIFEST_MAX_OUTPUT 100 /* characters in an output name */

struct manifest_job {
	const struct audience *aud;   /* points into the dataset */
	char *output;                 /* always set (the audience id by default) */
	int fmt_pdf, fmt_md, fmt_json; /* -1: not given */
	int has_filters;
	struct filters filters;
	/* The job's style overrides, a mapping of style.yaml keys already
	 * checked over the built-in style (pdf_style_apply), in the
	 * manifest's document; NULL when the job has none. */
	const struct ynode *style;
};

struct manifest {
	struct manifest_job *jobs;    /* in file order */
	size_t n;
	char *file;                   /* the path: messages about overrides name it */
	struct ydoc doc;              /* kept while the jobs' style nodes are used */
};

/*
 * Reads and validates `path` (at most YAML_MAX_BYTES) against `ds`.
 * Returns EXIT_OK; EXIT_DATAERR after adding every problem to `d` (at most
 * YAML_MAX_ERRORS, then a summary); EXIT_IOERR after printing an error
 * when the file cannot be read. `m` is empty unless EXIT_OK.
 */
int manifest_load(const char *path, const struct dataset *ds, struct manifest *m,
		  struct diags *d);
void manifest_release(struct manifest *m);

#endif
