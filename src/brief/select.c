/*
 * select.c - from an audience profile and the command-line filters to a
 * ranked, balanced, limited list of cases, with a reason for every case
 * kept or left out.
 *
 * The steps, in order (SCHEMA.md, "audiences"):
 *   1. every case is tested against the exclusion, then the rules (first
 *      matching rule wins), then the filters; the survivors are candidates;
 *   2. candidates are scored: tag weights plus recency scaled 0..1 over the
 *      candidates' years; those below min_score that no `ids` list names
 *      are left out (an against case among them may still come back in 3);
 *   3. balance: when fewer than `balance` candidates go against the subject,
 *      the most relevant against cases that are not candidates (but not
 *      excluded) are added;
 *   4. limit: balance cases and, up to `balance`, the best against cases are
 *      kept first; the remaining room goes to the best other candidates.
 * Ranking is total (score, year, grade, id; for balance score, grade,
 * year, id), so the result never depends on the order of the input or of
 * qsort.
 */
#include "brief/select.h"
#include "yaml/doc.h"
#include "yaml/read.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/str.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const filter_keys[FILTER__COUNT] = {
	"tag", "kind", "org_size", "lang", "since", "until"
};

static int check_enum(const char *value, const char *what, const char *const *names,
		      size_t n, struct strbuf *why)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], value))
			return 0;
	yread_enum_problem(why, what, value, names, n);
	return -1;
}

static int check_tag(const char *value, const struct dataset *ds, struct strbuf *why)
{
	if (!is_valid_id(value)) {
		strbuf_adds(why, "invalid tag id '");
		yshow(why, value);
		strbuf_adds(why, "': ids must match [a-z0-9-]+");
		return -1;
	}
	return ds && !dataset_tag_or_hint(ds, value, why) ? -1 : 0;
}

int filters_add(struct filters *f, enum filter_key key, const char *value, const char *what,
		const struct dataset *ds, struct strbuf *why)
{
	struct strlist *l;
	int bad = 0;

	switch (key) {
	case FILTER_TAG:
		l = &f->tags;
		bad = check_tag(value, ds, why);
		break;
	case FILTER_KIND:
		l = &f->kinds;
		bad = check_enum(value, what, case_kind_names, KIND__COUNT, why);
		break;
	case FILTER_ORG_SIZE:
		l = &f->org_sizes;
		bad = check_enum(value, what, org_size_names, ORG__COUNT, why);
		break;
	case FILTER_LANG:
		l = &f->langs;
		if (!*value) {
			strbuf_addf(why, "%s must not be empty", what);
			bad = -1;
		}
		break;
	default:
		return -1;
	}
	if (!bad && !strlist_has(l, value))
		strlist_push(l, value);
	return bad ? -1 : 0;
}

int filters_set_year(struct filters *f, enum filter_key key, long year, const char *what,
		     struct strbuf *why)
{
	if (year < FILTER_YEAR_MIN || year > FILTER_YEAR_MAX) {
		strbuf_addf(why, "%s must be a year from %d to %d, not %ld", what,
			    FILTER_YEAR_MIN, FILTER_YEAR_MAX, year);
		return -1;
	}
	if (key == FILTER_SINCE)
		f->since = (int)year;
	else
		f->until = (int)year;
	return 0;
}

int filters_check_years(const struct filters *f, const char *since, const char *until,
			struct strbuf *why)
{
	if (!f->since || !f->until || f->since <= f->until)
		return 0;
	strbuf_addf(why, "%s %d is after %s %d", since, f->since, until, f->until);
	return -1;
}

int filters_check_tags(const struct filters *f, const struct dataset *ds, struct strbuf *why)
{
	size_t i;

	for (i = 0; i < f->tags.n; i++)
		if (!dataset_tag_or_hint(ds, f->tags.v[i], why))
			return -1;
	return 0;
}

void filters_release(struct filters *f)
{
	strlist_release(&f->tags);
	strlist_release(&f->kinds);
	strlist_release(&f->org_sizes);
	strlist_release(&f->langs);
	f->since = f->until = 0;
}

int filters_empty(const struct filters *f)
{
	return !f->tags.n && !f->kinds.n && !f->org_sizes.n && !f->langs.n &&
	       !f->since && !f->until;
}

static int case_names_any_language(const struct case_study *c,
				   const struct strlist *langs)
{
	size_t i;
	for (i = 0; i < langs->n; i++)
		if (case_names_option(c, langs->v[i]))
			return 1;
	return 0;
}

static int case_has_any_tag(const struct case_study *c, const struct strlist *tags)
{
	size_t i;
	for (i = 0; i < tags->n; i++)
		if (case_has_tag(c, tags->v[i]))
			return 1;
	return 0;
}

static int name_in(const struct strlist *l, const char *name)
{
	return strlist_has(l, name);
}

/* The option name of the first filter the case fails, or NULL. */
static const char *filters_first_failure(const struct filters *f,
					 const struct case_study *c)
{
	if (f->tags.n && !case_has_any_tag(c, &f->tags))
		return "--tag";
	if (f->kinds.n && !name_in(&f->kinds, case_kind_names[c->kind]))
		return "--kind";
	if (f->org_sizes.n && !(c->has_org && name_in(&f->org_sizes, org_size_names[c->org_size])))
		return "--org-size";
	if (f->langs.n && !case_names_any_language(c, &f->langs))
		return "--lang";
	if (f->since && c->year < f->since)
		return "--since";
	if (f->until && c->year > f->until)
		return "--until";
	return NULL;
}

int filters_match(const struct filters *f, const struct case_study *c)
{
	return filters_first_failure(f, c) == NULL;
}

/*
 * A rule's `ids`, sorted: an audience may list thousands of cases, and
 * every case of the data set is tested against the list.
 */
struct id_index {
	const char **v;
	size_t n;
};

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void id_index_init(struct id_index *x, const struct strlist *ids)
{
	size_t i;

	x->n = ids->n;
	x->v = xcalloc(ids->n ? ids->n : 1, sizeof(*x->v));
	for (i = 0; i < ids->n; i++)
		x->v[i] = ids->v[i];
	if (x->n > 1)
		qsort(x->v, x->n, sizeof(*x->v), cmp_str_ptr);
}

/* How many times `id` is listed. */
static size_t id_index_count(const struct id_index *x, const char *id)
{
	size_t lo = 0, hi = x->n, n = 0;

	while (lo < hi) { /* the first entry not below id */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->v[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < x->n && !strcmp(x->v[lo + n], id))
		n++;
	return n;
}

/* A key that is present must match; an absent key matches everything. */
static int rule_matches(const struct rule *r, const struct id_index *ids,
			const struct case_study *c)
{
	if (r->org_size.n && !(c->has_org && name_in(&r->org_size, org_size_names[c->org_size])))
		return 0;
	if (r->tags.n && !case_has_any_tag(c, &r->tags))
		return 0;
	if (r->kind.n && !name_in(&r->kind, case_kind_names[c->kind]))
		return 0;
	if (r->languages.n && !case_names_any_language(c, &r->languages))
		return 0;
	if (r->main.n && !(case_main_tag(c) && name_in(&r->main, case_main_tag(c))))
		return 0;
	if (r->has_years && (c->year < r->year_min || c->year > r->year_max))
		return 0;
	if (r->ids.n && !id_index_count(ids, c->id))
		return 0;
	return 1;
}

/* Index of the first rule that matches, or -1; ids[i] indexes rule i.
 * With `with_ids`, only rules that list ids count. */
static int first_rule(const struct audience *aud, const struct id_index *ids,
		      const struct case_study *c, int with_ids)
{
	size_t i;
	for (i = 0; i < aud->nmatch; i++)
		if ((!with_ids || aud->match[i].ids.n) &&
		    rule_matches(&aud->match[i], &ids[i], c))
			return (int)i;
	return -1;
}

static void add_key(struct strbuf *sb, const char *key)
{
	if (sb->len && sb->buf[sb->len - 1] != '(')
		strbuf_adds(sb, "; ");
	strbuf_adds(sb, key);
	strbuf_adds(sb, ": ");
}

/* Appends "key: v1, v2" listing only the values of `l` that `hit` accepts. */
static void add_hits(struct strbuf *sb, const char *key, const struct strlist *l,
		     const struct case_study *c,
		     int (*hit)(const struct case_study *, const char *))
{
	size_t i;
	int n = 0;

	if (!l->n)
		return;
	add_key(sb, key);
	for (i = 0; i < l->n; i++) {
		if (!hit(c, l->v[i]))
			continue;
		if (n++)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, l->v[i]);
	}
}

static int hit_org(const struct case_study *c, const char *v)
{
	return c->has_org && !strcmp(org_size_names[c->org_size], v);
}

static int hit_tag(const struct case_study *c, const char *v)
{
	return case_has_tag(c, v);
}

static int hit_kind(const struct case_study *c, const char *v)
{
	return !strcmp(case_kind_names[c->kind], v);
}

static int hit_lang(const struct case_study *c, const char *v)
{
	return case_names_option(c, v);
}

static int hit_main(const struct case_study *c, const char *v)
{
	return case_main_tag(c) && !strcmp(case_main_tag(c), v);
}

/* "rule 2 (org_size: startup; tags: small-team)": the values that matched. */
static char *why_rule(const struct rule *r, const struct id_index *ids, int index,
		      const struct case_study *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t start, i, n;

	strbuf_addf(&sb, "rule %d (", index + 1);
	start = sb.len;
	add_hits(&sb, "org_size", &r->org_size, c, hit_org);
	add_hits(&sb, "tags", &r->tags, c, hit_tag);
	add_hits(&sb, "kind", &r->kind, c, hit_kind);
	add_hits(&sb, r->options_key ? "options" : "languages", &r->languages, c, hit_lang);
	add_hits(&sb, "main", &r->main, c, hit_main);
	if (r->has_years) {
		if (sb.len > start)
			strbuf_adds(&sb, "; ");
		strbuf_addf(&sb, "years: %d-%d", r->year_min, r->year_max);
	}
	if (r->ids.n) { /* the listed ids that matched: the case's, once a listing */
		add_key(&sb, "ids");
		n = id_index_count(ids, c->id);
		for (i = 0; i < n; i++) {
			if (i)
				strbuf_adds(&sb, ", ");
			strbuf_adds(&sb, c->id);
		}
	}
	if (sb.len == start)
		strbuf_adds(&sb, "every case");
	strbuf_addc(&sb, ')');
	return strbuf_detach(&sb, NULL);
}

static double tag_score(const struct audience *aud, const struct case_study *c)
{
	double s = 0;
	size_t i;

	for (i = 0; i < aud->nweights; i++)
		if (isfinite(aud->weights[i].value) &&
		    case_has_tag(c, aud->weights[i].tag))
			s += aud->weights[i].value;
	return s;
}

static double recency_score(const struct audience *aud, int year, int oldest,
			    int newest)
{
	double frac;

	if (newest <= oldest || !isfinite(aud->recency))
		return 0;
	frac = (double)(year - oldest) / (double)(newest - oldest);
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	return aud->recency * frac;
}

/* Rank order: score descending, year descending, grade, id ascending. */
static int cmp_rank(const void *pa, const void *pb)
{
	const struct selected *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->c->year != b->c->year)
		return a->c->year > b->c->year ? -1 : 1;
	if (a->grade != b->grade)
		return a->grade < b->grade ? -1 : 1;
	return strcmp(a->c->id, b->c->id);
}

/* Relevance of a counter-case: score descending, grade, year descending, id. */
static int cmp_relevance(const void *pa, const void *pb)
{
	const struct selected *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->grade != b->grade)
		return a->grade < b->grade ? -1 : 1;
	if (a->c->year != b->c->year)
		return a->c->year > b->c->year ? -1 : 1;
	return strcmp(a->c->id, b->c->id);
}

/* Why a case that was not excluded is left out: no rule, or a filter. */
static char *why_left(const char *failed_filter)
{
	struct strbuf sb = STRBUF_INIT;

	if (!failed_filter)
		return xstrdup("no rule matched");
	strbuf_addf(&sb, "filtered out by %s", failed_filter);
	return strbuf_detach(&sb, NULL);
}

static void add_left(struct selection *sel, size_t *alloc,
		     const struct case_study *c, char *why)
{
	ALLOC_GROW(sel->left, sel->nleft + 1, *alloc);
	sel->left[sel->nleft].c = c;
	sel->left[sel->nleft].why = why;
	sel->nleft++;
}

static int cmp_left_id(const void *pa, const void *pb)
{
	const struct left_out *a = pa, *b = pb;
	return strcmp(a->c->id, b->c->id);
}

/* Scores every entry of `v` with the year range [oldest, newest]. */
static void score_all(const struct audience *aud, struct selected *v, size_t n,
		      int oldest, int newest)
{
	size_t i;
	for (i = 0; i < n; i++)
		v[i].score = tag_score(aud, v[i].c) +
			     recency_score(aud, v[i].c->year, oldest, newest);
}

static void year_range(const struct selected *v, size_t n, int *oldest, int *newest)
{
	size_t i;

	*oldest = *newest = 0;
	for (i = 0; i < n; i++) {
		if (!i || v[i].c->year < *oldest)
			*oldest = v[i].c->year;
		if (!i || v[i].c->year > *newest)
			*newest = v[i].c->year;
	}
}

/*
 * Applies the limit to the ranked candidates `cand` (n of them, nbal of
 * which were added by balance): marks in keep[] which stay. Balance cases
 * come first, then rule-selected against cases up to `balance`, then the
 * best of the rest, so that the limit never undoes the balance.
 */
static void apply_limit(const struct audience *aud, const struct selected *cand,
			size_t n, int *keep)
{
	size_t limit = (size_t)aud->limit, kept = 0, against = 0, i;
	size_t want = aud->balance > 0 ? (size_t)aud->balance : 0;

	if (!aud->limit || n <= limit) {
		for (i = 0; i < n; i++)
			keep[i] = 1;
		return;
	}
	for (i = 0; i < n; i++)
		keep[i] = 0;
	for (i = 0; i < n && kept < limit; i++)
		if (cand[i].by_balance) {
			keep[i] = 1;
			kept++;
			against++;
		}
	for (i = 0; i < n && kept < limit && against < want; i++)
		if (!keep[i] && cand[i].stance == STANCE_AGAINST) {
			keep[i] = 1;
			kept++;
			against++;
		}
	for (i = 0; i < n && kept < limit; i++)
		if (!keep[i]) {
			keep[i] = 1;
			kept++;
		}
}

/* What select_cases builds up before the selection is final. */
struct work {
	const struct audience *aud;
	struct id_index *ids;         /* one per rule, then the exclusion's */
	struct selected *cand, *pool; /* chosen by a rule; against cases kept back */
	size_t ncand, cand_alloc, npool, pool_alloc, left_alloc;
	size_t nagainst;              /* candidates against the subject */
};

static void add_candidate(struct work *w, struct selected s)
{
	ALLOC_GROW(w->cand, w->ncand + 1, w->cand_alloc);
	w->cand[w->ncand++] = s;
}

static void add_pool(struct work *w, struct selected s)
{
	ALLOC_GROW(w->pool, w->npool + 1, w->pool_alloc);
	w->pool[w->npool++] = s;
}

/* Step 1: each case is excluded, a candidate, kept back for balance, or out. */
static void classify(struct work *w, const struct dataset *ds, const struct filters *f,
		     struct selection *sel)
{
	const struct audience *aud = w->aud;
	size_t i;

	for (i = 0; i < ds->ncases; i++) {
		const struct case_study *c = &ds->cases[i];
		enum stance st = case_stance(c, aud->subject);
		enum grade g = case_grade(c);
		const char *failed;
		int r;

		if (aud->has_exclude && rule_matches(&aud->exclude, &w->ids[aud->nmatch], c)) {
			add_left(sel, &w->left_alloc, c, xstrdup("excluded by the profile"));
			continue;
		}
		r = first_rule(aud, w->ids, c, 0);
		failed = r >= 0 ? filters_first_failure(f, c) : NULL;
		if (r >= 0 && !failed) {
			add_candidate(w, (struct selected){ c, 0, st, 0, r,
				why_rule(&aud->match[r], &w->ids[r], r, c), g,
				first_rule(aud, w->ids, c, 1) >= 0 });
			continue;
		}
		/*
		 * An against case no rule kept may still come back through
		 * balance; it waits in the pool with its reason for leaving.
		 */
		if (st == STANCE_AGAINST) {
			add_pool(w, (struct selected){ c, 0, st, 1, -1, why_left(failed), g, 0 });
			continue;
		}
		add_left(sel, &w->left_alloc, c, why_left(failed));
	}
}

/*
 * Step 2, min_score: a candidate below it is left out, or pooled for
 * balance when it goes against the subject, unless an `ids` list names
 * it; that one is kept, and its reason then names the ids rule.
 */
static void apply_min_score(struct work *w, struct selection *sel)
{
	const struct audience *aud = w->aud;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k = 0;

	for (i = 0; i < w->ncand; i++) {
		struct selected *s = &w->cand[i];
		int r;
		if (!aud->has_min_score || !(s->score < aud->min_score)) {
			w->cand[k++] = *s;
			continue;
		}
		if (s->by_id) {
			r = first_rule(aud, w->ids, s->c, 1);
			free(s->why);
			s->why = why_rule(&aud->match[r], &w->ids[r], r, s->c);
			s->rule = r;
			w->cand[k++] = *s;
			continue;
		}
		strbuf_reset(&sb);
		strbuf_addf(&sb, "below min_score (%g)", aud->min_score);
		free(s->why);
		s->why = xstrdup(sb.buf);
		sel->nbelow++;
		if (s->stance == STANCE_AGAINST) {
			s->by_balance = 1;
			s->rule = -1;
			add_pool(w, *s);
		} else {
			add_left(sel, &w->left_alloc, s->c, s->why);
		}
	}
	w->ncand = k;
	strbuf_release(&sb);
}

/* Steps 2 and 3: scores, min_score, then the most relevant pooled cases
 * until balance is met. */
static void score_and_balance(struct work *w, struct selection *sel)
{
	const struct audience *aud = w->aud;
	size_t want = aud->balance > 0 ? (size_t)aud->balance : 0, i;
	int oldest, newest;

	/* Recency is scaled over the candidates (or the pool when none). */
	if (w->ncand)
		year_range(w->cand, w->ncand, &oldest, &newest);
	else
		year_range(w->pool, w->npool, &oldest, &newest);
	score_all(aud, w->cand, w->ncand, oldest, newest);
	score_all(aud, w->pool, w->npool, oldest, newest);
	apply_min_score(w, sel);
	for (i = 0; i < w->ncand; i++)
		w->nagainst += w->cand[i].stance == STANCE_AGAINST;
	if (w->npool > 1)
		qsort(w->pool, w->npool, sizeof(*w->pool), cmp_relevance);
	for (i = 0; i < w->npool; i++) {
		struct strbuf sb = STRBUF_INIT;
		if (w->nagainst >= want) {
			add_left(sel, &w->left_alloc, w->pool[i].c, w->pool[i].why);
			continue;
		}
		strbuf_addf(&sb, "balance: against %s", aud->subject);
		free(w->pool[i].why);
		w->pool[i].why = strbuf_detach(&sb, NULL);
		add_candidate(w, w->pool[i]);
		w->nagainst++;
		sel->nbalance++;
	}
	if (w->ncand > 1)
		qsort(w->cand, w->ncand, sizeof(*w->cand), cmp_rank);
}

/* Step 4: the ranked candidates within the limit become the selection. */
static void keep_within_limit(struct work *w, struct selection *sel)
{
	int *keep = xcalloc(w->ncand ? w->ncand : 1, sizeof(*keep));
	size_t i;

	apply_limit(w->aud, w->cand, w->ncand, keep);
	sel->items = xcalloc(w->ncand ? w->ncand : 1, sizeof(*sel->items));
	for (i = 0; i < w->ncand; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (keep[i]) {
			sel->items[sel->n++] = w->cand[i];
			continue;
		}
		strbuf_addf(&sb, "over the limit (%d)", w->aud->limit);
		free(w->cand[i].why);
		add_left(sel, &w->left_alloc, w->cand[i].c, strbuf_detach(&sb, NULL));
	}
	free(keep);
}

void select_cases(const struct dataset *ds, const struct audience *aud,
		  const struct filters *f, struct selection *sel)
{
	struct filters none = { { 0 }, { 0 }, { 0 }, { 0 }, 0, 0 };
	struct work w;
	size_t i;

	memset(sel, 0, sizeof(*sel));
	memset(&w, 0, sizeof(w));
	sel->aud = aud;
	sel->considered = ds->ncases;
	w.aud = aud;
	w.ids = xcalloc(aud->nmatch + 1, sizeof(*w.ids));
	for (i = 0; i < aud->nmatch; i++)
		id_index_init(&w.ids[i], &aud->match[i].ids);
	id_index_init(&w.ids[aud->nmatch], &aud->exclude.ids);
	classify(&w, ds, f ? f : &none, sel);
	score_and_balance(&w, sel);
	keep_within_limit(&w, sel);
	free(w.pool);
	free(w.cand);
	for (i = 0; i <= aud->nmatch; i++)
		free(w.ids[i].v);
	free(w.ids);
	if (sel->nleft > 1)
		qsort(sel->left, sel->nleft, sizeof(*sel->left), cmp_left_id);
}

void selection_release(struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->n; i++)
		free(sel->items[i].why);
	free(sel->items);
	for (i = 0; i < sel->nleft; i++)
		free(sel->left[i].why);
	free(sel->left);
	memset(sel, 0, sizeof(*sel));
}

/* "a", "a or b", "a, b or c" */
static void add_alternatives(struct strbuf *sb, const struct strlist *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		if (i)
			strbuf_adds(sb, i + 1 == l->n ? " or " : ", ");
		strbuf_adds(sb, l->v[i]);
	}
}

static void add_clause(struct strlist *clauses, const char *lead,
		       const struct strlist *l)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	if (!l->n)
		return;
	strbuf_adds(&sb, lead);
	add_alternatives(&sb, l);
	s = strbuf_detach(&sb, NULL);
	strlist_push(clauses, s);
	free(s);
}

char *select_describe_rule(const struct rule *r, const char *options)
{
	struct strlist clauses = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT, lead = STRBUF_INIT;
	size_t i;

	add_clause(&clauses, "org size is ", &r->org_size);
	add_clause(&clauses, "tags include ", &r->tags);
	add_clause(&clauses, "kind is ", &r->kind);
	strbuf_addf(&lead, "%s include ", options ? options : "languages");
	add_clause(&clauses, lead.buf, &r->languages);
	strbuf_release(&lead);
	add_clause(&clauses, "main driver is ", &r->main);
	if (r->has_years) {
		struct strbuf y = STRBUF_INIT;
		if (r->year_min == r->year_max)
			strbuf_addf(&y, "year is %d", r->year_min);
		else
			strbuf_addf(&y, "year is %d to %d", r->year_min, r->year_max);
		strlist_push(&clauses, y.buf);
		strbuf_release(&y);
	}
	add_clause(&clauses, "id is ", &r->ids);
	if (!clauses.n)
		strbuf_adds(&sb, "every case");
	for (i = 0; i < clauses.n; i++) {
		if (i)
			strbuf_adds(&sb, i + 1 == clauses.n ? ", and " : ", ");
		strbuf_adds(&sb, clauses.v[i]);
	}
	strlist_release(&clauses);
	return strbuf_detach(&sb, NULL);
}
