/*
 * thread.h - what the program's worker threads share: the signal mask
 * they start with, and starting one with it.
 */
#ifndef CASEBRIEF_BASE_THREAD_H
#define CASEBRIEF_BASE_THREAD_H

#include <pthread.h>
#include <signal.h>

/*
 * Blocks, in the calling thread, every signal but those a fault raises in
 * the thread that caused it (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP,
 * SIGABRT); `old` gets the previous mask. Threads started before the
 * caller restores `old` (pthread_sigmask(SIG_SETMASK, old, NULL)) inherit
 * it, so that SIGINT and SIGTERM only ever reach the threads that did not
 * block them.
 */
void thread_block_signals(sigset_t *old);

/*
 * Starts one thread running fn(arg) with that mask, the caller's own
 * mask unchanged. Returns 0, or pthread_create's error (no thread).
 */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
