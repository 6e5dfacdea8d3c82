/*
 * test_assemble.c - the context tree and the facts built from
 * tests/data/brief: counts, groups, moves, citation numbering, stale
 * sources, anchors, the typed charts, the method, determinism, and an
 * empty selection.
 */
#include <stdlib.h>
#include <string.h>

#include "brief/assemble.h"
#include "markdown/chart.h"
#include "data/load.h"
#include "brief/select.h"
#include "t.h"
#include "ctx_path.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/date.h"
#include "base/str.h"
#include "base/utf8.h"

#define DATA "tests/data/brief"

static int is_false(const struct ctx *root, const char *path)
{
	const struct ctx *v = get(root, path);
	return v && v->type == CTX_BOOL && !v->b;
}

static void dump(const struct ctx *v, struct strbuf *sb)
{
	size_t i;

	switch (v->type) {
	case CTX_NULL: strbuf_adds(sb, "null"); break;
	case CTX_BOOL: strbuf_adds(sb, v->b ? "true" : "false"); break;
	case CTX_NUM: strbuf_addf(sb, "%g", v->num); break;
	case CTX_STR: strbuf_addf(sb, "\"%s\"", v->str); break;
	case CTX_LIST:
		strbuf_addc(sb, '[');
		for (i = 0; i < v->n; i++)
			dump(v->items[i], sb);
		strbuf_addc(sb, ']');
		break;
	case CTX_MAP:
		strbuf_addc(sb, '{');
		for (i = 0; i < v->n; i++) {
			strbuf_addf(sb, "%s:", v->keys[i]);
			dump(v->items[i], sb);
		}
		if (v->base) { /* the shared map under it (ctx_new_over) */
			strbuf_addc(sb, '^');
			dump(v->base, sb);
		}
		strbuf_addc(sb, '}');
		break;
	}
}

/* Finds the case map with `id` in all_cases. */
static const struct ctx *find_case(const struct ctx *root, const char *id)
{
	const struct ctx *all = ctx_get(root, "all_cases");
	size_t i;

	for (i = 0; all && i < all->n; i++)
		if (!strcmp(str(all->items[i], "id"), id))
			return all->items[i];
	return NULL;
}

/* The context for an audience; its facts in *facts when not NULL. */
static struct ctx *build(const struct dataset *ds, const char *aud_id, struct date today,
			 struct selection *sel, struct brief_facts *facts)
{
	struct assemble_opts o;

	memset(&o, 0, sizeof(o));
	o.today = today;
	o.max_age = -1;
	o.version = "test";
	select_cases(ds, dataset_find_audience(ds, aud_id), NULL, sel);
	return assemble_brief(ds, sel, &o, facts);
}

/* Every case of the data set, selected (to see every move and group). */
static void select_everything(const struct dataset *ds, const struct audience *aud,
			      struct selection *sel)
{
	size_t i;

	memset(sel, 0, sizeof(*sel));
	sel->aud = aud;
	sel->considered = ds->ncases;
	sel->items = xcalloc(ds->ncases, sizeof(*sel->items));
	for (i = 0; i < ds->ncases; i++) {
		sel->items[i].c = &ds->cases[i];
		sel->items[i].stance = case_stance(&ds->cases[i], aud->subject);
		sel->items[i].why = xstrdup("test");
	}
	sel->n = ds->ncases;
}

/* Both charts are in the facts, the context announces them, and they keep
 * chart.h's limits (as chart_parse would have them). */
static void check_charts(const struct ctx *root, const struct brief_facts *f)
{
	static const char *const names[] = { "drivers_for", "drivers_against", "years" };
	static const char *const keys[] = { "chart_drivers_for", "chart_drivers_against", "chart_years" };
	size_t i, j, k;

	CHECK_INT(f->ncharts, 3);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct chart *c = brief_facts_chart(f, names[i]);
		const struct ctx *v = get(root, keys[i]);
		CHECK(v && v->type == CTX_BOOL && v->b);
		CHECK(c != NULL);
		if (!c)
			continue;
		CHECK(c->ncategories >= 1 && c->ncategories <= CHART_MAX_CATEGORIES);
		CHECK(c->nseries >= 1 && c->nseries <= CHART_MAX_SERIES);
		CHECK(c->title && strlen(c->title) <= CHART_MAX_LABEL);
		for (j = 0; j < c->ncategories; j++)
			CHECK(c->categories[j] && *c->categories[j]);
		for (k = 0; k < c->nseries; k++)
			for (j = 0; j < c->ncategories; j++)
				CHECK(c->series[k].values[j] >= 0);
		CHECK((c->kind == CHART_TIMELINE) == (c->years != NULL));
	}
}

static void check_citations(const struct ctx *root)
{
	size_t nsrc = len(root, "sources"), i, j;
	const struct ctx *all = ctx_get(root, "all_cases");

	for (i = 0; i < nsrc; i++) {
		char path[64];
		snprintf(path, sizeof(path), "sources.%zu.n", i);
		CHECK_INT(num(root, path), (long long)(i + 1));
	}
	for (i = 0; all && i < all->n; i++) {
		const struct ctx *srcs = ctx_get(all->items[i], "sources");
		for (j = 0; srcs && j < srcs->n; j++) {
			double n = num(srcs->items[j], "n");
			CHECK(n >= 1 && n <= (double)nsrc);
			if (j)
				CHECK(num(srcs->items[j - 1], "n") < n);
		}
	}
}

/* The entry of `sources` whose title is `title`, or NULL. */
static const struct ctx *source_ctx(const struct ctx *root, const char *title)
{
	const struct ctx *l = ctx_get(root, "sources");
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (!strcmp(str(l->items[i], "title"), title))
			return l->items[i];
	return NULL;
}

static int is_true(const struct ctx *root, const char *path)
{
	const struct ctx *v = get(root, path);
	return v && v->type == CTX_BOOL && v->b;
}

/* Version 2: grades, figure kinds, readings, refs, notes, the option. */
static void test_v2(void)
{
	struct diags d = DIAGS_INIT;
	struct dataset *ds = load_dataset("tests/fixtures/schema-v2", &d);
	struct date today = { 2026, 12, 1 };
	const struct ctx *c, *src;
	struct selection sel;
	struct brief_facts facts;
	struct ctx *root;
	size_t i;

	TEST("v2: the example loads") {
		CHECK(ds != NULL);
		CHECK_INT(d.nerrors + d.nwarnings, 0);
	}
	diags_release(&d);
	if (!ds)
		return;
	root = build(ds, "overview", today, &sel, &facts);
	TEST("v2: grade of every case") {
		CHECK_STR(str(find_case(root, "orders-to-postgres"), "grade"), "A");
		CHECK_STR(str(find_case(root, "ledger-cockroach"), "grade"), "B");
		CHECK_STR(str(find_case(root, "sessions-to-redis"), "grade"), "B");
		CHECK_STR(str(find_case(root, "clickstream-clickhouse"), "grade"), "C");
		CHECK_INT(num(root, "method.grades.a"), 1);
		CHECK_INT(num(root, "method.grades.b"), 2);
		CHECK_INT(num(root, "method.grades.c"), 1);
	}
	TEST("v2: figures carry kind, quotable and a label") {
		c = find_case(root, "orders-to-postgres");
		CHECK_STR(str(c, "figures.0.kind"), "measured");
		CHECK(is_true(c, "figures.0.quotable"));
		CHECK(is_false(c, "figures.0.kind_label"));
		CHECK_STR(str(c, "figures.1.kind_label"), "estimate");
		CHECK(is_false(c, "figures.1.quotable"));
		c = find_case(root, "clickstream-clickhouse");
		CHECK_STR(str(c, "key_figure.kind_label"), "via a compilation");
		CHECK_STR(str(find_case(root, "ledger-cockroach"), "key_figure.kind_label"), "target");
		CHECK_STR(str(find_case(root, "sessions-to-redis"), "figures.1.kind_label"), "anecdote");
	}
	TEST("v2: only quotable figures are quoted, in rank order") {
		CHECK_INT(len(root, "top_figures"), 2);
		for (i = 0; i < len(root, "top_figures"); i++) {
			char path[64];
			snprintf(path, sizeof(path), "top_figures.%zu.quotable", i);
			CHECK(is_true(root, path));
		}
		CHECK_STR(str(root, "top_figures.0.company"), "Northwind");
		CHECK_STR(str(root, "top_figures.1.value"), "50,000");
	}
	TEST("v2: an inferred driver, without a source") {
		c = find_case(root, "clickstream-clickhouse");
		CHECK(is_true(c, "drivers.0.inferred"));
		CHECK_STR(str(c, "drivers.0.basis"), "inferred");
		CHECK(is_false(c, "drivers.0.n"));
		CHECK(is_false(find_case(root, "orders-to-postgres"), "drivers.0.inferred"));
	}
	TEST("v2: sources with a ref, a note, an internal or compilation kind") {
		src = source_ctx(root, "ADR-017: a new database for orders");
		CHECK(src != NULL);
		CHECK(is_false(src, "url"));
		CHECK_STR(str(src, "ref"), "ADR-017");
		CHECK_STR(str(src, "kind_note"), "An internal document.");
		src = source_ctx(root, "Who runs what: analytics databases in 2025");
		CHECK_STR(str(src, "kind"), "compilation");
		CHECK_STR(str(src, "note"), "The list says it was \"updated March 2025\".");
		CHECK(is_false(source_ctx(root, "Small shops and big sales days"), "note"));
		CHECK_INT(num(root, "method.unverified"), 3);
		CHECK_INT(num(root, "method.sources"), 6);
	}
	TEST("v2: dataset.yaml's collection, curator and option") {
		CHECK_STR(str(root, "collection"), "Datastore decisions");
		CHECK_STR(str(root, "curator"), "Platform guild, Northwind");
		CHECK_STR(str(root, "contact"), "mailto:platform-guild@example.org");
		CHECK_STR(str(root, "option"), "database");
		CHECK_STR(facts.curator, "Platform guild, Northwind");
		CHECK_STR(str(root, "groups.1.title"), "Other databases in the same spot");
		CHECK_STR(str(find_case(root, "orders-to-postgres"), "org_text"),
			  "In-house, team of 3, e-commerce");
		CHECK(is_false(find_case(root, "clickstream-clickhouse"), "org_text"));
		CHECK(is_false(find_case(root, "clickstream-clickhouse"), "org_size"));
	}
	ctx_free(root);
	brief_facts_release(&facts);
	TEST("v2: one URL cited as verified and as unverified is not verified") {
		struct case_study *q = (struct case_study *)dataset_find_case(ds, "sessions-to-redis");
		struct assemble_opts o;
		struct source *blog = &q->sources[0], *news = &q->sources[1];
		char *url = news->url;
		memset(&o, 0, sizeof(o));
		o.today = today;
		o.max_age = -1;
		o.version = "test";
		/* The press piece, cited first, verified; the blog, at the same
		 * address, not: the one source they become is not verified. */
		news->url = blog->url;
		news->verified = blog->verified;
		memset(&blog->verified, 0, sizeof(blog->verified));
		root = assemble_brief(ds, &sel, &o, NULL);
		CHECK_INT(len(root, "sources"), 5);
		src = source_ctx(root, "Small shops and big sales days");
		CHECK(src && is_false(src, "verified"));
		CHECK(!source_ctx(root, "Moving sessions out of Postgres"));
		ctx_free(root);
		blog->verified = news->verified;
		root = assemble_brief(ds, &sel, &o, NULL);
		CHECK_STR(str(source_ctx(root, "Small shops and big sales days"), "verified"), "2026-09");
		ctx_free(root);
		memset(&news->verified, 0, sizeof(news->verified));
		news->url = url;
	}
	selection_release(&sel);
	dataset_free(ds);
}

void run_tests(void)
{
	struct diags d = DIAGS_INIT;
	struct dataset *ds = load_dataset(DATA, &d);
	struct date today = { 2026, 6, 1 };
	struct selection sel, sel2;
	struct brief_facts facts;
	struct ctx *root, *again;
	const struct ctx *c;

	TEST("test data loads") {
		CHECK(ds != NULL);
		CHECK_INT(d.nerrors, 0);
	}
	diags_print(&d, stderr);
	if (!ds || d.nerrors)
		return;
	diags_release(&d);

	root = build(ds, "latency", today, &sel, &facts);
	TEST("header") {
		CHECK_STR(str(root, "title"), "Rust for latency-critical services");
		CHECK_STR(str(root, "audience_id"), "latency");
		CHECK_STR(str(root, "subject"), "Rust");
		CHECK_STR(str(root, "date"), "2026-06-01");
		CHECK_STR(str(root, "data_as_of"), "2026-05");
		CHECK_STR(str(root, "generator"), "casebrief test");
		CHECK_STR(str(root, "keywords"),
			  "Rust, Iteration speed, Throughput, GC pauses, Hiring, Memory safety, Refactoring churn");
		CHECK(strstr(str(root, "intro"), "**steadier latency**") != NULL);
	}
	TEST("counts") {
		CHECK_INT(num(root, "counts.total"), 4);
		CHECK_INT(num(root, "counts.for"), 2);
		CHECK_INT(num(root, "counts.against"), 2);
		CHECK_INT(num(root, "counts.moved"), 2);
		CHECK_STR(str(root, "counts.total_text"), "4 cases");
		CHECK_STR(str(root, "counts.breakdown"),
			  "2 moved to Rust, 1 turned Rust down and 1 moved away from Rust");
	}
	TEST("drivers") {
		CHECK_STR(str(root, "drivers_for.0.label"), "Throughput");
		CHECK_INT(num(root, "drivers_for.0.count"), 2);
		CHECK_STR(str(root, "drivers_against.0.label"), "Iteration speed");
		CHECK_INT(num(root, "drivers_against.0.count"), 2);
	}
	TEST("groups: for first, against apart") {
		CHECK_INT(len(root, "groups"), 1);
		CHECK_STR(str(root, "groups.0.title"), "Moved to Rust");
		CHECK_STR(str(root, "groups.0.anchor"), "moved-to-rust");
		CHECK_INT(len(root, "against_groups"), 2);
		CHECK_STR(str(root, "against_groups.0.title"), "Decided against Rust");
		CHECK_STR(str(root, "against_groups.1.title"), "Moved away from Rust");
		CHECK(get(root, "has_against")->b);
		CHECK_INT(len(root, "counter_cases"), 2);
		CHECK_INT(len(root, "all_cases"), 4);
		CHECK_STR(str(root, "all_cases.0.id"), "ferrous-chat");
	}
	TEST("sources numbered in order of first citation") {
		/* The answer comes first: its strongest case against (Harbor
		 * Edge, whose main driver cites its post), then its figures. */
		CHECK_STR(str(root, "strongest.name"), "Harbor Edge");
		CHECK_INT(num(root, "strongest.n"), 1);
		CHECK_STR(str(root, "sources.0.title"), "Back to TypeScript at the edge");
		CHECK_STR(str(root, "top_figures.0.company"), "Ferrous Chat");
		CHECK_INT(num(root, "top_figures.0.n"), 2);
		CHECK_STR(str(root, "sources.1.title"), "How we stopped the presence spikes");
		CHECK_INT(len(root, "sources"), 6);
		check_citations(root);
	}
	c = find_case(root, "ferrous-chat");
	TEST("a case map") {
		CHECK(c != NULL);
		CHECK_STR(str(c, "move"), "Go → Rust");
		CHECK_STR(str(c, "stance"), "for");
		CHECK_STR(str(c, "kind_label"), "Migration");
		CHECK_STR(str(c, "org_size_label"), "Enterprise");
		CHECK_INT(num(c, "team"), 5);
		CHECK_STR(str(c, "main_driver"), "GC pauses");
		CHECK_STR(str(c, "key_figure.value"), "8 ms");
		CHECK_STR(str(c, "key_figure.baseline"), "40 ms (Go)");
		CHECK_INT(num(c, "drivers.0.n"), 2);
		CHECK(get(c, "drivers.0.first")->b);
		CHECK(get(c, "drivers.1.last")->b);
		CHECK(is_false(c, "status_note"));
		CHECK_STR(str(c, "anchor"), "ferrous-chat-presence-service");
		CHECK_STR(str(c, "heading"), "Ferrous Chat\xc2\xa0— Presence service");
		CHECK_STR(str(c, "name"), "Ferrous Chat");
		CHECK_STR(str(c, "reasons.0.label"), "GC pauses");
		CHECK(is_true(c, "reasons.0.main") && is_false(c, "reasons.1.main"));
		CHECK_STR(str(c, "lessons.0"), "Measure the tail, not the mean.");
	}
	c = find_case(root, "harbor-edge");
	TEST("a driver without a source has no number") {
		CHECK(c && is_false(c, "drivers.1.n"));
		CHECK(get(c, "by_balance")->b);
	}
	TEST("method") {
		CHECK_INT(len(root, "method.rules"), 2);
		CHECK_INT(num(root, "method.considered"), 8);
		CHECK_INT(num(root, "method.selected"), 4);
		CHECK_INT(num(root, "method.left_out"), 4);
		CHECK_STR(str(root, "method.balance_text"), "Quill Games and Harbor Edge");
		CHECK(is_false(root, "method.exclude"));
		CHECK(get(root, "method.has_stale") && !get(root, "method.has_stale")->b);
		CHECK_INT(num(root, "method.unverified"), 1);
	}
	TEST("the facts hold what the cover and the summary need") {
		CHECK_STR(facts.title, "Rust for latency-critical services");
		CHECK_STR(facts.title, str(root, "title"));
		CHECK_STR(facts.audience, str(root, "audience"));
		CHECK_STR(facts.audience_id, "latency");
		CHECK_STR(facts.question, str(root, "question"));
		CHECK_STR(facts.subject, "Rust");
		CHECK_STR(facts.date, "2026-06-01");
		CHECK_STR(facts.data_as_of, "2026-05");
		CHECK_STR(facts.generator, "casebrief test");
		CHECK_STR(facts.keywords, str(root, "keywords"));
		CHECK_INT(facts.ncases, 4);
		CHECK_INT(facts.ncases, sel.n);
		CHECK_INT(facts.nsources, 6);
		CHECK_INT(facts.nstale, 0);
		CHECK_INT(facts.nunverified, 1);
		CHECK_INT(facts.max_age, STALE_AFTER_MONTHS);
	}
	TEST("the charts are structs in the facts") {
		const struct chart *f = brief_facts_chart(&facts, "drivers_for");
		const struct chart *a = brief_facts_chart(&facts, "drivers_against");
		const struct chart *yr = brief_facts_chart(&facts, "years");
		check_charts(root, &facts);
		CHECK(f && f->kind == CHART_BAR && f->nseries == 1);
		CHECK(f && !strcmp(f->title, "Why teams chose Rust"));
		CHECK(f && !strcmp(f->series[0].label, "For Rust") && f->series[0].color == 1);
		CHECK(f && !strcmp(f->categories[0], str(root, "drivers_for.0.label")));
		CHECK(a && !strcmp(a->title, "Why teams turned Rust down"));
		CHECK(a && !strcmp(a->series[0].label, "Against Rust") && a->series[0].color == 2);
		CHECK(a && !strcmp(a->categories[0], str(root, "drivers_against.0.label")));
		CHECK(yr && yr->kind == CHART_TIMELINE && yr->years[0] > 1000);
		CHECK(yr && yr->years[yr->ncategories - 1] - yr->years[0] + 1 == (int)yr->ncategories);
		CHECK(brief_facts_chart(&facts, "nosuch") == NULL);
		CHECK(is_false(root, "drivers_for_left"));
		CHECK(is_false(root, "drivers_not_charted"));
	}
	TEST("the same input gives the same tree") {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		again = build(ds, "latency", today, &sel2, NULL);
		dump(root, &a);
		dump(again, &b);
		CHECK(a.len > 1000);
		CHECK(!strcmp(a.buf, b.buf));
		strbuf_release(&a);
		strbuf_release(&b);
		ctx_free(again);
		selection_release(&sel2);
	}
	ctx_free(root);
	brief_facts_release(&facts);
	selection_release(&sel);

	root = build(ds, "small-teams", today, &sel, &facts);
	c = find_case(root, "acme-hostile");
	TEST("hostile values stay raw in the context (templates escape)") {
		CHECK(c != NULL);
		CHECK_STR(str(c, "company"), "*Acme_|");
		CHECK_STR(str(c, "anchor"), "acme_-bxb-xjavascriptalert1-not-a-heading");
		CHECK_STR(str(c, "caveats.0"), "\\# Not a heading - not a list");
		CHECK(is_false(root, "method.weights") == 0);
	}
	TEST("stale sources are flagged") {
		CHECK(get(root, "method.has_stale")->b);
		CHECK_INT(len(root, "method.stale"), 1);
		CHECK_STR(str(root, "method.stale.0.verified"), "2020-01");
		CHECK(get(c, "sources.0.stale")->b);
		CHECK_STR(str(root, "method.exclude"), "id is northwind-db");
		CHECK_INT(num(root, "method.limit"), 5);
		CHECK_INT(facts.nstale, 1);
		check_citations(root);
	}
	ctx_free(root);
	brief_facts_release(&facts);
	selection_release(&sel);

	TEST("stale boundary") {
		const struct case_study *acme = dataset_find_case(ds, "acme-hostile");
		struct date t1 = { 2021, 7, 1 }, t2 = { 2021, 8, 1 };
		CHECK(!source_is_stale(&acme->sources[0], &t1, 18));
		CHECK(source_is_stale(&acme->sources[0], &t2, 18));
		CHECK(!source_is_stale(&dataset_find_case(ds, "ledgerly")->sources[0], &t2, 1));
	}

	{
		struct assemble_opts o;
		memset(&o, 0, sizeof(o));
		o.max_age = -1;
		o.today = today;
		select_everything(ds, dataset_find_audience(ds, "latency"), &sel);
		root = assemble_brief(ds, &sel, &o, &facts);
	}
	TEST("moves for every shape of case") {
		CHECK_STR(str(find_case(root, "quill-games"), "move"), "Rust → C#");
		CHECK_STR(str(find_case(root, "tidewater-api"), "move"), "Go, not Rust");
		CHECK_STR(str(find_case(root, "acme-hostile"), "move"), "new work in Rust");
		CHECK_STR(str(find_case(root, "northwind-db"), "move"), "C++ → Rust");
		CHECK_STR(str(find_case(root, "pollen-cli"), "stance"), "other");
		CHECK_STR(str(find_case(root, "northwind-db"), "status_note"), "Ongoing");
	}
	TEST("every group present, in brief order") {
		CHECK_INT(len(root, "groups"), 3);
		CHECK_STR(str(root, "groups.0.title"), "Moved to Rust");
		CHECK_STR(str(root, "groups.1.title"), "Adopted Rust for new work");
		CHECK_STR(str(root, "groups.2.title"), "Other languages in the same spot");
		CHECK_STR(str(root, "groups.2.anchor"), "other-languages-in-the-same-spot");
		CHECK_INT(len(root, "against_groups"), 2);
		CHECK_INT(num(root, "counts.against"), 3);
		check_citations(root);
		check_charts(root, &facts);
		CHECK_INT(brief_facts_chart(&facts, "years")->nseries, 3);
	}
	ctx_free(root);
	brief_facts_release(&facts);
	TEST("chart labels are cut to the limit on a character boundary") {
		struct audience *aud = (struct audience *)sel.aud;
		const char *saved = aud->subject;
		struct strbuf big = STRBUF_INIT;
		struct assemble_opts o;
		const struct chart *dr;
		int i;
		for (i = 0; i < 150; i++)
			strbuf_adds(&big, "\xc3\xa9"); /* 300 bytes */
		aud->subject = big.buf;
		memset(&o, 0, sizeof(o));
		o.max_age = -1;
		o.today = today;
		root = assemble_brief(ds, &sel, &o, &facts);
		dr = brief_facts_chart(&facts, "drivers_for");
		CHECK(dr != NULL);
		CHECK(dr && strlen(dr->title) <= CHART_MAX_LABEL);
		CHECK(dr && strlen(dr->title) >= CHART_MAX_LABEL - 4);
		CHECK(dr && str_ends_with(dr->title, "\xe2\x80\xa6"));
		CHECK(dr && utf8_invalid_at(dr->title, strlen(dr->title)) == strlen(dr->title));
		CHECK(dr && strlen(dr->series[0].label) <= CHART_MAX_LABEL);
		check_charts(root, &facts);
		ctx_free(root);
		brief_facts_release(&facts);
		aud->subject = (char *)saved;
		strbuf_release(&big);
	}
	for (size_t i = 0; i < sel.n; i++)
		free(sel.items[i].why);
	free(sel.items);

	TEST("intro: paragraphs kept, no blocks of its own") {
		struct audience *aud = (struct audience *)dataset_find_audience(ds, "latency");
		char *saved = aud->intro;
		struct selection empty;
		struct assemble_opts o;
		memset(&empty, 0, sizeof(empty));
		memset(&o, 0, sizeof(o));
		o.max_age = -1;
		empty.aud = aud;
		aud->intro = "First *para*\nline two.\n\n  \n# Not heading\n| a | b |\n|---|---|\n\n\nLast  ";
		root = assemble_brief(ds, &empty, &o, NULL);
		CHECK_STR(str(root, "intro"),
			  "First *para* line two.\n\n\\# Not heading | a | b | |---|---|\n\nLast");
		ctx_free(root);
		aud->intro = "   ";
		root = assemble_brief(ds, &empty, &o, NULL);
		CHECK(is_false(root, "intro"));
		ctx_free(root);
		aud->intro = saved;
	}
	TEST("an empty selection") {
		struct selection empty;
		struct assemble_opts o;
		memset(&empty, 0, sizeof(empty));
		memset(&o, 0, sizeof(o));
		o.max_age = -1;
		empty.aud = dataset_find_audience(ds, "latency");
		o.today = today;
		root = assemble_brief(ds, &empty, &o, &facts);
		CHECK_INT(facts.ncases, 0);
		CHECK_INT(facts.ncharts, 0);
		CHECK_STR(facts.data_as_of, "not recorded");
		brief_facts_release(&facts);
		CHECK_INT(num(root, "counts.total"), 0);
		CHECK(is_false(root, "counts.breakdown"));
		CHECK(is_false(root, "chart_drivers_for"));
		CHECK(is_false(root, "chart_drivers_against"));
		CHECK(is_false(root, "strongest"));
		CHECK(!get(root, "side_for.has_cases")->b);
		CHECK(is_false(root, "chart_years"));
		CHECK(!get(root, "has_against")->b);
		CHECK_INT(len(root, "sources"), 0);
		CHECK_STR(str(root, "data_as_of"), "not recorded");
		ctx_free(root);
	}
	TEST("two cases citing one document share its number") {
		struct assemble_opts o;
		struct selection one;
		struct source *a, *b;
		char *url, *title;
		size_t before;
		memset(&o, 0, sizeof(o));
		o.max_age = -1;
		o.today = today;
		select_cases(ds, dataset_find_audience(ds, "latency"), NULL, &one);
		CHECK(one.n >= 2);
		if (one.n >= 2) {
			root = assemble_brief(ds, &one, &o, NULL);
			before = len(root, "sources");
			ctx_free(root);
			a = &((struct case_study *)one.items[0].c)->sources[0];
			b = &((struct case_study *)one.items[1].c)->sources[0];
			url = b->url;
			title = b->title;
			b->url = a->url;
			b->title = a->title;
			root = assemble_brief(ds, &one, &o, NULL);
			CHECK_INT(len(root, "sources"), before - 1);
			check_citations(root);
			ctx_free(root);
			b->title = title; /* the same URL is one source, whatever the titles */
			root = assemble_brief(ds, &one, &o, NULL);
			CHECK_INT(len(root, "sources"), before - 1);
			ctx_free(root);
			b->url = url;
		}
		selection_release(&one);
	}
	dataset_free(ds);
	test_v2();
}
