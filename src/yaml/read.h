/*
 * read.h - typed values from a YAML tree (doc.h): the one set of checks,
 * and of messages, for every schema the program reads (data files,
 * manifests, style files, chart blocks).
 *
 * Every reader takes the node and `what`, the words that name the value in
 * a message ("'year'", "each item of 'tags'", "a value"), and either stores
 * the value and returns 0, or reports one error at the node through the
 * yreport and returns -1 leaving *out as it was. A YN_BAD node (already
 * reported by the parser) fails silently.
 *
 * Typing follows the YAML 1.2 core schema, strictly:
 * - an integer is a plain decimal integer in range: `"2020"` (quoted) is a
 *   string, `0x1F` and `0o17` are refused as not decimal, `2020.0` is a
 *   number, not an integer;
 * - a number is a plain decimal integer or float; .inf, .nan and 0x forms
 *   are refused ("a finite decimal number");
 * - a string is any scalar but a boolean or an empty value: a plain number
 *   is taken as its text (`value: 42` is "42");
 * - a boolean is a plain true/false (True, TRUE...); `yes` is a string.
 */
#ifndef CASEBRIEF_YAML_READ_H
#define CASEBRIEF_YAML_READ_H

#include <stddef.h>

#include "yaml/doc.h"
#include "base/date.h"
#include "base/str.h"

struct strbuf;

#define YREAD_MAX_KEYS 32         /* keys of the largest schema mapping */
#define YREAD_HINT_CANDIDATES 500 /* beyond this, no "did you mean" search */

/*
 * The one "did you mean": the first of `names` closest to `word`, when it
 * differs from it by at most 1 (words of up to 3 characters), 2 (up to 6)
 * or 3 edits, and by no more than half its length; else, for a word of 4
 * characters or more, the first name that begins with it or that it
 * begins with ('lang' for 'languages', 'languages' for 'lang'); else NULL.
 * No search over more than YREAD_HINT_CANDIDATES names.
 */
const char *yread_closest(const char *word, const char *const *names, size_t n);
/* Appends " (did you mean 'X'?)" for yread_closest, or nothing. */
void yread_hint(struct strbuf *sb, const char *word, const char *const *names, size_t n);
/* Where a message ends with what yread_hint appends (the " (did you
 * mean"), or NULL: for output that shows the hint apart. */
const char *yread_hint_in(const char *msg);
/* Appends "WHAT must be one of A, B, C, not 'GOT'" and its hint. */
void yread_enum_problem(struct strbuf *sb, const char *what, const char *got,
			const char *const *names, size_t n);

/*
 * A mapping with known keys: out[i] receives the value of names[i] (NULL
 * when absent). An unknown key is reported at the key, "unknown key 'K'",
 * followed by " in IN" when `in` is not NULL, and a hint. Returns -1
 * (after "WHAT must be a mapping, not ...") when `m` is not a mapping.
 * n <= YREAD_MAX_KEYS.
 */
int yread_map(struct yreport *r, const struct ynode *m, const char *what, const char *in,
	      const char *const *names, size_t n, const struct ynode **out);
/* True when `v` is there; else reports "missing required key 'KEY'" at `map`. */
int yread_need(struct yreport *r, const struct ynode *map, const struct ynode *v,
	       const char *key);
/* A key that is there with a value (an empty value counts as absent). */
int yread_present(const struct ynode *v);

/* A string (see above), not empty or only blanks; replaces *out (freed). */
int yread_str(struct yreport *r, const struct ynode *v, const char *what, char **out);
/* A decimal integer from `min` to `max`. */
int yread_int(struct yreport *r, const struct ynode *v, const char *what, long min,
	      long max, int *out);
/* A finite decimal number. */
int yread_num(struct yreport *r, const struct ynode *v, const char *what, double *out);
/* The same within [lo, hi]; `unit` ends the message ("", " pt"). */
int yread_num_range(struct yreport *r, const struct ynode *v, const char *what, double lo,
		    double hi, const char *unit, double *out);
int yread_bool(struct yreport *r, const struct ynode *v, const char *what, int *out);
/* One of the n `names` (exactly): its index in *out. */
int yread_enum(struct yreport *r, const struct ynode *v, const char *what,
	       const char *const *names, size_t n, int *out);
/* YYYY, YYYY-MM or YYYY-MM-DD (only the last two with `need_month`). */
int yread_date(struct yreport *r, const struct ynode *v, const char *what, int need_month,
	       struct date *out);
/*
 * An http(s) URL with a valid host (and port, if any); an id, [a-z0-9-]+.
 * Unlike the other readers, these two store the string in *out before
 * checking its form, and leave it there when they refuse it: the loader
 * keeps a bad id as the record's name for later messages.
 */
int yread_url(struct yreport *r, const struct ynode *v, const char *what, char **out);
int yread_id(struct yreport *r, const struct ynode *v, const char *what, char **out);

/*
 * A list: returns it, or NULL after an error, and also (silently) when it
 * is empty ([] or an empty value), unless `need_one` makes that an error.
 */
const struct ynode *yread_list(struct yreport *r, const struct ynode *v, const char *what,
			       int need_one);

/* Looks at each string of a list (yread_strlist) once it is read. */
typedef void (*yread_item_fn)(void *arg, struct yreport *r, const struct ynode *item,
			      const char *s);
/*
 * A list of strings under `key`: the list is "'KEY'" in messages, each
 * item "each item of 'KEY'". Appends each string to `out`, after `check`
 * (may be NULL) has seen it.
 */
void yread_strlist(struct yreport *r, const struct ynode *v, const char *key,
		   struct strlist *out, yread_item_fn check, void *arg);

#endif
