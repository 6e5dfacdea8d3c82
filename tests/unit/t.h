/*
 * t.h - a minimal unit-test harness. Each test file defines
 * `void run_tests(void)` calling TEST(name) blocks with CHECK/CHECK_EQ_*;
 * main() below runs it and prints "N passed, N failed".
 */
#ifndef CASEBRIEF_T_H
#define CASEBRIEF_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;
static const char *t_name = "";

#define TEST(name) for (int t_once_ = (t_name = (name), 1); t_once_; t_once_ = 0)

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (cond) {                                                   \
			t_pass++;                                             \
		} else {                                                      \
			t_fail++;                                             \
			fprintf(stderr, "FAIL %s: %s:%d: %s\n", t_name,       \
				__FILE__, __LINE__, #cond);                   \
		}                                                             \
	} while (0)

#define CHECK_STR(got, want)                                                  \
	do {                                                                  \
		const char *g_ = (got), *w_ = (want);                         \
		if (g_ && w_ && !strcmp(g_, w_)) {                            \
			t_pass++;                                             \
		} else {                                                      \
			t_fail++;                                             \
			fprintf(stderr,                                       \
				"FAIL %s: %s:%d: %s\n  got:  %s\n  want: %s\n", \
				t_name, __FILE__, __LINE__, #got,             \
				g_ ? g_ : "(null)", w_ ? w_ : "(null)");      \
		}                                                             \
	} while (0)

#define CHECK_INT(got, want)                                                  \
	do {                                                                  \
		long long g_ = (long long)(got), w_ = (long long)(want);      \
		if (g_ == w_) {                                               \
			t_pass++;                                             \
		} else {                                                      \
			t_fail++;                                             \
			fprintf(stderr, "FAIL %s: %s:%d: %s = %lld, want %lld\n", \
				t_name, __FILE__, __LINE__, #got, g_, w_);    \
		}                                                             \
	} while (0)

void run_tests(void);

int main(void)
{
	run_tests();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif
