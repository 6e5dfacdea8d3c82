/*
 * load.c - a data directory (SCHEMA.md) into the model (model.h).
 *
 * Each file is parsed into a node tree (load_yaml.c), then checked against
 * the schema one record at a time; the checks below follow SCHEMA.md's
 * order. Every problem is reported and loading goes on, so that one run
 * shows them all. Cross-file rules (unique ids, tags defined in tags.yaml,
 * audience ids naming cases) run once the files they need are in.
 *
 * Typing: a plain scalar is typed by its text (YAML 1.2 core schema), so
 * `year: "2020"` is a string and an error where an integer is required.
 * Strings accept plain numbers as their text (`value: 42` is "42"), but
 * not booleans or empty values. Dates accept a plain `2020` too.
 */
#include "data/load.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yaml/load_yaml.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"
#include "base/date.h"

#define SHOW_MAX 60              /* characters of a data value in a message */
#define HINT_MAX_CANDIDATES 500  /* beyond this, no "did you mean" search */
#define SUMMARY_MAX_WORDS 120
#define MAP_MAX_KEYS 32          /* keys of the largest schema mapping */

struct loader {
	struct dataset *ds;
	struct diags *diags;
	const char *file;       /* interned name of the file being checked */
	size_t nerr;            /* errors reported in this file */
	struct ydoc doc;
	int tags_ok;            /* tags.yaml read: tag references can be checked */
	const char **tag_ids;   /* sorted, for bsearch and hints */
	size_t ntag_ids;
	const char **case_ids;  /* sorted (cases are), for hints */
	char shown[4][SHOW_MAX * 4 + 8];
	unsigned nshown;
	char what[96];
	char hint[SHOW_MAX * 4 + 32];
};

struct keyref {
	const char *s;
	const struct ynode *n;
};

/* messages */

static void lerr_v(struct loader *ld, int line, int col, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct pos at = { ld->file, line, col };

	if (++ld->nerr > LOAD_MAX_ERRORS) {
		at.line = at.col = 0;
		if (ld->nerr == LOAD_MAX_ERRORS + 1)
			diags_error(ld->diags, at,
				    "too many errors; only the first %d are reported",
				    LOAD_MAX_ERRORS);
		return;
	}
	strbuf_vaddf(&sb, fmt, ap);
	diags_error(ld->diags, at, "%s", sb.buf);
	strbuf_release(&sb);
}

static void CB_PRINTF(4, 5)
	lerr_at(struct loader *ld, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lerr_v(ld, line, col, fmt, ap);
	va_end(ap);
}

/* An error pointing at node `at` (or at the file when `at` is NULL). */
static void CB_PRINTF(3, 4)
	lerr(struct loader *ld, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lerr_v(ld, at ? at->line : 0, at ? at->col : 0, fmt, ap);
	va_end(ap);
}

/*
 * A data value as quoted in a message: at most SHOW_MAX characters,
 * control bytes escaped. Four rotating buffers, enough for one message.
 */
static const char *shown(struct loader *ld, const char *s)
{
	char *out = ld->shown[ld->nshown++ % 4];
	size_t o = 0, chars = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xc0) != 0x80 && chars++ == SHOW_MAX) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			snprintf(out + o, 5, "\\x%02x", c);
			o += 4;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

/* "'key'" or "each item of 'key'", for messages about a value. */
static const char *what(struct loader *ld, const char *key, int item)
{
	snprintf(ld->what, sizeof(ld->what), "%s'%s'", item ? "each item of " : "", key);
	return ld->what;
}

/* " (did you mean 'x'?)" for the closest candidate, or "". */
static const char *hint(struct loader *ld, const char *word,
			const char *const *cands, size_t n)
{
	size_t len = strlen(word), cap = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	size_t best = cap + 1, i, d;
	const char *found = NULL;

	ld->hint[0] = '\0';
	if (n > HINT_MAX_CANDIDATES || ld->nerr >= LOAD_MAX_ERRORS)
		return ld->hint;
	for (i = 0; i < n; i++) {
		d = str_distance(word, cands[i], cap);
		if (d > 0 && d < best && 2 * d <= len) {
			best = d;
			found = cands[i];
		}
	}
	if (found)
		snprintf(ld->hint, sizeof(ld->hint), " (did you mean '%s'?)",
			 shown(ld, found));
	return ld->hint;
}

static struct pos pos_of(const struct loader *ld, const struct ynode *n)
{
	struct pos p = { ld->file, n ? n->line : 0, n ? n->col : 0 };
	return p;
}

static const struct ynode *node(const struct loader *ld, size_t i)
{
	return ydoc_node(&ld->doc, i);
}

/* generic value checks */

static int is_null(const struct ynode *v)
{
	return v->type == YN_SCALAR && ynode_scalar_type(v) == YS_NULL;
}

/* A key that is there with a value (an empty value counts as absent). */
static int present(const struct ynode *v)
{
	return v && !is_null(v);
}

static int need(struct loader *ld, const struct ynode *map,
		const struct ynode *v, const char *key)
{
	if (!v)
		lerr(ld, map, "missing required key '%s'", key);
	return v != NULL;
}

static int keyref_cmp(const void *pa, const void *pb)
{
	const struct keyref *a = pa, *b = pb;
	int c = strcmp(a->s, b->s);
	if (c)
		return c;
	if (a->n->line != b->n->line)
		return a->n->line < b->n->line ? -1 : 1;
	return a->n->col < b->n->col ? -1 : a->n->col > b->n->col;
}

/* Sorts `v` and reports every repeat after the first: n log n, not n². */
static void check_unique(struct loader *ld, struct keyref *v, size_t n,
			 const char *noun)
{
	size_t i, first = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), keyref_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(v[i].s, v[first].s)) {
			first = i;
			continue;
		}
		lerr(ld, v[i].n, "duplicate %s '%s' (first at line %d)", noun,
		     shown(ld, v[i].s), v[first].n->line);
	}
}

/*
 * Index of `key` in `names` (n unique entries), or n. Keys usually come in
 * the schema's order, so the search starts after the previous hit (*from).
 */
static size_t name_index(const char *const *names, size_t n, const char *key,
			 size_t *from)
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

/*
 * Checks that `m` is a mapping whose keys are among `names`, and puts the
 * value of each known key in out[] (NULL when absent). Unknown keys get a
 * hint, repeated keys are reported at the repeat. Returns -1 when `m` is
 * not a mapping.
 */
static int map_get(struct loader *ld, const struct ynode *m, const char *whatstr,
		   const char *const *names, size_t n, const struct ynode **out)
{
	const struct ynode *k, *v, *keys[MAP_MAX_KEYS];
	size_t i, from = 0;

	assert(n <= MAP_MAX_KEYS);
	for (i = 0; i < n; i++)
		out[i] = keys[i] = NULL;
	if (m->type == YN_BAD)
		return -1;
	if (m->type != YN_MAP) {
		lerr(ld, m, "%s must be a mapping, not %s", whatstr, ynode_describe(m));
		return -1;
	}
	for (k = node(ld, m->first); k; k = node(ld, v->next)) {
		v = node(ld, k->next);
		if (k->type != YN_SCALAR) {
			if (k->type != YN_BAD)
				lerr(ld, k, "keys must be strings, not %s",
				     ynode_describe(k));
			continue;
		}
		i = name_index(names, n, k->str, &from);
		if (i == n) {
			lerr(ld, k, "unknown key '%s'%s", shown(ld, k->str),
			     hint(ld, k->str, names, n));
			continue;
		}
		if (out[i]) {
			lerr(ld, k, "duplicate key '%s' (first at line %d)",
			     names[i], keys[i]->line);
			continue;
		}
		out[i] = v;
		keys[i] = k;
	}
	return 0;
}

static int get_str(struct loader *ld, const struct ynode *v, const char *key,
		   int item, char **out)
{
	const char *s;

	if (v->type == YN_BAD)
		return -1;
	if (v->type != YN_SCALAR || ynode_scalar_type(v) == YS_BOOL) {
		lerr(ld, v, "%s must be a string, not %s", what(ld, key, item),
		     ynode_describe(v));
		return -1;
	}
	for (s = v->str; *s == ' ' || *s == '\t' || *s == '\n'; s++)
		;
	if (!*s || is_null(v)) {
		lerr(ld, v, "%s must not be empty", what(ld, key, item));
		return -1;
	}
	free(*out);
	*out = xstrdup(v->str);
	return 0;
}

static int get_int(struct loader *ld, const struct ynode *v, const char *key,
		   long min, long max, int *out)
{
	long long x;
	char *end;

	if (v->type == YN_BAD)
		return -1;
	if (v->type != YN_SCALAR || ynode_scalar_type(v) != YS_INT) {
		lerr(ld, v, "'%s' must be an integer, not %s", key, ynode_describe(v));
		return -1;
	}
	if (strchr(v->str, 'x') || strchr(v->str, 'o')) {
		lerr(ld, v, "'%s' must be a decimal integer, not '%s'", key,
		     shown(ld, v->str));
		return -1;
	}
	errno = 0;
	x = strtoll(v->str, &end, 10);
	if (errno || *end || x < min || x > max) {
		if (max == INT_MAX && x >= min)
			lerr(ld, v, "'%s' is too large: %s", key, shown(ld, v->str));
		else if (max == INT_MAX)
			lerr(ld, v, "'%s' must be %ld or more, not %s", key, min,
			     shown(ld, v->str));
		else
			lerr(ld, v, "'%s' must be between %ld and %ld, not %s", key,
			     min, max, shown(ld, v->str));
		return -1;
	}
	*out = (int)x;
	return 0;
}

static int get_num(struct loader *ld, const struct ynode *v, const char *key,
		   double *out)
{
	enum yscalar_type t;
	char *end;
	double x;

	if (v->type == YN_BAD)
		return -1;
	t = v->type == YN_SCALAR ? ynode_scalar_type(v) : YS_STR;
	if (v->type != YN_SCALAR || (t != YS_INT && t != YS_FLOAT)) {
		lerr(ld, v, "'%s' must be a number, not %s", key, ynode_describe(v));
		return -1;
	}
	x = strtod(v->str, &end);
	if (*end || !isfinite(x) || strchr(v->str, 'x') || strchr(v->str, 'o')) {
		lerr(ld, v, "'%s' must be a finite decimal number, not '%s'", key,
		     shown(ld, v->str));
		return -1;
	}
	*out = x;
	return 0;
}

static void enum_list(struct strbuf *sb, const char *const *names, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, names[i]);
	}
}

static int get_enum(struct loader *ld, const struct ynode *v, const char *key,
		    int item, const char *const *names, int n, int *out)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	if (v->type == YN_BAD)
		return -1;
	i = v->type == YN_SCALAR ? enum_lookup(names, n, v->str) : -1;
	if (i >= 0) {
		*out = i;
		return 0;
	}
	enum_list(&sb, names, n);
	if (v->type != YN_SCALAR || is_null(v))
		lerr(ld, v, "%s must be one of %s, not %s", what(ld, key, item),
		     sb.buf, ynode_describe(v));
	else
		lerr(ld, v, "%s must be one of %s, not '%s'", what(ld, key, item),
		     sb.buf, shown(ld, v->str));
	strbuf_release(&sb);
	return -1;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

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

/* YYYY, YYYY-MM or YYYY-MM-DD with real months and days. */
static int get_date(struct loader *ld, const struct ynode *v, const char *key,
		    int need_month, struct date *out)
{
	const char *forms = need_month ? "YYYY-MM or YYYY-MM-DD"
				       : "YYYY, YYYY-MM or YYYY-MM-DD";
	const char *s;
	size_t len;
	struct date d = { 0, 0, 0 };
	enum yscalar_type t;

	if (v->type == YN_BAD)
		return -1;
	t = v->type == YN_SCALAR ? ynode_scalar_type(v) : YS_NULL;
	if (v->type != YN_SCALAR || (t != YS_INT && t != YS_STR)) {
		lerr(ld, v, "'%s' must be a date (%s), not %s", key, forms,
		     ynode_describe(v));
		return -1;
	}
	s = v->str;
	len = strlen(s);
	d.year = digits_at(s, 4);
	if (len >= 7)
		d.month = digits_at(s + 5, 2);
	if (len == 10)
		d.day = digits_at(s + 8, 2);
	if ((len != 4 && len != 7 && len != 10) || d.year < 0 || d.month < 0 ||
	    d.day < 0 || (len >= 7 && s[4] != '-') || (len == 10 && s[7] != '-')) {
		lerr(ld, v, "'%s' must be a date (%s), not '%s'", key, forms,
		     shown(ld, s));
		return -1;
	}
	if (d.year == 0) {
		lerr(ld, v, "invalid date '%s' in '%s' (there is no year 0000)", s, key);
		return -1;
	}
	if (len >= 7 && (d.month < 1 || d.month > 12)) {
		lerr(ld, v, "invalid date '%s' in '%s' (months are 01 to 12)", s, key);
		return -1;
	}
	if (len == 10 && (d.day < 1 || d.day > days_in_month(d.year, d.month))) {
		lerr(ld, v, "invalid date '%s' in '%s' (%.7s has %d days)", s, key,
		     s, days_in_month(d.year, d.month));
		return -1;
	}
	if (need_month && !d.month) {
		lerr(ld, v, "'%s' needs at least a month (%s), not '%s'", key,
		     forms, s);
		return -1;
	}
	*out = d;
	return 0;
}

/* NULL when `u` is an http(s) URL with a host; otherwise what is wrong. */
static const char *url_problem(const char *u)
{
	const char *p, *host, *end, *colon = NULL;

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
	if (host < end && *host == '[') {
		for (p = host + 1; p < end && *p != ']'; p++)
			if (!strchr("0123456789abcdefABCDEF:.", *p))
				return "it has an invalid IPv6 host";
		if (p == end || p == host + 1)
			return "it has an invalid IPv6 host";
		colon = p + 1 < end ? p + 1 : NULL;
		if (colon && *colon != ':')
			return "it has an invalid host";
	} else {
		for (p = host; p < end && *p != ':'; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
			      (unsigned char)*p >= 0x80)) /* IDN hosts */
				return "it has an invalid host";
		if (p == host)
			return "it has no host";
		if (*host == '.' || *host == '-' || p[-1] == '-')
			return "it has an invalid host";
		colon = p < end ? p : NULL;
	}
	if (colon) {
		for (p = colon + 1; p < end; p++)
			if (*p < '0' || *p > '9')
				return "it has an invalid port";
		if (end - colon < 2 || end - colon > 6 || atoi(colon + 1) > 65535)
			return "it has an invalid port";
	}
	return NULL;
}

static int get_url(struct loader *ld, const struct ynode *v, const char *key,
		   char **out)
{
	const char *why;

	if (get_str(ld, v, key, 0, out))
		return -1;
	why = url_problem(*out);
	if (why) {
		lerr(ld, v, "invalid url '%s': %s", shown(ld, *out), why);
		return -1;
	}
	return 0;
}

static int get_id(struct loader *ld, const struct ynode *v, const char *key,
		  char **out)
{
	if (get_str(ld, v, key, 0, out))
		return -1;
	if (!is_valid_id(*out)) {
		lerr(ld, v, "invalid id '%s': ids must match [a-z0-9-]+",
		     shown(ld, *out));
		return -1;
	}
	return 0;
}

/*
 * A list value: returns the sequence, or NULL after an error (or when an
 * optional list is empty). With `need_one`, an absent-by-emptiness or []
 * value is an error.
 */
static const struct ynode *get_seq(struct loader *ld, const struct ynode *v,
				   const char *key, int need_one)
{
	if (v->type == YN_BAD)
		return NULL;
	if (is_null(v) || (v->type == YN_SEQ && !v->nkids)) {
		if (need_one)
			lerr(ld, v, "'%s' must list at least one item", key);
		return NULL;
	}
	if (v->type != YN_SEQ) {
		lerr(ld, v, "'%s' must be a list, not %s", key, ynode_describe(v));
		return NULL;
	}
	return v;
}

typedef void (*item_check_fn)(struct loader *ld, const struct ynode *item,
			      const char *key, const void *arg);

/* A list of strings; `check` (optional) looks at each string item. */
static void get_strlist(struct loader *ld, const struct ynode *v, const char *key,
			struct strlist *out, item_check_fn check, const void *arg)
{
	const struct ynode *seq = get_seq(ld, v, key, 0), *it;
	char *s = NULL;

	if (!seq)
		return;
	for (it = node(ld, seq->first); it; it = node(ld, it->next)) {
		if (get_str(ld, it, key, 1, &s))
			continue;
		if (check)
			check(ld, it, key, arg);
		strlist_push(out, s);
	}
	free(s);
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int tag_defined(const struct loader *ld, const char *id)
{
	return ld->ntag_ids && bsearch(&id, ld->tag_ids, ld->ntag_ids,
				       sizeof(*ld->tag_ids), cmp_str_ptr) != NULL;
}

/* Reports `id` at `at` when tags.yaml does not define it. */
static void check_tag(struct loader *ld, const struct ynode *at, const char *id)
{
	if (ld->tags_ok && !tag_defined(ld, id))
		lerr(ld, at, "undefined tag '%s'%s", shown(ld, id),
		     hint(ld, id, ld->tag_ids, ld->ntag_ids));
}

static void check_tag_item(struct loader *ld, const struct ynode *item,
			   const char *key, const void *arg)
{
	check_tag(ld, item, item->str);
}

struct enum_names {
	const char *const *names;
	int n;
};

static void check_enum_item(struct loader *ld, const struct ynode *item,
			    const char *key, const void *arg)
{
	const struct enum_names *e = arg;
	int i;
	get_enum(ld, item, key, 1, e->names, e->n, &i);
}

static void check_case_item(struct loader *ld, const struct ynode *item,
			    const char *key, const void *arg)
{
	if (!dataset_find_case(ld->ds, item->str))
		lerr(ld, item, "unknown case id '%s'%s", shown(ld, item->str),
		     hint(ld, item->str, ld->case_ids, ld->ds->ncases));
}

/* tags.yaml */

static const char *const tag_keys[] = { "label", "group", "about" };
enum { T_LABEL, T_GROUP, T_ABOUT, T__COUNT };

static void load_tag(struct loader *ld, const struct ynode *k,
		     const struct ynode *v, struct tag *t)
{
	const struct ynode *f[T__COUNT];
	int group;

	t->id = xstrdup(k->str);
	t->pos = pos_of(ld, k);
	if (!is_valid_id(k->str))
		lerr(ld, k, "invalid tag id '%s': ids must match [a-z0-9-]+",
		     shown(ld, k->str));
	if (map_get(ld, v, what(ld, shown(ld, k->str), 0), tag_keys, T__COUNT, f))
		return;
	if (need(ld, v, f[T_LABEL], "label"))
		get_str(ld, f[T_LABEL], "label", 0, &t->label);
	if (need(ld, v, f[T_GROUP], "group") &&
	    !get_enum(ld, f[T_GROUP], "group", 0, tag_group_names, GROUP__COUNT, &group))
		t->group = (enum tag_group)group;
	if (present(f[T_ABOUT]))
		get_str(ld, f[T_ABOUT], "about", 0, &t->about);
}

static void load_tags(struct loader *ld, const struct ynode *root)
{
	struct dataset *ds = ld->ds;
	struct keyref *refs;
	const struct ynode *k, *v;
	size_t n = 0, i;

	if (root->type != YN_MAP) {
		if (root->type != YN_BAD)
			lerr(ld, root, "the document must be a mapping, not %s",
			     ynode_describe(root));
		return;
	}
	ld->tags_ok = 1;
	ds->tags = xcalloc(root->nkids / 2 + 1, sizeof(*ds->tags));
	refs = xcalloc(root->nkids / 2 + 1, sizeof(*refs));
	for (k = node(ld, root->first); k; k = node(ld, v->next)) {
		v = node(ld, k->next);
		if (k->type != YN_SCALAR) {
			if (k->type != YN_BAD)
				lerr(ld, k, "tag ids must be strings, not %s",
				     ynode_describe(k));
			continue;
		}
		refs[n].s = k->str;
		refs[n].n = k;
		n++;
		load_tag(ld, k, v, &ds->tags[ds->ntags++]);
	}
	check_unique(ld, refs, n, "tag");
	free(refs);
	ld->tag_ids = xcalloc(ds->ntags + 1, sizeof(*ld->tag_ids));
	for (i = 0; i < ds->ntags; i++)
		ld->tag_ids[i] = ds->tags[i].id;
	ld->ntag_ids = ds->ntags;
	qsort(ld->tag_ids, ld->ntag_ids, sizeof(*ld->tag_ids), cmp_str_ptr);
}

/* cases/NAME.yaml */

static const char *const case_keys[] = {
	"id", "company", "project", "kind", "from", "to", "rejected", "year",
	"org", "domain", "status", "summary", "drivers", "figures", "lessons",
	"caveats", "tags", "sources"
};
enum {
	C_ID, C_COMPANY, C_PROJECT, C_KIND, C_FROM, C_TO, C_REJECTED, C_YEAR,
	C_ORG, C_DOMAIN, C_STATUS, C_SUMMARY, C_DRIVERS, C_FIGURES, C_LESSONS,
	C_CAVEATS, C_TAGS, C_SOURCES, C__COUNT
};
_Static_assert(ARRAY_SIZE(case_keys) == C__COUNT, "case_keys");

static const char *const org_keys[] = { "size", "team" };
static const char *const driver_keys[] = { "tag", "text", "source" };
static const char *const figure_keys[] = { "label", "value", "baseline", "source" };
static const char *const source_keys[] = {
	"id", "title", "publisher", "url", "published", "verified", "kind"
};
enum { S_ID, S_TITLE, S_PUBLISHER, S_URL, S_PUBLISHED, S_VERIFIED, S_KIND, S__COUNT };
_Static_assert(ARRAY_SIZE(source_keys) == S__COUNT, "source_keys");

/* A case's source ids, sorted, for references from drivers and figures. */
struct source_index {
	const char **ids;
	size_t n;
	size_t nall; /* ids before dropping repeats: for hints */
};

static void check_source_ref(struct loader *ld, const struct ynode *at,
			     const char *id, const struct source_index *si)
{
	if (si->n && bsearch(&id, si->ids, si->n, sizeof(*si->ids), cmp_str_ptr))
		return;
	lerr(ld, at, "unknown source '%s'%s", shown(ld, id),
	     hint(ld, id, si->ids, si->n));
}

static void load_source(struct loader *ld, const struct ynode *m, struct source *s)
{
	const struct ynode *f[S__COUNT];
	int kind;

	s->pos = pos_of(ld, m);
	if (map_get(ld, m, "each item of 'sources'", source_keys, S__COUNT, f))
		return;
	if (need(ld, m, f[S_ID], "id"))
		get_id(ld, f[S_ID], "id", &s->id);
	if (need(ld, m, f[S_TITLE], "title"))
		get_str(ld, f[S_TITLE], "title", 0, &s->title);
	if (present(f[S_PUBLISHER]))
		get_str(ld, f[S_PUBLISHER], "publisher", 0, &s->publisher);
	if (need(ld, m, f[S_URL], "url"))
		get_url(ld, f[S_URL], "url", &s->url);
	if (need(ld, m, f[S_PUBLISHED], "published"))
		get_date(ld, f[S_PUBLISHED], "published", 0, &s->published);
	if (present(f[S_VERIFIED]))
		get_date(ld, f[S_VERIFIED], "verified", 1, &s->verified);
	if (need(ld, m, f[S_KIND], "kind") &&
	    !get_enum(ld, f[S_KIND], "kind", 0, source_kind_names, SRC__COUNT, &kind))
		s->kind = (enum source_kind)kind;
}

static void load_sources(struct loader *ld, const struct ynode *v,
			 struct case_study *c, struct source_index *si)
{
	const struct ynode *seq = get_seq(ld, v, "sources", 1), *it;
	struct keyref *refs;
	size_t n = 0, i;

	if (!seq)
		return;
	c->sources = xcalloc(seq->nkids, sizeof(*c->sources));
	refs = xcalloc(seq->nkids, sizeof(*refs));
	for (it = node(ld, seq->first); it; it = node(ld, it->next)) {
		struct source *s = &c->sources[c->nsources++];
		const struct ynode *idnode = NULL;
		load_source(ld, it, s);
		if (s->id && it->type == YN_MAP) {
			const struct ynode *k;
			for (k = node(ld, it->first); k; k = node(ld, node(ld, k->next)->next))
				if (!idnode && k->type == YN_SCALAR && !strcmp(k->str, "id"))
					idnode = node(ld, k->next);
			refs[n].s = s->id;
			refs[n].n = idnode ? idnode : it;
			n++;
		}
	}
	check_unique(ld, refs, n, "source id");
	si->ids = xcalloc(n + 1, sizeof(*si->ids));
	for (i = 0; i < n; i++)
		if (!si->n || strcmp(si->ids[si->n - 1], refs[i].s))
			si->ids[si->n++] = refs[i].s;
	si->nall = n;
	free(refs);
}

static void load_driver(struct loader *ld, const struct ynode *m, struct driver *d,
			const struct source_index *si)
{
	const struct ynode *f[ARRAY_SIZE(driver_keys)];

	d->pos = pos_of(ld, m);
	if (map_get(ld, m, "each item of 'drivers'", driver_keys,
		    ARRAY_SIZE(driver_keys), f))
		return;
	if (need(ld, m, f[0], "tag") && !get_str(ld, f[0], "tag", 0, &d->tag))
		check_tag(ld, f[0], d->tag);
	if (need(ld, m, f[1], "text"))
		get_str(ld, f[1], "text", 0, &d->text);
	if (present(f[2]) && !get_str(ld, f[2], "source", 0, &d->source))
		check_source_ref(ld, f[2], d->source, si);
}

static void load_figure(struct loader *ld, const struct ynode *m, struct figure *g,
			const struct source_index *si)
{
	const struct ynode *f[ARRAY_SIZE(figure_keys)];

	g->pos = pos_of(ld, m);
	if (map_get(ld, m, "each item of 'figures'", figure_keys,
		    ARRAY_SIZE(figure_keys), f))
		return;
	if (need(ld, m, f[0], "label"))
		get_str(ld, f[0], "label", 0, &g->label);
	if (need(ld, m, f[1], "value"))
		get_str(ld, f[1], "value", 0, &g->value);
	if (present(f[2]))
		get_str(ld, f[2], "baseline", 0, &g->baseline);
	if (need(ld, m, f[3], "source") && !get_str(ld, f[3], "source", 0, &g->source))
		check_source_ref(ld, f[3], g->source, si);
}

static void load_drivers(struct loader *ld, const struct ynode *v,
			 struct case_study *c, const struct source_index *si)
{
	const struct ynode *seq = get_seq(ld, v, "drivers", 1), *it;

	if (!seq)
		return;
	c->drivers = xcalloc(seq->nkids, sizeof(*c->drivers));
	for (it = node(ld, seq->first); it; it = node(ld, it->next))
		load_driver(ld, it, &c->drivers[c->ndrivers++], si);
}

static void load_figures(struct loader *ld, const struct ynode *v,
			 struct case_study *c, const struct source_index *si)
{
	const struct ynode *seq = get_seq(ld, v, "figures", 0), *it;

	if (!seq)
		return;
	c->figures = xcalloc(seq->nkids, sizeof(*c->figures));
	for (it = node(ld, seq->first); it; it = node(ld, it->next))
		load_figure(ld, it, &c->figures[c->nfigures++], si);
}

static void load_org(struct loader *ld, const struct ynode *v, struct case_study *c)
{
	const struct ynode *f[ARRAY_SIZE(org_keys)];
	int size;

	if (map_get(ld, v, "'org'", org_keys, ARRAY_SIZE(org_keys), f))
		return;
	if (need(ld, v, f[0], "size") &&
	    !get_enum(ld, f[0], "size", 0, org_size_names, ORG__COUNT, &size))
		c->org_size = (enum org_size)size;
	if (present(f[1]))
		get_int(ld, f[1], "team", 1, INT_MAX, &c->team);
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	int in_word = 0;

	for (; *s; s++) {
		int space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
		if (!space && !in_word)
			n++;
		in_word = !space;
	}
	return n;
}

static void load_summary(struct loader *ld, const struct ynode *v, struct case_study *c)
{
	size_t words;

	if (get_str(ld, v, "summary", 0, &c->summary))
		return;
	words = count_words(c->summary);
	if (words > SUMMARY_MAX_WORDS)
		lerr(ld, v, "'summary' is too long: %zu words, at most %d", words,
		     SUMMARY_MAX_WORDS);
}

/* What `to` and `rejected` must hold for the case's kind. */
static void check_kind(struct loader *ld, const struct ynode *root,
		       const struct ynode **f, struct case_study *c)
{
	const struct ynode *rej = f[C_REJECTED];

	if (c->kind == KIND_REJECTION) {
		if (!rej || is_null(rej) || (rej->type == YN_SEQ && !rej->nkids))
			lerr(ld, f[C_REJECTED] ? f[C_REJECTED] : f[C_KIND],
			     "a rejection must name at least one language in 'rejected'");
		return;
	}
	if (!f[C_TO])
		lerr(ld, root, "missing required key 'to' (only a rejection may leave it out)");
	else if (!present(f[C_TO]))
		get_str(ld, f[C_TO], "to", 0, &c->to); /* reports the empty value */
}

static void load_case_id(struct loader *ld, const struct ynode *v,
			 const char *base, struct case_study *c, struct pos *idpos)
{
	if (present(v)) {
		*idpos = pos_of(ld, v);
		if (get_id(ld, v, "id", &c->id) && v->type == YN_SCALAR && !c->id)
			c->id = xstrdup(v->str);
		return;
	}
	*idpos = pos_of(ld, NULL);
	if (!is_valid_id(base))
		lerr(ld, NULL, "invalid case id '%s' taken from the file name: ids "
		     "must match [a-z0-9-]+ (rename the file or set 'id')",
		     shown(ld, base));
}

static void load_case(struct loader *ld, const struct ynode *root,
		      const char *base, struct case_study *c, struct pos *idpos)
{
	const struct ynode *f[C__COUNT];
	struct source_index si = { NULL, 0, 0 };
	int kind = -1, status;

	c->pos = pos_of(ld, root);
	c->status = STATUS_COMPLETE;
	*idpos = pos_of(ld, NULL);
	if (map_get(ld, root, "the document", case_keys, C__COUNT, f))
		goto out;
	load_case_id(ld, f[C_ID], base, c, idpos);
	if (need(ld, root, f[C_COMPANY], "company"))
		get_str(ld, f[C_COMPANY], "company", 0, &c->company);
	if (need(ld, root, f[C_PROJECT], "project"))
		get_str(ld, f[C_PROJECT], "project", 0, &c->project);
	if (need(ld, root, f[C_KIND], "kind") &&
	    !get_enum(ld, f[C_KIND], "kind", 0, case_kind_names, KIND__COUNT, &kind))
		c->kind = (enum case_kind)kind;
	if (f[C_FROM])
		get_strlist(ld, f[C_FROM], "from", &c->from, NULL, NULL);
	if (present(f[C_TO]))
		get_str(ld, f[C_TO], "to", 0, &c->to);
	if (f[C_REJECTED])
		get_strlist(ld, f[C_REJECTED], "rejected", &c->rejected, NULL, NULL);
	if (need(ld, root, f[C_YEAR], "year"))
		get_int(ld, f[C_YEAR], "year", 1000, 9999, &c->year);
	if (need(ld, root, f[C_ORG], "org"))
		load_org(ld, f[C_ORG], c);
	if (present(f[C_DOMAIN]))
		get_str(ld, f[C_DOMAIN], "domain", 0, &c->domain);
	if (present(f[C_STATUS]) &&
	    !get_enum(ld, f[C_STATUS], "status", 0, case_status_names, STATUS__COUNT, &status))
		c->status = (enum case_status)status;
	if (need(ld, root, f[C_SUMMARY], "summary"))
		load_summary(ld, f[C_SUMMARY], c);
	if (need(ld, root, f[C_SOURCES], "sources"))
		load_sources(ld, f[C_SOURCES], c, &si);
	if (need(ld, root, f[C_DRIVERS], "drivers"))
		load_drivers(ld, f[C_DRIVERS], c, &si);
	if (f[C_FIGURES])
		load_figures(ld, f[C_FIGURES], c, &si);
	if (f[C_LESSONS])
		get_strlist(ld, f[C_LESSONS], "lessons", &c->lessons, NULL, NULL);
	if (f[C_CAVEATS])
		get_strlist(ld, f[C_CAVEATS], "caveats", &c->caveats, NULL, NULL);
	if (f[C_TAGS])
		get_strlist(ld, f[C_TAGS], "tags", &c->tags, check_tag_item, NULL);
	if (kind >= 0)
		check_kind(ld, root, f, c);
out:
	if (!c->id)
		c->id = xstrdup(base);
	free(si.ids);
}

/* audiences/NAME.yaml */

static const char *const audience_keys[] = {
	"id", "title", "audience", "question", "subject", "intro", "match",
	"exclude", "weights", "balance", "limit", "questions"
};
enum {
	A_ID, A_TITLE, A_AUDIENCE, A_QUESTION, A_SUBJECT, A_INTRO, A_MATCH,
	A_EXCLUDE, A_WEIGHTS, A_BALANCE, A_LIMIT, A_QUESTIONS, A__COUNT
};
_Static_assert(ARRAY_SIZE(audience_keys) == A__COUNT, "audience_keys");

static const char *const rule_keys[] = {
	"org_size", "tags", "kind", "years", "languages", "ids"
};
enum { R_ORG_SIZE, R_TAGS, R_KIND, R_YEARS, R_LANGUAGES, R_IDS, R__COUNT };
_Static_assert(ARRAY_SIZE(rule_keys) == R__COUNT, "rule_keys");

static const char *const weight_keys[] = { "tags", "recency" };

static void load_years(struct loader *ld, const struct ynode *v, struct rule *r)
{
	const struct ynode *a, *b;

	if (v->type == YN_BAD)
		return;
	if (v->type != YN_SEQ || v->nkids != 2) {
		if (v->type == YN_SEQ)
			lerr(ld, v, "'years' must be a list of two years [from, to], "
			     "not a list of %zu", v->nkids);
		else
			lerr(ld, v, "'years' must be a list of two years [from, to], "
			     "not %s", ynode_describe(v));
		return;
	}
	a = node(ld, v->first);
	b = node(ld, a->next);
	if (get_int(ld, a, "years", 1000, 9999, &r->year_min) |
	    get_int(ld, b, "years", 1000, 9999, &r->year_max))
		return;
	if (r->year_min > r->year_max) {
		lerr(ld, v, "reversed range in 'years': %d is after %d",
		     r->year_min, r->year_max);
		return;
	}
	r->has_years = 1;
}

static void load_rule(struct loader *ld, const struct ynode *m,
		      const char *whatstr, struct rule *r)
{
	static const struct enum_names sizes = { org_size_names, ORG__COUNT };
	static const struct enum_names kinds = { case_kind_names, KIND__COUNT };
	const struct ynode *f[R__COUNT];

	r->pos = pos_of(ld, m);
	if (map_get(ld, m, whatstr, rule_keys, R__COUNT, f))
		return;
	if (f[R_ORG_SIZE])
		get_strlist(ld, f[R_ORG_SIZE], "org_size", &r->org_size,
			    check_enum_item, &sizes);
	if (f[R_TAGS])
		get_strlist(ld, f[R_TAGS], "tags", &r->tags, check_tag_item, NULL);
	if (f[R_KIND])
		get_strlist(ld, f[R_KIND], "kind", &r->kind, check_enum_item, &kinds);
	if (present(f[R_YEARS]))
		load_years(ld, f[R_YEARS], r);
	if (f[R_LANGUAGES])
		get_strlist(ld, f[R_LANGUAGES], "languages", &r->languages, NULL, NULL);
	if (f[R_IDS])
		get_strlist(ld, f[R_IDS], "ids", &r->ids, check_case_item, NULL);
}

static void load_match(struct loader *ld, const struct ynode *v, struct audience *a)
{
	const struct ynode *seq = get_seq(ld, v, "match", 1), *it;

	if (!seq)
		return;
	a->match = xcalloc(seq->nkids, sizeof(*a->match));
	for (it = node(ld, seq->first); it; it = node(ld, it->next))
		load_rule(ld, it, "each item of 'match'", &a->match[a->nmatch++]);
}

static void load_weight_tags(struct loader *ld, const struct ynode *m,
			     struct audience *a)
{
	const struct ynode *k, *v;
	struct keyref *refs;
	size_t n = 0;

	if (m->type == YN_BAD)
		return;
	if (m->type != YN_MAP) {
		lerr(ld, m, "'tags' must be a mapping of tag to weight, not %s",
		     ynode_describe(m));
		return;
	}
	a->weights = xcalloc(m->nkids / 2 + 1, sizeof(*a->weights));
	refs = xcalloc(m->nkids / 2 + 1, sizeof(*refs));
	for (k = node(ld, m->first); k; k = node(ld, v->next)) {
		struct weight *w;
		v = node(ld, k->next);
		if (k->type != YN_SCALAR) {
			if (k->type != YN_BAD)
				lerr(ld, k, "tag ids must be strings, not %s",
				     ynode_describe(k));
			continue;
		}
		refs[n].s = k->str;
		refs[n].n = k;
		n++;
		check_tag(ld, k, k->str);
		w = &a->weights[a->nweights++];
		w->tag = xstrdup(k->str);
		get_num(ld, v, k->str, &w->value);
	}
	check_unique(ld, refs, n, "key");
	free(refs);
}

static void load_weights(struct loader *ld, const struct ynode *m, struct audience *a)
{
	const struct ynode *f[ARRAY_SIZE(weight_keys)];

	if (map_get(ld, m, "'weights'", weight_keys, ARRAY_SIZE(weight_keys), f))
		return;
	if (present(f[0]))
		load_weight_tags(ld, f[0], a);
	if (present(f[1]))
		get_num(ld, f[1], "recency", &a->recency);
}

static void load_audience(struct loader *ld, const struct ynode *root,
			  const char *base, struct audience *a, struct pos *idpos)
{
	const struct ynode *f[A__COUNT];

	a->pos = pos_of(ld, root);
	a->balance = 2;
	*idpos = pos_of(ld, NULL);
	if (map_get(ld, root, "the document", audience_keys, A__COUNT, f))
		goto out;
	if (present(f[A_ID])) {
		*idpos = pos_of(ld, f[A_ID]);
		if (get_id(ld, f[A_ID], "id", &a->id) && f[A_ID]->type == YN_SCALAR &&
		    !a->id)
			a->id = xstrdup(f[A_ID]->str);
	} else if (!is_valid_id(base)) {
		lerr(ld, NULL, "invalid audience id '%s' taken from the file name: "
		     "ids must match [a-z0-9-]+ (rename the file or set 'id')",
		     shown(ld, base));
	}
	if (need(ld, root, f[A_TITLE], "title"))
		get_str(ld, f[A_TITLE], "title", 0, &a->title);
	if (need(ld, root, f[A_AUDIENCE], "audience"))
		get_str(ld, f[A_AUDIENCE], "audience", 0, &a->audience);
	if (need(ld, root, f[A_QUESTION], "question"))
		get_str(ld, f[A_QUESTION], "question", 0, &a->question);
	if (need(ld, root, f[A_SUBJECT], "subject"))
		get_str(ld, f[A_SUBJECT], "subject", 0, &a->subject);
	if (present(f[A_INTRO]))
		get_str(ld, f[A_INTRO], "intro", 0, &a->intro);
	if (need(ld, root, f[A_MATCH], "match"))
		load_match(ld, f[A_MATCH], a);
	if (present(f[A_EXCLUDE])) {
		a->has_exclude = 1;
		load_rule(ld, f[A_EXCLUDE], "'exclude'", &a->exclude);
	}
	if (present(f[A_WEIGHTS]))
		load_weights(ld, f[A_WEIGHTS], a);
	if (present(f[A_BALANCE]))
		get_int(ld, f[A_BALANCE], "balance", 0, INT_MAX, &a->balance);
	if (present(f[A_LIMIT]))
		get_int(ld, f[A_LIMIT], "limit", 0, INT_MAX, &a->limit);
	if (f[A_QUESTIONS])
		get_strlist(ld, f[A_QUESTIONS], "questions", &a->questions, NULL, NULL);
out:
	if (!a->id)
		a->id = xstrdup(base);
}

/* files and directories */

/*
 * Reading and parsing a file needs nothing from the loader, so it can run
 * on worker threads (see "prefetch" below). Its problems are kept with the
 * parsed file and reported when the file's turn comes to be checked, in
 * file order, so the diagnostics are the same whatever the threads did.
 */
struct file_msg {
	int line, col;
	char *text;
};

struct parsed_file {
	struct ydoc doc;
	int usable;              /* doc holds the file's first document */
	struct file_msg *msgs;
	size_t nmsgs, amsgs;
};

/*
 * Keeps a problem for later. The loader reports LOAD_MAX_ERRORS per file
 * and one summary past that, so one more message than that is all it can
 * use: hostile files with thousands of errors cost no more memory.
 */
static void pf_add(struct parsed_file *pf, int line, int col, const char *text)
{
	struct file_msg *m;

	if (pf->nmsgs > LOAD_MAX_ERRORS)
		return;
	ALLOC_GROW(pf->msgs, pf->nmsgs + 1, pf->amsgs);
	m = &pf->msgs[pf->nmsgs++];
	m->line = line;
	m->col = col;
	m->text = xstrdup(text);
}

static void pf_report_cb(void *ctx, int line, int col, const char *msg)
{
	pf_add(ctx, line, col, msg);
}

static void CB_PRINTF(2, 3) pf_error(struct parsed_file *pf, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	pf_add(pf, 0, 0, sb.buf);
	strbuf_release(&sb);
}

static void pf_release(struct parsed_file *pf)
{
	size_t i;

	ydoc_release(&pf->doc);
	for (i = 0; i < pf->nmsgs; i++)
		free(pf->msgs[i].text);
	free(pf->msgs);
	memset(pf, 0, sizeof(*pf));
}

/* Reads a regular file of at most LOAD_MAX_FILE_BYTES; never blocks on a FIFO. */
static int read_data_file(struct parsed_file *pf, const char *path, char **data,
			  size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	size_t want;
	ssize_t r;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		pf_error(pf, "cannot open file: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		pf_error(pf, "not a regular file");
		goto out;
	}
	if (st.st_size > LOAD_MAX_FILE_BYTES)
		goto too_big;
	/*
	 * Reads straight into the buffer, asking for one byte more than the
	 * size: a short read is the end of a regular file, so a file that did
	 * not change costs one read.
	 */
	want = (size_t)st.st_size + 1;
	for (;;) {
		strbuf_grow(&sb, want);
		r = read(fd, sb.buf + sb.len, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pf_error(pf, "read error: %s", strerror(errno));
			goto out;
		}
		if (sb.len + (size_t)r > LOAD_MAX_FILE_BYTES)
			goto too_big;
		sb.len += (size_t)r;
		sb.buf[sb.len] = '\0';
		if ((size_t)r < want)
			break;
		want = 65536;
	}
	*data = strbuf_detach(&sb, len);
	ret = 0;
	goto out;
too_big:
	pf_error(pf, "file is larger than the limit of %d bytes", LOAD_MAX_FILE_BYTES);
out:
	close(fd);
	strbuf_release(&sb);
	return ret;
}

/* Reads and parses `path` into `pf` (zeroed). Safe on any thread. */
static void parse_file(const char *path, struct parsed_file *pf)
{
	char *data = NULL;
	size_t len = 0;

	if (read_data_file(pf, path, &data, &len))
		return;
	pf->usable = !ydoc_parse(&pf->doc, data, len, pf_report_cb, pf);
	free(data);
}

/*
 * Makes `path` the file being checked: reports what parsing found, takes
 * over the document, and returns its root or NULL (reported).
 */
static const struct ynode *load_parsed(struct loader *ld, const char *path,
				       struct parsed_file *pf)
{
	size_t i;
	int usable = pf->usable;

	ydoc_release(&ld->doc);
	ld->file = dataset_intern_file(ld->ds, path);
	ld->nerr = 0;
	for (i = 0; i < pf->nmsgs; i++)
		lerr_at(ld, pf->msgs[i].line, pf->msgs[i].col, "%s", pf->msgs[i].text);
	ld->doc = pf->doc;
	memset(&pf->doc, 0, sizeof(pf->doc));
	pf_release(pf);
	if (!usable)
		return NULL;
	if (!ld->doc.root) {
		lerr(ld, NULL, "empty file (expected a mapping)");
		return NULL;
	}
	return node(ld, ld->doc.root);
}

static const struct ynode *load_doc(struct loader *ld, const char *path)
{
	struct parsed_file pf;

	memset(&pf, 0, sizeof(pf));
	parse_file(path, &pf);
	return load_parsed(ld, path, &pf);
}

/*
 * prefetch: worker threads read and parse the files of a directory ahead
 * of the loader, which checks them one by one in order (the checks share
 * the dataset and stay on one thread). Libyaml's parser is most of the
 * cost of loading, so this is where the cores help. The loader parses a
 * file itself instead of waiting. The workers stay at most PREFETCH_AHEAD
 * files ahead of it, and stop claiming files while the parsed files
 * waiting to be checked hold more than PREFETCH_BUDGET bytes, so hostile
 * files cannot make the memory grow beyond the budget plus one file per
 * thread.
 */
#define PREFETCH_MIN_FILES 16
#define PREFETCH_MAX_THREADS 4
#define PREFETCH_AHEAD 256
#define PREFETCH_BUDGET ((size_t)8 << 20)

struct prefetch {
	char *const *paths;
	size_t n;
	struct parsed_file *files;
	unsigned char *ready;       /* files[i] is parsed */
	size_t next;                /* the next file nobody has claimed */
	size_t checked;             /* files the loader is done with */
	size_t held;                /* bytes of parsed files not yet checked */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t threads[PREFETCH_MAX_THREADS];
	int nthreads;
};

/* Claims the next file when there is one within reach; -1 otherwise. */
static long prefetch_claim(struct prefetch *pf)
{
	if (pf->next >= pf->n || pf->next >= pf->checked + PREFETCH_AHEAD ||
	    pf->held > PREFETCH_BUDGET)
		return -1;
	return (long)pf->next++;
}

static void prefetch_parse(struct prefetch *pf, size_t i)
{
	size_t bytes;

	parse_file(pf->paths[i], &pf->files[i]);
	bytes = ydoc_bytes(&pf->files[i].doc);
	pthread_mutex_lock(&pf->lock);
	pf->ready[i] = 1;
	pf->held += bytes;
	pthread_cond_broadcast(&pf->cond);
	pthread_mutex_unlock(&pf->lock);
}

static void *prefetch_worker(void *arg)
{
	struct prefetch *pf = arg;
	long i;

	for (;;) {
		pthread_mutex_lock(&pf->lock);
		while ((i = prefetch_claim(pf)) < 0 && pf->next < pf->n)
			pthread_cond_wait(&pf->cond, &pf->lock);
		pthread_mutex_unlock(&pf->lock);
		if (i < 0)
			return NULL;
		prefetch_parse(pf, (size_t)i);
	}
}

static int prefetch_threads(size_t nfiles)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (nfiles < PREFETCH_MIN_FILES || cpus < 2)
		return 0;
	return cpus - 1 < PREFETCH_MAX_THREADS ? (int)cpus - 1 : PREFETCH_MAX_THREADS;
}

static void prefetch_start(struct prefetch *pf, char *const *paths, size_t n)
{
	int i, want = prefetch_threads(n);

	memset(pf, 0, sizeof(*pf));
	pf->paths = paths;
	pf->n = n;
	pf->files = xcalloc(n + 1, sizeof(*pf->files));
	pf->ready = xcalloc(n + 1, 1);
	pthread_mutex_init(&pf->lock, NULL);
	pthread_cond_init(&pf->cond, NULL);
	for (i = 0; i < want; i++) {
		/* Without a thread the loader parses everything itself. */
		if (pthread_create(&pf->threads[pf->nthreads], NULL, prefetch_worker, pf))
			break;
		pf->nthreads++;
	}
}

/* File i, parsed; the caller checks it, then calls prefetch_done. */
static struct parsed_file *prefetch_get(struct prefetch *pf, size_t i)
{
	long j;

	/* Files are taken in order: file i is claimed before any file after
	 * it, and is never held back by the budget (nothing is held then). */
	pthread_mutex_lock(&pf->lock);
	while (!pf->ready[i]) {
		j = prefetch_claim(pf);
		if (j < 0) {
			pthread_cond_wait(&pf->cond, &pf->lock);
			continue;
		}
		pthread_mutex_unlock(&pf->lock);
		prefetch_parse(pf, (size_t)j);
		pthread_mutex_lock(&pf->lock);
	}
	pf->held -= ydoc_bytes(&pf->files[i].doc);
	pthread_mutex_unlock(&pf->lock);
	return &pf->files[i];
}

static void prefetch_done(struct prefetch *pf, size_t i)
{
	pthread_mutex_lock(&pf->lock);
	pf->checked = i + 1;
	pthread_cond_broadcast(&pf->cond);
	pthread_mutex_unlock(&pf->lock);
}

static void prefetch_finish(struct prefetch *pf)
{
	size_t i;
	int t;

	for (t = 0; t < pf->nthreads; t++)
		pthread_join(pf->threads[t], NULL);
	for (i = 0; i < pf->n; i++)
		pf_release(&pf->files[i]);
	free(pf->files);
	free(pf->ready);
	pthread_mutex_destroy(&pf->lock);
	pthread_cond_destroy(&pf->cond);
}

static const char *data_ext(const char *name)
{
	if (str_ends_with(name, ".yaml"))
		return ".yaml";
	if (str_ends_with(name, ".yml"))
		return ".yml";
	return NULL;
}

/*
 * The *.yaml and *.yml files of dir/sub, sorted; dot files are skipped
 * (editor lock files). Returns -1 when the directory cannot be read.
 */
static int list_dir(const char *path, struct strlist *names)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && data_ext(e->d_name))
			strlist_push(names, e->d_name);
	closedir(d);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), cmp_str_ptr);
	return 0;
}

struct loaded_case {
	struct case_study c;
	struct pos idpos;
	size_t order;
};

struct loaded_audience {
	struct audience a;
	struct pos idpos;
	size_t order;
};

static int loaded_case_cmp(const void *pa, const void *pb)
{
	const struct loaded_case *a = pa, *b = pb;
	int c = strcmp(a->c.id, b->c.id);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int loaded_audience_cmp(const void *pa, const void *pb)
{
	const struct loaded_audience *a = pa, *b = pb;
	int c = strcmp(a->a.id, b->a.id);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void report_duplicate(struct loader *ld, const char *noun, const char *id,
			     struct pos at, const char *other)
{
	diags_error(ld->diags, at, "duplicate %s id '%s' (also in %s)", noun,
		    shown(ld, id), other);
}

typedef void (*load_one_fn)(struct loader *ld, const struct ynode *root,
			    const char *base, void *ud);

/*
 * Loads every data file of DIR/SUB in name order: files are read and
 * parsed ahead on worker threads, then `load_one` checks each document
 * (with its file name minus the extension) in order. A directory that
 * cannot be read is an error, unless it is missing and not `required`.
 * Returns -1 when the directory could not be listed.
 */
static int load_dir_files(struct loader *ld, const char *dir, const char *sub,
			  int required, load_one_fn load_one, void *ud)
{
	struct strbuf path = STRBUF_INIT;
	struct strlist names = { NULL, 0, 0 }, paths = { NULL, 0, 0 };
	struct prefetch pre;
	size_t i;
	int ret = 0;

	strbuf_addf(&path, "%s/%s", dir, sub);
	if (list_dir(path.buf, &names)) {
		int err = errno;
		if (required || err != ENOENT) {
			struct pos at = { dataset_intern_file(ld->ds, path.buf), 0, 0 };
			diags_error(ld->diags, at, "cannot read the %s directory: %s",
				    sub, strerror(err));
		}
		ret = -1;
		goto out;
	}
	for (i = 0; i < names.n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s/%s", dir, sub, names.v[i]);
		strlist_push(&paths, path.buf);
	}
	prefetch_start(&pre, paths.v, paths.n);
	for (i = 0; i < names.n; i++) {
		const struct ynode *root = load_parsed(ld, paths.v[i], prefetch_get(&pre, i));
		if (root) {
			char *base = xstrndup(names.v[i], strlen(names.v[i]) -
							  strlen(data_ext(names.v[i])));
			load_one(ld, root, base, ud);
			free(base);
		}
		prefetch_done(&pre, i);
	}
	prefetch_finish(&pre);
out:
	strlist_release(&names);
	strlist_release(&paths);
	strbuf_release(&path);
	return ret;
}

struct case_batch {
	struct loaded_case *v;
	size_t n, alloc;
};

static void load_one_case(struct loader *ld, const struct ynode *root,
			  const char *base, void *ud)
{
	struct case_batch *b = ud;
	struct loaded_case *lc;

	ALLOC_GROW(b->v, b->n + 1, b->alloc);
	lc = &b->v[b->n];
	memset(lc, 0, sizeof(*lc));
	load_case(ld, root, base, &lc->c, &lc->idpos);
	lc->order = b->n++;
}

static void load_cases(struct loader *ld, const char *dir)
{
	struct case_batch b = { NULL, 0, 0 };
	struct dataset *ds = ld->ds;
	size_t i;

	if (load_dir_files(ld, dir, "cases", 1, load_one_case, &b))
		return;
	if (b.n)
		qsort(b.v, b.n, sizeof(*b.v), loaded_case_cmp);
	ds->cases = xcalloc(b.n + 1, sizeof(*ds->cases));
	ld->case_ids = xcalloc(b.n + 1, sizeof(*ld->case_ids));
	for (i = 0; i < b.n; i++) {
		if (i && !strcmp(b.v[i].c.id, b.v[i - 1].c.id))
			report_duplicate(ld, "case", b.v[i].c.id, b.v[i].idpos,
					 b.v[i - 1].c.pos.file);
		ld->case_ids[i] = b.v[i].c.id;
		ds->cases[ds->ncases++] = b.v[i].c;
	}
	free(b.v);
}

struct audience_batch {
	struct loaded_audience *v;
	size_t n, alloc;
};

static void load_one_audience(struct loader *ld, const struct ynode *root,
			      const char *base, void *ud)
{
	struct audience_batch *b = ud;
	struct loaded_audience *la;

	ALLOC_GROW(b->v, b->n + 1, b->alloc);
	la = &b->v[b->n];
	memset(la, 0, sizeof(*la));
	load_audience(ld, root, base, &la->a, &la->idpos);
	la->order = b->n++;
}

static void load_audiences(struct loader *ld, const char *dir)
{
	struct audience_batch b = { NULL, 0, 0 };
	struct dataset *ds = ld->ds;
	size_t i;

	if (load_dir_files(ld, dir, "audiences", 0, load_one_audience, &b))
		return;
	if (b.n)
		qsort(b.v, b.n, sizeof(*b.v), loaded_audience_cmp);
	ds->audiences = xcalloc(b.n + 1, sizeof(*ds->audiences));
	for (i = 0; i < b.n; i++) {
		if (i && !strcmp(b.v[i].a.id, b.v[i - 1].a.id))
			report_duplicate(ld, "audience", b.v[i].a.id, b.v[i].idpos,
					 b.v[i - 1].a.pos.file);
		ds->audiences[ds->naudiences++] = b.v[i].a;
	}
	free(b.v);
}

struct dataset *load_dataset(const char *dir, struct diags *diags)
{
	struct loader ld;
	struct strbuf path = STRBUF_INIT;
	const struct ynode *root;
	struct stat st;
	size_t dlen = strlen(dir);

	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	memset(&ld, 0, sizeof(ld));
	ld.diags = diags;
	ld.ds = xcalloc(1, sizeof(*ld.ds));
	ld.ds->dir = xstrndup(dir, dlen);
	errno = 0;
	if (stat(ld.ds->dir, &st) || !S_ISDIR(st.st_mode)) {
		struct pos at = { ld.ds->dir, 0, 0 };
		int err = errno;
		diags_error(diags, at, "cannot read the data directory: %s",
			    err ? strerror(err) : "not a directory");
		dataset_free(ld.ds);
		return NULL;
	}
	strbuf_addf(&path, "%s/tags.yaml", ld.ds->dir);
	root = load_doc(&ld, path.buf);
	if (root)
		load_tags(&ld, root);
	load_cases(&ld, ld.ds->dir);
	load_audiences(&ld, ld.ds->dir);
	ydoc_release(&ld.doc);
	free(ld.tag_ids);
	free(ld.case_ids);
	strbuf_release(&path);
	return ld.ds;
}

void load_check_freshness(const struct dataset *ds, const struct date *today,
			  int max_age_months, struct diags *diags)
{
	char b1[16], b2[16];
	size_t i, j;

	for (i = 0; i < ds->ncases; i++) {
		const struct case_study *c = &ds->cases[i];
		for (j = 0; j < c->nsources; j++) {
			const struct source *s = &c->sources[j];
			if (!s->verified.year || !s->id)
				continue;
			if (date_months(today) - date_months(&s->verified) > max_age_months)
				diags_warning(diags, s->pos,
					      "stale source '%s': verified %s, more "
					      "than %d months before %s", s->id,
					      date_format(&s->verified, b1),
					      max_age_months, date_format(today, b2));
		}
		for (j = 0; j < c->nfigures; j++) {
			const struct figure *f = &c->figures[j];
			if (!f->baseline && f->label)
				diags_warning(diags, f->pos,
					      "no baseline for figure '%s'", f->label);
		}
	}
}
