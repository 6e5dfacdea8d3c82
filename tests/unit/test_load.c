/*
 * test_load.c - the loader against a data set written from SCHEMA.md
 * (tests/fixtures/schema-example) and against malformed and hostile data
 * (tests/bad/NAME/, each with the diagnostics it must give in `expected`).
 *
 * `expected` holds the sorted diagnostics as diags_print writes them, less
 * the "casebrief: " prefix and with file names relative to tests/bad/NAME
 * ("." for the directory itself). LOAD_TEST_UPDATE=1 rewrites them (read
 * the diff before keeping it).
 */
#include "t.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data/load.h"
#include "data/evidence.h"
#include "yaml/doc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/str.h"
#include "base/date.h"

static const char *tests_dir(void)
{
	const char *d = getenv("TESTS_DIR");
	return d && *d ? d : "tests";
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A message, with "DIR/" (another file of the same data set) left out. */
static void add_msg(struct strbuf *sb, const char *msg, const char *dir)
{
	size_t dlen = strlen(dir);
	const char *p;

	while (dlen && (p = strstr(msg, dir)) != NULL && p[dlen] == '/') {
		strbuf_add(sb, msg, (size_t)(p - msg));
		msg = p + dlen + 1;
	}
	strbuf_adds(sb, msg);
}

static char *format_diags(struct diags *d, const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, dlen = strlen(dir);

	diags_sort(d);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		const char *file = g->file;
		if (!strcmp(file, dir))
			file = ".";
		else if (dlen && !strncmp(file, dir, dlen) && file[dlen] == '/')
			file += dlen + 1;
		if (*file) {
			strbuf_adds(&sb, file);
			if (g->line > 0)
				strbuf_addf(&sb, ":%d:%d", g->line, g->col > 0 ? g->col : 1);
			strbuf_adds(&sb, ": ");
		}
		if (g->is_warning)
			strbuf_adds(&sb, "warning: ");
		add_msg(&sb, g->msg, dir);
		strbuf_addc(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len;
	if (read_file(path, 1 << 20, &data, &len))
		return NULL;
	return data;
}

static const struct source *find_source(const struct case_study *c, const char *id)
{
	return c ? case_find_source(c, id) : NULL;
}

static void fixture_tags(const struct dataset *ds)
{
	const struct tag *t;

	TEST("tags")
	{
		CHECK_INT(ds->ntags, 6);
		t = dataset_find_tag(ds, "gc-latency");
		CHECK(t != NULL);
		if (t) {
			CHECK_STR(t->label, "Garbage-collector pauses and tail latency");
			CHECK_STR(t->group, "performance");
			CHECK_STR(t->about, "Latency spikes caused by a runtime's *garbage collector*.");
			CHECK_INT(t->pos.line, 2);
			CHECK_INT(t->pos.col, 1);
		}
		t = dataset_find_tag(ds, "hiring");
		CHECK_STR(t ? t->group : NULL, "organisation");
		CHECK_STR(t ? t->about : NULL,
			  "How hard it is to find, or grow, engineers who know the language.\n");
		t = dataset_find_tag(ds, "small-team");
		CHECK(t && t->about == NULL);
		CHECK_STR(t ? t->label : NULL, "Small team");
		t = dataset_find_tag(ds, "caching");
		CHECK_STR(t ? t->group : NULL, "performance");
		CHECK_STR(t ? t->label : NULL, "Caching layers");
		t = dataset_find_tag(ds, "build-times");
		CHECK_STR(t ? t->group : NULL, "productivity");
	}
}

static void fixture_case_order(const struct dataset *ds)
{
	TEST("cases are sorted by id; other extensions and dot files are ignored")
	{
		CHECK_INT(ds->ncases, 3);
		if (ds->ncases == 3) {
			CHECK_STR(ds->cases[0].id, "freight-router");
			CHECK_STR(ds->cases[1].id, "legacy-bank");
			CHECK_STR(ds->cases[2].id, "tiny-shop");
		}
	}
}

static void fixture_full_case(const struct dataset *ds)
{
	const struct case_study *c;

	c = dataset_find_case(ds, "freight-router");
	TEST("a case with every field")
	{
		CHECK(c != NULL);
		if (!c)
			break;
		CHECK_STR(c->company, "Example Freight");
		CHECK_STR(c->project, "Route planning service");
		CHECK_INT(c->kind, KIND_MIGRATION);
		CHECK_INT(c->from.n, 2);
		CHECK_STR(c->from.n > 1 ? c->from.v[1] : NULL, "C++");
		CHECK_STR(c->to, "Rust");
		CHECK_INT(c->rejected.n, 1);
		CHECK_STR(c->rejected.n ? c->rejected.v[0] : NULL, "Zig");
		CHECK_INT(c->year, 2021);
		CHECK_INT(c->org_size, ORG_ENTERPRISE);
		CHECK_INT(c->team, 6);
		CHECK_STR(c->domain, "logistics");
		CHECK_INT(c->status, STATUS_ONGOING);
		CHECK_STR(c->summary, "Example Freight rewrote its route planner, moving off a "
			  "garbage-collected runtime to cut *tail latency*.\n");
		CHECK_INT(c->ndrivers, 2);
		if (c->ndrivers == 2) {
			CHECK_STR(c->drivers[0].tag, "gc-latency");
			CHECK_STR(c->drivers[0].text, "Pauses from the collector pushed p99 latency past the target.");
			CHECK_STR(c->drivers[0].source, "ef-blog-2021");
			CHECK_INT(c->drivers[0].pos.line, 19);
			CHECK_INT(c->drivers[0].pos.col, 5);
			CHECK_STR(c->drivers[1].tag, "memory-safety");
			CHECK(c->drivers[1].source == NULL);
		}
		CHECK_INT(c->nfigures, 2);
		if (c->nfigures == 2) {
			CHECK_STR(c->figures[0].label, "p99 latency");
			CHECK_STR(c->figures[0].value, "12 ms");
			CHECK_STR(c->figures[0].baseline, "85 ms (Go service)");
			CHECK_STR(c->figures[0].source, "ef-blog-2021");
			CHECK_STR(c->figures[1].value, "4"); /* a plain number as text */
			CHECK(c->figures[1].baseline == NULL);
			CHECK_STR(c->figures[1].source, "ef-talk-2022");
		}
		CHECK_INT(c->lessons.n, 2);
		CHECK_STR(c->lessons.n > 1 ? c->lessons.v[1] : NULL,
			  "Keep the old service running: compare outputs.");
		CHECK_INT(c->caveats.n, 1);
		CHECK_INT(c->tags.n, 1);
		CHECK(case_has_tag(c, "caching") && case_has_tag(c, "gc-latency"));
		CHECK(!case_has_tag(c, "hiring"));
		CHECK_INT(c->nsources, 2);
		CHECK_INT(c->pos.line, 2);
		CHECK_INT(c->pos.col, 1);
		CHECK(c->pos.file && strstr(c->pos.file, "/fixtures/schema-example/cases/freight-router.yaml"));
	}
}

/* The sources of freight-router. */
static void fixture_sources(const struct dataset *ds)
{
	const struct case_study *c = dataset_find_case(ds, "freight-router");
	const struct source *s;

	s = find_source(c, "ef-blog-2021");
	TEST("a source with every field")
	{
		CHECK(s != NULL);
		if (!s)
			break;
		CHECK_STR(s->title, "Moving our router to Rust");
		CHECK_STR(s->publisher, "Example Freight engineering blog");
		CHECK_STR(s->url, "https://example.com/blog/router-rust");
		CHECK(s->published.year == 2021 && s->published.month == 3 && s->published.day == 15);
		CHECK(s->verified.year == 2026 && s->verified.month == 4 && s->verified.day == 1);
		CHECK_INT(s->kind, SRC_FIRST_PARTY);
	}
	s = find_source(c, "ef-talk-2022");
	TEST("a source with a month date and a query in its url")
	{
		CHECK(s != NULL);
		if (!s)
			break;
		CHECK(s->publisher == NULL);
		CHECK_STR(s->url, "http://example.org/talks/2022?id=7#t=30");
		CHECK(s->published.year == 2022 && s->published.month == 6 && s->published.day == 0);
		CHECK(s->verified.year == 2024 && s->verified.month == 1 && s->verified.day == 0);
		CHECK_INT(s->kind, SRC_TALK);
	}
}

static void fixture_case_defaults(const struct dataset *ds)
{
	const struct case_study *c;
	const struct source *s;

	c = dataset_find_case(ds, "tiny-shop");
	TEST("defaults: id from a .yml file name, status complete")
	{
		CHECK(c != NULL);
		if (!c)
			break;
		CHECK_INT(c->kind, KIND_ADOPTION);
		CHECK_STR(c->to, "Go");
		CHECK_INT(c->from.n + c->rejected.n + c->lessons.n + c->caveats.n + c->tags.n, 0);
		CHECK_INT(c->org_size, ORG_STARTUP);
		CHECK_INT(c->team, 0);
		CHECK(c->domain == NULL);
		CHECK_INT(c->status, STATUS_COMPLETE);
		CHECK_INT(c->nfigures, 0);
		CHECK_INT(c->ndrivers, 1);
		CHECK_INT(c->nsources, 1);
		s = find_source(c, "shop-post");
		CHECK(s && s->published.year == 2019 && s->published.month == 0);
		CHECK(s && s->verified.year == 0);
		CHECK(s && s->kind == SRC_FORUM);
	}
}

static void fixture_rejection(const struct dataset *ds)
{
	const struct case_study *c;
	const struct source *s;

	c = dataset_find_case(ds, "legacy-bank");
	TEST("a rejection without 'to'")
	{
		CHECK(c != NULL);
		if (!c)
			break;
		CHECK_INT(c->kind, KIND_REJECTION);
		CHECK(c->to == NULL);
		CHECK_INT(c->from.n, 0);
		CHECK_INT(c->rejected.n, 1);
		CHECK_INT(c->org_size, ORG_PUBLIC_SECTOR);
		CHECK_INT(c->status, STATUS_REVERSED);
		CHECK_STR(c->summary, "The bank weighed Rust for its ledger\nand decided against it.\n");
		CHECK_STR(c->ndrivers ? c->drivers[0].text : NULL,
			  "Few staff knew the language, and training would take **years**.");
		CHECK_INT(case_stance(c, "rust"), STANCE_AGAINST);
		s = find_source(c, "bank-report");
		CHECK(s && s->kind == SRC_THIRD_PARTY);
		CHECK_STR(s ? s->url : NULL, "HTTPS://bank.example/reports/ledger.pdf");
	}
}

static void fixture_audiences(const struct dataset *ds)
{
	const struct audience *a;

	TEST("audiences are sorted by id")
	{
		CHECK_INT(ds->naudiences, 2);
		if (ds->naudiences == 2) {
			CHECK_STR(ds->audiences[0].id, "early-startups");
			CHECK_STR(ds->audiences[1].id, "overview");
		}
	}
	a = dataset_find_audience(ds, "early-startups");
	TEST("an audience with every field")
	{
		CHECK(a != NULL);
		if (!a)
			break;
		CHECK_STR(a->title, "Rust at an early-stage startup");
		CHECK_STR(a->audience, "Founders and CTOs of small companies");
		CHECK_STR(a->question, "Should a small team build its product in Rust?");
		CHECK_STR(a->subject, "Rust");
		CHECK_STR(a->intro, "A short brief for *small* teams.\n");
		CHECK_INT(a->nmatch, 2);
		if (a->nmatch == 2) {
			const struct rule *r = &a->match[1];
			CHECK_INT(a->match[0].org_size.n, 2);
			CHECK_STR(a->match[0].org_size.n ? a->match[0].org_size.v[1] : NULL, "indie");
			CHECK_INT(a->match[0].tags.n + a->match[0].kind.n, 0);
			CHECK(!a->match[0].has_years);
			CHECK_INT(r->tags.n, 2);
			CHECK_INT(r->kind.n, 3);
			CHECK(r->has_years && r->year_min == 2018 && r->year_max == 2026);
			CHECK_INT(r->languages.n, 1);
			CHECK_INT(r->ids.n, 1);
			CHECK_STR(r->ids.n ? r->ids.v[0] : NULL, "freight-router");
			CHECK_INT(r->pos.line, 10);
			CHECK_INT(r->pos.col, 5);
		}
		CHECK(a->has_exclude);
		CHECK_INT(a->exclude.ids.n, 0);
		CHECK_INT(a->exclude.kind.n, 1);
		CHECK_INT(a->nweights, 2);
		if (a->nweights == 2) {
			CHECK_STR(a->weights[0].tag, "small-team");
			CHECK(a->weights[0].value == 3.0);
			CHECK_STR(a->weights[1].tag, "hiring");
			CHECK(a->weights[1].value == 2.5);
		}
		CHECK(a->recency == 1.0);
		CHECK_INT(a->balance, 1);
		CHECK_INT(a->limit, 12);
		CHECK_INT(a->questions.n, 2);
	}
}

static void fixture_audience_defaults(const struct dataset *ds)
{
	const struct audience *a;

	a = dataset_find_audience(ds, "overview");
	TEST("audience defaults: id from file name, balance 2, no limit")
	{
		CHECK(a != NULL);
		if (!a)
			break;
		/* the file starts with a byte order mark and has CRLF line ends */
		CHECK_STR(a->title, "Every case");
		CHECK_INT(a->pos.line, 1);
		CHECK_INT(a->pos.col, 1);
		CHECK(a->intro == NULL);
		CHECK_INT(a->nmatch, 1);
		if (a->nmatch == 1)
			CHECK_INT(a->match[0].org_size.n + a->match[0].tags.n +
				  a->match[0].kind.n + a->match[0].languages.n +
				  a->match[0].ids.n + a->match[0].has_years, 0);
		CHECK(!a->has_exclude);
		CHECK_INT(a->nweights, 0);
		CHECK(a->recency == 0.0);
		CHECK_INT(a->balance, 2);
		CHECK_INT(a->limit, 0);
		CHECK_INT(a->questions.n, 0);
	}
}

static void fixture_freshness(const struct dataset *ds, const char *dir)
{
	TEST("freshness: stale sources")
	{
		struct diags w = DIAGS_INIT;
		struct date today = { 2026, 11, 22 };
		char *got;
		load_check_freshness(ds, &today, 18, &w);
		got = format_diags(&w, dir);
		CHECK_STR(got,
			  "cases/freight-router.yaml:46:5: warning: stale source 'ef-talk-2022': "
			  "verified 2024-01, more than 18 months before 2026-11-22\n");
		CHECK_INT(w.nerrors, 0);
		CHECK_INT(w.nwarnings, 1);
		free(got);
		diags_release(&w);
		/* 2025-05 is exactly 18 months before 2026-11: not stale yet */
		today.year = 2025;
		today.month = 7;
		load_check_freshness(ds, &today, 18, &w);
		CHECK_INT(w.nwarnings, 0);
		diags_release(&w);
	}
	TEST("notes: measured figures without a baseline")
	{
		struct diags w = DIAGS_INIT;
		char *got;
		load_note_baselines(ds, &w);
		got = format_diags(&w, dir);
		CHECK_STR(got, "cases/freight-router.yaml:29:5: note: no baseline for measured "
			  "figure 'Servers'\n");
		free(got);
		diags_release(&w);
	}
	TEST("version-1 data: a driver without a source is a warning of check")
	{
		struct diags w = DIAGS_INIT;
		char *got;
		load_check_v1(ds, &w);
		got = format_diags(&w, dir);
		CHECK_STR(got,
			  "cases/freight-router.yaml:22:5: warning: driver 'memory-safety' names no "
			  "'source': version 2 needs one unless it says 'basis: inferred' (an error "
			  "once the data has a dataset.yaml)\n"
			  "cases/tiny-shop.yml:10:3: warning: driver 'small-team' names no 'source': "
			  "version 2 needs one unless it says 'basis: inferred' (an error once the "
			  "data has a dataset.yaml)\n");
		CHECK_INT(w.nerrors, 0);
		free(got);
		diags_release(&w);
	}
}

/* The rules the commands and manifests share with the loader. */
static void fixture_shared_rules(const struct dataset *ds)
{
	TEST("freshness: 0 months means 0, the same rule everywhere")
	{
		struct source src;
		struct date today = { 2026, 11, 22 };
		memset(&src, 0, sizeof(src));
		src.verified.year = 2026;
		src.verified.month = 11;
		CHECK(!source_is_stale(&src, &today, 0));
		src.verified.month = 10;
		CHECK(source_is_stale(&src, &today, 0));
		CHECK(!source_is_stale(&src, &today, 1));
		src.verified.year = 0;
		CHECK(!source_is_stale(&src, &today, 0)); /* never verified */
	}
	TEST("user-given names: one lookup, one hint")
	{
		struct strbuf why = STRBUF_INIT;
		CHECK(dataset_tag_or_hint(ds, "gc-latency", &why) != NULL);
		CHECK(dataset_tag_or_hint(ds, "gc-latncy", &why) == NULL);
		CHECK_STR(why.buf, "undefined tag 'gc-latncy' (did you mean 'gc-latency'?)");
		strbuf_reset(&why);
		CHECK(dataset_audience_or_hint(ds, "nothing-like-it", &why) == NULL);
		CHECK_STR(why.buf, "unknown audience 'nothing-like-it'");
		strbuf_release(&why);
	}
}

static void test_fixture(void)
{
	struct diags d = DIAGS_INIT;
	struct strbuf dir = STRBUF_INIT;
	struct dataset *ds;
	char *out;

	strbuf_addf(&dir, "%s/fixtures/schema-example", tests_dir());
	ds = load_dataset(dir.buf, &d);
	out = format_diags(&d, dir.buf);
	TEST("schema example loads cleanly")
	{
		CHECK(ds != NULL);
		CHECK_STR(out, "");
		CHECK_INT(d.nerrors, 0);
	}
	free(out);
	if (!ds)
		goto out;

	fixture_tags(ds);
	fixture_case_order(ds);
	fixture_full_case(ds);
	fixture_sources(ds);
	fixture_case_defaults(ds);
	fixture_rejection(ds);
	fixture_audiences(ds);
	fixture_audience_defaults(ds);
	fixture_freshness(ds, dir.buf);
	fixture_shared_rules(ds);
out:
	dataset_free(ds);
	diags_release(&d);
	strbuf_release(&dir);
}

/* The version-2 example (tests/fixtures/schema-v2): every v2 field. */
static void v2_fields(const struct dataset *ds)
{
	const struct case_study *c;
	const struct source *s;
	const struct audience *a;

	TEST("v2: dataset.yaml")
	{
		struct strbuf sb = STRBUF_INIT;
		CHECK(ds->info.present);
		CHECK_STR(ds->info.title, "Datastore decisions");
		CHECK_STR(ds->info.curator, "Platform guild, Northwind");
		CHECK_STR(ds->info.contact, "mailto:platform-guild@example.org");
		CHECK_STR(dataset_option_name(ds, 0), "database");
		CHECK_STR(dataset_option_name(ds, 1), "databases");
		CHECK_INT(ds->info.ngroups, 3);
		CHECK_STR(ds->info.ngroups ? ds->info.groups[0].id : NULL, "operations");
		CHECK_STR(dataset_group_label(ds, "data-model", &sb), "Data model and queries");
		CHECK_STR(dataset_group_label(ds, "misc", &sb), "Misc");
		CHECK_STR(dataset_find_tag(ds, "analytics")->group, "data-model");
		strbuf_release(&sb);
	}
	c = dataset_find_case(ds, "orders-to-postgres");
	TEST("v2: figure kinds, driver basis, internal org and sources")
	{
		CHECK(c != NULL);
		if (!c)
			break;
		CHECK(c->has_org);
		CHECK_INT(c->org_size, ORG_INTERNAL);
		CHECK_INT(c->drivers[0].basis, BASIS_STATED);
		CHECK(!c->drivers[0].basis_given);
		CHECK(c->drivers[1].basis_given);
		CHECK_INT(c->figures[0].kind, FIG_MEASURED);
		CHECK_INT(c->figures[1].kind, FIG_ESTIMATE);
		s = case_find_source(c, "adr-017");
		CHECK(s && s->url == NULL);
		CHECK_STR(s ? s->ref : NULL, "ADR-017");
		CHECK(s && s->kind == SRC_INTERNAL);
		s = case_find_source(c, "cutover-review");
		CHECK_STR(s ? s->ref : NULL, "PLAT-2291");
		CHECK_STR(s ? s->note : NULL, "The timings are read off the dashboard screenshots in "
			  "the review.");
		CHECK_INT(case_grade(c), GRADE_A);
		CHECK_STR(case_main_tag(c), "query-flexibility");
	}
	c = dataset_find_case(ds, "clickstream-clickhouse");
	TEST("v2: no org, an inferred driver without a source, a compilation")
	{
		CHECK(c != NULL);
		if (!c)
			break;
		CHECK(!c->has_org);
		CHECK_INT(c->drivers[0].basis, BASIS_INFERRED);
		CHECK(c->drivers[0].source == NULL);
		CHECK_INT(c->sources[0].kind, SRC_COMPILATION);
		CHECK(!figure_quotable(c, &c->figures[0]));
		CHECK_STR(figure_label(c, &c->figures[0]), "via a compilation");
		CHECK_INT(case_grade(c), GRADE_C);
	}
	c = dataset_find_case(ds, "ledger-cockroach");
	TEST("v2: grade B, a target")
	{
		CHECK(c && case_grade(c) == GRADE_B);
		CHECK_STR(c ? figure_label(c, &c->figures[0]) : NULL, "target");
		c = dataset_find_case(ds, "sessions-to-redis");
		CHECK(c && case_grade(c) == GRADE_B); /* measured, but in the press */
		CHECK(c && figure_quotable(c, &c->figures[0]));
		CHECK_STR(c ? figure_label(c, &c->figures[1]) : NULL, "anecdote");
	}
	a = dataset_find_audience(ds, "postgres-moves");
	TEST("v2: main, options, min_score")
	{
		CHECK(a != NULL);
		if (!a)
			break;
		CHECK(a->has_min_score && a->min_score == 3.0);
		CHECK_INT(a->nmatch, 2);
		CHECK_INT(a->match[0].main.n, 2);
		CHECK_INT(a->match[1].languages.n, 2);
		CHECK(a->match[1].options_key);
		CHECK(!a->match[0].options_key);
		a = dataset_find_audience(ds, "small-teams");
		CHECK(a && a->min_score == 2.5);
		a = dataset_find_audience(ds, "overview");
		CHECK(a && !a->has_min_score);
	}
	TEST("home pages: nothing after the host but /")
	{
		CHECK(url_is_home_page("https://example.com"));
		CHECK(url_is_home_page("HTTP://example.com/"));
		CHECK(!url_is_home_page("https://example.com/post"));
		CHECK(!url_is_home_page("https://example.com/?p=1"));
		CHECK(!url_is_home_page("https://example.com#a"));
		CHECK(!url_is_home_page("ftp://example.com/"));
	}
}

static void test_v2_fixture(void)
{
	struct diags d = DIAGS_INIT;
	struct strbuf dir = STRBUF_INIT;
	struct dataset *ds;
	char *out;

	strbuf_addf(&dir, "%s/fixtures/schema-v2", tests_dir());
	ds = load_dataset(dir.buf, &d);
	out = format_diags(&d, dir.buf);
	TEST("v2 example loads cleanly")
	{
		CHECK(ds != NULL);
		CHECK_STR(out, "");
	}
	free(out);
	if (ds)
		v2_fields(ds);
	dataset_free(ds);
	diags_release(&d);
	strbuf_release(&dir);
}

static int update_mode(void)
{
	const char *u = getenv("LOAD_TEST_UPDATE");
	return u && *u == '1';
}

static void check_bad_dir(const char *name)
{
	struct strbuf dir = STRBUF_INIT, exp = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct dataset *ds;
	char *got, *want;
	double t0 = now(), dt;

	strbuf_addf(&dir, "%s/bad/%s", tests_dir(), name);
	strbuf_addf(&exp, "%s/expected", dir.buf);
	ds = load_dataset(dir.buf, &d);
	dt = now() - t0;
	got = format_diags(&d, dir.buf);
	if (update_mode())
		write_file_atomic(exp.buf, got, strlen(got));
	want = slurp(exp.buf);
	TEST(name)
	{
		CHECK(d.nerrors > 0);
		CHECK_STR(got, want ? want : "(no expected file)");
		if (dt > 1.0)
			fprintf(stderr, "%s took %.2f s\n", name, dt);
		CHECK(dt < 1.0);
	}
	free(want);
	free(got);
	dataset_free(ds);
	diags_release(&d);
	strbuf_release(&exp);
	strbuf_release(&dir);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad(void)
{
	struct strbuf path = STRBUF_INIT;
	struct strlist names = { NULL, 0, 0 };
	struct dirent *e;
	DIR *dir;
	size_t i;

	strbuf_addf(&path, "%s/bad", tests_dir());
	dir = opendir(path.buf);
	TEST("tests/bad exists")
		CHECK(dir != NULL);
	if (!dir)
		goto out;
	while ((e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.')
			strlist_push(&names, e->d_name);
	closedir(dir);
	qsort(names.v, names.n, sizeof(*names.v), cmp_names);
	TEST("at least 20 bad data sets")
		CHECK(names.n >= 20);
	for (i = 0; i < names.n; i++)
		check_bad_dir(names.v[i]);
out:
	strlist_release(&names);
	strbuf_release(&path);
}

static int put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_size_limit(void)
{
	char tmpl[] = "/tmp/casebrief-load-XXXXXX";
	struct strbuf p = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct dataset *ds = NULL;
	char *dir = mkdtemp(tmpl), *got = NULL;
	FILE *f;
	size_t i;

	TEST("size limit: temporary directory")
		CHECK(dir != NULL);
	if (!dir)
		return;
	strbuf_addf(&p, "%s/tags.yaml", dir);
	put(p.buf, "t:\n  label: T\n  group: cost\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/cases", dir);
	mkdir(p.buf, 0777);
	strbuf_adds(&p, "/big.yaml");
	f = fopen(p.buf, "w");
	if (f) {
		/* valid YAML, one byte over the limit */
		fputs("summary: ", f);
		for (i = strlen("summary: "); i < YAML_MAX_BYTES; i++)
			fputc('a', f);
		fputc('\n', f);
		fclose(f);
	}
	ds = load_dataset(dir, &d);
	got = format_diags(&d, dir);
	TEST("a file over the size limit is refused before parsing")
	{
		CHECK_STR(got, "cases/big.yaml: file is larger than the limit of 1048576 bytes\n");
		CHECK_INT(d.nerrors, 1);
		CHECK(ds && ds->ncases == 0);
	}
	unlink(p.buf);
	strbuf_setlen(&p, strlen(dir));
	strbuf_adds(&p, "/cases");
	rmdir(p.buf);
	strbuf_setlen(&p, strlen(dir));
	strbuf_adds(&p, "/tags.yaml");
	unlink(p.buf);
	rmdir(dir);
	free(got);
	dataset_free(ds);
	diags_release(&d);
	strbuf_release(&p);
}

static void test_no_dir(void)
{
	struct diags d = DIAGS_INIT;
	struct dataset *ds = load_dataset("/nonexistent/casebrief-data", &d);
	char *got = format_diags(&d, "");

	TEST("a missing data directory gives NULL and one error")
	{
		CHECK(ds == NULL);
		CHECK_STR(got, "/nonexistent/casebrief-data: cannot read the data "
			  "directory: No such file or directory\n");
	}
	free(got);
	dataset_free(ds);
	diags_release(&d);
}

void run_tests(void)
{
	test_fixture();
	test_v2_fixture();
	test_bad();
	test_size_limit();
	test_no_dir();
}
