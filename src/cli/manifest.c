/*
 * manifest.c - read and validate a build manifest (see manifest.h).
 *
 * The file goes through the YAML front end (yaml/doc.h) and the typed
 * readers (yaml/read.h), like the data: every problem is reported at its
 * own position and the check goes on. Filter values go through the same
 * validator as the command line's filter options (brief/select.h), a job's
 * style override through pdf_style_apply over the built-in style. The
 * document is kept with the manifest, so that the builds apply each
 * override from its nodes, with no text written or parsed again.
 */
#include "cli/manifest.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/style.h"
#include "yaml/read.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"
#include "base/file.h"

static const char *const job_keys[] = { "audience", "output", "formats", "filters", "style" };
enum { J_AUDIENCE, J_OUTPUT, J_FORMATS, J_FILTERS, J_STYLE, J__COUNT };
static const char *const format_names[] = { "pdf", "md", "json" };

struct mreader {
	const struct dataset *ds;
	struct yreport r;
	const struct ynode **at;  /* per job: where its output name was given */
};

/* An error at `at` whose text is in `why`. */
static void error_why(struct mreader *mr, const struct ynode *at, const struct strbuf *why)
{
	yreport_error(&mr->r, at, "%s", why->buf);
}

/* ---- filters -------------------------------------------------------------- */

static void filter_value(struct mreader *mr, enum filter_key key, const struct ynode *v,
			 const char *what, struct filters *f)
{
	struct strbuf why = STRBUF_INIT;
	char *s = NULL;

	if (!yread_str(&mr->r, v, what, &s) && filters_add(f, key, s, what, mr->ds, &why))
		error_why(mr, v, &why);
	free(s);
	strbuf_release(&why);
}

/* A list filter takes a list or one value. */
static void filter_list(struct mreader *mr, enum filter_key key, const char *name,
			const struct ynode *v, struct filters *f)
{
	struct strbuf what = STRBUF_INIT;
	const struct ynode *it;

	strbuf_addf(&what, "'%s'", name);
	if (v->type != YN_SEQ) {
		filter_value(mr, key, v, what.buf, f);
	} else if (yread_list(&mr->r, v, what.buf, 1)) {
		strbuf_reset(&what);
		strbuf_addf(&what, "each item of '%s'", name);
		for (it = v->first; it; it = it->next)
			filter_value(mr, key, it, what.buf, f);
	}
	strbuf_release(&what);
}

static void filter_year(struct mreader *mr, enum filter_key key, const struct ynode *v,
			struct filters *f)
{
	struct strbuf what = STRBUF_INIT, why = STRBUF_INIT;
	int year;

	strbuf_addf(&what, "'%s'", filter_keys[key]);
	if (!yread_int(&mr->r, v, what.buf, INT_MIN, INT_MAX, &year) &&
	    filters_set_year(f, key, year, what.buf, &why))
		error_why(mr, v, &why);
	strbuf_release(&what);
	strbuf_release(&why);
}

/*
 * The filter keys are brief/select.h's names in filter_key order, then
 * "option": the name of "lang" that fits a data set about anything (the
 * command line's --option). A job gives one of the two.
 */
#define FILTER_KEY_OPTION FILTER__COUNT

static void read_filters(struct mreader *mr, const struct ynode *v, struct filters *f)
{
	const char *keys[FILTER__COUNT + 1];
	const struct ynode *fv[FILTER__COUNT + 1];
	struct strbuf why = STRBUF_INIT;
	int k;

	memcpy(keys, filter_keys, sizeof(filter_keys));
	keys[FILTER_KEY_OPTION] = "option";
	if (yread_map(&mr->r, v, "'filters'", "'filters'", keys, FILTER__COUNT + 1, fv))
		return;
	if (fv[FILTER_LANG] && fv[FILTER_KEY_OPTION]) {
		yreport_error(&mr->r, fv[FILTER_KEY_OPTION], "'option' and 'lang' are one filter "
			      "under two names: give only one");
		fv[FILTER_KEY_OPTION] = NULL;
	}
	for (k = FILTER_TAG; k <= FILTER_LANG; k++)
		if (fv[k])
			filter_list(mr, (enum filter_key)k, keys[k], fv[k], f);
	if (fv[FILTER_KEY_OPTION])
		filter_list(mr, FILTER_LANG, "option", fv[FILTER_KEY_OPTION], f);
	for (k = FILTER_SINCE; k <= FILTER_UNTIL; k++)
		if (fv[k])
			filter_year(mr, (enum filter_key)k, fv[k], f);
	if (filters_check_years(f, "'since'", "'until'", &why))
		error_why(mr, fv[FILTER_SINCE], &why);
	strbuf_release(&why);
}

/* ---- the other keys of a job ---------------------------------------------- */

static void read_formats(struct mreader *mr, const struct ynode *v, struct manifest_job *j)
{
	const struct ynode *seq = yread_list(&mr->r, v, "'formats'", 1), *it;
	int k;

	j->fmt_pdf = j->fmt_md = j->fmt_json = 0;
	for (it = seq ? seq->first : NULL; it; it = it->next)
		if (!yread_enum(&mr->r, it, "each item of 'formats'", format_names,
				ARRAY_SIZE(format_names), &k)) {
			if (k == 2)
				j->fmt_json = 1;
			else if (k)
				j->fmt_md = 1;
			else
				j->fmt_pdf = 1;
		}
}

static void read_audience(struct mreader *mr, const struct ynode *v, struct manifest_job *j)
{
	struct strbuf why = STRBUF_INIT;
	char *id = NULL;

	if (!yread_id(&mr->r, v, "'audience'", &id)) {
		j->aud = dataset_audience_or_hint(mr->ds, id, &why);
		if (!j->aud)
			error_why(mr, v, &why);
	}
	free(id);
	strbuf_release(&why);
}

static void read_output(struct mreader *mr, const struct ynode *v, struct manifest_job *j)
{
	char *out = NULL;

	if (yread_id(&mr->r, v, "'output'", &out)) {
		free(out);
		return;
	}
	if (strlen(out) > MANIFEST_MAX_OUTPUT) {
		yreport_error(&mr->r, v, "'output' is too long: at most %d characters",
			      MANIFEST_MAX_OUTPUT);
		free(out);
		return;
	}
	free(j->output);
	j->output = out;
}

/* Checked over the built-in style now; applied over the base style later. */
static void read_style(struct mreader *mr, const struct ynode *v, struct manifest_job *j)
{
	const char *prefix = mr->r.prefix;
	struct pdf_style st;

	pdf_style_defaults(&st);
	mr->r.prefix = "style: ";
	pdf_style_apply(&st, &mr->r, v);
	mr->r.prefix = prefix;
	pdf_style_release(&st);
	if (v->type == YN_MAP && v->nkids)
		j->style = v;
}

static void read_job(struct mreader *mr, const struct ynode *v, struct manifest_job *j,
		     size_t index)
{
	const struct ynode *f[J__COUNT];

	j->fmt_pdf = j->fmt_md = j->fmt_json = -1;
	if (yread_map(&mr->r, v, "each job", "a job", job_keys, J__COUNT, f))
		return;
	if (yread_need(&mr->r, v, f[J_AUDIENCE], "audience"))
		read_audience(mr, f[J_AUDIENCE], j);
	if (f[J_OUTPUT])
		read_output(mr, f[J_OUTPUT], j);
	else if (j->aud)
		j->output = xstrdup(j->aud->id);
	mr->at[index] = f[J_OUTPUT] ? f[J_OUTPUT] : f[J_AUDIENCE];
	if (f[J_FORMATS])
		read_formats(mr, f[J_FORMATS], j);
	if (f[J_FILTERS]) {
		j->has_filters = 1;
		read_filters(mr, f[J_FILTERS], &j->filters);
	}
	if (f[J_STYLE])
		read_style(mr, f[J_STYLE], j);
}

struct named {
	const char *name;
	size_t index;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Output names must differ: two jobs writing one file would race. */
static void check_outputs(struct mreader *mr, struct manifest *m)
{
	struct named *v = xcalloc(m->n ? m->n : 1, sizeof(*v));
	size_t i, nv = 0, first = 0;

	for (i = 0; i < m->n; i++)
		if (m->jobs[i].output) {
			v[nv].name = m->jobs[i].output;
			v[nv++].index = i;
		}
	qsort(v, nv, sizeof(*v), cmp_named);
	for (i = 0; i < nv; i++) {
		if (!i || strcmp(v[i].name, v[i - 1].name)) {
			first = v[i].index;
			continue;
		}
		yreport_error(&mr->r, mr->at[v[i].index],
			      "output '%s' is already written by job %zu; give this job its own "
			      "'output'", v[i].name, first + 1);
	}
	free(v);
}

/* The jobs of the document's root list. */
static void read_jobs(struct mreader *mr, const struct ynode *root, struct manifest *m)
{
	const struct ynode *it;
	size_t i;

	if (!root || root->type != YN_SEQ || !root->nkids) {
		yreport_error(&mr->r, root, "a manifest is a list of jobs (- audience: ID ...), "
			      "not %s", root && root->type == YN_SEQ ? "an empty list" :
			      ynode_describe(root));
		return;
	}
	m->n = root->nkids;
	m->jobs = xcalloc(m->n, sizeof(*m->jobs));
	mr->at = xcalloc(m->n, sizeof(*mr->at));
	for (i = 0, it = root->first; it; it = it->next, i++)
		read_job(mr, it, &m->jobs[i], i);
	check_outputs(mr, m);
	free(mr->at);
}

int manifest_load(const char *path, const struct dataset *ds, struct manifest *m,
		  struct diags *d)
{
	struct mreader mr;
	struct strbuf why = STRBUF_INIT;
	char *text = NULL;
	size_t len;
	int ret = EXIT_DATAERR, rr;

	memset(m, 0, sizeof(*m));
	rr = read_file_why(path, YAML_MAX_BYTES, &text, &len, &why);
	if (rr != READ_OK) {
		/* Too large is bad input, like a data file over the limit. */
		error("%s: %s", path, why.buf);
		strbuf_release(&why);
		return rr == READ_TOO_BIG ? EXIT_DATAERR : EXIT_IOERR;
	}
	m->file = xstrdup(path);
	memset(&mr, 0, sizeof(mr));
	mr.ds = ds;
	yreport_init(&mr.r, d, m->file);
	if (!ydoc_parse(&m->doc, text, len, &mr.r))
		read_jobs(&mr, m->doc.root, m);
	if (!mr.r.nerrors)
		ret = EXIT_OK;
	if (ret)
		manifest_release(m);
	free(text);
	return ret;
}

void manifest_release(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct manifest_job *j = &m->jobs[i];
		free(j->output);
		filters_release(&j->filters);
	}
	free(m->jobs);
	free(m->file);
	ydoc_release(&m->doc);
	memset(m, 0, sizeof(*m));
}
