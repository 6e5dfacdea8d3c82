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
	PART(chose_over, "%zu chose %s over another %s", chose_over, st->subject, st->option);
	PART(turned_down, "%zu turned %s down", turned_down, st->subject);
	PART(moved_away, "%zu moved away from %s", moved_away, st->subject);
	PART(nstance[STANCE_OTHER], "%zu chose another %s for a similar job",
	     nstance[STANCE_OTHER], st->option);
#undef PART
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

static char *chart_labelf(const char *fmt, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	strbuf_addf(&sb, fmt, arg);
	s = chart_label(sb.buf);
	strbuf_release(&sb);
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

/* The most cited drivers, with the cases for and against for each. */
static int chart_drivers(struct state *st, struct tag_count *v, size_t n)
{
	struct chart *c;
	size_t i, shown = 0;

	for (i = 0; i < n; i++)
		v[i].key = v[i].n[STANCE_FOR] + v[i].n[STANCE_AGAINST];
	if (n)
		qsort(v, n, sizeof(*v), cmp_tag_count);
	for (i = 0; i < n && i < ASSEMBLE_CHART_TAGS && v[i].key; i++)
		shown++;
	if (!shown)
		return 0;
	c = new_chart(st, "drivers", CHART_BAR, shown, 2);
	c->title = chart_labelf("Why teams chose %s, and why some turned it down", st->subject);
	c->x_title = xstrdup("Driver");
	c->y_title = xstrdup("Cases");
	c->series[0].label = chart_labelf("For %s", st->subject);
	c->series[1].label = xstrdup("Against");
	for (i = 0; i < shown; i++) {
		c->categories[i] = chart_label(v[i].label);
		c->series[0].values[i] = (double)v[i].n[STANCE_FOR];
		c->series[1].values[i] = (double)v[i].n[STANCE_AGAINST];
	}
	return 1;
}

/* Cases per year and stance, every year from the first to the last; the
 * series "for" always, the others when they have cases. */
static int chart_years(struct state *st)
{
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
	c->title = xstrdup("Cases by year");
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
		if (series_of[s] >= 0)
			c->series[series_of[s]].label =
				s == STANCE_FOR ? chart_labelf("For %s", st->subject) :
				s == STANCE_AGAINST ? xstrdup("Against") :
				chart_labelf("Other %s", st->options);
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
	for (i = 0; i < n && i < ASSEMBLE_CHART_TAGS; i++)
		strbuf_addf(&sb, ", %s", v[i].label);
	st->facts->keywords = as_plain(sb.buf);
	ctx_set_str(root, "keywords", st->facts->keywords);
	strbuf_release(&sb);
}

void as_drivers_and_charts(struct state *st, struct ctx *root)
{
	struct tag_count *v;
	size_t n = count_tags(st, &v);
	struct ctx *l;

	l = ctx_set(root, "drivers_for", top_drivers(v, n, STANCE_FOR, ASSEMBLE_TOP_DRIVERS));
	ctx_set_bool(root, "has_drivers_for", l->n > 0);
	l = ctx_set(root, "drivers_against", top_drivers(v, n, STANCE_AGAINST, ASSEMBLE_TOP_DRIVERS));
	ctx_set_bool(root, "has_drivers_against", l->n > 0);
	ctx_set(root, "counter_drivers", top_drivers(v, n, STANCE_AGAINST, ASSEMBLE_TOP_DRIVERS));
	keywords(st, root, v, n);
	ctx_set_bool(root, "chart_drivers", chart_drivers(st, v, n));
	ctx_set_bool(root, "chart_years", chart_years(st));
	free(v);
}
