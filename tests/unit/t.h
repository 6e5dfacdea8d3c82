/*
 * t.h - a small unit-test harness with named tests.
 *
 * A test file defines `void run_tests(void)`, which calls TEST(name) blocks
 * (directly or from helper functions) holding CHECK / CHECK_STR / CHECK_INT:
 *
 *	TEST("tags load with their groups") {
 *		CHECK_INT(ds->ntags, 3);
 *	}
 *
 * A test passes when every check in its block passes. The binary takes
 * optional arguments:
 *
 *	test_load                 run every test
 *	test_load tags 'a case'   run the tests whose names contain one of the
 *	                          arguments (plain substrings)
 *	test_load --list          print the test names, run nothing
 *
 * and ends with "N passed, N failed (C checks)", counting tests. Checks
 * made outside any TEST block (set-up code) count as one test named
 * "(set-up)". The exit status is 1 when any test failed, or when a filter
 * selected no test at all (so that a mistyped name cannot pass).
 */
#ifndef CASEBRIEF_T_H
#define CASEBRIEF_T_H

#include <stdio.h>
#include <string.h>

static int t_tests_pass, t_tests_fail, t_checks;
static int t_setup_fail;          /* a check outside any test failed */
static const char *t_name = NULL; /* the running test, NULL outside one */
static int t_cur_fail;            /* checks failed in the running test */
static char **t_filters;
static int t_nfilters, t_list_only, t_selected;

/* Whether the test `name` runs; starts it when it does. */
static inline int t_begin(const char *name)
{
	int run = t_nfilters == 0;
	for (int i = 0; i < t_nfilters && !run; i++)
		run = strstr(name, t_filters[i]) != NULL;
	if (!run)
		return 0;
	t_selected++;
	if (t_list_only) {
		printf("%s\n", name);
		return 0;
	}
	t_name = name;
	t_cur_fail = 0;
	return 1;
}

static inline int t_end(void)
{
	if (t_cur_fail)
		t_tests_fail++;
	else
		t_tests_pass++;
	t_name = NULL;
	return 0;
}

#define TEST(name) for (int t_once_ = t_begin(name); t_once_; t_once_ = t_end())

static inline void t_failed(void)
{
	if (t_name)
		t_cur_fail++;
	else
		t_setup_fail = 1;
}

#define T_NAME (t_name ? t_name : "(set-up)")

#define CHECK(cond)                                                           \
	do {                                                                  \
		t_checks++;                                                   \
		if (!(cond)) {                                                \
			t_failed();                                           \
			fprintf(stderr, "FAIL %s: %s:%d: %s\n", T_NAME,       \
				__FILE__, __LINE__, #cond);                   \
		}                                                             \
	} while (0)

#define CHECK_STR(got, want)                                                  \
	do {                                                                  \
		const char *g_ = (got), *w_ = (want);                         \
		t_checks++;                                                   \
		if (!(g_ && w_ && !strcmp(g_, w_))) {                         \
			t_failed();                                           \
			fprintf(stderr,                                       \
				"FAIL %s: %s:%d: %s\n  got:  %s\n  want: %s\n", \
				T_NAME, __FILE__, __LINE__, #got,             \
				g_ ? g_ : "(null)", w_ ? w_ : "(null)");      \
		}                                                             \
	} while (0)

#define CHECK_INT(got, want)                                                  \
	do {                                                                  \
		long long g_ = (long long)(got), w_ = (long long)(want);      \
		t_checks++;                                                   \
		if (g_ != w_) {                                               \
			t_failed();                                           \
			fprintf(stderr, "FAIL %s: %s:%d: %s = %lld, want %lld\n", \
				T_NAME, __FILE__, __LINE__, #got, g_, w_);    \
		}                                                             \
	} while (0)

void run_tests(void);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list")) {
			t_list_only = 1;
			continue;
		}
		argv[t_nfilters + 1] = argv[i];
		t_nfilters++;
	}
	t_filters = argv + 1;
	run_tests();
	if (t_list_only)
		return 0;
	if (t_setup_fail)
		t_tests_fail++;
	if (t_nfilters && !t_selected) {
		fprintf(stderr, "no test name contains the given text\n");
		return 1;
	}
	printf("%d passed, %d failed (%d checks)\n", t_tests_pass, t_tests_fail, t_checks);
	return t_tests_fail ? 1 : 0;
}

#endif
