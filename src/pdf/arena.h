/*
 * arena.h - allocations that live as long as one document (or the
 * engine's hyphenation cache) and are freed at once.
 *
 * arena_alloc returns zeroed memory aligned for any type; it never fails
 * (the allocator aborts on out-of-memory). Nothing is freed before
 * arena_release, which frees every allocation and leaves the arena empty
 * and reusable.
 */
#ifndef CASEBRIEF_PDF_ARENA_H
#define CASEBRIEF_PDF_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_release(struct arena *a);

#endif
