/*
 * assemble.c - selection -> context tree (the keys are listed in
 * assemble.h).
 *
 * The work is done in passes over one array of cases in "brief order"
 * (the order in which the default template shows them: grouped by stance
 * and kind, ranked within a group):
 *   1. group the selected cases and give every heading its anchor;
 *   2. number the sources in order of first citation;
 *   3. build the maps the template reads.
 * Phase 2 must follow the template's reading order, so the order of the
 * calls to S_cite below mirrors templates/brief.md.mustache.
 */
#include "brief/assemble.h"

#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/str.h"
#include "base/date.h"

struct group_def {
	enum stance stance;
	int kind;           /* enum case_kind, or -1 for any */
	const char *title;  /* printf format taking the subject */
};

/* Brief order. The "for" and "other" groups form "The cases"; the
 * "against" groups form "The case against". */
static const struct group_def group_defs[] = {
	{ STANCE_FOR, KIND_MIGRATION, "Moved to %s" },
	{ STANCE_FOR, KIND_ADOPTION, "Adopted %s" },
	{ STANCE_FOR, KIND_REJECTION, "Chose %s over another language" },
	{ STANCE_OTHER, -1, "Other languages in the same spot" },
	{ STANCE_AGAINST, KIND_REJECTION, "Decided against %s" },
	{ STANCE_AGAINST, KIND_MIGRATION, "Moved away from %s" },
	{ STANCE_AGAINST, KIND_ADOPTION, "Chose another language over %s" },
};
#define NGROUPS ARRAY_SIZE(group_defs)

/* Fixed headings of the default template, in its order. */
static const char *const head_before_cases[] = {
	"Contents", "Summary", "At a glance", "Charts", "The cases"
};
static const char *const head_before_against[] = { "The case against" };
static const char *const head_after_against[] = {
	"Questions to take to the team", "How this brief was made", "Sources"
};

static const char *const kind_labels[KIND__COUNT] = {
	"Migration", "Adoption", "Rejection"
};
static const char *const org_size_labels[ORG__COUNT] = {
	"Startup", "Scale-up", "Enterprise", "Indie", "Open source", "Public sector"
};
static const char *const status_labels[STATUS__COUNT] = {
	"Complete", "Ongoing", "Planned", "Reversed"
};
static const char *const source_kind_labels[SRC__COUNT] = {
	"First-party", "Press", "Talk", "Podcast", "Forum", "Third-party"
};
static const char *const stance_labels[3] = { "for", "against", "other" };

struct case_info {
	const struct selected *item;
	const struct case_study *c;
	size_t rank;       /* index in the selection */
	size_t group;      /* index in group_defs */
	int *src_num;      /* citation number per source index; 0 = not cited */
	char *anchor;
	int key_fig;       /* index of the key figure, -1 when none */
};

struct numbered {
	const struct case_info *ci;
	size_t si;         /* source index in the case */
};

struct state {
	const struct dataset *ds;
	const struct selection *sel;
	const struct assemble_opts *o;
	const char *subject;
	int max_age;
	struct case_info *cases;  /* brief order */
	size_t ncases;
	struct numbered *nums;    /* nums[k] is source number k + 1 */
	size_t nnums, nums_alloc;
	int *num_slots;           /* open hash on (url, title): number, 0 = empty */
	size_t nslots;
	char *group_anchor[NGROUPS];
	size_t group_count[NGROUPS];
	struct markdown_anchors anchors;
};

/* ---- small text helpers --------------------------------------------- */

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Plain text: trimmed. */
static char *S_plain(const char *s)
{
	size_t a = 0, b;

	if (!s)
		return xstrdup("");
	b = strlen(s);
	while (a < b && is_space((unsigned char)s[a]))
		a++;
	while (b > a && is_space((unsigned char)s[b - 1]))
		b--;
	return xstrndup(s + a, b - a);
}

/*
 * An inline field is inserted where a line starts (a list item, a
 * paragraph). Text that would open a block there (a heading, a quote, a
 * list, a fence, a thematic break) gets its first character escaped: the
 * field is inline Markdown, and must not add structure to the brief.
 */
/* "***", "_ _ _": a thematic break. */
static int S_is_break_line(const char *s)
{
	int marks = 0;
	char m = s[0];

	if (m != '*' && m != '_')
		return 0;
	for (; *s; s++) {
		if (*s == m)
			marks++;
		else if (*s != ' ' && *s != '\t')
			return 0;
	}
	return marks >= 3;
}

static void S_escape_block_start(struct strbuf *sb)
{
	const char *s = sb->buf;
	size_t at = (size_t)-1, d = 0;

	if (!sb->len)
		return;
	/* '<' could open an HTML block that runs to the end of the brief;
	 * "[x]: url" would be swallowed as a link reference definition. */
	if (strchr("#>+-=<", s[0]) || (s[0] == '*' && s[1] == ' ') || S_is_break_line(s) ||
	    !strncmp(s, "```", 3) || !strncmp(s, "~~~", 3) ||
	    (s[0] == '[' && strstr(s, "]:"))) {
		at = 0;
	} else {
		while (d < sb->len && d < 9 && s[d] >= '0' && s[d] <= '9')
			d++;
		if (d && (s[d] == '.' || s[d] == ')'))
			at = d;
	}
	if (at == (size_t)-1)
		return;
	strbuf_grow(sb, 1);
	memmove(sb->buf + at + 1, sb->buf + at, sb->len - at + 1);
	sb->buf[at] = '\\';
	sb->len++;
}

/*
 * Markdown for an inline spot (a list item, a table-free paragraph):
 * trimmed, and every run of white space holding a line break becomes one
 * space, so that a field can never start a block of its own (a heading, a
 * list, a fence) in the middle of the brief.
 */
static char *S_md_inline(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *t = S_plain(s);
	size_t i = 0, n = strlen(t);

	strbuf_grow(&sb, n);
	while (i < n) {
		size_t j = i;
		if (is_space((unsigned char)t[i])) {
			int nl = 0;
			while (j < n && is_space((unsigned char)t[j])) {
				nl |= t[j] == '\n' || t[j] == '\r';
				j++;
			}
			if (nl)
				strbuf_addc(&sb, ' ');
			else
				strbuf_add(&sb, t + i, j - i);
		} else {
			while (j < n && !is_space((unsigned char)t[j]))
				j++;
			strbuf_add(&sb, t + i, j - i);
		}
		i = j;
	}
	free(t);
	S_escape_block_start(&sb);
	return strbuf_detach(&sb, NULL);
}

/*
 * Markdown that may hold paragraphs (the intro): each paragraph (split at
 * blank lines) is made inline as above, so the intro can hold paragraphs
 * of inline Markdown but no headings, lists or tables of its own.
 */
static char *S_md_block(const char *s)
{
	struct strbuf sb = STRBUF_INIT, para = STRBUF_INIT;
	char *t = S_plain(s);
	const char *p = t;

	while (*p) {
		const char *end = p, *next;
		/* A paragraph ends at a line holding only white space. */
		for (;;) {
			const char *nl = strchr(end, '\n'), *q;
			if (!nl) {
				end += strlen(end);
				next = end;
				break;
			}
			for (q = nl + 1; *q == ' ' || *q == '\t' || *q == '\r'; q++)
				;
			if (*q == '\n' || !*q) {
				next = q;
				end = nl;
				break;
			}
			end = nl + 1;
		}
		strbuf_reset(&para);
		strbuf_add(&para, p, (size_t)(end - p));
		{
			char *inl = S_md_inline(para.buf);
			if (*inl) {
				if (sb.len)
					strbuf_adds(&sb, "\n\n");
				strbuf_adds(&sb, inl);
			}
			free(inl);
		}
		p = next;
		while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
			p++;
	}
	free(t);
	strbuf_release(&para);
	return strbuf_detach(&sb, NULL);
}

static void set_plain(struct ctx *m, const char *key, const char *s)
{
	char *t = S_plain(s);
	ctx_set_str(m, key, t);
	free(t);
}

static void set_plain_opt(struct ctx *m, const char *key, const char *s)
{
	if (s && *s)
		set_plain(m, key, s);
	else
		ctx_set_bool(m, key, 0);
}

static void set_md_inline(struct ctx *m, const char *key, const char *s)
{
	char *t = S_md_inline(s);
	ctx_set_str(m, key, t);
	free(t);
}

static struct ctx *S_md_list(const struct strlist *l)
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *t = S_md_inline(l->v[i]);
		ctx_push(list, ctx_new_str(t));
		free(t);
	}
	return list;
}

/* "a", "a and b", "a, b and c" */
static void S_join_and(struct strbuf *out, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(out, i + 1 == n ? " and " : ", ");
		strbuf_adds(out, v[i]);
	}
}

static void S_join(struct strbuf *out, char *const *v, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(out, sep);
		strbuf_adds(out, v[i]);
	}
}

/* Sets `first` and `last` in every map of a list (for separators). */
static void S_mark_ends(struct ctx *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		if (list->items[i]->type != CTX_MAP)
			continue;
		ctx_set_bool(list->items[i], "first", i == 0);
		ctx_set_bool(list->items[i], "last", i + 1 == list->n);
	}
}

static void S_yaml_quote(struct strbuf *out, const char *s)
{
	strbuf_addc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c == '\n' || c == '\r' || c == '\t')
			strbuf_addc(out, ' ');
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(out, "\\x%02x", c);
		else
			strbuf_addc(out, c);
	}
	strbuf_addc(out, '"');
}

static const char *S_tag_label(const struct state *st, const char *tag)
{
	const struct tag *t = dataset_find_tag(st->ds, tag);
	return t && t->label ? t->label : tag;
}

int assemble_source_is_stale(const struct source *s, const struct date *today, int max_age)
{
	if (!s->verified.year)
		return 0;
	if (max_age <= 0)
		max_age = ASSEMBLE_DEFAULT_MAX_AGE;
	return date_months(today) - date_months(&s->verified) > max_age;
}

/* ---- pass 1: groups and anchors ------------------------------------- */

static int S_group_of(const struct selected *it)
{
	size_t g;

	for (g = 0; g < NGROUPS; g++)
		if (group_defs[g].stance == it->stance &&
		    (group_defs[g].kind < 0 || group_defs[g].kind == (int)it->c->kind))
			return (int)g;
	return 3; /* not reached: "other" takes any kind */
}

static char *S_anchor(struct state *st, const char *heading)
{
	struct strbuf sb = STRBUF_INIT;
	char *t = S_plain(heading);

	markdown_anchors_add(&st->anchors, t, &sb);
	free(t);
	return strbuf_detach(&sb, NULL);
}

static void S_anchor_fixed(struct state *st, const char *const *heads, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(S_anchor(st, heads[i]));
}

static char *S_group_title(const struct state *st, size_t g)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, group_defs[g].title, st->subject);
	return strbuf_detach(&sb, NULL);
}

/* Headings of groups g0..g1-1 and of their cases, in document order. */
static void S_anchor_groups(struct state *st, size_t g0, size_t g1)
{
	size_t g, i;

	for (g = g0; g < g1; g++) {
		char *title;
		if (!st->group_count[g])
			continue;
		title = S_group_title(st, g);
		st->group_anchor[g] = S_anchor(st, title);
		free(title);
		for (i = 0; i < st->ncases; i++)
			if (st->cases[i].group == g)
				st->cases[i].anchor = S_anchor(st, st->cases[i].c->company);
	}
}

static int S_key_figure(const struct case_study *c)
{
	size_t i;

	for (i = 0; i < c->nfigures; i++)
		if (c->figures[i].baseline && *c->figures[i].baseline)
			return (int)i;
	return c->nfigures ? 0 : -1;
}

static void S_order_cases(struct state *st)
{
	const struct selection *sel = st->sel;
	size_t g, i, k = 0;

	st->cases = xcalloc(sel->n ? sel->n : 1, sizeof(*st->cases));
	for (g = 0; g < NGROUPS; g++) {
		for (i = 0; i < sel->n; i++) {
			struct case_info *ci;
			if ((size_t)S_group_of(&sel->items[i]) != g)
				continue;
			ci = &st->cases[k++];
			ci->item = &sel->items[i];
			ci->c = sel->items[i].c;
			ci->rank = i;
			ci->group = g;
			ci->src_num = xcalloc(ci->c->nsources ? ci->c->nsources : 1, sizeof(int));
			ci->key_fig = S_key_figure(ci->c);
			st->group_count[g]++;
		}
	}
	st->ncases = k;

	free(S_anchor(st, st->sel->aud->title));
	S_anchor_fixed(st, head_before_cases, ARRAY_SIZE(head_before_cases));
	S_anchor_groups(st, 0, 4);
	S_anchor_fixed(st, head_before_against, ARRAY_SIZE(head_before_against));
	S_anchor_groups(st, 4, NGROUPS);
	S_anchor_fixed(st, head_after_against, ARRAY_SIZE(head_after_against));
}

/* ---- pass 2: citation numbers --------------------------------------- */

static const struct source *S_numbered_source(const struct state *st, int num)
{
	const struct numbered *k = &st->nums[num - 1];
	return &k->ci->c->sources[k->si];
}

static size_t S_source_hash(const struct source *s)
{
	size_t h = 5381;
	const char *p;
	for (p = s->url; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (p = s->title; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h;
}

static void S_slots_grow(struct state *st)
{
	size_t n = st->nslots ? st->nslots * 2 : 64, i, j;
	int *slots = xcalloc(n, sizeof(*slots));

	for (i = 0; i < st->nslots; i++) {
		if (!st->num_slots[i])
			continue;
		j = S_source_hash(S_numbered_source(st, st->num_slots[i])) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = st->num_slots[i];
	}
	free(st->num_slots);
	st->num_slots = slots;
	st->nslots = n;
}

/*
 * The citation number of source `si` of a case, given on first citation.
 * Two cases that cite the same document (same URL and title) share one
 * number, so the list of sources names each document once.
 */
static int S_cite_index(struct state *st, struct case_info *ci, size_t si)
{
	const struct source *src = &ci->c->sources[si];
	size_t j;

	if (ci->src_num[si])
		return ci->src_num[si];
	if ((st->nnums + 1) * 2 > st->nslots)
		S_slots_grow(st);
	j = S_source_hash(src) & (st->nslots - 1);
	for (; st->num_slots[j]; j = (j + 1) & (st->nslots - 1)) {
		const struct source *o = S_numbered_source(st, st->num_slots[j]);
		if (!strcmp(o->url, src->url) && !strcmp(o->title, src->title))
			return ci->src_num[si] = st->num_slots[j];
	}
	ALLOC_GROW(st->nums, st->nnums + 1, st->nums_alloc);
	st->nums[st->nnums].ci = ci;
	st->nums[st->nnums].si = si;
	ci->src_num[si] = (int)++st->nnums;
	st->num_slots[j] = ci->src_num[si];
	return ci->src_num[si];
}

/* The number of source `id` of the case, 0 when the case has no such source. */
static int S_cite(struct state *st, struct case_info *ci, const char *id)
{
	size_t si;

	if (!id)
		return 0;
	for (si = 0; si < ci->c->nsources; si++)
		if (!strcmp(ci->c->sources[si].id, id))
			return S_cite_index(st, ci, si);
	return 0;
}

struct fig_pick {
	struct case_info *ci;
	size_t fi;
	int has_baseline;
};

static int S_cmp_fig_pick(const void *a, const void *b)
{
	const struct fig_pick *x = a, *y = b;

	if (x->has_baseline != y->has_baseline)
		return y->has_baseline - x->has_baseline;
	if (x->ci->rank != y->ci->rank)
		return x->ci->rank < y->ci->rank ? -1 : 1;
	return x->fi < y->fi ? -1 : x->fi > y->fi;
}

/*
 * The strongest figures: one per case (its key figure), those with a
 * baseline first, then by the case's rank.
 */
static size_t S_top_figures(struct state *st, struct fig_pick *out, size_t max)
{
	struct fig_pick *all = xcalloc(st->ncases ? st->ncases : 1, sizeof(*all));
	size_t n = 0, i;

	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		if (ci->key_fig < 0)
			continue;
		all[n].ci = ci;
		all[n].fi = (size_t)ci->key_fig;
		all[n].has_baseline = ci->c->figures[ci->key_fig].baseline != NULL &&
				      *ci->c->figures[ci->key_fig].baseline;
		n++;
	}
	qsort(all, n, sizeof(*all), S_cmp_fig_pick);
	if (n > max)
		n = max;
	memcpy(out, all, n * sizeof(*all));
	free(all);
	return n;
}

static void S_number_sources(struct state *st, const struct fig_pick *top, size_t ntop)
{
	size_t i, j;

	for (i = 0; i < ntop; i++)
		S_cite(st, top[i].ci, top[i].ci->c->figures[top[i].fi].source);
	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		if (ci->key_fig >= 0)
			S_cite(st, ci, ci->c->figures[ci->key_fig].source);
	}
	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		for (j = 0; j < ci->c->ndrivers; j++)
			S_cite(st, ci, ci->c->drivers[j].source);
		for (j = 0; j < ci->c->nfigures; j++)
			S_cite(st, ci, ci->c->figures[j].source);
		for (j = 0; j < ci->c->nsources; j++)
			S_cite_index(st, ci, j);
	}
}

/* ---- pass 3: the maps ------------------------------------------------ */

static void set_num_opt(struct ctx *m, const char *key, int n)
{
	if (n > 0)
		ctx_set_num(m, key, n);
	else
		ctx_set_bool(m, key, 0);
}

static char *S_move(const struct case_study *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct strlist turned = { 0 };
	size_t i;

	if (c->from.n) {
		S_join(&sb, c->from.v, c->from.n, ", ");
		strbuf_addf(&sb, " → %s", c->to ? c->to : "undecided");
	} else if (c->to) {
		strbuf_addf(&sb, "→ %s", c->to);
	}
	/* "Rust → C#" already says that Rust was left; name only the others. */
	for (i = 0; i < c->rejected.n; i++)
		if (!strlist_has(&c->from, c->rejected.v[i]))
			strlist_push(&turned, c->rejected.v[i]);
	if (turned.n) {
		int bare = sb.len == 0;
		strbuf_adds(&sb, bare ? "turned down " : " (turned down ");
		S_join_and(&sb, turned.v, turned.n);
		if (!bare)
			strbuf_addc(&sb, ')');
	}
	strlist_release(&turned);
	return strbuf_detach(&sb, NULL);
}

static struct ctx *S_figure_map(struct state *st, struct case_info *ci, size_t fi)
{
	const struct figure *f = &ci->c->figures[fi];
	struct ctx *m = ctx_new_map();

	set_plain(m, "label", f->label);
	set_plain(m, "value", f->value);
	set_plain_opt(m, "baseline", f->baseline);
	set_num_opt(m, "n", S_cite(st, ci, f->source));
	return m;
}

static struct ctx *S_case_sources(struct state *st, struct case_info *ci)
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
		ctx_set_num(m, "n", S_cite_index(st, ci, (size_t)order[i]));
		set_plain(m, "title", s->title);
		ctx_set_bool(m, "stale", assemble_source_is_stale(s, &st->o->today, st->max_age));
	}
	free(order);
	S_mark_ends(list);
	return list;
}

static struct ctx *S_str_list(const struct strlist *l)
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *t = S_plain(l->v[i]);
		ctx_push(list, ctx_new_str(t));
		free(t);
	}
	return list;
}

static struct ctx *S_case_map(struct state *st, struct case_info *ci)
{
	const struct case_study *c = ci->c;
	struct ctx *m = ctx_new_map(), *list;
	struct strbuf sb = STRBUF_INIT;
	char *move;
	size_t i;

	ctx_set_str(m, "id", c->id);
	set_plain(m, "company", c->company);
	set_plain(m, "project", c->project);
	ctx_set_str(m, "kind", case_kind_names[c->kind]);
	ctx_set_str(m, "kind_label", kind_labels[c->kind]);
	ctx_set(m, "from", S_str_list(&c->from));
	S_join(&sb, c->from.v, c->from.n, ", ");
	set_plain_opt(m, "from_text", sb.buf);
	set_plain_opt(m, "to", c->to);
	ctx_set(m, "rejected", S_str_list(&c->rejected));
	strbuf_reset(&sb);
	S_join_and(&sb, c->rejected.v, c->rejected.n);
	set_plain_opt(m, "rejected_text", sb.buf);
	ctx_set_num(m, "year", c->year);
	ctx_set_str(m, "org_size", org_size_names[c->org_size]);
	ctx_set_str(m, "org_size_label", org_size_labels[c->org_size]);
	set_num_opt(m, "team", c->team);
	set_plain_opt(m, "domain", c->domain);
	ctx_set_str(m, "status", case_status_names[c->status]);
	ctx_set_str(m, "status_label", status_labels[c->status]);
	if (c->status != STATUS_COMPLETE)
		ctx_set_str(m, "status_note", status_labels[c->status]);
	else
		ctx_set_bool(m, "status_note", 0);
	set_md_inline(m, "summary", c->summary);
	move = S_move(c);
	set_plain_opt(m, "move", move);
	free(move);
	ctx_set_str(m, "stance", stance_names[ci->item->stance]);
	ctx_set_str(m, "stance_label", stance_labels[ci->item->stance]);
	if (c->ndrivers)
		ctx_set_str(m, "main_driver", S_tag_label(st, c->drivers[0].tag));
	else
		ctx_set_bool(m, "main_driver", 0);
	if (ci->key_fig >= 0)
		ctx_set(m, "key_figure", S_figure_map(st, ci, (size_t)ci->key_fig));
	else
		ctx_set_bool(m, "key_figure", 0);

	list = ctx_set(m, "drivers", ctx_new_list());
	for (i = 0; i < c->ndrivers; i++) {
		struct ctx *d = ctx_push(list, ctx_new_map());
		ctx_set_str(d, "tag", c->drivers[i].tag);
		ctx_set_str(d, "label", S_tag_label(st, c->drivers[i].tag));
		set_md_inline(d, "text", c->drivers[i].text);
		set_num_opt(d, "n", S_cite(st, ci, c->drivers[i].source));
	}
	S_mark_ends(list);
	list = ctx_set(m, "figures", ctx_new_list());
	for (i = 0; i < c->nfigures; i++)
		ctx_push(list, S_figure_map(st, ci, i));
	S_mark_ends(list);
	ctx_set_bool(m, "has_figures", c->nfigures > 0);
	ctx_set(m, "lessons", S_md_list(&c->lessons));
	ctx_set_bool(m, "has_lessons", c->lessons.n > 0);
	ctx_set(m, "caveats", S_md_list(&c->caveats));
	ctx_set_bool(m, "has_caveats", c->caveats.n > 0);

	list = ctx_set(m, "tags", ctx_new_list());
	for (i = 0; i < c->tags.n; i++) {
		struct ctx *t = ctx_push(list, ctx_new_map());
		ctx_set_str(t, "id", c->tags.v[i]);
		ctx_set_str(t, "label", S_tag_label(st, c->tags.v[i]));
	}
	S_mark_ends(list);
	ctx_set(m, "sources", S_case_sources(st, ci));
	ctx_set_str(m, "anchor", ci->anchor ? ci->anchor : "");
	set_plain(m, "why", ci->item->why ? ci->item->why : "");
	ctx_set_bool(m, "by_balance", ci->item->by_balance);
	ctx_set_num(m, "score", ci->item->score);
	strbuf_release(&sb);
	return m;
}

/* A list of case maps for the cases whose group passes `want`. */
static struct ctx *S_case_list(struct state *st, int (*want)(size_t group))
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < st->ncases; i++)
		if (!want || want(st->cases[i].group))
			ctx_push(list, S_case_map(st, &st->cases[i]));
	S_mark_ends(list);
	return list;
}

static int S_is_against_group(size_t g)
{
	return group_defs[g].stance == STANCE_AGAINST;
}

static struct ctx *S_groups(struct state *st, int against)
{
	struct ctx *list = ctx_new_list();
	size_t g, i;

	for (g = 0; g < NGROUPS; g++) {
		struct ctx *m, *cases;
		char *title;
		if (!st->group_count[g] || S_is_against_group(g) != against)
			continue;
		m = ctx_push(list, ctx_new_map());
		title = S_group_title(st, g);
		ctx_set_str(m, "title", title);
		free(title);
		ctx_set_str(m, "anchor", st->group_anchor[g] ? st->group_anchor[g] : "");
		ctx_set_str(m, "stance", stance_names[group_defs[g].stance]);
		ctx_set_num(m, "count", (double)st->group_count[g]);
		cases = ctx_set(m, "cases", ctx_new_list());
		for (i = 0; i < st->ncases; i++)
			if (st->cases[i].group == g)
				ctx_push(cases, S_case_map(st, &st->cases[i]));
		S_mark_ends(cases);
	}
	S_mark_ends(list);
	return list;
}

/* ---- counts and drivers -------------------------------------------- */

static void S_counts(struct state *st, struct ctx *root)
{
	struct ctx *m = ctx_set(root, "counts", ctx_new_map());
	size_t nstance[3] = { 0 }, nkind[KIND__COUNT] = { 0 }, i;
	size_t moved = 0, adopted = 0, chose_over = 0, turned_down = 0, moved_away = 0;
	struct strlist parts = { 0 };
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < st->ncases; i++) {
		const struct case_info *ci = &st->cases[i];
		enum stance s = ci->item->stance;
		nstance[s]++;
		nkind[ci->c->kind]++;
		if (s == STANCE_FOR && ci->c->kind == KIND_MIGRATION)
			moved++;
		else if (s == STANCE_FOR && ci->c->kind == KIND_ADOPTION)
			adopted++;
		else if (s == STANCE_FOR)
			chose_over++;
		else if (s == STANCE_AGAINST && ci->c->kind == KIND_MIGRATION)
			moved_away++;
		else if (s == STANCE_AGAINST)
			turned_down++;
	}
	ctx_set_num(m, "total", (double)st->ncases);
	strbuf_addf(&sb, "%zu case%s", st->ncases, st->ncases == 1 ? "" : "s");
	ctx_set_str(m, "total_text", sb.buf);
	ctx_set_num(m, "for", (double)nstance[STANCE_FOR]);
	ctx_set_num(m, "against", (double)nstance[STANCE_AGAINST]);
	ctx_set_num(m, "other", (double)nstance[STANCE_OTHER]);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%zu case%s", nstance[STANCE_AGAINST],
		    nstance[STANCE_AGAINST] == 1 ? "" : "s");
	ctx_set_str(m, "against_text", sb.buf);
	for (i = 0; i < KIND__COUNT; i++)
		ctx_set_num(m, case_kind_names[i], (double)nkind[i]);
	ctx_set_num(m, "moved", (double)moved);
	ctx_set_num(m, "adopted", (double)adopted);
	ctx_set_num(m, "chose_over", (double)chose_over);
	ctx_set_num(m, "turned_down", (double)turned_down);
	ctx_set_num(m, "moved_away", (double)moved_away);
	ctx_set_num(m, "other_lang", (double)nstance[STANCE_OTHER]);

#define PART(count, ...)                                        \
	do {                                                    \
		if (count) {                                    \
			strbuf_reset(&sb);                      \
			strbuf_addf(&sb, __VA_ARGS__);          \
			strlist_push(&parts, sb.buf);           \
		}                                               \
	} while (0)
	PART(moved, "%zu moved to %s", moved, st->subject);
	PART(adopted, "%zu adopted %s for new work", adopted, st->subject);
	PART(chose_over, "%zu chose %s over another language", chose_over, st->subject);
	PART(turned_down, "%zu turned %s down", turned_down, st->subject);
	PART(moved_away, "%zu moved away from %s", moved_away, st->subject);
	PART(nstance[STANCE_OTHER], "%zu chose another language for a similar job",
	     nstance[STANCE_OTHER]);
#undef PART
	strbuf_reset(&sb);
	S_join_and(&sb, parts.v, parts.n);
	set_plain_opt(m, "breakdown", sb.buf);
	strlist_release(&parts);
	strbuf_release(&sb);
}

struct tag_count {
	const char *tag;
	const char *label;
	size_t n[3];   /* per stance */
	size_t key;    /* the count being sorted on */
};

static int S_cmp_tag_count(const void *a, const void *b)
{
	const struct tag_count *x = a, *y = b;
	int r;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	r = strcmp(x->label, y->label);
	return r ? r : strcmp(x->tag, y->tag);
}

/* Cases per driver tag and stance (a case counts once per tag). */
static size_t S_count_tags(struct state *st, struct tag_count **out)
{
	struct tag_count *v = NULL;
	size_t n = 0, alloc = 0, i, j, k;

	for (i = 0; i < st->ncases; i++) {
		const struct case_study *c = st->cases[i].c;
		for (j = 0; j < c->ndrivers; j++) {
			const char *tag = c->drivers[j].tag;
			size_t prev;
			for (prev = 0; prev < j; prev++)
				if (!strcmp(c->drivers[prev].tag, tag))
					break;
			if (prev < j)
				continue;
			for (k = 0; k < n; k++)
				if (!strcmp(v[k].tag, tag))
					break;
			if (k == n) {
				ALLOC_GROW(v, n + 1, alloc);
				memset(&v[n], 0, sizeof(v[n]));
				v[n].tag = tag;
				v[n].label = S_tag_label(st, tag);
				n++;
			}
			v[k].n[st->cases[i].item->stance]++;
		}
	}
	*out = v;
	return n;
}

static struct ctx *S_top_drivers(struct tag_count *v, size_t n, enum stance s, size_t max)
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < n; i++)
		v[i].key = v[i].n[s];
	if (n)
		qsort(v, n, sizeof(*v), S_cmp_tag_count);
	for (i = 0; i < n && i < max && v[i].key; i++) {
		struct ctx *m = ctx_push(list, ctx_new_map());
		ctx_set_str(m, "tag", v[i].tag);
		set_plain(m, "label", v[i].label);
		ctx_set_num(m, "count", (double)v[i].key);
	}
	S_mark_ends(list);
	return list;
}

static char *S_chart_drivers(struct state *st, struct tag_count *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, shown = 0;

	for (i = 0; i < n; i++)
		v[i].key = v[i].n[STANCE_FOR] + v[i].n[STANCE_AGAINST];
	if (n)
		qsort(v, n, sizeof(*v), S_cmp_tag_count);
	for (i = 0; i < n && i < ASSEMBLE_CHART_TAGS && v[i].key; i++)
		shown++;
	if (!shown)
		return NULL;
	strbuf_adds(&sb, "kind: bar\ntitle: ");
	{
		struct strbuf t = STRBUF_INIT;
		strbuf_addf(&t, "Why teams chose %s, and why some turned it down", st->subject);
		S_yaml_quote(&sb, t.buf);
		strbuf_release(&t);
	}
	strbuf_adds(&sb, "\nx: \"Driver\"\ny: \"Cases\"\ncategories:\n");
	for (i = 0; i < shown; i++) {
		strbuf_adds(&sb, "  - ");
		S_yaml_quote(&sb, v[i].label);
		strbuf_addc(&sb, '\n');
	}
	strbuf_adds(&sb, "series:\n  - label: ");
	{
		struct strbuf t = STRBUF_INIT;
		strbuf_addf(&t, "For %s", st->subject);
		S_yaml_quote(&sb, t.buf);
		strbuf_release(&t);
	}
	strbuf_adds(&sb, "\n    values: [");
	for (i = 0; i < shown; i++)
		strbuf_addf(&sb, "%s%zu", i ? ", " : "", v[i].n[STANCE_FOR]);
	strbuf_adds(&sb, "]\n  - label: \"Against\"\n    values: [");
	for (i = 0; i < shown; i++)
		strbuf_addf(&sb, "%s%zu", i ? ", " : "", v[i].n[STANCE_AGAINST]);
	strbuf_adds(&sb, "]");
	return strbuf_detach(&sb, NULL);
}

/* Cases per year and stance, every year from the first to the last. */
static char *S_chart_years(struct state *st)
{
	struct strbuf sb = STRBUF_INIT;
	int ymin = 0, ymax = 0, y, s;
	size_t i, nstance[3] = { 0 };
	static const char *const labels[3] = { NULL, "Against", "Other languages" };

	for (i = 0; i < st->ncases; i++) {
		int year = st->cases[i].c->year;
		if (!i || year < ymin)
			ymin = year;
		if (!i || year > ymax)
			ymax = year;
		nstance[st->cases[i].item->stance]++;
	}
	/* One year is no timeline; a hostile range would be no chart either. */
	if (!st->ncases || ymin == ymax || ymax - ymin >= 60)
		return NULL;
	strbuf_adds(&sb, "kind: timeline\ntitle: \"Cases by year\"\nx: \"Year\"\ny: \"Cases\"\ncategories: [");
	for (y = ymin; y <= ymax; y++)
		strbuf_addf(&sb, "%s\"%d\"", y > ymin ? ", " : "", y);
	strbuf_adds(&sb, "]\nseries:\n");
	for (s = 0; s < 3; s++) {
		if (s != STANCE_FOR && !nstance[s])
			continue;
		strbuf_adds(&sb, "  - label: ");
		if (s == STANCE_FOR) {
			struct strbuf t = STRBUF_INIT;
			strbuf_addf(&t, "For %s", st->subject);
			S_yaml_quote(&sb, t.buf);
			strbuf_release(&t);
		} else {
			S_yaml_quote(&sb, labels[s]);
		}
		strbuf_adds(&sb, "\n    values: [");
		for (y = ymin; y <= ymax; y++) {
			size_t cnt = 0;
			for (i = 0; i < st->ncases; i++)
				if (st->cases[i].c->year == y && (int)st->cases[i].item->stance == s)
					cnt++;
			strbuf_addf(&sb, "%s%zu", y > ymin ? ", " : "", cnt);
		}
		strbuf_adds(&sb, "]\n");
	}
	strbuf_setlen(&sb, sb.len - 1); /* the template adds the line end */
	return strbuf_detach(&sb, NULL);
}

/* For the PDF's document info: the subject, then the driver tags by use. */
static void S_keywords(struct state *st, struct ctx *root, struct tag_count *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		v[i].key = v[i].n[STANCE_FOR] + v[i].n[STANCE_AGAINST] + v[i].n[STANCE_OTHER];
	if (n)
		qsort(v, n, sizeof(*v), S_cmp_tag_count);
	strbuf_adds(&sb, st->subject);
	for (i = 0; i < n && i < ASSEMBLE_CHART_TAGS; i++)
		strbuf_addf(&sb, ", %s", v[i].label);
	set_plain(root, "keywords", sb.buf);
	strbuf_release(&sb);
}

static void S_drivers_and_charts(struct state *st, struct ctx *root)
{
	struct tag_count *v;
	size_t n = S_count_tags(st, &v);
	struct ctx *l;
	char *chart;

	l = ctx_set(root, "drivers_for", S_top_drivers(v, n, STANCE_FOR, ASSEMBLE_TOP_DRIVERS));
	ctx_set_bool(root, "has_drivers_for", l->n > 0);
	l = ctx_set(root, "drivers_against", S_top_drivers(v, n, STANCE_AGAINST, ASSEMBLE_TOP_DRIVERS));
	ctx_set_bool(root, "has_drivers_against", l->n > 0);
	ctx_set(root, "counter_drivers", S_top_drivers(v, n, STANCE_AGAINST, ASSEMBLE_TOP_DRIVERS));
	S_keywords(st, root, v, n);
	chart = S_chart_drivers(st, v, n);
	if (chart)
		ctx_set_str(root, "chart_drivers", chart);
	else
		ctx_set_bool(root, "chart_drivers", 0);
	free(chart);
	chart = S_chart_years(st);
	if (chart)
		ctx_set_str(root, "chart_years", chart);
	else
		ctx_set_bool(root, "chart_years", 0);
	free(chart);
	free(v);
}

/* ---- method --------------------------------------------------------- */

static void S_describe_filters(const struct filters *f, struct strbuf *out)
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

static int S_cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Company names of the data set, sorted, for spotting repeats. */
static const char **S_sorted_companies(const struct dataset *ds)
{
	const char **v = xcalloc(ds->ncases ? ds->ncases : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < ds->ncases; i++)
		v[i] = ds->cases[i].company ? ds->cases[i].company : "";
	qsort(v, ds->ncases, sizeof(*v), S_cmp_str_ptr);
	return v;
}

/* "Company", or "Company (case-id)" when the data set has the company twice. */
static void S_case_name(const struct dataset *ds, const char **sorted,
			const struct case_study *c, struct strbuf *out)
{
	const char *name = c->company ? c->company : "";
	const char **hit = bsearch(&name, sorted, ds->ncases, sizeof(*sorted), S_cmp_str_ptr);
	int twice = 0;

	if (hit)
		twice = (hit > sorted && !strcmp(hit[-1], name)) ||
			(hit + 1 < sorted + ds->ncases && !strcmp(hit[1], name));
	strbuf_adds(out, name);
	if (twice)
		strbuf_addf(out, " (%s)", c->id);
}

static void S_method(struct state *st, struct ctx *root)
{
	const struct audience *aud = st->sel->aud;
	const struct selection *sel = st->sel;
	struct ctx *m = ctx_set(root, "method", ctx_new_map()), *list;
	struct strbuf sb = STRBUF_INIT;
	struct strlist names = { 0 }, whys = { 0 };
	struct strbuf name = STRBUF_INIT;
	const char **companies = S_sorted_companies(st->ds);
	size_t i, j, k, nunverified = 0;
	char buf[16];

	list = ctx_set(m, "rules", ctx_new_list());
	for (i = 0; i < aud->nmatch; i++) {
		struct ctx *r = ctx_push(list, ctx_new_map());
		char *text = select_describe_rule(&aud->match[i]);
		set_plain(r, "text", text);
		ctx_set_num(r, "n", (double)(i + 1));
		free(text);
	}
	S_mark_ends(list);
	if (aud->has_exclude) {
		char *text = select_describe_rule(&aud->exclude);
		set_plain(m, "exclude", text);
		free(text);
	} else {
		ctx_set_bool(m, "exclude", 0);
	}
	for (i = 0; i < aud->nweights; i++) {
		strbuf_addf(&sb, "%s%s (%g)", i ? ", " : "", S_tag_label(st, aud->weights[i].tag),
			    aud->weights[i].value);
	}
	if (aud->recency > 0)
		strbuf_addf(&sb, "%snewer cases up to %g more", sb.len ? "; " : "", aud->recency);
	set_plain_opt(m, "weights", sb.buf);
	set_num_opt(m, "limit", aud->limit);
	ctx_set_num(m, "balance_min", aud->balance);
	strbuf_reset(&sb);
	if (st->o->filters && !filters_empty(st->o->filters))
		S_describe_filters(st->o->filters, &sb);
	set_plain_opt(m, "filters", sb.buf);
	ctx_set_num(m, "considered", (double)sel->considered);
	ctx_set_num(m, "selected", (double)sel->n);
	ctx_set_num(m, "left_out", (double)sel->nleft);
	ctx_set_num(m, "balance", (double)sel->nbalance);

	/* Left-out cases grouped by reason, reasons in order of first use
	 * (few distinct reasons: linear in the number of cases). */
	list = ctx_set(m, "left_groups", ctx_new_list());
	for (i = 0; i < sel->nleft; i++) {
		const char *why = sel->left[i].why ? sel->left[i].why : "left out";
		if (!strlist_has(&whys, why))
			strlist_push(&whys, why);
	}
	for (k = 0; k < whys.n; k++) {
		struct ctx *g;
		strlist_release(&names);
		for (j = 0; j < sel->nleft; j++) {
			if (strcmp(sel->left[j].why ? sel->left[j].why : "left out", whys.v[k]))
				continue;
			strbuf_reset(&name);
			S_case_name(st->ds, companies, sel->left[j].c, &name);
			strlist_push(&names, name.buf);
		}
		g = ctx_push(list, ctx_new_map());
		set_plain(g, "why", whys.v[k]);
		ctx_set_num(g, "count", (double)names.n);
		strbuf_reset(&sb);
		S_join(&sb, names.v, names.n, ", ");
		set_plain(g, "cases_text", sb.buf);
	}
	strlist_release(&whys);
	S_mark_ends(list);
	ctx_set_bool(m, "has_left_out", sel->nleft > 0);

	strlist_release(&names);
	for (i = 0; i < st->ncases; i++)
		if (st->cases[i].item->by_balance)
			strlist_push(&names, st->cases[i].c->company);
	strbuf_reset(&sb);
	S_join_and(&sb, names.v, names.n);
	set_plain_opt(m, "balance_text", sb.buf);
	strlist_release(&names);

	list = ctx_set(m, "stale", ctx_new_list());
	for (i = 0; i < st->nnums; i++) {
		const struct case_info *ci = st->nums[i].ci;
		const struct source *s = &ci->c->sources[st->nums[i].si];
		struct ctx *e;
		if (!s->verified.year)
			nunverified++;
		if (!assemble_source_is_stale(s, &st->o->today, st->max_age))
			continue;
		e = ctx_push(list, ctx_new_map());
		ctx_set_num(e, "n", (double)(i + 1));
		set_plain(e, "title", s->title);
		set_plain(e, "company", ci->c->company);
		ctx_set_str(e, "verified", date_format(&s->verified, buf));
	}
	S_mark_ends(list);
	ctx_set_bool(m, "has_stale", list->n > 0);
	ctx_set_num(m, "unverified", (double)nunverified);
	ctx_set_num(m, "max_age", st->max_age);
	ctx_set_str(m, "today", date_format(&st->o->today, buf));
	strbuf_release(&sb);
	strbuf_release(&name);
	free(companies);
}

/* ---- sources and the rest ------------------------------------------ */

static void S_sources(struct state *st, struct ctx *root)
{
	struct ctx *list = ctx_set(root, "sources", ctx_new_list());
	char buf[16];
	size_t i;

	for (i = 0; i < st->nnums; i++) {
		const struct case_info *ci = st->nums[i].ci;
		const struct source *s = &ci->c->sources[st->nums[i].si];
		struct ctx *m = ctx_push(list, ctx_new_map());
		ctx_set_num(m, "n", (double)(i + 1));
		set_plain(m, "title", s->title);
		set_plain_opt(m, "publisher", s->publisher);
		ctx_set_str(m, "published", date_format(&s->published, buf));
		set_plain(m, "url", s->url);
		if (s->verified.year) {
			struct date d = s->verified;
			d.day = 0; /* "verified 2026-04" reads better than a day */
			ctx_set_str(m, "verified", date_format(&d, buf));
		} else {
			ctx_set_bool(m, "verified", 0);
		}
		ctx_set_str(m, "kind", source_kind_names[s->kind]);
		ctx_set_str(m, "kind_label", source_kind_labels[s->kind]);
		ctx_set_bool(m, "stale", assemble_source_is_stale(s, &st->o->today, st->max_age));
		set_plain(m, "company", ci->c->company);
		ctx_set_str(m, "anchor", ci->anchor ? ci->anchor : "");
	}
	S_mark_ends(list);
	ctx_set_bool(root, "has_sources", list->n > 0);
}

static void S_top_figures_ctx(struct state *st, struct ctx *root,
			      const struct fig_pick *top, size_t ntop)
{
	struct ctx *list = ctx_set(root, "top_figures", ctx_new_list());
	size_t i;

	for (i = 0; i < ntop; i++) {
		struct ctx *m = ctx_push(list, S_figure_map(st, top[i].ci, top[i].fi));
		set_plain(m, "company", top[i].ci->c->company);
		ctx_set_str(m, "anchor", top[i].ci->anchor ? top[i].ci->anchor : "");
	}
	S_mark_ends(list);
	ctx_set_bool(root, "has_top_figures", ntop > 0);
}

static void S_for_caveats(struct state *st, struct ctx *root)
{
	struct ctx *list = ctx_set(root, "for_caveats", ctx_new_list());
	size_t i;

	for (i = 0; i < st->ncases && list->n < 5; i++) {
		const struct case_info *ci = &st->cases[i];
		struct ctx *m;
		if (ci->item->stance != STANCE_FOR || !ci->c->caveats.n)
			continue;
		m = ctx_push(list, ctx_new_map());
		set_plain(m, "company", ci->c->company);
		ctx_set_str(m, "anchor", ci->anchor ? ci->anchor : "");
		set_md_inline(m, "text", ci->c->caveats.v[0]);
	}
	S_mark_ends(list);
	ctx_set_bool(root, "has_for_caveats", list->n > 0);
}

static void S_header(struct state *st, struct ctx *root)
{
	const struct audience *aud = st->sel->aud;
	struct date newest = { 0, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	char buf[16];
	size_t i, j;

	set_plain(root, "title", aud->title);
	set_plain(root, "audience", aud->audience);
	ctx_set_str(root, "audience_id", aud->id);
	set_plain(root, "question", aud->question);
	set_plain(root, "subject", aud->subject);
	{
		char *t = S_md_block(aud->intro);
		if (*t)
			ctx_set_str(root, "intro", t);
		else
			ctx_set_bool(root, "intro", 0);
		free(t);
	}
	ctx_set_str(root, "date", date_format(&st->o->today, buf));
	for (i = 0; i < st->ncases; i++)
		for (j = 0; j < st->cases[i].c->nsources; j++) {
			const struct date *v = &st->cases[i].c->sources[j].verified;
			if (v->year && date_cmp(v, &newest) > 0)
				newest = *v;
		}
	ctx_set_str(root, "data_as_of", newest.year ? date_format(&newest, buf) : "not recorded");
	strbuf_addf(&sb, "casebrief %s", st->o->version ? st->o->version : CASEBRIEF_VERSION);
	ctx_set_str(root, "generator", sb.buf);
	strbuf_release(&sb);
}

struct ctx *assemble_brief(const struct dataset *ds, const struct selection *sel,
			   const struct assemble_opts *o)
{
	struct state st;
	struct ctx *root = ctx_new_map(), *l;
	struct fig_pick top[ASSEMBLE_TOP_FIGURES];
	size_t ntop, i;

	memset(&st, 0, sizeof(st));
	st.ds = ds;
	st.sel = sel;
	st.o = o;
	st.subject = sel->aud->subject ? sel->aud->subject : "";
	st.max_age = o->max_age > 0 ? o->max_age : ASSEMBLE_DEFAULT_MAX_AGE;

	S_order_cases(&st);
	ntop = S_top_figures(&st, top, ARRAY_SIZE(top));
	S_number_sources(&st, top, ntop);

	S_header(&st, root);
	S_counts(&st, root);
	S_drivers_and_charts(&st, root);
	S_top_figures_ctx(&st, root, top, ntop);
	ctx_set(root, "all_cases", S_case_list(&st, NULL));
	ctx_set(root, "groups", S_groups(&st, 0));
	ctx_set(root, "against_groups", S_groups(&st, 1));
	l = ctx_set(root, "counter_cases", S_case_list(&st, S_is_against_group));
	ctx_set_bool(root, "has_against", l->n > 0);
	S_for_caveats(&st, root);
	l = ctx_set(root, "questions", S_md_list(&sel->aud->questions));
	ctx_set_bool(root, "has_questions", l->n > 0);
	S_method(&st, root);
	S_sources(&st, root);

	for (i = 0; i < st.ncases; i++) {
		free(st.cases[i].src_num);
		free(st.cases[i].anchor);
	}
	for (i = 0; i < NGROUPS; i++)
		free(st.group_anchor[i]);
	free(st.cases);
	free(st.nums);
	free(st.num_slots);
	markdown_anchors_release(&st.anchors);
	return root;
}
