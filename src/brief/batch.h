/*
 * batch.h - many briefs: which jobs a shard builds, and building them on
 * worker threads with a progress line. One brief is build.c's work; the
 * build command (job lists, manifests, the summary) is cli/build.c.
 */
#ifndef CASEBRIEF_BATCH_H
#define CASEBRIEF_BATCH_H

#include <stddef.h>

#include "brief/build.h"

/* The job's file base name: its output, else its audience's id. */
const char *batch_job_name(const struct build_job *j);

/*
 * Which jobs shard K of N builds: the jobs are ranked by output name, and
 * the job ranked r (0-based) belongs to shard (r % N) + 1, so that N shards
 * together build every job exactly once, whatever the order of the list.
 * Sets keep[i] for the jobs of shard k; returns how many.
 */
size_t batch_shard(const struct build_job *jobs, size_t n, int k, int nshards,
		   unsigned char *keep);

/*
 * Builds every job, up to `parallel` at a time on worker threads (at most
 * one per job; 1 or less runs them on the calling thread), with `threads`
 * threads in all: each worker's PDF engine gets threads / workers of them
 * (at least one), so a batch of fewer briefs than threads still uses the
 * rest to typeset. The files are the same whatever the two numbers are.
 * results[i] receives job i's
 * summary (the heavy parts - context, tree, texts - are released as soon
 * as a job is done); a job that env->cfg->cancel kept from being built
 * has status BUILD_NOT_BUILT. markdown_init() must have been called.
 * `progress` draws "[k/N] building NAME" on stderr, rewritten in place.
 *
 * The worker threads block asynchronous signals (SIGINT, SIGTERM, ...):
 * those reach the calling thread, which only waits for the workers, so a
 * handler that sets the cancel flag never runs inside a worker. With one
 * worker the calling thread builds, and a handler may interrupt it; it
 * should then only set the flag (system calls are restarted or retried).
 */
void batch_run(const struct build_env *env, const struct build_job *jobs, size_t n,
	       int parallel, int threads, int progress, struct build_result *results);

#endif
