/*
 * compare.c - two records of a brief, side by side (compare.h). Records
 * are small (a brief's cases, figures and sources), so lookups are
 * linear scans; the lists keep their order.
 */
#include "brief/compare.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"

static const struct record_case *find_case(const struct brief_record *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->ncases; i++)
		if (r->cases[i].id && !strcmp(r->cases[i].id, id))
			return &r->cases[i];
	return NULL;
}

static const struct record_left *find_left(const struct brief_record *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nleft; i++)
		if (r->left[i].id && !strcmp(r->left[i].id, id))
			return &r->left[i];
	return NULL;
}

static const struct record_figure *find_figure(const struct brief_record *r, const char *case_id,
					       const char *label)
{
	size_t i;

	for (i = 0; i < r->nfigures; i++)
		if (r->figures[i].case_id && r->figures[i].label &&
		    !strcmp(r->figures[i].case_id, case_id) && !strcmp(r->figures[i].label, label))
			return &r->figures[i];
	return NULL;
}

static const struct record_source *find_source(const struct brief_record *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nsources; i++)
		if (r->sources[i].key && !strcmp(r->sources[i].key, key))
			return &r->sources[i];
	return NULL;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void case_name(const struct record_case *c, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_adds(out, c->company ? c->company : c->id);
	if (c->project && *c->project)
		strbuf_addf(out, " — %s", c->project);
}

static struct ctx *push_named(struct ctx *list, const struct record_case *c, struct strbuf *sb)
{
	struct ctx *m = ctx_push(list, ctx_new_map());

	case_name(c, sb);
	ctx_set_str(m, "name", sb->buf);
	return m;
}

/* ---- the profile -------------------------------------------------------- */

static void rules_text(const struct brief_record *r, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < r->nrules; i++)
		strbuf_addf(sb, "%s%zu. %s", i ? "; " : "", i + 1, r->rules[i]);
	if (!r->nrules)
		strbuf_adds(sb, "none");
}

static void profile(const struct brief_record *b, const struct brief_record *n, struct ctx *list)
{
	struct strbuf sb = STRBUF_INIT, x = STRBUF_INIT;
	size_t i;
	int rules_differ = b->nrules != n->nrules;

	for (i = 0; !rules_differ && i < n->nrules; i++)
		rules_differ = !same(b->rules[i], n->rules[i]);
	if (rules_differ) {
		rules_text(b, &x);
		strbuf_addf(&sb, "The rules changed: they were %s; they are ", x.buf);
		strbuf_reset(&x);
		rules_text(n, &x);
		strbuf_addf(&sb, "%s.", x.buf);
		ctx_push(list, ctx_new_str(sb.buf));
	}
	if (!same(b->exclude, n->exclude)) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "The exclusion changed from %s to %s.", b->exclude ? b->exclude : "none",
			    n->exclude ? n->exclude : "none");
		ctx_push(list, ctx_new_str(sb.buf));
	}
	if (b->has_min_score != n->has_min_score || (n->has_min_score && b->min_score != n->min_score)) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, "The minimum score changed from ");
		if (b->has_min_score)
			strbuf_addf(&sb, "%g", b->min_score);
		else
			strbuf_adds(&sb, "none");
		strbuf_adds(&sb, " to ");
		if (n->has_min_score)
			strbuf_addf(&sb, "%g.", n->min_score);
		else
			strbuf_adds(&sb, "none.");
		ctx_push(list, ctx_new_str(sb.buf));
	}
	if (b->balance != n->balance || b->limit != n->limit) {
		strbuf_reset(&sb);
		if (b->balance != n->balance)
			strbuf_addf(&sb, "Balance changed from %d to %d. ", b->balance, n->balance);
		if (b->limit != n->limit)
			strbuf_addf(&sb, "The limit changed from %d to %d (0: none). ", b->limit, n->limit);
		strbuf_setlen(&sb, sb.len - 1);
		ctx_push(list, ctx_new_str(sb.buf));
	}
	strbuf_release(&sb);
	strbuf_release(&x);
}

/* ---- cases and grades --------------------------------------------------- */

static void cases(const struct brief_record *b, const struct brief_record *n, struct ctx *root)
{
	struct ctx *added = ctx_set(root, "added", ctx_new_list());
	struct ctx *dropped = ctx_set(root, "dropped", ctx_new_list());
	struct ctx *grades = ctx_set(root, "grades", ctx_new_list());
	struct strbuf sb = STRBUF_INIT, why = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n->ncases; i++) {
		const struct record_case *c = &n->cases[i], *old = find_case(b, c->id);
		const struct record_left *l;
		struct ctx *m;
		if (old) {
			if (!same(old->grade, c->grade)) {
				m = push_named(grades, c, &sb);
				ctx_set_str(m, "before", old->grade ? old->grade : "?");
				ctx_set_str(m, "after", c->grade ? c->grade : "?");
			}
			continue;
		}
		m = push_named(added, c, &sb);
		l = find_left(b, c->id);
		strbuf_reset(&why);
		if (l)
			strbuf_addf(&why, "left out before: %s", l->why ? l->why : "left out");
		else
			strbuf_adds(&why, "new in the data");
		ctx_set_str(m, "why", why.buf);
	}
	for (i = 0; i < b->ncases; i++) {
		const struct record_case *c = &b->cases[i];
		const struct record_left *l;
		struct ctx *m;
		if (find_case(n, c->id))
			continue;
		m = push_named(dropped, c, &sb);
		l = find_left(n, c->id);
		ctx_set_str(m, "why", l ? (l->why ? l->why : "left out") : "no longer in the data");
	}
	strbuf_release(&sb);
	strbuf_release(&why);
}

/* ---- figures and sources ----------------------------------------------- */

static void figure_text(const struct record_figure *f, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s (%s)", f->value ? f->value : "", f->kind ? f->kind : "measured");
}

static void figures(const struct brief_record *b, const struct brief_record *n, struct ctx *root)
{
	struct ctx *list = ctx_set(root, "figures", ctx_new_list());
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n->nfigures; i++) {
		const struct record_figure *f = &n->figures[i], *old;
		const struct record_case *c;
		struct ctx *m;
		if (!f->case_id || !f->label || !(c = find_case(n, f->case_id)) ||
		    !find_case(b, f->case_id))
			continue;
		old = find_figure(b, f->case_id, f->label);
		if (!old || (same(old->value, f->value) && same(old->kind, f->kind)))
			continue;
		m = push_named(list, c, &sb);
		ctx_set_str(m, "label", f->label);
		figure_text(old, &sb);
		ctx_set_str(m, "before", sb.buf);
		figure_text(f, &sb);
		ctx_set_str(m, "after", sb.buf);
	}
	strbuf_release(&sb);
}

static void sources(const struct brief_record *b, const struct brief_record *n, struct ctx *root)
{
	struct ctx *stale = ctx_set(root, "stale", ctx_new_list());
	struct ctx *verified = ctx_set(root, "verified", ctx_new_list());
	size_t i;

	for (i = 0; i < n->nsources; i++) {
		const struct record_source *s = &n->sources[i], *old;
		struct ctx *m;
		if (!s->key || !(old = find_source(b, s->key)))
			continue;
		if (s->stale && !old->stale) {
			m = ctx_push(stale, ctx_new_map());
			ctx_set_str(m, "title", s->title);
			ctx_set_str(m, "verified", s->verified ? s->verified : "");
		}
		if (s->verified && (!old->verified || strcmp(s->verified, old->verified) > 0)) {
			m = ctx_push(verified, ctx_new_map());
			ctx_set_str(m, "title", s->title);
			ctx_set_str(m, "verified", s->verified);
			if (old->verified)
				ctx_set_str(m, "before", old->verified);
			else
				ctx_set_bool(m, "before", 0);
		}
	}
}

/* Sets first/last in each map of a list; whether it holds anything. */
static int finish(struct ctx *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i]->type == CTX_MAP) {
			ctx_set_bool(l->items[i], "first", i == 0);
			ctx_set_bool(l->items[i], "last", i + 1 == l->n);
		}
	return l->n > 0;
}

static struct ctx *list_of(struct ctx *root, const char *key)
{
	return (struct ctx *)ctx_get(root, key);
}

struct ctx *compare_records(const struct brief_record *b, const struct brief_record *n)
{
	struct ctx *root = ctx_new_map();
	int any = 0, data = !same(b->digest, n->digest), has;

	ctx_set_str(root, "since", b->date ? b->date : "");
	ctx_set_bool(root, "data_changed", data);
	ctx_set_str(root, "data_before", b->digest ? b->digest : "");
	ctx_set_str(root, "data_now", n->digest ? n->digest : "");
	profile(b, n, ctx_set(root, "profile", ctx_new_list()));
	cases(b, n, root);
	figures(b, n, root);
	sources(b, n, root);
	any |= has = finish(list_of(root, "profile"));
	ctx_set_bool(root, "has_profile", has);
	any |= has = finish(list_of(root, "added"));
	ctx_set_bool(root, "has_added", has);
	any |= has = finish(list_of(root, "dropped"));
	ctx_set_bool(root, "has_dropped", has);
	any |= has = finish(list_of(root, "figures"));
	ctx_set_bool(root, "has_figures", has);
	any |= has = finish(list_of(root, "stale"));
	ctx_set_bool(root, "has_stale", has);
	any |= has = finish(list_of(root, "verified"));
	ctx_set_bool(root, "has_verified", has);
	any |= has = finish(list_of(root, "grades"));
	ctx_set_bool(root, "has_grades", has);
	ctx_set_bool(root, "nothing", !any);
	return root;
}
