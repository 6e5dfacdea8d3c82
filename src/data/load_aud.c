/*
 * load_aud.c - one audience file (audiences/NAME.yaml) into a struct
 * audience: its texts, the rules that select cases, the exclusion, the
 * weights, min_score, balance and limit; and the check that some case names
 * the subject.
 */
#include "data/load_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/str.h"

static const char *const audience_keys[] = {
	"id", "title", "audience", "question", "subject", "intro", "match",
	"exclude", "weights", "min_score", "balance", "limit", "questions"
};
enum {
	A_ID, A_TITLE, A_AUDIENCE, A_QUESTION, A_SUBJECT, A_INTRO, A_MATCH,
	A_EXCLUDE, A_WEIGHTS, A_MIN_SCORE, A_BALANCE, A_LIMIT, A_QUESTIONS, A__COUNT
};
_Static_assert(ARRAY_SIZE(audience_keys) == A__COUNT, "audience_keys");

static const char *const rule_keys[] = {
	"org_size", "tags", "kind", "years", "languages", "options", "main", "ids"
};
enum { R_ORG_SIZE, R_TAGS, R_KIND, R_YEARS, R_LANGUAGES, R_OPTIONS, R_MAIN, R_IDS, R__COUNT };
_Static_assert(ARRAY_SIZE(rule_keys) == R__COUNT, "rule_keys");

static const char *const weight_keys[] = { "tags", "recency" };

/* What the item checks of a rule's lists need. */
struct item_check {
	struct loader *ld;
	const char *what;           /* "each item of 'kind'" */
	const char *const *names;   /* enum lists */
	size_t n;
};

static void check_enum_item(void *arg, struct yreport *r, const struct ynode *item,
			    const char *s)
{
	const struct item_check *e = arg;
	int i;

	yread_enum(r, item, e->what, e->names, e->n, &i);
}

static void check_case_item(void *arg, struct yreport *r, const struct ynode *item,
			    const char *s)
{
	const struct item_check *e = arg;
	struct strbuf sb = STRBUF_INIT;

	if (dataset_find_case(e->ld->ds, s))
		return;
	strbuf_adds(&sb, "unknown case id '");
	yshow(&sb, s);
	strbuf_addc(&sb, '\'');
	if (!yreport_full(r))
		yread_hint(&sb, s, e->ld->case_ids, e->ld->ds->ncases);
	yreport_error(r, item, "%s", sb.buf);
	strbuf_release(&sb);
}

static void load_years(struct loader *ld, const struct ynode *v, struct rule *r)
{
	const struct ynode *a, *b;

	if (v->type == YN_BAD)
		return;
	if (v->type != YN_SEQ || v->nkids != 2) {
		if (v->type == YN_SEQ)
			yreport_error(&ld->r, v, "'years' must be a list of two years [from, to], "
				      "not a list of %zu", v->nkids);
		else
			yreport_error(&ld->r, v, "'years' must be a list of two years [from, to], "
				      "not %s", ynode_describe(v));
		return;
	}
	a = v->first;
	b = a->next;
	if (yread_int(&ld->r, a, "'years'", 1000, 9999, &r->year_min) |
	    yread_int(&ld->r, b, "'years'", 1000, 9999, &r->year_max))
		return;
	if (r->year_min > r->year_max) {
		yreport_error(&ld->r, v, "reversed range in 'years': %d is after %d",
			      r->year_min, r->year_max);
		return;
	}
	r->has_years = 1;
}

static void load_rule(struct loader *ld, const struct ynode *m, const char *what,
		      struct rule *r)
{
	struct item_check sizes = { ld, "each item of 'org_size'", org_size_names, ORG__COUNT };
	struct item_check kinds = { ld, "each item of 'kind'", case_kind_names, KIND__COUNT };
	struct item_check cases = { ld, NULL, NULL, 0 };
	const struct ynode *f[R__COUNT];

	r->pos = load_pos(ld, m);
	if (yread_map(&ld->r, m, what, NULL, rule_keys, R__COUNT, f))
		return;
	if (f[R_ORG_SIZE])
		yread_strlist(&ld->r, f[R_ORG_SIZE], "org_size", &r->org_size, check_enum_item,
			      &sizes);
	if (f[R_TAGS])
		yread_strlist(&ld->r, f[R_TAGS], "tags", &r->tags, load_tag_item, ld);
	if (f[R_KIND])
		yread_strlist(&ld->r, f[R_KIND], "kind", &r->kind, check_enum_item, &kinds);
	if (yread_present(f[R_YEARS]))
		load_years(ld, f[R_YEARS], r);
	if (f[R_LANGUAGES] && f[R_OPTIONS])
		yreport_error(&ld->r, f[R_OPTIONS], "'options' and 'languages' are one key under "
			      "two names: give only one");
	else if (f[R_LANGUAGES])
		yread_strlist(&ld->r, f[R_LANGUAGES], "languages", &r->languages, NULL, NULL);
	else if (f[R_OPTIONS]) {
		r->options_key = 1;
		yread_strlist(&ld->r, f[R_OPTIONS], "options", &r->languages, NULL, NULL);
	}
	if (f[R_MAIN])
		yread_strlist(&ld->r, f[R_MAIN], "main", &r->main, load_tag_item, ld);
	if (f[R_IDS])
		yread_strlist(&ld->r, f[R_IDS], "ids", &r->ids, check_case_item, &cases);
}

static void load_match(struct loader *ld, const struct ynode *v, struct audience *a)
{
	const struct ynode *seq = yread_list(&ld->r, v, "'match'", 1), *it;

	if (!seq)
		return;
	a->match = xcalloc(seq->nkids, sizeof(*a->match));
	for (it = seq->first; it; it = it->next)
		load_rule(ld, it, "each item of 'match'", &a->match[a->nmatch++]);
}

static void load_weight_tags(struct loader *ld, const struct ynode *m, struct audience *a)
{
	struct strbuf what = STRBUF_INIT;
	const struct ynode *k;

	if (m->type == YN_BAD)
		return;
	if (m->type != YN_MAP) {
		yreport_error(&ld->r, m, "'tags' must be a mapping of tag to weight, not %s",
			      ynode_describe(m));
		return;
	}
	/* The parser has dropped repeated keys. */
	a->weights = xcalloc(m->nkids / 2 + 1, sizeof(*a->weights));
	for (k = m->first; k; k = k->next->next) {
		struct weight *w = &a->weights[a->nweights++];
		load_check_tag(ld, k, k->str);
		w->tag = xstrdup(k->str);
		strbuf_reset(&what);
		strbuf_addc(&what, '\'');
		yshow(&what, k->str);
		strbuf_addc(&what, '\'');
		yread_num(&ld->r, k->next, what.buf, &w->value);
	}
	strbuf_release(&what);
}

static void load_weights(struct loader *ld, const struct ynode *m, struct audience *a)
{
	const struct ynode *f[ARRAY_SIZE(weight_keys)];

	if (yread_map(&ld->r, m, "'weights'", NULL, weight_keys, ARRAY_SIZE(weight_keys), f))
		return;
	if (yread_present(f[0]))
		load_weight_tags(ld, f[0], a);
	if (yread_present(f[1]))
		yread_num(&ld->r, f[1], "'recency'", &a->recency);
}

/* `check` warns when no case names the subject (a typo gives a brief
 * with no case for or against, and no error). */
static void check_subject(struct loader *ld, const struct ynode *v, const char *subject)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ld->noption_ids; i++)
		if (!strcasecmp(ld->option_ids[i], subject))
			return;
	strbuf_adds(&sb, "subject '");
	yshow(&sb, subject);
	strbuf_addf(&sb, "': no case names this %s in from, to or rejected",
		    dataset_option_name(ld->ds, 0));
	yread_hint(&sb, subject, ld->option_ids, ld->noption_ids);
	load_warn(ld, v, "%s", sb.buf);
	strbuf_release(&sb);
}

static void load_audience_id(struct loader *ld, const struct ynode *v, const char *base,
			     struct audience *a, struct pos *idpos)
{
	if (yread_present(v)) {
		*idpos = load_pos(ld, v);
		if (yread_id(&ld->r, v, "'id'", &a->id) && v->type == YN_SCALAR && !a->id)
			a->id = xstrdup(v->str);
		return;
	}
	load_check_file_id(ld, "audience", base);
}

void load_audience(struct loader *ld, const struct ynode *root, const char *base,
		   struct audience *a, struct pos *idpos)
{
	struct yreport *r = &ld->r;
	const struct ynode *f[A__COUNT];

	a->pos = load_pos(ld, root);
	a->balance = 2;
	*idpos = load_pos(ld, NULL);
	if (yread_map(r, root, "the document", NULL, audience_keys, A__COUNT, f))
		goto out;
	load_audience_id(ld, f[A_ID], base, a, idpos);
	if (yread_need(r, root, f[A_TITLE], "title"))
		yread_str(r, f[A_TITLE], "'title'", &a->title);
	if (yread_need(r, root, f[A_AUDIENCE], "audience"))
		yread_str(r, f[A_AUDIENCE], "'audience'", &a->audience);
	if (yread_need(r, root, f[A_QUESTION], "question"))
		yread_str(r, f[A_QUESTION], "'question'", &a->question);
	if (yread_need(r, root, f[A_SUBJECT], "subject") &&
	    !yread_str(r, f[A_SUBJECT], "'subject'", &a->subject) && ld->ds->ncases)
		check_subject(ld, f[A_SUBJECT], a->subject);
	if (yread_present(f[A_INTRO]))
		yread_str(r, f[A_INTRO], "'intro'", &a->intro);
	if (yread_need(r, root, f[A_MATCH], "match"))
		load_match(ld, f[A_MATCH], a);
	if (yread_present(f[A_EXCLUDE])) {
		a->has_exclude = 1;
		load_rule(ld, f[A_EXCLUDE], "'exclude'", &a->exclude);
	}
	if (yread_present(f[A_WEIGHTS]))
		load_weights(ld, f[A_WEIGHTS], a);
	if (yread_present(f[A_MIN_SCORE]) &&
	    !yread_num(r, f[A_MIN_SCORE], "'min_score'", &a->min_score))
		a->has_min_score = 1;
	if (yread_present(f[A_BALANCE]))
		yread_int(r, f[A_BALANCE], "'balance'", 0, INT_MAX, &a->balance);
	if (yread_present(f[A_LIMIT]))
		yread_int(r, f[A_LIMIT], "'limit'", 0, INT_MAX, &a->limit);
	if (f[A_QUESTIONS])
		yread_strlist(r, f[A_QUESTIONS], "questions", &a->questions, NULL, NULL);
out:
	if (!a->id)
		a->id = xstrdup(base);
}
