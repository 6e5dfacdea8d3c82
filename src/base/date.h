/*
 * date.h - dates with an optional month and day (YYYY, YYYY-MM, YYYY-MM-DD).
 */
#ifndef CASEBRIEF_BASE_DATE_H
#define CASEBRIEF_BASE_DATE_H

/* A date with optional month and day: month/day are 0 when absent. */
struct date {
	int year, month, day;
};

/* What date_parse found wrong. */
enum date_problem {
	DATE_OK,
	DATE_FORM,   /* not YYYY, YYYY-MM or YYYY-MM-DD in digits */
	DATE_YEAR0,  /* year 0000 */
	DATE_MONTH,  /* month outside 01..12 */
	DATE_DAY     /* day outside the month (leap years counted) */
};

/*
 * The one date parser: YYYY, YYYY-MM or YYYY-MM-DD, nothing more or less,
 * naming a real calendar date. Returns DATE_OK and fills *out (absent parts
 * 0), or the first problem found, in the order of the enum; past DATE_FORM
 * *out holds the numbers as written, so a message can quote them.
 */
enum date_problem date_parse(const char *s, struct date *out);
/* Days in month m (1-12) of year y, Gregorian. */
int date_days_in_month(int y, int m);

/* Formats as YYYY, YYYY-MM or YYYY-MM-DD into buf (>= 16 bytes). */
const char *date_format(const struct date *d, char *buf);
/* Months since year 0 (missing month counts as January). */
int date_months(const struct date *d);
int date_cmp(const struct date *a, const struct date *b);

#endif
