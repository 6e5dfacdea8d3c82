/*
 * test_yamlctx.c - YAML documents as context trees: scalar types, block
 * scalars, and refused input with its position.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "t.h"
#include "yaml/yamlctx.h"
#include "base/strbuf.h"
#include "base/diag.h"

static struct ctx *parse(const char *s, struct diags *d)
{
	return yamlctx_parse(s, strlen(s), "t.yaml", 0, d);
}

/* Parses `s`, expects failure with one diagnostic at line:col containing `msg`. */
static void check_error(const char *s, size_t len, int line0, int line, int col, const char *msg)
{
	struct diags d = DIAGS_INIT;
	struct ctx *v = yamlctx_parse(s, len, "t.yaml", line0, &d);

	CHECK(v == NULL);
	CHECK_INT(d.n, 1);
	if (d.n == 1) {
		CHECK_STR(d.v[0].file, "t.yaml");
		CHECK_INT(d.v[0].line, line);
		CHECK_INT(d.v[0].col, col);
		if (!strstr(d.v[0].msg, msg))
			CHECK_STR(d.v[0].msg, msg);
	}
	ctx_free(v);
	diags_release(&d);
}

static const struct ctx *get(const struct ctx *m, const char *k, enum ctx_type t)
{
	const struct ctx *v = ctx_get(m, k);
	if (!v || v->type != t) {
		fprintf(stderr, "key '%s': missing or type %d, want %d\n", k, v ? (int)v->type : -1,
			(int)t);
		return NULL;
	}
	return v;
}

static double elapsed(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_types(void)
{
	static const char doc[] =
		"i: 42\nneg: -7\nf: 1.210\ne: 1e3\nhalf: .5\nt: true\nT: True\nno: false\n"
		"n: null\ntilde: ~\nempty:\nqs: 'true'\nqn: \"12\"\nver: 1.2.3\nhex: 0x1F\n"
		"yes: yes\ndate: 2024-05-01\nstr: !!str 12\nplain: hello world\n";
	struct diags d = DIAGS_INIT;
	struct ctx *v = parse(doc, &d);
	const struct ctx *x;

	TEST("scalar types") {
		CHECK(v && v->type == CTX_MAP);
		if (!v)
			break;
		CHECK((x = get(v, "i", CTX_NUM)) && x->num == 42);
		CHECK((x = get(v, "neg", CTX_NUM)) && x->num == -7);
		CHECK((x = get(v, "f", CTX_NUM)) && x->num == 1.21);
		CHECK((x = get(v, "e", CTX_NUM)) && x->num == 1000);
		CHECK((x = get(v, "half", CTX_NUM)) && x->num == 0.5);
		CHECK((x = get(v, "t", CTX_BOOL)) && x->b == 1);
		CHECK((x = get(v, "T", CTX_BOOL)) && x->b == 1);
		CHECK((x = get(v, "no", CTX_BOOL)) && x->b == 0);
		CHECK(get(v, "n", CTX_NULL));
		CHECK(get(v, "tilde", CTX_NULL));
		CHECK(get(v, "empty", CTX_NULL));
		CHECK((x = get(v, "qs", CTX_STR)) && !strcmp(x->str, "true"));
		CHECK((x = get(v, "qn", CTX_STR)) && !strcmp(x->str, "12"));
		CHECK((x = get(v, "ver", CTX_STR)) && !strcmp(x->str, "1.2.3"));
		CHECK((x = get(v, "hex", CTX_STR)) && !strcmp(x->str, "0x1F"));
		CHECK((x = get(v, "yes", CTX_STR)) && !strcmp(x->str, "yes"));
		CHECK((x = get(v, "date", CTX_STR)) && !strcmp(x->str, "2024-05-01"));
		CHECK((x = get(v, "str", CTX_STR)) && !strcmp(x->str, "12"));
		CHECK((x = get(v, "plain", CTX_STR)) && !strcmp(x->str, "hello world"));
		CHECK_INT(v->n, 19);
		CHECK_STR(v->keys[0], "i");
		CHECK_STR(v->keys[18], "plain");
		CHECK_INT(d.n, 0);
	}
	ctx_free(v);
	diags_release(&d);
}

static void test_structure(void)
{
	struct diags d = DIAGS_INIT;
	struct ctx *v;

	TEST("nested flow and block collections") {
		v = parse("a: { b: [1, 'x', { c: ~ }] }\nl:\n  - 1\n  - - 2\n    - 3\n", &d);
		CHECK(v && v->type == CTX_MAP && v->n == 2);
		if (v) {
			const struct ctx *a = ctx_get(v, "a"), *b = ctx_get(a, "b");
			const struct ctx *l = ctx_get(v, "l");
			CHECK(b && b->type == CTX_LIST && b->n == 3);
			CHECK(b && b->n == 3 && b->items[2]->type == CTX_MAP &&
			      ctx_get(b->items[2], "c")->type == CTX_NULL);
			CHECK(l && l->n == 2 && l->items[1]->type == CTX_LIST &&
			      l->items[1]->n == 2 && l->items[1]->items[1]->num == 3);
		}
		ctx_free(v);
	}
	TEST("empty document and top-level scalars") {
		v = parse("", &d);
		CHECK(v && v->type == CTX_NULL);
		ctx_free(v);
		v = parse("# only a comment\n", &d);
		CHECK(v && v->type == CTX_NULL);
		ctx_free(v);
		v = parse("--- 85\n...\n", &d);
		CHECK(v && v->type == CTX_NUM && v->num == 85);
		ctx_free(v);
		v = parse("\"world\"", &d);
		CHECK(v && v->type == CTX_STR && !strcmp(v->str, "world"));
		ctx_free(v);
		CHECK_INT(d.n, 0);
	}
	TEST("block scalars") {
		v = parse("lit: |\n  a\n   b\n\n  c\nfold: >\n  one\n  two\n\n  three\n"
			  "strip: |-\n  x\n\nkeep: |+\n  y\n\nend: 1\n", &d);
		CHECK(v != NULL);
		CHECK_STR(ctx_get(v, "lit")->str, "a\n b\n\nc\n");
		CHECK_STR(ctx_get(v, "fold")->str, "one two\nthree\n");
		CHECK_STR(ctx_get(v, "strip")->str, "x");
		CHECK_STR(ctx_get(v, "keep")->str, "y\n\n");
		CHECK(ctx_get(v, "end")->type == CTX_NUM);
		ctx_free(v);
	}
	TEST("escapes and UTF-8 in quoted scalars") {
		v = parse("a: \"tab\\there \\u00e9\"\nb: 'it''s'\nc: caf\xc3\xa9\n", &d);
		CHECK(v != NULL);
		CHECK_STR(ctx_get(v, "a")->str, "tab\there \xc3\xa9");
		CHECK_STR(ctx_get(v, "b")->str, "it's");
		CHECK_STR(ctx_get(v, "c")->str, "caf\xc3\xa9");
		ctx_free(v);
	}
	diags_release(&d);
}

static void test_errors(void)
{
	struct strbuf sb = STRBUF_INIT;
	clock_t start;
	int i;

	TEST("alias") check_error("a: &x 1\nb: *x\n", 14, 0, 2, 4, "aliases");
	TEST("duplicate key") check_error("a: 1\nb:\n  c: 2\n  c: 3\n", 22, 0, 4, 3,
					  "duplicate key 'c'");
	TEST("duplicate key, line0") check_error("a: 1\na: 2\n", 10, 10, 12, 1,
						 "duplicate key 'a'");
	TEST("invalid UTF-8") check_error("a: ok\nb: x\xff\n", 11, 0, 2, 5, "invalid UTF-8");
	TEST("overlong UTF-8") check_error("a: \xc0\xaf\n", 6, 0, 1, 4, "invalid UTF-8");
	TEST("surrogate") check_error("a: \xed\xa0\x80\n", 7, 0, 1, 4, "invalid UTF-8");
	TEST("truncated UTF-8") check_error("a: \xe2\x82", 5, 0, 1, 4, "invalid UTF-8");
	TEST("two documents") check_error("a: 1\n---\nb: 2\n", 14, 0, 2, 1, "more than one");
	TEST("syntax error") check_error("a: [1, 2\nb: 3\n", 14, 0, 2, 2, "did not find expected");
	TEST("bad indentation") check_error("a:\n  b: 1\n c: 2\n", 16, 0, 3, 2, "");
	TEST("control character") check_error("a: x\nb: \x01\n", 10, 0, 2, 4, "control");
	TEST("NUL in a quoted scalar") check_error("a: \"x\\0y\"\n", 10, 0, 1, 4, "NUL");
	TEST("complex key") check_error("? [a]\n: 1\n", 10, 0, 1, 3, "key must be a scalar");

	TEST("depth 64 is fine, 65 is not") {
		struct diags d = DIAGS_INIT;
		struct ctx *v;
		for (i = 0; i < YAMLCTX_MAX_DEPTH; i++)
			strbuf_addc(&sb, '[');
		for (i = 0; i < YAMLCTX_MAX_DEPTH; i++)
			strbuf_addc(&sb, ']');
		v = yamlctx_parse(sb.buf, sb.len, "t.yaml", 0, &d);
		CHECK(v != NULL && d.n == 0);
		ctx_free(v);
		strbuf_reset(&sb);
		strbuf_adds(&sb, "x:\n");
		for (i = 0; i < YAMLCTX_MAX_DEPTH; i++)
			strbuf_adds(&sb, "- ");
		strbuf_adds(&sb, "1\n");
		check_error(sb.buf, sb.len, 0, 2, 2 * YAMLCTX_MAX_DEPTH - 1, "nesting deeper than 64");
		diags_release(&d);
	}
	TEST("depth 10,000, quickly") {
		strbuf_reset(&sb);
		for (i = 0; i < 10000; i++)
			strbuf_adds(&sb, "{a: [");
		start = clock();
		check_error(sb.buf, sb.len, 0, 1, 5 * (YAMLCTX_MAX_DEPTH / 2) + 1,
			    "nesting deeper than 64");
		CHECK(elapsed(start) < 1.0);
	}
	TEST("100,000 keys, quickly") {
		struct diags d = DIAGS_INIT;
		struct ctx *v;
		strbuf_reset(&sb);
		for (i = 0; i < 100000; i++)
			strbuf_addf(&sb, "k%d: %d\n", i, i);
		start = clock();
		v = yamlctx_parse(sb.buf, sb.len, "t.yaml", 0, &d);
		CHECK(v && v->n == 100000 && d.n == 0);
		CHECK(elapsed(start) < 2.0);
		ctx_free(v);
		strbuf_addf(&sb, "k77777: dup\n");
		check_error(sb.buf, sb.len, 0, 100001, 1, "duplicate key 'k77777'");
		diags_release(&d);
	}
	strbuf_release(&sb);
}

void run_tests(void)
{
	test_types();
	test_structure();
	test_errors();
}
