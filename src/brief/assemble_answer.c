/*
 * assemble_answer.c - the answer on one page (the sides with their
 * grades, where each side's cases won or lost, the strongest case
 * against), and the brief's record with what changed since the last one.
 *
 * Everything the answer names is bounded (ASSEMBLE_ANSWER_NAMES cases a
 * side, ASSEMBLE_ANSWER_REASONS reasons, ASSEMBLE_TOP_FIGURES numbers),
 * so that it fits one page whatever the selection; what is left over is
 * counted ("and 20 more") rather than dropped without a word.
 */
#include "brief/assemble_int.h"

#include <stdlib.h>
#include <string.h>

#include "brief/compare.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/date.h"

struct case_info *as_strongest_against(struct state *st)
{
	struct case_info *best = NULL;
	size_t i;

	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		if (ci->item->stance != STANCE_AGAINST)
			continue;
		if (!best || ci->grade < best->grade ||
		    (ci->grade == best->grade && ci->rank < best->rank))
			best = ci;
	}
	return best;
}

/* "2 A, 1 C": the grades of a side's cases, best first. */
static void grades_text(const size_t n[GRADE__COUNT], struct strbuf *out)
{
	size_t g;

	for (g = 0; g < GRADE__COUNT; g++)
		if (n[g])
			strbuf_addf(out, "%s%zu %s", out->len ? ", " : "", n[g], grade_names[g]);
}

/* Cases of a side in rank order (the selection's), best grade first
 * among equals: the order in which the answer names them. */
static int cmp_rank(const void *a, const void *b)
{
	const struct case_info *x = *(const struct case_info *const *)a;
	const struct case_info *y = *(const struct case_info *const *)b;

	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/*
 * The names a side lists, in rank order: a case by its short name
 * (case_info.short_name), and the cases that share one (three Google
 * cases) as one entry with their count and grades, so that a brief of
 * many cases of few companies stays short. At most ASSEMBLE_ANSWER_NAMES
 * entries; *shown says how many cases they hold.
 */
static struct ctx *named(struct case_info **v, size_t n, size_t *shown)
{
	struct ctx *list = ctx_new_list();
	unsigned char *done = xcalloc(n ? n : 1, 1);
	size_t i, j;

	*shown = 0;
	for (i = 0; i < n && list->n < ASSEMBLE_ANSWER_NAMES; i++) {
		struct ctx *c;
		struct strbuf g = STRBUF_INIT;
		size_t count = 0;
		if (done[i])
			continue;
		for (j = i; j < n; j++)
			if (!done[j] && !strcmp(v[j]->short_name, v[i]->short_name)) {
				done[j] = 1;
				strbuf_addf(&g, "%s%s", count++ ? ", " : "", grade_names[v[j]->grade]);
			}
		c = ctx_push(list, ctx_new_map());
		ctx_set_str(c, "name", v[i]->short_name);
		ctx_set_str(c, "anchor", v[i]->anchor ? v[i]->anchor : "");
		ctx_set_str(c, "grade", grade_names[v[i]->grade]);
		ctx_set_num(c, "count", (double)count);
		ctx_set_bool(c, "several", count > 1);
		ctx_set_str(c, "grades", g.buf);
		*shown += count;
		strbuf_release(&g);
	}
	as_mark_ends(list);
	free(done);
	return list;
}

/* One side of the answer: its label, its count and grades, the cases it
 * names and how many more it has. */
static struct ctx *side(struct state *st, enum stance s, enum word label)
{
	struct ctx *m = ctx_new_map();
	struct case_info **v = xcalloc(st->ncases ? st->ncases : 1, sizeof(*v));
	size_t grades[GRADE__COUNT] = { 0 }, n = 0, i, shown;
	struct strbuf sb = STRBUF_INIT;
	char *t;

	for (i = 0; i < st->ncases; i++)
		if (st->cases[i].item->stance == s) {
			v[n++] = &st->cases[i];
			grades[st->cases[i].grade]++;
		}
	qsort(v, n, sizeof(*v), cmp_rank);
	t = as_word_str(st, label, NULL);
	ctx_set_str(m, "label", t);
	free(t);
	ctx_set_num(m, "count", (double)n);
	strbuf_addf(&sb, "%zu case%s", n, n == 1 ? "" : "s");
	ctx_set_str(m, "count_text", sb.buf);
	strbuf_reset(&sb);
	grades_text(grades, &sb);
	as_set_plain_opt(m, "grades", sb.buf);
	ctx_set(m, "cases", named(v, n, &shown));
	as_set_num_opt(m, "more", (int)(n - shown));
	ctx_set_bool(m, "has_cases", n > 0);
	strbuf_release(&sb);
	free(v);
	return m;
}

struct main_count {
	const char *tag, *label;
	size_t n;
};

static int cmp_main(const void *a, const void *b)
{
	const struct main_count *x = a, *y = b;
	int r;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	r = strcmp(x->label, y->label);
	return r ? r : strcmp(x->tag, y->tag);
}

/* The main reasons of one side's cases, most common first: a list of
 * { label count }, at most ASSEMBLE_ANSWER_REASONS; *more says how many
 * other main reasons there are, *any whether there is one. */
static struct ctx *main_reasons(struct state *st, enum stance s, int *more, int *any)
{
	struct main_count *v = xcalloc(st->ncases ? st->ncases : 1, sizeof(*v));
	struct ctx *list = ctx_new_list();
	size_t n = 0, i, k;

	for (i = 0; i < st->ncases; i++) {
		const struct case_study *c = st->cases[i].c;
		if (st->cases[i].item->stance != s || !c->ndrivers)
			continue;
		for (k = 0; k < n && strcmp(v[k].tag, c->drivers[0].tag); k++)
			;
		if (k == n) {
			v[n].tag = c->drivers[0].tag;
			v[n++].label = as_tag_label(st, c->drivers[0].tag);
		}
		v[k].n++;
	}
	qsort(v, n, sizeof(*v), cmp_main);
	for (i = 0; i < n && i < ASSEMBLE_ANSWER_REASONS; i++) {
		struct ctx *m = ctx_push(list, ctx_new_map());
		as_set_plain(m, "label", v[i].label);
		ctx_set_num(m, "count", (double)v[i].n);
	}
	as_mark_ends(list);
	*more = n > ASSEMBLE_ANSWER_REASONS ? (int)(n - ASSEMBLE_ANSWER_REASONS) : 0;
	*any = n > 0;
	free(v);
	return list;
}

static void strongest(struct state *st, struct ctx *root)
{
	struct case_info *ci = as_strongest_against(st);
	const struct case_study *c;
	struct ctx *m;

	if (!ci) {
		ctx_set_bool(root, "strongest", 0);
		return;
	}
	c = ci->c;
	m = ctx_set(root, "strongest", ctx_new_map());
	ctx_set_str(m, "name", ci->name);
	ctx_set_str(m, "heading", ci->heading);
	ctx_set_str(m, "anchor", ci->anchor ? ci->anchor : "");
	ctx_set_num(m, "year", c->year);
	ctx_set_str(m, "grade", grade_names[ci->grade]);
	{
		char *move = as_move(st, c);
		as_set_plain_opt(m, "move", move);
		free(move);
	}
	as_set_plain_opt(m, "main_driver", c->ndrivers ? as_tag_label(st, c->drivers[0].tag) : NULL);
	as_set_num_opt(m, "n", c->ndrivers ? as_cite(st, ci, c->drivers[0].source) : 0);
}

void as_answer(struct state *st, struct ctx *root)
{
	int more, any;

	ctx_set(root, "side_for", side(st, STANCE_FOR, W_SIDE_FOR));
	ctx_set(root, "side_against", side(st, STANCE_AGAINST, W_SIDE_AGAINST));
	ctx_set(root, "side_other", side(st, STANCE_OTHER, W_SIDE_OTHER));
	ctx_set(root, "won", main_reasons(st, STANCE_FOR, &more, &any));
	as_set_num_opt(root, "won_more", more);
	ctx_set_bool(root, "won_more_one", more == 1);
	ctx_set_bool(root, "has_won", any);
	ctx_set(root, "lost", main_reasons(st, STANCE_AGAINST, &more, &any));
	as_set_num_opt(root, "lost_more", more);
	ctx_set_bool(root, "lost_more_one", more == 1);
	ctx_set_bool(root, "has_lost", any);
	strongest(st, root);
}

/* ---- the record ---------------------------------------------------------- */

static void record_profile(struct state *st, struct brief_record *r)
{
	const struct audience *aud = st->sel->aud;
	size_t i;

	r->rules = xcalloc(aud->nmatch ? aud->nmatch : 1, sizeof(*r->rules));
	for (i = 0; i < aud->nmatch; i++)
		r->rules[i] = select_describe_rule(&aud->match[i], st->options);
	r->nrules = aud->nmatch;
	r->exclude = aud->has_exclude ? select_describe_rule(&aud->exclude, st->options) : NULL;
	r->has_min_score = aud->has_min_score;
	r->min_score = aud->min_score;
	r->balance = aud->balance;
	r->limit = aud->limit;
}

static void record_cases(struct state *st, struct brief_record *r)
{
	size_t i, j, k = 0;

	r->cases = xcalloc(st->ncases ? st->ncases : 1, sizeof(*r->cases));
	r->ncases = st->ncases;
	for (i = 0; i < st->ncases; i++) {
		const struct case_info *ci = &st->cases[i];
		struct record_case *c = &r->cases[i];
		c->id = xstrdup(ci->c->id);
		c->company = as_plain(ci->c->company);
		c->project = as_plain(ci->c->project);
		c->stance = xstrdup(stance_names[ci->item->stance]);
		c->grade = xstrdup(grade_names[ci->grade]);
		c->year = ci->c->year;
		c->by_balance = ci->item->by_balance;
		r->nfigures += ci->c->nfigures;
	}
	r->left = xcalloc(st->sel->nleft ? st->sel->nleft : 1, sizeof(*r->left));
	r->nleft = st->sel->nleft;
	for (i = 0; i < st->sel->nleft; i++) {
		r->left[i].id = xstrdup(st->sel->left[i].c->id);
		r->left[i].why = xstrdup(st->sel->left[i].why ? st->sel->left[i].why : "left out");
	}
	r->figures = xcalloc(r->nfigures ? r->nfigures : 1, sizeof(*r->figures));
	for (i = 0; i < st->ncases; i++) {
		const struct case_study *c = st->cases[i].c;
		for (j = 0; j < c->nfigures; j++, k++) {
			struct record_figure *f = &r->figures[k];
			f->case_id = xstrdup(c->id);
			f->label = as_plain(c->figures[j].label);
			f->value = as_plain(c->figures[j].value);
			f->kind = xstrdup(figure_kind_names[c->figures[j].kind]);
			f->quotable = figure_quotable(c, &c->figures[j]);
		}
	}
}

static void record_sources(struct state *st, struct brief_record *r)
{
	char buf[16];
	size_t i;

	r->sources = xcalloc(st->nnums ? st->nnums : 1, sizeof(*r->sources));
	r->nsources = st->nnums;
	for (i = 0; i < st->nnums; i++) {
		const struct source *s = &st->nums[i].ci->c->sources[st->nums[i].si];
		const struct date *v = as_verified(st, (int)i + 1);
		struct record_source *rs = &r->sources[i];
		rs->key = xstrdup(s->url ? s->url : s->ref ? s->ref : s->id);
		rs->title = as_plain(s->title);
		rs->verified = v->year ? xstrdup(date_format(v, buf)) : NULL;
		rs->stale = as_stale(st, (int)i + 1);
	}
}

void as_record(struct state *st, struct ctx *root)
{
	struct brief_record *r = &st->facts->record;
	const struct dataset_info *in = &st->ds->info;
	struct ctx *changes;
	char *heading;

	r->version = RECORD_VERSION;
	r->audience = xstrdup(st->sel->aud->id);
	r->title = xstrdup(st->facts->title);
	r->subject = xstrdup(st->facts->subject);
	r->date = xstrdup(st->facts->date);
	r->digest = xstrdup(st->o->data_digest ? st->o->data_digest : "");
	r->collection = in->title ? as_plain(in->title) : NULL;
	r->generator = xstrdup(st->facts->generator);
	r->max_age = st->max_age;
	record_profile(st, r);
	record_cases(st, r);
	record_sources(st, r);
	if (!st->o->compare) {
		ctx_set_bool(root, "changes", 0);
		return;
	}
	changes = st->o->earlier ? compare_records(st->o->earlier, r) : ctx_new_map();
	ctx_set(root, "changes", changes);
	heading = as_changes_heading(st);
	ctx_set_str(changes, "heading", heading);
	free(heading);
	ctx_set_bool(changes, "none", !st->o->earlier);
}
