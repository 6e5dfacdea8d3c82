/*
 * colwidth.c - table column widths from each column's natural width (its
 * longest cell on one line) and minimum (its widest word), in three cases:
 *
 * - the natural widths fit: each column gets its natural width and the
 *   spare room is shared evenly;
 * - not even the widest words fit: the narrowest columns keep theirs and
 *   the widest are squeezed (their words will be cut);
 * - otherwise narrow columns get their natural width and the others share
 *   the rest in proportion to their natural widths, never below their
 *   widest word (repeated until no column changes class: at most one
 *   pass per column).
 */
#include <stdlib.h>

#include "pdf/layout.h"
#include "base/alloc.h"

static void share_spare(const double *mx, size_t ncols, double avail, double smax, double *colw)
{
	size_t k;

	for (k = 0; k < ncols; k++)
		colw[k] = mx[k] + (avail - smax) / (double)ncols;
}

/* Narrowest minimum first, each column its minimum or an even share of
 * what is left, whichever is less. */
static void squeeze(const double *mn, size_t ncols, double avail, double *colw)
{
	char *done = xcalloc(ncols, 1);
	double rest = avail;
	size_t left = ncols, step, k;

	for (step = 0; step < ncols; step++) {
		size_t best = ncols;
		for (k = 0; k < ncols; k++)
			if (!done[k] && (best == ncols || mn[k] < mn[best]))
				best = k;
		colw[best] = mn[best] < rest / (double)left ? mn[best] : rest / (double)left;
		rest -= colw[best];
		done[best] = 1;
		left--;
	}
	free(done);
}

/* One round of the proportional case over the columns not yet fixed:
 * fixes the first column that fits its natural width, else the first
 * that its share would narrow below its minimum. Returns 1 when a
 * column was fixed, 0 when the shares stand (or every column is fixed). */
static int proportional_round(const double *mx, const double *mn, size_t ncols, double avail, char *fixed,
			      double *colw)
{
	double rest = avail, sum = 0;
	size_t nfree = 0, k;

	for (k = 0; k < ncols; k++) {
		if (fixed[k])
			rest -= colw[k];
		else {
			nfree++;
			sum += mx[k];
		}
	}
	if (!nfree)
		return 0;
	for (k = 0; k < ncols; k++) {
		if (!fixed[k] && mx[k] <= rest / (double)nfree) {
			colw[k] = mx[k];
			return fixed[k] = 1;
		}
	}
	for (k = 0; k < ncols; k++) {
		if (fixed[k])
			continue;
		colw[k] = sum > 0 ? rest * mx[k] / sum : rest / (double)nfree;
		if (colw[k] < mn[k]) {
			colw[k] = mn[k];
			return fixed[k] = 1;
		}
	}
	return 0;
}

double column_widths(const double *mx, const double *mn, size_t ncols, double avail, double *colw)
{
	double smax = 0, smin = 0;
	size_t k;

	for (k = 0; k < ncols; k++) {
		smax += mx[k];
		smin += mn[k];
	}
	if (smax <= avail) {
		share_spare(mx, ncols, avail, smax, colw);
	} else if (smin > avail) {
		squeeze(mn, ncols, avail, colw);
	} else {
		char *fixed = xcalloc(ncols, 1);
		while (proportional_round(mx, mn, ncols, avail, fixed, colw))
			;
		free(fixed);
	}
	return smax;
}
