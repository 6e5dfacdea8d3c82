/*
 * build.c - `casebrief build`: the job list (-a, --all or --manifest),
 * this shard's part of it (--shard), the checks made before any brief is
 * built (the base style, the output directory), the batch (-j), SIGINT
 * and SIGTERM during it, and the --json summary. One brief is
 * brief/build.c's work.
 */
#include <ctype.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/manifest.h"
#include "brief/batch.h"
#include "brief/build.h"
#include "brief/record.h"
#include "brief/words.h"
#include "markdown/markdown.h"
#include "pdf/style.h"
#include "base/file.h"
#include "base/json.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"

/* ---- the job list -------------------------------------------------------- */

/* --all, then each -a in order, without repeats. */
static int pick_audiences(const struct options *o, const struct dataset *ds,
			    const struct audience ***out, size_t *n)
{
	const struct audience **v = xcalloc(ds->naudiences + o->audiences.n + 1, sizeof(*v));
	size_t i, j, k = 0;

	if (o->all)
		for (i = 0; i < ds->naudiences; i++)
			v[k++] = &ds->audiences[i];
	for (i = 0; i < o->audiences.n; i++) {
		const struct audience *a = cli_find_audience(ds, o->audiences.v[i]);
		if (!a) {
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
static int make_jobs(const struct options *o, const struct dataset *ds,
		       struct manifest *man, struct build_job **jobs, size_t *n)
{
	size_t i;

	if (cli_check_filters(o, ds))
		return EXIT_USAGE;
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
			j->fmt_json = mj->fmt_json >= 0 ? mj->fmt_json : o->fmt_json;
			j->filters = mj->has_filters ? &mj->filters : &o->filters;
			j->style = mj->style;
			j->style_file = man->file;
		}
	} else {
		const struct audience **auds = NULL;
		if (o->all && !ds->naudiences) {
			error("%s: the data set has no audience (audiences/*.yaml), so there is no "
			      "brief to build", ds->dir);
			return EXIT_DATAERR;
		}
		if (pick_audiences(o, ds, &auds, n))
			return EXIT_USAGE;
		*jobs = xcalloc(*n ? *n : 1, sizeof(**jobs));
		for (i = 0; i < *n; i++) {
			struct build_job *j = &(*jobs)[i];
			j->aud = auds[i];
			j->output = auds[i]->id;
			j->fmt_pdf = o->fmt_pdf;
			j->fmt_md = o->fmt_md;
			j->fmt_json = o->fmt_json;
			j->filters = &o->filters;
		}
		free(auds);
	}
	return EXIT_OK;
}

/* ---- where a brief comes from, and what it is compared with ------------- */

/* A word of a shell command: as it is when it is safe, else in single
 * quotes (a quote inside written '\''). */
static void shell_word(struct strbuf *sb, const char *w)
{
	const char *p;

	strbuf_addc(sb, ' ');
	for (p = w; *p && (isalnum((unsigned char)*p) || strchr("-_./=:,+@%", *p)); p++)
		;
	if (*w && !*p) {
		strbuf_adds(sb, w);
		return;
	}
	strbuf_addc(sb, '\'');
	for (p = w; *p; p++)
		if (*p == '\'')
			strbuf_adds(sb, "'\\''");
		else
			strbuf_addc(sb, *p);
	strbuf_addc(sb, '\'');
}

static void shell_opt(struct strbuf *sb, const char *opt, const char *value)
{
	shell_word(sb, opt);
	shell_word(sb, value);
}

/* The options before "build" and after "-a ID" that shape every brief. */
static void command_tail(const struct options *o, struct strbuf *sb)
{
	static const char *const filter_opts[] = { "--tag", "--kind", "--org-size", "--option" };
	const struct strlist *lists[] = {
		&o->filters.tags, &o->filters.kinds, &o->filters.org_sizes, &o->filters.langs
	};
	char buf[32];
	size_t i, k;

	for (k = 0; k < ARRAY_SIZE(lists); k++)
		for (i = 0; i < lists[k]->n; i++)
			shell_opt(sb, filter_opts[k], lists[k]->v[i]);
	if (o->filters.since)
		snprintf(buf, sizeof(buf), "%d", o->filters.since), shell_opt(sb, "--since", buf);
	if (o->filters.until)
		snprintf(buf, sizeof(buf), "%d", o->filters.until), shell_opt(sb, "--until", buf);
	if (o->max_age != STALE_AFTER_MONTHS)
		snprintf(buf, sizeof(buf), "%d", o->max_age), shell_opt(sb, "--max-age", buf);
	if (o->compare_to)
		shell_opt(sb, "--compare-to", o->compare_to);
}

/*
 * The command that makes a job's brief again: the options that shape
 * what it says, as they were given (the directories as they were
 * resolved, left out when they are the ones in the current directory),
 * its date, and the audience alone (a manifest job: the manifest). Where
 * and in which formats it is written is left out: a brief's bytes do not
 * depend on the directory they go to. The caller frees it.
 */
static char *job_command(const struct options *o, const struct build_job *j)
{
	struct strbuf sb = STRBUF_INIT;
	char date[16];

	strbuf_adds(&sb, "casebrief");
	if (o->data_dir && strcmp(o->data_dir, "data") && strcmp(o->data_dir, "./data"))
		shell_opt(&sb, "--data", o->data_dir);
	if (o->templates_dir && strcmp(o->templates_dir, "templates") &&
	    strcmp(o->templates_dir, "./templates"))
		shell_opt(&sb, "--templates", o->templates_dir);
	if (o->style_file)
		shell_opt(&sb, "--style", o->style_file);
	shell_opt(&sb, "--today", date_format(&o->today, date));
	strbuf_adds(&sb, " build");
	if (o->manifest)
		shell_opt(&sb, "--manifest", o->manifest);
	else
		shell_opt(&sb, "-a", j->aud->id);
	command_tail(o, &sb);
	return strbuf_detach(&sb, NULL);
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * --compare-to: a directory of records (DIR/<output>.json for each job),
 * or one record file for a run of one brief. A directory that does not
 * exist yet holds no records: every brief then says so.
 */
static int compare_paths(const struct options *o, struct build_job *jobs, size_t n,
			 struct strlist *paths)
{
	size_t i;
	int file = !is_dir(o->compare_to) && str_ends_with(o->compare_to, ".json");

	if (file && n != 1) {
		error("build: --compare-to %s is one record, but this run builds %zu briefs; "
		      "give the directory of their records", o->compare_to, n);
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		if (file)
			strbuf_adds(&sb, o->compare_to);
		else
			strbuf_addf(&sb, "%s/%s.json", o->compare_to, batch_job_name(&jobs[i]));
		strlist_push(paths, sb.buf);
		strbuf_release(&sb);
	}
	for (i = 0; i < n; i++)
		jobs[i].compare_to = paths->v[i];
	return EXIT_OK;
}

/* Each job's command and the record it is compared with. */
static int prepare_jobs(const struct options *o, struct build_job *jobs, size_t n,
			int to_stdout, struct strlist *commands, struct strlist *compare)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *c = job_command(o, &jobs[i]);
		strlist_push(commands, c);
		free(c);
		if (to_stdout && !jobs[i].fmt_md && !jobs[i].fmt_pdf) {
			error("build: '-o -' writes a brief's Markdown or PDF; the record (-f json) "
			      "needs a directory");
			return EXIT_USAGE;
		}
	}
	for (i = 0; i < n; i++)
		jobs[i].command = commands->v[i];
	return o->compare_to ? compare_paths(o, jobs, n, compare) : EXIT_OK;
}

/* templates/words.yaml, checked once before any brief (exit 65). */
static int load_words(const struct options *o, struct words *w)
{
	struct diags d = DIAGS_INIT;
	int ret = EXIT_OK;

	words_release(w);
	if (words_load(w, o->templates_dir, &d))
		ret = EXIT_DATAERR;
	diags_print(&d, stderr);
	diags_release(&d);
	return ret;
}

/* The base style is checked once, before any brief, like the data. */
static int check_style(const char *path)
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

static const char *status_name(int status)
{
	return !status ? "ok" : status == BUILD_NOT_BUILT ? "not built" : "failed";
}

static void summary(const struct options *o, const struct build_job *jobs,
		      const struct build_result *res, size_t n, int sig)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, ok = 0, unbuilt = 0;

	strbuf_adds(&sb, "{\"briefs\": [");
	for (i = 0; i < n; i++) {
		const struct build_result *r = &res[i];
		json_item(&sb, i, "  ");
		json_field(&sb, "id", batch_job_name(&jobs[i]), 1);
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
		if (r->json_path) {
			if (r->md_path || r->pdf_path)
				strbuf_adds(&sb, ", ");
			json_str(&sb, r->json_path);
		}
		strbuf_addc(&sb, ']');
		strbuf_addf(&sb, ", \"pages\": %d, \"cases\": %zu, \"bytes\": %zu, \"ms\": ",
			    r->pages, r->cases, r->bytes);
		json_num(&sb, r->ms);
		strbuf_addf(&sb, ", \"warnings\": %zu", r->warnings);
		json_field(&sb, "status", status_name(r->status), 0);
		json_key(&sb, "error", 0);
		if (r->status == BUILD_NOT_BUILT)
			json_str(&sb, "interrupted before it was written");
		else if (r->status)
			json_str(&sb, r->error ? r->error : "failed");
		else
			strbuf_adds(&sb, "null");
		strbuf_addc(&sb, '}');
		ok += !r->status;
		unbuilt += r->status == BUILD_NOT_BUILT;
	}
	json_array_end(&sb, n, "");
	strbuf_addf(&sb, ", \"ok\": %zu, \"failed\": %zu", ok, n - ok - unbuilt);
	if (sig)
		strbuf_addf(&sb, ", \"not_built\": %zu, \"interrupted\": \"%s\"", unbuilt,
			    sig == SIGINT ? "SIGINT" : "SIGTERM");
	if (o->shard_n)
		strbuf_addf(&sb, ", \"shard\": \"%d/%d\"", o->shard_k, o->shard_n);
	strbuf_adds(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

/* ---- -o FILE.pdf, -o FILE.md ------------------------------------------------ */

/*
 * Where the files go. -o names a directory, standard output ("-"), or,
 * when it ends in .pdf or .md and is not a directory, the one file of a
 * run that makes one brief in one format: the brief is then written as
 * DIR/NAME.EXT, which is that path.
 */
struct target {
	const char *dir;       /* the output directory, or "-" */
	char *own_dir;         /* what `dir` points to when it is made here */
	char *name;            /* file mode: the brief's base name, else NULL */
	int pdf;               /* file mode: 1 for .pdf, 0 for .md */
};

static int ends_with_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n >= e && !strcasecmp(path + n - e, ext);
}

static int is_directory(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * Decides file mode before the data is read, and the formats it implies:
 * without -f the extension picks the one format; with -f it must be that
 * one format. *o is the caller's copy of the options.
 */
static int target_init(struct options *o, struct target *t)
{
	const char *out = o->out ? o->out : "out", *slash, *base;
	int pdf = ends_with_ext(out, ".pdf");

	memset(t, 0, sizeof(*t));
	t->dir = out;
	if ((!pdf && !ends_with_ext(out, ".md")) || is_directory(out))
		return EXIT_OK;
	slash = strrchr(out, '/');
	base = slash ? slash + 1 : out;
	if (strlen(base) <= strlen(pdf ? ".pdf" : ".md")) {
		error("build: -o %s: the file needs a name before its extension", out);
		return EXIT_USAGE;
	}
	if (o->fmt_given && (o->fmt_pdf != pdf || o->fmt_md != !pdf)) {
		error("build: -o %s names one %s file, but -f asks for %s", out,
		      pdf ? "PDF" : "Markdown", o->fmt_pdf && o->fmt_md ? "pdf,md" :
		      o->fmt_pdf ? "pdf" : "md");
		return EXIT_USAGE;
	}
	o->fmt_pdf = pdf;
	o->fmt_md = !pdf;
	/* the one file named: its record only when -f asks for it */
	if (!o->fmt_given)
		o->fmt_json = 0;
	t->pdf = pdf;
	t->name = xstrndup(base, strlen(base) - strlen(pdf ? ".pdf" : ".md"));
	t->own_dir = slash ? xstrndup(out, slash == out ? 1 : (size_t)(slash - out))
			   : xstrdup(".");
	t->dir = t->own_dir;
	return EXIT_OK;
}

/* File mode needs exactly one brief in the one format; names its file. */
static int target_jobs(const struct options *o, const struct target *t, struct build_job *jobs,
		       size_t n)
{
	if (!t->name)
		return EXIT_OK;
	if (n != 1 || jobs[0].fmt_pdf != t->pdf || jobs[0].fmt_md != !t->pdf) {
		error("build: -o %s names one file, but this run writes %s; give a directory "
		      "(a name without .pdf or .md), or one audience and one format", o->out,
		      n != 1 ? "several briefs" : "a brief in two formats");
		return EXIT_USAGE;
	}
	jobs[0].output = t->name;
	return EXIT_OK;
}

/* ---- the command ------------------------------------------------------------ */

static int check_usage(const struct options *o, int to_stdout)
{
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
	return EXIT_OK;
}

/* This shard's jobs, in list order; *need_pdf when one of them makes a PDF. */
static struct build_job *shard_jobs(const struct options *o, const struct build_job *jobs,
				    size_t n, size_t *nmine, int *need_pdf)
{
	unsigned char *keep = xcalloc(n ? n : 1, 1);
	struct build_job *mine;
	size_t i, k;

	*nmine = batch_shard(jobs, n, o->shard_k, o->shard_n, keep);
	mine = xcalloc(*nmine ? *nmine : 1, sizeof(*mine));
	*need_pdf = 0;
	for (i = k = 0; i < n; i++)
		if (keep[i]) {
			mine[k++] = jobs[i];
			*need_pdf |= jobs[i].fmt_pdf;
		}
	free(keep);
	return mine;
}

/* ---- SIGINT and SIGTERM ------------------------------------------------- */

/*
 * The signal that asked the batch to stop, 0 until one does. A handler
 * can reach nothing but a static; a lock-free atomic may be stored from
 * it, and the workers read it through build_config.cancel.
 */
static atomic_int stop_signal;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal flag must be lock-free");

static void on_signal(int sig)
{
	atomic_store(&stop_signal, sig);
}

/*
 * A signal that arrives when the process started with it ignored (a
 * background job of a shell, nohup) stays ignored, as the caller wanted.
 * SA_RESTART: a handler that interrupts the one-worker batch on this
 * thread does not make its system calls fail.
 */
static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

/* What an interrupted batch wrote, on stderr (whatever -q says). */
static void report_interrupt(int sig, const struct build_result *res, size_t n)
{
	size_t i, ok = 0, unbuilt = 0;

	for (i = 0; i < n; i++) {
		ok += !res[i].status;
		unbuilt += res[i].status == BUILD_NOT_BUILT;
	}
	error("interrupted by %s: %zu of %zu brief%s written, %zu failed, %zu not built",
	      sig == SIGINT ? "SIGINT" : "SIGTERM", ok, n, n == 1 ? "" : "s",
	      n - ok - unbuilt, unbuilt);
}

/* ---- the batch ------------------------------------------------------------ */

/* Builds the jobs; returns the batch's exit code (128 + the signal's
 * number after SIGINT or SIGTERM). */
static int run(const struct options *o, const struct dataset *ds, const char *style_path,
	       const struct words *words, const struct build_job *jobs, size_t n)
{
	struct build_config cfg;
	char digest[RECORD_DIGEST_HEX + 1];
	struct build_env env;
	struct build_result *res = xcalloc(n ? n : 1, sizeof(*res));
	size_t i;
	int ret = EXIT_OK, sig;

	memset(&cfg, 0, sizeof(cfg));
	cfg.templates_dir = o->templates_dir;
	cfg.fonts_dir = o->fonts_dir;
	cfg.out_dir = o->out ? o->out : "out";
	cfg.style_path = style_path;
	cfg.today = o->today;
	cfg.max_age = o->max_age;
	cfg.cancel = &stop_signal;
	cfg.words = words;
	if (!record_data_digest(ds, digest))
		cfg.data_digest = digest;
	env.cfg = &cfg;
	env.ds = ds;
	markdown_init();
	if (n > 1)
		alloc_keep_freed();
	/* -j N: N threads, up to N briefs at a time; without it, one brief
	 * at a time, typeset on every processor (as render does) */
	batch_run(&env, jobs, n, o->jobs ? o->jobs : 1, o->jobs ? o->jobs : cli_cpus(),
		  isatty(STDERR_FILENO) && log_verbosity() >= 0, res);
	for (i = 0; i < n; i++) {
		if (res[i].status == EXIT_IOERR)
			ret = EXIT_IOERR;
		else if (res[i].status && ret != EXIT_IOERR)
			ret = EXIT_FAILED;
	}
	sig = atomic_load(&stop_signal);
	if (sig) {
		report_interrupt(sig, res, n);
		ret = 128 + sig;
	}
	if (o->json)
		summary(o, jobs, res, n, sig);
	for (i = 0; i < n; i++)
		build_result_release(&res[i]);
	free(res);
	return ret;
}

int cmd_build(const struct options *opts)
{
	struct options copy = *opts, *o = &copy;
	struct target t;
	int to_stdout = o->out && !strcmp(o->out, "-"), need_pdf;
	struct manifest man = { 0 };
	struct build_job *jobs = NULL, *mine = NULL;
	struct dataset *ds = NULL;
	struct strlist commands = { 0 }, compare = { 0 };
	struct words words;
	char *style_path = NULL;
	size_t n = 0, nmine = 0;
	int ret = check_usage(o, to_stdout);

	words_defaults(&words);
	memset(&t, 0, sizeof(t));
	if (ret || (ret = target_init(o, &t))) {
		words_release(&words);
		return ret;
	}
	/* From here a signal stops the run at the first brief it would start
	 * (loading writes nothing), so the summary still comes out. */
	catch_signals();
	/* Before the data set is read: its reader's threads make the malloc
	 * heaps the workers take over later, and a heap made without the
	 * padding grows a page at a time (an mprotect call each). */
	if (o->jobs > 1)
		alloc_keep_freed();
	ds = cli_load_data(o);
	if (!ds) {
		ret = EXIT_DATAERR;
		goto out;
	}
	ret = make_jobs(o, ds, &man, &jobs, &n);
	if (ret || (ret = target_jobs(o, &t, jobs, n)))
		goto out;
	if (to_stdout && n != 1) {
		error("build: '-o -' writes one brief to standard output; name exactly one audience");
		ret = EXIT_USAGE;
		goto out;
	}
	mine = shard_jobs(o, jobs, n, &nmine, &need_pdf);
	if ((ret = prepare_jobs(o, mine, nmine, to_stdout, &commands, &compare)))
		goto out;
	style_path = cli_style_path(o);
	if (need_pdf && (ret = check_style(style_path)))
		goto out;
	if ((ret = load_words(o, &words)))
		goto out;
	if (!to_stdout && nmine && build_make_dirs(t.dir)) {
		ret = EXIT_IOERR;
		goto out;
	}
	if (!to_stdout && nmine) {
		size_t swept = file_sweep_temporaries(t.dir);
		if (swept)
			info("%s: removed %zu temporary file%s left by a run that was killed", t.dir,
			     swept, swept == 1 ? "" : "s");
	}
	o->out = t.dir;
	ret = run(o, ds, style_path, &words, mine, nmine);
out:
	words_release(&words);
	strlist_release(&commands);
	strlist_release(&compare);
	free(style_path);
	free(mine);
	free(jobs);
	free(t.name);
	free(t.own_dir);
	manifest_release(&man);
	dataset_free(ds);
	return ret;
}
