/*
 * alloc.h - allocation that never returns NULL (it aborts on out-of-memory),
 * and the attribute macros every file uses.
 */
#ifndef CASEBRIEF_BASE_ALLOC_H
#define CASEBRIEF_BASE_ALLOC_H

#include <stddef.h>

#if defined(__GNUC__)
#define CB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CB_NORETURN __attribute__((noreturn))
#else
#define CB_PRINTF(f, a)
#define CB_NORETURN
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: these abort the program on out-of-memory, never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/*
 * Zeroed like xcalloc, with every page written now. calloc leaves a fresh
 * mapping untouched: a hash table probed before it fills then reads the
 * kernel's shared zero page, and its first write to each page is a
 * copy-on-write fault that flushes the TLB of every CPU the process runs
 * on (with several threads, an interrupt to each). For such tables.
 */
void *xcalloc_written(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* What they do when memory runs out, for a library allocation that
 * failed: prints the size and aborts. */
CB_NORETURN void alloc_failed(size_t n);
/*
 * Gives the memory freed so far back to the system where the C library
 * can do so (glibc keeps freed small blocks, and the pages under them,
 * for later use); elsewhere it does nothing. For after a stage that
 * freed much of what a large document held.
 */
void alloc_trim(void);

/*
 * For a process that makes many documents (build): memory one document
 * freed stays with the process for the next, up to some tens of MiB per
 * thread, and alloc_trim no longer trims. Best called before the
 * threads that will use the memory start.
 */
void alloc_keep_freed(void);

/*
 * Grow the array `p` (holding `nr` items, room for `alloc`) so that it has
 * room for at least `need` items.
 */
#define ALLOC_GROW(p, need, alloc)                                           \
	do {                                                                 \
		if ((need) > (alloc)) {                                      \
			size_t alloc_grow_n_ = (alloc) < 8 ? 8 : (alloc) * 2; \
			if (alloc_grow_n_ < (need))                          \
				alloc_grow_n_ = (need);                      \
			(p) = xrealloc((p), alloc_grow_n_ * sizeof(*(p)));   \
			(alloc) = alloc_grow_n_;                             \
		}                                                            \
	} while (0)

#endif
