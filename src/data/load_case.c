/*
 * load_case.c - one case file (cases/NAME.yaml) into a struct case_study,
 * checked in SCHEMA.md's order. Source ids are gathered first, so that
 * drivers and figures can be checked against them.
 */
#include "data/load_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "data/evidence.h"
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
static const char *const driver_keys[] = { "tag", "text", "source", "basis" };
enum { D_TAG, D_TEXT, D_SOURCE, D_BASIS, D__KEYS };
_Static_assert(ARRAY_SIZE(driver_keys) == D__KEYS, "driver_keys");
static const char *const figure_keys[] = { "label", "value", "baseline", "kind", "source" };
enum { F_LABEL, F_VALUE, F_BASELINE, F_KIND, F_SOURCE, F__KEYS };
_Static_assert(ARRAY_SIZE(figure_keys) == F__KEYS, "figure_keys");
static const char *const source_keys[] = {
	"id", "title", "publisher", "url", "ref", "published", "verified", "kind", "note"
};
enum { SRC_ID, SRC_TITLE, SRC_PUBLISHER, SRC_URL, SRC_REF, SRC_PUBLISHED, SRC_VERIFIED,
       SRC_KIND_KEY, SRC_NOTE, SRC__KEYS };
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

static void load_source_kind(struct loader *ld, const struct ynode *v, struct source *s)
{
	int kind;

	if (!yread_enum(&ld->r, v, "'kind'", source_kind_names, SRC__COUNT, &kind))
		s->kind = (enum source_kind)kind;
}

/* url, ref or both; a bare home page is a warning (see load.h). */
static void load_source_address(struct loader *ld, const struct ynode *m,
				const struct ynode **f, struct source *s)
{
	struct yreport *r = &ld->r;
	int have_url = yread_present(f[SRC_URL]), have_ref = yread_present(f[SRC_REF]);

	if (!have_url && !have_ref) {
		yreport_error(r, f[SRC_URL] ? f[SRC_URL] : f[SRC_REF] ? f[SRC_REF] : m,
			      "a source needs a 'url' or a 'ref' (or both)");
		return;
	}
	if (have_ref)
		yread_str(r, f[SRC_REF], "'ref'", &s->ref);
	if (!have_url)
		return;
	if (yread_url(r, f[SRC_URL], "'url'", &s->url)) {
		free(s->url); /* refused: a source without a usable address */
		s->url = NULL;
		return;
	}
	if (url_is_home_page(s->url) && s->kind != SRC_COMPILATION) {
		struct strbuf sb = STRBUF_INIT;
		yshow(&sb, s->url);
		load_warn(ld, f[SRC_URL], "'url' is a home page ('%s'): give the address of the "
			  "document itself", sb.buf);
		strbuf_release(&sb);
	}
}

static void load_source(struct loader *ld, const struct ynode *m, struct source *s)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[SRC__KEYS];

	s->pos = load_pos(ld, m);
	if (yread_map(r, m, "each item of 'sources'", NULL, source_keys, SRC__KEYS, f))
		return;
	if (yread_need(r, m, f[SRC_ID], "id"))
		yread_id(r, f[SRC_ID], "'id'", &s->id);
	if (yread_need(r, m, f[SRC_TITLE], "title"))
		yread_str(r, f[SRC_TITLE], "'title'", &s->title);
	if (yread_present(f[SRC_PUBLISHER]))
		yread_str(r, f[SRC_PUBLISHER], "'publisher'", &s->publisher);
	/* The kind first: it decides whether a home page may be cited. */
	if (f[SRC_KIND_KEY])
		load_source_kind(ld, f[SRC_KIND_KEY], s);
	load_source_address(ld, m, f, s);
	if (yread_need(r, m, f[SRC_PUBLISHED], "published"))
		yread_date(r, f[SRC_PUBLISHED], "'published'", 0, &s->published);
	if (yread_present(f[SRC_VERIFIED]))
		yread_date(r, f[SRC_VERIFIED], "'verified'", 1, &s->verified);
	yread_need(r, m, f[SRC_KIND_KEY], "kind");
	if (yread_present(f[SRC_NOTE]))
		yread_str(r, f[SRC_NOTE], "'note'", &s->note);
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

/*
 * A stated driver names the source that states it (v2). Version 1 did not
 * ask for one, and version-1 data must still load: without a dataset.yaml
 * and a `basis` key the missing source is left to load_check_v1 (load.h).
 */
static void check_driver_source(struct loader *ld, const struct ynode *m,
				const struct ynode **f, const struct driver *d)
{
	if (d->basis != BASIS_STATED || yread_present(f[D_SOURCE]))
		return;
	if (ld->ds->info.present || d->basis_given)
		yreport_error(&ld->r, f[D_BASIS] ? f[D_BASIS] : m,
			      "a stated driver must name its 'source' (or say 'basis: inferred' "
			      "when it is the curator's reading)");
}

static void load_driver(struct loader *ld, const struct ynode *m, struct driver *d,
			const struct source_index *si)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[D__KEYS];
	int basis;

	d->pos = load_pos(ld, m);
	if (yread_map(r, m, "each item of 'drivers'", NULL, driver_keys, D__KEYS, f))
		return;
	if (yread_need(r, m, f[D_TAG], "tag") && !yread_str(r, f[D_TAG], "'tag'", &d->tag))
		load_check_tag(ld, f[D_TAG], d->tag);
	if (yread_need(r, m, f[D_TEXT], "text"))
		yread_str(r, f[D_TEXT], "'text'", &d->text);
	if (yread_present(f[D_SOURCE]) && !yread_str(r, f[D_SOURCE], "'source'", &d->source))
		check_source_ref(ld, f[D_SOURCE], d->source, si);
	if (yread_present(f[D_BASIS])) {
		if (yread_enum(r, f[D_BASIS], "'basis'", driver_basis_names, BASIS__COUNT, &basis))
			return; /* reported; no second message about the source */
		d->basis = (enum driver_basis)basis;
		d->basis_given = 1;
	}
	check_driver_source(ld, m, f, d);
}

static void load_figure(struct loader *ld, const struct ynode *m, struct figure *g,
			const struct source_index *si)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[F__KEYS];
	int kind;

	g->pos = load_pos(ld, m);
	if (yread_map(r, m, "each item of 'figures'", NULL, figure_keys, F__KEYS, f))
		return;
	if (yread_need(r, m, f[F_LABEL], "label"))
		yread_str(r, f[F_LABEL], "'label'", &g->label);
	if (yread_need(r, m, f[F_VALUE], "value"))
		yread_str(r, f[F_VALUE], "'value'", &g->value);
	if (yread_present(f[F_BASELINE]))
		yread_str(r, f[F_BASELINE], "'baseline'", &g->baseline);
	if (yread_present(f[F_KIND]) &&
	    !yread_enum(r, f[F_KIND], "'kind'", figure_kind_names, FIG__COUNT, &kind))
		g->kind = (enum figure_kind)kind;
	if (yread_need(r, m, f[F_SOURCE], "source") &&
	    !yread_str(r, f[F_SOURCE], "'source'", &g->source))
		check_source_ref(ld, f[F_SOURCE], g->source, si);
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
	c->has_org = 1;
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
				      "a rejection must name at least one %s in 'rejected'",
				      dataset_option_name(ld->ds, 0));
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
	if (yread_present(f[C_ORG])) /* v2: optional as a whole */
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
