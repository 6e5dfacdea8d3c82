/*
 * assemble_cite.c - citation numbers: every source gets its number on
 * first citation, in the order the default template reads (the summary's
 * figures, the key figures of "At a glance", then each case in brief
 * order), and the figures the summary quotes.
 */
#include "brief/assemble_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/date.h"

static const struct source *numbered_source(const struct state *st, int num)
{
	const struct numbered *k = &st->nums[num - 1];
	return &k->ci->c->sources[k->si];
}

/* What makes two sources one document: the url, else the ref. */
static const char *source_key(const struct source *s, int *is_ref)
{
	*is_ref = !s->url;
	return s->url ? s->url : s->ref ? s->ref : "";
}

static size_t source_hash(const struct source *s)
{
	size_t h = 5381;
	int is_ref;
	const char *p = source_key(s, &is_ref);

	for (; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h + (size_t)is_ref;
}

static int same_document(const struct source *a, const struct source *b)
{
	int ra, rb;
	const char *ka = source_key(a, &ra), *kb = source_key(b, &rb);

	return ra == rb && !strcmp(ka, kb);
}

static void slots_grow(struct state *st)
{
	size_t n = st->nslots ? st->nslots * 2 : 64, i, j;
	int *slots = xcalloc(n, sizeof(*slots));

	for (i = 0; i < st->nslots; i++) {
		if (!st->num_slots[i])
			continue;
		j = source_hash(numbered_source(st, st->num_slots[i])) & (n - 1);
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
 * Sources with the same URL are one document, whatever their titles (and
 * sources without a URL are one document when their refs agree): they
 * share one number, so the list of sources names each document once.
 */
int as_cite_index(struct state *st, struct case_info *ci, size_t si)
{
	const struct source *src = &ci->c->sources[si];
	size_t j;

	if (ci->src_num[si])
		return ci->src_num[si];
	if ((st->nnums + 1) * 2 > st->nslots)
		slots_grow(st);
	j = source_hash(src) & (st->nslots - 1);
	for (; st->num_slots[j]; j = (j + 1) & (st->nslots - 1)) {
		const struct source *o = numbered_source(st, st->num_slots[j]);
		if (same_document(o, src))
			return ci->src_num[si] = st->num_slots[j];
	}
	ALLOC_GROW(st->nums, st->nnums + 1, st->nums_alloc);
	st->nums[st->nnums].ci = ci;
	st->nums[st->nnums].si = si;
	ci->src_num[si] = (int)++st->nnums;
	st->num_slots[j] = ci->src_num[si];
	return ci->src_num[si];
}

int as_cite(struct state *st, struct case_info *ci, const char *id)
{
	size_t si;

	if (!id)
		return 0;
	for (si = 0; si < ci->c->nsources; si++)
		if (!strcmp(ci->c->sources[si].id, id))
			return as_cite_index(st, ci, si);
	return 0;
}

static int cmp_fig_pick(const void *a, const void *b)
{
	const struct fig_pick *x = a, *y = b;

	if (x->ci->rank != y->ci->rank)
		return x->ci->rank < y->ci->rank ? -1 : 1;
	return x->fi < y->fi ? -1 : x->fi > y->fi;
}

/*
 * The figures the summary quotes: only quotable ones (data/evidence.h),
 * one per case (the first with a baseline, else the first), in the
 * order of the cases' rank, so that the most relevant cases speak first.
 */
size_t as_top_figures(struct state *st, struct fig_pick *out, size_t max)
{
	struct fig_pick *all = xcalloc(st->ncases ? st->ncases : 1, sizeof(*all));
	size_t n = 0, i;

	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		if (ci->quote_fig < 0)
			continue;
		all[n].ci = ci;
		all[n].fi = (size_t)ci->quote_fig;
		n++;
	}
	qsort(all, n, sizeof(*all), cmp_fig_pick);
	if (n > max)
		n = max;
	memcpy(out, all, n * sizeof(*all));
	free(all);
	return n;
}

/*
 * Per number, the verification of the weakest entry that shares it: the
 * oldest date, or none when any entry was never verified. A number stands
 * for one document cited by several cases, and the curator may have
 * checked it for one case's claim and not for another's.
 */
static void merge_verified(struct state *st)
{
	unsigned char *seen = xcalloc(st->nnums + 1, 1);
	size_t i, j;

	st->verified = xcalloc(st->nnums + 1, sizeof(*st->verified));
	for (i = 0; i < st->ncases; i++) {
		const struct case_info *ci = &st->cases[i];
		for (j = 0; j < ci->c->nsources; j++) {
			const struct date *v = &ci->c->sources[j].verified;
			int k = ci->src_num[j] - 1;
			if (k < 0)
				continue;
			if (!seen[k] || (st->verified[k].year &&
					 (!v->year || date_cmp(v, &st->verified[k]) < 0)))
				st->verified[k] = *v;
			seen[k] = 1;
		}
	}
	free(seen);
}

const struct date *as_verified(const struct state *st, int num)
{
	return &st->verified[num - 1];
}

int as_stale(const struct state *st, int num)
{
	struct source s;

	memset(&s, 0, sizeof(s));
	s.verified = *as_verified(st, num);
	return source_is_stale(&s, &st->o->today, st->max_age);
}

/* Forgets every number (for the second pass of as_number_sources). */
static void reset_numbers(struct state *st)
{
	size_t i;

	for (i = 0; i < st->ncases; i++)
		memset(st->cases[i].src_num, 0, st->cases[i].c->nsources * sizeof(int));
	st->nnums = 0;
	memset(st->num_slots, 0, st->nslots * sizeof(*st->num_slots));
	free(st->verified);
	st->verified = NULL;
}

static void number_in_order(struct state *st, const struct fig_pick *top, size_t ntop,
			    struct case_info *strongest, const struct numbered *stale, size_t nstale)
{
	size_t i, j;

	if (strongest && strongest->c->ndrivers)
		as_cite(st, strongest, strongest->c->drivers[0].source);
	for (i = 0; i < ntop; i++)
		as_cite(st, top[i].ci, top[i].ci->c->figures[top[i].fi].source);
	for (i = 0; i < nstale; i++)
		as_cite_index(st, (struct case_info *)stale[i].ci, stale[i].si);
	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		for (j = 0; j < ci->c->ndrivers; j++)
			as_cite(st, ci, ci->c->drivers[j].source);
		for (j = 0; j < ci->c->nfigures; j++)
			as_cite(st, ci, ci->c->figures[j].source);
		for (j = 0; j < ci->c->nsources; j++)
			as_cite_index(st, ci, j);
	}
	merge_verified(st);
}

/*
 * Two passes: which documents are stale depends on the verification of
 * every entry that shares a number, so the first pass finds them, and
 * the second numbers them where "How this brief was made" first cites
 * them, before the cases. Numbers then follow the order of first
 * citation, as GitHub and the PDF number footnotes.
 */
void as_number_sources(struct state *st, const struct fig_pick *top, size_t ntop,
		       struct case_info *strongest)
{
	struct numbered *stale;
	size_t nstale = 0, i;

	number_in_order(st, top, ntop, strongest, NULL, 0);
	stale = xcalloc(st->nnums ? st->nnums : 1, sizeof(*stale));
	for (i = 0; i < st->nnums; i++)
		if (as_stale(st, (int)i + 1))
			stale[nstale++] = st->nums[i];
	if (nstale) {
		reset_numbers(st);
		number_in_order(st, top, ntop, strongest, stale, nstale);
	}
	free(stale);
}
