/*
 * build.c - one brief: select, assemble, render the template, parse (with
 * the safety policy), write the GFM file, typeset the same tree and write
 * the PDF. The threads around it are batch.c; the command (job lists,
 * the summary) is cli/build.c.
 *
 * Thread safety: build_job reads the dataset and the configuration only. The one
 * shared mutable state it reaches is cmark-gfm 0.29's parser, which
 * markdown_parse serialises itself (markdown.h). Everything else it calls
 * keeps its state in its own arguments (mustache, assemble, select, the GFM
 * renderer, the YAML front end (style overrides are read-only nodes), the
 * PDF engine, which the worker owns, and libharu, one document per call).
 *
 * When the engine has helper threads (a brief typeset on several), the
 * GFM file is written on a thread of its own while the PDF is drawn and
 * saved: the typesetter reads the tree only while it lays the document
 * out (pdf_layout), and the GFM writer is the only one that changes it.
 */
#include "brief/build.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "brief/mustache.h"
#include "pdf/pdf.h"
#include "yaml/doc.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/str.h"
#include "base/thread.h"

#define BRIEF_TEMPLATE "brief.md" /* brief.md.mustache */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int build_make_dirs(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	size_t i;
	int ret = 0;

	strbuf_adds(&sb, path);
	for (i = 1; i <= sb.len && !ret; i++) {
		char saved;
		if (i < sb.len && sb.buf[i] != '/')
			continue;
		saved = sb.buf[i];
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0777) && errno != EEXIST)
			ret = error_errno("cannot create directory '%s'", sb.buf);
		sb.buf[i] = saved;
	}
	if (!ret && (stat(path, &st) || !S_ISDIR(st.st_mode)))
		ret = error("'%s' is not a directory", path);
	strbuf_release(&sb);
	return ret;
}

/* Records why a build failed and prints it (error(): "casebrief: ..."). */
static void fail(struct build_result *res, const char *fmt, ...) CB_PRINTF(2, 3);

static void fail(struct build_result *res, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	error("%s", sb.buf);
	if (!res->error)
		res->error = strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
}

/* Prints diagnostics in one piece (other threads may be printing too) and
 * records the first error as the reason. */
static void fail_diags(struct build_result *res, struct diags *d)
{
	size_t i;

	flockfile(stderr);
	diags_print(d, stderr);
	funlockfile(stderr);
	for (i = 0; i < d->n && !res->error; i++) {
		const struct diag *g = &d->v[i];
		struct strbuf sb = STRBUF_INIT;
		if (g->is_warning)
			continue;
		if (g->file && *g->file && g->line > 0)
			strbuf_addf(&sb, "%s:%d:%d: %s", g->file, g->line, g->col > 0 ? g->col : 1,
				    g->msg);
		else if (g->file && *g->file)
			strbuf_addf(&sb, "%s: %s", g->file, g->msg);
		else
			strbuf_adds(&sb, g->msg);
		res->error = strbuf_detach(&sb, NULL);
	}
}

struct partials {
	const struct mustache_dir *dir;
	struct strlist missing;  /* the partials asked for and not found */
};

/*
 * The spec renders a missing partial as nothing; in a brief that would
 * silently drop a whole section (a templates directory holding only
 * brief.md.mustache loses every case and source), so the render asks
 * for strict partials and this records which files to name.
 */
static int partial(void *ud, const char *name, const char **text, size_t *len,
		     const char **file)
{
	struct partials *p = ud;

	if (!mustache_dir_get(p->dir, name, text, len, file))
		return 0;
	if (!strlist_has(&p->missing, name))
		strlist_push(&p->missing, name);
	return -1;
}

/* Says which files a failed render lacked, after its diagnostics. */
static void missing_partials(const char *dir, const struct strlist *missing)
{
	size_t i;

	for (i = 0; i < missing->n; i++)
		error("%s/%s.mustache: no such file; the templates directory needs every "
		      "partial its templates use (copy the installed one, or remove the tag)",
		      dir, missing->v[i]);
}

/*
 * The templates, read once per worker: the first brief's read is kept for
 * the worker's later briefs. A read that failed is not kept, so that every
 * brief tries again and says why it failed, as each would alone.
 */
static const struct mustache_dir *worker_templates(struct build_worker *w, const char *dir)
{
	if (!w->templates)
		w->templates = mustache_dir_load(dir);
	return w->templates;
}

/* Renders brief.md.mustache into res->markdown. */
static int render_template(struct build_worker *w, const struct ctx *ctx,
			   struct build_result *res)
{
	const struct build_config *cfg = w->env->cfg;
	const char *dir = cfg->templates_dir ? cfg->templates_dir : "templates";
	const struct mustache_dir *td = worker_templates(w, dir);
	struct partials parts = { NULL, { 0 } };
	struct mustache_opts mo;
	struct diags diags = DIAGS_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *tmpl, *file;
	size_t len;
	int ret = EXIT_OK;

	if (!td) {
		res->error = xstrdup("cannot read the templates");
		return EXIT_IOERR;
	}
	if (mustache_dir_get(td, BRIEF_TEMPLATE, &tmpl, &len, &file)) {
		ret = EXIT_FAILED;
		fail(res, "%s/%s.mustache: no such template", dir, BRIEF_TEMPLATE);
		goto out;
	}
	memset(&mo, 0, sizeof(mo));
	mo.escape = mustache_escape_markdown;
	parts.dir = td;
	mo.partial = partial;
	mo.partial_ud = &parts;
	mo.strict_partials = 1;
	if (mustache_render(tmpl, len, file, ctx, &mo, &out, &diags)) {
		if (diags.n)
			fail_diags(res, &diags);
		else
			fail(res, "%s: cannot render the template", file);
		missing_partials(dir, &parts.missing);
		ret = EXIT_FAILED;
		goto out;
	}
	res->markdown = strbuf_detach(&out, &res->markdown_len);
out:
	strlist_release(&parts.missing);
	strbuf_release(&out);
	diags_release(&diags);
	return ret;
}

/* cfg->out_dir/<output>.<ext>, or "-" for standard output. */
static char *out_path(const struct build_config *cfg, const char *output, const char *ext)
{
	const char *out = cfg->out_dir ? cfg->out_dir : "out";
	struct strbuf path = STRBUF_INIT;

	if (!strcmp(out, "-"))
		strbuf_adds(&path, "-");
	else
		strbuf_addf(&path, "%s/%s.%s", out, output, ext);
	return strbuf_detach(&path, NULL);
}

/* One file of a brief: its extension, its bytes, and the result's slot
 * for its path (set once the file is in place). */
struct out_file {
	const char *ext;
	const void *data;
	size_t len;
	char **slot;
};

static int cancelled(const struct build_config *cfg)
{
	return cfg->cancel && atomic_load(cfg->cancel);
}

static void cannot_write(struct build_result *res, const struct build_config *cfg,
			 const char *output, const char *ext)
{
	char *path = out_path(cfg, output, ext);

	if (!res->error) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "cannot write '%s'", path);
		res->error = strbuf_detach(&sb, NULL);
	}
	free(path);
}

/*
 * Writes a brief's files together: every one is written and synced beside
 * its target first, and only then are they renamed into place, so that a
 * failure (a full disk, a directory in the way) or a cancel before the
 * renames leaves all the old files as they were. Standard output takes
 * one file.
 */
static int write_files(const struct build_config *cfg, const char *output,
		       const struct out_file *f, size_t n, struct build_result *res)
{
	struct file_stage st = FILE_STAGE_INIT;
	size_t i, done = 0;
	int ret = EXIT_OK;

	if (cfg->out_dir && !strcmp(cfg->out_dir, "-")) {
		if (n && write_file_atomic("-", f[0].data, f[0].len)) {
			cannot_write(res, cfg, output, f[0].ext);
			return EXIT_IOERR;
		}
		done = n ? 1 : 0;
	} else {
		for (i = 0; i < n && !ret; i++) {
			char *path = out_path(cfg, output, f[i].ext);
			if (file_stage_add(&st, path, f[i].data, f[i].len)) {
				cannot_write(res, cfg, output, f[i].ext);
				ret = EXIT_IOERR;
			}
			free(path);
		}
		if (!ret && cancelled(cfg))
			ret = BUILD_NOT_BUILT;
		if (ret) {
			file_stage_abort(&st);
			return ret;
		}
		if (file_stage_commit(&st, &done)) {
			cannot_write(res, cfg, output, f[done].ext);
			ret = EXIT_IOERR;
		}
	}
	for (i = 0; i < done; i++) {
		*f[i].slot = out_path(cfg, output, f[i].ext);
		res->files++;
		res->bytes += f[i].len;
	}
	return ret;
}

/* ---- PDF ------------------------------------------------------------- */

/* A style: the defaults, the base file, then the job's overrides. */
static int load_style(const struct build_env *env, const struct build_job *job,
			struct pdf_style *st, struct diags *d)
{
	pdf_style_defaults(st);
	if (env->cfg->style_path && pdf_style_load(st, env->cfg->style_path, d))
		return -1;
	if (job && job->style) {
		struct yreport r;
		yreport_init(&r, d, job->style_file);
		r.prefix = "style: ";
		if (pdf_style_apply(st, &r, job->style))
			return -1;
	}
	return 0;
}

/* Says which font file is missing (pdf_engine_new would only print it). */
static int check_fonts(const char *dir, const struct pdf_style *st, struct build_result *res)
{
	struct strbuf path = STRBUF_INIT;
	int i, ret = 0;

	for (i = 0; i < FONT__COUNT && !ret; i++) {
		if (!st->fonts[i])
			continue;
		strbuf_reset(&path);
		pdf_font_path(&path, dir, st->fonts[i]);
		if (access(path.buf, R_OK)) {
			char msg[128];
			if (strerror_r(errno, msg, sizeof(msg)))
				snprintf(msg, sizeof(msg), "error %d", errno);
			fail(res, "%s: cannot read the font: %s", path.buf, msg);
			ret = -1;
		}
	}
	strbuf_release(&path);
	return ret;
}

static struct pdf_engine *new_engine(const struct build_worker *w, const struct build_job *job,
				       struct build_result *res)
{
	const struct build_env *env = w->env;
	const char *fonts = env->cfg->fonts_dir ? env->cfg->fonts_dir : "fonts";
	struct diags d = DIAGS_INIT;
	struct pdf_style st;
	struct pdf_engine *e = NULL;

	if (!load_style(env, job, &st, &d) && !check_fonts(fonts, &st, res))
		e = pdf_engine_new(fonts, &st, &d);
	if (!e) {
		if (d.nerrors)
			fail_diags(res, &d);
		else if (!res->error)
			fail(res, "cannot set up the PDF typesetter");
	} else {
		if (w->threads > 1)
			pdf_engine_set_threads(e, w->threads);
		if (d.n) {
			flockfile(stderr);
			diags_print(&d, stderr); /* warnings */
			funlockfile(stderr);
		}
	}
	pdf_style_release(&st);
	diags_release(&d);
	return e;
}

/* The worker's engine for the base style, made once. */
static struct pdf_engine *worker_engine(struct build_worker *w, struct build_result *res)
{
	if (!w->engine_tried) {
		w->engine_tried = 1;
		w->engine = new_engine(w, NULL, res);
		if (!w->engine)
			w->engine_error = xstrdup(res->error ? res->error : "no PDF typesetter");
	} else if (!w->engine) {
		/* Already reported once by this worker; only record it. */
		if (!res->error)
			res->error = xstrdup(w->engine_error);
	}
	return w->engine;
}

/* The GFM file, written beside the PDF's drawing (see the top). */
struct gfm_writer {
	pthread_t tid;
	int started;
};

/* The GFM writer is the tree's last reader, so the tree goes with it: a
 * large one takes a while to free (about 2 % of a 1,000-case brief), and
 * here that happens beside the PDF's drawing too. */
static void *write_gfm(void *arg)
{
	struct build_result *res = arg;

	res->gfm = markdown_render_gfm(res->doc, &res->gfm_len);
	markdown_doc_free(res->doc);
	res->doc = NULL;
	return NULL;
}

/* Starts writing res->gfm on a thread; writes it here when none starts. */
static void gfm_start(struct gfm_writer *g, struct build_result *res)
{
	/* signals stay with the calling thread */
	g->started = !thread_start(&g->tid, write_gfm, res);
	if (!g->started)
		write_gfm(res);
}

static void gfm_wait(struct gfm_writer *g)
{
	if (g->started)
		pthread_join(g->tid, NULL);
	g->started = 0;
}

static void brief_meta(const struct build_worker *w, const char *output, const struct brief_facts *f,
		       struct pdf_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->title = f->title;
	m->author = f->curator; /* NULL without one: no author, never the program */
	m->subject = f->question;
	m->keywords = f->keywords;
	m->audience = f->audience;
	m->question = f->question;
	m->date = f->date;
	m->data_as_of = f->data_as_of;
	m->ncases = (int)f->ncases;
	m->cover = 1;
	m->contents = 1;
	m->omit_contents_section = 1;
	m->front_section = 1;
	m->notes_heading = "Sources"; /* the citations' footnotes: sources.md */
	m->cover_note = f->provenance;
	m->base_dir = w->env->cfg->templates_dir;
	m->source = output;
}

/* Typesets res->doc into `pdf`; with `gfm`, writes res->gfm meanwhile. */
static int typeset(struct build_worker *w, const struct build_job *job, const char *output,
		   struct build_result *res, struct strbuf *pdf, int gfm)
{
	struct pdf_engine *own = NULL, *e;
	struct gfm_writer g = { 0 };
	struct pdf_job *pj;
	struct pdf_meta m;
	struct pdf_result pr;
	int rc = -1;

	e = job->style ? (own = new_engine(w, job, res)) : worker_engine(w, res);
	if (!e)
		return EXIT_FAILED;
	brief_meta(w, output, &res->facts, &m);
	memset(&pr, 0, sizeof(pr));
	pj = pdf_layout(e, res->doc, &m);
	if (pj) {
		if (gfm)
			gfm_start(&g, res);
		rc = pdf_finish(pj, pdf, NULL, &pr);
		gfm_wait(&g);
	}
	pdf_engine_free(own);
	if (rc) {
		if (!res->error)
			res->error = xstrdup("the PDF could not be typeset");
		return EXIT_FAILED;
	}
	res->pages = pr.pages;
	res->warnings += (size_t)(pr.warnings > 0 ? pr.warnings : 0);
	return EXIT_OK;
}

/* ---- one brief --------------------------------------------------------- */

/* The earlier record, when the job compares with one: 0 (*found says
 * whether the file was there), or EXIT_FAILED when it is no record. */
static int load_earlier(const struct build_job *job, struct brief_record *r, int *found,
			struct build_result *res)
{
	struct diags d = DIAGS_INIT;
	int rc;

	*found = 0;
	if (!job->compare_to)
		return EXIT_OK;
	rc = record_load(job->compare_to, r, &d);
	if (rc == -1)
		fail_diags(res, &d);
	diags_release(&d);
	*found = rc == 0;
	return rc == -1 ? EXIT_FAILED : EXIT_OK;
}

static int assemble(struct build_worker *w, const struct build_job *job, const char *output,
		    struct selection *sel, struct build_result *res)
{
	const struct build_config *cfg = w->env->cfg;
	struct assemble_opts ao;
	struct brief_record earlier;
	size_t nstale;
	int found, ret;

	memset(&earlier, 0, sizeof(earlier));
	select_cases(w->env->ds, job->aud, job->filters, sel);
	if ((ret = load_earlier(job, &earlier, &found, res))) {
		record_release(&earlier);
		return ret;
	}
	memset(&ao, 0, sizeof(ao));
	ao.today = cfg->today;
	ao.max_age = cfg->max_age;
	ao.version = CASEBRIEF_VERSION;
	ao.filters = job->filters;
	ao.words = cfg->words;
	ao.data_digest = cfg->data_digest;
	ao.command = job->command;
	ao.compare = job->compare_to != NULL;
	ao.earlier = found ? &earlier : NULL;
	res->ctx = assemble_brief(w->env->ds, sel, &ao, &res->facts);
	record_release(&earlier);
	res->cases = res->facts.ncases;
	res->sources = res->facts.nsources;
	nstale = res->facts.nstale;
	if (nstale) {
		warning("%s: %zu cited source%s stale (verified more than %d months before the brief's date)",
			output, nstale, nstale == 1 ? " is" : "s are", res->facts.max_age);
		res->warnings += nstale;
	}
	return EXIT_OK;
}

static int parse(const char *output, struct build_result *res)
{
	struct markdown_opts mo;

	memset(&mo, 0, sizeof(mo));
	mo.source = output;
	mo.charts = res->facts.charts;
	mo.ncharts = res->facts.ncharts;
	res->doc = markdown_parse(res->markdown, res->markdown_len, &mo);
	if (!res->doc) {
		if (!res->error)
			res->error = xstrdup("the brief's Markdown was refused");
		return EXIT_FAILED;
	}
	res->warnings += markdown_check_links(res->doc, output);
	return EXIT_OK;
}

int build_job(struct build_worker *w, const struct build_job *job, struct build_result *res)
{
	const struct build_config *cfg = w->env->cfg;
	const char *output = job->output ? job->output : job->aud->id;
	int to_stdout = cfg->out_dir && !strcmp(cfg->out_dir, "-");
	int want_pdf = job->fmt_pdf && !(to_stdout && job->fmt_md);
	/* with helpers, the Markdown is written while the PDF is drawn */
	int md_beside = job->fmt_md && want_pdf && w->threads > 1;
	double t0 = now_ms();
	struct strbuf pdf = STRBUF_INIT, json = STRBUF_INIT;
	struct out_file files[4];     /* room for every kind of file a brief has */
	struct selection sel;
	size_t nfiles = 0;
	int ret;

	memset(res, 0, sizeof(*res));
	res->audience = job->aud->id;
	res->output = output;
	ret = assemble(w, job, output, &sel, res);
	if (!ret)
		ret = render_template(w, res->ctx, res);
	if (!ret)
		ret = parse(output, res);
	if (!ret && cancelled(cfg))
		ret = BUILD_NOT_BUILT;
	if (ret)
		goto out;
	/*
	 * Everything is made in memory first, so that a brief that fails
	 * writes nothing. "-o -" carries one file: the Markdown when it is
	 * asked for, else the PDF.
	 */
	if (job->fmt_md && !md_beside)
		res->gfm = markdown_render_gfm(res->doc, &res->gfm_len);
	if (want_pdf && (ret = typeset(w, job, output, res, &pdf, md_beside)))
		goto out;
	if (job->fmt_md)
		files[nfiles++] = (struct out_file){ "md", res->gfm, res->gfm_len, &res->md_path };
	if (want_pdf)
		files[nfiles++] = (struct out_file){ "pdf", pdf.buf, pdf.len, &res->pdf_path };
	/* The record goes with the brief it describes, never alone to stdout. */
	if (job->fmt_json && !to_stdout) {
		record_to_json(&res->facts.record, &json);
		files[nfiles++] = (struct out_file){ "json", json.buf, json.len, &res->json_path };
	}
	ret = write_files(cfg, output, files, nfiles, res);
out:
	strbuf_release(&pdf);
	strbuf_release(&json);
	selection_release(&sel);
	res->ms = now_ms() - t0;
	res->status = ret;
	return ret;
}

void build_result_slim(struct build_result *res)
{
	ctx_free(res->ctx);
	res->ctx = NULL;
	brief_facts_release(&res->facts);
	free(res->markdown);
	res->markdown = NULL;
	markdown_doc_free(res->doc);
	res->doc = NULL;
	free(res->gfm);
	res->gfm = NULL;
}

void build_result_release(struct build_result *res)
{
	build_result_slim(res);
	free(res->md_path);
	free(res->pdf_path);
	free(res->json_path);
	free(res->error);
	memset(res, 0, sizeof(*res));
}

void build_worker_release(struct build_worker *w)
{
	pdf_engine_free(w->engine);
	free(w->engine_error);
	mustache_dir_free(w->templates);
	w->templates = NULL;
	w->engine = NULL;
	w->engine_error = NULL;
	w->engine_tried = 0;
}
