/*
 * batch.c - many briefs: this shard's jobs, run on worker threads.
 *
 * Threads share the dataset, the configuration and the job list, all read-only
 * once the threads start; each worker owns its build_worker (and so its
 * PDF engine) and writes only results[i] for the jobs it takes. Jobs are
 * handed out in list order under a mutex, and the summary is printed in
 * list order, so -j changes neither the files nor the summary's order.
 *
 * Signals: the workers block the asynchronous ones, so that a handler of
 * the caller runs on the calling thread (waiting in pthread_join) and
 * never inside a worker's write. The handler's flag (build_config.cancel)
 * is read before each job is handed out; build_job reads it too.
 */
#include "brief/batch.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/thread.h"
#include "base/diag.h"
#include "base/file.h"
#include "pdf/pdf.h"

/* ---- sharding -------------------------------------------------------- */

const char *batch_job_name(const struct build_job *j)
{
	return j->output ? j->output : j->aud->id;
}

struct rank {
	const char *name;
	size_t index;
};

static int cmp_rank(const void *a, const void *b)
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
		rank[i].name = batch_job_name(&jobs[i]);
		rank[i].index = i;
	}
	qsort(rank, n, sizeof(*rank), cmp_rank);
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
	int engine_threads; /* each worker's PDF engine: its threads */
	int progress;
	int shown;          /* width of the progress line on screen */
};

/* "[k/N] building NAME", drawn over the previous one (lock held). */
static void progress_line(struct batch *b, size_t k, const char *name)
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

static void progress_clear(struct batch *b)
{
	if (b->progress && b->shown)
		fprintf(stderr, "\r%*s\r", b->shown, "");
	b->shown = 0;
}

static int cancelled(const struct batch *b)
{
	const atomic_int *c = b->env->cfg->cancel;

	return c && atomic_load(c);
}

static void *worker(void *arg)
{
	struct batch *b = arg;
	struct build_worker w;

	memset(&w, 0, sizeof(w));
	w.env = b->env;
	w.threads = b->engine_threads;
	for (;;) {
		size_t i;
		struct build_result *r;

		pthread_mutex_lock(&b->lock);
		i = b->next < b->n && !cancelled(b) ? b->next++ : b->n;
		if (i < b->n)
			progress_line(b, i + 1, batch_job_name(&b->jobs[i]));
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
	       int parallel, int threads, int progress, struct build_result *results)
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
	for (i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		results[i].audience = jobs[i].aud->id;
		results[i].output = batch_job_name(&jobs[i]);
		results[i].status = BUILD_NOT_BUILT;
	}
	file_init(); /* before any thread writes a file */
	pdf_threads_init();
	pthread_mutex_init(&b.lock, NULL);
	want = parallel > 1 ? (size_t)parallel : 1;
	if (want > n)
		want = n ? n : 1;
	b.engine_threads = threads > (int)want ? threads / (int)want : 1;
	if (want > 1) {
		sigset_t old;
		pdf_share_shapes(); /* the workers' engines shape each word once */
		tid = xcalloc(want, sizeof(*tid));
		thread_block_signals(&old); /* the threads inherit the mask */
		for (nt = 0; nt < want; nt++)
			if (pthread_create(&tid[nt], NULL, worker, &b)) {
				warning("could not start more than %zu worker threads", nt);
				break;
			}
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (!nt)
		worker(&b); /* one worker: this thread */
	for (i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
	progress_clear(&b);
	pthread_mutex_destroy(&b.lock);
	free(tid);
}
