/*
 * select.h - which cases a brief contains, in which order, and why.
 *
 * Implements SCHEMA.md: an audience's rules (a case is in when ANY rule
 * matches; within a rule every key must match; within a key any value;
 * `main` is the case's first driver's tag, `options` another name for
 * `languages`), its exclusion, the command-line filters (which only
 * narrow), weights and recency for the score, min_score, balance (cases
 * against the subject added when no rule chose them), and the limit.
 *
 * Ranking: score descending, then year descending (SCHEMA.md), then the
 * evidence grade (A before B before C, data/evidence.h), then id. The
 * grade only orders cases the profile's weights and the year leave tied:
 * it never lifts a less relevant case over a more relevant one, and a
 * case's score stays the sum SCHEMA.md defines, so `select` shows the
 * profile's own arithmetic.
 *
 * min_score: a case that only rules without `ids` selected, scoring below
 * min_score, is left out ("below min_score (N)"). A case listed in the
 * `ids` of a rule that matches it is kept whatever its score (its reason
 * then names that rule). Recency is scaled over the rule-selected cases
 * before min_score, so leaving cases out does not change the others'
 * scores.
 *
 * Balance deliberately ignores the command-line filters and min_score: a
 * case against the subject that the rules, the filters or min_score left
 * out can come back as a balance case (it still has to pass the
 * profile's exclusion), so that narrowing a brief never filters the
 * counter-evidence away. Balance cases are the most relevant against
 * cases: score descending, then grade, then year descending, then id (the
 * better-evidenced counter-case before the newer one).
 * The limit keeps the balance cases, and enough rule-selected cases against
 * the subject to reach `balance`, before it keeps the best of the rest.
 */
#ifndef CASEBRIEF_SELECT_H
#define CASEBRIEF_SELECT_H

#include <stddef.h>

#include "data/model.h"
#include "data/evidence.h"
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
	int rule;         /* index of the first matching rule (or, for a case
			     kept under min_score by its id, of that rule);
			     -1 for balance */
	char *why;        /* "rule 1 (org_size: startup; tags: small-team)":
			     the values that matched; or "balance: against Rust" */
	enum grade grade; /* case_grade(c) */
	int by_id;        /* listed in the ids of a rule that matches it */
};

struct left_out {
	const struct case_study *c;
	char *why;        /* "excluded by the profile", "no rule matched",
			     "filtered out by --kind" (the first failing
			     filter), "below min_score (3)", "over the limit (12)" */
};

struct selection {
	const struct audience *aud;
	size_t considered;      /* cases in the data set */
	struct selected *items; /* in rank order */
	size_t n;
	struct left_out *left;  /* in data-set (id) order */
	size_t nleft;
	size_t nbalance;        /* how many items balance added */
	size_t nbelow;          /* how many cases min_score left out */
};

/*
 * Fills `sel`; never fails; deterministic (rank: score descending, year
 * descending, grade, id ascending). `f` may be NULL (no filters). Items point into
 * `ds`, which must outlive `sel`. Release with selection_release.
 */
void select_cases(const struct dataset *ds, const struct audience *aud,
		  const struct filters *f, struct selection *sel);
void selection_release(struct selection *sel);

/*
 * One rule in words, e.g. "org size is startup or indie, and tags include
 * small-team"; "every case" for an empty rule. `options` names what
 * from/to/rejected hold ("languages" when NULL). The caller frees it.
 */
char *select_describe_rule(const struct rule *r, const char *options);

#endif
