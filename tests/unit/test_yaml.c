/*
 * test_yaml.c - the YAML front end (yaml/doc.h) and the typed readers
 * (yaml/read.h): what is refused, where each message points, how scalars
 * are typed, the hint, the error cap, and the context converter.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "t.h"
#include "brief/context_yaml.h"
#include "yaml/doc.h"
#include "yaml/read.h"
#include "base/strbuf.h"
#include "base/diag.h"

/* A parsed text and what was reported about it. */
struct parsed {
	struct ydoc doc;
	struct diags d;
	struct yreport r;
	int ret;
};

static void parse_line0(struct parsed *p, const char *s, size_t len, int line0)
{
	memset(p, 0, sizeof(*p));
	yreport_init(&p->r, &p->d, "t.yaml");
	p->r.line0 = line0;
	p->ret = ydoc_parse(&p->doc, s, len, &p->r);
}

static void parse(struct parsed *p, const char *s)
{
	parse_line0(p, s, strlen(s), 0);
}

static void done(struct parsed *p)
{
	ydoc_release(&p->doc);
	diags_release(&p->d);
}

/* Every diagnostic, sorted, as "LINE:COL: message" lines. */
static const char *msgs(struct diags *d)
{
	static struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_reset(&sb);
	diags_sort(d);
	for (i = 0; i < d->n; i++)
		strbuf_addf(&sb, "%d:%d: %s\n", d->v[i].line, d->v[i].col, d->v[i].msg);
	return sb.buf;
}

/* Parses `s` and expects exactly the messages `want` (and `ret`). */
static void expect(const char *s, int ret, const char *want)
{
	struct parsed p;

	parse(&p, s);
	CHECK_INT(p.ret, ret);
	CHECK_STR(msgs(&p.d), want);
	done(&p);
}

static double elapsed(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_refused(void)
{
	TEST("a byte order mark is skipped, positions count from after it") {
		struct parsed p;
		parse(&p, "\xef\xbb\xbf" "a: 1\nb: *x\n");
		CHECK_STR(msgs(&p.d), "2:4: alias '*x' is not allowed\n");
		CHECK(p.doc.root && p.doc.root->first && !strcmp(p.doc.root->first->str, "a"));
		CHECK_INT(p.doc.root ? p.doc.root->first->col : 0, 1);
		done(&p);
	}
	TEST("duplicate keys: reported at the repeat, the first one wins") {
		struct parsed p;
		parse(&p, "a: 1\nb:\n  c: 2\n  c: [3, 4]\n  d: 5\na: 6\n");
		CHECK_INT(p.ret, 0);
		CHECK_STR(msgs(&p.d), "4:3: duplicate key 'c' (first at line 3)\n"
			  "6:1: duplicate key 'a' (first at line 1)\n");
		CHECK_INT(p.doc.root->nkids, 4);
		CHECK_STR(ynode_get(p.doc.root, "a")->str, "1");
		CHECK_INT(ynode_get(p.doc.root, "b")->nkids, 4);
		CHECK_STR(ynode_get(ynode_get(p.doc.root, "b"), "c")->str, "2");
		done(&p);
	}
	TEST("aliases: each one reported, parsing goes on") {
		struct parsed p;
		parse(&p, "a: &x 1\nb: *x\nc: [*x, 2]\nd: ok\n");
		CHECK_INT(p.ret, 0);
		CHECK_STR(msgs(&p.d), "2:4: alias '*x' is not allowed\n"
			  "3:5: alias '*x' is not allowed\n");
		CHECK(ynode_get(p.doc.root, "b")->type == YN_BAD);
		CHECK_STR(ynode_get(p.doc.root, "d")->str, "ok");
		done(&p);
	}
	TEST("tabs cannot indent, and the message says tab") {
		const char *tab = "invalid yaml: a tab character where YAML allows only spaces "
				  "(indent with spaces, not tabs)\n";
		struct strbuf want = STRBUF_INIT;

		strbuf_addf(&want, "2:1: %s", tab);
		expect("a:\n\tb: 1\n", -1, want.buf);
		/* spaces, then a tab, in the indentation */
		strbuf_reset(&want);
		strbuf_addf(&want, "3:3: %s", tab);
		expect("a:\n  b: 1\n  \tc: 2\n", -1, want.buf);
		strbuf_release(&want);
		/* another problem keeps libyaml's words */
		expect("a: [1\n", -1, "2:1: invalid yaml: did not find expected ',' or ']' "
		       "(while parsing a flow sequence at 1:4)\n");
	}
	TEST("invalid UTF-8: the first bad byte, in characters") {
		expect("a: ok\nb: x\xff\n", -1, "2:5: invalid UTF-8 (byte 0xff)\n");
		expect("a: \xc3\xa9\xc0\xaf\n", -1, "1:5: invalid UTF-8 (byte 0xc0)\n");
		expect("a: \xed\xa0\x80\n", -1, "1:4: invalid UTF-8 (byte 0xed)\n");
		expect("a: \xe2\x82", -1, "1:4: invalid UTF-8 (byte 0xe2)\n");
		expect("\xff\xfe" "a\0", -1, "1:1: invalid UTF-8 (byte 0xff)\n");
	}
	TEST("control characters, after escapes; tab, newline and CR pass") {
		expect("a: \"x\\e[31m\"\nb: \"\\x85\"\nc: \"\\u009b\\x01\"\nd: \"\\0\"\n", 0,
		       "1:4: control character U+001B is not allowed in a string\n"
		       "2:4: control character U+0085 is not allowed in a string\n"
		       "3:4: control character U+009B is not allowed in a string\n"
		       "4:4: control character U+0000 is not allowed in a string\n");
		expect("a: \"tab\\there\\r\\nand CR\"\nb: |\n  two\n  lines\n", 0, "");
		expect("a: x\x01y\n", -1,
		       "1:5: invalid yaml: control characters are not allowed (U+0001)\n");
	}
	TEST("tags other than !!str, !!map and !!seq") {
		expect("a: !!str 12\nb: !!int 3\nc: !local x\nd: !!map {e: 1}\nf: !!set {g}\n", 0,
		       "2:4: unsupported tag '!!int'\n3:4: unsupported tag '!local'\n"
		       "5:4: unsupported tag '!!set'\n");
	}
	TEST("keys that are not scalars; a second document") {
		expect("? [a]\n: 1\nb: 2\n", 0, "1:3: keys must be strings, not a list\n");
		expect("a: 1\n---\nb: 2\n", 0, "2:1: more than one document in the file\n");
	}
	TEST("syntax errors give the context's position too") {
		expect("a: [1, 2\nb: 3\n", -1, "2:2: invalid yaml: did not find expected ',' or ']' "
		       "(while parsing a flow sequence at 1:4)\n");
	}
	TEST("line0 shifts every line, context and 'first at' included") {
		struct parsed p;
		parse_line0(&p, "a: 1\na: 2\nb: [\n", 14, 10);
		CHECK_STR(msgs(&p.d), "12:1: duplicate key 'a' (first at line 11)\n"
			  "14:1: invalid yaml: did not find expected node content "
			  "(while parsing a flow node at 14:1)\n");
		done(&p);
	}
}

static void test_limits(void)
{
	struct strbuf sb = STRBUF_INIT;
	clock_t start;
	int i;

	TEST("nesting: 64 levels are fine, 65 are not") {
		for (i = 0; i < YAML_MAX_DEPTH; i++)
			strbuf_addc(&sb, '[');
		for (i = 0; i < YAML_MAX_DEPTH; i++)
			strbuf_addc(&sb, ']');
		expect(sb.buf, 0, "");
		strbuf_reset(&sb);
		strbuf_adds(&sb, "x:\n");
		for (i = 0; i < YAML_MAX_DEPTH; i++)
			strbuf_adds(&sb, "- ");
		strbuf_adds(&sb, "1\n");
		expect(sb.buf, -1, "2:127: nesting deeper than 64 levels\n");
	}
	TEST("nesting 10,000 deep is refused quickly") {
		strbuf_reset(&sb);
		for (i = 0; i < 10000; i++)
			strbuf_adds(&sb, "{a: [");
		start = clock();
		expect(sb.buf, -1, "1:161: nesting deeper than 64 levels\n");
		CHECK(elapsed(start) < 1.0);
	}
	TEST("60,000 keys and a repeat, quickly") {
		struct parsed p;
		strbuf_reset(&sb);
		for (i = 0; i < 60000; i++)
			strbuf_addf(&sb, "k%d: %d\n", i, i);
		strbuf_adds(&sb, "k44444: dup\n");
		start = clock();
		parse(&p, sb.buf);
		CHECK(elapsed(start) < 2.0);
		CHECK(p.doc.root && p.doc.root->nkids == 120000);
		CHECK_STR(msgs(&p.d), "60001:1: duplicate key 'k44444' (first at line 44445)\n");
		done(&p);
	}
	TEST("more than YAML_MAX_BYTES is refused") {
		char *big = malloc(YAML_MAX_BYTES + 2);
		memset(big, 'a', YAML_MAX_BYTES + 1);
		big[YAML_MAX_BYTES + 1] = '\0';
		expect(big, -1, "0:0: file is larger than the limit of 1048576 bytes\n");
		free(big);
	}
	TEST("after 100 errors, one summary line") {
		struct parsed p;
		strbuf_reset(&sb);
		for (i = 0; i < 150; i++)
			strbuf_addf(&sb, "k%d: *a\n", i);
		parse(&p, sb.buf);
		CHECK_INT(p.d.n, YAML_MAX_ERRORS + 1);
		CHECK_INT(p.r.nerrors, 150);
		CHECK(yreport_full(&p.r));
		diags_sort(&p.d);
		CHECK_STR(p.d.v[0].msg, "too many errors; only the first 100 are reported");
		done(&p);
	}
	strbuf_release(&sb);
}

/* The node under `key` of a one-line document "key: VALUE". */
static const struct ynode *value(struct parsed *p, const char *text)
{
	parse(p, text);
	return p->doc.root ? p->doc.root->first->next : NULL;
}

static void test_typing(void)
{
	static const struct { const char *text; enum yscalar t; } cases[] = {
		{ "v: 42", YS_INT }, { "v: -7", YS_INT }, { "v: 0x1F", YS_INT },
		{ "v: 0o17", YS_INT }, { "v: 1.210", YS_FLOAT }, { "v: 1e3", YS_FLOAT },
		{ "v: .5", YS_FLOAT }, { "v: .inf", YS_FLOAT }, { "v: -.Inf", YS_FLOAT },
		{ "v: .nan", YS_FLOAT }, { "v: -0", YS_INT }, { "v: true", YS_BOOL },
		{ "v: False", YS_BOOL }, { "v: yes", YS_STR }, { "v: null", YS_NULL },
		{ "v: ~", YS_NULL }, { "v:", YS_NULL }, { "v: \"2020\"", YS_STR },
		{ "v: '12'", YS_STR }, { "v: !!str 12", YS_STR }, { "v: ! 12", YS_STR },
		{ "v: 1.2.3", YS_STR }, { "v: 2024-05-01", YS_STR }, { "v: |\n  7\n", YS_STR },
	};
	size_t i;

	TEST("scalars are typed by the core schema, plain ones only") {
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			struct parsed p;
			const struct ynode *v = value(&p, cases[i].text);
			if (v->scalar != cases[i].t)
				fprintf(stderr, "%s: type %d, want %d\n", cases[i].text,
					(int)v->scalar, (int)cases[i].t);
			CHECK(v->scalar == cases[i].t);
			done(&p);
		}
	}
	TEST("what messages call each kind of node") {
		struct parsed p;
		parse(&p, "[{}, [], ~, true, 1, 1.5, x, \"1\"]");
		{
			const struct ynode *it = p.doc.root->first;
			const char *want[] = { "a mapping", "a list", "empty", "a boolean",
					       "an integer", "a number", "a string", "a string" };
			for (i = 0; it; it = it->next, i++)
				CHECK_STR(ynode_describe(it), want[i]);
		}
		done(&p);
	}
}

/* Runs one reader on "v: TEXT" and returns its messages. */
#define READ(text, call)                                  \
	do {                                              \
		struct parsed p_;                         \
		const struct ynode *v = value(&p_, text); \
		struct yreport *r = &p_.r;                \
		int rc_ = (call);                         \
		got_rc = rc_;                             \
		strbuf_reset(&got);                       \
		strbuf_adds(&got, msgs(&p_.d));           \
		done(&p_);                                \
	} while (0)

static void test_numbers(void)
{
	struct strbuf got = STRBUF_INIT;
	int got_rc, n = -1;
	double x = -1;

	TEST("integers: decimal only, in range, not quoted") {
		READ("v: 2020", yread_int(r, v, "'v'", 1000, 9999, &n));
		CHECK(got_rc == 0 && n == 2020);
		READ("v: -0", yread_int(r, v, "'v'", -5, 5, &n));
		CHECK(got_rc == 0 && n == 0);
		READ("v: 0x1F", yread_int(r, v, "'v'", 0, 99, &n));
		CHECK_STR(got.buf, "1:4: 'v' must be a decimal integer, not '0x1F'\n");
		READ("v: \"2020\"", yread_int(r, v, "'v'", 0, 9999, &n));
		CHECK_STR(got.buf, "1:4: 'v' must be an integer, not a string\n");
		READ("v: 1e3", yread_int(r, v, "'v'", 0, 9999, &n));
		CHECK_STR(got.buf, "1:4: 'v' must be an integer, not a number\n");
		READ("v: 99999999999999999999", yread_int(r, v, "'v'", 1000, 9999, &n));
		CHECK_STR(got.buf, "1:4: 'v' must be between 1000 and 9999, not 99999999999999999999\n");
		READ("v: 99999999999999999999", yread_int(r, v, "'v'", 0, INT_MAX, &n));
		CHECK_STR(got.buf, "1:4: 'v' is too large: 99999999999999999999\n");
		READ("v: -3", yread_int(r, v, "'v'", 1, INT_MAX, &n));
		CHECK_STR(got.buf, "1:4: 'v' must be 1 or more, not -3\n");
		CHECK_INT(n, 0);
	}
	TEST("numbers: finite and decimal") {
		READ("v: 1e3", yread_num(r, v, "'v'", &x));
		CHECK(got_rc == 0 && x == 1000);
		READ("v: -0", yread_num(r, v, "'v'", &x));
		CHECK(got_rc == 0 && x == 0 && signbit(x));
		READ("v: 99999999999999999999", yread_num(r, v, "'v'", &x));
		CHECK(got_rc == 0 && x == 1e20);
		READ("v: .inf", yread_num(r, v, "'v'", &x));
		CHECK_STR(got.buf, "1:4: 'v' must be a finite decimal number, not '.inf'\n");
		READ("v: .nan", yread_num(r, v, "'v'", &x));
		CHECK_STR(got.buf, "1:4: 'v' must be a finite decimal number, not '.nan'\n");
		READ("v: 0x1F", yread_num(r, v, "'v'", &x));
		CHECK_STR(got.buf, "1:4: 'v' must be a finite decimal number, not '0x1F'\n");
		READ("v: 1e999", yread_num(r, v, "'v'", &x));
		CHECK_STR(got.buf, "1:4: 'v' must be a finite decimal number, not '1e999'\n");
		READ("v: '1.5'", yread_num(r, v, "'v'", &x));
		CHECK_STR(got.buf, "1:4: 'v' must be a number, not a string\n");
		READ("v: 40", yread_num_range(r, v, "'v'", 4, 36, " pt", &x));
		CHECK_STR(got.buf, "1:4: 'v' is 40; it must be from 4 to 36 pt\n");
		CHECK(x == 1000 || x == 0 || x == 1e20);
	}
	strbuf_release(&got);
}

static void test_values(void)
{
	static const char *const names[] = { "migration", "adoption", "rejection" };
	struct strbuf got = STRBUF_INIT;
	struct date d;
	char *s = NULL;
	int got_rc, b = -1, k = -1;

	TEST("strings take numbers as text, not booleans or empty values") {
		READ("v: 42", yread_str(r, v, "'v'", &s));
		CHECK(got_rc == 0 && s && !strcmp(s, "42"));
		READ("v: true", yread_str(r, v, "'v'", &s));
		CHECK_STR(got.buf, "1:4: 'v' must be a string, not a boolean\n");
		READ("v: ' \t'", yread_str(r, v, "'v'", &s));
		CHECK_STR(got.buf, "1:4: 'v' must not be empty\n");
		READ("v:", yread_str(r, v, "'v'", &s));
		CHECK_STR(got.buf, "1:3: 'v' must not be empty\n");
		READ("v: [a]", yread_str(r, v, "'v'", &s));
		CHECK_STR(got.buf, "1:4: 'v' must be a string, not a list\n");
		CHECK_STR(s, "42");
	}
	TEST("booleans: true or false only") {
		READ("v: TRUE", yread_bool(r, v, "'v'", &b));
		CHECK(got_rc == 0 && b == 1);
		READ("v: yes", yread_bool(r, v, "'v'", &b));
		CHECK_STR(got.buf, "1:4: 'v' must be true or false, not a string\n");
	}
	TEST("enums, with the hint") {
		READ("v: adoption", yread_enum(r, v, "'kind'", names, 3, &k));
		CHECK(got_rc == 0 && k == 1);
		READ("v: migrate", yread_enum(r, v, "'kind'", names, 3, &k));
		CHECK_STR(got.buf, "1:4: 'kind' must be one of migration, adoption, rejection, "
			  "not 'migrate' (did you mean 'migration'?)\n");
		READ("v: zzz", yread_enum(r, v, "'kind'", names, 3, &k));
		CHECK_STR(got.buf, "1:4: 'kind' must be one of migration, adoption, rejection, "
			  "not 'zzz'\n");
		READ("v: {}", yread_enum(r, v, "'kind'", names, 3, &k));
		CHECK_STR(got.buf, "1:4: 'kind' must be one of migration, adoption, rejection, "
			  "not a mapping\n");
	}
	TEST("dates") {
		READ("v: 2020", yread_date(r, v, "'d'", 0, &d));
		CHECK(got_rc == 0 && d.year == 2020 && !d.month);
		READ("v: \"2020-02-29\"", yread_date(r, v, "'d'", 1, &d));
		CHECK(got_rc == 0 && d.day == 29);
		READ("v: 2021-02-29", yread_date(r, v, "'d'", 0, &d));
		CHECK_STR(got.buf, "1:4: invalid date '2021-02-29' in 'd' (2021-02 has 28 days)\n");
		READ("v: 2020-13", yread_date(r, v, "'d'", 0, &d));
		CHECK_STR(got.buf, "1:4: invalid date '2020-13' in 'd' (months are 01 to 12)\n");
		READ("v: 2020", yread_date(r, v, "'d'", 1, &d));
		CHECK_STR(got.buf, "1:4: 'd' needs at least a month (YYYY-MM or YYYY-MM-DD), not '2020'\n");
		READ("v: 2020/05", yread_date(r, v, "'d'", 0, &d));
		CHECK_STR(got.buf, "1:4: 'd' must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not '2020/05'\n");
		READ("v: 0000", yread_date(r, v, "'d'", 0, &d));
		CHECK_STR(got.buf, "1:4: invalid date '0000' in 'd' (there is no year 0000)\n");
	}
	TEST("urls and ids") {
		READ("v: https://example.com:8080/x", yread_url(r, v, "'url'", &s));
		CHECK(got_rc == 0 && !strcmp(s, "https://example.com:8080/x"));
		READ("v: ftp://example.com/", yread_url(r, v, "'url'", &s));
		CHECK_STR(got.buf, "1:4: invalid url 'ftp://example.com/': only http:// and "
			  "https:// are allowed\n");
		READ("v: https://[::1/", yread_url(r, v, "'url'", &s));
		CHECK_STR(got.buf, "1:4: invalid url 'https://[::1/': it has an invalid IPv6 host\n");
		READ("v: Foo_Bar", yread_id(r, v, "'id'", &s));
		CHECK_STR(got.buf, "1:4: invalid id 'Foo_Bar': ids must match [a-z0-9-]+\n");
	}
	TEST("lists") {
		READ("v: []", yread_list(r, v, "'v'", 1) != NULL);
		CHECK_STR(got.buf, "1:4: 'v' must list at least one item\n");
		READ("v: []", yread_list(r, v, "'v'", 0) != NULL);
		CHECK(got_rc == 0 && !got.len);
		READ("v: x", yread_list(r, v, "'v'", 0) != NULL);
		CHECK_STR(got.buf, "1:4: 'v' must be a list, not a string\n");
		{
			struct strlist l = { NULL, 0, 0 };
			READ("v: [a, 2, true, '']", (yread_strlist(r, v, "v", &l, NULL, NULL), 0));
			CHECK_STR(got.buf, "1:11: each item of 'v' must be a string, not a boolean\n"
				  "1:17: each item of 'v' must not be empty\n");
			CHECK(l.n == 2 && !strcmp(l.v[1], "2"));
			strlist_release(&l);
		}
	}
	TEST("a refused node fails silently") {
		READ("v: *a", yread_str(r, v, "'v'", &s));
		CHECK_INT(got_rc, -1);
		CHECK_STR(got.buf, "1:4: alias '*a' is not allowed\n");
	}
	free(s);
	strbuf_release(&got);
}

static void test_maps_and_hints(void)
{
	static const char *const keys[] = { "title", "label", "values" };
	struct strbuf got = STRBUF_INIT;
	int got_rc;

	TEST("unknown keys: at the key, with a hint, optionally naming the mapping") {
		const struct ynode *f[3];
		READ("v: {titel: a, zzzz: b, values: 1}",
		     yread_map(r, v, "'v'", NULL, keys, 3, f) + (f[2] && !f[0] ? 0 : 10));
		CHECK_INT(got_rc, 0);
		CHECK_STR(got.buf, "1:5: unknown key 'titel' (did you mean 'title'?)\n"
			  "1:15: unknown key 'zzzz'\n");
		READ("v: {lable: a}", yread_map(r, v, "a series", "a series", keys, 3, f));
		CHECK_STR(got.buf, "1:5: unknown key 'lable' in a series (did you mean 'label'?)\n");
		READ("v: [1]", yread_map(r, v, "a series", "a series", keys, 3, f));
		CHECK_STR(got.buf, "1:4: a series must be a mapping, not a list\n");
		READ("v: {}", yread_need(r, v, NULL, "values"));
		CHECK_STR(got.buf, "1:4: missing required key 'values'\n");
	}
	TEST("the hint: close enough, and never the word itself") {
		static const char *const words[] = { "top", "bottom", "org_size", "small-team", "a4" };
		CHECK_STR(yread_closest("org-size", words, 5), "org_size");
		CHECK_STR(yread_closest("smal-team", words, 5), "small-team");
		CHECK_STR(yread_closest("a5", words, 5), "a4");
		CHECK(yread_closest("tpo", words, 5) == NULL);  /* 2 edits in 3 letters */
		CHECK(yread_closest("x", words, 5) == NULL);
		CHECK(yread_closest("top", words, 5) == NULL);
		CHECK(yread_closest("zzzzzz", words, 5) == NULL);
	}
	TEST("quoted values are cut and escaped") {
		struct strbuf sb = STRBUF_INIT;
		int i;
		yshow(&sb, "a\x1b[31mb");
		CHECK_STR(sb.buf, "a\\x1b[31mb");
		strbuf_reset(&sb);
		for (i = 0; i < 70; i++)
			strbuf_adds(&sb, "\xc3\xa9");
		{
			struct strbuf out = STRBUF_INIT;
			yshow(&out, sb.buf);
			CHECK_INT(out.len, 60 * 2 + 3);
			strbuf_release(&out);
		}
		strbuf_release(&sb);
	}
	strbuf_release(&got);
}

static void test_files_and_context(void)
{
	TEST("ydoc_load: a FIFO is refused without blocking; a missing file is an I/O error") {
		char path[] = "/tmp/test_yaml_fifoXXXXXX";
		struct parsed p;
		int fd = mkstemp(path);
		CHECK(fd >= 0);
		if (fd >= 0) {
			close(fd);
			unlink(path);
			CHECK(mkfifo(path, 0600) == 0);
			memset(&p, 0, sizeof(p));
			yreport_init(&p.r, &p.d, path);
			CHECK_INT(ydoc_load(&p.doc, path, &p.r), -2);
			CHECK_STR(msgs(&p.d), "0:0: not a regular file\n");
			done(&p);
			unlink(path);
			memset(&p, 0, sizeof(p));
			yreport_init(&p.r, &p.d, path);
			CHECK_INT(ydoc_load(&p.doc, path, &p.r), -2);
			CHECK_STR(msgs(&p.d), "0:0: cannot open file: No such file or directory\n");
			done(&p);
		}
	}
	TEST("ctx_from_yaml: types, order, text kept where no number is meant") {
		struct parsed p;
		struct ctx *c;
		parse(&p, "i: 42\nf: 1.210\nhex: 0x1F\ninf: .inf\nq: \"12\"\nb: true\nn: ~\n"
		      "l: [1, {x: y}]\ncr: \"a\\r\\n\"\n");
		c = ctx_from_yaml(p.doc.root);
		CHECK(c->type == CTX_MAP && c->n == 9);
		CHECK(ctx_get(c, "i")->type == CTX_NUM && ctx_get(c, "i")->num == 42);
		CHECK(ctx_get(c, "f")->type == CTX_NUM && ctx_get(c, "f")->num == 1.21);
		CHECK_STR(ctx_get(c, "hex")->str, "0x1F");
		CHECK_STR(ctx_get(c, "inf")->str, ".inf");
		CHECK_STR(ctx_get(c, "q")->str, "12");
		CHECK(ctx_get(c, "b")->type == CTX_BOOL && ctx_get(c, "b")->b);
		CHECK(ctx_get(c, "n")->type == CTX_NULL);
		CHECK(ctx_get(c, "l")->n == 2 && ctx_get(ctx_get(c, "l")->items[1], "x"));
		CHECK_STR(ctx_get(c, "cr")->str, "a\r\n");
		CHECK_STR(c->keys[8], "cr");
		ctx_free(c);
		done(&p);
		c = ctx_from_yaml(NULL);
		CHECK(c->type == CTX_NULL);
		ctx_free(c);
	}
}

void run_tests(void)
{
	test_refused();
	test_limits();
	test_typing();
	test_numbers();
	test_values();
	test_maps_and_hints();
	test_files_and_context();
}
