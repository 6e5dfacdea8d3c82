/*
 * pool.c - helper threads over one queue of tasks (pool.h).
 *
 * One mutex guards the queue, the count of tasks in progress and each
 * task's `done`; helpers sleep on `work`, pool_wait sleeps on `idle`
 * once it has nothing left to run itself, and pool_wait_for on
 * `finished`. Tasks are few and large (a page painted, a page's
 * stream, a font), so one lock costs nothing next to them.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "pdf/pool.h"
#include "base/alloc.h"
#include "base/thread.h"

struct helper {
	struct pool *p;
	int slot;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work;    /* a task was queued, or the pool stops */
	pthread_cond_t idle;    /* the last task in progress finished */
	pthread_cond_t finished; /* a task finished */
	struct pool_task *head, **tail;
	int running;            /* tasks taken off the queue, not finished */
	int stop;
	int want;               /* helpers to start on the first task */
	int n;                  /* helpers started */
	pthread_t tid[POOL_MAX_HELPERS];
	struct helper arg[POOL_MAX_HELPERS];
};

/* Takes the next task (lock held), or NULL. */
static struct pool_task *take(struct pool *p)
{
	struct pool_task *t = p->head;

	if (t) {
		p->head = t->next;
		if (!p->head)
			p->tail = &p->head;
		p->running++;
	}
	return t;
}

/* Runs `t` on this thread (lock held on entry and on return). */
static void run_one(struct pool *p, struct pool_task *t, int slot)
{
	pthread_mutex_unlock(&p->lock);
	t->run(t, slot);
	pthread_mutex_lock(&p->lock);
	t->done = 1;
	pthread_cond_broadcast(&p->finished);
	if (!--p->running && !p->head)
		pthread_cond_broadcast(&p->idle);
}

static void *helper_main(void *arg)
{
	struct helper *h = arg;
	struct pool *p = h->p;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct pool_task *t = take(p);
		if (t) {
			run_one(p, t, h->slot);
			continue;
		}
		if (p->stop)
			break;
		pthread_cond_wait(&p->work, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct pool *pool_new(int helpers)
{
	struct pool *p;

	if (helpers < 1)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->idle, NULL);
	pthread_cond_init(&p->finished, NULL);
	p->tail = &p->head;
	p->want = helpers > POOL_MAX_HELPERS ? POOL_MAX_HELPERS : helpers;
	return p;
}

/* The helpers, started by the first task: a document too short to hand
 * any out (job.c) costs no thread. Those that cannot start are done
 * without: pool_wait runs what they would have. */
static void start_helpers(struct pool *p)
{
	sigset_t old;

	thread_block_signals(&old);
	for (p->n = 0; p->n < p->want; p->n++) {
		p->arg[p->n].p = p;
		p->arg[p->n].slot = p->n + 1;
		if (pthread_create(&p->tid[p->n], NULL, helper_main, &p->arg[p->n]))
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	p->want = 0;
}

void pool_free(struct pool *p)
{
	int i;

	if (!p)
		return;
	pool_wait(p);
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->n; i++)
		pthread_join(p->tid[i], NULL);
	pthread_cond_destroy(&p->idle);
	pthread_cond_destroy(&p->finished);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void pool_push(struct pool *p, struct pool_task *t)
{
	if (!p) {
		t->run(t, 0);
		t->done = 1;
		return;
	}
	t->next = NULL;
	t->done = 0;
	if (p->want)
		start_helpers(p); /* only the engine's thread pushes */
	pthread_mutex_lock(&p->lock);
	*p->tail = t;
	p->tail = &t->next;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void pool_wait(struct pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct pool_task *t = take(p);
		if (t) {
			run_one(p, t, 0);
			continue;
		}
		if (!p->running)
			break;
		pthread_cond_wait(&p->idle, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
}

void pool_wait_for(struct pool *p, struct pool_task *t)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	while (!t->done) {
		struct pool_task *q = take(p);
		if (q)
			run_one(p, q, 0);
		else
			pthread_cond_wait(&p->finished, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
}
