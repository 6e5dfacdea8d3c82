/*
 * colwidth.c - table column widths from each column's max-content width
 * (its longest cell on one line) and min-content width (its widest piece
 * that cannot break without a hyphen being added), as a browser's
 * automatic table layout does:
 *
 * - the max-content widths fit: each column gets its own and the spare
 *   room is shared evenly, so the table fills the measure;
 * - the min-content widths fit: each column gets its minimum, and the
 *   room left is shared in proportion to what each column lacks of its
 *   maximum (max - min): the columns of long text get the slack, a
 *   column of dates or numbers (min = max) never wraps;
 * - not even the minimums fit (the caller has tried a wider measure
 *   first): columns whose content cannot break at all keep their
 *   minimum, the others share the rest in proportion to their minimums
 *   (their words will be hyphenated or cut).
 */
#include <stdlib.h>

#include "pdf/layout.h"
#include "base/alloc.h"

/* A column whose content has no break point: min and max agree. */
static int unbreakable(double mx, double mn)
{
	return mx <= mn * 1.001;
}

static void share_spare(const double *mx, size_t ncols, double avail, double smax, double *colw)
{
	size_t k;

	for (k = 0; k < ncols; k++)
		colw[k] = mx[k] + (avail - smax) / (double)ncols;
}

static void share_slack(const double *mx, const double *mn, size_t ncols, double avail, double smax,
			double smin, double *colw)
{
	double lack = smax - smin;
	size_t k;

	for (k = 0; k < ncols; k++)
		colw[k] = mn[k] + (lack > 0 ? (mx[k] - mn[k]) * (avail - smin) / lack : 0);
}

static void squeeze(const double *mx, const double *mn, size_t ncols, double avail, double smin, double *colw)
{
	double fixed = 0, rest;
	size_t k;

	for (k = 0; k < ncols; k++)
		if (unbreakable(mx[k], mn[k]))
			fixed += mn[k];
	rest = avail - fixed;
	/* when the unbreakable columns alone are too wide, every column shrinks */
	if (rest <= 0 || fixed >= smin) {
		for (k = 0; k < ncols; k++)
			colw[k] = smin > 0 ? mn[k] * avail / smin : avail / (double)ncols;
		return;
	}
	for (k = 0; k < ncols; k++)
		colw[k] = unbreakable(mx[k], mn[k]) ? mn[k] : mn[k] * rest / (smin - fixed);
}

double column_widths(const double *mx, const double *mn, size_t ncols, double avail, double *colw)
{
	double smax = 0, smin = 0;
	size_t k;

	for (k = 0; k < ncols; k++) {
		smax += mx[k];
		smin += mn[k];
	}
	if (smax <= avail)
		share_spare(mx, ncols, avail, smax, colw);
	else if (smin <= avail)
		share_slack(mx, mn, ncols, avail, smax, smin, colw);
	else
		squeeze(mx, mn, ncols, avail, smin, colw);
	return smin;
}
