/*
 * model.c - enum names, small accessors and freeing for the data model.
 */
#include "data/model.h"
#include "yaml/doc.h"
#include "yaml/read.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const case_kind_names[KIND__COUNT] = {
	"migration", "adoption", "rejection"
};
const char *const org_size_names[ORG__COUNT] = {
	"startup", "scaleup", "enterprise", "indie", "oss", "public-sector", "internal"
};
const char *const case_status_names[STATUS__COUNT] = {
	"complete", "ongoing", "planned", "reversed"
};
const char *const source_kind_names[SRC__COUNT] = {
	"first-party", "press", "talk", "podcast", "forum", "third-party", "internal",
	"compilation"
};
const char *const figure_kind_names[FIG__COUNT] = {
	"measured", "estimate", "target", "anecdote"
};
const char *const driver_basis_names[BASIS__COUNT] = { "stated", "inferred" };
const char *const tag_group_names[TAG_GROUPS_V1] = {
	"performance", "safety", "productivity", "portability", "cost",
	"ecosystem", "organisation"
};
const char *const stance_names[3] = { "for", "against", "other" };

int enum_lookup(const char *const *names, int n, const char *s)
{
	int i;
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

int case_has_tag(const struct case_study *c, const char *tag)
{
	size_t i;
	for (i = 0; i < c->ndrivers; i++)
		if (!strcmp(c->drivers[i].tag, tag))
			return 1;
	return strlist_has(&c->tags, tag);
}

const struct source *case_find_source(const struct case_study *c, const char *id)
{
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < c->nsources; i++)
		if (c->sources[i].id && !strcmp(c->sources[i].id, id))
			return &c->sources[i];
	return NULL;
}

const struct tag *dataset_find_tag(const struct dataset *ds, const char *id)
{
	size_t i;
	for (i = 0; i < ds->ntags; i++)
		if (!strcmp(ds->tags[i].id, id))
			return &ds->tags[i];
	return NULL;
}

const char *dataset_option_name(const struct dataset *ds, int plural)
{
	const char *s = plural ? ds->info.options : ds->info.option;
	return s ? s : plural ? "languages" : "language";
}

const char *dataset_group_label(const struct dataset *ds, const char *id, struct strbuf *out)
{
	size_t i;

	strbuf_reset(out);
	for (i = 0; i < ds->info.ngroups; i++)
		if (!strcmp(ds->info.groups[i].id, id)) {
			strbuf_adds(out, ds->info.groups[i].label);
			return out->buf;
		}
	strbuf_adds(out, id);
	if (out->len && out->buf[0] >= 'a' && out->buf[0] <= 'z')
		out->buf[0] = (char)(out->buf[0] - 'a' + 'A');
	return out->buf;
}

static int cmp_case_id(const void *key, const void *elt)
{
	return strcmp(key, ((const struct case_study *)elt)->id);
}

const struct case_study *dataset_find_case(const struct dataset *ds, const char *id)
{
	if (!ds->ncases)
		return NULL;
	return bsearch(id, ds->cases, ds->ncases, sizeof(*ds->cases), cmp_case_id);
}

const struct audience *dataset_find_audience(const struct dataset *ds, const char *id)
{
	size_t i;
	for (i = 0; i < ds->naudiences; i++)
		if (!strcmp(ds->audiences[i].id, id))
			return &ds->audiences[i];
	return NULL;
}

const char *dataset_intern_file(struct dataset *ds, const char *path)
{
	/* Callers intern each file as they open it, so only the newest entry
	 * can match; a repeat further back just costs one more copy. */
	if (ds->nfiles && !strcmp(ds->files[ds->nfiles - 1], path))
		return ds->files[ds->nfiles - 1];
	ALLOC_GROW(ds->files, ds->nfiles + 1, ds->files_alloc);
	ds->files[ds->nfiles] = xstrdup(path);
	return ds->files[ds->nfiles++];
}

enum stance case_stance(const struct case_study *c, const char *subject)
{
	size_t i;
	if (c->to && !strcasecmp(c->to, subject))
		return STANCE_FOR;
	for (i = 0; i < c->rejected.n; i++)
		if (!strcasecmp(c->rejected.v[i], subject))
			return STANCE_AGAINST;
	for (i = 0; i < c->from.n; i++)
		if (!strcasecmp(c->from.v[i], subject))
			return STANCE_AGAINST;
	return STANCE_OTHER;
}

int case_names_option(const struct case_study *c, const char *option)
{
	return case_stance(c, option) != STANCE_OTHER;
}

int source_is_stale(const struct source *s, const struct date *today, int max_age_months)
{
	if (!s->verified.year)
		return 0;
	return date_months(today) - date_months(&s->verified) > max_age_months;
}

/* "NOUN 'ID'" and the hint among `names` (n of them) into `why`. */
static void not_found(struct strbuf *why, const char *noun, const char *id,
		      const char **names, size_t n)
{
	strbuf_addf(why, "%s '", noun);
	yshow(why, id);
	strbuf_addc(why, '\'');
	yread_hint(why, id, names, n);
}

const struct audience *dataset_audience_or_hint(const struct dataset *ds, const char *id,
						struct strbuf *why)
{
	const struct audience *a = dataset_find_audience(ds, id);
	const char **names;
	size_t i;

	if (a)
		return a;
	names = xcalloc(ds->naudiences + 1, sizeof(*names));
	for (i = 0; i < ds->naudiences; i++)
		names[i] = ds->audiences[i].id;
	not_found(why, "unknown audience", id, names, ds->naudiences);
	free(names);
	return NULL;
}

const struct tag *dataset_tag_or_hint(const struct dataset *ds, const char *id,
				      struct strbuf *why)
{
	const struct tag *t = dataset_find_tag(ds, id);
	const char **names;
	size_t i;

	if (t)
		return t;
	names = xcalloc(ds->ntags + 1, sizeof(*names));
	for (i = 0; i < ds->ntags; i++)
		names[i] = ds->tags[i].id;
	not_found(why, "undefined tag", id, names, ds->ntags);
	free(names);
	return NULL;
}

static void rule_release(struct rule *r)
{
	strlist_release(&r->org_size);
	strlist_release(&r->tags);
	strlist_release(&r->kind);
	strlist_release(&r->languages);
	strlist_release(&r->main);
	strlist_release(&r->ids);
}

static void case_release(struct case_study *c)
{
	size_t i;
	free(c->id);
	free(c->company);
	free(c->project);
	strlist_release(&c->from);
	free(c->to);
	strlist_release(&c->rejected);
	free(c->domain);
	free(c->summary);
	for (i = 0; i < c->ndrivers; i++) {
		free(c->drivers[i].tag);
		free(c->drivers[i].text);
		free(c->drivers[i].source);
	}
	free(c->drivers);
	for (i = 0; i < c->nfigures; i++) {
		free(c->figures[i].label);
		free(c->figures[i].value);
		free(c->figures[i].baseline);
		free(c->figures[i].source);
	}
	free(c->figures);
	strlist_release(&c->lessons);
	strlist_release(&c->caveats);
	strlist_release(&c->tags);
	for (i = 0; i < c->nsources; i++) {
		free(c->sources[i].id);
		free(c->sources[i].title);
		free(c->sources[i].publisher);
		free(c->sources[i].url);
		free(c->sources[i].ref);
		free(c->sources[i].note);
	}
	free(c->sources);
}

static void audience_release(struct audience *a)
{
	size_t i;
	free(a->id);
	free(a->title);
	free(a->audience);
	free(a->question);
	free(a->subject);
	free(a->intro);
	for (i = 0; i < a->nmatch; i++)
		rule_release(&a->match[i]);
	free(a->match);
	rule_release(&a->exclude);
	for (i = 0; i < a->nweights; i++)
		free(a->weights[i].tag);
	free(a->weights);
	strlist_release(&a->questions);
}

void dataset_free(struct dataset *ds)
{
	size_t i;
	if (!ds)
		return;
	for (i = 0; i < ds->ntags; i++) {
		free(ds->tags[i].id);
		free(ds->tags[i].label);
		free(ds->tags[i].group);
		free(ds->tags[i].about);
	}
	free(ds->tags);
	free(ds->info.title);
	free(ds->info.curator);
	free(ds->info.contact);
	free(ds->info.option);
	free(ds->info.options);
	for (i = 0; i < ds->info.ngroups; i++) {
		free(ds->info.groups[i].id);
		free(ds->info.groups[i].label);
	}
	free(ds->info.groups);
	for (i = 0; i < ds->ncases; i++)
		case_release(&ds->cases[i]);
	free(ds->cases);
	for (i = 0; i < ds->naudiences; i++)
		audience_release(&ds->audiences[i]);
	free(ds->audiences);
	for (i = 0; i < ds->nfiles; i++)
		free(ds->files[i]);
	free(ds->files);
	free(ds->dir);
	free(ds);
}
