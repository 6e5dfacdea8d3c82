/*
 * util.h - the few things every stage shares: an allocator that never
 * returns NULL, one growable string type, one way to report errors, and
 * atomic file output.
 */
#ifndef CASEBRIEF_UTIL_H
#define CASEBRIEF_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define CASEBRIEF_VERSION "0.1.0"

/* Exit codes (sysexits.h values where one fits). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,  /* a brief failed; the others were written */
	EXIT_USAGE = 2,
	EXIT_DATAERR = 65,
	EXIT_IOERR = 74
};

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
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

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

/*
 * strbuf: a growable byte string. `buf` is never NULL and always
 * NUL-terminated (it points at a shared empty string until the first
 * addition). strbuf_release frees and re-initialises; strbuf_detach hands
 * the buffer to the caller (who frees it) and re-initialises.
 */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
extern char strbuf_empty_[];
#define STRBUF_INIT { strbuf_empty_, 0, 0 }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) CB_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);

/*
 * Messages on stderr, always prefixed "casebrief: ". error() returns -1 so
 * callers can write `return error(...)`. warning() is silent at verbosity
 * below 0 (-q); info() prints only at verbosity above 0 (-v).
 */
int error(const char *fmt, ...) CB_PRINTF(1, 2);
int error_errno(const char *fmt, ...) CB_PRINTF(1, 2); /* appends ": strerror(errno)" */
void warning(const char *fmt, ...) CB_PRINTF(1, 2);
void info(const char *fmt, ...) CB_PRINTF(1, 2);
CB_NORETURN void die(const char *fmt, ...) CB_PRINTF(1, 2);
void log_set_verbosity(int v); /* -1 quiet, 0 normal, 1 verbose */
int log_verbosity(void);

/*
 * Diagnostics with a position: collected, then sorted by file, line and
 * column and printed as "casebrief: FILE:LINE:COL: message" (warnings say
 * "warning: " before the message). Line and column are 1-based; 0 means
 * "no position" and is left out.
 */
struct pos {
	const char *file; /* not owned: points into the model's file table */
	int line;
	int col;
};

struct diag {
	char *file;
	int line;
	int col;
	int is_warning;
	char *msg;
};

struct diags {
	struct diag *v;
	size_t n, alloc;
	size_t nerrors, nwarnings;
};
#define DIAGS_INIT { NULL, 0, 0, 0, 0 }

void diags_error(struct diags *d, struct pos at, const char *fmt, ...) CB_PRINTF(3, 4);
void diags_warning(struct diags *d, struct pos at, const char *fmt, ...) CB_PRINTF(3, 4);
void diags_sort(struct diags *d);
/* Sorts, then prints; warnings are skipped at verbosity < 0. */
void diags_print(struct diags *d, FILE *f);
void diags_release(struct diags *d);

/*
 * Reads a whole file into a NUL-terminated buffer (`*len` excludes the NUL).
 * Refuses files larger than `max` bytes. Returns 0, or -1 after printing an
 * error that names the file.
 */
int read_file(const char *path, size_t max, char **data, size_t *len);

/*
 * Writes `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, then rename over the target. On any failure the old
 * file is intact, the temporary file is removed, an error is printed and
 * -1 is returned. `path` "-" writes to stdout (checked with fflush/ferror).
 */
int write_file_atomic(const char *path, const void *data, size_t len);

/* Small string helpers. */
int str_ends_with(const char *s, const char *suffix);
/* Levenshtein distance, capped: returns > cap quickly when far apart. */
size_t str_distance(const char *a, const char *b, size_t cap);
/* True when `s` is a non-empty [a-z0-9-]+ identifier. */
int is_valid_id(const char *s);

#endif
