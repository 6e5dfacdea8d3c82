/*
 * str.h - small string helpers and the list of strings.
 */
#ifndef CASEBRIEF_BASE_STR_H
#define CASEBRIEF_BASE_STR_H

#include <stddef.h>

/*
 * The longest URL casebrief accepts, in bytes: data files refuse longer
 * ones and Markdown links to longer ones become plain text, since PDF
 * readers and libharu (64 KiB at most) cannot carry them.
 */
#define URL_MAX_BYTES 8192
#define URL_MAX_TEXT "8,192"

/* Small string helpers. */
int str_ends_with(const char *s, const char *suffix);
/* Offset of the `nlen` bytes of `needle` in s[from, len), or -1. */
long str_find(const char *s, size_t from, size_t len, const char *needle, size_t nlen);
/* Levenshtein distance, capped: returns > cap quickly when far apart. */
size_t str_distance(const char *a, const char *b, size_t cap);
/* True when `s` is a non-empty [a-z0-9-]+ identifier. */
int is_valid_id(const char *s);

struct strlist {
	char **v;
	size_t n, alloc;
};
void strlist_push(struct strlist *l, const char *s); /* copies s */
int strlist_has(const struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

#endif
