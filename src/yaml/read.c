/*
 * read.c - typed readers over the YAML tree (see read.h).
 *
 * The messages put the problem first and the data value in quotes, as
 * yshow writes it (cut at 60 characters, control bytes escaped), so that
 * a hostile value cannot garble a terminal or flood a line.
 */
#include "yaml/read.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/str.h"

/* ---- hints ---------------------------------------------------------------- */

const char *yread_closest(const char *word, const char *const *names, size_t n)
{
	size_t len = strlen(word), cap = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	size_t best = cap + 1, i, d;
	const char *found = NULL;

	if (n > YREAD_HINT_CANDIDATES)
		return NULL;
	for (i = 0; i < n; i++) {
		d = str_distance(word, names[i], cap);
		if (d > 0 && d < best && 2 * d <= len) {
			best = d;
			found = names[i];
		}
	}
	/* An abbreviation or a longer form of a name ('lang', 'languages')
	 * is many edits away, and as plain a slip. */
	for (i = 0; i < n && !found && len >= 4; i++) {
		size_t m = strlen(names[i]);
		if (m != len && m >= 4 && !strncmp(word, names[i], len < m ? len : m))
			found = names[i];
	}
	return found;
}

#define HINT_OPEN " (did you mean '"

const char *yread_hint_in(const char *msg)
{
	const char *p = strstr(msg, HINT_OPEN), *next;
	size_t n = strlen(msg);

	if (!p || n < 3 || strcmp(msg + n - 3, "'?)"))
		return NULL;
	while ((next = strstr(p + 1, HINT_OPEN)) != NULL)
		p = next;
	return p;
}

void yread_hint(struct strbuf *sb, const char *word, const char *const *names, size_t n)
{
	const char *found = yread_closest(word, names, n);

	if (!found)
		return;
	strbuf_adds(sb, HINT_OPEN);
	yshow(sb, found);
	strbuf_adds(sb, "'?)");
}

static void add_names(struct strbuf *sb, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", names[i]);
}

void yread_enum_problem(struct strbuf *sb, const char *what, const char *got,
			const char *const *names, size_t n)
{
	strbuf_addf(sb, "%s must be one of ", what);
	add_names(sb, names, n);
	strbuf_adds(sb, ", not '");
	yshow(sb, got);
	strbuf_addc(sb, '\'');
	yread_hint(sb, got, names, n);
}

/* ---- mappings ------------------------------------------------------------- */

/*
 * Index of `key` in `names` (n unique entries), or n. Keys usually come in
 * the schema's order, so the search starts after the previous hit (*from).
 */
static size_t name_index(const char *const *names, size_t n, const char *key, size_t *from)
{
	size_t j, i;

	for (j = 0; j < n; j++) {
		i = *from + j < n ? *from + j : *from + j - n;
		if (names[i][0] == key[0] && !strcmp(names[i], key)) {
			*from = i + 1 < n ? i + 1 : 0;
			return i;
		}
	}
	return n;
}

static void unknown_key(struct yreport *r, const struct ynode *k, const char *in,
			const char *const *names, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "unknown key '");
	yshow(&sb, k->str);
	strbuf_addc(&sb, '\'');
	if (in)
		strbuf_addf(&sb, " in %s", in);
	if (!yreport_full(r))
		yread_hint(&sb, k->str, names, n);
	yreport_error(r, k, "%s", sb.buf);
	strbuf_release(&sb);
}

int yread_map(struct yreport *r, const struct ynode *m, const char *what, const char *in,
	      const char *const *names, size_t n, const struct ynode **out)
{
	const struct ynode *k;
	size_t i, from = 0;

	assert(n <= YREAD_MAX_KEYS);
	for (i = 0; i < n; i++)
		out[i] = NULL;
	if (m->type == YN_BAD)
		return -1;
	if (m->type != YN_MAP) {
		yreport_error(r, m, "%s must be a mapping, not %s", what, ynode_describe(m));
		return -1;
	}
	/* The parser has dropped repeated and non-scalar keys. */
	for (k = m->first; k; k = k->next->next) {
		i = name_index(names, n, k->str, &from);
		if (i == n)
			unknown_key(r, k, in, names, n);
		else
			out[i] = k->next;
	}
	return 0;
}

int yread_need(struct yreport *r, const struct ynode *map, const struct ynode *v,
	       const char *key)
{
	if (!v)
		yreport_error(r, map, "missing required key '%s'", key);
	return v != NULL;
}

int yread_present(const struct ynode *v)
{
	return v && !ynode_is_null(v);
}

/* ---- scalars -------------------------------------------------------------- */

/* `s` as yshow writes it, in `sb` (reset first). */
static const char *show(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	yshow(sb, s);
	return sb->buf;
}

int yread_str(struct yreport *r, const struct ynode *v, const char *what, char **out)
{
	const char *s;
	size_t bidi;

	if (v->type == YN_BAD)
		return -1;
	if (v->type != YN_SCALAR || v->scalar == YS_BOOL) {
		yreport_error(r, v, "%s must be a string, not %s", what, ynode_describe(v));
		return -1;
	}
	for (s = v->str; *s == ' ' || *s == '\t' || *s == '\n'; s++)
		;
	if (!*s || v->scalar == YS_NULL) {
		yreport_error(r, v, "%s must not be empty", what);
		return -1;
	}
	bidi = utf8_bidi_at(v->str, strlen(v->str));
	if (v->str[bidi]) {
		const unsigned char *u = (const unsigned char *)v->str + bidi;
		yreport_warning(r, v, "%s holds the bidirectional control character U+%04X, which can "
				"make text read in another order than it is written; briefs show it as U+FFFD",
				what, (unsigned)utf8_decode(&u, u + 3));
	}
	free(*out);
	*out = xstrdup(v->str);
	return 0;
}

static int is_decimal(const struct ynode *v)
{
	return !strchr(v->str, 'x') && !strchr(v->str, 'o');
}

int yread_int(struct yreport *r, const struct ynode *v, const char *what, long min,
	      long max, int *out)
{
	struct strbuf sb = STRBUF_INIT;
	long long x;
	char *end;
	int ret = -1, bad;

	if (v->type == YN_BAD)
		return -1;
	if (v->type != YN_SCALAR || v->scalar != YS_INT) {
		yreport_error(r, v, "%s must be an integer, not %s", what, ynode_describe(v));
		return -1;
	}
	errno = 0;
	x = strtoll(v->str, &end, 10);
	bad = errno || *end || x < min || x > max;
	if (!is_decimal(v))
		yreport_error(r, v, "%s must be a decimal integer, not '%s'", what,
			      show(&sb, v->str));
	else if (!bad)
		ret = 0;
	else if (max == INT_MAX && x >= min)
		yreport_error(r, v, "%s is too large: %s", what, show(&sb, v->str));
	else if (max == INT_MAX)
		yreport_error(r, v, "%s must be %ld or more, not %s", what, min, show(&sb, v->str));
	else
		yreport_error(r, v, "%s must be between %ld and %ld, not %s", what, min, max,
			      show(&sb, v->str));
	if (!ret)
		*out = (int)x;
	strbuf_release(&sb);
	return ret;
}

int yread_num(struct yreport *r, const struct ynode *v, const char *what, double *out)
{
	char *end;
	double x;

	if (v->type == YN_BAD)
		return -1;
	if (v->type != YN_SCALAR || (v->scalar != YS_INT && v->scalar != YS_FLOAT)) {
		yreport_error(r, v, "%s must be a number, not %s", what, ynode_describe(v));
		return -1;
	}
	x = strtod(v->str, &end);
	if (*end || !isfinite(x) || !is_decimal(v)) {
		struct strbuf sb = STRBUF_INIT;
		yreport_error(r, v, "%s must be a finite decimal number, not '%s'", what,
			      show(&sb, v->str));
		strbuf_release(&sb);
		return -1;
	}
	*out = x;
	return 0;
}

int yread_num_range(struct yreport *r, const struct ynode *v, const char *what, double lo,
		    double hi, const char *unit, double *out)
{
	double x;

	if (yread_num(r, v, what, &x))
		return -1;
	if (x < lo || x > hi) {
		yreport_error(r, v, "%s is %g; it must be from %g to %g%s", what, x, lo, hi, unit);
		return -1;
	}
	*out = x;
	return 0;
}

int yread_bool(struct yreport *r, const struct ynode *v, const char *what, int *out)
{
	if (v->type == YN_BAD)
		return -1;
	if (v->type != YN_SCALAR || v->scalar != YS_BOOL) {
		yreport_error(r, v, "%s must be true or false, not %s", what, ynode_describe(v));
		return -1;
	}
	*out = v->str[0] == 't' || v->str[0] == 'T';
	return 0;
}

int yread_enum(struct yreport *r, const struct ynode *v, const char *what,
	       const char *const *names, size_t n, int *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (v->type == YN_BAD)
		return -1;
	if (v->type == YN_SCALAR)
		for (i = 0; i < n; i++)
			if (!strcmp(names[i], v->str)) {
				*out = (int)i;
				return 0;
			}
	if (v->type != YN_SCALAR || v->scalar == YS_NULL) {
		strbuf_addf(&sb, "%s must be one of ", what);
		add_names(&sb, names, n);
		strbuf_addf(&sb, ", not %s", ynode_describe(v));
	} else {
		yread_enum_problem(&sb, what, v->str, names, n);
	}
	yreport_error(r, v, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* ---- dates, URLs and ids -------------------------------------------------- */

int yread_date(struct yreport *r, const struct ynode *v, const char *what, int need_month,
	       struct date *out)
{
	const char *forms = need_month ? "YYYY-MM or YYYY-MM-DD" : "YYYY, YYYY-MM or YYYY-MM-DD";
	struct date d = { 0, 0, 0 };
	const char *s = v->str;

	if (v->type == YN_BAD)
		return -1;
	if (v->type != YN_SCALAR || (v->scalar != YS_INT && v->scalar != YS_STR)) {
		yreport_error(r, v, "%s must be a date (%s), not %s", what, forms,
			      ynode_describe(v));
		return -1;
	}
	switch (date_parse(s, &d)) {
	case DATE_FORM: {
		struct strbuf sb = STRBUF_INIT;
		yreport_error(r, v, "%s must be a date (%s), not '%s'", what, forms, show(&sb, s));
		strbuf_release(&sb);
		return -1;
	}
	case DATE_YEAR0:
		yreport_error(r, v, "invalid date '%s' in %s (there is no year 0000)", s, what);
		return -1;
	case DATE_MONTH:
		yreport_error(r, v, "invalid date '%s' in %s (months are 01 to 12)", s, what);
		return -1;
	case DATE_DAY:
		yreport_error(r, v, "invalid date '%s' in %s (%.7s has %d days)", s, what, s,
			      date_days_in_month(d.year, d.month));
		return -1;
	case DATE_OK:
		break;
	}
	if (need_month && !d.month) {
		yreport_error(r, v, "%s needs at least a month (%s), not '%s'", what, forms, s);
		return -1;
	}
	*out = d;
	return 0;
}

/* The port after a host ("" is none); NULL when it is valid. */
static const char *port_problem(const char *colon, const char *end)
{
	const char *p;

	for (p = colon + 1; p < end; p++)
		if (*p < '0' || *p > '9')
			return "it has an invalid port";
	if (end - colon < 2 || end - colon > 6 || atoi(colon + 1) > 65535)
		return "it has an invalid port";
	return NULL;
}

/* A host name or [IPv6] from `host` to `end`; NULL when it is valid. */
static const char *host_problem(const char *host, const char *end, const char **colon)
{
	const char *p;

	*colon = NULL;
	if (host < end && *host == '[') {
		for (p = host + 1; p < end && *p != ']'; p++)
			if (!strchr("0123456789abcdefABCDEF:.", *p))
				return "it has an invalid IPv6 host";
		if (p == end || p == host + 1)
			return "it has an invalid IPv6 host";
		*colon = p + 1 < end ? p + 1 : NULL;
		if (*colon && **colon != ':')
			return "it has an invalid host";
		return NULL;
	}
	for (p = host; p < end && *p != ':'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		      (unsigned char)*p >= 0x80)) /* IDN hosts */
			return "it has an invalid host";
	if (p == host)
		return "it has no host";
	if (*host == '.' || *host == '-' || p[-1] == '-')
		return "it has an invalid host";
	*colon = p < end ? p : NULL;
	return NULL;
}

/* NULL when `u` is an http(s) URL with a host; otherwise what is wrong. */
static const char *url_problem(const char *u)
{
	const char *p, *host, *end, *colon, *why;

	if (strlen(u) > URL_MAX_BYTES)
		return "it is longer than the limit of " URL_MAX_TEXT " bytes";
	for (p = u; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return "it contains a space or a control character";
	if (!strncasecmp(u, "http://", 7))
		host = u + 7;
	else if (!strncasecmp(u, "https://", 8))
		host = u + 8;
	else
		return "only http:// and https:// are allowed";
	end = host + strcspn(host, "/?#");
	for (p = host; p < end; p++)
		if (*p == '@')
			host = p + 1; /* skip user information */
	why = host_problem(host, end, &colon);
	if (!why && colon)
		why = port_problem(colon, end);
	return why;
}

int yread_url(struct yreport *r, const struct ynode *v, const char *what, char **out)
{
	const char *why;

	if (yread_str(r, v, what, out))
		return -1;
	why = url_problem(*out);
	if (why) {
		struct strbuf sb = STRBUF_INIT;
		yreport_error(r, v, "invalid url '%s': %s", show(&sb, *out), why);
		strbuf_release(&sb);
		return -1;
	}
	return 0;
}

int yread_id(struct yreport *r, const struct ynode *v, const char *what, char **out)
{
	if (yread_str(r, v, what, out))
		return -1;
	if (!is_valid_id(*out)) {
		struct strbuf sb = STRBUF_INIT;
		yreport_error(r, v, "invalid id '%s': ids must match [a-z0-9-]+", show(&sb, *out));
		strbuf_release(&sb);
		return -1;
	}
	return 0;
}

/* ---- lists ---------------------------------------------------------------- */

const struct ynode *yread_list(struct yreport *r, const struct ynode *v, const char *what,
			       int need_one)
{
	if (v->type == YN_BAD)
		return NULL;
	if (ynode_is_null(v) || (v->type == YN_SEQ && !v->nkids)) {
		if (need_one)
			yreport_error(r, v, "%s must list at least one item", what);
		return NULL;
	}
	if (v->type != YN_SEQ) {
		yreport_error(r, v, "%s must be a list, not %s", what, ynode_describe(v));
		return NULL;
	}
	return v;
}

void yread_strlist(struct yreport *r, const struct ynode *v, const char *key,
		   struct strlist *out, yread_item_fn check, void *arg)
{
	char list[80], item[96];
	const struct ynode *seq, *it;
	char *s = NULL;

	/* Schema keys are short; a longer one is only cut in messages. */
	snprintf(list, sizeof(list), "'%s'", key);
	snprintf(item, sizeof(item), "each item of '%s'", key);
	seq = yread_list(r, v, list, 0);
	for (it = seq ? seq->first : NULL; it; it = it->next) {
		if (yread_str(r, it, item, &s))
			continue;
		if (check)
			check(arg, r, it, s);
		strlist_push(out, s);
	}
	free(s);
}
