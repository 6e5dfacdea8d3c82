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
	{ STANCE_FOR, KIND_MIGRATION, W_GROUP_MOVED },
	{ STANCE_FOR, KIND_ADOPTION, W_GROUP_ADOPTED },
	{ STANCE_FOR, KIND_REJECTION, W_GROUP_CHOSE_OVER },
	{ STANCE_AGAINST, KIND_REJECTION, W_GROUP_DECIDED_AGAINST },
	{ STANCE_AGAINST, KIND_MIGRATION, W_GROUP_MOVED_AWAY },
	{ STANCE_AGAINST, KIND_ADOPTION, W_GROUP_CHOSE_OTHER },
	{ STANCE_OTHER, -1, W_GROUP_OTHER },
};

/* Fixed headings of the default template, in its order: before the
 * optional "What changed" section, after it, and in the appendix before
 * the groups of cases. */
static const char *const head_answer[] = { "The answer" };
static const char *const head_body[] = {
	"Contents", "At a glance", "Charts", "The case against", "How this brief was made",
	"Appendix", "The cases in detail"
};
static const char *const head_end[] = { "Sources" };

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
	return AS_GROUP_OTHER; /* not reached: "other" takes any kind */
}

/* Records `heading` (plain text) and returns its anchor. */
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

void as_word(const struct state *st, enum word id, const struct word_args *a,
	     struct strbuf *out)
{
	struct ctx *vars = ctx_new_map();

	ctx_set_str(vars, "subject", st->subject);
	ctx_set_str(vars, "option", st->option);
	ctx_set_str(vars, "options", st->options);
	if (a) {
		ctx_set_num(vars, "n", a->n);
		if (a->from)
			ctx_set_str(vars, "from", a->from);
		else
			ctx_set_bool(vars, "from", 0);
		if (a->to)
			ctx_set_str(vars, "to", a->to);
		else
			ctx_set_bool(vars, "to", 0);
		if (a->turned)
			ctx_set_str(vars, "turned", a->turned);
		else
			ctx_set_bool(vars, "turned", 0);
	}
	words_render(st->words, id, vars, out);
	ctx_free(vars);
}

char *as_word_str(const struct state *st, enum word id, const struct word_args *a)
{
	struct strbuf sb = STRBUF_INIT;
	char *t;

	as_word(st, id, a, &sb);
	t = as_plain(sb.buf);
	strbuf_release(&sb);
	return t;
}

char *as_group_title(const struct state *st, size_t g)
{
	struct strbuf sb = STRBUF_INIT;
	char *t = as_word_str(st, as_group_defs[g].title, NULL);

	markdown_heading_stable(t, &sb);
	free(t);
	return strbuf_detach(&sb, NULL);
}

/* Headings of the groups and of their cases, in document order. */
static void anchor_groups(struct state *st)
{
	size_t g, i;

	for (g = 0; g < AS_NGROUPS; g++) {
		char *title;
		if (!st->group_count[g])
			continue;
		title = as_group_title(st, g);
		st->group_anchor[g] = anchor(st, title);
		free(title);
		for (i = 0; i < st->ncases; i++)
			if (st->cases[i].group == g)
				st->cases[i].anchor = anchor(st, st->cases[i].heading);
	}
}

/* Beside a repeated company, the project tells its cases apart in the
 * tables and lists; its first words do, and keep a table's column narrow
 * (the heading in the appendix has all of it). */
#define NAME_PROJECT_MAX 28

/* The words of `s` that fit in `max` bytes, and an ellipsis when some
 * were left off (a single long first word is kept whole). */
static void short_words(const char *s, size_t max, struct strbuf *out)
{
	size_t n = strlen(s), cut = 0, i;

	if (n <= max) {
		strbuf_add(out, s, n);
		return;
	}
	for (i = 1; i <= max && i < n; i++)
		if (s[i] == ' ')
			cut = i;
	if (!cut)
		for (cut = max; cut < n && s[cut] != ' '; cut++)
			;
	while (cut && strchr(" ,;:(", s[cut - 1]))
		cut--;
	strbuf_add(out, s, cut);
	if (cut < n)
		strbuf_adds(out, "…");
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The heading of a case, and its name where the brief lists it. The
 * brief's company names are sorted once, so that telling a repeated
 * company stays O(n log n) for briefs of thousands of cases. */
static void case_names(struct state *st)
{
	const char **sorted = xcalloc(st->ncases ? st->ncases : 1, sizeof(*sorted));
	size_t i, n = st->ncases;
	int one;

	for (i = 0; i < n; i++)
		sorted[i] = st->cases[i].c->company ? st->cases[i].c->company : "";
	qsort(sorted, n, sizeof(*sorted), cmp_str_ptr);
	/* a team's own data: one company throughout, told apart by project */
	one = n > 1 && !strcmp(sorted[0], sorted[n - 1]);
	for (i = 0; i < n; i++) {
		struct case_info *ci = &st->cases[i];
		struct strbuf sb = STRBUF_INIT, h = STRBUF_INIT;
		const char *key = ci->c->company ? ci->c->company : "";
		const char **hit = bsearch(&key, sorted, n, sizeof(*sorted), cmp_str_ptr);
		char *company = as_plain(ci->c->company), *project = as_plain(ci->c->project);
		int twice = hit && ((hit > sorted && !strcmp(hit[-1], key)) ||
				    (hit + 1 < sorted + n && !strcmp(hit[1], key)));
		strbuf_adds(&sb, company);
		if (*project)
			strbuf_addf(&sb, " — %s", project);
		markdown_heading_stable(sb.buf, &h);
		ci->heading = strbuf_detach(&h, NULL);
		strbuf_reset(&sb);
		if (one && *project)
			strbuf_adds(&sb, project);
		else if (twice && *project) {
			strbuf_addf(&sb, "%s (", company);
			short_words(project, NAME_PROJECT_MAX, &sb);
			strbuf_addc(&sb, ')');
		}
		else
			strbuf_adds(&sb, company);
		ci->name = strbuf_detach(&sb, NULL);
		ci->short_name = one && *project ? ci->name : ci->c->company ? ci->c->company : "";
		free(company);
		free(project);
	}
	free(sorted);
}

char *as_changes_heading(const struct state *st)
{
	struct strbuf sb = STRBUF_INIT;

	if (st->o->earlier && st->o->earlier->date)
		strbuf_addf(&sb, "What changed since %s", st->o->earlier->date);
	else
		strbuf_adds(&sb, "What changed since the last brief");
	return strbuf_detach(&sb, NULL);
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
	case_names(st);

	free(anchor(st, st->sel->aud->title));
	anchor_fixed(st, head_answer, ARRAY_SIZE(head_answer));
	if (st->o->compare) {
		char *t = as_changes_heading(st);
		free(anchor(st, t));
		free(t);
	}
	anchor_fixed(st, head_body, ARRAY_SIZE(head_body));
	anchor_groups(st);
	anchor_fixed(st, head_end, ARRAY_SIZE(head_end));
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

/* Where the brief comes from: the date, the data and the command. */
static void provenance(struct state *st, struct ctx *root)
{
	const struct dataset_info *in = &st->ds->info;
	struct strbuf sb = STRBUF_INIT;
	char *title = in->title ? as_plain(in->title) : NULL;

	as_set_plain_opt(root, "data_digest", st->o->data_digest);
	as_set_plain_opt(root, "command", st->o->command);
	if (st->o->command) {
		struct strbuf code = STRBUF_INIT;
		as_code_span(st->o->command, &code);
		ctx_set_str(root, "command_code", code.buf);
		strbuf_release(&code);
	} else {
		ctx_set_bool(root, "command_code", 0);
	}
	/* the words of templates/provenance.md.mustache */
	strbuf_addf(&sb, "Generated %s", st->facts->date);
	if (title && *title)
		strbuf_addf(&sb, " from %s", title);
	if (st->o->data_digest)
		strbuf_addf(&sb, ", data %s", st->o->data_digest);
	strbuf_addf(&sb, ", by %s.", st->facts->generator);
	if (st->o->command)
		strbuf_addf(&sb, " To make it again: %s", st->o->command);
	st->facts->provenance = strbuf_detach(&sb, NULL);
	free(title);
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
	provenance(st, root);
}

static void release_state(struct state *st)
{
	size_t i;

	for (i = 0; i < st->ncases; i++) {
		free(st->cases[i].src_num);
		free(st->cases[i].anchor);
		free(st->cases[i].heading);
		free(st->cases[i].name);
		ctx_free(st->cases[i].map);
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
	st.words = o->words;
	st.max_age = o->max_age >= 0 ? o->max_age : STALE_AFTER_MONTHS;

	order_cases(&st);
	ntop = as_top_figures(&st, top, ARRAY_SIZE(top));
	as_number_sources(&st, top, ntop, as_strongest_against(&st));

	header(&st, root);
	as_counts(&st, root);
	as_drivers_and_charts(&st, root);
	as_top_figures_ctx(&st, root, top, ntop);
	as_answer(&st, root);
	ctx_set(root, "all_cases", as_case_list(&st, NULL));
	ctx_set(root, "groups", as_groups(&st, 0));
	ctx_set(root, "against_groups", as_groups(&st, 1));
	ctx_set(root, "detail_groups", as_groups(&st, -1));
	l = ctx_set(root, "counter_cases", as_case_list(&st, as_is_against_group));
	ctx_set_bool(root, "has_against", l->n > 0);
	as_for_caveats(&st, root);
	l = ctx_set(root, "questions", as_md_list(&sel->aud->questions));
	ctx_set_bool(root, "has_questions", l->n > 0);
	as_method(&st, root);
	as_sources(&st, root);
	as_record(&st, root);

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
	free(f->provenance);
	record_release(&f->record);
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
