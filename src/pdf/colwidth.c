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
 *   minimum, the others start from their header's widest word and share
 *   the rest in proportion to what they lack of their minimum (their
 *   words will be hyphenated or cut, their headers not).
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

static void squeeze(const double *mx, const double *mn, const double *hd, size_t ncols, double avail,
		    double *colw)
{
	double base = 0, need = 0;
	size_t k;

	for (k = 0; k < ncols; k++) {
		colw[k] = unbreakable(mx[k], mn[k]) || hd[k] > mn[k] ? mn[k] : hd[k];
		base += colw[k];
		need += mn[k] - colw[k];
	}
	/* when even that is too wide, every column shrinks alike */
	if (base >= avail || need <= 0) {
		for (k = 0; k < ncols; k++)
			colw[k] = base > 0 ? colw[k] * avail / base : avail / (double)ncols;
		return;
	}
	for (k = 0; k < ncols; k++)
		colw[k] += (mn[k] - colw[k]) * (avail - base) / need;
}

double column_widths(const double *mx, const double *mn, const double *hd, size_t ncols, double avail,
		     double *colw)
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
		squeeze(mx, mn, hd, ncols, avail, colw);
	return smin;
}
