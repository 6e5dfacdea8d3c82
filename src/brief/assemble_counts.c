/*
 * assemble_counts.c - the counts of the brief, its drivers for and
 * against, the keywords of the PDF's document info, and the charts,
 * built as struct chart values for the facts (no spec text: the
 * Markdown parser binds them to the template's "```chart NAME" fences).
 */
#include "brief/assemble_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"

void as_counts(struct state *st, struct ctx *root)
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

	{
		static const enum word part_words[] = {
			W_COUNT_MOVED, W_COUNT_ADOPTED, W_COUNT_CHOSE_OVER, W_COUNT_TURNED_DOWN,
			W_COUNT_MOVED_AWAY, W_COUNT_OTHER
		};
		size_t part_n[] = { moved, adopted, chose_over, turned_down, moved_away,
				    nstance[STANCE_OTHER] };
		struct word_args a = { 0, NULL, NULL, NULL };
		for (i = 0; i < ARRAY_SIZE(part_words); i++) {
			if (!part_n[i])
				continue;
			a.n = (int)part_n[i];
			strbuf_reset(&sb);
			as_word(st, part_words[i], &a, &sb);
			strlist_push(&parts, sb.buf);
		}
	}
	strbuf_reset(&sb);
	as_join_and(&sb, parts.v, parts.n);
	as_set_plain_opt(m, "breakdown", sb.buf);
	strlist_release(&parts);
	strbuf_release(&sb);
}

struct tag_count {
	const char *tag;
	const char *label;
	size_t n[3];   /* per stance */
	size_t key;    /* the count being sorted on */
};

static int cmp_tag_count(const void *a, const void *b)
{
	const struct tag_count *x = a, *y = b;
	int r;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	r = strcmp(x->label, y->label);
	return r ? r : strcmp(x->tag, y->tag);
}

/* Cases per driver tag and stance (a case counts once per tag). */
static size_t count_tags(struct state *st, struct tag_count **out)
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
				v[n].label = as_tag_label(st, tag);
				n++;
			}
			v[k].n[st->cases[i].item->stance]++;
		}
	}
	*out = v;
	return n;
}

static struct ctx *top_drivers(struct tag_count *v, size_t n, enum stance s, size_t max)
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < n; i++)
		v[i].key = v[i].n[s];
	if (n)
		qsort(v, n, sizeof(*v), cmp_tag_count);
	for (i = 0; i < n && i < max && v[i].key; i++) {
		struct ctx *m = ctx_push(list, ctx_new_map());
		ctx_set_str(m, "tag", v[i].tag);
		as_set_plain(m, "label", v[i].label);
		ctx_set_num(m, "count", (double)v[i].key);
	}
	as_mark_ends(list);
	return list;
}

/* ---- charts ---------------------------------------------------------- */

/*
 * A chart label: control characters become spaces (they would break a
 * Mermaid line), and text over CHART_MAX_LABEL bytes is cut at a
 * character boundary and ends with an ellipsis, so that a chart built
 * here always keeps chart.h's limits.
 */
static char *chart_label(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s), i;

	if (n > CHART_MAX_LABEL) {
		n = CHART_MAX_LABEL - 3; /* room for the three bytes of U+2026 */
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		strbuf_add(&sb, s, n);
		strbuf_adds(&sb, "…");
	} else {
		strbuf_add(&sb, s, n);
	}
	for (i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20 || sb.buf[i] == 0x7f)
			sb.buf[i] = ' ';
	return strbuf_detach(&sb, NULL);
}

static char *chart_label_word(const struct state *st, enum word id)
{
	char *w = as_word_str(st, id, NULL), *s = chart_label(w);

	free(w);
	return s;
}

/* A chart of `ncat` categories and `nseries` series of zeros. */
static struct chart *new_chart(struct state *st, const char *name, enum chart_kind kind,
			       size_t ncat, size_t nseries)
{
	struct brief_facts *f = st->facts;
	struct chart *c = &f->charts[f->ncharts].chart;
	size_t i;

	f->charts[f->ncharts++].name = name;
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->categories = xcalloc(ncat, sizeof(*c->categories));
	c->ncategories = ncat;
	c->series = xcalloc(nseries, sizeof(*c->series));
	c->nseries = nseries;
	for (i = 0; i < nseries; i++)
		c->series[i].values = xcalloc(ncat, sizeof(double));
	return c;
}

/* Whether `tag` is the main tag of a case of stance `s`. */
static int is_main_of(const struct state *st, const char *tag, enum stance s)
{
	size_t i;

	for (i = 0; i < st->ncases; i++)
		if (st->cases[i].item->stance == s && st->cases[i].c->ndrivers &&
		    !strcmp(st->cases[i].c->drivers[0].tag, tag))
			return 1;
	return 0;
}

/* The reasons a drivers chart leaves off: { count one max max_one }, or
 * false when every reason is on the chart. */
static struct ctx *left_off(size_t count, size_t max)
{
	struct ctx *m;

	if (!count)
		return ctx_new_bool(0);
	m = ctx_new_map();
	ctx_set_num(m, "count", (double)count);
	ctx_set_bool(m, "one", count == 1);
	ctx_set_num(m, "max", (double)max);
	ctx_set_bool(m, "max_one", max == 1);
	return m;
}

/*
 * The reasons of one side, ranked by how many of its cases cite them: the
 * ASSEMBLE_CHART_TAGS most cited, and for the cases against also every
 * case's main reason, so that no case against is missing from its chart.
 * Says in the context how many reasons were left off, and how often the
 * most cited of them was cited (ties at the cut included).
 */
static int chart_side(struct state *st, struct tag_count *v, size_t n, enum stance s,
		      struct ctx **left_ctx)
{
	const char *name = s == STANCE_FOR ? "drivers_for" : "drivers_against";
	unsigned char *pick = xcalloc(n ? n : 1, 1);
	size_t i, shown = 0, k, left = 0, left_max = 0;
	struct chart *c;

	for (i = 0; i < n; i++)
		v[i].key = v[i].n[s];
	if (n)
		qsort(v, n, sizeof(*v), cmp_tag_count);
	/* the main reasons of the cases against first, then the most cited */
	for (i = 0; s == STANCE_AGAINST && i < n && v[i].key; i++)
		if (shown < CHART_MAX_CATEGORIES && is_main_of(st, v[i].tag, s))
			pick[i] = 1, shown++;
	for (i = 0; i < n && v[i].key && shown < ASSEMBLE_CHART_TAGS; i++)
		if (!pick[i])
			pick[i] = 1, shown++;
	for (i = 0; i < n && v[i].key; i++)
		if (!pick[i]) {
			left++;
			if (v[i].key > left_max)
				left_max = v[i].key;
		}
	*left_ctx = left_off(left, left_max);
	if (!shown) {
		free(pick);
		return 0;
	}
	c = new_chart(st, name, CHART_BAR, shown, 1);
	c->title = chart_label_word(st, s == STANCE_FOR ? W_CHART_FOR : W_CHART_AGAINST);
	c->x_title = xstrdup("Reason");
	c->y_title = xstrdup("Cases");
	c->series[0].label = chart_label_word(st, s == STANCE_FOR ? W_SIDE_FOR : W_SIDE_AGAINST);
	c->series[0].color = s == STANCE_FOR ? 1 : 2;
	for (i = 0, k = 0; i < n; i++)
		if (pick[i]) {
			c->categories[k] = chart_label(v[i].label);
			c->series[0].values[k++] = (double)v[i].key;
		}
	free(pick);
	return 1;
}

/* Cases per year and stance, every year from the first to the last; the
 * series "for" always, the others when they have cases. */
static int chart_years(struct state *st)
{
	static const enum word side_words[3] = { W_SIDE_FOR, W_SIDE_AGAINST, W_SIDE_OTHER };
	int ymin = 0, ymax = 0, series_of[3], s, y;
	size_t i, nstance[3] = { 0 }, nseries = 0;
	struct chart *c;

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
		return 0;
	for (s = 0; s < 3; s++)
		series_of[s] = s == STANCE_FOR || nstance[s] ? (int)nseries++ : -1;
	c = new_chart(st, "years", CHART_TIMELINE, (size_t)(ymax - ymin + 1), nseries);
	c->title = chart_label_word(st, W_CHART_YEARS);
	c->x_title = xstrdup("Year");
	c->y_title = xstrdup("Cases");
	c->years = xcalloc(c->ncategories, sizeof(*c->years));
	for (y = ymin; y <= ymax; y++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%d", y);
		c->categories[y - ymin] = strbuf_detach(&sb, NULL);
		c->years[y - ymin] = y;
	}
	for (s = 0; s < 3; s++)
		if (series_of[s] >= 0) {
			c->series[series_of[s]].label = chart_label_word(st, side_words[s]);
			c->series[series_of[s]].color = s + 1;
		}
	for (i = 0; i < st->ncases; i++)
		c->series[series_of[st->cases[i].item->stance]].values[st->cases[i].c->year - ymin]++;
	return 1;
}

/* For the PDF's document info: the subject, then the driver tags by use. */
static void keywords(struct state *st, struct ctx *root, struct tag_count *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		v[i].key = v[i].n[STANCE_FOR] + v[i].n[STANCE_AGAINST] + v[i].n[STANCE_OTHER];
	if (n)
		qsort(v, n, sizeof(*v), cmp_tag_count);
	strbuf_adds(&sb, st->subject);
	for (i = 0; i < n && i < ASSEMBLE_KEYWORD_TAGS; i++)
		strbuf_addf(&sb, ", %s", v[i].label);
	st->facts->keywords = as_plain(sb.buf);
	ctx_set_str(root, "keywords", st->facts->keywords);
	strbuf_release(&sb);
}

void as_drivers_and_charts(struct state *st, struct ctx *root)
{
	struct tag_count *v;
	size_t n = count_tags(st, &v), nother = 0, i;
	struct ctx *l, *left;

	l = ctx_set(root, "drivers_for", top_drivers(v, n, STANCE_FOR, ASSEMBLE_TOP_DRIVERS));
	ctx_set_bool(root, "has_drivers_for", l->n > 0);
	l = ctx_set(root, "drivers_against", top_drivers(v, n, STANCE_AGAINST, ASSEMBLE_TOP_DRIVERS));
	ctx_set_bool(root, "has_drivers_against", l->n > 0);
	ctx_set(root, "counter_drivers", top_drivers(v, n, STANCE_AGAINST, ASSEMBLE_TOP_DRIVERS));
	keywords(st, root, v, n);
	ctx_set_bool(root, "chart_drivers_for", chart_side(st, v, n, STANCE_FOR, &left));
	ctx_set(root, "drivers_for_left", left);
	ctx_set_bool(root, "chart_drivers_against", chart_side(st, v, n, STANCE_AGAINST, &left));
	ctx_set(root, "drivers_against_left", left);
	ctx_set_bool(root, "chart_years", chart_years(st));
	for (i = 0; i < st->ncases; i++)
		nother += st->cases[i].item->stance == STANCE_OTHER;
	as_set_num_opt(root, "drivers_not_charted", (int)nother);
	free(v);
}
