/*
 * file.h - reading a whole file, and writing one atomically.
 */
#ifndef CASEBRIEF_BASE_FILE_H
#define CASEBRIEF_BASE_FILE_H

#include <stddef.h>

struct strbuf;

/* What read_file_why returns. */
enum {
	READ_OK = 0,
	READ_IOERR = -1,  /* cannot open or read, or not a regular file */
	READ_TOO_BIG = -2 /* larger than the limit: bad input, not an I/O error */
};

/*
 * Reads the regular file `path` whole into a NUL-terminated buffer that the
 * caller frees (`*len` excludes the NUL). The file is opened without
 * blocking and checked with fstat, so a FIFO, a device or a directory is
 * refused instead of hanging or being read forever; a file larger than
 * `max` bytes is refused as well, even when it grows while being read.
 * Returns READ_OK, or another READ_* code with the problem in `why`
 * ("cannot open file: ...", "not a regular file", "read error: ...",
 * "file is larger than the limit of N bytes"); prints nothing, so it is
 * safe on any thread.
 */
int read_file_why(const char *path, size_t max, char **data, size_t *len,
		  struct strbuf *why);

/* The same, printing "casebrief: PATH: problem" on failure; 0 or -1. */
int read_file(const char *path, size_t max, char **data, size_t *len);

/*
 * Writes `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, then rename over the target. On any failure the old
 * file is intact, the temporary file is removed, an error is printed and
 * -1 is returned. `path` "-" writes to stdout (checked with fflush/ferror).
 */
int write_file_atomic(const char *path, const void *data, size_t len);

#endif
