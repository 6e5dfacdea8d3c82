/*
 * assemble.c - selection -> context tree and facts (the keys and the
 * facts are listed in assemble.h).
 *
 * The work is done in passes over one array of cases in "brief order"
 * (the order in which the default template shows them: grouped by stance
 * and kind, ranked within a group):
 *   1. group the selected cases and give every heading its anchor (here);
 *   2. number the sources in order of first citation (assemble_cite.c);
 *   3. build the maps the template reads, and the facts (the other
 *      assemble_*.c files, one per part of the brief).
 * Passes 1 and 2 must follow the template's reading order, so the order
 * of the headings below and of the citations in assemble_cite.c mirrors
 * templates/brief.md.mustache.
 */
#include "brief/assemble_int.h"

#include <stdlib.h>
#include <string.h>

#include "data/evidence.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/date.h"

const struct group_def as_group_defs[AS_NGROUPS] = {
	{ STANCE_FOR, KIND_MIGRATION, "Moved to %s", TITLE_SUBJECT },
	{ STANCE_FOR, KIND_ADOPTION, "Adopted %s", TITLE_SUBJECT },
	{ STANCE_FOR, KIND_REJECTION, "Chose %s over another %s", TITLE_SUBJECT_OPTION },
	{ STANCE_OTHER, -1, "Other %s in the same spot", TITLE_OPTIONS },
	{ STANCE_AGAINST, KIND_REJECTION, "Decided against %s", TITLE_SUBJECT },
	{ STANCE_AGAINST, KIND_MIGRATION, "Moved away from %s", TITLE_SUBJECT },
	{ STANCE_AGAINST, KIND_ADOPTION, "Chose another %s over %s", TITLE_OPTION_SUBJECT },
};

/* Fixed headings of the default template, in its order. */
static const char *const head_before_cases[] = {
	"Contents", "Summary", "At a glance", "Charts", "The cases"
};
static const char *const head_before_against[] = { "The case against" };
static const char *const head_after_against[] = {
	"Questions to take to the team", "How this brief was made", "Sources"
};

const char *as_tag_label(const struct state *st, const char *tag)
{
	const struct tag *t = dataset_find_tag(st->ds, tag);
	return t && t->label ? t->label : tag;
}

/* ---- pass 1: groups and anchors ------------------------------------- */

static int group_of(const struct selected *it)
{
	size_t g;

	for (g = 0; g < AS_NGROUPS; g++)
		if (as_group_defs[g].stance == it->stance &&
		    (as_group_defs[g].kind < 0 || as_group_defs[g].kind == (int)it->c->kind))
			return (int)g;
	return 3; /* not reached: "other" takes any kind */
}

static char *anchor(struct state *st, const char *heading)
{
	struct strbuf sb = STRBUF_INIT;
	char *t = as_plain(heading);

	markdown_anchors_add(&st->anchors, t, &sb);
	free(t);
	return strbuf_detach(&sb, NULL);
}

static void anchor_fixed(struct state *st, const char *const *heads, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(anchor(st, heads[i]));
}

char *as_group_title(const struct state *st, size_t g)
{
	const struct group_def *d = &as_group_defs[g];
	struct strbuf sb = STRBUF_INIT;

	switch (d->args) {
	case TITLE_SUBJECT:
		strbuf_addf(&sb, d->title, st->subject);
		break;
	case TITLE_SUBJECT_OPTION:
		strbuf_addf(&sb, d->title, st->subject, st->option);
		break;
	case TITLE_OPTIONS:
		strbuf_addf(&sb, d->title, st->options);
		break;
	case TITLE_OPTION_SUBJECT:
		strbuf_addf(&sb, d->title, st->option, st->subject);
		break;
	}
	return strbuf_detach(&sb, NULL);
}

/* Headings of groups g0..g1-1 and of their cases, in document order. */
static void anchor_groups(struct state *st, size_t g0, size_t g1)
{
	size_t g, i;

	for (g = g0; g < g1; g++) {
		char *title;
		if (!st->group_count[g])
			continue;
		title = as_group_title(st, g);
		st->group_anchor[g] = anchor(st, title);
		free(title);
		for (i = 0; i < st->ncases; i++)
			if (st->cases[i].group == g)
				st->cases[i].anchor = anchor(st, st->cases[i].c->company);
	}
}

static int has_baseline(const struct figure *f)
{
	return f->baseline && *f->baseline;
}

/*
 * The figure that stands for a case: the first quotable one with a
 * baseline, else the first quotable one; with `any`, failing those, the
 * first with a baseline, else the first. -1 when there is none.
 */
static int pick_figure(const struct case_study *c, int any)
{
	int pass, last = any ? 4 : 2;
	size_t i;

	for (pass = 0; pass < last; pass++)
		for (i = 0; i < c->nfigures; i++) {
			const struct figure *f = &c->figures[i];
			if ((pass < 2 && !figure_quotable(c, f)) || (!(pass & 1) && !has_baseline(f)))
				continue;
			return (int)i;
		}
	return -1;
}

static void order_cases(struct state *st)
{
	const struct selection *sel = st->sel;
	size_t g, i, k = 0;

	st->cases = xcalloc(sel->n ? sel->n : 1, sizeof(*st->cases));
	for (g = 0; g < AS_NGROUPS; g++) {
		for (i = 0; i < sel->n; i++) {
			struct case_info *ci;
			if ((size_t)group_of(&sel->items[i]) != g)
				continue;
			ci = &st->cases[k++];
			ci->item = &sel->items[i];
			ci->c = sel->items[i].c;
			ci->rank = i;
			ci->group = g;
			ci->src_num = xcalloc(ci->c->nsources ? ci->c->nsources : 1, sizeof(int));
			ci->key_fig = pick_figure(ci->c, 1);
			ci->quote_fig = pick_figure(ci->c, 0);
			ci->grade = case_grade(ci->c);
			st->group_count[g]++;
		}
	}
	st->ncases = k;

	free(anchor(st, st->sel->aud->title));
	anchor_fixed(st, head_before_cases, ARRAY_SIZE(head_before_cases));
	anchor_groups(st, 0, 4);
	anchor_fixed(st, head_before_against, ARRAY_SIZE(head_before_against));
	anchor_groups(st, 4, AS_NGROUPS);
	anchor_fixed(st, head_after_against, ARRAY_SIZE(head_after_against));
}

/* ---- the header and the facts --------------------------------------- */

/* Sets `key` to the trimmed text and keeps a copy in *fact. */
static void set_fact(struct ctx *root, const char *key, const char *s, char **fact)
{
	*fact = as_plain(s);
	ctx_set_str(root, key, *fact);
}

/* What dataset.yaml says about the collection (false when it does not). */
static void collection(struct state *st, struct ctx *root)
{
	const struct dataset_info *in = &st->ds->info;

	as_set_plain_opt(root, "collection", in->title);
	as_set_plain_opt(root, "curator", in->curator);
	as_set_plain_opt(root, "contact", in->contact);
	if (in->curator)
		st->facts->curator = as_plain(in->curator);
	ctx_set_str(root, "option", st->option);
	ctx_set_str(root, "options", st->options);
}

static void header(struct state *st, struct ctx *root)
{
	const struct audience *aud = st->sel->aud;
	struct brief_facts *f = st->facts;
	struct date newest = { 0, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	char buf[16], *t;
	size_t i, j;

	set_fact(root, "title", aud->title, &f->title);
	set_fact(root, "audience", aud->audience, &f->audience);
	f->audience_id = xstrdup(aud->id);
	ctx_set_str(root, "audience_id", f->audience_id);
	set_fact(root, "question", aud->question, &f->question);
	set_fact(root, "subject", aud->subject, &f->subject);
	t = as_md_block(aud->intro);
	if (*t)
		ctx_set_str(root, "intro", t);
	else
		ctx_set_bool(root, "intro", 0);
	free(t);
	set_fact(root, "date", date_format(&st->o->today, buf), &f->date);
	for (i = 0; i < st->ncases; i++)
		for (j = 0; j < st->cases[i].c->nsources; j++) {
			const struct date *v = &st->cases[i].c->sources[j].verified;
			if (v->year && date_cmp(v, &newest) > 0)
				newest = *v;
		}
	set_fact(root, "data_as_of", newest.year ? date_format(&newest, buf) : "not recorded",
		 &f->data_as_of);
	strbuf_addf(&sb, "casebrief %s", st->o->version ? st->o->version : CASEBRIEF_VERSION);
	set_fact(root, "generator", sb.buf, &f->generator);
	strbuf_release(&sb);
	f->ncases = st->ncases;
	f->max_age = st->max_age;
	collection(st, root);
}

static void release_state(struct state *st)
{
	size_t i;

	for (i = 0; i < st->ncases; i++) {
		free(st->cases[i].src_num);
		free(st->cases[i].anchor);
	}
	for (i = 0; i < AS_NGROUPS; i++)
		free(st->group_anchor[i]);
	free(st->cases);
	free(st->nums);
	free(st->num_slots);
	free(st->verified);
	markdown_anchors_release(&st->anchors);
}

struct ctx *assemble_brief(const struct dataset *ds, const struct selection *sel,
			   const struct assemble_opts *o, struct brief_facts *facts)
{
	struct state st;
	struct brief_facts own;
	struct ctx *root = ctx_new_map(), *l;
	struct fig_pick top[ASSEMBLE_TOP_FIGURES];
	size_t ntop;

	memset(&st, 0, sizeof(st));
	st.ds = ds;
	st.sel = sel;
	st.o = o;
	st.facts = facts ? facts : &own;
	memset(st.facts, 0, sizeof(*st.facts));
	st.subject = sel->aud->subject ? sel->aud->subject : "";
	st.option = dataset_option_name(ds, 0);
	st.options = dataset_option_name(ds, 1);
	st.max_age = o->max_age >= 0 ? o->max_age : STALE_AFTER_MONTHS;

	order_cases(&st);
	ntop = as_top_figures(&st, top, ARRAY_SIZE(top));
	as_number_sources(&st, top, ntop);

	header(&st, root);
	as_counts(&st, root);
	as_drivers_and_charts(&st, root);
	as_top_figures_ctx(&st, root, top, ntop);
	ctx_set(root, "all_cases", as_case_list(&st, NULL));
	ctx_set(root, "groups", as_groups(&st, 0));
	ctx_set(root, "against_groups", as_groups(&st, 1));
	l = ctx_set(root, "counter_cases", as_case_list(&st, as_is_against_group));
	ctx_set_bool(root, "has_against", l->n > 0);
	as_for_caveats(&st, root);
	l = ctx_set(root, "questions", as_md_list(&sel->aud->questions));
	ctx_set_bool(root, "has_questions", l->n > 0);
	as_method(&st, root);
	as_sources(&st, root);

	release_state(&st);
	if (!facts)
		brief_facts_release(&own);
	return root;
}

void brief_facts_release(struct brief_facts *f)
{
	size_t i;

	free(f->title);
	free(f->audience);
	free(f->audience_id);
	free(f->question);
	free(f->subject);
	free(f->date);
	free(f->data_as_of);
	free(f->generator);
	free(f->keywords);
	free(f->curator);
	for (i = 0; i < f->ncharts; i++)
		chart_release(&f->charts[i].chart);
	memset(f, 0, sizeof(*f));
}

const struct chart *brief_facts_chart(const struct brief_facts *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->ncharts; i++)
		if (!strcmp(f->charts[i].name, name))
			return &f->charts[i].chart;
	return NULL;
}
