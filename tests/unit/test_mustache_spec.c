/*
 * test_mustache_spec.c - runs every example of the Mustache spec files in
 * $TESTS_DIR/spec/mustache (default tests) with HTML escaping. The files
 * are read through the YAML front end (yaml/doc.h) and turned into
 * contexts by ctx_from_yaml.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "brief/context_yaml.h"
#include "brief/mustache.h"
#include "t.h"
#include "yaml/doc.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"

/* The `partials` map of one example as a mustache_partial_fn. */
static int spec_partial(void *ud, const char *name, const char **text, size_t *len,
			const char **file)
{
	const struct ctx *v = ctx_get(ud, name);

	if (!v || v->type != CTX_STR)
		return -1;
	*text = v->str;
	*len = strlen(v->str);
	*file = name;
	return 0;
}

static int run_example(const char *file, const struct ctx *ex)
{
	const struct ctx *name = ctx_get(ex, "name"), *tmpl = ctx_get(ex, "template");
	const struct ctx *want = ctx_get(ex, "expected");
	struct mustache_opts opts = { mustache_escape_html, spec_partial, NULL, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	int ok;

	opts.partial_ud = (void *)ctx_get(ex, "partials");
	if (!name || name->type != CTX_STR || !tmpl || tmpl->type != CTX_STR ||
	    !want || want->type != CTX_STR) {
		fprintf(stderr, "%s: malformed example\n", file);
		return 0;
	}
	ok = !mustache_render(tmpl->str, strlen(tmpl->str), name->str, ctx_get(ex, "data"),
			      &opts, &out, &d) && !strcmp(out.buf, want->str);
	if (!ok) {
		fprintf(stderr, "FAIL %s: %s\n  template: [%s]\n  got:      [%s]\n  want:     [%s]\n",
			file, name->str, tmpl->str, out.buf, want->str);
		diags_print(&d, stderr);
	}
	strbuf_release(&out);
	diags_release(&d);
	return ok;
}

static void run_file(const char *dir, const char *base)
{
	struct strbuf path = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct ydoc ydoc = YDOC_INIT;
	struct yreport r;
	struct ctx *doc = NULL;
	const struct ctx *tests;
	size_t i, pass = 0;

	strbuf_addf(&path, "%s/%s", dir, base);
	yreport_init(&r, &d, path.buf);
	CHECK(ydoc_load(&ydoc, path.buf, &r) == 0);
	CHECK_INT(d.n, 0);
	diags_print(&d, stderr);
	if (d.n)
		goto out;
	doc = ctx_from_yaml(ydoc.root);
	tests = ctx_get(doc, "tests");
	CHECK(tests && tests->type == CTX_LIST && tests->n > 0);
	if (!tests || tests->type != CTX_LIST)
		goto out;
	for (i = 0; i < tests->n; i++) {
		int ok = run_example(base, tests->items[i]);
		CHECK(ok);
		pass += ok;
	}
	printf("%s: %zu/%zu passed\n", base, pass, tests->n);
out:
	ctx_free(doc);
	ydoc_release(&ydoc);
	diags_release(&d);
	strbuf_release(&path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void run_tests(void)
{
	static const char *const required[] = { "comments.yml", "delimiters.yml",
		"interpolation.yml", "inverted.yml", "partials.yml", "sections.yml" };
	const char *tests = getenv("TESTS_DIR");
	struct strbuf dir = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, alloc = 0, i, j;
	struct dirent *e;
	DIR *dh;

	strbuf_addf(&dir, "%s/spec/mustache", tests && *tests ? tests : "tests");
	dh = opendir(dir.buf);
	TEST("spec directory") CHECK(dh != NULL);
	if (!dh) {
		fprintf(stderr, "cannot open %s\n", dir.buf);
		goto out;
	}
	while ((e = readdir(dh))) {
		if (e->d_name[0] != '.' && str_ends_with(e->d_name, ".yml")) {
			ALLOC_GROW(names, n + 1, alloc);
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(dh);
	qsort(names, n, sizeof(*names), cmp_str);
	TEST("every spec file is there") {
		for (i = 0; i < ARRAY_SIZE(required); i++) {
			for (j = 0; j < n && strcmp(names[j], required[i]); j++)
				;
			CHECK(j < n);
		}
	}
	for (i = 0; i < n; i++)
		TEST(names[i]) run_file(dir.buf, names[i]);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&dir);
}
