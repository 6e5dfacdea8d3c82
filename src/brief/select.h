/*
 * select.h - which cases a brief contains, in which order, and why.
 *
 * Implements SCHEMA.md: an audience's rules (a case is in when ANY rule
 * matches; within a rule every key must match; within a key any value),
 * its exclusion, the command-line filters (which only narrow), weights and
 * recency for the score, balance (cases against the subject added when no
 * rule chose them), and the limit.
 *
 * Balance deliberately ignores the command-line filters: a case against the
 * subject that the rules or the filters left out can come back as a balance
 * case (it still has to pass the profile's exclusion), so that narrowing a
 * brief with --kind or --since never filters the counter-evidence away.
 * The limit keeps the balance cases, and enough rule-selected cases against
 * the subject to reach `balance`, before it keeps the best of the rest.
 */
#ifndef CASEBRIEF_SELECT_H
#define CASEBRIEF_SELECT_H

#include <stddef.h>

#include "data/model.h"
#include "base/str.h"

struct strbuf;

/* Command-line filters: same key OR, different keys AND; empty = no filter. */
struct filters {
	struct strlist tags, kinds, org_sizes, langs;
	int since, until; /* 0 = unset */
};

/*
 * The one validator of filter values, for the command line (--tag ...)
 * and manifests (filters: {tag: ...}) alike. `what` names the value in
 * messages ("--kind", "each item of 'kind'"); on failure the problem is
 * written into `why` and -1 returned.
 */
enum filter_key {
	FILTER_TAG, FILTER_KIND, FILTER_ORG_SIZE, FILTER_LANG, FILTER_SINCE, FILTER_UNTIL,
	FILTER__COUNT
};
/* The manifest's names: "tag", "kind", "org_size", "lang", "since", "until". */
extern const char *const filter_keys[FILTER__COUNT];
#define FILTER_YEAR_MIN 1
#define FILTER_YEAR_MAX 9999
/*
 * Adds `value` to a list filter (FILTER_TAG to FILTER_LANG; a repeat is
 * dropped) when it is valid: a kind or an organisation size one of its
 * names (with a hint), a tag an id and, when `ds` is not NULL, one that
 * ds defines, a language not empty.
 */
int filters_add(struct filters *f, enum filter_key key, const char *value, const char *what,
		const struct dataset *ds, struct strbuf *why);
/* Sets FILTER_SINCE or FILTER_UNTIL to a year from FILTER_YEAR_MIN to _MAX. */
int filters_set_year(struct filters *f, enum filter_key key, long year, const char *what,
		     struct strbuf *why);
/* Since must not be after until; `since` and `until` name them. */
int filters_check_years(const struct filters *f, const char *since, const char *until,
			struct strbuf *why);
/* Every tag filter must be a tag of `ds` (for filters read before the data). */
int filters_check_tags(const struct filters *f, const struct dataset *ds, struct strbuf *why);

void filters_release(struct filters *f);
/* True when no filter is set. */
int filters_empty(const struct filters *f);
/* True when the case passes every filter. */
int filters_match(const struct filters *f, const struct case_study *c);

struct selected {
	const struct case_study *c;
	double score;
	enum stance stance;
	int by_balance;   /* added by balance, not by a rule */
	int rule;         /* index of the first matching rule, -1 for balance */
	char *why;        /* "rule 1 (org_size: startup; tags: small-team)":
			     the values that matched; or "balance: against Rust" */
};

struct left_out {
	const struct case_study *c;
	char *why;        /* "excluded by the profile", "no rule matched",
			     "filtered out by --kind" (the first failing
			     filter), "over the limit (12)" */
};

struct selection {
	const struct audience *aud;
	size_t considered;      /* cases in the data set */
	struct selected *items; /* in rank order */
	size_t n;
	struct left_out *left;  /* in data-set (id) order */
	size_t nleft;
	size_t nbalance;        /* how many items balance added */
};

/*
 * Fills `sel`; never fails; deterministic (rank: score descending, year
 * descending, id ascending). `f` may be NULL (no filters). Items point into
 * `ds`, which must outlive `sel`. Release with selection_release.
 */
void select_cases(const struct dataset *ds, const struct audience *aud,
		  const struct filters *f, struct selection *sel);
void selection_release(struct selection *sel);

/*
 * One rule in words, e.g. "org size is startup or indie, and tags include
 * small-team"; "every case" for an empty rule. The caller frees it.
 */
char *select_describe_rule(const struct rule *r);

#endif
