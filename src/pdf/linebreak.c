/*
 * linebreak.c - Knuth-Plass total-fit line breaking (TeX sections 813-890,
 * simplified: constant measure, four fitness classes, flagged-penalty and
 * fitness demerits, a third hyphenated line in a row all but forbidden,
 * up to three passes).
 *
 * Cost: for each legal break, every active node is examined; a node is
 * dropped once a line from it would be too long, so the active list holds
 * only breaks within about one line: linear in the paragraph for a fixed
 * measure. The items are read once, into a table of the legal breaks; a
 * break where even the oldest node's line is too loose costs one ratio.
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
#define NO_BRK UINT32_MAX
#define KP_MAX_ITEMS 40000

/*
 * A legal break, with the running totals (width, stretch, shrink) of the
 * items before it: the items are read once per paragraph, and every pass
 * works on this table.
 */
struct kp_brk {
	double w, y, z;
	double pw;              /* width the break adds to its line: a penalty's */
	double pen2;            /* the penalty's share of the demerits: its square,
				 * negative for a bonus, 0 when forced */
	uint32_t pos;           /* the break item */
	unsigned bits;          /* BK_* */
};

enum { BK_PENALTY = 1, BK_FORCED = 2, BK_FLAGGED = 4, BK_HYPH = 8, BK_LAST = 16 };

struct kp_node {
	double tw, ty, tz;      /* totals at the start of the next line */
	double dem;
	uint32_t brk;           /* its break in s->brk; NO_BRK at the paragraph's start */
	uint32_t apos;          /* the item the next line starts at */
	int fit;
	int hy;                 /* lines ending in a hyphen in a row, up to here */
	int hyend;              /* the line ends at a flagged penalty */
	float r;
	int32_t prev;
	int32_t next;           /* next active */
};

/* The caller sets every field. */
static int32_t new_node(struct kp_scratch *s)
{
	ALLOC_GROW(s->nodes, s->nnodes + 1, s->anodes);
	return (int32_t)s->nnodes++;
}

/* Fills s->brk from the items. */
static void find_breaks(const struct item *it, size_t n, struct kp_scratch *s)
{
	double tw = 0, ty = 0, tz = 0;
	size_t i, nb = 0;
	int after_box = 0;

	/* a break is a glue or a penalty: fewer than the items */
	ALLOC_GROW(s->brk, n, s->abrk);
	for (i = 0; i < n; i++) {
		const struct item *x = &it[i];
		struct kp_brk *b = &s->brk[nb];
		if (x->type == IT_BOX) {
			tw += x->w;
			after_box = 1;
			continue;
		}
		if (x->type == IT_GLUE) {
			if (after_box) {
				b->w = tw;
				b->y = ty;
				b->z = tz;
				b->pw = b->pen2 = 0;
				b->pos = (uint32_t)i;
				b->bits = 0;
				nb++;
			}
			tw += x->w;
			ty += x->y;
			tz += x->z;
		} else if (x->p < KP_INF) {
			int p = x->p;
			b->w = tw;
			b->y = ty;
			b->z = tz;
			b->pw = x->w;
			b->pen2 = p > 0 ? (double)p * p : p > -KP_INF ? -((double)p * p) : 0;
			b->pos = (uint32_t)i;
			b->bits = BK_PENALTY | (p <= -KP_INF ? BK_FORCED : 0) | (x->flags & IF_FLAGGED ? BK_FLAGGED : 0) |
				  (x->flags & IF_HYPH ? BK_HYPH : 0);
			nb++;
		}
		after_box = 0;
	}
	if (nb && s->brk[nb - 1].pos == n - 1)
		s->brk[nb - 1].bits |= BK_LAST;
	s->nbrk = nb;
}

/*
 * The totals where a line after break b starts: glue and penalties that
 * follow a break vanish, up to the first box or forced break, or item
 * `end`; returns that item. They carry on the running sums of
 * find_breaks in the same order, so they are the very numbers a sum up
 * to that item gives.
 */
static size_t after_break(const struct item *it, size_t end, const struct kp_brk *b, double *tw, double *ty,
			  double *tz)
{
	size_t j;

	*tw = b->w;
	*ty = b->y;
	*tz = b->z;
	for (j = b->pos; j < end; j++) {
		if (it[j].type == IT_BOX || (it[j].type == IT_PENALTY && it[j].p <= -KP_INF && j > b->pos))
			break;
		if (it[j].type == IT_GLUE) {
			*tw += it[j].w;
			*ty += it[j].y;
			*tz += it[j].z;
		}
	}
	return j;
}

/*
 * The totals where the line from break a (NO_BRK: the paragraph's start)
 * to break e starts, for drawing: a line without a box starts at its
 * own end's far side, not past it.
 */
static void line_start(const struct item *it, const struct kp_scratch *s, uint32_t a, uint32_t e, double *tw,
		       double *ty, double *tz)
{
	*tw = *ty = *tz = 0;
	if (a != NO_BRK)
		after_break(it, s->brk[e].pos + 1, &s->brk[a], tw, ty, tz);
}

/* The ratio a line to break eb that starts at totals tw, ty, tz is drawn
 * with: no emergency stretch, never shrunk past -1. */
static float drawn_ratio(const struct kp_brk *eb, double tw, double ty, double tz, double measure)
{
	double L = eb->w - tw + eb->pw, Y = eb->y - ty, Z = eb->z - tz;
	float r;

	if (L < measure)
		r = Y > 0 ? (float)((measure - L) / Y) : 0;
	else
		r = Z > 0 ? (float)((measure - L) / Z) : 0;
	return r < -1 ? -1 : r;
}

/* Appends the line from break a to break e, drawn with ratio r. */
static void push_line(struct kp_scratch *s, uint32_t a, uint32_t e, float r, int hyphen)
{
	struct kp_line *l;

	ALLOC_GROW(s->lines, s->nlines + 1, s->alines);
	l = &s->lines[s->nlines++];
	l->start = a == NO_BRK ? 0 : s->brk[a].pos;
	l->end = s->brk[e].pos;
	l->r = r;
	l->hyphen = (uint8_t)hyphen;
}

/* Appends the line from break a to break e of a first fit. */
static void greedy_line(const struct item *it, struct kp_scratch *s, uint32_t a, uint32_t e, double measure,
			int hyphen)
{
	double tw, ty, tz;

	line_start(it, s, a, e, &tw, &ty, &tz);
	push_line(s, a, e, drawn_ratio(&s->brk[e], tw, ty, tz, measure), hyphen);
}

/* A line ending at break b shows a hyphen. */
static int shows_hyphen(const struct kp_brk *b)
{
	return (b->bits & BK_FLAGGED) && b->pw > 0;
}

/* One pass: its tolerance, and the emergency stretch every line gets. */
struct pass {
	const struct item *it;
	size_t n;
	double measure;
	int ragged;
	double tol, emerg;
	double rag_y;           /* ragged: the stretch every line is judged with */
	double loose;           /* a ratio above it is surely too loose (set_loose) */
};

/*
 * A ratio above which the badness surely passes the tolerance, so that
 * most lines too loose are known without their badness: the cube root
 * of tol / 100, raised by far more than its rounding errors. Lines at or
 * below it are judged by their badness itself.
 */
static void set_loose(struct pass *ps)
{
	ps->loose = ps->tol < 10000 ? cbrt(ps->tol / 100) * (1 + 1e-9) : HUGE_VAL;
}

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

/* Adjustment ratio of the line from active node nd to break b. */
static inline double line_ratio(const struct pass *ps, const struct kp_brk *b, const struct kp_node *nd)
{
	double L = b->w - nd->tw + b->pw, Y = b->y - nd->ty, Z = b->z - nd->tz;

	if (ps->ragged) {
		if (Y < KP_FILL)
			Y = ps->rag_y;
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
static inline double badness(double r)
{
	double bad = r > 10 ? 10000 : 100 * fabs(r * r * r);

	return bad > 10000 ? 10000 : bad;
}

/* The demerits of a line of ratio r and badness `bad` ending at break b,
 * before the terms that depend on the line before it; its fitness class
 * in *fit. */
static double line_demerits(const struct pass *ps, const struct kp_brk *b, double r, double bad, int *fit)
{
	double dem = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);

	dem += b->pen2;
	/* ragged lines need no hyphen to fill the measure: one is worth a
	 * much rougher edge */
	if (ps->ragged && (b->bits & BK_HYPH))
		dem += RAGGED_HYPHEN_DEMERITS;
	*fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
	return dem;
}

/* Demerits of the paragraph up to break b through active node nd, with a
 * line whose own demerits are `dem` (line_demerits) and fitness class
 * `fit`. The terms are added in one fixed order. */
static double demerits(const struct kp_node *nd, const struct kp_brk *b, double dem, int fit)
{
	if (nd->hyend && (b->bits & (BK_FLAGGED | BK_LAST))) {
		if (b->bits & BK_FLAGGED)
			dem += nd->hy >= 2 ? STACKED_HYPHEN_DEMERITS : FLAGGED_DEMERITS;
		if (b->bits & BK_LAST)
			dem += FINAL_HYPHEN_DEMERITS;
	}
	if (abs(fit - nd->fit) > 1)
		dem += FITNESS_DEMERITS;
	return dem + nd->dem;
}

/*
 * Tries each active node as the start of a line ending at break bk,
 * keeping the best per fitness class in *b. A node is dropped once a line
 * from it is too long (it stays too long for every later break) or when
 * bk is a forced break. The nodes of one break (one per fitness class)
 * sit together in the list and share their line: it is measured once.
 */
static void scan_active(const struct pass *ps, struct kp_scratch *s, struct active *al, const struct kp_brk *bk,
			struct best *b)
{
	struct kp_node *nodes = s->nodes;
	const double tol = ps->tol;
	const int forced = (bk->bits & BK_FORCED) != 0;
	int32_t a = al->head, prev_a = NO_NODE;
	uint32_t at = 0;
	double r = 0, line_dem = 0;
	int fit = 0, drop = 0, ok = 0, first = 1;

	while (a != NO_NODE) {
		struct kp_node *nd = &nodes[a];
		int32_t next = nd->next;
		if (first || nd->brk != at) {
			double bad;
			first = 0;
			at = nd->brk;
			r = line_ratio(ps, bk, nd);
			bad = badness(r);
			drop = r < -1 || forced;
			/* the list runs oldest first: later nodes give shorter
			 * lines with less stretch, so once a line is too loose,
			 * all are */
			if (r > 0 && bad > tol && !drop)
				break;
			ok = r >= -1 && bad <= tol;
			if (ok)
				line_dem = line_demerits(ps, bk, r, bad, &fit);
		}
		if (ok) {
			double dem = demerits(nd, bk, line_dem, fit);
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
				nodes[prev_a].next = next;
			if (al->tail == a)
				al->tail = prev_a;
		} else {
			prev_a = a;
		}
		a = next;
	}
}

/* Nothing found yet at a break. */
static void best_clear(struct best *b)
{
	int fc;

	for (fc = 0; fc < 4; fc++) {
		b->dem[fc] = HUGE_VAL;
		b->node[fc] = NO_NODE;
		b->r[fc] = 0;
	}
	b->any = 0;
}

/* Appends an active node at break k for each fitness class with a best
 * line; at the paragraph's end, keeps the cheapest in *best_final. */
static void add_breaks(const struct pass *ps, struct kp_scratch *s, struct active *al, uint32_t k, const struct best *b,
		       int32_t *best_final)
{
	const struct kp_brk *bk = &s->brk[k];
	int hyend = (bk->bits & BK_FLAGGED) != 0;
	double tw, ty, tz;
	uint32_t apos = (uint32_t)after_break(ps->it, ps->n, bk, &tw, &ty, &tz);
	int fc;

	for (fc = 0; fc < 4; fc++) {
		int32_t nn;
		struct kp_node *nd;
		if (b->node[fc] == NO_NODE)
			continue;
		nn = new_node(s);
		nd = &s->nodes[nn];
		nd->brk = k;
		nd->fit = fc;
		nd->dem = b->dem[fc];
		nd->r = b->r[fc];
		nd->prev = b->node[fc];
		nd->hyend = hyend;
		nd->hy = hyend ? s->nodes[nd->prev].hy + 1 : 0;
		nd->apos = apos;
		nd->tw = tw;
		nd->ty = ty;
		nd->tz = tz;
		nd->next = NO_NODE;
		if (al->tail == NO_NODE)
			al->head = nn;
		else
			s->nodes[al->tail].next = nn;
		al->tail = nn;
		if ((bk->bits & BK_LAST) && (*best_final == NO_NODE || nd->dem < s->nodes[*best_final].dem))
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
		const struct kp_node *nd = &s->nodes[a], *from = &s->nodes[nd->prev];
		const struct kp_brk *eb = &s->brk[nd->brk];
		double tw = from->tw, ty = from->ty, tz = from->tz;
		if (from->apos > eb->pos + 1)
			line_start(ps->it, s, from->brk, nd->brk, &tw, &ty, &tz);
		push_line(s, from->brk, nd->brk, drawn_ratio(eb, tw, ty, tz, ps->measure), shows_hyphen(eb));
	}
	for (i = 0; i < s->nlines / 2; i++) {
		struct kp_line t = s->lines[i];
		s->lines[i] = s->lines[s->nlines - 1 - i];
		s->lines[s->nlines - 1 - i] = t;
	}
}

/*
 * The first break from k on where a line from h, the oldest active node,
 * is not too loose, or which is forced. At the breaks skipped nothing
 * changes: every line to them is too loose (scan_active stops at h) and
 * none is too long. Most breaks of a paragraph are skipped so, and
 * cheaply: one line to measure, not the whole scan.
 */
static size_t skip_loose(const struct pass *ps, const struct kp_scratch *s, const struct kp_node *h, size_t k)
{
	const double tol = ps->tol, loose = ps->loose;

	for (; k < s->nbrk; k++) {
		const struct kp_brk *b = &s->brk[k];
		double r;
		if (b->bits & BK_FORCED)
			break;
		r = line_ratio(ps, b, h);
		if (r > loose)
			continue;
		if (!(r > 0 && badness(r) > tol))
			break;
	}
	return k;
}

static int try_pass(const struct pass *ps, struct kp_scratch *s)
{
	struct active al;
	struct best b;
	int32_t best_final = NO_NODE;
	struct kp_node *start;
	size_t k;

	s->nnodes = 0;
	al.head = al.tail = new_node(s);
	start = &s->nodes[al.head];
	memset(start, 0, sizeof(*start));
	start->brk = NO_BRK;
	start->fit = 1;
	start->prev = start->next = NO_NODE;
	/* b is cleared only after a break that found something */
	best_clear(&b);
	for (k = 0; k < s->nbrk && al.head != NO_NODE; k++) {
		if (ps->tol < HUGE_VAL) {
			k = skip_loose(ps, s, &s->nodes[al.head], k);
			if (k == s->nbrk)
				break;
		}
		scan_active(ps, s, &al, &s->brk[k], &b);
		if (b.any) {
			add_breaks(ps, s, &al, (uint32_t)k, &b, &best_final);
			best_clear(&b);
		}
	}
	if (best_final == NO_NODE)
		return -1;
	collect_lines(ps, s, best_final);
	return 0;
}

/* Ragged lines are drawn at their natural width. */
static void flush_ratios(struct kp_scratch *s)
{
	for (size_t k = 0; k < s->nlines; k++)
		s->lines[k].r = 0;
}

int kp_break_tight(const struct item *it, size_t n, double measure, int ragged, struct kp_scratch *s)
{
	struct pass ps = { it, n, measure, ragged, ragged ? 1000 : 200, 0, measure * 0.12, 0 };

	s->nlines = 0;
	/* a paragraph of book length (hostile input) is set first-fit: the
	 * optimal fit's memory grows with the number of feasible breaks */
	if (!n || n > KP_MAX_ITEMS)
		return -1;
	find_breaks(it, n, s);
	s->pass = 1;
	set_loose(&ps);
	if (try_pass(&ps, s) != 0)
		return -1;
	if (ragged)
		flush_ratios(s);
	return 0;
}

void kp_break(const struct item *it, size_t n, double measure, int ragged, struct kp_scratch *s)
{
	struct pass ps = { it, n, measure, ragged, 2000, 0, measure * 0.12, 0 };

	s->nlines = 0;
	if (!n || kp_break_tight(it, n, measure, ragged, s) == 0)
		return;
	if (n > KP_MAX_ITEMS) {
		s->pass = 4;
		kp_break_greedy(it, n, measure, s);
		goto out;
	}
	/* looser lines before emergency stretch, which makes every loose line
	 * cheap and so gives up the balance between lines */
	s->pass = 2;
	set_loose(&ps);
	if (try_pass(&ps, s) == 0)
		goto out;
	s->pass = 3;
	ps.tol = HUGE_VAL;
	ps.emerg = measure * 0.05;
	set_loose(&ps);
	if (try_pass(&ps, s) == 0)
		goto out;
	s->pass = 4;
	kp_break_greedy(it, n, measure, s);
out:
	if (ragged)
		flush_ratios(s);
}

void kp_break_greedy(const struct item *it, size_t n, double measure, struct kp_scratch *s)
{
	uint32_t k, start = NO_BRK, last = NO_BRK;
	double tw = 0, ty, tz;

	s->nlines = 0;
	if (!n)
		return;
	find_breaks(it, n, s);
	for (k = 0; k < s->nbrk; k++) {
		const struct kp_brk *bk = &s->brk[k];
		double L = bk->w - tw + bk->pw;
		if (L > measure && last != NO_BRK) {
			greedy_line(it, s, start, last, measure, shows_hyphen(&s->brk[last]));
			start = last;
			after_break(it, n, &s->brk[last], &tw, &ty, &tz);
			k = last;
			last = NO_BRK;
			continue;
		}
		if (bk->bits & BK_FORCED) {
			greedy_line(it, s, start, k, measure, 0);
			start = k;
			after_break(it, n, bk, &tw, &ty, &tz);
			last = NO_BRK;
			continue;
		}
		last = k;
	}
}

void kp_release(struct kp_scratch *s)
{
	free(s->nodes);
	free(s->brk);
	free(s->lines);
	memset(s, 0, sizeof(*s));
}
