/*
 * load_case.c - one case file (cases/NAME.yaml) into a struct case_study,
 * checked in SCHEMA.md's order. Source ids are gathered first, so that
 * drivers and figures can be checked against them.
 */
#include "data/load_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/str.h"

#define SUMMARY_MAX_WORDS 120

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
enum { SRC_ID, SRC_TITLE, SRC_PUBLISHER, SRC_URL, SRC_PUBLISHED, SRC_VERIFIED, SRC_KIND_KEY,
       SRC__KEYS };
_Static_assert(ARRAY_SIZE(source_keys) == SRC__KEYS, "source_keys");

/* A case's source ids, sorted, for references from drivers and figures. */
struct source_index {
	const char **ids;
	size_t n;
};

static void check_source_ref(struct loader *ld, const struct ynode *at, const char *id,
			     const struct source_index *si)
{
	struct strbuf sb = STRBUF_INIT;

	if (si->n && bsearch(&id, si->ids, si->n, sizeof(*si->ids), load_cmp_str_ptr))
		return;
	strbuf_adds(&sb, "unknown source '");
	yshow(&sb, id);
	strbuf_addc(&sb, '\'');
	if (!yreport_full(&ld->r))
		yread_hint(&sb, id, si->ids, si->n);
	yreport_error(&ld->r, at, "%s", sb.buf);
	strbuf_release(&sb);
}

static void load_source(struct loader *ld, const struct ynode *m, struct source *s)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[SRC__KEYS];
	int kind;

	s->pos = load_pos(ld, m);
	if (yread_map(r, m, "each item of 'sources'", NULL, source_keys, SRC__KEYS, f))
		return;
	if (yread_need(r, m, f[SRC_ID], "id"))
		yread_id(r, f[SRC_ID], "'id'", &s->id);
	if (yread_need(r, m, f[SRC_TITLE], "title"))
		yread_str(r, f[SRC_TITLE], "'title'", &s->title);
	if (yread_present(f[SRC_PUBLISHER]))
		yread_str(r, f[SRC_PUBLISHER], "'publisher'", &s->publisher);
	if (yread_need(r, m, f[SRC_URL], "url"))
		yread_url(r, f[SRC_URL], "'url'", &s->url);
	if (yread_need(r, m, f[SRC_PUBLISHED], "published"))
		yread_date(r, f[SRC_PUBLISHED], "'published'", 0, &s->published);
	if (yread_present(f[SRC_VERIFIED]))
		yread_date(r, f[SRC_VERIFIED], "'verified'", 1, &s->verified);
	if (yread_need(r, m, f[SRC_KIND_KEY], "kind") &&
	    !yread_enum(r, f[SRC_KIND_KEY], "'kind'", source_kind_names, SRC__COUNT, &kind))
		s->kind = (enum source_kind)kind;
}

static void load_sources(struct loader *ld, const struct ynode *v, struct case_study *c,
			 struct source_index *si)
{
	const struct ynode *seq = yread_list(&ld->r, v, "'sources'", 1), *it;
	struct keyref *refs;
	size_t n = 0, i;

	if (!seq)
		return;
	c->sources = xcalloc(seq->nkids, sizeof(*c->sources));
	refs = xcalloc(seq->nkids, sizeof(*refs));
	for (it = seq->first; it; it = it->next) {
		struct source *s = &c->sources[c->nsources++];
		load_source(ld, it, s);
		if (s->id) {
			const struct ynode *idnode = ynode_get(it, "id");
			refs[n].s = s->id;
			refs[n].n = idnode ? idnode : it;
			n++;
		}
	}
	load_check_unique(ld, refs, n, "source id");
	si->ids = xcalloc(n + 1, sizeof(*si->ids));
	for (i = 0; i < n; i++)
		if (!si->n || strcmp(si->ids[si->n - 1], refs[i].s))
			si->ids[si->n++] = refs[i].s;
	free(refs);
}

static void load_driver(struct loader *ld, const struct ynode *m, struct driver *d,
			const struct source_index *si)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[ARRAY_SIZE(driver_keys)];

	d->pos = load_pos(ld, m);
	if (yread_map(r, m, "each item of 'drivers'", NULL, driver_keys,
		      ARRAY_SIZE(driver_keys), f))
		return;
	if (yread_need(r, m, f[0], "tag") && !yread_str(r, f[0], "'tag'", &d->tag))
		load_check_tag(ld, f[0], d->tag);
	if (yread_need(r, m, f[1], "text"))
		yread_str(r, f[1], "'text'", &d->text);
	if (yread_present(f[2]) && !yread_str(r, f[2], "'source'", &d->source))
		check_source_ref(ld, f[2], d->source, si);
}

static void load_figure(struct loader *ld, const struct ynode *m, struct figure *g,
			const struct source_index *si)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[ARRAY_SIZE(figure_keys)];

	g->pos = load_pos(ld, m);
	if (yread_map(r, m, "each item of 'figures'", NULL, figure_keys,
		      ARRAY_SIZE(figure_keys), f))
		return;
	if (yread_need(r, m, f[0], "label"))
		yread_str(r, f[0], "'label'", &g->label);
	if (yread_need(r, m, f[1], "value"))
		yread_str(r, f[1], "'value'", &g->value);
	if (yread_present(f[2]))
		yread_str(r, f[2], "'baseline'", &g->baseline);
	if (yread_need(r, m, f[3], "source") && !yread_str(r, f[3], "'source'", &g->source))
		check_source_ref(ld, f[3], g->source, si);
}

static void load_drivers(struct loader *ld, const struct ynode *v, struct case_study *c,
			 const struct source_index *si)
{
	const struct ynode *seq = yread_list(&ld->r, v, "'drivers'", 1), *it;

	if (!seq)
		return;
	c->drivers = xcalloc(seq->nkids, sizeof(*c->drivers));
	for (it = seq->first; it; it = it->next)
		load_driver(ld, it, &c->drivers[c->ndrivers++], si);
}

static void load_figures(struct loader *ld, const struct ynode *v, struct case_study *c,
			 const struct source_index *si)
{
	const struct ynode *seq = yread_list(&ld->r, v, "'figures'", 0), *it;

	if (!seq)
		return;
	c->figures = xcalloc(seq->nkids, sizeof(*c->figures));
	for (it = seq->first; it; it = it->next)
		load_figure(ld, it, &c->figures[c->nfigures++], si);
}

static void load_org(struct loader *ld, const struct ynode *v, struct case_study *c)
{
	const struct ynode *f[ARRAY_SIZE(org_keys)];
	int size;

	if (yread_map(&ld->r, v, "'org'", NULL, org_keys, ARRAY_SIZE(org_keys), f))
		return;
	if (yread_need(&ld->r, v, f[0], "size") &&
	    !yread_enum(&ld->r, f[0], "'size'", org_size_names, ORG__COUNT, &size))
		c->org_size = (enum org_size)size;
	if (yread_present(f[1]))
		yread_int(&ld->r, f[1], "'team'", 1, INT_MAX, &c->team);
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

	if (yread_str(&ld->r, v, "'summary'", &c->summary))
		return;
	words = count_words(c->summary);
	if (words > SUMMARY_MAX_WORDS)
		yreport_error(&ld->r, v, "'summary' is too long: %zu words, at most %d", words,
			      SUMMARY_MAX_WORDS);
}

/* What `to` and `rejected` must hold for the case's kind. */
static void check_kind(struct loader *ld, const struct ynode *root, const struct ynode **f,
		       struct case_study *c)
{
	const struct ynode *rej = f[C_REJECTED];

	if (c->kind == KIND_REJECTION) {
		if (!rej || ynode_is_null(rej) || (rej->type == YN_SEQ && !rej->nkids))
			yreport_error(&ld->r, rej ? rej : f[C_KIND],
				      "a rejection must name at least one language in 'rejected'");
		return;
	}
	if (!f[C_TO])
		yreport_error(&ld->r, root,
			      "missing required key 'to' (only a rejection may leave it out)");
	else if (!yread_present(f[C_TO]))
		yread_str(&ld->r, f[C_TO], "'to'", &c->to); /* reports the empty value */
}

static void load_case_id(struct loader *ld, const struct ynode *v, const char *base,
			 struct case_study *c, struct pos *idpos)
{
	if (yread_present(v)) {
		*idpos = load_pos(ld, v);
		if (yread_id(&ld->r, v, "'id'", &c->id) && v->type == YN_SCALAR && !c->id)
			c->id = xstrdup(v->str);
		return;
	}
	*idpos = load_pos(ld, NULL);
	load_check_file_id(ld, "case", base);
}

/* The keys after the case's identity, in SCHEMA.md's order. */
static void load_case_body(struct loader *ld, const struct ynode *root,
			   const struct ynode **f, struct case_study *c)
{
	struct yreport *r = &ld->r;
	int status;

	if (f[C_FROM])
		yread_strlist(r, f[C_FROM], "from", &c->from, NULL, NULL);
	if (yread_present(f[C_TO]))
		yread_str(r, f[C_TO], "'to'", &c->to);
	if (f[C_REJECTED])
		yread_strlist(r, f[C_REJECTED], "rejected", &c->rejected, NULL, NULL);
	if (yread_need(r, root, f[C_YEAR], "year"))
		yread_int(r, f[C_YEAR], "'year'", 1000, 9999, &c->year);
	if (yread_need(r, root, f[C_ORG], "org"))
		load_org(ld, f[C_ORG], c);
	if (yread_present(f[C_DOMAIN]))
		yread_str(r, f[C_DOMAIN], "'domain'", &c->domain);
	if (yread_present(f[C_STATUS]) &&
	    !yread_enum(r, f[C_STATUS], "'status'", case_status_names, STATUS__COUNT, &status))
		c->status = (enum case_status)status;
	if (yread_need(r, root, f[C_SUMMARY], "summary"))
		load_summary(ld, f[C_SUMMARY], c);
}

void load_case(struct loader *ld, const struct ynode *root, const char *base,
	       struct case_study *c, struct pos *idpos)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[C__COUNT];
	struct source_index si = { NULL, 0 };
	int kind = -1;

	c->pos = load_pos(ld, root);
	c->status = STATUS_COMPLETE;
	*idpos = load_pos(ld, NULL);
	if (yread_map(r, root, "the document", NULL, case_keys, C__COUNT, f))
		goto out;
	load_case_id(ld, f[C_ID], base, c, idpos);
	if (yread_need(r, root, f[C_COMPANY], "company"))
		yread_str(r, f[C_COMPANY], "'company'", &c->company);
	if (yread_need(r, root, f[C_PROJECT], "project"))
		yread_str(r, f[C_PROJECT], "'project'", &c->project);
	if (yread_need(r, root, f[C_KIND], "kind") &&
	    !yread_enum(r, f[C_KIND], "'kind'", case_kind_names, KIND__COUNT, &kind))
		c->kind = (enum case_kind)kind;
	load_case_body(ld, root, f, c);
	if (yread_need(r, root, f[C_SOURCES], "sources"))
		load_sources(ld, f[C_SOURCES], c, &si);
	if (yread_need(r, root, f[C_DRIVERS], "drivers"))
		load_drivers(ld, f[C_DRIVERS], c, &si);
	if (f[C_FIGURES])
		load_figures(ld, f[C_FIGURES], c, &si);
	if (f[C_LESSONS])
		yread_strlist(r, f[C_LESSONS], "lessons", &c->lessons, NULL, NULL);
	if (f[C_CAVEATS])
		yread_strlist(r, f[C_CAVEATS], "caveats", &c->caveats, NULL, NULL);
	if (f[C_TAGS])
		yread_strlist(r, f[C_TAGS], "tags", &c->tags, load_tag_item, ld);
	if (kind >= 0)
		check_kind(ld, root, f, c);
out:
	if (!c->id)
		c->id = xstrdup(base);
	free(si.ids);
}
