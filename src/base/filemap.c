/*
 * filemap.c - large files kept for the process's life (fonts), read into
 * memory of their own with one span mapped from the file (file.h).
 *
 * Why map a span. Reading a file costs a fresh page for every 4 KiB
 * (zeroed by the kernel) and a copy; a font's outlines ('glyf', three
 * quarters of the shipped fonts' 4.8 MB) are read only where a subset
 * takes its glyphs, a few pages of them. Mapped copy-on-write from the
 * file, those pages come from the page cache when first touched, and the
 * others never cost anything. The rest of the file (the tables that
 * HarfBuzz checks once and then trusts) is read as before, so no change
 * on disk can reach it.
 *
 * What a change on disk does to the span. Its bytes are only read by
 * code that checks every glyph's bounds when it reads it (HarfBuzz's
 * glyf reader, the subsetter), so new bytes there give wrong outlines,
 * not a wild read. A truncated file faults (SIGBUS) on the pages past its
 * new end: the handler below maps a page of zeros there, marks the span,
 * and lets the read go on; file_map_check then tells, and the caller
 * refuses the output. A file rewritten in place has a new inode change
 * time, which file_map_check compares too. A file replaced by a rename
 * keeps its old inode and cannot change under the mapping. A fault outside every span gets
 * the action that was there before, as if this handler did not exist.
 */
#include "base/file.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/strbuf.h"

/* The first bytes read, from which `span` finds its range: room for a
 * table directory of 255 tables. */
#define HEAD_BYTES 4096
/* A span shorter than this is read: the mapping would not pay. */
#define SPAN_MIN (256u << 10)
#define MAX_SPANS 64

/* AddressSanitizer guards malloc'd buffers only: under it, a file is
 * read whole into malloc'd memory, so that reads past its end are caught. */
#if defined(__SANITIZE_ADDRESS__)
#define MAPS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MAPS 0
#endif
#endif
#ifndef MAPS
#define MAPS 1
#endif

/* The spans the SIGBUS handler knows, read by it without a lock:
 * `lo` is stored last when a span is added and cleared first when it
 * goes. */
static struct span {
	_Atomic uintptr_t lo, hi;
	atomic_int faulted;
} spans[MAX_SPANS];
static pthread_mutex_t spans_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction old_bus;
static int bus_installed;
static uintptr_t bus_page;      /* the page size, for the handler */

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	int i;

	for (i = 0; i < MAX_SPANS; i++) {
		uintptr_t lo = atomic_load(&spans[i].lo), hi = atomic_load(&spans[i].hi);
		if (lo && a >= lo && a < hi &&
		    mmap((void *)(a & ~(bus_page - 1)), bus_page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
			    MAP_FAILED) {
			atomic_store(&spans[i].faulted, 1);
			return;
		}
	}
	/* Not ours: the fault comes back under the old action. */
	if (!(old_bus.sa_flags & SA_SIGINFO) && old_bus.sa_handler != SIG_DFL && old_bus.sa_handler != SIG_IGN) {
		old_bus.sa_handler(sig);
		return;
	}
	if (old_bus.sa_flags & SA_SIGINFO) {
		old_bus.sa_sigaction(sig, si, uc);
		return;
	}
	signal(SIGBUS, SIG_DFL);
}

/* A slot for [lo, hi), or -1 when all are taken (the span is then read). */
static int span_add(uintptr_t lo, uintptr_t hi)
{
	int i, slot = -1;

	pthread_mutex_lock(&spans_lock);
	if (!bus_installed) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_bus;
		sa.sa_flags = SA_SIGINFO | SA_NODEFER;
		sigemptyset(&sa.sa_mask);
		bus_page = (uintptr_t)sysconf(_SC_PAGESIZE);
		bus_installed = !sigaction(SIGBUS, &sa, &old_bus);
	}
	for (i = 0; bus_installed && i < MAX_SPANS && slot < 0; i++) {
		if (atomic_load(&spans[i].lo))
			continue;
		atomic_store(&spans[i].faulted, 0);
		atomic_store(&spans[i].hi, hi);
		atomic_store(&spans[i].lo, lo);
		slot = i;
	}
	pthread_mutex_unlock(&spans_lock);
	return slot;
}

static int pread_all(int fd, unsigned char *p, size_t len, size_t off, struct strbuf *why)
{
	while (len) {
		ssize_t r = pread(fd, p, len, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r < 0)
				strbuf_addf(why, "read error: %s", strerror(errno));
			else
				strbuf_adds(why, "the file became shorter while it was read");
			return READ_IOERR;
		}
		p += r;
		len -= (size_t)r;
		off += (size_t)r;
	}
	return READ_OK;
}

/* Make the pages of [p, p + len) present in one step rather than a
 * fault at a time (where the kernel can; else the read faults them). */
static void populate(unsigned char *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo = (uintptr_t)p & ~(page - 1);

	if (MAPS && len)
		madvise((void *)lo, (uintptr_t)p + len - lo, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}

/* Map the whole pages of [off, off + len) of the file at data + off, or
 * leave them to be read. Returns the mapped range in *lo, *hi. */
static void map_span(int fd, unsigned char *data, size_t off, size_t len, struct file_map *m, size_t *lo,
		     size_t *hi)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t a = (off + page - 1) / page * page, b = (off + len) / page * page;

	*lo = *hi = 0;
	if (b <= a || b - a < SPAN_MIN)
		return;
	m->slot = span_add((uintptr_t)data + a, (uintptr_t)data + b);
	if (m->slot < 0)
		return;
	if (mmap(data + a, b - a, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, (off_t)a) == MAP_FAILED) {
		/* read into anonymous pages again (a failed MAP_FIXED may
		 * have taken the old ones away) */
		atomic_store(&spans[m->slot].lo, 0);
		m->slot = -1;
		if (mmap(data + a, b - a, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		    MAP_FAILED)
			alloc_failed(b - a);
		return;
	}
	*lo = a;
	*hi = b;
}

/* Reads what is not mapped, once the head is in: [HEAD_BYTES, lo) and
 * [hi, size), or [HEAD_BYTES, size) when nothing is. */
static int read_rest(int fd, unsigned char *data, size_t head, size_t size, size_t lo, size_t hi,
		     struct strbuf *why)
{
	if (!hi)
		lo = hi = size;
	populate(data + head, lo - head);
	populate(data + hi, size - hi);
	if (pread_all(fd, data + head, lo - head, head, why) != READ_OK)
		return READ_IOERR;
	return pread_all(fd, data + hi, size - hi, hi, why);
}

/* Memory for `room` bytes, the file's `size` and a NUL, with the file's
 * bytes at a page boundary so that a span of them can be mapped. */
static unsigned char *alloc_for(size_t room, size_t size, struct file_map *m)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), lead = (room + page - 1) / page * page;
	unsigned char *base;

	if (!MAPS) {
		m->p = xmalloc(room + size + 1);
		return m->p + room;
	}
	base = mmap(NULL, lead + size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		alloc_failed(lead + size + 1);
	m->base = base;
	m->size = lead + size + 1;
	m->p = base + lead - room;
	return base + lead;
}

static int map_fd(int fd, size_t max, size_t room, file_span_fn *span, void *arg, struct file_map *m,
		  size_t *len, struct strbuf *why)
{
	size_t size, head, off = 0, slen = 0, lo = 0, hi = 0;
	unsigned char *data;
	struct stat st;
	int ret = file_check_regular(fd, max, &st, why);

	if (ret != READ_OK)
		return ret;
	size = (size_t)st.st_size;
	data = alloc_for(room, size, m);
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	m->ctime = st.st_ctim;
	m->fsize = size;
	head = size < HEAD_BYTES ? size : HEAD_BYTES;
	populate(data, head);
	if (pread_all(fd, data, head, 0, why) != READ_OK)
		return READ_IOERR;
	if (MAPS && span && span(data, head, size, &off, &slen, arg) && off <= size && slen <= size - off &&
	    off + slen > head) {
		if (off < head) {
			slen -= head - off;
			off = head;
		}
		map_span(fd, data, off, slen, m, &lo, &hi);
	}
	if (read_rest(fd, data, head, size, lo, hi, why) != READ_OK)
		return READ_IOERR;
	data[size] = 0;
	*len = size;
	return READ_OK;
}

int read_file_map(const char *path, size_t max, size_t room, file_span_fn *span, void *arg,
		  struct file_map *m, size_t *len, struct strbuf *why)
{
	int fd = file_open_read(path, why), ret;

	memset(m, 0, sizeof(*m));
	m->slot = -1;
	if (fd < 0)
		return READ_IOERR;
	ret = map_fd(fd, max, room, span, arg, m, len, why);
	close(fd);
	if (ret != READ_OK)
		file_map_free(m);
	return ret;
}

int file_map_check(const struct file_map *m, const char *path, struct strbuf *why)
{
	struct stat st;

	if (m->slot < 0)
		return 0;
	if (atomic_load(&spans[m->slot].faulted)) {
		strbuf_adds(why, "the file was cut short while casebrief was using it");
		return -1;
	}
	if (!stat(path, &st) && st.st_dev == m->dev && st.st_ino == m->ino &&
	    (st.st_ctim.tv_sec != m->ctime.tv_sec || st.st_ctim.tv_nsec != m->ctime.tv_nsec ||
	     (size_t)st.st_size != m->fsize)) {
		strbuf_adds(why, "the file was changed while casebrief was using it");
		return -1;
	}
	return 0;
}

void file_map_free(struct file_map *m)
{
	if (m->slot >= 0)
		atomic_store(&spans[m->slot].lo, 0);
	if (m->base)
		munmap(m->base, m->size);
	else
		free(m->p);
	memset(m, 0, sizeof(*m));
	m->slot = -1;
}
