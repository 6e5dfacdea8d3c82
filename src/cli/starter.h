/*
 * starter.h - the starter data set that `casebrief init` writes: the files
 * of src/doc/starter/, built into the binary (the Makefile generates
 * starter.c from them), so that init works from any copy of the program.
 */
#ifndef CASEBRIEF_STARTER_H
#define CASEBRIEF_STARTER_H

#include <stddef.h>

struct starter_file {
	const char *path;  /* relative to the data set: "tags.yaml", "cases/x.yaml" */
	const char *text;  /* the file's bytes, NUL-terminated */
	size_t len;
};

/* In path order (the Makefile sorts them). */
extern const struct starter_file starter_files[];
extern const size_t starter_nfiles;

#endif
