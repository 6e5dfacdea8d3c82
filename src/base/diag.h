/*
 * diag.h - messages on stderr ("casebrief: ..."), and positioned
 * diagnostics collected, sorted and printed as FILE:LINE:COL: message.
 */
#ifndef CASEBRIEF_BASE_DIAG_H
#define CASEBRIEF_BASE_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "base/alloc.h"
#include "base/version.h"

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
/* The va_list form of both, for wrappers that add context to a message. */
void diags_vadd(struct diags *d, int is_warning, struct pos at, const char *fmt, va_list ap);
void diags_sort(struct diags *d);
/* Sorts, then prints; warnings are skipped at verbosity < 0. */
void diags_print(struct diags *d, FILE *f);
void diags_release(struct diags *d);

#endif
