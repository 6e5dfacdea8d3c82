/*
 * test_file.c - the write side of base/file.h: file modes under many
 * writing threads, staged writes (all files or none), and the sweep of
 * stale temporaries (only dead ones, only of casebrief's kind).
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/strbuf.h"
#include "t.h"

#define THREADS 16
#define FILES_PER_THREAD 200

static char dir[64];

static const char *path_of(struct strbuf *sb, const char *name)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/%s", dir, name);
	return sb->buf;
}

static void put(const char *name, const char *text)
{
	struct strbuf p = STRBUF_INIT;
	FILE *f = fopen(path_of(&p, name), "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	strbuf_release(&p);
}

/* The file's content, or "" when it cannot be read (static buffer). */
static const char *get(const char *name)
{
	static char buf[256];
	struct strbuf p = STRBUF_INIT;
	FILE *f = fopen(path_of(&p, name), "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	strbuf_release(&p);
	return buf;
}

static int exists(const char *name)
{
	struct strbuf p = STRBUF_INIT;
	struct stat sb;
	int yes = !lstat(path_of(&p, name), &sb);

	strbuf_release(&p);
	return yes;
}

/* Entries of `dir` whose name contains `part`. */
static int count_named(const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (d && (de = readdir(d)) != NULL)
		n += strstr(de->d_name, part) != NULL;
	if (d)
		closedir(d);
	return n;
}

static void empty_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct strbuf p = STRBUF_INIT;

	while (d && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path_of(&p, de->d_name);
		if (unlink(p.buf))
			rmdir(p.buf);
	}
	if (d)
		closedir(d);
	strbuf_release(&p);
}

/* ---- modes under threads ------------------------------------------------ */

static void *writer(void *arg)
{
	long t = (long)arg;
	struct strbuf p = STRBUF_INIT, name = STRBUF_INIT;
	int i;

	for (i = 0; i < FILES_PER_THREAD; i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "t%ld-%d.md", t, i);
		if (t % 2) {
			write_file_atomic(path_of(&p, name.buf), "text\n", 5);
		} else {
			struct file_stage st = FILE_STAGE_INIT;
			if (!file_stage_add(&st, path_of(&p, name.buf), "text\n", 5))
				file_stage_commit(&st, NULL);
			else
				file_stage_abort(&st);
		}
	}
	strbuf_release(&p);
	strbuf_release(&name);
	return NULL;
}

/* Files whose mode is not exactly 0666 less `mask`. */
static int wrong_modes(mode_t mask)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct strbuf p = STRBUF_INIT;
	int bad = 0;

	while (d && (de = readdir(d)) != NULL) {
		struct stat sb;
		if (de->d_name[0] == '.' || stat(path_of(&p, de->d_name), &sb))
			continue;
		bad += (sb.st_mode & 0777) != (0666 & ~mask);
	}
	if (d)
		closedir(d);
	strbuf_release(&p);
	return bad;
}

/*
 * Setting and restoring the umask around each file let two threads leave
 * it at 0 (then every later file was world-writable). The mask is set
 * before the first file, so the files read it lazily, from the threads.
 */
static void test_modes(void)
{
	TEST("many threads writing: every file has mode 0666 less the umask") {
		mode_t old = umask(027);
		int round, bad = 0, made = 0;
		for (round = 0; round < 8 && !bad; round++) {
			pthread_t tid[THREADS];
			long t;
			empty_dir();
			for (t = 0; t < THREADS; t++)
				pthread_create(&tid[t], NULL, writer, (void *)t);
			for (t = 0; t < THREADS; t++)
				pthread_join(tid[t], NULL);
			made = count_named(".md");
			bad = wrong_modes(027);
		}
		CHECK_INT(made, THREADS * FILES_PER_THREAD);
		CHECK_INT(bad, 0);
		CHECK_INT(umask(old), 027);
		CHECK_INT(count_named("casebrief-tmp"), 0);
	}
}

/* ---- staged writes ------------------------------------------------------ */

static void test_stage(void)
{
	struct strbuf p = STRBUF_INIT;

	TEST("a stage changes nothing until it is committed, and aborting removes it") {
		struct file_stage st = FILE_STAGE_INIT;
		empty_dir();
		put("a.md", "old a");
		put("a.pdf", "old pdf");
		CHECK_INT(file_stage_add(&st, path_of(&p, "a.md"), "new a", 5), 0);
		CHECK_INT(file_stage_add(&st, path_of(&p, "a.pdf"), "new pdf", 7), 0);
		CHECK_STR(get("a.md"), "old a");
		CHECK_STR(get("a.pdf"), "old pdf");
		CHECK_INT(count_named(".casebrief-tmp-"), 2);
		file_stage_abort(&st);
		CHECK_STR(get("a.md"), "old a");
		CHECK_STR(get("a.pdf"), "old pdf");
		CHECK_INT(count_named("casebrief-tmp"), 0);
		CHECK_INT(st.n, 0);
	}
	TEST("a committed stage puts every file in place") {
		struct file_stage st = FILE_STAGE_INIT;
		size_t done = 9;
		CHECK_INT(file_stage_add(&st, path_of(&p, "a.md"), "new a", 5), 0);
		CHECK_INT(file_stage_add(&st, path_of(&p, "a.pdf"), "new pdf", 7), 0);
		CHECK_INT(file_stage_add(&st, path_of(&p, "a.json"), "{}", 2), 0);
		CHECK_INT(file_stage_commit(&st, &done), 0);
		CHECK_INT(done, 3);
		CHECK_STR(get("a.md"), "new a");
		CHECK_STR(get("a.pdf"), "new pdf");
		CHECK_STR(get("a.json"), "{}");
		CHECK_INT(count_named("casebrief-tmp"), 0);
	}
	TEST("a directory in the way fails the commit before any rename") {
		struct file_stage st = FILE_STAGE_INIT;
		size_t done = 9;
		empty_dir();
		put("b.md", "old b");
		mkdir(path_of(&p, "b.pdf"), 0777);
		CHECK_INT(file_stage_add(&st, path_of(&p, "b.md"), "new b", 5), 0);
		CHECK_INT(file_stage_add(&st, path_of(&p, "b.pdf"), "new pdf", 7), 0);
		CHECK_INT(file_stage_commit(&st, &done), -1);
		CHECK_INT(done, 0);
		CHECK_STR(get("b.md"), "old b");
		CHECK_INT(count_named("casebrief-tmp"), 0);
		CHECK_INT(st.n, 0);
	}
	TEST("a file that cannot be staged leaves the others staged, and nothing changed") {
		struct file_stage st = FILE_STAGE_INIT;
		empty_dir();
		put("c.md", "old c");
		CHECK_INT(file_stage_add(&st, path_of(&p, "c.md"), "new c", 5), 0);
		CHECK_INT(file_stage_add(&st, path_of(&p, "nodir/c.pdf"), "x", 1), -1);
		CHECK_INT(st.n, 1);
		file_stage_abort(&st);
		CHECK_STR(get("c.md"), "old c");
		CHECK_INT(count_named("casebrief-tmp"), 0);
	}
	TEST("a long target name still gets a temporary") {
		char name[241];
		memset(name, 'n', sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		empty_dir();
		CHECK_INT(write_file_atomic(path_of(&p, name), "long", 4), 0);
		CHECK_STR(get(name), "long");
	}
	strbuf_release(&p);
}

/* ---- stale temporaries -------------------------------------------------- */

static const char *const stale[] = {
	".x.md.casebrief-tmp-999999-aB3xYz",
	".job0001.pdf.casebrief-tmp-1-000000",
};
static const char *const foreign[] = {
	"x.md.tmpaB3xYz",                      /* another program's, or an old casebrief's */
	".x.md.casebrief-tmp-999999-aB3x",     /* not six characters */
	".x.md.casebrief-tmp--aB3xYz",         /* no process number */
	".casebrief-tmp-12-aB3xYz",            /* no target name */
	"x.md.casebrief-tmp-12-aB3xYz",        /* not hidden */
	".x.md.casebrief-tmp-12-aB3xYz.keep",
	"notes.md",
};

static void make_names(void)
{
	size_t i;

	empty_dir();
	for (i = 0; i < sizeof(stale) / sizeof(*stale); i++)
		put(stale[i], "stale");
	for (i = 0; i < sizeof(foreign) / sizeof(*foreign); i++)
		put(foreign[i], "keep");
}

static void age(const char *name, time_t secs)
{
	struct strbuf p = STRBUF_INIT;
	struct timespec t[2];

	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= secs;
	t[1] = t[0];
	utimensat(AT_FDCWD, path_of(&p, name), t, 0);
	strbuf_release(&p);
}

static void test_sweep(void)
{
	struct strbuf p = STRBUF_INIT;
	size_t i;

	TEST("a sweep removes dead temporaries of casebrief's kind only") {
		make_names();
		mkdir(path_of(&p, ".d.md.casebrief-tmp-5-abcdef"), 0777); /* not a file */
		CHECK_INT(file_sweep_temporaries(dir), 2);
		for (i = 0; i < sizeof(stale) / sizeof(*stale); i++)
			CHECK(!exists(stale[i]));
		for (i = 0; i < sizeof(foreign) / sizeof(*foreign); i++)
			CHECK_STR(get(foreign[i]), "keep");
		CHECK(exists(".d.md.casebrief-tmp-5-abcdef"));
	}
	TEST("while a stage writes in the directory, a sweep removes only old temporaries") {
		struct file_stage st = FILE_STAGE_INIT;
		make_names();
		age(stale[1], FILE_STALE_SECONDS + 60);
		CHECK_INT(file_stage_add(&st, path_of(&p, "live.md"), "live", 4), 0);
		CHECK_INT(file_sweep_temporaries(dir), 1);
		CHECK(exists(stale[0]));
		CHECK(!exists(stale[1]));
		CHECK_INT(count_named(".live.md.casebrief-tmp-"), 1);
		CHECK_INT(file_stage_commit(&st, NULL), 0);
		CHECK_STR(get("live.md"), "live");
		CHECK_INT(file_sweep_temporaries(dir), 1); /* the stage is gone: all are dead */
		CHECK(!exists(stale[0]));
	}
	TEST("a sweep of a missing directory removes nothing") {
		CHECK_INT(file_sweep_temporaries(path_of(&p, "no-such-dir")), 0);
	}
	strbuf_release(&p);
}

void run_tests(void)
{
	const char *base = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";

	snprintf(dir, sizeof(dir), "%s/test_file.XXXXXX", base);
	CHECK(mkdtemp(dir) != NULL);
	test_modes();
	test_stage();
	test_sweep();
	empty_dir();
	rmdir(dir);
}
