/*
 * date.c - formatting and comparing dates.
 */
#include "base/date.h"

#include <stdio.h>

const char *date_format(const struct date *d, char *buf)
{
	if (d->day)
		snprintf(buf, 16, "%04d-%02d-%02d", d->year % 10000, d->month % 100, d->day % 100);
	else if (d->month)
		snprintf(buf, 16, "%04d-%02d", d->year % 10000, d->month % 100);
	else
		snprintf(buf, 16, "%04d", d->year % 10000);
	return buf;
}

int date_months(const struct date *d)
{
	return d->year * 12 + (d->month ? d->month - 1 : 0);
}

int date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}
