/*
 * file.c - whole-file reads, atomic writes and staged writes (file.h).
 *
 * Reads open with O_NONBLOCK and look at the file with fstat before
 * reading: every input of the program (data, manifests, styles, Markdown,
 * templates) may name a FIFO or a device, and fopen would block on the
 * first or read the second without end.
 *
 * Durability of staged writes. What must hold after a crash or a power
 * cut is that every target is its old file or its complete new one,
 * never a short or empty file: a temporary's bytes have to be on disk
 * before its rename is, which POSIX only promises after fsync(2) of the
 * temporary (ext4's rename heuristics are a habit, not a promise, and
 * other file systems have none). So every temporary is fsynced before
 * it is renamed, and the directory after the renames, as before; what
 * changed is when:
 *   - file_stage_add writes a temporary and only starts its write-back
 *     (sync_file_range, which does not wait), keeping it open;
 *   - file_stage_commit fsyncs all of the stage's temporaries back to
 *     back (the data is mostly written by then, and one journal commit
 *     covers the stage's new inodes, so the second and third fsync cost
 *     little), then renames, then fsyncs each directory once, not once
 *     per file.
 * The disk waits of a brief thus overlap the writing of its other files
 * and the rendering of the next brief, and a stage costs one journal
 * commit for its files plus one per directory instead of one per file
 * and one per file again for the directory. A temporary that cannot be
 * synced (a full disk found at write-back, an I/O error) fails the
 * commit before any target is replaced.
 */
#define _GNU_SOURCE /* sync_file_range */
#include "base/file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/diag.h"
#include "base/strbuf.h"

/* A file being read: its bytes at p, a NUL after them. */
struct rbuf {
	char *p;
	size_t len, cap;
};

/* Room for `want` more bytes and the NUL. */
static void rbuf_grow(struct rbuf *b, size_t want)
{
	size_t need = b->len + want + 1;

	if (need > b->cap)
		ALLOC_GROW(b->p, need, b->cap);
}

int file_check_regular(int fd, size_t max, struct stat *st, struct strbuf *why)
{
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		strbuf_adds(why, "not a regular file");
		return READ_IOERR;
	}
	if ((unsigned long long)st->st_size > (unsigned long long)max) {
		strbuf_addf(why, "file is larger than the limit of %zu bytes", max);
		return READ_TOO_BIG;
	}
	return READ_OK;
}

static int read_into(int fd, size_t max, struct rbuf *b, struct strbuf *why)
{
	struct stat st;
	size_t want;
	ssize_t r;
	int ret = file_check_regular(fd, max, &st, why);

	if (ret != READ_OK)
		return ret;
	/*
	 * Reads straight into the buffer, asking for one byte more than the
	 * size: a short read is the end of a regular file, so a file that did
	 * not change costs one read.
	 */
	want = (size_t)st.st_size + 1;
	for (;;) {
		rbuf_grow(b, want);
		r = read(fd, b->p + b->len, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			strbuf_addf(why, "read error: %s", strerror(errno));
			return READ_IOERR;
		}
		if (b->len + (size_t)r > max)
			goto too_big;
		b->len += (size_t)r;
		b->p[b->len] = '\0';
		if ((size_t)r < want)
			return READ_OK;
		want = 65536;
	}
too_big:
	strbuf_addf(why, "file is larger than the limit of %zu bytes", max);
	return READ_TOO_BIG;
}

int read_fd_why(int fd, size_t max, char **data, size_t *len, struct strbuf *why)
{
	struct rbuf b = { NULL, 0, 0 };
	int ret = read_into(fd, max, &b, why);

	if (ret != READ_OK) {
		free(b.p);
		return ret;
	}
	*data = b.p;
	*len = b.len;
	return READ_OK;
}

int file_open_read(const char *path, struct strbuf *why)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		strbuf_addf(why, "cannot open file: %s", strerror(errno));
	return fd;
}

int read_file_why(const char *path, size_t max, char **data, size_t *len,
		  struct strbuf *why)
{
	int fd = file_open_read(path, why), ret;

	if (fd < 0)
		return READ_IOERR;
	ret = read_fd_why(fd, max, data, len, why);
	close(fd);
	return ret;
}

int read_file(const char *path, size_t max, char **data, size_t *len)
{
	struct strbuf why = STRBUF_INIT;
	int ret = 0;

	if (read_file_why(path, max, data, len, &why) != READ_OK)
		ret = error("%s: %s", path, why.buf);
	strbuf_release(&why);
	return ret;
}

int read_stdin(size_t max, char **data, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	ssize_t r;

	for (;;) {
		strbuf_grow(&sb, 65536);
		r = read(STDIN_FILENO, sb.buf + sb.len, 65536);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			error_errno("standard input: read error");
			strbuf_release(&sb);
			return READ_IOERR;
		}
		if (!r)
			break;
		if (sb.len + (size_t)r > max) {
			error("standard input: larger than the limit of %zu bytes", max);
			strbuf_release(&sb);
			return READ_TOO_BIG;
		}
		sb.len += (size_t)r;
		sb.buf[sb.len] = '\0';
	}
	*data = strbuf_detach(&sb, len);
	return READ_OK;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	struct file_stage st = FILE_STAGE_INIT;

	if (!strcmp(path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) ||
		    ferror(stdout))
			return error_errno("cannot write to standard output");
		return 0;
	}
	if (file_stage_add(&st, path, data, len)) {
		file_stage_abort(&st);
		return -1;
	}
	return file_stage_commit(&st, NULL);
}

/* ---- staged writes ------------------------------------------------------ */

#define TMP_TAG ".casebrief-tmp-"
#define TMP_NAME_KEEP 100 /* bytes of the target's name kept in the temporary's */

struct file_stage_entry {
	char *path;     /* the target */
	char *tmp;      /* its temporary; NULL once renamed */
	int fd;         /* the temporary, open until synced; -1 after */
	int dirfd;      /* the target's directory, locked shared; -1 without a lock */
};

/*
 * umask(2) reads the mask only by replacing it. Doing that around every
 * file, as this code once did, let two threads interleave their pairs and
 * leave the mask at 0, so later files came out world-writable. It is
 * read once instead (briefly setting 022, never 0), and each file's mode
 * is set with fchmod.
 */
static pthread_once_t mask_once = PTHREAD_ONCE_INIT;
static mode_t process_mask;

static void read_mask(void)
{
	process_mask = umask(022);
	umask(process_mask);
}

void file_init(void)
{
	pthread_once(&mask_once, read_mask);
}

/*
 * The shared lock on a directory that says "a stage has temporaries
 * here". A sweep holds the exclusive lock for a few milliseconds, so the
 * wait is bounded: after about two seconds (some other program holding
 * the directory's lock) the write goes ahead without one, and a sweep
 * then only removes old temporaries. -1 when there is no lock.
 */
static int lock_dir_shared(const char *dir)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), tries;

	if (fd < 0)
		return -1;
	for (tries = 0; tries < 200; tries++) {
		if (!flock(fd, LOCK_SH | LOCK_NB))
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR)
			break;
		nanosleep(&pause, NULL);
	}
	close(fd);
	return -1;
}

int file_stage_add(struct file_stage *st, const char *path, const void *data, size_t len)
{
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
	struct file_stage_entry e = { NULL, NULL, -1, -1 };
	struct strbuf tmp = STRBUF_INIT;
	size_t keep = strlen(name);
	int fd;

	file_init();
	if (slash)
		strbuf_add(&tmp, path, (size_t)(slash - path) + 1);
	e.dirfd = lock_dir_shared(tmp.len ? tmp.buf : ".");
	if (keep > TMP_NAME_KEEP)
		keep = TMP_NAME_KEEP; /* the temporary's name must stay under NAME_MAX */
	strbuf_addf(&tmp, ".%.*s" TMP_TAG "%ld-XXXXXX", (int)keep, name, (long)getpid());
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		error_errno("%s: cannot create temporary file", path);
		goto fail;
	}
	/* mkstemp makes 0600 files; briefs are meant to be shared. A file
	 * system without modes refuses fchmod, which is no reason to fail. */
	(void)fchmod(fd, 0666 & ~process_mask);
	if (write_all(fd, data, len)) {
		error_errno("%s: write error", path);
		close(fd);
		unlink(tmp.buf);
		goto fail;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	/* the write-back starts now; file_stage_commit waits for it */
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
	e.fd = fd;
	e.path = xstrdup(path);
	e.tmp = strbuf_detach(&tmp, NULL);
	ALLOC_GROW(st->v, st->n + 1, st->alloc);
	st->v[st->n++] = e;
	return 0;
fail:
	if (e.dirfd >= 0)
		close(e.dirfd);
	strbuf_release(&tmp);
	return -1;
}

/* Every target is checked before anything is renamed: a directory in the
 * way is the one failure of rename(2) that a run can meet in practice. */
static int check_targets(const struct file_stage *st)
{
	struct stat sb;
	size_t i;

	for (i = 0; i < st->n; i++)
		if (!lstat(st->v[i].path, &sb) && S_ISDIR(sb.st_mode)) {
			errno = EISDIR;
			return error_errno("%s: cannot rename temporary file into place",
					   st->v[i].path);
		}
	return 0;
}

/* Every temporary on disk, before any rename. */
static int sync_temporaries(struct file_stage *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		struct file_stage_entry *e = &st->v[i];
		int bad = fsync(e->fd);
		if (close(e->fd))
			bad = -1;
		e->fd = -1;
		if (bad)
			return error_errno("%s: write error", e->path);
	}
	return 0;
}

/* Whether an earlier entry holds the same directory as entry i (the
 * files of a stage are usually side by side: one fsync for them all). */
static int same_dir_before(const struct file_stage *st, size_t i)
{
	struct stat a, b;
	size_t j;

	if (fstat(st->v[i].dirfd, &a))
		return 0;
	for (j = 0; j < i; j++)
		if (st->v[j].dirfd >= 0 && !fstat(st->v[j].dirfd, &b) &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 1;
	return 0;
}

int file_stage_commit(struct file_stage *st, size_t *done)
{
	size_t i, k = 0;
	int ret = sync_temporaries(st);

	if (!ret)
		ret = check_targets(st);

	for (i = 0; i < st->n && !ret; i++) {
		struct file_stage_entry *e = &st->v[i];
		if (rename(e->tmp, e->path)) {
			ret = error_errno("%s: cannot rename temporary file into place", e->path);
			if (k)
				error("%zu of the %zu files written together were already replaced",
				      k, st->n);
			break;
		}
		free(e->tmp);
		e->tmp = NULL;
		k++;
	}
	/* The renames reach the disk with their directory. Some file
	 * systems cannot sync a directory; the files themselves are synced. */
	for (i = 0; i < k; i++)
		if (st->v[i].dirfd >= 0 && !same_dir_before(st, i))
			(void)fsync(st->v[i].dirfd);
	if (done)
		*done = k;
	file_stage_abort(st);
	return ret;
}

void file_stage_abort(struct file_stage *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		struct file_stage_entry *e = &st->v[i];
		if (e->fd >= 0)
			close(e->fd);
		if (e->tmp)
			unlink(e->tmp);
		free(e->tmp);
		free(e->path);
		if (e->dirfd >= 0)
			close(e->dirfd); /* after the unlink: the lock covers the temporary */
	}
	free(st->v);
	memset(st, 0, sizeof(*st));
}

/* ---- stale temporaries ------------------------------------------------- */

/* True for a name file_stage_add gives: ".NAME" TMP_TAG "PID-XXXXXX". */
static int is_stage_temporary(const char *s)
{
	size_t n = strlen(s), tag = strlen(TMP_TAG), i, digits;

	if (n < 2 + tag + 1 + 7 || s[0] != '.' || s[n - 7] != '-')
		return 0;
	for (i = n - 6; i < n; i++)
		if (!isalnum((unsigned char)s[i]))
			return 0;
	for (i = n - 7; i > 0 && isdigit((unsigned char)s[i - 1]); i--)
		;
	digits = n - 7 - i;
	return digits > 0 && i >= 2 + tag && !memcmp(s + i - tag, TMP_TAG, tag);
}

/*
 * Why a lock rather than the PID in the name: the README's setups run
 * shards on several machines (or in containers with their own process
 * numbers) that write into one shared directory, where a PID says
 * nothing about liveness. A lock is released by the kernel however its
 * holder dies, and is seen across processes, containers and, where the
 * file system supports it, machines.
 */
size_t file_sweep_temporaries(const char *dir)
{
	int lockfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), alone;
	time_t now = time(NULL);
	struct dirent *de;
	size_t removed = 0;
	DIR *d;

	if (lockfd < 0)
		return 0;
	alone = !flock(lockfd, LOCK_EX | LOCK_NB);
	d = opendir(dir);
	while (d && (de = readdir(d)) != NULL) {
		struct stat sb;
		if (!is_stage_temporary(de->d_name) ||
		    fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) || !S_ISREG(sb.st_mode))
			continue;
		if (!alone && now - sb.st_mtime < FILE_STALE_SECONDS)
			continue;
		if (!unlinkat(dirfd(d), de->d_name, 0))
			removed++;
	}
	if (d)
		closedir(d);
	close(lockfd);
	return removed;
}
