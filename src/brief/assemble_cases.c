/*
 * assemble_cases.c - the maps of the cases (CASE in assemble.h), their
 * groups, the list of sources, and what the summary quotes of them.
 */
#include "brief/assemble_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/date.h"

static const char *const kind_labels[KIND__COUNT] = {
	"Migration", "Adoption", "Rejection"
};
static const char *const org_size_labels[ORG__COUNT] = {
	"Startup", "Scale-up", "Enterprise", "Indie", "Open source", "Public sector",
	"In-house"
};
static const char *const status_labels[STATUS__COUNT] = {
	"Complete", "Ongoing", "Planned", "Reversed"
};
static const char *const source_kind_labels[SRC__COUNT] = {
	"First-party", "Press", "Talk", "Podcast", "Forum", "Third-party", "Internal",
	"Compilation"
};
/* What the list of sources says of a source's kind; NULL: nothing. */
static const char *const source_kind_notes[SRC__COUNT] = {
	NULL, NULL, NULL, NULL, NULL, NULL, "An internal document.",
	"A compilation: it repeats claims made in other documents."
};
static const char *const stance_labels[3] = { "for", "against", "other" };

/* The move in words (words.h, moves.*): what was left, what was chosen,
 * and what else was turned down ("Rust → C#" already says Rust was left). */
char *as_move(const struct state *st, const struct case_study *c)
{
	static const enum word by_kind[KIND__COUNT] = {
		W_MOVE_MIGRATION, W_MOVE_ADOPTION, W_MOVE_REJECTION
	};
	struct strbuf from = STRBUF_INIT, turned_text = STRBUF_INIT;
	struct strlist turned = { 0 };
	struct word_args a = { 0, NULL, NULL, NULL };
	char *s, *to = c->to ? as_plain(c->to) : NULL;
	size_t i;

	as_join(&from, c->from.v, c->from.n, ", ");
	for (i = 0; i < c->rejected.n; i++)
		if (!strlist_has(&c->from, c->rejected.v[i]))
			strlist_push(&turned, c->rejected.v[i]);
	as_join_and(&turned_text, turned.v, turned.n);
	a.from = from.len ? from.buf : NULL;
	a.to = to && *to ? to : NULL;
	a.turned = turned_text.len ? turned_text.buf : NULL;
	s = as_word_str(st, by_kind[c->kind], &a);
	strlist_release(&turned);
	strbuf_release(&from);
	strbuf_release(&turned_text);
	free(to);
	return s;
}

static struct ctx *figure_map(struct state *st, struct case_info *ci, size_t fi)
{
	const struct figure *f = &ci->c->figures[fi];
	struct ctx *m = ctx_new_map();

	as_set_plain(m, "label", f->label);
	as_set_plain(m, "value", f->value);
	as_set_plain_opt(m, "baseline", f->baseline);
	ctx_set_str(m, "kind", figure_kind_names[f->kind]);
	ctx_set_bool(m, "quotable", figure_quotable(ci->c, f));
	as_set_plain_opt(m, "kind_label", figure_label(ci->c, f));
	as_set_num_opt(m, "n", as_cite(st, ci, f->source));
	return m;
}

static struct ctx *case_sources(struct state *st, struct case_info *ci)
{
	struct ctx *list = ctx_new_list();
	int *order = xcalloc(ci->c->nsources ? ci->c->nsources : 1, sizeof(int));
	size_t n = ci->c->nsources, i, j;

	/* Sources of a case in citation-number order (insertion sort: few). */
	for (i = 0; i < n; i++)
		order[i] = (int)i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && ci->src_num[order[j - 1]] > ci->src_num[order[j]]; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		const struct source *s = &ci->c->sources[order[i]];
		struct ctx *m = ctx_push(list, ctx_new_map());
		int num = as_cite_index(st, ci, (size_t)order[i]);
		ctx_set_num(m, "n", num);
		as_set_plain(m, "title", s->title);
		ctx_set_bool(m, "stale", as_stale(st, num));
	}
	free(order);
	as_mark_ends(list);
	return list;
}

/* "Enterprise, team of 4, messaging"; "Team of 2"; NULL when nothing is known. */
static char *org_text(const struct case_study *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->has_org)
		strbuf_adds(&sb, org_size_labels[c->org_size]);
	if (c->team)
		strbuf_addf(&sb, "%s of %d", sb.len ? ", team" : "Team", c->team);
	if (c->domain) {
		char *d = as_plain(c->domain);
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", d);
		if (sb.len && sb.buf[0] >= 'a' && sb.buf[0] <= 'z' && !c->team && !c->has_org)
			sb.buf[0] = (char)(sb.buf[0] - 'a' + 'A');
		free(d);
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* Who, what, when: the case's identity and its move. */
static void case_head(struct state *st, struct case_info *ci, struct ctx *m)
{
	const struct case_study *c = ci->c;
	struct strbuf sb = STRBUF_INIT;
	char *s;

	ctx_set_str(m, "id", c->id);
	as_set_plain(m, "company", c->company);
	ctx_set_str(m, "heading", ci->heading);
	ctx_set_str(m, "name", ci->name);
	as_set_plain(m, "project", c->project);
	ctx_set_str(m, "kind", case_kind_names[c->kind]);
	ctx_set_str(m, "kind_label", kind_labels[c->kind]);
	ctx_set(m, "from", as_str_list(&c->from));
	as_join(&sb, c->from.v, c->from.n, ", ");
	as_set_plain_opt(m, "from_text", sb.buf);
	as_set_plain_opt(m, "to", c->to);
	ctx_set(m, "rejected", as_str_list(&c->rejected));
	strbuf_reset(&sb);
	as_join_and(&sb, c->rejected.v, c->rejected.n);
	as_set_plain_opt(m, "rejected_text", sb.buf);
	ctx_set_num(m, "year", c->year);
	as_set_plain_opt(m, "org_size", c->has_org ? org_size_names[c->org_size] : NULL);
	as_set_plain_opt(m, "org_size_label", c->has_org ? org_size_labels[c->org_size] : NULL);
	as_set_num_opt(m, "team", c->team);
	as_set_plain_opt(m, "domain", c->domain);
	s = org_text(c);
	as_set_plain_opt(m, "org_text", s);
	free(s);
	ctx_set_str(m, "status", case_status_names[c->status]);
	ctx_set_str(m, "status_label", status_labels[c->status]);
	as_set_plain_opt(m, "status_note",
			 c->status != STATUS_COMPLETE ? status_labels[c->status] : NULL);
	as_set_md_inline(m, "summary", c->summary);
	s = as_move(st, c);
	as_set_plain_opt(m, "move", s);
	free(s);
	ctx_set_str(m, "stance", stance_names[ci->item->stance]);
	ctx_set_str(m, "stance_label", stance_labels[ci->item->stance]);
	ctx_set_str(m, "grade", grade_names[ci->grade]);
	as_set_plain_opt(m, "main_tag", case_main_tag(c));
	as_set_plain_opt(m, "main_driver", c->ndrivers ? as_tag_label(st, c->drivers[0].tag) : NULL);
	strbuf_release(&sb);
}

/* The tag's group: its id and its label (dataset.yaml's groups, else the
 * id capitalised); false when the tag is unknown. */
static void tag_group(const struct state *st, struct ctx *m, const char *tag)
{
	const struct tag *t = dataset_find_tag(st->ds, tag);
	struct strbuf sb = STRBUF_INIT;

	if (!t || !t->group) {
		ctx_set_bool(m, "group", 0);
		ctx_set_bool(m, "group_label", 0);
		return;
	}
	ctx_set_str(m, "group", t->group);
	ctx_set_str(m, "group_label", dataset_group_label(st->ds, t->group, &sb));
	strbuf_release(&sb);
}

static struct ctx *driver_list(struct state *st, struct case_info *ci)
{
	const struct case_study *c = ci->c;
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < c->ndrivers; i++) {
		const struct driver *dr = &c->drivers[i];
		struct ctx *d = ctx_push(list, ctx_new_map());
		ctx_set_str(d, "tag", dr->tag);
		ctx_set_str(d, "label", as_tag_label(st, dr->tag));
		tag_group(st, d, dr->tag);
		as_set_md_inline(d, "text", dr->text);
		ctx_set_str(d, "basis", driver_basis_names[dr->basis]);
		ctx_set_bool(d, "inferred", dr->basis == BASIS_INFERRED);
		as_set_num_opt(d, "n", as_cite(st, ci, dr->source));
	}
	as_mark_ends(list);
	return list;
}

/* The labels of the case's reasons, each once, the main one first. */
static struct ctx *reason_list(struct state *st, const struct case_study *c)
{
	struct ctx *list = ctx_new_list();
	size_t i, j;

	for (i = 0; i < c->ndrivers; i++) {
		struct ctx *m;
		for (j = 0; j < i; j++)
			if (!strcmp(c->drivers[j].tag, c->drivers[i].tag))
				break;
		if (j < i)
			continue;
		m = ctx_push(list, ctx_new_map());
		as_set_plain(m, "label", as_tag_label(st, c->drivers[i].tag));
		ctx_set_bool(m, "main", i == 0);
	}
	as_mark_ends(list);
	return list;
}

static struct ctx *case_map(struct state *st, struct case_info *ci)
{
	const struct case_study *c = ci->c;
	struct ctx *m = ctx_new_map(), *list;
	size_t i;

	case_head(st, ci, m);
	if (ci->key_fig >= 0)
		ctx_set(m, "key_figure", figure_map(st, ci, (size_t)ci->key_fig));
	else
		ctx_set_bool(m, "key_figure", 0);
	ctx_set(m, "drivers", driver_list(st, ci));
	ctx_set(m, "reasons", reason_list(st, c));
	list = ctx_set(m, "figures", ctx_new_list());
	for (i = 0; i < c->nfigures; i++)
		ctx_push(list, figure_map(st, ci, i));
	as_mark_ends(list);
	ctx_set_bool(m, "has_figures", c->nfigures > 0);
	ctx_set(m, "lessons", as_md_list(&c->lessons));
	ctx_set_bool(m, "has_lessons", c->lessons.n > 0);
	ctx_set(m, "caveats", as_md_list(&c->caveats));
	ctx_set_bool(m, "has_caveats", c->caveats.n > 0);

	list = ctx_set(m, "tags", ctx_new_list());
	for (i = 0; i < c->tags.n; i++) {
		struct ctx *t = ctx_push(list, ctx_new_map());
		ctx_set_str(t, "id", c->tags.v[i]);
		ctx_set_str(t, "label", as_tag_label(st, c->tags.v[i]));
		tag_group(st, t, c->tags.v[i]);
	}
	as_mark_ends(list);
	ctx_set(m, "sources", case_sources(st, ci));
	ctx_set_str(m, "anchor", ci->anchor ? ci->anchor : "");
	as_set_plain(m, "why", ci->item->why ? ci->item->why : "");
	ctx_set_bool(m, "by_balance", ci->item->by_balance);
	ctx_set_num(m, "score", ci->item->score);
	return m;
}

/*
 * The case's map, made once per brief: the brief lists each case in up to
 * three places, and the map is the same in each (the sources were numbered
 * before any was made). Each place gets a map of its own over it, for the
 * "first" and "last" of its list.
 */
static struct ctx *case_in_list(struct state *st, struct case_info *ci)
{
	if (!ci->map)
		ci->map = case_map(st, ci);
	return ctx_new_over(ci->map);
}

struct ctx *as_case_list(struct state *st, int (*want)(size_t group))
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < st->ncases; i++)
		if (!want || want(st->cases[i].group))
			ctx_push(list, case_in_list(st, &st->cases[i]));
	as_mark_ends(list);
	return list;
}

int as_is_against_group(size_t g)
{
	return as_group_defs[g].stance == STANCE_AGAINST;
}

struct ctx *as_groups(struct state *st, int against)
{
	struct ctx *list = ctx_new_list();
	size_t g, i;

	for (g = 0; g < AS_NGROUPS; g++) {
		struct ctx *m, *cases;
		char *title;
		if (!st->group_count[g] || (against >= 0 && as_is_against_group(g) != against))
			continue;
		m = ctx_push(list, ctx_new_map());
		title = as_group_title(st, g);
		ctx_set_str(m, "title", title);
		free(title);
		ctx_set_str(m, "anchor", st->group_anchor[g] ? st->group_anchor[g] : "");
		ctx_set_str(m, "stance", stance_names[as_group_defs[g].stance]);
		ctx_set_num(m, "count", (double)st->group_count[g]);
		cases = ctx_set(m, "cases", ctx_new_list());
		for (i = 0; i < st->ncases; i++)
			if (st->cases[i].group == g)
				ctx_push(cases, case_in_list(st, &st->cases[i]));
		as_mark_ends(cases);
	}
	as_mark_ends(list);
	return list;
}

void as_sources(struct state *st, struct ctx *root)
{
	struct ctx *list = ctx_set(root, "sources", ctx_new_list());
	char buf[16];
	size_t i;

	for (i = 0; i < st->nnums; i++) {
		const struct case_info *ci = st->nums[i].ci;
		const struct source *s = &ci->c->sources[st->nums[i].si];
		const struct date *v = as_verified(st, (int)i + 1);
		struct ctx *m = ctx_push(list, ctx_new_map());
		ctx_set_num(m, "n", (double)(i + 1));
		as_set_plain(m, "title", s->title);
		as_set_plain_opt(m, "publisher", s->publisher);
		ctx_set_str(m, "published", date_format(&s->published, buf));
		as_set_plain_opt(m, "url", s->url);
		as_set_plain_opt(m, "ref", s->ref);
		if (v->year) {
			struct date d = *v;
			d.day = 0; /* "verified 2026-04" reads better than a day */
			ctx_set_str(m, "verified", date_format(&d, buf));
		} else {
			ctx_set_bool(m, "verified", 0);
		}
		ctx_set_str(m, "kind", source_kind_names[s->kind]);
		ctx_set_str(m, "kind_label", source_kind_labels[s->kind]);
		as_set_plain_opt(m, "kind_note", source_kind_notes[s->kind]);
		as_set_plain_opt(m, "note", s->note);
		ctx_set_bool(m, "stale", as_stale(st, (int)i + 1));
		as_set_plain(m, "company", ci->c->company);
		ctx_set_str(m, "anchor", ci->anchor ? ci->anchor : "");
	}
	as_mark_ends(list);
	ctx_set_bool(root, "has_sources", list->n > 0);
	st->facts->nsources = list->n;
}

void as_top_figures_ctx(struct state *st, struct ctx *root,
			      const struct fig_pick *top, size_t ntop)
{
	struct ctx *list = ctx_set(root, "top_figures", ctx_new_list());
	size_t i;

	for (i = 0; i < ntop; i++) {
		struct ctx *m = ctx_push(list, figure_map(st, top[i].ci, top[i].fi));
		as_set_plain(m, "company", top[i].ci->c->company);
		ctx_set_str(m, "name", top[i].ci->name);
		ctx_set_str(m, "anchor", top[i].ci->anchor ? top[i].ci->anchor : "");
	}
	as_mark_ends(list);
	ctx_set_bool(root, "has_top_figures", ntop > 0);
}

void as_for_caveats(struct state *st, struct ctx *root)
{
	struct ctx *list = ctx_set(root, "for_caveats", ctx_new_list());
	size_t i;

	for (i = 0; i < st->ncases && list->n < 5; i++) {
		const struct case_info *ci = &st->cases[i];
		struct ctx *m;
		if (ci->item->stance != STANCE_FOR || !ci->c->caveats.n)
			continue;
		m = ctx_push(list, ctx_new_map());
		as_set_plain(m, "company", ci->c->company);
		ctx_set_str(m, "name", ci->name);
		ctx_set_str(m, "anchor", ci->anchor ? ci->anchor : "");
		as_set_md_inline(m, "text", ci->c->caveats.v[0]);
	}
	as_mark_ends(list);
	ctx_set_bool(root, "has_for_caveats", list->n > 0);
}
