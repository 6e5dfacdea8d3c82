/*
 * file.c - whole-file reads and atomic writes.
 *
 * Reads open with O_NONBLOCK and look at the file with fstat before
 * reading: every input of the program (data, manifests, styles, Markdown,
 * templates) may name a FIFO or a device, and fopen would block on the
 * first or read the second without end.
 */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/strbuf.h"

int read_file_why(const char *path, size_t max, char **data, size_t *len,
		  struct strbuf *why)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	size_t want;
	ssize_t r;
	int fd, ret = READ_IOERR;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		strbuf_addf(why, "cannot open file: %s", strerror(errno));
		return READ_IOERR;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		strbuf_adds(why, "not a regular file");
		goto out;
	}
	if ((unsigned long long)st.st_size > (unsigned long long)max)
		goto too_big;
	/*
	 * Reads straight into the buffer, asking for one byte more than the
	 * size: a short read is the end of a regular file, so a file that did
	 * not change costs one read.
	 */
	want = (size_t)st.st_size + 1;
	for (;;) {
		strbuf_grow(&sb, want);
		r = read(fd, sb.buf + sb.len, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			strbuf_addf(why, "read error: %s", strerror(errno));
			goto out;
		}
		if (sb.len + (size_t)r > max)
			goto too_big;
		sb.len += (size_t)r;
		sb.buf[sb.len] = '\0';
		if ((size_t)r < want)
			break;
		want = 65536;
	}
	*data = strbuf_detach(&sb, len);
	ret = READ_OK;
	goto out;
too_big:
	strbuf_addf(why, "file is larger than the limit of %zu bytes", max);
	ret = READ_TOO_BIG;
out:
	close(fd);
	strbuf_release(&sb);
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
	struct strbuf tmp = STRBUF_INIT;
	int fd, ret = -1;

	if (!strcmp(path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) ||
		    ferror(stdout))
			return error_errno("cannot write to standard output");
		return 0;
	}
	strbuf_addf(&tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		error_errno("%s: cannot create temporary file", path);
		goto out;
	}
	if (write_all(fd, data, len) || fsync(fd)) {
		error_errno("%s: write error", path);
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	if (close(fd)) {
		error_errno("%s: write error", path);
		unlink(tmp.buf);
		goto out;
	}
	/* mkstemp makes 0600 files; briefs are meant to be shared. */
	{
		mode_t mask = umask(0);
		umask(mask);
		chmod(tmp.buf, 0666 & ~mask);
	}
	if (rename(tmp.buf, path)) {
		error_errno("%s: cannot rename temporary file into place", path);
		unlink(tmp.buf);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&tmp);
	return ret;
}

