/*
 * test_select.c - selection over hand-built data sets (no loader needed):
 * rules, exclusion, filters, scores, ranking, balance, limit, stance and
 * the rule descriptions.
 */
#include <stdlib.h>
#include <string.h>

#include "brief/select.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/str.h"

/* Builders: a data set grows one case or audience at a time. */

static struct dataset *ds_new(void)
{
	return xcalloc(1, sizeof(struct dataset));
}

static void split_into(struct strlist *l, const char *csv)
{
	char *copy, *p, *comma;

	if (!csv || !*csv)
		return;
	copy = xstrdup(csv);
	for (p = copy; p; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		strlist_push(l, p);
	}
	free(copy);
}

/*
 * A case: id, kind, from (csv), to (or NULL), rejected (csv), year, org
 * size, driver tags (csv; one driver each), extra tags (csv).
 */
static struct case_study *add_case(struct dataset *ds, const char *id,
				   enum case_kind kind, const char *from,
				   const char *to, const char *rejected, int year,
				   enum org_size org, const char *driver_tags,
				   const char *tags)
{
	struct case_study *c;
	struct strlist dt = { NULL, 0, 0 };
	size_t i;

	ds->cases = xrealloc(ds->cases, (ds->ncases + 1) * sizeof(*ds->cases));
	c = &ds->cases[ds->ncases++];
	memset(c, 0, sizeof(*c));
	c->id = xstrdup(id);
	c->company = xstrdup(id);
	c->project = xstrdup("project");
	c->kind = kind;
	split_into(&c->from, from);
	c->to = to ? xstrdup(to) : NULL;
	split_into(&c->rejected, rejected);
	c->year = year;
	c->has_org = 1;
	c->org_size = org;
	c->summary = xstrdup("summary");
	split_into(&dt, driver_tags);
	c->drivers = xcalloc(dt.n ? dt.n : 1, sizeof(*c->drivers));
	for (i = 0; i < dt.n; i++) {
		c->drivers[i].tag = xstrdup(dt.v[i]);
		c->drivers[i].text = xstrdup("because");
	}
	c->ndrivers = dt.n;
	strlist_release(&dt);
	split_into(&c->tags, tags);
	return c;
}

static int cmp_case(const void *a, const void *b)
{
	return strcmp(((const struct case_study *)a)->id,
		      ((const struct case_study *)b)->id);
}

/* The loader keeps cases sorted by id; so do the tests. */
static void ds_sort(struct dataset *ds)
{
	qsort(ds->cases, ds->ncases, sizeof(*ds->cases), cmp_case);
}

static struct audience *add_audience(struct dataset *ds, const char *id,
				     const char *subject)
{
	struct audience *a;

	ds->audiences = xrealloc(ds->audiences,
				 (ds->naudiences + 1) * sizeof(*ds->audiences));
	a = &ds->audiences[ds->naudiences++];
	memset(a, 0, sizeof(*a));
	a->id = xstrdup(id);
	a->title = xstrdup("title");
	a->audience = xstrdup("who");
	a->question = xstrdup("what?");
	a->subject = xstrdup(subject);
	a->balance = 0;
	return a;
}

static struct rule *add_rule(struct audience *a)
{
	a->match = xrealloc(a->match, (a->nmatch + 1) * sizeof(*a->match));
	memset(&a->match[a->nmatch], 0, sizeof(*a->match));
	return &a->match[a->nmatch++];
}

static void add_weight(struct audience *a, const char *tag, double v)
{
	a->weights = xrealloc(a->weights, (a->nweights + 1) * sizeof(*a->weights));
	a->weights[a->nweights].tag = xstrdup(tag);
	a->weights[a->nweights].value = v;
	a->nweights++;
}

/* Selected ids in rank order, joined by spaces (caller frees). */
static char *ids_of(const struct selection *sel)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < sel->n; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", sel->items[i].c->id);
	return strbuf_detach(&sb, NULL);
}

/* The reason a case was left out, or NULL when it was selected. */
static const char *why_left(const struct selection *sel, const char *id)
{
	size_t i;
	for (i = 0; i < sel->nleft; i++)
		if (!strcmp(sel->left[i].c->id, id))
			return sel->left[i].why;
	return NULL;
}

static const struct selected *item(const struct selection *sel, const char *id)
{
	size_t i;
	for (i = 0; i < sel->n; i++)
		if (!strcmp(sel->items[i].c->id, id))
			return &sel->items[i];
	return NULL;
}

/* Selects with `f` (or none) and returns the ids in rank order. */
static char *run(struct dataset *ds, struct audience *a, const struct filters *f,
		 struct selection *sel)
{
	select_cases(ds, a, f, sel);
	return ids_of(sel);
}

#define CHECK_IDS(ds, aud, f, want)                                 \
	do {                                                         \
		struct selection s_;                                 \
		char *got_ = run((ds), (aud), (f), &s_);             \
		CHECK_STR(got_, (want));                             \
		CHECK_INT(s_.n + s_.nleft, (ds)->ncases);            \
		free(got_);                                          \
		selection_release(&s_);                              \
	} while (0)

/*
 * The shared fixture: six cases about Rust.
 *   a-mig    migration Go -> Rust, 2020, startup, gc-latency
 *   b-adopt  adoption Rust, 2022, enterprise, safety + extra small-team
 *   c-rej    rejection of Rust (to Go), 2024, startup, learning-curve
 *   d-away   migration Rust -> C#, 2021, indie, iteration
 *   e-go     adoption Go, 2019, scaleup, hiring
 *   f-old    migration C++ -> Rust, 2016, oss, safety
 */
static struct dataset *fixture(void)
{
	struct dataset *ds = ds_new();

	add_case(ds, "a-mig", KIND_MIGRATION, "Go", "Rust", NULL, 2020,
		 ORG_STARTUP, "gc-latency", NULL);
	add_case(ds, "b-adopt", KIND_ADOPTION, NULL, "Rust", NULL, 2022,
		 ORG_ENTERPRISE, "safety", "small-team");
	add_case(ds, "c-rej", KIND_REJECTION, NULL, "Go", "Rust", 2024,
		 ORG_STARTUP, "learning-curve", NULL);
	add_case(ds, "d-away", KIND_MIGRATION, "Rust", "C#", NULL, 2021,
		 ORG_INDIE, "iteration", NULL);
	add_case(ds, "e-go", KIND_ADOPTION, NULL, "Go", NULL, 2019,
		 ORG_SCALEUP, "hiring", NULL);
	add_case(ds, "f-old", KIND_MIGRATION, "C++", "Rust", NULL, 2016,
		 ORG_OSS, "safety", NULL);
	ds_sort(ds);
	return ds;
}

/* The fixture and an audience "x" about Rust that has no rule yet. */
static struct dataset *fixture_for(struct audience **a)
{
	struct dataset *ds = fixture();
	*a = add_audience(ds, "x", "Rust");
	return ds;
}

/* Rule 1 of the rule tests: startups or indies, and migrations. */
static struct rule *small_migrations(struct audience *a)
{
	struct rule *r = add_rule(a);
	strlist_push(&r->org_size, "startup");
	strlist_push(&r->org_size, "indie");
	strlist_push(&r->kind, "migration");
	return r;
}

static void test_rules(void)
{
	struct dataset *ds;
	struct audience *a;
	struct rule *r;
	struct selection sel;
	char *got;

	TEST("an empty rule matches every case") {
		ds = fixture_for(&a);
		add_rule(a);
		/* No weights: all score 0, so year desc orders them. */
		CHECK_IDS(ds, a, NULL, "c-rej b-adopt d-away a-mig e-go f-old");
		dataset_free(ds);
	}
	TEST("within a key any value matches (OR)") {
		ds = fixture_for(&a);
		r = add_rule(a);
		strlist_push(&r->org_size, "startup");
		strlist_push(&r->org_size, "indie");
		CHECK_IDS(ds, a, NULL, "c-rej d-away a-mig");
		dataset_free(ds);
	}
	TEST("within a rule every key must match (AND)") {
		ds = fixture_for(&a);
		small_migrations(a);
		CHECK_IDS(ds, a, NULL, "d-away a-mig");
		dataset_free(ds);
	}
	TEST("across rules any rule matches (OR)") {
		ds = fixture_for(&a);
		small_migrations(a);
		r = add_rule(a);
		strlist_push(&r->ids, "e-go");
		CHECK_IDS(ds, a, NULL, "d-away a-mig e-go");
		got = run(ds, a, NULL, &sel);
		CHECK_INT(item(&sel, "e-go")->rule, 1);
		CHECK_INT(item(&sel, "a-mig")->rule, 0);
		CHECK_STR(item(&sel, "e-go")->why, "rule 2 (ids: e-go)");
		CHECK_STR(item(&sel, "a-mig")->why,
			  "rule 1 (org_size: startup; kind: migration)");
		CHECK_STR(why_left(&sel, "b-adopt"), "no rule matched");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("tags match driver tags and extra tags") {
		ds = fixture_for(&a);
		r = add_rule(a);
		strlist_push(&r->tags, "small-team"); /* an extra tag of b-adopt */
		strlist_push(&r->tags, "iteration");  /* a driver tag of d-away */
		strlist_push(&r->tags, "nothing-has-this");
		CHECK_IDS(ds, a, NULL, "b-adopt d-away");
		dataset_free(ds);
	}
	TEST("languages match from, to or rejected, ignoring case") {
		ds = fixture_for(&a);
		r = add_rule(a);
		strlist_push(&r->languages, "go");
		CHECK_IDS(ds, a, NULL, "c-rej a-mig e-go");
		strlist_release(&r->languages);
		strlist_push(&r->languages, "C#");
		strlist_push(&r->languages, "c++");
		CHECK_IDS(ds, a, NULL, "d-away f-old");
		dataset_free(ds);
	}
	TEST("years are an inclusive range") {
		ds = fixture_for(&a);
		r = add_rule(a);
		r->has_years = 1;
		r->year_min = 2020;
		r->year_max = 2022;
		CHECK_IDS(ds, a, NULL, "b-adopt d-away a-mig");
		dataset_free(ds);
	}
	TEST("no rule: nothing selected, every case left out") {
		ds = fixture_for(&a);
		CHECK_IDS(ds, a, NULL, "");
		dataset_free(ds);
	}
}

/* An audience "x" of every case but a-mig, which its exclusion drops. */
static struct dataset *all_but_a_mig(struct audience **a)
{
	struct dataset *ds = fixture_for(a);

	add_rule(*a);
	(*a)->has_exclude = 1;
	strlist_push(&(*a)->exclude.ids, "a-mig");
	strlist_push(&(*a)->exclude.org_size, "startup");
	return ds;
}

static void test_exclusion_and_filters(void)
{
	struct dataset *ds;
	struct audience *a;
	struct filters f;
	struct selection sel;
	char *got;

	TEST("the exclusion drops matching cases") {
		ds = all_but_a_mig(&a);
		/* Within the exclusion, keys AND: only a-mig is both. */
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "c-rej b-adopt d-away e-go f-old");
		CHECK_STR(why_left(&sel, "a-mig"), "excluded by the profile");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("filters narrow: same key OR, different keys AND") {
		ds = all_but_a_mig(&a);
		memset(&f, 0, sizeof(f));
		strlist_push(&f.kinds, "migration");
		strlist_push(&f.kinds, "rejection");
		CHECK_IDS(ds, a, &f, "c-rej d-away f-old");
		strlist_push(&f.org_sizes, "oss");
		CHECK_IDS(ds, a, &f, "f-old");
		CHECK(!filters_empty(&f));
		filters_release(&f);
		CHECK(filters_empty(&f));
		dataset_free(ds);
	}
	TEST("filters: tag, lang, since, until") {
		ds = all_but_a_mig(&a);
		memset(&f, 0, sizeof(f));
		strlist_push(&f.tags, "safety");
		CHECK_IDS(ds, a, &f, "b-adopt f-old");
		filters_release(&f);
		strlist_push(&f.langs, "GO");
		CHECK_IDS(ds, a, &f, "c-rej e-go");
		filters_release(&f);
		f.since = 2021;
		f.until = 2022;
		CHECK_IDS(ds, a, &f, "b-adopt d-away");
		filters_release(&f);
		dataset_free(ds);
	}
	TEST("left-out reasons name the first failing filter") {
		ds = all_but_a_mig(&a);
		memset(&f, 0, sizeof(f));
		strlist_push(&f.kinds, "adoption");
		f.since = 2020;
		got = run(ds, a, &f, &sel);
		CHECK_STR(got, "b-adopt");
		CHECK_STR(why_left(&sel, "c-rej"), "filtered out by --kind");
		CHECK_STR(why_left(&sel, "e-go"), "filtered out by --since");
		CHECK_STR(why_left(&sel, "a-mig"), "excluded by the profile");
		CHECK_INT(sel.considered, 6);
		CHECK_INT(sel.nleft, 5);
		/* left_out is in id order */
		CHECK_STR(sel.left[0].c->id, "a-mig");
		CHECK_STR(sel.left[4].c->id, "f-old");
		free(got);
		selection_release(&sel);
		filters_release(&f);
		dataset_free(ds);
	}
	TEST("filters_match on its own") {
		ds = fixture();
		memset(&f, 0, sizeof(f));
		strlist_push(&f.tags, "hiring");
		CHECK(filters_match(&f, dataset_find_case(ds, "e-go")));
		CHECK(!filters_match(&f, dataset_find_case(ds, "a-mig")));
		filters_release(&f);
		dataset_free(ds);
	}
}

/* An audience "x" of every case, weighting safety, small-team and hiring. */
static struct dataset *weighted(struct audience **a)
{
	struct dataset *ds = fixture_for(a);

	add_rule(*a);
	add_weight(*a, "safety", 2);
	add_weight(*a, "small-team", 1.5);
	add_weight(*a, "hiring", 1);
	return ds;
}

static void test_scores(void)
{
	struct dataset *ds;
	struct audience *a;
	struct selection sel;
	char *got;

	TEST("score is the sum of the weights of the case's tags") {
		ds = weighted(&a);
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "b-adopt f-old e-go c-rej d-away a-mig");
		CHECK(item(&sel, "b-adopt")->score == 3.5);
		CHECK(item(&sel, "f-old")->score == 2);
		CHECK(item(&sel, "a-mig")->score == 0);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("recency adds up to its value, scaled over the candidates' years") {
		ds = weighted(&a);
		a->recency = 4;
		/* years 2016..2024: c-rej +4, b-adopt +3, f-old +0, a-mig +2 */
		got = run(ds, a, NULL, &sel);
		CHECK(item(&sel, "c-rej")->score == 4);
		CHECK(item(&sel, "b-adopt")->score == 3.5 + 3);
		CHECK(item(&sel, "f-old")->score == 2);
		CHECK(item(&sel, "a-mig")->score == 2);
		CHECK_STR(got, "b-adopt c-rej d-away e-go a-mig f-old");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("recency is 0 when every candidate has the same year") {
		ds = weighted(&a);
		a->recency = 4;
		strlist_push(&a->match[0].ids, "a-mig");
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "a-mig");
		CHECK(sel.items[0].score == 0);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("ties: year descending, then id ascending") {
		ds = ds_new();
		add_case(ds, "zz", KIND_ADOPTION, NULL, "Rust", NULL, 2020, ORG_OSS, "t", NULL);
		add_case(ds, "aa", KIND_ADOPTION, NULL, "Rust", NULL, 2020, ORG_OSS, "t", NULL);
		add_case(ds, "mm", KIND_ADOPTION, NULL, "Rust", NULL, 2021, ORG_OSS, "t", NULL);
		add_case(ds, "bb", KIND_ADOPTION, NULL, "Rust", NULL, 2019, ORG_OSS, "u", NULL);
		ds_sort(ds);
		a = add_audience(ds, "x", "Rust");
		add_rule(a);
		add_weight(a, "t", 1);
		CHECK_IDS(ds, a, NULL, "mm aa zz bb");
		dataset_free(ds);
	}
}

/*
 * An audience "x" whose one rule takes the adoptions (b-adopt and e-go),
 * with `balance`; with `weights`, iteration counts 1 (so that d-away
 * outranks c-rej among the cases against Rust).
 */
static struct dataset *adoptions(struct audience **a, struct rule **r, int balance,
				 int weights)
{
	struct dataset *ds = fixture_for(a);

	*r = add_rule(*a);
	strlist_push(&(*r)->kind, "adoption");
	(*a)->balance = balance;
	if (weights)
		add_weight(*a, "iteration", 1);
	return ds;
}

static void test_stance(void)
{
	struct dataset *ds;
	struct audience *a;
	struct rule *r;
	struct selection sel;
	char *got;

	TEST("stance: for, against (rejected or from), other") {
		ds = adoptions(&a, &r, 0, 0);
		CHECK_INT(case_stance(dataset_find_case(ds, "a-mig"), "Rust"), STANCE_FOR);
		CHECK_INT(case_stance(dataset_find_case(ds, "c-rej"), "rust"), STANCE_AGAINST);
		CHECK_INT(case_stance(dataset_find_case(ds, "d-away"), "Rust"), STANCE_AGAINST);
		CHECK_INT(case_stance(dataset_find_case(ds, "e-go"), "Rust"), STANCE_OTHER);
		CHECK_INT(case_stance(dataset_find_case(ds, "c-rej"), "Go"), STANCE_FOR);
		got = run(ds, a, NULL, &sel);
		CHECK_INT(item(&sel, "b-adopt")->stance, STANCE_FOR);
		CHECK_INT(item(&sel, "e-go")->stance, STANCE_OTHER);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
}

static void test_balance(void)
{
	struct dataset *ds;
	struct audience *a;
	struct rule *r;
	struct selection sel;
	struct filters f;
	char *got;

	TEST("balance 0 adds nothing") {
		ds = adoptions(&a, &r, 0, 0);
		CHECK_IDS(ds, a, NULL, "b-adopt e-go");
		dataset_free(ds);
	}
	TEST("balance adds the best-scoring against cases no rule chose") {
		ds = adoptions(&a, &r, 1, 1);
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "d-away b-adopt e-go");
		CHECK(item(&sel, "d-away")->by_balance);
		CHECK_INT(item(&sel, "d-away")->rule, -1);
		CHECK_STR(item(&sel, "d-away")->why, "balance: against Rust");
		CHECK(!item(&sel, "b-adopt")->by_balance);
		CHECK_INT(sel.nbalance, 1);
		CHECK_STR(why_left(&sel, "c-rej"), "no rule matched");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("balance takes at most what the data holds") {
		ds = adoptions(&a, &r, 5, 1);
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "d-away c-rej b-adopt e-go");
		CHECK_INT(sel.nbalance, 2);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("balance respects the exclusion") {
		ds = adoptions(&a, &r, 5, 1);
		a->has_exclude = 1;
		strlist_push(&a->exclude.ids, "d-away");
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "c-rej b-adopt e-go");
		CHECK_STR(why_left(&sel, "d-away"), "excluded by the profile");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("rule-selected against cases count towards balance") {
		ds = adoptions(&a, &r, 1, 1);
		strlist_push(&r->kind, "rejection");
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "c-rej b-adopt e-go");
		CHECK_INT(sel.nbalance, 0);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("balance ignores the command-line filters") {
		ds = adoptions(&a, &r, 2, 1);
		memset(&f, 0, sizeof(f));
		strlist_push(&f.org_sizes, "enterprise");
		got = run(ds, a, &f, &sel);
		CHECK_STR(got, "d-away c-rej b-adopt");
		CHECK_STR(why_left(&sel, "e-go"), "filtered out by --org-size");
		free(got);
		selection_release(&sel);
		filters_release(&f);
		dataset_free(ds);
	}
}

/* adoptions() with balance 1, a limit of 2, and hiring and safety weighted. */
static struct dataset *limited(struct audience **a, struct rule **r)
{
	struct dataset *ds = adoptions(a, r, 1, 1);

	(*a)->limit = 2;
	add_weight(*a, "hiring", 5);
	add_weight(*a, "safety", 4);
	return ds;
}

static void test_limit(void)
{
	struct dataset *ds;
	struct audience *a;
	struct rule *r;
	struct selection sel;
	char *got;

	TEST("the limit keeps balance cases and drops the lowest-ranked") {
		ds = limited(&a, &r);
		/* ranked: e-go 5, b-adopt 4, d-away 1 (balance) */
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "e-go d-away");
		CHECK_STR(why_left(&sel, "b-adopt"), "over the limit (2)");
		CHECK_INT(sel.n + sel.nleft, ds->ncases);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("the limit keeps rule-selected against cases up to balance") {
		ds = limited(&a, &r);
		strlist_push(&r->kind, "rejection");
		/* c-rej (0 points) is selected by the rule and is the only
		 * against case: it stays, e-go fills the other slot. */
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "e-go c-rej");
		CHECK_INT(sel.nbalance, 0);
		CHECK_STR(why_left(&sel, "b-adopt"), "over the limit (2)");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("limit without balance keeps the best") {
		ds = limited(&a, &r);
		a->balance = 0;
		a->limit = 1;
		CHECK_IDS(ds, a, NULL, "e-go");
		dataset_free(ds);
	}
}

/* A rule's description, with the keys the test sets on a fresh rule. */
static void check_described(struct rule *r, const char *want)
{
	char *s = select_describe_rule(r, NULL);

	CHECK_STR(s, want);
	free(s);
	strlist_release(&r->org_size);
	strlist_release(&r->tags);
	strlist_release(&r->kind);
	strlist_release(&r->languages);
	strlist_release(&r->ids);
}

static void test_describe(void)
{
	struct rule r;

	memset(&r, 0, sizeof(r));
	TEST("an empty rule is every case") {
		check_described(&r, "every case");
	}
	TEST("one key, alternatives joined with or") {
		strlist_push(&r.org_size, "startup");
		strlist_push(&r.org_size, "indie");
		check_described(&r, "org size is startup or indie");
	}
	TEST("two keys") {
		strlist_push(&r.org_size, "startup");
		strlist_push(&r.org_size, "indie");
		strlist_push(&r.tags, "small-team");
		check_described(&r, "org size is startup or indie, and tags include small-team");
	}
	TEST("every key") {
		strlist_push(&r.org_size, "startup");
		strlist_push(&r.org_size, "indie");
		strlist_push(&r.tags, "small-team");
		strlist_push(&r.kind, "migration");
		strlist_push(&r.languages, "Go");
		strlist_push(&r.languages, "C++");
		strlist_push(&r.languages, "Java");
		r.has_years = 1;
		r.year_min = 2018;
		r.year_max = 2026;
		strlist_push(&r.ids, "propelauth");
		check_described(&r, "org size is startup or indie, tags include small-team, "
				    "kind is migration, languages include Go, C++ or Java, "
				    "year is 2018 to 2026, and id is propelauth");
		r.has_years = 0;
	}
}

static void test_many(void)
{
	/* Linear-ish work and a stable order on a larger set. */
	struct dataset *ds;
	struct audience *a;
	struct selection sel, sel2;
	char id[32];
	int i;
	char *g1, *g2;

	TEST("5000 cases: deterministic, balance kept under the limit") {
		ds = ds_new();
		for (i = 0; i < 5000; i++) {
			snprintf(id, sizeof(id), "case-%05d", (i * 7919) % 5000);
			add_case(ds, id, i % 3 == 0 ? KIND_REJECTION : KIND_MIGRATION,
				 "Go", i % 3 == 0 ? "Go" : "Rust", i % 3 == 0 ? "Rust" : NULL,
				 2000 + i % 25, ORG_STARTUP, i % 2 ? "a" : "b", NULL);
		}
		ds_sort(ds);
		a = add_audience(ds, "x", "Rust");
		strlist_push(&add_rule(a)->kind, "migration");
		add_weight(a, "a", 1);
		a->recency = 1;
		a->balance = 3;
		a->limit = 10;
		g1 = run(ds, a, NULL, &sel);
		g2 = run(ds, a, NULL, &sel2);
		CHECK_STR(g1, g2);
		CHECK_INT(sel.n, 10);
		CHECK_INT(sel.nbalance, 3);
		CHECK_INT(sel.n + sel.nleft, 5000);
		free(g1);
		free(g2);
		selection_release(&sel);
		selection_release(&sel2);
		dataset_free(ds);
	}
}

static void test_filter_validator(void)
{
	struct dataset *ds = ds_new();
	struct strbuf why = STRBUF_INIT;
	struct filters f;

	memset(&f, 0, sizeof(f));
	ds->tags = xcalloc(1, sizeof(*ds->tags));
	ds->tags[0].id = xstrdup("small-team");
	ds->ntags = 1;
	add_audience(ds, "startups", "Rust");
	TEST("filter values: one check for the command line and manifests") {
		CHECK_INT(filters_add(&f, FILTER_KIND, "migration", "--kind", NULL, &why), 0);
		CHECK_INT(filters_add(&f, FILTER_KIND, "migration", "--kind", NULL, &why), 0);
		CHECK_INT(f.kinds.n, 1);
		CHECK_INT(filters_add(&f, FILTER_KIND, "migrate", "--kind", NULL, &why), -1);
		CHECK_STR(why.buf, "--kind must be one of migration, adoption, rejection, not "
			  "'migrate' (did you mean 'migration'?)");
		strbuf_reset(&why);
		CHECK_INT(filters_add(&f, FILTER_ORG_SIZE, "hug", "'org_size'", NULL, &why), -1);
		CHECK_STR(why.buf, "'org_size' must be one of startup, scaleup, enterprise, indie, "
			  "oss, public-sector, internal, not 'hug'");
		strbuf_reset(&why);
		CHECK_INT(filters_add(&f, FILTER_TAG, "Small_Team", "--tag", NULL, &why), -1);
		CHECK_STR(why.buf, "invalid tag id 'Small_Team': ids must match [a-z0-9-]+");
		strbuf_reset(&why);
		CHECK_INT(filters_add(&f, FILTER_TAG, "smal-team", "--tag", NULL, &why), 0);
		CHECK_INT(filters_check_tags(&f, ds, &why), -1);
		CHECK_STR(why.buf, "undefined tag 'smal-team' (did you mean 'small-team'?)");
		strbuf_reset(&why);
		CHECK_INT(filters_add(&f, FILTER_TAG, "nope", "'tag'", ds, &why), -1);
		CHECK_STR(why.buf, "undefined tag 'nope'");
		strbuf_reset(&why);
		CHECK_INT(filters_add(&f, FILTER_LANG, "", "--lang", NULL, &why), -1);
		CHECK_STR(why.buf, "--lang must not be empty");
		strbuf_reset(&why);
		CHECK_INT(filters_set_year(&f, FILTER_SINCE, 0, "--since", &why), -1);
		CHECK_STR(why.buf, "--since must be a year from 1 to 9999, not 0");
		strbuf_reset(&why);
		CHECK_INT(filters_set_year(&f, FILTER_SINCE, 2030, "--since", &why), 0);
		CHECK_INT(filters_set_year(&f, FILTER_UNTIL, 2020, "--until", &why), 0);
		CHECK_INT(filters_check_years(&f, "'since'", "'until'", &why), -1);
		CHECK_STR(why.buf, "'since' 2030 is after 'until' 2020");
		strbuf_reset(&why);
	}
	TEST("audiences: every command gets the same hint") {
		CHECK(dataset_audience_or_hint(ds, "sxxxtups", &why) == NULL);
		CHECK_STR(why.buf, "unknown audience 'sxxxtups' (did you mean 'startups'?)");
	}
	filters_release(&f);
	strbuf_release(&why);
	dataset_free(ds);
}

/* ---- version 2: main, options, min_score, grades ------------------------- */

/* Gives case `id` grade A: a measured figure read in a first-party source. */
static void make_grade_a(struct dataset *ds, const char *id)
{
	struct case_study *c = (struct case_study *)dataset_find_case(ds, id);

	c->sources = xcalloc(1, sizeof(*c->sources));
	c->sources[0].id = xstrdup("s");
	c->sources[0].title = xstrdup("A post");
	c->sources[0].url = xstrdup("https://example.com/post");
	c->sources[0].kind = SRC_FIRST_PARTY;
	c->nsources = 1;
	c->figures = xcalloc(1, sizeof(*c->figures));
	c->figures[0].label = xstrdup("p99");
	c->figures[0].value = xstrdup("8 ms");
	c->figures[0].source = xstrdup("s");
	c->nfigures = 1;
}

/* Gives case `id` grade C: its first driver is the curator's reading. */
static void make_grade_c(struct dataset *ds, const char *id)
{
	((struct case_study *)dataset_find_case(ds, id))->drivers[0].basis = BASIS_INFERRED;
}

static void test_main_and_options(void)
{
	struct dataset *ds;
	struct audience *a;
	struct rule *r;
	struct selection sel;
	char *got;

	TEST("main is the first driver's tag, not an extra tag") {
		ds = fixture_for(&a);
		r = add_rule(a);
		strlist_push(&r->main, "small-team");
		CHECK_IDS(ds, a, NULL, "");
		strlist_push(&r->main, "safety");
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "b-adopt f-old");
		CHECK_STR(item(&sel, "b-adopt")->why, "rule 1 (main: safety)");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("main combines with the other keys, and works in the exclusion") {
		ds = fixture_for(&a);
		r = add_rule(a);
		strlist_push(&r->main, "safety");
		strlist_push(&r->kind, "migration");
		CHECK_IDS(ds, a, NULL, "f-old");
		strlist_release(&r->kind);
		a->has_exclude = 1;
		strlist_push(&a->exclude.main, "safety");
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "");
		CHECK_STR(why_left(&sel, "f-old"), "excluded by the profile");
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("options is languages under another name") {
		ds = fixture_for(&a);
		r = add_rule(a);
		strlist_push(&r->languages, "go");
		r->options_key = 1;
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "c-rej a-mig e-go");
		CHECK_STR(item(&sel, "a-mig")->why, "rule 1 (options: go)");
		free(got);
		selection_release(&sel);
		got = select_describe_rule(r, "databases");
		CHECK_STR(got, "databases include go");
		free(got);
		dataset_free(ds);
	}
	TEST("a case without org matches no org_size, in a rule or a filter") {
		struct filters f;
		ds = fixture_for(&a);
		((struct case_study *)dataset_find_case(ds, "a-mig"))->has_org = 0;
		r = add_rule(a);
		strlist_push(&r->org_size, "startup");
		CHECK_IDS(ds, a, NULL, "c-rej");
		memset(&f, 0, sizeof(f));
		strlist_push(&f.org_sizes, "startup");
		CHECK(!filters_match(&f, dataset_find_case(ds, "a-mig")));
		filters_release(&f);
		dataset_free(ds);
	}
}

static void test_min_score(void)
{
	struct dataset *ds;
	struct audience *a;
	struct rule *r;
	struct selection sel;
	char *got;

	TEST("min_score leaves out rule-selected cases below it, and says so") {
		ds = fixture_for(&a);
		add_rule(a);
		add_weight(a, "safety", 2);
		add_weight(a, "gc-latency", 1);
		a->has_min_score = 1;
		a->min_score = 1.5;
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "b-adopt f-old");
		CHECK_STR(why_left(&sel, "a-mig"), "below min_score (1.5)");
		CHECK_STR(why_left(&sel, "e-go"), "below min_score (1.5)");
		CHECK_INT(sel.nbelow, 4);
		free(got);
		selection_release(&sel);
		a->min_score = 1;
		CHECK_IDS(ds, a, NULL, "b-adopt f-old a-mig"); /* exactly 1 is not below */
		dataset_free(ds);
	}
	TEST("an id listed in a matching rule keeps the case, named by that rule") {
		ds = fixture_for(&a);
		add_rule(a);
		r = add_rule(a);
		strlist_push(&r->ids, "e-go");
		add_weight(a, "safety", 2);
		a->has_min_score = 1;
		a->min_score = 1;
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "b-adopt f-old e-go");
		CHECK_STR(item(&sel, "e-go")->why, "rule 2 (ids: e-go)");
		CHECK_INT(item(&sel, "e-go")->rule, 1);
		CHECK(item(&sel, "e-go")->by_id);
		CHECK(!item(&sel, "b-adopt")->by_id);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("a case against the subject under min_score can come back for balance") {
		ds = fixture_for(&a);
		add_rule(a);
		add_weight(a, "safety", 2);
		add_weight(a, "iteration", 1);
		a->has_min_score = 1;
		a->min_score = 2;
		a->balance = 1;
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "b-adopt f-old d-away");
		CHECK_STR(item(&sel, "d-away")->why, "balance: against Rust");
		CHECK_STR(why_left(&sel, "c-rej"), "below min_score (2)");
		CHECK_INT(sel.nbalance, 1);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
}

static void test_grades(void)
{
	struct dataset *ds;
	struct audience *a;
	struct selection sel;
	char *got;

	TEST("grade orders cases that score and year leave tied") {
		ds = ds_new();
		add_case(ds, "aa", KIND_ADOPTION, NULL, "Rust", NULL, 2020, ORG_OSS, "t", NULL);
		add_case(ds, "bb", KIND_ADOPTION, NULL, "Rust", NULL, 2020, ORG_OSS, "t", NULL);
		add_case(ds, "cc", KIND_ADOPTION, NULL, "Rust", NULL, 2020, ORG_OSS, "t", NULL);
		add_case(ds, "dd", KIND_ADOPTION, NULL, "Rust", NULL, 2021, ORG_OSS, "t", NULL);
		ds_sort(ds);
		make_grade_c(ds, "aa");
		make_grade_a(ds, "cc");
		make_grade_c(ds, "dd");
		a = add_audience(ds, "x", "Rust");
		add_rule(a);
		got = run(ds, a, NULL, &sel);
		CHECK_STR(got, "dd cc bb aa"); /* the newer C first: year comes before grade */
		CHECK_INT(item(&sel, "cc")->grade, GRADE_A);
		CHECK_INT(item(&sel, "bb")->grade, GRADE_B);
		CHECK_INT(item(&sel, "aa")->grade, GRADE_C);
		free(got);
		selection_release(&sel);
		dataset_free(ds);
	}
	TEST("balance: score, then grade, then year") {
		ds = fixture_for(&a);
		strlist_push(&add_rule(a)->kind, "adoption");
		a->balance = 1;
		/* c-rej (2024) and d-away (2021) both score 0: the better grade wins */
		make_grade_c(ds, "c-rej");
		CHECK_IDS(ds, a, NULL, "b-adopt d-away e-go");
		/* the same grade: the newer */
		((struct case_study *)dataset_find_case(ds, "c-rej"))->drivers[0].basis =
			BASIS_STATED;
		CHECK_IDS(ds, a, NULL, "c-rej b-adopt e-go");
		/* relevance before grade: d-away (C) scores 1, c-rej (A) 0 */
		add_weight(a, "iteration", 1);
		make_grade_c(ds, "d-away");
		make_grade_a(ds, "c-rej");
		CHECK_IDS(ds, a, NULL, "d-away b-adopt e-go");
		dataset_free(ds);
	}
}

void run_tests(void)
{
	test_rules();
	test_exclusion_and_filters();
	test_filter_validator();
	test_scores();
	test_stance();
	test_balance();
	test_limit();
	test_main_and_options();
	test_min_score();
	test_grades();
	test_describe();
	test_many();
}
