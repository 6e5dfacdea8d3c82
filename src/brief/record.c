/*
 * record.c - the record of a brief as JSON (record.h): written with
 * base/json.h, read back through the YAML front end (JSON as this file
 * writes it is YAML's flow style), so that a record gets the same
 * positioned messages, limits and checks as every other input.
 */
#include "brief/record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nettle/sha2.h>

#include "data/model.h"
#include "yaml/doc.h"
#include "yaml/read.h"
#include "base/alloc.h"
#include "base/file.h"
#include "base/json.h"
#include "base/strbuf.h"

void record_release(struct brief_record *r)
{
	size_t i;

	free(r->audience);
	free(r->title);
	free(r->subject);
	free(r->date);
	free(r->digest);
	free(r->collection);
	free(r->generator);
	for (i = 0; i < r->nrules; i++)
		free(r->rules[i]);
	free(r->rules);
	free(r->exclude);
	for (i = 0; i < r->ncases; i++) {
		struct record_case *c = &r->cases[i];
		free(c->id);
		free(c->company);
		free(c->project);
		free(c->stance);
		free(c->grade);
	}
	free(r->cases);
	for (i = 0; i < r->nleft; i++) {
		free(r->left[i].id);
		free(r->left[i].why);
	}
	free(r->left);
	for (i = 0; i < r->nfigures; i++) {
		struct record_figure *f = &r->figures[i];
		free(f->case_id);
		free(f->label);
		free(f->value);
		free(f->kind);
	}
	free(r->figures);
	for (i = 0; i < r->nsources; i++) {
		struct record_source *s = &r->sources[i];
		free(s->key);
		free(s->title);
		free(s->verified);
	}
	free(r->sources);
	memset(r, 0, sizeof(*r));
}

/* ---- writing ------------------------------------------------------------ */

static void str_or_null(struct strbuf *sb, const char *key, const char *s, int first)
{
	json_key(sb, key, first);
	if (s)
		json_str(sb, s);
	else
		strbuf_adds(sb, "null");
}

static void bool_field(struct strbuf *sb, const char *key, int b)
{
	json_key(sb, key, 0);
	strbuf_adds(sb, b ? "true" : "false");
}

static void write_profile(const struct brief_record *r, struct strbuf *sb)
{
	size_t i;

	json_key(sb, "profile", 1);
	strbuf_adds(sb, "{\"rules\": [");
	for (i = 0; i < r->nrules; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		json_str(sb, r->rules[i]);
	}
	strbuf_addc(sb, ']');
	str_or_null(sb, "exclude", r->exclude, 0);
	json_key(sb, "min_score", 0);
	if (r->has_min_score)
		json_num(sb, r->min_score);
	else
		strbuf_adds(sb, "null");
	strbuf_addf(sb, ", \"balance\": %d, \"limit\": ", r->balance);
	if (r->limit)
		strbuf_addf(sb, "%d", r->limit);
	else
		strbuf_adds(sb, "null");
	strbuf_addc(sb, '}');
}

static void write_lists(const struct brief_record *r, struct strbuf *sb)
{
	size_t i;

	strbuf_adds(sb, ",\n \"cases\": [");
	for (i = 0; i < r->ncases; i++) {
		const struct record_case *c = &r->cases[i];
		json_item(sb, i, "  ");
		json_field(sb, "id", c->id, 1);
		json_field(sb, "company", c->company, 0);
		json_field(sb, "project", c->project, 0);
		json_field(sb, "stance", c->stance, 0);
		json_field(sb, "grade", c->grade, 0);
		strbuf_addf(sb, ", \"year\": %d", c->year);
		bool_field(sb, "by_balance", c->by_balance);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, r->ncases, " ");
	strbuf_adds(sb, ",\n \"left_out\": [");
	for (i = 0; i < r->nleft; i++) {
		json_item(sb, i, "  ");
		json_field(sb, "id", r->left[i].id, 1);
		json_field(sb, "why", r->left[i].why, 0);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, r->nleft, " ");
	strbuf_adds(sb, ",\n \"figures\": [");
	for (i = 0; i < r->nfigures; i++) {
		const struct record_figure *f = &r->figures[i];
		json_item(sb, i, "  ");
		json_field(sb, "case", f->case_id, 1);
		json_field(sb, "label", f->label, 0);
		json_field(sb, "value", f->value, 0);
		json_field(sb, "kind", f->kind, 0);
		bool_field(sb, "quotable", f->quotable);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, r->nfigures, " ");
	strbuf_adds(sb, ",\n \"sources\": [");
	for (i = 0; i < r->nsources; i++) {
		const struct record_source *s = &r->sources[i];
		json_item(sb, i, "  ");
		json_field(sb, "key", s->key, 1);
		json_field(sb, "title", s->title, 0);
		str_or_null(sb, "verified", s->verified, 0);
		bool_field(sb, "stale", s->stale);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, r->nsources, " ");
}

void record_to_json(const struct brief_record *r, struct strbuf *sb)
{
	strbuf_adds(sb, "{");
	json_field(sb, "format", RECORD_FORMAT, 1);
	strbuf_addf(sb, ", \"version\": %d,\n ", RECORD_VERSION);
	json_field(sb, "audience", r->audience, 1);
	json_field(sb, "title", r->title, 0);
	json_field(sb, "subject", r->subject, 0);
	json_field(sb, "date", r->date, 0);
	strbuf_adds(sb, ",\n ");
	json_key(sb, "data", 1);
	strbuf_addc(sb, '{');
	json_field(sb, "digest", r->digest, 1);
	str_or_null(sb, "title", r->collection, 0);
	strbuf_adds(sb, "}");
	json_field(sb, "generator", r->generator, 0);
	strbuf_addf(sb, ", \"max_age\": %d,\n ", r->max_age);
	write_profile(r, sb);
	write_lists(r, sb);
	strbuf_adds(sb, "}\n");
}

/* ---- reading ------------------------------------------------------------ */

/* A string field; NULL in *out for JSON null when `null_ok`. */
static int get_str(struct yreport *r, const struct ynode *m, const char *key, int null_ok,
		   char **out)
{
	const struct ynode *v = ynode_get(m, key);
	struct strbuf what = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&what, "'%s'", key);
	if (!v || (!null_ok && ynode_is_null(v)))
		ret = yread_need(r, m, NULL, key) ? 0 : -1;
	else if (!ynode_is_null(v))
		ret = yread_str(r, v, what.buf, out);
	strbuf_release(&what);
	return ret;
}

static int get_int(struct yreport *r, const struct ynode *m, const char *key, int *out)
{
	const struct ynode *v = ynode_get(m, key);
	struct strbuf what = STRBUF_INIT;
	int ret;

	strbuf_addf(&what, "'%s'", key);
	if (!v)
		ret = yread_need(r, m, NULL, key) ? 0 : -1;
	else if (ynode_is_null(v))
		ret = (*out = 0, 0);
	else
		ret = yread_int(r, v, what.buf, -1000000000L, 1000000000L, out);
	strbuf_release(&what);
	return ret;
}

static int get_bool(struct yreport *r, const struct ynode *m, const char *key, int *out)
{
	const struct ynode *v = ynode_get(m, key);

	if (!v)
		return yread_need(r, m, NULL, key) ? 0 : -1;
	return yread_bool(r, v, "a flag", out);
}

/* A list of maps under `key`: its items, each checked to be a mapping. */
static const struct ynode *get_list(struct yreport *r, const struct ynode *m, const char *key,
				    size_t *n)
{
	const struct ynode *v = ynode_get(m, key), *it;

	*n = 0;
	if (!v)
		return yread_need(r, m, NULL, key), NULL;
	if (v->type != YN_SEQ) {
		yreport_error(r, v, "'%s' must be a list, not %s", key, ynode_describe(v));
		return NULL;
	}
	for (it = v->first; it; it = it->next) {
		if (it->type != YN_MAP) {
			yreport_error(r, it, "each item of '%s' must be a mapping", key);
			return NULL;
		}
		(*n)++;
	}
	return v;
}

static void read_cases(struct yreport *r, const struct ynode *root, struct brief_record *rec)
{
	const struct ynode *l = get_list(r, root, "cases", &rec->ncases), *it;
	size_t i = 0;

	rec->cases = xcalloc(rec->ncases ? rec->ncases : 1, sizeof(*rec->cases));
	for (it = l ? l->first : NULL; it; it = it->next, i++) {
		struct record_case *c = &rec->cases[i];
		get_str(r, it, "id", 0, &c->id);
		get_str(r, it, "company", 0, &c->company);
		get_str(r, it, "project", 0, &c->project);
		get_str(r, it, "stance", 0, &c->stance);
		get_str(r, it, "grade", 0, &c->grade);
		get_int(r, it, "year", &c->year);
		get_bool(r, it, "by_balance", &c->by_balance);
	}
	l = get_list(r, root, "left_out", &rec->nleft);
	rec->left = xcalloc(rec->nleft ? rec->nleft : 1, sizeof(*rec->left));
	for (i = 0, it = l ? l->first : NULL; it; it = it->next, i++) {
		get_str(r, it, "id", 0, &rec->left[i].id);
		get_str(r, it, "why", 0, &rec->left[i].why);
	}
}

static void read_figures_sources(struct yreport *r, const struct ynode *root,
				 struct brief_record *rec)
{
	const struct ynode *l = get_list(r, root, "figures", &rec->nfigures), *it;
	size_t i = 0;

	rec->figures = xcalloc(rec->nfigures ? rec->nfigures : 1, sizeof(*rec->figures));
	for (it = l ? l->first : NULL; it; it = it->next, i++) {
		struct record_figure *f = &rec->figures[i];
		get_str(r, it, "case", 0, &f->case_id);
		get_str(r, it, "label", 0, &f->label);
		get_str(r, it, "value", 0, &f->value);
		get_str(r, it, "kind", 0, &f->kind);
		get_bool(r, it, "quotable", &f->quotable);
	}
	l = get_list(r, root, "sources", &rec->nsources);
	rec->sources = xcalloc(rec->nsources ? rec->nsources : 1, sizeof(*rec->sources));
	for (i = 0, it = l ? l->first : NULL; it; it = it->next, i++) {
		struct record_source *s = &rec->sources[i];
		get_str(r, it, "key", 0, &s->key);
		get_str(r, it, "title", 0, &s->title);
		get_str(r, it, "verified", 1, &s->verified);
		get_bool(r, it, "stale", &s->stale);
	}
}

static void read_profile(struct yreport *r, const struct ynode *root, struct brief_record *rec)
{
	const struct ynode *p = ynode_get(root, "profile"), *rules, *it, *ms;
	size_t i = 0;

	if (!p || p->type != YN_MAP) {
		yreport_error(r, p ? p : root, "'profile' must be a mapping");
		return;
	}
	rules = ynode_get(p, "rules");
	if (rules && rules->type == YN_SEQ) {
		rec->rules = xcalloc(rules->nkids ? rules->nkids : 1, sizeof(char *));
		for (it = rules->first; it; it = it->next)
			if (!yread_str(r, it, "each item of 'rules'", &rec->rules[i]))
				i++;
		rec->nrules = i;
	} else {
		yreport_error(r, rules ? rules : p, "'rules' must be a list");
	}
	get_str(r, p, "exclude", 1, &rec->exclude);
	ms = ynode_get(p, "min_score");
	if (ms && !ynode_is_null(ms))
		rec->has_min_score = !yread_num(r, ms, "'min_score'", &rec->min_score);
	get_int(r, p, "balance", &rec->balance);
	get_int(r, p, "limit", &rec->limit);
}

/* The header: a record of a version this program reads. */
static int read_head(struct yreport *r, const struct ynode *root, struct brief_record *rec)
{
	const struct ynode *data;
	char *format = NULL;

	if (root->type != YN_MAP) {
		yreport_error(r, root, "not a brief's record (expected a JSON object)");
		return -1;
	}
	if (get_str(r, root, "format", 0, &format) || strcmp(format, RECORD_FORMAT)) {
		if (format)
			yreport_error(r, ynode_get(root, "format"), "not a brief's record "
				      "('format' must be \"%s\")", RECORD_FORMAT);
		free(format);
		return -1;
	}
	free(format);
	if (get_int(r, root, "version", &rec->version))
		return -1;
	if (rec->version < 1 || rec->version > RECORD_VERSION) {
		yreport_error(r, ynode_get(root, "version"), "record version %d is not one this "
			      "casebrief reads (1 to %d)", rec->version, RECORD_VERSION);
		return -1;
	}
	get_str(r, root, "audience", 0, &rec->audience);
	get_str(r, root, "title", 0, &rec->title);
	get_str(r, root, "subject", 0, &rec->subject);
	get_str(r, root, "date", 0, &rec->date);
	get_str(r, root, "generator", 0, &rec->generator);
	get_int(r, root, "max_age", &rec->max_age);
	data = ynode_get(root, "data");
	if (data && data->type == YN_MAP) {
		get_str(r, data, "digest", 0, &rec->digest);
		get_str(r, data, "title", 1, &rec->collection);
	} else {
		yreport_error(r, data ? data : root, "'data' must be a mapping");
	}
	return 0;
}

int record_load(const char *path, struct brief_record *rec, struct diags *d)
{
	struct ydoc doc = YDOC_INIT;
	struct yreport r;
	struct stat sb;
	size_t errors = d->nerrors;
	int rc;

	memset(rec, 0, sizeof(*rec));
	if (stat(path, &sb) && errno == ENOENT)
		return -2;
	yreport_init(&r, d, path);
	rc = ydoc_load(&doc, path, &r);
	if (!rc && !doc.root)
		yreport_error(&r, NULL, "empty file (expected a brief's record)");
	if (!rc && doc.root && !read_head(&r, doc.root, rec)) {
		read_profile(&r, doc.root, rec);
		read_cases(&r, doc.root, rec);
		read_figures_sources(&r, doc.root, rec);
	}
	ydoc_release(&doc);
	return d->nerrors > errors ? -1 : 0;
}

/* ---- the data's digest ------------------------------------------------- */

/* SHA-256 is nettle's: its x86-64 code (SHA-NI where the processor has it)
 * is several times faster than portable C over the whole data set. */
_Static_assert(RECORD_DIGEST_HEX <= 2 * SHA256_DIGEST_SIZE, "the digest is too short");

int record_data_digest(const struct dataset *ds, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	struct sha256_ctx s;
	unsigned char digest[SHA256_DIGEST_SIZE];
	size_t i, dlen = ds->dir ? strlen(ds->dir) : 0;

	sha256_init(&s);
	for (i = 0; i < ds->nfiles; i++) {
		const char *name = ds->files[i];
		char *data = NULL, num[32];
		size_t len = 0;
		if (dlen && !strncmp(name, ds->dir, dlen) && name[dlen] == '/')
			name += dlen + 1;
		if (read_file(ds->files[i], YAML_MAX_BYTES, &data, &len))
			return -1;
		snprintf(num, sizeof(num), "%zu", len);
		sha256_update(&s, strlen(name) + 1, (const uint8_t *)name);
		sha256_update(&s, strlen(num) + 1, (const uint8_t *)num);
		sha256_update(&s, len, (const uint8_t *)data);
		free(data);
	}
	sha256_digest(&s, sizeof(digest), digest);
	for (i = 0; i < RECORD_DIGEST_HEX; i++)
		hex[i] = digits[(digest[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
	hex[RECORD_DIGEST_HEX] = '\0';
	return 0;
}
