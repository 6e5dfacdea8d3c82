/*
 * alloc.c - allocation that aborts on out-of-memory.
 */
#include "base/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

void alloc_failed(size_t n)
{
	fprintf(stderr, "casebrief: out of memory allocating %zu bytes\n", n);
	abort();
}

#ifdef __GLIBC__
static int keep_freed;
#endif

void alloc_trim(void)
{
#ifdef __GLIBC__
	if (!keep_freed)
		malloc_trim(0);
#endif
}

/*
 * Why: glibc gives freed memory back (madvise, shrinking a thread's
 * heap) as soon as some 128 KiB of it lie free at a heap's top, and
 * takes it back (mprotect, brk, page faults) when the next document
 * wants it. Each return costs a TLB shootdown on the other CPUs while
 * more than one thread runs: with two workers, a third of the CPU time
 * of build --all went to those calls and the faults after them.
 */
void alloc_keep_freed(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	keep_freed = 1;
#endif
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		alloc_failed(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		alloc_failed(nmemb * size);
	return p;
}

void *xcalloc_written(size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		alloc_failed(SIZE_MAX);
	p = xmalloc(nmemb * size);
	memset(p, 0, nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		alloc_failed(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

