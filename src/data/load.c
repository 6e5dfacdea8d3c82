/*
 * load.c - a data directory (SCHEMA.md) into the model (model.h).
 *
 * Each file is parsed by the YAML front end (yaml/doc.h), then checked
 * against the schema one record at a time with the typed readers
 * (yaml/read.h); the checks follow SCHEMA.md's order. Every problem is
 * reported and loading goes on, so that one run shows them all. Cross-file
 * rules (unique ids, tags defined in tags.yaml, audience ids naming cases)
 * run once the files they need are in: tags.yaml first, then the cases,
 * then the audiences.
 */
#include "data/load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "data/load_int.h"
#include "data/evidence.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"
#include "base/date.h"

/* ---- what the loader's files share ---------------------------------------- */

int load_cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct pos load_pos(const struct loader *ld, const struct ynode *n)
{
	struct pos p = { ld->r.file, n ? n->line : 0, n ? n->col : 0 };
	return p;
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

void load_check_unique(struct loader *ld, struct keyref *v, size_t n, const char *noun)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, first = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), keyref_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(v[i].s, v[first].s)) {
			first = i;
			continue;
		}
		strbuf_reset(&sb);
		yshow(&sb, v[i].s);
		yreport_error(&ld->r, v[i].n, "duplicate %s '%s' (first at line %d)", noun,
			      sb.buf, v[first].n->line);
	}
	strbuf_release(&sb);
}

void load_warn(struct loader *ld, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_vadd(ld->diags, 1, load_pos(ld, n), fmt, ap);
	va_end(ap);
}

static int tag_defined(const struct loader *ld, const char *id)
{
	return ld->ntag_ids && bsearch(&id, ld->tag_ids, ld->ntag_ids, sizeof(*ld->tag_ids),
				       load_cmp_str_ptr) != NULL;
}

void load_check_tag(struct loader *ld, const struct ynode *at, const char *id)
{
	struct strbuf sb = STRBUF_INIT;

	if (!ld->tags_ok || tag_defined(ld, id))
		return;
	strbuf_adds(&sb, "undefined tag '");
	yshow(&sb, id);
	strbuf_addc(&sb, '\'');
	if (!yreport_full(&ld->r))
		yread_hint(&sb, id, ld->tag_ids, ld->ntag_ids);
	yreport_error(&ld->r, at, "%s", sb.buf);
	strbuf_release(&sb);
}

void load_tag_item(void *arg, struct yreport *r, const struct ynode *item, const char *s)
{
	load_check_tag(arg, item, s);
}

void load_check_file_id(struct loader *ld, const char *noun, const char *base)
{
	struct strbuf sb = STRBUF_INIT;

	if (is_valid_id(base))
		return;
	yshow(&sb, base);
	yreport_error(&ld->r, NULL, "invalid %s id '%s' taken from the file name: ids must "
		      "match [a-z0-9-]+ (rename the file or set 'id')", noun, sb.buf);
	strbuf_release(&sb);
}

/* ---- tags.yaml ------------------------------------------------------------ */

static const char *const tag_keys[] = { "label", "group", "about" };
enum { T_LABEL, T_GROUP, T_ABOUT, T__COUNT };

/*
 * A group is any id (v2). When dataset.yaml lists groups it must be one of
 * them; otherwise a name one typo away from a version-1 group gets a
 * warning, since it would quietly start a group of its own.
 */
static void load_tag_group(struct loader *ld, const struct ynode *v, struct tag *t)
{
	struct strbuf sb = STRBUF_INIT;
	const char *near;

	if (yread_id(&ld->r, v, "'group'", &t->group))
		return;
	if (ld->group_ids.n) {
		if (strlist_has(&ld->group_ids, t->group))
			return;
		strbuf_adds(&sb, "group '");
		yshow(&sb, t->group);
		strbuf_adds(&sb, "' is not one of the groups of dataset.yaml");
		yread_hint(&sb, t->group, (const char *const *)ld->group_ids.v, ld->group_ids.n);
		yreport_error(&ld->r, v, "%s", sb.buf);
		strbuf_release(&sb);
		return;
	}
	if (enum_lookup(tag_group_names, TAG_GROUPS_V1, t->group) >= 0)
		return;
	near = yread_closest(t->group, tag_group_names, TAG_GROUPS_V1);
	if (near)
		load_warn(ld, v, "group '%s' starts a new group (did you mean '%s'?)", t->group,
			  near);
}

static void load_tag(struct loader *ld, const struct ynode *k, const struct ynode *v,
		     struct tag *t)
{
	struct yreport *r = &ld->r;
	struct strbuf what = STRBUF_INIT;
	const struct ynode *f[T__COUNT];

	t->id = xstrdup(k->str);
	t->pos = load_pos(ld, k);
	strbuf_addc(&what, '\'');
	yshow(&what, k->str);
	strbuf_addc(&what, '\'');
	if (!is_valid_id(k->str))
		yreport_error(r, k, "invalid tag id %s: ids must match [a-z0-9-]+", what.buf);
	if (yread_map(r, v, what.buf, NULL, tag_keys, T__COUNT, f))
		goto out;
	if (yread_need(r, v, f[T_LABEL], "label"))
		yread_str(r, f[T_LABEL], "'label'", &t->label);
	if (yread_need(r, v, f[T_GROUP], "group"))
		load_tag_group(ld, f[T_GROUP], t);
	if (yread_present(f[T_ABOUT]))
		yread_str(r, f[T_ABOUT], "'about'", &t->about);
out:
	strbuf_release(&what);
}

static void load_tags(struct loader *ld, const struct ynode *root)
{
	struct dataset *ds = ld->ds;
	const struct ynode *k;
	size_t i;

	if (root->type != YN_MAP) {
		if (root->type != YN_BAD)
			yreport_error(&ld->r, root, "the document must be a mapping, not %s",
				      ynode_describe(root));
		return;
	}
	/* The parser has dropped repeated tag ids. */
	ld->tags_ok = 1;
	ds->tags = xcalloc(root->nkids / 2 + 1, sizeof(*ds->tags));
	for (k = root->first; k; k = k->next->next)
		load_tag(ld, k, k->next, &ds->tags[ds->ntags++]);
	ld->tag_ids = xcalloc(ds->ntags + 1, sizeof(*ld->tag_ids));
	for (i = 0; i < ds->ntags; i++)
		ld->tag_ids[i] = ds->tags[i].id;
	ld->ntag_ids = ds->ntags;
	qsort(ld->tag_ids, ld->ntag_ids, sizeof(*ld->tag_ids), load_cmp_str_ptr);
}

/* ---- cases and audiences: unique ids across files ------------------------- */

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
	struct strbuf sb = STRBUF_INIT;

	yshow(&sb, id);
	diags_error(ld->diags, at, "duplicate %s id '%s' (also in %s)", noun, sb.buf, other);
	strbuf_release(&sb);
}

struct case_batch {
	struct loaded_case *v;
	size_t n, alloc;
};

static void load_one_case(struct loader *ld, const struct ynode *root, const char *base,
			  void *ud)
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

static int cmp_str_nocase(const void *a, const void *b)
{
	int c = strcasecmp(*(const char *const *)a, *(const char *const *)b);
	return c ? c : strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in the cases' from, to and rejected, each once (ignoring
 * case), sorted: what an audience's subject is checked against. */
static void collect_options(struct loader *ld)
{
	const struct dataset *ds = ld->ds;
	const char **v;
	size_t n = 0, i, j, k = 0;

	for (i = 0; i < ds->ncases; i++)
		n += ds->cases[i].from.n + ds->cases[i].rejected.n + 1;
	v = xcalloc(n + 1, sizeof(*v));
	n = 0;
	for (i = 0; i < ds->ncases; i++) {
		const struct case_study *c = &ds->cases[i];
		if (c->to)
			v[n++] = c->to;
		for (j = 0; j < c->from.n; j++)
			v[n++] = c->from.v[j];
		for (j = 0; j < c->rejected.n; j++)
			v[n++] = c->rejected.v[j];
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str_nocase);
	for (i = 0; i < n; i++)
		if (!k || strcasecmp(v[k - 1], v[i]))
			v[k++] = v[i];
	ld->option_ids = v;
	ld->noption_ids = k;
}

/* ---- the data set --------------------------------------------------------- */

struct dataset *load_dataset(const char *dir, struct diags *diags)
{
	struct loader ld;
	const struct ynode *root;
	struct stat st;
	size_t dlen = strlen(dir);
	char *tags;

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
	load_info(&ld, ld.ds->dir);
	tags = load_dir_find(&ld, ld.ds->dir, "tags");
	root = load_file(&ld, tags);
	free(tags);
	if (root)
		load_tags(&ld, root);
	load_cases(&ld, ld.ds->dir);
	collect_options(&ld);
	load_audiences(&ld, ld.ds->dir);
	ydoc_release(&ld.doc);
	free(ld.tag_ids);
	free(ld.case_ids);
	strlist_release(&ld.group_ids);
	free(ld.option_ids);
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
			if (!s->id || !source_is_stale(s, today, max_age_months))
				continue;
			diags_warning(diags, s->pos,
				      "stale source '%s': verified %s, more than %d months "
				      "before %s", s->id, date_format(&s->verified, b1),
				      max_age_months, date_format(today, b2));
		}
	}
}

void load_check_v1(const struct dataset *ds, struct diags *diags)
{
	size_t i, j;

	if (ds->info.present)
		return;
	for (i = 0; i < ds->ncases; i++) {
		const struct case_study *c = &ds->cases[i];
		for (j = 0; j < c->ndrivers; j++) {
			const struct driver *d = &c->drivers[j];
			if (d->basis == BASIS_STATED && !d->basis_given && !d->source && d->tag)
				diags_warning(diags, d->pos, "driver '%s' names no 'source': version 2 "
					      "needs one unless it says 'basis: inferred' (an error once "
					      "the data has a dataset.yaml)", d->tag);
		}
	}
}

void load_note_baselines(const struct dataset *ds, struct diags *notes)
{
	size_t i, j;

	for (i = 0; i < ds->ncases; i++) {
		const struct case_study *c = &ds->cases[i];
		for (j = 0; j < c->nfigures; j++) {
			const struct figure *f = &c->figures[j];
			if (!f->baseline && f->label && f->kind == FIG_MEASURED)
				diags_error(notes, f->pos, "note: no baseline for measured figure '%s'",
					    f->label);
		}
	}
}
