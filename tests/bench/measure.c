/* measure: runs one command and reports, from outside it, what it cost.
 *
 * Usage: measure OUT ERR PROGRAM [ARG]...
 *
 * Runs PROGRAM (looked up in PATH when it has no slash) with standard input
 * from /dev/null, standard output to the file OUT and standard error to the
 * file ERR (both created or truncated; "-" is /dev/null), waits for it and
 * prints one line on its own standard output:
 *
 *     EXIT WALL_S CPU_S MAXRSS_KIB
 *
 * EXIT is the program's exit status, or 128 + N when signal N ended it;
 * WALL_S the monotonic time from just before the spawn to just after the
 * wait; CPU_S its user plus system time and MAXRSS_KIB its peak resident
 * set, both from the rusage wait4 returns (which covers the children it
 * waited for). measure itself exits 0 when it could run PROGRAM at all,
 * else 127 with a message on standard error.
 *
 * Used by bench.py (beside this file).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

/* The peak RSS Linux reports for a child includes the peak of the address
 * space it had before exec, which is its parent's. Spawned from a Python
 * interpreter, every command would seem to need the interpreter's 10 to 20
 * MiB; spawned from this small program, the floor is a few hundred KiB. */

static double seconds(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

static double tv_seconds(const struct timeval *t)
{
	return (double)t->tv_sec + (double)t->tv_usec / 1e6;
}

static int redirect(posix_spawn_file_actions_t *fa, int fd, const char *path)
{
	if (strcmp(path, "-") == 0)
		path = "/dev/null";
	return posix_spawn_file_actions_addopen(fa, fd, path,
	                                        O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int status, rc;

	if (argc < 4) {
		fputs("usage: measure OUT ERR PROGRAM [ARG]...\n", stderr);
		return 127;
	}
	if (posix_spawn_file_actions_init(&fa) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
	    redirect(&fa, 1, argv[1]) != 0 || redirect(&fa, 2, argv[2]) != 0) {
		fputs("measure: cannot set up the redirections\n", stderr);
		return 127;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = posix_spawnp(&pid, argv[3], &fa, NULL, argv + 3, environ);
	if (rc != 0) {
		fprintf(stderr, "measure: %s: %s\n", argv[3], strerror(rc));
		return 127;
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("measure: wait4");
			return 127;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	posix_spawn_file_actions_destroy(&fa);
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%d %.6f %.6f %ld\n", rc, seconds(&t1) - seconds(&t0),
	       tv_seconds(&ru.ru_utime) + tv_seconds(&ru.ru_stime), ru.ru_maxrss);
	return 0;
}
