/*
 * date.h - dates with an optional month and day (YYYY, YYYY-MM, YYYY-MM-DD).
 */
#ifndef CASEBRIEF_BASE_DATE_H
#define CASEBRIEF_BASE_DATE_H

/* A date with optional month and day: month/day are 0 when absent. */
struct date {
	int year, month, day;
};
/* Formats as YYYY, YYYY-MM or YYYY-MM-DD into buf (>= 16 bytes). */
const char *date_format(const struct date *d, char *buf);
/* Months since year 0 (missing month counts as January). */
int date_months(const struct date *d);
int date_cmp(const struct date *a, const struct date *b);

#endif
