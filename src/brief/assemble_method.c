/*
 * assemble_method.c - "How this brief was made": the audience's rules,
 * weights and filters, what was considered, selected and left out (and
 * why), the balance, and the stale and unverified sources.
 */
#include "brief/assemble_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/date.h"

static void describe_filters(const struct filters *f, struct strbuf *out)
{
	struct { const char *name; const struct strlist *l; } keys[] = {
		{ "--tag", &f->tags }, { "--kind", &f->kinds },
		{ "--org-size", &f->org_sizes }, { "--lang", &f->langs },
	};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (!keys[i].l->n)
			continue;
		if (out->len)
			strbuf_adds(out, "; ");
		strbuf_addf(out, "%s ", keys[i].name);
		for (j = 0; j < keys[i].l->n; j++)
			strbuf_addf(out, "%s%s", j ? " or " : "", keys[i].l->v[j]);
	}
	if (f->since)
		strbuf_addf(out, "%s--since %d", out->len ? "; " : "", f->since);
	if (f->until)
		strbuf_addf(out, "%s--until %d", out->len ? "; " : "", f->until);
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Company names of the data set, sorted, for spotting repeats. */
static const char **sorted_companies(const struct dataset *ds)
{
	const char **v = xcalloc(ds->ncases ? ds->ncases : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < ds->ncases; i++)
		v[i] = ds->cases[i].company ? ds->cases[i].company : "";
	qsort(v, ds->ncases, sizeof(*v), cmp_str_ptr);
	return v;
}

/* "Company", or "Company (case-id)" when the data set has the company twice. */
static void case_name(const struct dataset *ds, const char **sorted,
			const struct case_study *c, struct strbuf *out)
{
	const char *name = c->company ? c->company : "";
	const char **hit = bsearch(&name, sorted, ds->ncases, sizeof(*sorted), cmp_str_ptr);
	int twice = 0;

	if (hit)
		twice = (hit > sorted && !strcmp(hit[-1], name)) ||
			(hit + 1 < sorted + ds->ncases && !strcmp(hit[1], name));
	strbuf_adds(out, name);
	if (twice)
		strbuf_addf(out, " (%s)", c->id);
}

/* The profile: rules, exclusion, weights, limit, filters, and the numbers. */
static void method_profile(struct state *st, struct ctx *m)
{
	const struct audience *aud = st->sel->aud;
	const struct selection *sel = st->sel;
	struct strbuf sb = STRBUF_INIT;
	struct ctx *list = ctx_set(m, "rules", ctx_new_list());
	size_t i;

	for (i = 0; i < aud->nmatch; i++) {
		struct ctx *r = ctx_push(list, ctx_new_map());
		char *text = select_describe_rule(&aud->match[i], st->options);
		as_set_plain(r, "text", text);
		ctx_set_num(r, "n", (double)(i + 1));
		free(text);
	}
	as_mark_ends(list);
	if (aud->has_exclude) {
		char *text = select_describe_rule(&aud->exclude, st->options);
		as_set_plain(m, "exclude", text);
		free(text);
	} else {
		ctx_set_bool(m, "exclude", 0);
	}
	for (i = 0; i < aud->nweights; i++) {
		strbuf_addf(&sb, "%s%s (%g)", i ? ", " : "", as_tag_label(st, aud->weights[i].tag),
			    aud->weights[i].value);
	}
	if (aud->recency > 0)
		strbuf_addf(&sb, "%snewer cases up to %g more", sb.len ? "; " : "", aud->recency);
	as_set_plain_opt(m, "weights", sb.buf);
	as_set_num_opt(m, "limit", aud->limit);
	if (aud->has_min_score) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%g", aud->min_score);
		ctx_set_str(m, "min_score", sb.buf);
	} else {
		ctx_set_bool(m, "min_score", 0);
	}
	ctx_set_num(m, "below_min_score", (double)sel->nbelow);
	ctx_set_num(m, "balance_min", aud->balance);
	strbuf_reset(&sb);
	if (st->o->filters && !filters_empty(st->o->filters))
		describe_filters(st->o->filters, &sb);
	as_set_plain_opt(m, "filters", sb.buf);
	ctx_set_num(m, "considered", (double)sel->considered);
	ctx_set_num(m, "selected", (double)sel->n);
	ctx_set_num(m, "left_out", (double)sel->nleft);
	ctx_set_num(m, "balance", (double)sel->nbalance);
	strbuf_release(&sb);
}

static const char *why_left(const struct left_out *l)
{
	return l->why ? l->why : "left out";
}

/* Left-out cases grouped by reason, reasons in order of first use (few
 * distinct reasons: linear in the number of cases). */
static void method_left_out(struct state *st, struct ctx *m)
{
	const struct selection *sel = st->sel;
	const char **companies = sorted_companies(st->ds);
	struct strlist names = { 0 }, whys = { 0 };
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
	struct ctx *list = ctx_set(m, "left_groups", ctx_new_list());
	size_t i, k;

	for (i = 0; i < sel->nleft; i++)
		if (!strlist_has(&whys, why_left(&sel->left[i])))
			strlist_push(&whys, why_left(&sel->left[i]));
	for (k = 0; k < whys.n; k++) {
		struct ctx *g;
		strlist_release(&names);
		for (i = 0; i < sel->nleft; i++) {
			if (strcmp(why_left(&sel->left[i]), whys.v[k]))
				continue;
			strbuf_reset(&name);
			case_name(st->ds, companies, sel->left[i].c, &name);
			strlist_push(&names, name.buf);
		}
		g = ctx_push(list, ctx_new_map());
		as_set_plain(g, "why", whys.v[k]);
		ctx_set_num(g, "count", (double)names.n);
		strbuf_reset(&sb);
		as_join(&sb, names.v, names.n, ", ");
		as_set_plain(g, "cases_text", sb.buf);
	}
	as_mark_ends(list);
	ctx_set_bool(m, "has_left_out", sel->nleft > 0);
	strlist_release(&names);
	strlist_release(&whys);
	strbuf_release(&sb);
	strbuf_release(&name);
	free(companies);
}

static void method_balance(struct state *st, struct ctx *m)
{
	struct strlist names = { 0 };
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < st->ncases; i++)
		if (st->cases[i].item->by_balance)
			strlist_push(&names, st->cases[i].c->company);
	as_join_and(&sb, names.v, names.n);
	as_set_plain_opt(m, "balance_text", sb.buf);
	strlist_release(&names);
	strbuf_release(&sb);
}

/* The cited sources that are stale or were never verified. */
static void method_freshness(struct state *st, struct ctx *m)
{
	struct ctx *list = ctx_set(m, "stale", ctx_new_list());
	size_t i, nunverified = 0;
	char buf[16];

	for (i = 0; i < st->nnums; i++) {
		const struct case_info *ci = st->nums[i].ci;
		const struct source *s = &ci->c->sources[st->nums[i].si];
		struct ctx *e;
		if (!as_verified(st, (int)i + 1)->year)
			nunverified++;
		if (!as_stale(st, (int)i + 1))
			continue;
		e = ctx_push(list, ctx_new_map());
		ctx_set_num(e, "n", (double)(i + 1));
		as_set_plain(e, "title", s->title);
		as_set_plain(e, "company", ci->c->company);
		ctx_set_str(e, "verified", date_format(as_verified(st, (int)i + 1), buf));
	}
	as_mark_ends(list);
	ctx_set_bool(m, "has_stale", list->n > 0);
	ctx_set_num(m, "unverified", (double)nunverified);
	ctx_set_num(m, "sources", (double)st->nnums);
	ctx_set_num(m, "max_age", st->max_age);
	ctx_set_str(m, "today", date_format(&st->o->today, buf));
	st->facts->nstale = list->n;
	st->facts->nunverified = nunverified;
}

/* How many cases of each grade the brief holds. */
static void method_grades(struct state *st, struct ctx *m)
{
	struct ctx *g = ctx_set(m, "grades", ctx_new_map());
	size_t n[GRADE__COUNT] = { 0 }, i;

	for (i = 0; i < st->ncases; i++)
		n[st->cases[i].grade]++;
	for (i = 0; i < GRADE__COUNT; i++) {
		char key[2] = { (char)('a' + i), 0 };
		ctx_set_num(g, key, (double)n[i]);
	}
}

void as_method(struct state *st, struct ctx *root)
{
	struct ctx *m = ctx_set(root, "method", ctx_new_map());

	method_profile(st, m);
	method_grades(st, m);
	method_left_out(st, m);
	method_balance(st, m);
	method_freshness(st, m);
}
