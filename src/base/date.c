/*
 * date.c - parsing, formatting and comparing dates.
 */
#include "base/date.h"

#include <stdio.h>
#include <string.h>

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* The n digits at s as a number, or -1 when one of them is not a digit. */
static int digits_at(const char *s, int n)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	return x;
}

enum date_problem date_parse(const char *s, struct date *out)
{
	size_t len = strlen(s);
	struct date d = { 0, 0, 0 };

	if (len != 4 && len != 7 && len != 10)
		return DATE_FORM;
	d.year = digits_at(s, 4);
	if (len >= 7)
		d.month = s[4] == '-' ? digits_at(s + 5, 2) : -1;
	if (len == 10)
		d.day = s[7] == '-' ? digits_at(s + 8, 2) : -1;
	if (d.year < 0 || d.month < 0 || d.day < 0)
		return DATE_FORM;
	*out = d;
	if (d.year == 0)
		return DATE_YEAR0;
	if (len >= 7 && (d.month < 1 || d.month > 12))
		return DATE_MONTH;
	if (len == 10 && (d.day < 1 || d.day > date_days_in_month(d.year, d.month)))
		return DATE_DAY;
	return DATE_OK;
}

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
