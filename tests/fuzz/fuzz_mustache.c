/*
 * fuzz_mustache.c - libFuzzer harness for the template engine and the
 * YAML context reader.
 *
 * Input: parts separated by NUL bytes: the template, then a YAML document
 * (the context, read by the YAML front end and ctx_from_yaml), then any
 * number of partials,
 * each "NAME\nBODY". An input with no NUL is a template alone, rendered
 * with a small fixed context, so template files are usable seeds as they
 * are. Each input is rendered twice: with the Markdown escaper and the
 * partials, and with the HTML escaper, no partials and a shallow nesting
 * limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "brief/context.h"
#include "brief/context_yaml.h"
#include "brief/mustache.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "yaml/doc.h"

#define MAX_PARTIALS 8

struct partials {
	const char *name[MAX_PARTIALS];
	size_t name_len[MAX_PARTIALS];
	const char *body[MAX_PARTIALS];
	size_t body_len[MAX_PARTIALS];
	int n;
};

static const char default_ctx[] =
	"title: A *brief* <b>\n"
	"n: 3\nok: true\nnone: ~\n"
	"list: [a, 'b|c', {x: 1}]\n"
	"cases:\n  - {company: Acme, year: 2020, tags: [{id: x, label: X}]}\n"
	"  - {company: 'Q & A', year: 2021, tags: []}\n"
	"nested: {a: {b: {c: deep}}}\n";

static int get_partial(void *ud, const char *name, const char **text,
		       size_t *len, const char **file)
{
	const struct partials *p = ud;
	size_t n = strlen(name);
	int i;

	for (i = 0; i < p->n; i++) {
		if (p->name_len[i] == n && !memcmp(p->name[i], name, n)) {
			*text = p->body[i];
			*len = p->body_len[i];
			*file = "partial.mustache";
			return 0;
		}
	}
	return -1;
}

static void add_partial(struct partials *p, const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);

	if (p->n >= MAX_PARTIALS)
		return;
	p->name[p->n] = s;
	p->name_len[p->n] = nl ? (size_t)(nl - s) : len;
	p->body[p->n] = nl ? nl + 1 : s + len;
	p->body_len[p->n] = nl ? len - (size_t)(nl - s) - 1 : 0;
	p->n++;
}

/* The context a YAML text describes (a map when the text is refused). */
static struct ctx *context_of(const char *yaml, size_t len)
{
	struct diags dg = DIAGS_INIT;
	struct ydoc doc = YDOC_INIT;
	struct yreport r;
	struct ctx *c;

	yreport_init(&r, &dg, "ctx.yaml");
	c = ydoc_parse(&doc, yaml, len, &r) ? ctx_new_map() : ctx_from_yaml(doc.root);
	ydoc_release(&doc);
	diags_release(&dg);
	return c;
}

static void render(const char *tmpl, size_t len, const struct ctx *c,
		   const struct mustache_opts *o)
{
	struct strbuf out = STRBUF_INIT;
	struct diags dg = DIAGS_INIT;

	mustache_render(tmpl, len, "t.mustache", c, o, &out, &dg);
	diags_sort(&dg);
	diags_release(&dg);
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	const char *tmpl = s, *cur;
	size_t tmpl_len;
	struct partials parts;
	struct ctx *c = NULL;
	struct mustache_opts o;
	char *yaml;

	memset(&parts, 0, sizeof(parts));
	cur = memchr(s, 0, size);
	tmpl_len = cur ? (size_t)(cur - s) : size;
	if (cur) {
		const char *ye = memchr(cur + 1, 0, (size_t)(end - cur - 1));
		size_t ylen = ye ? (size_t)(ye - cur - 1) : (size_t)(end - cur - 1);

		/* A copy, so that nothing can read past the YAML part. */
		yaml = xstrndup(cur + 1, ylen);
		c = context_of(yaml, ylen);
		free(yaml);
		cur = ye;
		while (cur && cur < end) {
			const char *pe = memchr(cur + 1, 0, (size_t)(end - cur - 1));
			add_partial(&parts, cur + 1, (pe ? pe : end) - cur - 1);
			cur = pe;
		}
	} else {
		c = context_of(default_ctx, sizeof(default_ctx) - 1);
	}

	memset(&o, 0, sizeof(o));
	o.escape = mustache_escape_markdown;
	o.partial = get_partial;
	o.partial_ud = &parts;
	render(tmpl, tmpl_len, c, &o);

	memset(&o, 0, sizeof(o));
	o.escape = mustache_escape_html;
	o.max_depth = 5;
	render(tmpl, tmpl_len, c, &o);

	ctx_free(c);
	return 0;
}
