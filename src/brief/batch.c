/*
 * batch.c - `casebrief build`: makes the job list, keeps this shard's
 * jobs, runs them on worker threads and reports.
 *
 * Threads share the dataset, the options and the job list, all read-only
 * once the threads start; each worker owns its build_worker (and so its
 * PDF engine) and writes only results[i] for the jobs it takes. Jobs are
 * handed out in list order under a mutex, and the summary is printed in
 * list order, so -j changes neither the files nor the summary's order.
 */
#include "brief/batch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/json.h"
#include "cli/manifest.h"
#include "markdown/markdown.h"
#include "pdf/style.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"

/* ---- sharding -------------------------------------------------------- */

static const char *S_name(const struct build_job *j)
{
	return j->output ? j->output : j->aud->id;
}

struct rank {
	const char *name;
	size_t index;
};

static int S_cmp_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

size_t batch_shard(const struct build_job *jobs, size_t n, int k, int nshards,
		   unsigned char *keep)
{
	struct rank *rank = xcalloc(n ? n : 1, sizeof(*rank));
	size_t i, kept = 0;

	for (i = 0; i < n; i++) {
		rank[i].name = S_name(&jobs[i]);
		rank[i].index = i;
	}
	qsort(rank, n, sizeof(*rank), S_cmp_rank);
	for (i = 0; i < n; i++) {
		int mine = nshards <= 1 || (int)(i % (size_t)nshards) == k - 1;
		keep[rank[i].index] = (unsigned char)mine;
		kept += (size_t)mine;
	}
	free(rank);
	return kept;
}

/* ---- workers ------------------------------------------------------------ */

struct batch {
	const struct build_env *env;
	const struct build_job *jobs;
	struct build_result *results;
	size_t n;
	pthread_mutex_t lock;
	size_t next;        /* the next job to hand out */
	int progress;
	int shown;          /* width of the progress line on screen */
};

/* "[k/N] building NAME", drawn over the previous one (lock held). */
static void S_progress(struct batch *b, size_t k, const char *name)
{
	char line[160];
	int len;

	if (!b->progress)
		return;
	len = snprintf(line, sizeof(line), "[%zu/%zu] building %s", k, b->n, name);
	if (len < 0)
		return;
	if (len >= (int)sizeof(line))
		len = (int)sizeof(line) - 1;
	/* Ends with \r: a warning printed meanwhile starts at the left edge. */
	fprintf(stderr, "\r%s%*s\r", line, b->shown > len ? b->shown - len : 0, "");
	b->shown = len;
}

static void S_progress_clear(struct batch *b)
{
	if (b->progress && b->shown)
		fprintf(stderr, "\r%*s\r", b->shown, "");
	b->shown = 0;
}

static void *S_worker(void *arg)
{
	struct batch *b = arg;
	struct build_worker w;

	memset(&w, 0, sizeof(w));
	w.env = b->env;
	for (;;) {
		size_t i;
		struct build_result *r;

		pthread_mutex_lock(&b->lock);
		i = b->next < b->n ? b->next++ : b->n;
		if (i < b->n)
			S_progress(b, i + 1, S_name(&b->jobs[i]));
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			break;
		r = &b->results[i];
		build_job(&w, &b->jobs[i], r);
		build_result_slim(r);
		if (!r->status)
			info("%s: %zu file%s, %zu cases, %d pages, %zu bytes, %.0f ms", r->output,
			     r->files, r->files == 1 ? "" : "s", r->cases, r->pages, r->bytes, r->ms);
	}
	build_worker_release(&w);
	return NULL;
}

void batch_run(const struct build_env *env, const struct build_job *jobs, size_t n,
	       int threads, int progress, struct build_result *results)
{
	struct batch b;
	pthread_t *tid = NULL;
	size_t nt = 0, want, i;

	memset(&b, 0, sizeof(b));
	b.env = env;
	b.jobs = jobs;
	b.results = results;
	b.n = n;
	b.progress = progress;
	pthread_mutex_init(&b.lock, NULL);
	want = threads > 1 ? (size_t)threads : 1;
	if (want > n)
		want = n;
	if (want > 1) {
		tid = xcalloc(want, sizeof(*tid));
		for (nt = 0; nt < want; nt++)
			if (pthread_create(&tid[nt], NULL, S_worker, &b)) {
				warning("could not start more than %zu worker threads", nt);
				break;
			}
	}
	if (!nt)
		S_worker(&b); /* one worker: this thread */
	for (i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
	S_progress_clear(&b);
	pthread_mutex_destroy(&b.lock);
	free(tid);
}

/* ---- the job list -------------------------------------------------------- */

/* --all, then each -a in order, without repeats. */
static int S_pick_audiences(const struct options *o, const struct dataset *ds,
			    const struct audience ***out, size_t *n)
{
	const struct audience **v = xcalloc(ds->naudiences + o->audiences.n + 1, sizeof(*v));
	size_t i, j, k = 0;

	if (o->all)
		for (i = 0; i < ds->naudiences; i++)
			v[k++] = &ds->audiences[i];
	for (i = 0; i < o->audiences.n; i++) {
		const struct audience *a = dataset_find_audience(ds, o->audiences.v[i]);
		if (!a) {
			const char *best = NULL;
			size_t bd = 4;
			for (j = 0; j < ds->naudiences; j++) {
				size_t d = str_distance(o->audiences.v[i], ds->audiences[j].id, 3);
				if (d < bd) {
					bd = d;
					best = ds->audiences[j].id;
				}
			}
			if (best)
				error("unknown audience '%s' (did you mean '%s'?)", o->audiences.v[i], best);
			else
				error("unknown audience '%s' (see 'casebrief list audiences')",
				      o->audiences.v[i]);
			free(v);
			return -1;
		}
		for (j = 0; j < k; j++)
			if (v[j] == a)
				break;
		if (j == k)
			v[k++] = a;
	}
	*out = v;
	*n = k;
	return 0;
}

/* Fills `jobs` from the manifest or from -a/--all. */
static int S_make_jobs(const struct options *o, const struct dataset *ds,
		       struct manifest *man, struct build_job **jobs, size_t *n)
{
	size_t i;

	if (o->manifest) {
		struct diags d = DIAGS_INIT;
		int rc = manifest_load(o->manifest, ds, man, &d);
		diags_print(&d, stderr);
		diags_release(&d);
		if (rc)
			return rc;
		*n = man->n;
		*jobs = xcalloc(man->n ? man->n : 1, sizeof(**jobs));
		for (i = 0; i < man->n; i++) {
			const struct manifest_job *mj = &man->jobs[i];
			struct build_job *j = &(*jobs)[i];
			j->aud = mj->aud;
			j->output = mj->output;
			j->fmt_pdf = mj->fmt_pdf >= 0 ? mj->fmt_pdf : o->fmt_pdf;
			j->fmt_md = mj->fmt_md >= 0 ? mj->fmt_md : o->fmt_md;
			j->filters = mj->has_filters ? &mj->filters : &o->filters;
			j->style_text = mj->style_text;
			j->style_len = mj->style_len;
			j->style_name = mj->style_name;
		}
	} else {
		const struct audience **auds = NULL;
		if (S_pick_audiences(o, ds, &auds, n))
			return EXIT_USAGE;
		*jobs = xcalloc(*n ? *n : 1, sizeof(**jobs));
		for (i = 0; i < *n; i++) {
			struct build_job *j = &(*jobs)[i];
			j->aud = auds[i];
			j->output = auds[i]->id;
			j->fmt_pdf = o->fmt_pdf;
			j->fmt_md = o->fmt_md;
			j->filters = &o->filters;
		}
		free(auds);
	}
	return EXIT_OK;
}

/* The base style is checked once, before any brief, like the data. */
static int S_check_style(const char *path)
{
	struct diags d = DIAGS_INIT;
	struct pdf_style st;
	int ret = EXIT_OK;

	pdf_style_defaults(&st);
	if (path && pdf_style_load(&st, path, &d))
		ret = d.nerrors ? EXIT_DATAERR : EXIT_IOERR;
	diags_print(&d, stderr);
	diags_release(&d);
	pdf_style_release(&st);
	return ret;
}

/* ---- the summary ----------------------------------------------------------- */

static void S_summary(const struct options *o, const struct build_job *jobs,
		      const struct build_result *res, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, ok = 0;

	strbuf_adds(&sb, "{\"briefs\": [");
	for (i = 0; i < n; i++) {
		const struct build_result *r = &res[i];
		json_item(&sb, i, "  ");
		json_field(&sb, "id", S_name(&jobs[i]), 1);
		json_field(&sb, "audience", jobs[i].aud->id, 0);
		json_key(&sb, "files", 0);
		strbuf_addc(&sb, '[');
		if (r->md_path)
			json_str(&sb, r->md_path);
		if (r->pdf_path) {
			if (r->md_path)
				strbuf_adds(&sb, ", ");
			json_str(&sb, r->pdf_path);
		}
		strbuf_addc(&sb, ']');
		strbuf_addf(&sb, ", \"pages\": %d, \"cases\": %zu, \"bytes\": %zu, \"ms\": ",
			    r->pages, r->cases, r->bytes);
		json_num(&sb, r->ms);
		strbuf_addf(&sb, ", \"warnings\": %zu", r->warnings);
		json_field(&sb, "status", r->status ? "failed" : "ok", 0);
		json_key(&sb, "error", 0);
		if (r->status)
			json_str(&sb, r->error ? r->error : "failed");
		else
			strbuf_adds(&sb, "null");
		strbuf_addc(&sb, '}');
		ok += !r->status;
	}
	json_array_end(&sb, n, "");
	strbuf_addf(&sb, ", \"ok\": %zu, \"failed\": %zu", ok, n - ok);
	if (o->shard_n)
		strbuf_addf(&sb, ", \"shard\": \"%d/%d\"", o->shard_k, o->shard_n);
	strbuf_adds(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

/* ---- the command ------------------------------------------------------------ */

int cmd_build(const struct options *o)
{
	const char *out = o->out ? o->out : "out";
	int to_stdout = !strcmp(out, "-");
	struct manifest man = { NULL, 0 };
	struct build_job *jobs = NULL, *mine = NULL;
	struct build_result *res = NULL;
	struct build_env env;
	struct dataset *ds = NULL;
	unsigned char *keep = NULL;
	char *style_path = NULL;
	size_t n = 0, nmine = 0, i, k;
	int ret = EXIT_OK, need_pdf = 0, progress;

	if (o->manifest && (o->all || o->audiences.n)) {
		error("build: --manifest names its own audiences; leave out -a and --all");
		return EXIT_USAGE;
	}
	if (!o->manifest && !o->all && !o->audiences.n) {
		error("build: name an audience with -a ID, or use --all or --manifest FILE");
		return EXIT_USAGE;
	}
	if (to_stdout && o->json) {
		error("build: --json and '-o -' would both write to standard output");
		return EXIT_USAGE;
	}
	ds = cli_load_data(o);
	if (!ds)
		return EXIT_DATAERR;
	ret = S_make_jobs(o, ds, &man, &jobs, &n);
	if (ret)
		goto out;
	if (to_stdout && n != 1) {
		error("build: '-o -' writes one brief to standard output; name exactly one audience");
		ret = EXIT_USAGE;
		goto out;
	}
	keep = xcalloc(n ? n : 1, 1);
	nmine = batch_shard(jobs, n, o->shard_k, o->shard_n, keep);
	mine = xcalloc(nmine ? nmine : 1, sizeof(*mine));
	for (i = k = 0; i < n; i++)
		if (keep[i]) {
			mine[k++] = jobs[i];
			need_pdf |= jobs[i].fmt_pdf;
		}
	style_path = build_style_path(o);
	if (need_pdf && (ret = S_check_style(style_path)))
		goto out;
	if (!to_stdout && nmine && build_make_dirs(out)) {
		ret = EXIT_IOERR;
		goto out;
	}

	memset(&env, 0, sizeof(env));
	env.o = o;
	env.ds = ds;
	env.style_path = style_path;
	res = xcalloc(nmine ? nmine : 1, sizeof(*res));
	progress = isatty(STDERR_FILENO) && log_verbosity() >= 0;
	markdown_init();
	batch_run(&env, mine, nmine, o->jobs, progress, res);

	for (i = 0; i < nmine; i++) {
		if (res[i].status == EXIT_IOERR)
			ret = EXIT_IOERR;
		else if (res[i].status && ret != EXIT_IOERR)
			ret = EXIT_FAILED;
	}
	if (o->json)
		S_summary(o, mine, res, nmine);
	for (i = 0; i < nmine; i++)
		build_result_release(&res[i]);
out:
	free(res);
	free(style_path);
	free(keep);
	free(mine);
	free(jobs);
	manifest_release(&man);
	dataset_free(ds);
	return ret;
}
