/*
 * file.c - whole-file reads and atomic writes.
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

int read_file(const char *path, size_t max, char **data, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return error_errno("%s: cannot open", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb.len + n > max) {
			fclose(f);
			strbuf_release(&sb);
			return error("%s: file is larger than the limit of %zu bytes",
				     path, max);
		}
		strbuf_add(&sb, chunk, n);
	}
	if (ferror(f)) {
		int ret = error_errno("%s: read error", path);
		fclose(f);
		strbuf_release(&sb);
		return ret;
	}
	fclose(f);
	*data = strbuf_detach(&sb, len);
	return 0;
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

