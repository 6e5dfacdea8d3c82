/*
 * linebreak.c - Knuth-Plass total-fit line breaking (TeX sections 813-890,
 * simplified: constant measure, four fitness classes, flagged-penalty and
 * fitness demerits, a third hyphenated line in a row all but forbidden,
 * up to three passes).
 *
 * Cost: for each legal break, every active node is examined; a node is
 * dropped once a line from it would be too long, so the active list holds
 * only breaks within about one line: linear in the paragraph for a fixed
 * measure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfint.h"
#include "base/alloc.h"

#define LINE_PENALTY 10
#define FLAGGED_DEMERITS 10000   /* TeX's \doublehyphendemerits */
#define STACKED_HYPHEN_DEMERITS 1e7 /* a third hyphen in a row: only when nothing else works */
#define RAGGED_HYPHEN_DEMERITS 40000
#define FINAL_HYPHEN_DEMERITS 5000 /* \finalhyphendemerits */
#define FITNESS_DEMERITS 10000   /* \adjdemerits */
#define NO_NODE ((int32_t)-1)
#define KP_MAX_ITEMS 40000

struct kp_node {
	uint32_t pos;           /* break item */
	uint32_t line;
	int fit;
	double tw, ty, tz;      /* totals at the start of the next line */
	double dem;
	float r;
	int hy;                 /* lines ending in a hyphen in a row, up to here */
	int32_t prev;
	int32_t next;           /* next active */
};

static int32_t new_node(struct kp_scratch *s)
{
	ALLOC_GROW(s->nodes, s->nnodes + 1, s->anodes);
	memset(&s->nodes[s->nnodes], 0, sizeof(s->nodes[0]));
	return (int32_t)s->nnodes++;
}

static void sums(const struct item *it, size_t n, struct kp_scratch *s)
{
	size_t i;

	if (n + 1 > s->asum) {
		s->asum = n + 1;
		s->sw = xrealloc(s->sw, s->asum * sizeof(double));
		s->sy = xrealloc(s->sy, s->asum * sizeof(double));
		s->sz = xrealloc(s->sz, s->asum * sizeof(double));
	}
	s->sw[0] = s->sy[0] = s->sz[0] = 0;
	for (i = 0; i < n; i++) {
		s->sw[i + 1] = s->sw[i];
		s->sy[i + 1] = s->sy[i];
		s->sz[i + 1] = s->sz[i];
		if (it[i].type == IT_BOX) {
			s->sw[i + 1] += it[i].w;
		} else if (it[i].type == IT_GLUE) {
			s->sw[i + 1] += it[i].w;
			s->sy[i + 1] += it[i].y;
			s->sz[i + 1] += it[i].z;
		}
	}
}

/* Totals after a break at b: glue and penalties that follow vanish. */
static void after_break(const struct item *it, size_t n, size_t b, const struct kp_scratch *s,
			double *tw, double *ty, double *tz)
{
	size_t j;

	for (j = b; j < n; j++) {
		if (it[j].type == IT_BOX)
			break;
		if (it[j].type == IT_PENALTY && it[j].p <= -KP_INF && j > b)
			break;
	}
	*tw = s->sw[j];
	*ty = s->sy[j];
	*tz = s->sz[j];
}

static void push_line(struct kp_scratch *s, uint32_t start, uint32_t end, float r, int hyphen)
{
	struct kp_line *l;

	ALLOC_GROW(s->lines, s->nlines + 1, s->alines);
	l = &s->lines[s->nlines++];
	l->start = start;
	l->end = end;
	l->r = r;
	l->hyphen = (uint8_t)hyphen;
}

/* One pass: its tolerance, and the emergency stretch every line gets. */
struct pass {
	const struct item *it;
	size_t n;
	double measure;
	int ragged;
	double tol, emerg;
};

/* The active nodes, oldest first. */
struct active {
	int32_t head, tail;
};

/* The best line found ending at the current break, per fitness class. */
struct best {
	double dem[4];
	int32_t node[4];
	float r[4];
	int any;
};

/* Adjustment ratio of the line from active node nd to break i. */
static double line_ratio(const struct pass *ps, const struct kp_scratch *s, const struct kp_node *nd, size_t i)
{
	const struct item *it = ps->it;
	double L = s->sw[i] - nd->tw, Y = s->sy[i] - nd->ty, Z = s->sz[i] - nd->tz;

	if (it[i].type == IT_PENALTY)
		L += it[i].w;
	if (ps->ragged) {
		if (Y < KP_FILL)
			Y = ps->measure * 0.12;
		Z = 0;
	}
	Y += ps->emerg;
	if (L < ps->measure)
		return Y > 0 ? (ps->measure - L) / Y : HUGE_VAL;
	if (L > ps->measure)
		return Z > 0 ? (ps->measure - L) / Z : -HUGE_VAL;
	return 0;
}

/* TeX's badness, about 100 r^3, at most 10000. */
static double badness(double r)
{
	double bad = r > 10 ? 10000 : 100 * fabs(r * r * r);

	return bad > 10000 ? 10000 : bad;
}

/* Demerits of the paragraph up to break i through active node nd (node
 * a) with a line of ratio r and badness `bad`; its fitness class in *fit. */
static double demerits(const struct pass *ps, const struct kp_node *nd, int32_t a, size_t i, double r,
		       double bad, int *fit)
{
	const struct item *it = ps->it;
	int pen = it[i].type == IT_PENALTY ? it[i].p : 0;
	double dem = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);

	if (pen > 0)
		dem += (double)pen * pen;
	else if (pen > -KP_INF)
		dem -= (double)pen * pen;
	/* ragged lines need no hyphen to fill the measure: one is worth a
	 * much rougher edge */
	if (ps->ragged && it[i].type == IT_PENALTY && (it[i].flags & IF_HYPH))
		dem += RAGGED_HYPHEN_DEMERITS;
	if ((it[i].flags & IF_FLAGGED) && it[i].type == IT_PENALTY &&
	    it[nd->pos].type == IT_PENALTY && (it[nd->pos].flags & IF_FLAGGED) && a != 0)
		dem += nd->hy >= 2 ? STACKED_HYPHEN_DEMERITS : FLAGGED_DEMERITS;
	if (i == ps->n - 1 && a != 0 && it[nd->pos].type == IT_PENALTY &&
	    (it[nd->pos].flags & IF_FLAGGED))
		dem += FINAL_HYPHEN_DEMERITS;
	*fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
	if (abs(*fit - nd->fit) > 1)
		dem += FITNESS_DEMERITS;
	return dem + nd->dem;
}

/*
 * Tries each active node as the start of a line ending at break i,
 * keeping the best per fitness class in *b. A node is dropped once a line
 * from it is too long (it stays too long for every later break) or when
 * i is a forced break.
 */
static void scan_active(const struct pass *ps, struct kp_scratch *s, struct active *al, size_t i,
			struct best *b)
{
	const struct item *it = ps->it;
	int forced = it[i].type == IT_PENALTY && it[i].p <= -KP_INF;
	int32_t a = al->head, prev_a = NO_NODE;

	while (a != NO_NODE) {
		struct kp_node *nd = &s->nodes[a];
		int32_t next = nd->next;
		double r = line_ratio(ps, s, nd, i), bad = badness(r);
		int fit, drop = r < -1 || forced;
		/* the list runs oldest first: later nodes give shorter lines
		 * with less stretch, so once a line is too loose, all are */
		if (r > 0 && bad > ps->tol && !drop)
			break;
		if (r >= -1 && bad <= ps->tol) {
			double dem = demerits(ps, nd, a, i, r, bad, &fit);
			if (dem < b->dem[fit]) {
				b->dem[fit] = dem;
				b->node[fit] = a;
				b->r[fit] = (float)(isinf(r) ? 0 : r);
				b->any = 1;
			}
		}
		if (drop) {
			if (prev_a == NO_NODE)
				al->head = next;
			else
				s->nodes[prev_a].next = next;
			if (al->tail == a)
				al->tail = prev_a;
		} else {
			prev_a = a;
		}
		a = next;
	}
}

/* Appends an active node at break i for each fitness class with a best
 * line; at the paragraph's end, keeps the cheapest in *best_final. */
static void add_breaks(const struct pass *ps, struct kp_scratch *s, struct active *al, size_t i,
		       const struct best *b, int32_t *best_final)
{
	int fc;

	for (fc = 0; fc < 4; fc++) {
		int32_t nn;
		struct kp_node *nd;
		if (b->node[fc] == NO_NODE)
			continue;
		nn = new_node(s);
		nd = &s->nodes[nn];
		nd->pos = (uint32_t)i;
		nd->line = s->nodes[b->node[fc]].line + 1;
		nd->fit = fc;
		nd->dem = b->dem[fc];
		nd->r = b->r[fc];
		nd->prev = b->node[fc];
		nd->hy = ps->it[i].type == IT_PENALTY && (ps->it[i].flags & IF_FLAGGED) ? s->nodes[nd->prev].hy + 1 : 0;
		after_break(ps->it, ps->n, i, s, &nd->tw, &nd->ty, &nd->tz);
		nd->next = NO_NODE;
		if (al->tail == NO_NODE)
			al->head = nn;
		else
			s->nodes[al->tail].next = nn;
		al->tail = nn;
		if (i == ps->n - 1 && (*best_final == NO_NODE || nd->dem < s->nodes[*best_final].dem))
			*best_final = nn;
	}
}

/* The lines from the paragraph's start to node `last`, in order. */
static void collect_lines(const struct pass *ps, struct kp_scratch *s, int32_t last)
{
	int32_t a;
	size_t i;

	/* walk back, then reverse */
	s->nlines = 0;
	for (a = last; s->nodes[a].prev != NO_NODE; a = s->nodes[a].prev) {
		const struct kp_node *nd = &s->nodes[a];
		const struct item *b = &ps->it[nd->pos];
		push_line(s, s->nodes[nd->prev].pos, nd->pos, ps->ragged ? 0 : nd->r,
			  b->type == IT_PENALTY && b->w > 0 && (b->flags & IF_FLAGGED));
	}
	for (i = 0; i < s->nlines / 2; i++) {
		struct kp_line t = s->lines[i];
		s->lines[i] = s->lines[s->nlines - 1 - i];
		s->lines[s->nlines - 1 - i] = t;
	}
}

static int try_pass(const struct pass *ps, struct kp_scratch *s)
{
	struct active al;
	int32_t best_final = NO_NODE;
	size_t i;

	s->nnodes = 0;
	al.head = al.tail = new_node(s);
	s->nodes[al.head].next = NO_NODE;
	s->nodes[al.head].prev = NO_NODE;
	s->nodes[al.head].fit = 1;
	for (i = 0; i < ps->n && al.head != NO_NODE; i++) {
		struct best b;
		int fc;
		if (!item_is_break(ps->it, i))
			continue;
		for (fc = 0; fc < 4; fc++) {
			b.dem[fc] = HUGE_VAL;
			b.node[fc] = NO_NODE;
			b.r[fc] = 0;
		}
		b.any = 0;
		scan_active(ps, s, &al, i, &b);
		if (b.any)
			add_breaks(ps, s, &al, i, &b, &best_final);
	}
	if (best_final == NO_NODE)
		return -1;
	collect_lines(ps, s, best_final);
	return 0;
}

/* Recomputes each line's ratio without emergency stretch (for drawing). */
static void fix_ratios(const struct item *it, double measure, int ragged, struct kp_scratch *s)
{
	size_t k;

	for (k = 0; k < s->nlines; k++) {
		struct kp_line *l = &s->lines[k];
		double tw, ty, tz, L, Y, Z;
		if (ragged) {
			l->r = 0;
			continue;
		}
		if (k == 0) {
			tw = ty = tz = 0;
		} else {
			after_break(it, l->end + 1, l->start, s, &tw, &ty, &tz);
		}
		L = s->sw[l->end] - tw + (it[l->end].type == IT_PENALTY ? it[l->end].w : 0);
		Y = s->sy[l->end] - ty;
		Z = s->sz[l->end] - tz;
		if (L < measure)
			l->r = Y > 0 ? (float)((measure - L) / Y) : 0;
		else
			l->r = Z > 0 ? (float)((measure - L) / Z) : 0;
		if (l->r < -1)
			l->r = -1;
	}
}

/* First-fit, with ragged lines drawn at their natural width. */
static void break_greedy(const struct item *it, size_t n, double measure, int ragged, struct kp_scratch *s)
{
	s->pass = 4;
	kp_break_greedy(it, n, measure, s);
	if (ragged)
		for (size_t k = 0; k < s->nlines; k++)
			s->lines[k].r = 0;
}

void kp_break(const struct item *it, size_t n, double measure, int ragged, struct kp_scratch *s)
{
	struct pass ps = { it, n, measure, ragged, ragged ? 1000 : 200, 0 };

	s->nlines = 0;
	if (!n)
		return;
	/* a paragraph of book length (hostile input) is set first-fit: the
	 * optimal fit's memory grows with the number of feasible breaks */
	if (n > KP_MAX_ITEMS) {
		break_greedy(it, n, measure, ragged, s);
		return;
	}
	sums(it, n, s);
	s->pass = 1;
	if (try_pass(&ps, s) == 0)
		goto out;
	/* looser lines before emergency stretch, which makes every loose line
	 * cheap and so gives up the balance between lines */
	s->pass = 2;
	ps.tol = 2000;
	if (try_pass(&ps, s) == 0)
		goto out;
	s->pass = 3;
	ps.tol = HUGE_VAL;
	ps.emerg = measure * 0.05;
	if (try_pass(&ps, s) == 0)
		goto out;
	break_greedy(it, n, measure, ragged, s);
	return;
out:
	fix_ratios(it, measure, ragged, s);
}

void kp_break_greedy(const struct item *it, size_t n, double measure, struct kp_scratch *s)
{
	size_t i, start = 0, last = (size_t)-1;
	double tw = 0, ty, tz;

	s->nlines = 0;
	if (!n)
		return;
	sums(it, n, s);
	for (i = 0; i < n; i++) {
		double L;
		if (!item_is_break(it, i))
			continue;
		L = s->sw[i] - tw + (it[i].type == IT_PENALTY ? it[i].w : 0);
		if (L > measure && last != (size_t)-1) {
			push_line(s, (uint32_t)start, (uint32_t)last, 0,
				  it[last].type == IT_PENALTY && it[last].w > 0 && (it[last].flags & IF_FLAGGED));
			start = last;
			after_break(it, n, last, s, &tw, &ty, &tz);
			last = (size_t)-1;
			i = start;
			continue;
		}
		if (it[i].type == IT_PENALTY && it[i].p <= -KP_INF) {
			push_line(s, (uint32_t)start, (uint32_t)i, 0, 0);
			start = i;
			after_break(it, n, i, s, &tw, &ty, &tz);
			last = (size_t)-1;
			continue;
		}
		last = i;
	}
	fix_ratios(it, measure, 0, s);
}

void kp_release(struct kp_scratch *s)
{
	free(s->nodes);
	free(s->sw);
	free(s->sy);
	free(s->sz);
	free(s->lines);
	memset(s, 0, sizeof(*s));
}
