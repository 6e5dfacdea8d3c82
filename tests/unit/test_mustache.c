/*
 * test_mustache.c - the engine beyond the spec: Markdown escaping checked
 * by parsing the result with cmark-gfm, error positions, depth and work
 * limits, partial indentation, number formatting, template directories.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "markdown/markdown.h"
#include "brief/mustache.h"
#include "t.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"

struct partials {
	const char *const *kv; /* name, text, name, text, ..., NULL */
};

static int test_partial(void *ud, const char *name, const char **text, size_t *len,
			const char **file)
{
	const struct partials *p = ud;
	size_t i;

	for (i = 0; p->kv[i]; i += 2) {
		if (!strcmp(p->kv[i], name)) {
			*text = p->kv[i + 1];
			*len = strlen(*text);
			*file = p->kv[i];
			return 0;
		}
	}
	return -1;
}

/* Renders tmpl; returns the output (malloc'd) or NULL; diagnostics in *d. */
static char *render(const char *tmpl, const struct ctx *c, mustache_escape_fn esc,
		    const char *const *partials, int max_depth, struct diags *d)
{
	struct partials p = { partials };
	struct mustache_opts o = { esc, partials ? test_partial : NULL, &p, max_depth, 0 };
	struct strbuf out = STRBUF_INIT;

	if (mustache_render(tmpl, strlen(tmpl), "t.mustache", c, &o, &out, d)) {
		CHECK_INT(out.len, 0);
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

static void check_render(const char *tmpl, const struct ctx *c, const char *const *partials,
			 const char *want)
{
	struct diags d = DIAGS_INIT;
	char *got = render(tmpl, c, NULL, partials, 0, &d);

	CHECK_STR(got, want);
	diags_print(&d, stderr);
	free(got);
	diags_release(&d);
}

static void check_fails(const char *tmpl, const char *const *partials, int max_depth,
			const char *file, int line, int col, const char *msg)
{
	struct diags d = DIAGS_INIT;
	struct ctx *c = ctx_new_map();
	char *got;

	ctx_set_str(c, "x", "v");
	got = render(tmpl, c, NULL, partials, max_depth, &d);
	CHECK(got == NULL);
	CHECK_INT(d.n, 1);
	if (d.n == 1) {
		CHECK_STR(d.v[0].file, file);
		CHECK_INT(d.v[0].line, line);
		CHECK_INT(d.v[0].col, col);
		if (!strstr(d.v[0].msg, msg))
			CHECK_STR(d.v[0].msg, msg);
	}
	free(got);
	ctx_free(c);
	diags_release(&d);
}

/* The single text node under `parent` after merging adjacent text, or NULL. */
static cmark_node *only_text(cmark_node *parent)
{
	cmark_node *t = parent ? cmark_node_first_child(parent) : NULL;

	if (!t || cmark_node_next(t) || cmark_node_get_type(t) != CMARK_NODE_TEXT)
		return NULL;
	return t;
}

static const char *type_of(cmark_node *n)
{
	return n ? cmark_node_get_type_string(n) : "(none)";
}

/* What `value` should read as: line breaks and tabs are spaces. */
static char *flatten(const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	for (; *value; value++) {
		if (value[0] == '\r' && value[1] == '\n')
			continue;
		strbuf_addc(&sb, strchr("\r\n\t", *value) ? ' ' : *value);
	}
	return strbuf_detach(&sb, NULL);
}

/* `value` through {{x}} in a paragraph and in a table cell reads back as itself. */
static void check_markdown_literal_in(const char *value)
{
	static const char table[] = "| h | g |\n| --- | --- |\n| {{x}} | y |\n|{{x}}|{{x}}|\n";
	struct diags d = DIAGS_INIT;
	struct ctx *c = ctx_new_map();
	char *want = flatten(value), *md;
	struct markdown_doc *doc;
	cmark_node *n;
	int row, fails = t_cur_fail;

	ctx_set_str(c, "x", value);
	md = render("{{x}}", c, mustache_escape_markdown, NULL, 0, &d);
	doc = md ? markdown_parse(md, strlen(md), NULL) : NULL;
	CHECK(doc != NULL);
	if (doc) {
		n = cmark_node_first_child(doc->root);
		CHECK_STR(type_of(n), "paragraph");
		CHECK(n && !cmark_node_next(n));
		n = only_text(n);
		CHECK(n != NULL);
		CHECK_STR(n ? cmark_node_get_literal(n) : NULL, want);
		if (!n)
			fprintf(stderr, "  markdown: %s\n", md);
		markdown_doc_free(doc);
	}
	free(md);

	md = render(table, c, mustache_escape_markdown, NULL, 0, &d);
	doc = md ? markdown_parse(md, strlen(md), NULL) : NULL;
	CHECK(doc != NULL);
	if (doc) {
		n = cmark_node_first_child(doc->root);
		CHECK_STR(type_of(n), "table");
		CHECK(n && !cmark_node_next(n));
		n = n ? cmark_node_first_child(n) : NULL; /* header row */
		for (row = 0; row < 2; row++) {
			cmark_node *cell, *t;
			int ncells = 0;
			n = n ? cmark_node_next(n) : NULL;
			CHECK_STR(type_of(n), "table_row");
			for (cell = n ? cmark_node_first_child(n) : NULL; cell;
			     cell = cmark_node_next(cell))
				ncells++;
			CHECK_INT(ncells, 2);
			cell = n ? cmark_node_first_child(n) : NULL;
			t = only_text(cell);
			CHECK_STR(t ? cmark_node_get_literal(t) : NULL, want);
			if (row == 1) {
				cell = cell ? cmark_node_next(cell) : NULL;
				t = only_text(cell);
				CHECK_STR(t ? cmark_node_get_literal(t) : NULL, want);
			}
		}
		if (t_cur_fail > fails)
			fprintf(stderr, "  markdown: %s\n", md);
		markdown_doc_free(doc);
	}
	free(md);
	free(want);
	ctx_free(c);
	diags_release(&d);
}

static void check_markdown_literal(const char *value)
{
	TEST(value)
		check_markdown_literal_in(value);
}

static void test_markdown_escape(void)
{
	static const char *const hostile[] = {
		"*Acme_|", "<script>alert(1)</script>", "[x](javascript:alert(1))", "`a`",
		"# h", "1. x", "2) y", "- x", "+ x", "> quote", "a|b", "&amp;", "&copy; &#65;",
		"\\", "a\\", "\\|", "a\\\\b", "~~gone~~", "***", "---", "===", "[ ] task",
		"[^note]", "![img](http://x/y.png)", "http://example.com/a_b",
		"www.example.com", "a@b", "<http://x.y>", "**bold** __b__",
		"x<br>y", "line one\nline two", "cr\r\nlf", "tab\there", "  lead and trail  ",
		"    indented code", "a  \nb", "{{not a tag}}", "$x^2$ @user #1 %d ;,.?",
		"caf\xc3\xa9 \xe2\x86\x92 Rust", "Go \xe2\x86\x92 Rust | C++",
		"1\\. escaped already", "<!-- c -->", "[link]: http://x", "| a | b |", "",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hostile); i++) {
		if (!*hostile[i])
			continue;
		check_markdown_literal(hostile[i]);
	}
	TEST("quotes in a value are left to smart punctuation") {
		struct diags d = DIAGS_INIT;
		struct ctx *c = ctx_new_map();
		struct markdown_doc *doc;
		cmark_node *n;
		char *md;

		ctx_set_str(c, "x", "\"quoted\" 'single' it's");
		md = render("{{x}}", c, mustache_escape_markdown, NULL, 0, &d);
		doc = md ? markdown_parse(md, strlen(md), NULL) : NULL;
		n = doc ? only_text(cmark_node_first_child(doc->root)) : NULL;
		CHECK_STR(n ? cmark_node_get_literal(n) : NULL,
			  "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x98single\xe2\x80\x99 it\xe2\x80\x99s");
		markdown_doc_free(doc);
		free(md);
		ctx_free(c);
		diags_release(&d);
	}
	TEST("known gap: e-mail addresses become mailto links, with the same text") {
		static const char value[] = "mail a.b@example.com now";
		struct diags d = DIAGS_INIT;
		struct ctx *c = ctx_new_map();
		struct strbuf text = STRBUF_INIT;
		cmark_iter *it;
		struct markdown_doc *doc;
		char *md;

		ctx_set_str(c, "x", value);
		md = render("{{x}}", c, mustache_escape_markdown, NULL, 0, &d);
		doc = md ? markdown_parse(md, strlen(md), NULL) : NULL;
		CHECK(doc != NULL);
		it = doc ? cmark_iter_new(doc->root) : NULL;
		while (it && cmark_iter_next(it) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			if (cmark_iter_get_event_type(it) == CMARK_EVENT_ENTER &&
			    cmark_node_get_type(n) == CMARK_NODE_TEXT)
				strbuf_adds(&text, cmark_node_get_literal(n));
		}
		CHECK_STR(text.buf, value);
		if (it)
			cmark_iter_free(it);
		markdown_doc_free(doc);
		free(md);
		strbuf_release(&text);
		ctx_free(c);
		diags_release(&d);
	}
	TEST("markdown escape output") {
		struct strbuf sb = STRBUF_INIT;
		mustache_escape_markdown(&sb, "a*b\\ c", 6);
		CHECK_STR(sb.buf, "a\\*b&#92; c");
		strbuf_reset(&sb);
		mustache_escape_markdown(&sb, " x\n", 3);
		CHECK_STR(sb.buf, "&#32;x&#32;");
		strbuf_release(&sb);
	}
	TEST("triple mustache is not escaped") {
		struct diags d = DIAGS_INIT;
		struct ctx *c = ctx_new_map();
		char *got;
		ctx_set_str(c, "x", "*em*");
		got = render("{{{x}}} {{&x}} {{x}}", c, mustache_escape_markdown, NULL, 0, &d);
		CHECK_STR(got, "*em* *em* \\*em\\*");
		free(got);
		ctx_free(c);
		diags_release(&d);
	}
}

static void test_errors(void)
{
	static const char *const bad_partial[] = { "p", "ok\n{{#open}}\n", NULL };
	static const char *const self[] = { "r", "{{>r}}", NULL };
	static const char *const pair[] = { "a", "x{{>b}}", "b", "\n  {{>a}}", NULL };

	TEST("unclosed section") check_fails("a\n  {{#sec}}\nb", NULL, 0, "t.mustache", 3, 2,
					     "unclosed section 'sec' opened at 2:3");
	TEST("unexpected close") check_fails("x {{/y}}", NULL, 0, "t.mustache", 1, 3,
					     "unexpected close 'y'");
	TEST("mismatched close") check_fails("{{#a}}\n {{/b}}", NULL, 0, "t.mustache", 2, 2,
					     "unexpected close 'b' (section 'a' opened at 1:1");
	TEST("unclosed tag") check_fails("ab\ncd {{name", NULL, 0, "t.mustache", 2, 4,
					 "unclosed tag");
	TEST("unclosed triple") check_fails("{{{name}}", NULL, 0, "t.mustache", 1, 1,
					    "unclosed tag");
	TEST("bad delimiters") check_fails("\n{{=<% %> x=}}", NULL, 0, "t.mustache", 2, 1,
					   "bad delimiters");
	TEST("one delimiter") check_fails("{{=<%=}}", NULL, 0, "t.mustache", 1, 1,
					  "bad delimiters");
	TEST("custom delimiters, error position") check_fails("{{=<% %>=}}\n\xc3\xa9 <%#a%>",
							      NULL, 0, "t.mustache", 2, 9,
							      "unclosed section 'a' opened at 2:3");
	TEST("bad name") check_fails("{{a b}}", NULL, 0, "t.mustache", 1, 1, "bad tag name 'a b'");
	TEST("bad dotted name") check_fails("{{a..b}}", NULL, 0, "t.mustache", 1, 1, "bad tag name");
	TEST("NUL in a name") {
		struct diags d = DIAGS_INIT;
		struct mustache_opts o = { NULL, NULL, NULL, 0, 0 };
		struct strbuf out = STRBUF_INIT;
		struct ctx *c = ctx_new_map();
		ctx_set_str(c, "a", "A");
		CHECK_INT(mustache_render("x{{a\0b}}", 9, "f", c, &o, &out, &d), -1);
		CHECK(d.n == 1 && strstr(d.v[0].msg, "bad tag name"));
		CHECK_INT(mustache_render("x\0{{a}}", 7, "f", c, &o, &out, &d), 0);
		CHECK_INT(out.len, 3);
		CHECK(!memcmp(out.buf, "x\0A", 3));
		strbuf_release(&out);
		ctx_free(c);
		diags_release(&d);
	}
	TEST("empty tag") check_fails("x{{ }}", NULL, 0, "t.mustache", 1, 2, "empty tag");
	TEST("error inside a partial") check_fails("{{>p}}", bad_partial, 0, "p", 3, 1,
						   "unclosed section 'open' opened at 2:1");
	TEST("recursive partial") check_fails("{{>r}}", self, 0, "r", 1, 1,
					      "nested deeper than 100 levels");
	TEST("mutually recursive partials") check_fails("{{>a}}", pair, 7, "a", 1, 2,
							"nested deeper than 7 levels");
	TEST("static nesting over the limit") check_fails("{{#a}}{{#a}}{{#a}}{{/a}}{{/a}}{{/a}}",
							  NULL, 2, "t.mustache", 1, 13,
							  "nested deeper than 2");
}

static void test_limits(void)
{
	static const char *const bomb[] = {
		"a", "{{>b}}{{>b}}{{>b}}{{>b}}{{>b}}{{>b}}{{>b}}{{>b}}{{>b}}{{>b}}",
		"b", "{{>c}}{{>c}}{{>c}}{{>c}}{{>c}}{{>c}}{{>c}}{{>c}}{{>c}}{{>c}}",
		"c", "{{>d}}{{>d}}{{>d}}{{>d}}{{>d}}{{>d}}{{>d}}{{>d}}{{>d}}{{>d}}",
		"d", "{{>e}}{{>e}}{{>e}}{{>e}}{{>e}}{{>e}}{{>e}}{{>e}}{{>e}}{{>e}}",
		"e", "{{>f}}{{>f}}{{>f}}{{>f}}{{>f}}{{>f}}{{>f}}{{>f}}{{>f}}{{>f}}",
		"f", "{{>g}}{{>g}}{{>g}}{{>g}}{{>g}}{{>g}}{{>g}}{{>g}}{{>g}}{{>g}}",
		"g", "{{>h}}{{>h}}{{>h}}{{>h}}{{>h}}{{>h}}{{>h}}{{>h}}{{>h}}{{>h}}",
		"h", "{{>i}}{{>i}}{{>i}}{{>i}}{{>i}}{{>i}}{{>i}}{{>i}}{{>i}}{{>i}}",
		"i", "{{x}}{{x}}{{x}}{{x}}{{x}}{{x}}{{x}}{{x}}{{x}}{{x}}", NULL,
	};
	struct diags d = DIAGS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct ctx *c = ctx_new_map(), *list;
	clock_t start;
	char *got;
	int i;

	TEST("exponential partials stop") {
		ctx_set_str(c, "x", "");
		start = clock();
		got = render("{{>a}}", c, NULL, bomb, 0, &d);
		CHECK(got == NULL);
		CHECK(d.n == 1 && strstr(d.v[0].msg, "steps"));
		CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 10);
		free(got);
		diags_release(&d);
	}
	TEST("exponential output stops") {
		ctx_set_str(c, "x", "0123456789abcdef0123456789abcdef0123456789abcdef");
		got = render("{{>a}}", c, NULL, bomb, 0, &d);
		CHECK(got == NULL);
		CHECK(d.n == 1 && strstr(d.v[0].msg, "larger than"));
		free(got);
		diags_release(&d);
	}
	TEST("long templates and lists are linear") {
		for (i = 0; i < 200000; i++)
			strbuf_adds(&sb, "{{#l}}{{.}}{{/l}} ");
		list = ctx_set(c, "l", ctx_new_list());
		for (i = 0; i < 3; i++)
			ctx_push(list, ctx_new_num(i));
		start = clock();
		got = render(sb.buf, c, NULL, NULL, 0, &d);
		CHECK(got && strlen(got) == 200000 * 4);
		CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 5);
		free(got);
		strbuf_reset(&sb);
		for (i = 0; i < 100000; i++)
			strbuf_adds(&sb, "{{");
		got = render(sb.buf, c, NULL, NULL, 0, &d);
		CHECK(got == NULL);
		free(got);
		diags_release(&d);
	}
	TEST("data-driven recursion within the limit") {
		static const char *const node[] = { "node", "{{v}}({{#kids}}{{>node}}{{/kids}})", NULL };
		struct ctx *root = ctx_new_map(), *cur = root;
		for (i = 0; i < 30; i++) {
			ctx_set_num(cur, "v", i);
			cur = ctx_push(ctx_set(cur, "kids", ctx_new_list()), ctx_new_map());
		}
		/* without its own "kids", the leaf would find its parent's: endless */
		ctx_set(cur, "kids", ctx_new_list());
		got = render("{{>node}}", root, NULL, node, 0, &d);
		CHECK(got != NULL);
		CHECK(got && !strncmp(got, "0(1(2(3(", 8));
		free(got);
		got = render("{{>node}}", root, NULL, node, 20, &d);
		CHECK(got == NULL);
		free(got);
		ctx_free(root);
		diags_release(&d);
	}
	ctx_free(c);
	strbuf_release(&sb);
}

static void test_rendering(void)
{
	static const char *const parts[] = {
		"item", "- {{name}}\n{{#sub}}\n  {{>item}}\n{{/sub}}\n",
		"para", "one\n\ntwo {{>inline}}\n", "inline", "[{{x}}]\nnext\n", NULL,
	};
	struct ctx *c = ctx_new_map(), *l, *m;

	ctx_set_num(c, "int", 85);
	ctx_set_num(c, "neg", -3);
	ctx_set_num(c, "dec", 1.21);
	ctx_set_num(c, "sum", 0.1 + 0.2);
	ctx_set_num(c, "big", 1e20);
	ctx_set_num(c, "tiny", 1.5e-7);
	ctx_set_bool(c, "t", 1);
	ctx_set_str(c, "x", "X");
	TEST("numbers and booleans") check_render(
		"{{int}} {{neg}} {{dec}} {{sum}} {{big}} {{tiny}} {{t}}", c, NULL,
		"85 -3 1.21 0.30000000000000004 1e+20 1.5e-07 true");
	TEST("context stack and dotted names") {
		m = ctx_set(c, "a", ctx_new_map());
		ctx_set_str(ctx_set(m, "b", ctx_new_map()), "name", "inner");
		ctx_set_str(m, "x", "ax");
		check_render("{{#a}}{{x}} {{b.name}} {{int}}{{/a}} {{a.b.name}} {{a.missing.name}}|",
			     c, NULL, "ax inner 85 inner |");
	}
	TEST("nested partial indentation") {
		l = ctx_set(c, "sub", ctx_new_list());
		m = ctx_push(l, ctx_new_map());
		ctx_set_str(m, "name", "child");
		ctx_set(m, "sub", ctx_new_list());
		ctx_set_str(c, "name", "top");
		check_render("list:\n  {{>item}}\nend\n", c, parts,
			     "list:\n  - top\n    - child\nend\n");
		check_render("> {{>para}}", c, parts, "> one\n\ntwo [X]\nnext\n\n");
		check_render("  {{>para}}", c, parts, "  one\n\n  two [X]\nnext\n\n");
	}
	TEST("a map over a shared one: its own keys first, then the shared map's") {
		struct ctx *shared = ctx_new_map(), *list = ctx_set(c, "over", ctx_new_list());
		ctx_set_str(shared, "name", "s");
		ctx_set_bool(shared, "last", 0);
		ctx_set_bool(ctx_push(list, ctx_new_over(shared)), "last", 0);
		ctx_set_bool(ctx_push(list, ctx_new_over(shared)), "last", 1);
		ctx_free(shared); /* the list's two maps keep it */
		CHECK_INT(list->items[1]->base->owners, 1);
		CHECK(ctx_get(list->items[0], "name") != NULL);
		CHECK(ctx_get(list->items[0], "nope") == NULL);
		check_render("{{#over}}{{name}}{{#last}}!{{/last}}{{int}},{{/over}}", c, NULL,
			     "s85,s!85,");
	}
	TEST("missing partials and no partial function render empty") {
		check_render("[{{>nope}}]", c, parts, "[]");
		check_render("[{{>item}}]", c, NULL, "[]");
	}
	TEST("strict partials: a rendered missing partial is an error at its tag") {
		struct partials p = { parts };
		struct mustache_opts o = { NULL, test_partial, &p, 0, 1 };
		struct strbuf out = STRBUF_INIT;
		struct diags d = DIAGS_INIT;
		const char *t1 = "a\n {{>nope}}", *t2 = "{{#no}}{{>nope}}{{/no}}{{>item}}";
		CHECK_INT(mustache_render(t1, strlen(t1), "t", c, &o, &out, &d), -1);
		CHECK_INT(d.n, 1);
		if (d.n) {
			CHECK_INT(d.v[0].line, 2);
			CHECK_INT(d.v[0].col, 2);
			CHECK_STR(d.v[0].msg, "no such partial 'nope'");
		}
		diags_release(&d);
		/* not rendered, not looked up; found ones render as usual */
		strbuf_reset(&out);
		CHECK_INT(mustache_render(t2, strlen(t2), "t", c, &o, &out, &d), 0);
		CHECK_INT(d.n, 0);
		strbuf_release(&out);
		diags_release(&d);
	}
	TEST("appends to the buffer, and restores it on error") {
		struct mustache_opts o = { NULL, NULL, NULL, 0, 0 };
		struct strbuf out = STRBUF_INIT;
		struct diags d = DIAGS_INIT;
		strbuf_adds(&out, "keep:");
		CHECK_INT(mustache_render("{{x}}", 5, "f", c, &o, &out, &d), 0);
		CHECK_INT(mustache_render("{{x}}{{#y}}", 11, "f", c, &o, &out, &d), -1);
		CHECK_STR(out.buf, "keep:X");
		CHECK_INT(mustache_render("<{{x}}", 6, "f", c, NULL, &out, &d), 0);
		CHECK_STR(out.buf, "keep:X<X");
		strbuf_release(&out);
		diags_release(&d);
	}
	ctx_free(c);
}

static void write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(s, f);
		CHECK(fclose(f) == 0);
	}
}

static void test_dir(void)
{
	char tmpl[] = "/tmp/mustache-test-XXXXXX";
	char *dir = mkdtemp(tmpl);
	struct strbuf p = STRBUF_INIT;
	struct mustache_dir *d;
	struct mustache_opts o = { mustache_escape_none, mustache_dir_partial, NULL, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	struct diags dg = DIAGS_INIT;
	const char *text, *file;
	size_t len;

	TEST("template directory") {
		CHECK(dir != NULL);
		if (!dir)
			break;
		strbuf_addf(&p, "%s/brief.md.mustache", dir);
		write_str(p.buf, "# {{>title}}\n");
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/title.mustache", dir);
		write_str(p.buf, "Hello {{#x}}");
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/notes.txt", dir);
		write_str(p.buf, "not a template");
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/sub.mustache", dir);
		CHECK(mkdir(p.buf, 0700) == 0);

		d = mustache_dir_load(dir);
		CHECK(d != NULL);
		CHECK(mustache_dir_get(d, "notes", &text, &len, &file) == -1);
		CHECK(mustache_dir_get(d, "sub", &text, &len, &file) == -1);
		CHECK(mustache_dir_get(d, "brief.md", &text, &len, &file) == 0);
		o.partial_ud = d;
		if (d && mustache_dir_get(d, "brief.md", &text, &len, &file) == 0) {
			CHECK_INT(len, 13);
			CHECK(mustache_render(text, len, file, NULL, &o, &out, &dg) == -1);
			CHECK(dg.n == 1 && str_ends_with(dg.v[0].file, "/title.mustache") &&
			      dg.v[0].line == 1 && dg.v[0].col == 13);
		}
		mustache_dir_free(d);
		CHECK(mustache_dir_load("/nonexistent/templates") == NULL);

		strbuf_reset(&p);
		strbuf_addf(&p, "rm -rf '%s'", dir);
		CHECK(system(p.buf) == 0);
	}
	strbuf_release(&p);
	strbuf_release(&out);
	diags_release(&dg);
}

void run_tests(void)
{
	markdown_init();
	test_markdown_escape();
	test_errors();
	test_limits();
	test_rendering();
	test_dir();
}
