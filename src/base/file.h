/*
 * file.h - reading a whole file, and writing one atomically.
 */
#ifndef CASEBRIEF_BASE_FILE_H
#define CASEBRIEF_BASE_FILE_H

#include <stddef.h>

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

#endif
