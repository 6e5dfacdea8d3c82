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

static const struct source *numbered_source(const struct state *st, int num)
{
	const struct numbered *k = &st->nums[num - 1];
	return &k->ci->c->sources[k->si];
}

static size_t source_hash(const struct source *s)
{
	size_t h = 5381;
	const char *p;
	for (p = s->url; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (p = s->title; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h;
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
 * Two cases that cite the same document (same URL and title) share one
 * number, so the list of sources names each document once.
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
size_t as_top_figures(struct state *st, struct fig_pick *out, size_t max)
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
	qsort(all, n, sizeof(*all), cmp_fig_pick);
	if (n > max)
		n = max;
	memcpy(out, all, n * sizeof(*all));
	free(all);
	return n;
}

void as_number_sources(struct state *st, const struct fig_pick *top, size_t ntop)
{
	size_t i, j;

	for (i = 0; i < ntop; i++)
		as_cite(st, top[i].ci, top[i].ci->c->figures[top[i].fi].source);
	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		if (ci->key_fig >= 0)
			as_cite(st, ci, ci->c->figures[ci->key_fig].source);
	}
	for (i = 0; i < st->ncases; i++) {
		struct case_info *ci = &st->cases[i];
		for (j = 0; j < ci->c->ndrivers; j++)
			as_cite(st, ci, ci->c->drivers[j].source);
		for (j = 0; j < ci->c->nfigures; j++)
			as_cite(st, ci, ci->c->figures[j].source);
		for (j = 0; j < ci->c->nsources; j++)
			as_cite_index(st, ci, j);
	}
}

