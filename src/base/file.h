/*
 * file.h - reading a whole file; writing one atomically, or several that
 * replace their old versions together.
 */
#ifndef CASEBRIEF_BASE_FILE_H
#define CASEBRIEF_BASE_FILE_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

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
 * read_file_why for a large file kept for the process's life (a font),
 * into memory of its own (base/filemap.c) with `room` bytes left before
 * the file's (the caller's to use) and a NUL after them. The file's *len
 * bytes start at m->p + room. On failure m->p is NULL. The caller
 * releases the memory with file_map_free.
 *
 * `span`, when not NULL, is shown the file's first `head` bytes (at most
 * 4 KiB; they are at `data`, with the rest of the file's `size` bytes
 * not read yet) and may name one range of the file, returning 1: the
 * whole pages of that range are then mapped from the file (copy-on-write)
 * rather than read, so that the pages nobody reads cost nothing. Only
 * name a range whose every reader checks its bounds as it reads: the
 * file can change under a mapping. file_map_check tells afterwards
 * whether it did.
 */
typedef int file_span_fn(const unsigned char *data, size_t head, size_t size, size_t *off, size_t *len,
			 void *arg);
struct file_map {
	unsigned char *p;
	unsigned char *base;    /* the mapping, of `size` bytes; NULL: p is
				 * malloc'd (so it is under AddressSanitizer,
				 * which sees overruns of malloc'd memory only) */
	size_t size;
	int slot;               /* of the mapped span, -1 for none */
	/* the file as it was read */
	dev_t dev;
	ino_t ino;
	struct timespec ctime;  /* of its inode: any write changes it, and no
				 * call can set it back (cp -p, touch -r) */
	size_t fsize;
};
int read_file_map(const char *path, size_t max, size_t room, file_span_fn *span, void *arg,
		  struct file_map *m, size_t *len, struct strbuf *why);
/*
 * 0 when the mapped span of `m` (read from `path`) still holds what the
 * file held when it was read: no page of it faulted past the file's end
 * (a truncated file; the page reads as zeros instead of crashing) and
 * the file's size and inode change time are the same (a file rewritten
 * in place, even with its old modification time put back). -1, with the reason in `why`, when either happened: what was
 * made from the span cannot be trusted. A file replaced by a rename is
 * not a change: the mapping keeps the old one. Safe from any thread.
 */
int file_map_check(const struct file_map *m, const char *path, struct strbuf *why);
void file_map_free(struct file_map *m);

/*
 * The two steps every read above starts with, for base/filemap.c:
 * file_open_read opens `path` read-only without blocking (-1 with the
 * reason in `why`); file_check_regular fstats the open file into *st and
 * returns READ_OK, or READ_IOERR for anything but a regular file and
 * READ_TOO_BIG for one over `max` bytes, with the reason in `why`.
 */
struct stat;
int file_open_read(const char *path, struct strbuf *why);
int file_check_regular(int fd, size_t max, struct stat *st, struct strbuf *why);

/* read_file_why on a file the caller opened (with O_NONBLOCK, so that
 * opening a FIFO did not block) and closes. */
int read_fd_why(int fd, size_t max, char **data, size_t *len, struct strbuf *why);

/*
 * Reads standard input to its end (a pipe, a terminal or a file) in the
 * same way, with the same limit; prints "casebrief: standard input:
 * problem" on failure. Returns a READ_* code.
 */
int read_stdin(size_t max, char **data, size_t *len);

/*
 * Writes `len` bytes to `path` atomically: a one-file stage (below),
 * committed at once. On any failure the old file is intact, the temporary
 * file is removed, an error is printed and -1 is returned. `path` "-"
 * writes to stdout (checked with fflush/ferror).
 */
int write_file_atomic(const char *path, const void *data, size_t len);

/*
 * Staged writes: the files that make one result (a brief's Markdown, its
 * PDF, ...) replace their old versions together or not at all.
 *
 *   struct file_stage st = FILE_STAGE_INIT;
 *   if (file_stage_add(&st, "out/x.md", md, n) ||
 *       file_stage_add(&st, "out/x.pdf", pdf, m)) {
 *           file_stage_abort(&st);      // every old file as it was
 *           return -1;
 *   }
 *   if (file_stage_commit(&st, &done)) ...
 *
 * file_stage_add writes one file as a temporary beside its target, with
 * mode 0666 less the umask, and starts writing it to disk; nothing is
 * renamed until file_stage_commit, which first waits until every
 * temporary is on disk (fsync), then renames, then syncs the
 * directories: after a crash each target is its old file or its whole
 * new one. Until then (and after file_stage_abort) every target
 * keeps its old content, so any failure while the files are made leaves
 * nothing new behind.
 *
 * Temporaries are hidden names beside their targets,
 * ".NAME.casebrief-tmp-PID-XXXXXX" (PID, the writer's, for people reading
 * the directory). While a stage holds a temporary it also holds a shared
 * lock (flock) on the target's directory, which tells a later run that
 * the temporary is alive: see file_sweep_temporaries.
 *
 * A stage belongs to one thread; stages in different threads (or
 * processes) may write into one directory at the same time.
 */
struct file_stage_entry;
struct file_stage {
	struct file_stage_entry *v;  /* private */
	size_t n, alloc;
};
#define FILE_STAGE_INIT { NULL, 0, 0 }

/*
 * Reads the process umask, once (file_stage_add does it on first use;
 * umask can only be read by setting it, so a program that starts threads
 * which write files calls this before the threads start).
 */
void file_init(void);

/*
 * Writes `len` bytes to a temporary beside `path` (not "-") and adds it
 * to the stage; the temporary stays open until the stage is committed or
 * aborted. Returns 0, or -1 after printing an error naming `path`; the
 * temporary is then gone and the files staged before stay staged (the
 * caller usually aborts the stage).
 */
int file_stage_add(struct file_stage *st, const char *path, const void *data, size_t len);

/*
 * Syncs every temporary (a write error found then fails the commit with
 * no target changed), then renames every temporary over its target, in
 * the order they were added, after checking that no target is a
 * directory, and syncs each target directory once. Returns 0; or -1
 * after an error naming the file, when the first *done targets were
 * replaced and the others not (*done is 0 when the sync or the check
 * failed: then no target changed; a rename itself failing after the
 * first is the only way to a partial commit). Leftover temporaries are
 * removed; the stage is empty afterwards either way. `done` may be NULL.
 */
int file_stage_commit(struct file_stage *st, size_t *done);

/* Removes every temporary of the stage, leaving the targets as they were,
 * and empties the stage. An empty stage may be aborted. */
void file_stage_abort(struct file_stage *st);

/*
 * Removes the temporaries that stages of runs which could not clean up
 * (SIGKILL, a crash, a power cut) left in `dir`, and nothing else: only
 * regular files named as above, and only dead ones. When no stage
 * anywhere holds `dir`'s lock (it can be taken exclusively), every such
 * temporary is dead; when one does (another run is writing there, perhaps
 * from another machine) or the file system has no locks, only those not
 * modified for FILE_STALE_SECONDS are. Returns how many were removed;
 * problems (an unreadable directory) only mean fewer are removed.
 */
#define FILE_STALE_SECONDS 3600
size_t file_sweep_temporaries(const char *dir);

#endif
