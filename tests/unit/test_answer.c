/*
 * test_answer.c - what the answer page, the record and the words are made
 * of: the sides with their grades and names, where each side won or lost,
 * the strongest case against; words.yaml (defaults, overrides, errors);
 * heading text whose anchor GitHub and GitLab agree on; the record as
 * JSON and back; what compare_records finds between two records; the data's digest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brief/assemble.h"
#include "brief/compare.h"
#include "brief/record.h"
#include "brief/words.h"
#include "markdown/markdown.h"
#include "data/load.h"
#include "brief/select.h"
#include "t.h"
#include "ctx_path.h"
#include "base/alloc.h"
#include "base/file.h"
#include "base/strbuf.h"
#include "base/diag.h"

#define DATA "tests/data/brief"

static struct ctx *build(const struct dataset *ds, const char *aud, const struct words *w,
			 struct selection *sel, struct brief_facts *facts)
{
	struct assemble_opts o;

	memset(&o, 0, sizeof(o));
	o.today = (struct date){ 2026, 6, 1 };
	o.max_age = -1;
	o.version = "test";
	o.words = w;
	o.data_digest = "0123456789ab";
	o.command = "casebrief build -a `x`";
	select_cases(ds, dataset_find_audience(ds, aud), NULL, sel);
	return assemble_brief(ds, sel, &o, facts);
}

static void test_answer(const struct dataset *ds)
{
	struct selection sel;
	struct brief_facts facts;
	struct ctx *root = build(ds, "latency", NULL, &sel, &facts);

	TEST("answer: the sides, their grades and names") {
		CHECK_STR(str(root, "side_for.label"), "For Rust");
		CHECK_INT(num(root, "side_for.count"), 2);
		CHECK_STR(str(root, "side_for.grades"), "2 A");
		CHECK_STR(str(root, "side_for.cases.0.name"), "Ferrous Chat");
		CHECK_STR(str(root, "side_for.cases.0.anchor"), "ferrous-chat-presence-service");
		CHECK_INT(truth(root, "side_for.cases.0.several"), 0);
		CHECK_STR(str(root, "side_against.label"), "Against Rust");
		CHECK_STR(str(root, "side_against.count_text"), "2 cases");
		CHECK_STR(str(root, "side_against.grades"), "1 A, 1 B");
		CHECK_INT(truth(root, "side_other.has_cases"), 0);
		CHECK_INT(truth(root, "side_for.more"), 0);
	}
	TEST("answer: where each side won and lost, the strongest case against") {
		CHECK_INT(len(root, "won"), 2);
		CHECK_STR(str(root, "lost.0.label"), "Iteration speed");
		CHECK_INT(num(root, "lost.0.count"), 2);
		CHECK_INT(truth(root, "won_more"), 0);
		CHECK_STR(str(root, "strongest.name"), "Harbor Edge");
		CHECK_STR(str(root, "strongest.grade"), "A");
		CHECK_STR(str(root, "strongest.move"), "Rust → TypeScript");
		CHECK_STR(str(root, "strongest.main_driver"), "Iteration speed");
		CHECK_INT(len(root, "top_figures"), 3);
	}
	TEST("a driver's tag group, with its label") {
		CHECK_STR(str(root, "all_cases.0.drivers.0.group"), "performance");
		CHECK_STR(str(root, "all_cases.0.drivers.0.group_label"), "Performance");
	}
	TEST("answer: provenance") {
		CHECK_STR(str(root, "data_digest"), "0123456789ab");
		CHECK_STR(str(root, "command_code"), "`` casebrief build -a `x` ``");
		CHECK(strstr(facts.provenance, "Generated 2026-06-01, data 0123456789ab, by "
					       "casebrief test.") == facts.provenance);
		CHECK(strstr(facts.provenance, "To make it again: casebrief build") != NULL);
	}
	TEST("charts: each side ranked alone; what is left off is said") {
		const struct chart *a = brief_facts_chart(&facts, "drivers_against");
		CHECK(a && a->ncategories == 3);
		CHECK(a && !strcmp(a->categories[0], "Iteration speed"));
		CHECK_INT(truth(root, "drivers_against_left"), 0);
		CHECK_INT(truth(root, "changes"), 0);
	}
	TEST("record: what the brief said") {
		const struct brief_record *r = &facts.record;
		CHECK_STR(r->audience, "latency");
		CHECK_INT(r->ncases, 4);
		CHECK_STR(r->cases[0].id, "ferrous-chat");
		CHECK_STR(r->cases[0].grade, "A");
		CHECK_INT(r->nsources, facts.nsources);
		CHECK_INT(r->nfigures, 4);
		CHECK_INT(r->nleft, 4);
		CHECK_INT(r->nrules, 2);
		CHECK_STR(r->digest, "0123456789ab");
	}
	ctx_free(root);
	brief_facts_release(&facts);
	selection_release(&sel);
}

/* ---- words ------------------------------------------------------------- */

static char *tmpdir(void)
{
	char buf[] = "/tmp/test_answer.XXXXXX";
	return xstrdup(mkdtemp(buf));
}

static int write_words(const char *dir, const char *text)
{
	struct strbuf p = STRBUF_INIT;
	int rc;

	strbuf_addf(&p, "%s/words.yaml", dir);
	rc = write_file_atomic(p.buf, text, strlen(text));
	strbuf_release(&p);
	return rc;
}

static void test_words(const struct dataset *ds)
{
	char *dir = tmpdir();
	struct words w;
	struct diags d = DIAGS_INIT;
	struct selection sel;
	struct ctx *root;

	TEST("words: a directory without words.yaml has the defaults") {
		CHECK_INT(words_load(&w, dir, &d), 0);
		CHECK_STR(w.text[W_GROUP_OTHER], "Other {{options}} in the same spot");
		words_release(&w);
	}
	TEST("words: an override reaches headings, moves and charts") {
		struct brief_facts f;
		CHECK_INT(write_words(dir, "groups:\n  moved: \"Rewritten in {{subject}}\"\n"
				      "moves:\n  migration: \"from {{from}} to {{to}}\"\n"
				      "charts:\n  drivers_for: \"For {{subject}}: why\"\n"), 0);
		CHECK_INT(words_load(&w, dir, &d), 0);
		CHECK_INT(d.n, 0);
		root = build(ds, "latency", &w, &sel, &f);
		CHECK_STR(str(root, "groups.0.title"), "Rewritten in Rust");
		CHECK_STR(str(root, "groups.0.anchor"), "rewritten-in-rust");
		CHECK_STR(str(root, "all_cases.0.move"), "from Go to Rust");
		CHECK_STR(brief_facts_chart(&f, "drivers_for")->title, "For Rust: why");
		CHECK_STR(str(root, "against_groups.0.title"), "Decided against Rust");
		ctx_free(root);
		brief_facts_release(&f);
		selection_release(&sel);
		words_release(&w);
	}
	TEST("words: unknown keys, bad templates and non-strings are positioned errors") {
		CHECK_INT(write_words(dir, "groups:\n  moved: \"{{#subject}}\"\n  movde: x\n"
				      "sidez: {}\ncharts:\n  years: [1]\n"), 0);
		CHECK_INT(words_load(&w, dir, &d), -1);
		diags_sort(&d);
		CHECK_INT(d.nerrors, 4);
		CHECK(d.n >= 4 && d.v[0].line == 2 && strstr(d.v[0].msg, "'groups.moved' is not a valid template"));
		CHECK(d.n >= 4 && d.v[1].line == 3 && strstr(d.v[1].msg, "unknown key 'movde'") &&
		      strstr(d.v[1].msg, "did you mean 'moved'"));
		CHECK(d.n >= 4 && d.v[2].line == 4 && strstr(d.v[2].msg, "'sidez'"));
		CHECK(d.n >= 4 && d.v[3].line == 6);
		/* the default stays where the file was wrong */
		CHECK_STR(w.text[W_GROUP_MOVED], "Moved to {{subject}}");
		words_release(&w);
	}
	diags_release(&d);
	{
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/words.yaml", dir);
		unlink(p.buf);
		strbuf_release(&p);
	}
	rmdir(dir);
	free(dir);
}

/* ---- anchors ------------------------------------------------------------ */

static void test_headings(void)
{
	static const char *const cases[][2] = {
		{ "Solana — Polkadot", "solana-polkadot" },
		{ "A - B", "a-b" },
		{ "a--b", "a-b" },
		{ "x  y", "x-y" },
		{ "Ferrous Chat — Presence service", "ferrous-chat-presence-service" },
		{ "— lead", "-lead" },
		{ "plain words", "plain-words" },
	};
	size_t i;

	TEST("headings: one anchor under GitHub's rule and GitLab's, the same look") {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct strbuf h = STRBUF_INIT, slug = STRBUF_INIT, look = STRBUF_INIT;
			const char *p;
			markdown_heading_stable(cases[i][0], &h);
			markdown_slug(h.buf, &slug);
			CHECK_STR(slug.buf, cases[i][1]);
			CHECK(!strstr(slug.buf, "--"));
			/* U+00A0 and U+2011 read as a space and a hyphen */
			for (p = h.buf; *p; p++) {
				if (!strncmp(p, "\xc2\xa0", 2)) {
					strbuf_addc(&look, ' ');
					p++;
				} else if (!strncmp(p, "\xe2\x80\x91", 3)) {
					strbuf_addc(&look, '-');
					p += 2;
				} else {
					strbuf_addc(&look, *p);
				}
			}
			CHECK_STR(look.buf, cases[i][0]);
			strbuf_release(&h);
			strbuf_release(&slug);
			strbuf_release(&look);
		}
	}
}

/* ---- the record and the comparison ---------------------------------------- */

static void test_record(const struct dataset *ds)
{
	char *dir = tmpdir();
	struct strbuf path = STRBUF_INIT, json = STRBUF_INIT, again = STRBUF_INIT;
	struct selection sel;
	struct brief_facts facts;
	struct brief_record r = { 0 };
	struct diags d = DIAGS_INIT;
	struct ctx *root = build(ds, "small-teams", NULL, &sel, &facts), *c;

	size_t stale = 0, fresh = 0, i;
	int load_rc;

	strbuf_addf(&path, "%s/small-teams.json", dir);
	record_to_json(&facts.record, &json);
	for (i = 0; i < facts.record.nsources; i++) {
		if (facts.record.sources[i].stale)
			stale = i;
		else if (facts.record.sources[i].verified)
			fresh = i;
	}
	/* set-up for the tests below: the record written and read back */
	write_file_atomic(path.buf, json.buf, json.len);
	load_rc = record_load(path.buf, &r, &d);
	TEST("record: JSON that reads back to the same record") {
		CHECK(!strncmp(json.buf, "{\"format\": \"casebrief-record\", \"version\": 1,", 44));
		CHECK_INT(load_rc, 0);
		CHECK_INT(d.n, 0);
		record_to_json(&r, &again);
		CHECK_STR(again.buf, json.buf);
		CHECK_STR(r.sources[stale].verified ? r.sources[stale].verified : "", "2020-01");
		CHECK_STR(r.sources[stale].key, "https://example.com/acme/rust");
		CHECK_STR(r.exclude ? r.exclude : "", "id is northwind-db");
		CHECK_INT(r.limit, 5);
	}
	TEST("record: a missing file is no record, and no error") {
		struct brief_record none;
		CHECK_INT(record_load("/nonexistent/x.json", &none, &d), -2);
		CHECK_INT(d.n, 0);
		record_release(&none);
	}
	TEST("compare: the same record changes nothing") {
		c = compare_records(&r, &facts.record);
		CHECK_INT(truth(c, "nothing"), 1);
		CHECK_INT(truth(c, "data_changed"), 0);
		CHECK_STR(str(c, "since"), "2026-06-01");
		ctx_free(c);
	}
	TEST("compare: cases, figures, sources, grades and the profile") {
		struct brief_record *b = &r;
		free(b->cases[1].grade);
		b->cases[1].grade = xstrdup("C");                 /* a grade moved */
		free(b->figures[0].value);
		b->figures[0].value = xstrdup("99");              /* a figure changed */
		b->sources[stale].stale = 0;                      /* now stale */
		free(b->sources[fresh].verified);
		b->sources[fresh].verified = xstrdup("2019-01");  /* verified again */
		free(b->cases[0].id);
		b->cases[0].id = xstrdup("gone-case");            /* added and dropped */
		b->limit = 9;
		free(b->digest);
		b->digest = xstrdup("ffffffffffff");
		c = compare_records(b, &facts.record);
		CHECK_INT(truth(c, "nothing"), 0);
		CHECK_INT(truth(c, "data_changed"), 1);
		CHECK_INT(len(c, "added"), 1);
		CHECK(strstr(str(c, "added.0.why"), "new in the data") || strstr(str(c, "added.0.why"), "left out before"));
		CHECK_INT(len(c, "dropped"), 1);
		CHECK_STR(str(c, "dropped.0.why"), "no longer in the data");
		CHECK_INT(len(c, "grades"), 1);
		CHECK_STR(str(c, "grades.0.before"), "C");
		CHECK_INT(len(c, "stale"), 1);
		CHECK_INT(len(c, "verified"), 1);
		CHECK_STR(str(c, "verified.0.before"), "2019-01");
		CHECK_INT(len(c, "profile"), 1);
		CHECK(strstr(str(c, "profile.0"), "The limit changed from 9 to 5") != NULL);
		CHECK_INT(truth(c, "has_figures"), len(c, "figures") > 0);
		ctx_free(c);
	}
	TEST("record: a later version, a wrong format, a broken file") {
		struct brief_record bad;
		static const char *const texts[] = {
			"{\"format\": \"casebrief-record\", \"version\": 2}\n",
			"{\"format\": \"something-else\", \"version\": 1}\n",
			"{\"format\": \"casebrief-record\", \"version\": 1, \"cases\": 3\n",
			"[1, 2]\n",
		};
		size_t k;
		for (k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
			struct diags e = DIAGS_INIT;
			CHECK_INT(write_file_atomic(path.buf, texts[k], strlen(texts[k])), 0);
			CHECK_INT(record_load(path.buf, &bad, &e), -1);
			CHECK(e.nerrors >= 1 && e.v[0].line >= 1);
			record_release(&bad);
			diags_release(&e);
		}
	}
	record_release(&r);
	unlink(path.buf);
	rmdir(dir);
	free(dir);
	strbuf_release(&path);
	strbuf_release(&json);
	strbuf_release(&again);
	diags_release(&d);
	ctx_free(root);
	brief_facts_release(&facts);
	selection_release(&sel);
}

/* Two files in a directory of their own: the digest is SHA-256 over each
 * one's name below the directory, a NUL, its length, a NUL and its bytes
 * (the value was worked out apart from casebrief, with Python's hashlib);
 * the second file's 56 bytes make the padding take a block of its own. */
static void test_digest(const struct dataset *ds)
{
	static const char *text[2] = {
		"abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	};
	char *dir = tmpdir(), *files[2];
	struct dataset two = { 0 };
	int i;

	for (i = 0; i < 2; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/%c.yaml", dir, 'a' + i);
		write_file_atomic(p.buf, text[i], strlen(text[i]));
		files[i] = strbuf_detach(&p, NULL);
	}
	two.dir = dir;
	two.files = files;
	two.nfiles = 2;
	TEST("digest: SHA-256 over the files' names, lengths and bytes") {
		char d1[RECORD_DIGEST_HEX + 1], d2[RECORD_DIGEST_HEX + 1];
		CHECK_INT(record_data_digest(&two, d1), 0);
		CHECK_STR(d1, "1417d2ccce27");
		CHECK_INT(record_data_digest(ds, d1), 0);
		CHECK_INT(record_data_digest(ds, d2), 0);
		CHECK_STR(d1, d2);
		CHECK_INT(strlen(d1), RECORD_DIGEST_HEX);
	}
	for (i = 0; i < 2; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	rmdir(dir);
	free(dir);
}

void run_tests(void)
{
	struct diags d = DIAGS_INIT;
	struct dataset *ds = load_dataset(DATA, &d);

	TEST("test data loads") {
		CHECK(ds != NULL);
		CHECK_INT(d.nerrors, 0);
	}
	diags_release(&d);
	if (!ds)
		return;
	test_answer(ds);
	test_words(ds);
	test_headings();
	test_record(ds);
	test_digest(ds);
	dataset_free(ds);
}
