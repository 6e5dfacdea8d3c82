/*
 * pool.h - an engine's helper threads, and the tasks a document hands
 * them (compressing streams, subsetting fonts).
 *
 * A task computes something from inputs it owns into outputs it owns;
 * it touches neither libharu nor the engine, so its result does not
 * depend on which thread ran it, or on how many there are: the bytes
 * of a document are the same with 0 helpers or 8. (One task frees a
 * saved document's libharu objects, which no other thread uses then.)
 * The thread that pushes tasks is the engine's (slot 0); helpers are
 * slots 1 .. helpers. pool_wait runs queued tasks on the calling
 * thread too, so a pool without helpers (or NULL) simply runs
 * everything there.
 *
 * The helpers block the asynchronous signals (SIGINT, SIGTERM, ...), so
 * that a handler never runs on one of them.
 */
#ifndef CASEBRIEF_PDF_POOL_H
#define CASEBRIEF_PDF_POOL_H

#define POOL_MAX_HELPERS 15
#define POOL_SLOTS (POOL_MAX_HELPERS + 1)

struct pool_task {
	void (*run)(struct pool_task *t, int slot);
	struct pool_task *next; /* private */
	int done;               /* private */
};

struct pool;

/* A pool of `helpers` threads (at most POOL_MAX_HELPERS), started when
 * the first task is pushed; NULL when `helpers` < 1. Helpers that cannot
 * be started leave their tasks to pool_wait. */
struct pool *pool_new(int helpers);
/* Waits for the pool's tasks, then ends its threads. NULL is allowed. */
void pool_free(struct pool *p);

/* Queues `t`; with a NULL pool, runs it at once on this thread. The task
 * must stay valid until pool_wait returns. */
void pool_push(struct pool *p, struct pool_task *t);

/* Runs queued tasks on this thread while there are any, then returns
 * once every task pushed so far has finished. */
void pool_wait(struct pool *p);

/* Runs queued tasks on this thread (in order) until task `t`, pushed
 * before, has finished; then returns, leaving the rest queued. */
void pool_wait_for(struct pool *p, struct pool_task *t);

#endif
