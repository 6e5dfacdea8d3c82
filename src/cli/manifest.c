/*
 * manifest.c - read and validate a build manifest (see manifest.h).
 *
 * The file is parsed once with yamlctx_parse; the validator walks the tree
 * with a yamlpos path, which finds the line and column of a problem only
 * when there is one. A job's style overrides are written back out as YAML,
 * one scalar per line, and checked by pdf_style_load_text; each of its
 * diagnostics is moved to the manifest position of the key on that line.
 */
#include "cli/manifest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/style.h"
#include "yaml/yamlctx.h"
#include "yaml/yamlpos.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"
#include "base/file.h"

static const char *const job_keys[] = { "audience", "output", "formats", "filters", "style", NULL };
static const char *const filter_keys[] = { "tag", "kind", "org_size", "lang", "since", "until", NULL };
static const char *const format_names[] = { "pdf", "md", NULL };

struct mctx {
	const struct dataset *ds;
	struct yamlpos p;
	struct diags *d;
	const char *file;
	size_t warned;  /* style warnings placed */
};

/*
 * Each positioned message scans the document again, so a hostile file
 * with thousands of mistakes would take quadratic time: after
 * MANIFEST_MAX_ERRORS messages the rest of the file is not checked.
 */
static int S_full(const struct mctx *mc)
{
	return mc->p.nerrors + mc->warned >= MANIFEST_MAX_ERRORS;
}

static const char *S_type_name(const struct ctx *v)
{
	switch (v->type) {
	case CTX_NULL: return "nothing";
	case CTX_BOOL: return "a boolean";
	case CTX_NUM: return "a number";
	case CTX_STR: return "a string";
	case CTX_LIST: return "a list";
	case CTX_MAP: return "a map";
	}
	return "a value";
}

static void S_unknown(struct mctx *mc, const char *what, const char *got,
		      const char *const *names, size_t n)
{
	const char *best = yamlpos_closest(got, names, n, 2);

	if (best)
		yamlpos_error(&mc->p, 0, "unknown %s '%s' (did you mean '%s'?)", what, got, best);
	else
		yamlpos_error(&mc->p, 0, "unknown %s '%s'", what, got);
}

/* ---- filters ------------------------------------------------------------ */

static int S_is_known_tag(const struct dataset *ds, const char *id, const char **hint)
{
	const char **names;
	size_t i;

	*hint = NULL;
	if (dataset_find_tag(ds, id))
		return 1;
	names = xcalloc(ds->ntags ? ds->ntags : 1, sizeof(*names));
	for (i = 0; i < ds->ntags; i++)
		names[i] = ds->tags[i].id;
	*hint = yamlpos_closest(id, names, ds->ntags, 2);
	free(names);
	return 0;
}

/* One value of a list filter; `key` says which. */
static void S_filter_value(struct mctx *mc, const char *key, const struct ctx *v,
			   struct strlist *out)
{
	const char *s, *hint;

	if (v->type != CTX_STR || !*v->str) {
		yamlpos_error(&mc->p, 0, "%s: want a non-empty string, not %s", key,
			      v->type == CTX_STR ? "an empty one" : S_type_name(v));
		return;
	}
	s = v->str;
	if (!strcmp(key, "tag")) {
		if (!is_valid_id(s)) {
			yamlpos_error(&mc->p, 0, "tag '%s': tag ids are [a-z0-9-]+", s);
			return;
		}
		if (!S_is_known_tag(mc->ds, s, &hint)) {
			if (hint)
				yamlpos_error(&mc->p, 0, "unknown tag '%s' (did you mean '%s'?)", s, hint);
			else
				yamlpos_error(&mc->p, 0, "unknown tag '%s' (see 'casebrief list tags')", s);
			return;
		}
	} else if (!strcmp(key, "kind")) {
		if (enum_lookup(case_kind_names, KIND__COUNT, s) < 0) {
			S_unknown(mc, "kind", s, case_kind_names, KIND__COUNT);
			return;
		}
	} else if (!strcmp(key, "org_size")) {
		if (enum_lookup(org_size_names, ORG__COUNT, s) < 0) {
			S_unknown(mc, "org_size", s, org_size_names, ORG__COUNT);
			return;
		}
	}
	if (!strlist_has(out, s))
		strlist_push(out, s);
}

static void S_filter_list(struct mctx *mc, const char *key, const struct ctx *v,
			  struct strlist *out)
{
	size_t i;

	if (v->type != CTX_LIST) {
		S_filter_value(mc, key, v, out);
		return;
	}
	if (!v->n)
		yamlpos_error(&mc->p, 0, "%s: an empty list; leave the key out instead", key);
	for (i = 0; i < v->n && !S_full(mc); i++) {
		yamlpos_push_index(&mc->p, i);
		S_filter_value(mc, key, v->items[i], out);
		yamlpos_pop(&mc->p);
	}
}

static int S_year(struct mctx *mc, const char *key, const struct ctx *v)
{
	if (v->type != CTX_NUM || v->num != floor(v->num) || v->num < 1 || v->num > 9999) {
		yamlpos_error(&mc->p, 0, "%s: want a year such as 2020, not %s", key,
			      v->type == CTX_NUM ? "that number" : S_type_name(v));
		return 0;
	}
	return (int)v->num;
}

static void S_filters(struct mctx *mc, const struct ctx *v, struct filters *f)
{
	size_t i;

	if (v->type != CTX_MAP) {
		yamlpos_error(&mc->p, 0, "filters: want a map (tag, kind, org_size, lang, since, until), not %s",
			      S_type_name(v));
		return;
	}
	for (i = 0; i < v->n && !S_full(mc); i++) {
		const char *k = v->keys[i];
		const struct ctx *x = v->items[i];
		switch (yamlpos_push_known(&mc->p, k, "filters", filter_keys)) {
		case 0: S_filter_list(mc, k, x, &f->tags); break;
		case 1: S_filter_list(mc, k, x, &f->kinds); break;
		case 2: S_filter_list(mc, k, x, &f->org_sizes); break;
		case 3: S_filter_list(mc, k, x, &f->langs); break;
		case 4: f->since = S_year(mc, k, x); break;
		case 5: f->until = S_year(mc, k, x); break;
		}
		yamlpos_pop(&mc->p);
	}
	if (f->since && f->until && f->since > f->until) {
		yamlpos_push_key(&mc->p, "since");
		yamlpos_error(&mc->p, 0, "since %d is after until %d", f->since, f->until);
		yamlpos_pop(&mc->p);
	}
}

/* ---- formats ------------------------------------------------------------ */

static void S_formats(struct mctx *mc, const struct ctx *v, struct manifest_job *j)
{
	size_t i;

	j->fmt_pdf = j->fmt_md = 0;
	if (v->type != CTX_LIST || !v->n) {
		yamlpos_error(&mc->p, 0, "formats: want a list such as [pdf, md], not %s",
			      v->type == CTX_LIST ? "an empty list" : S_type_name(v));
		return;
	}
	for (i = 0; i < v->n && !S_full(mc); i++) {
		const struct ctx *x = v->items[i];
		yamlpos_push_index(&mc->p, i);
		if (x->type == CTX_STR && !strcmp(x->str, "pdf"))
			j->fmt_pdf = 1;
		else if (x->type == CTX_STR && !strcmp(x->str, "md"))
			j->fmt_md = 1;
		else if (x->type == CTX_STR)
			S_unknown(mc, "format", x->str, format_names, 2);
		else
			yamlpos_error(&mc->p, 0, "formats: want pdf or md, not %s", S_type_name(x));
		yamlpos_pop(&mc->p);
	}
}

/* ---- style overrides ---------------------------------------------------- */

/* What one line of the written-out style stands for. */
struct sline {
	struct yamlpos_step path[YAMLPOS_MAX_DEPTH];
	size_t depth;
	int value_col;  /* 1-based column where the value starts (0: none) */
};

struct swriter {
	struct strbuf out;
	struct sline *lines;
	size_t n, alloc;
	struct yamlpos_step path[YAMLPOS_MAX_DEPTH];
	size_t depth;
};

static void S_quote(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	strbuf_addc(sb, '"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p == '\n')
			strbuf_adds(sb, "\\n");
		else if (*p == '\t')
			strbuf_adds(sb, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addc(sb, (char)*p);
	}
	strbuf_addc(sb, '"');
}

static void S_scalar(struct strbuf *sb, const struct ctx *v)
{
	switch (v->type) {
	case CTX_NULL: strbuf_adds(sb, "null"); break;
	case CTX_BOOL: strbuf_adds(sb, v->b ? "true" : "false"); break;
	case CTX_NUM:
		if (isnan(v->num))
			strbuf_adds(sb, ".nan");
		else if (isinf(v->num))
			strbuf_adds(sb, v->num > 0 ? ".inf" : "-.inf");
		else
			strbuf_addf(sb, "%.17g", v->num);
		break;
	case CTX_STR: S_quote(sb, v->str); break;
	case CTX_LIST: strbuf_adds(sb, "[]"); break;
	case CTX_MAP: strbuf_adds(sb, "{}"); break;
	}
}

/* Starts a line for the current path (the step already pushed). */
static struct sline *S_line(struct swriter *w)
{
	struct sline *l;

	ALLOC_GROW(w->lines, w->n + 1, w->alloc);
	l = &w->lines[w->n++];
	memset(l, 0, sizeof(*l));
	l->depth = w->depth < YAMLPOS_MAX_DEPTH ? w->depth : YAMLPOS_MAX_DEPTH;
	memcpy(l->path, w->path, l->depth * sizeof(*l->path));
	return l;
}

static int S_is_block(const struct ctx *v)
{
	return (v->type == CTX_MAP || v->type == CTX_LIST) && v->n;
}

static void S_write_node(struct swriter *w, const struct ctx *v, int indent);

static void S_write_child(struct swriter *w, const struct ctx *x, int indent, size_t line_start)
{
	struct sline *l = S_line(w);

	if (S_is_block(x)) {
		strbuf_addc(&w->out, '\n');
		S_write_node(w, x, indent + 2);
		return;
	}
	strbuf_addc(&w->out, ' ');
	l->value_col = (int)(w->out.len - line_start) + 1;
	S_scalar(&w->out, x);
	strbuf_addc(&w->out, '\n');
}

static void S_write_node(struct swriter *w, const struct ctx *v, int indent)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		size_t start = w->out.len;
		strbuf_addf(&w->out, "%*s", indent, "");
		if (w->depth < YAMLPOS_MAX_DEPTH)
			w->path[w->depth] = v->type == CTX_MAP ?
				(struct yamlpos_step){ v->keys[i], 0 } :
				(struct yamlpos_step){ NULL, i };
		w->depth++;
		if (v->type == CTX_MAP) {
			S_quote(&w->out, v->keys[i]);
			strbuf_addc(&w->out, ':');
		} else {
			strbuf_addc(&w->out, '-');
		}
		S_write_child(w, v->items[i], indent, start);
		w->depth--;
	}
}

/* Moves the style checker's diagnostics to manifest positions. */
static void S_move_diags(struct mctx *mc, const struct swriter *w, const struct diags *sd)
{
	size_t base = mc->p.depth, i, k;

	for (i = 0; i < sd->n && !S_full(mc); i++) {
		const struct diag *g = &sd->v[i];
		const struct sline *l = g->line > 0 && (size_t)g->line <= w->n ?
			&w->lines[g->line - 1] : NULL;
		struct diags one = DIAGS_INIT;
		struct diags *keep = mc->p.diags;
		int at_key = 0;

		if (l) {
			for (k = 0; k < l->depth; k++) {
				if (l->path[k].key)
					yamlpos_push_key(&mc->p, l->path[k].key);
				else
					yamlpos_push_index(&mc->p, l->path[k].index);
			}
			at_key = !l->value_col || g->col < l->value_col;
		}
		/* Errors go straight in; a warning is placed through a scratch
		 * list (yamlpos only makes errors), then added as a warning. */
		if (!g->is_warning) {
			yamlpos_error(&mc->p, at_key, "style: %s", g->msg);
		} else {
			size_t nerr = mc->p.nerrors;
			mc->p.diags = &one;
			yamlpos_error(&mc->p, at_key, "style: %s", g->msg);
			mc->p.diags = keep;
			mc->p.nerrors = nerr;
			mc->warned++;
			if (one.n) {
				struct pos at = { one.v[0].file, one.v[0].line, one.v[0].col };
				diags_warning(keep, at, "%s", one.v[0].msg);
			}
			diags_release(&one);
		}
		while (mc->p.depth > base)
			yamlpos_pop(&mc->p);
	}
}

static void S_style(struct mctx *mc, const struct ctx *v, struct manifest_job *j, size_t index)
{
	struct swriter w;
	struct diags sd = DIAGS_INIT;
	struct pdf_style st;
	struct strbuf name = STRBUF_INIT;

	if (v->type != CTX_MAP) {
		yamlpos_error(&mc->p, 0, "style: want a map of style.yaml keys, not %s", S_type_name(v));
		return;
	}
	if (!v->n)
		return;
	memset(&w, 0, sizeof(w));
	strbuf_init(&w.out, 256);
	S_write_node(&w, v, 0);
	strbuf_addf(&name, "%s: job %zu: style", mc->file, index + 1);
	pdf_style_defaults(&st);
	pdf_style_load_text(&st, w.out.buf, w.out.len, name.buf, &sd);
	pdf_style_release(&st);
	S_move_diags(mc, &w, &sd);
	j->style_text = strbuf_detach(&w.out, &j->style_len);
	j->style_name = strbuf_detach(&name, NULL);
	diags_release(&sd);
	free(w.lines);
}

/* ---- jobs ---------------------------------------------------------------- */

static void S_audience(struct mctx *mc, const struct ctx *v, struct manifest_job *j)
{
	const struct dataset *ds = mc->ds;
	const char **names, *best;
	size_t i;

	if (v->type != CTX_STR || !is_valid_id(v->str)) {
		yamlpos_error(&mc->p, 0, "audience: want an audience id ([a-z0-9-]+), not %s",
			      v->type == CTX_STR ? "that string" : S_type_name(v));
		return;
	}
	j->aud = dataset_find_audience(ds, v->str);
	if (j->aud)
		return;
	names = xcalloc(ds->naudiences ? ds->naudiences : 1, sizeof(*names));
	for (i = 0; i < ds->naudiences; i++)
		names[i] = ds->audiences[i].id;
	best = yamlpos_closest(v->str, names, ds->naudiences, 3);
	free(names);
	if (best)
		yamlpos_error(&mc->p, 0, "unknown audience '%s' (did you mean '%s'?)", v->str, best);
	else
		yamlpos_error(&mc->p, 0, "unknown audience '%s' (see 'casebrief list audiences')",
			      v->str);
}

static void S_output(struct mctx *mc, const struct ctx *v, struct manifest_job *j)
{
	if (v->type != CTX_STR || !is_valid_id(v->str)) {
		yamlpos_error(&mc->p, 0,
			      "output: want a file base name of [a-z0-9-]+ (no path, no extension), not %s",
			      v->type == CTX_STR ? (*v->str ? "that string" : "an empty string") :
			      S_type_name(v));
		return;
	}
	if (strlen(v->str) > MANIFEST_MAX_OUTPUT) {
		yamlpos_error(&mc->p, 0, "output: at most %d characters", MANIFEST_MAX_OUTPUT);
		return;
	}
	free(j->output);
	j->output = xstrdup(v->str);
}

static void S_job(struct mctx *mc, const struct ctx *v, struct manifest_job *j, size_t index)
{
	size_t i;
	int has_audience = 0, has_output = 0;

	j->fmt_pdf = j->fmt_md = -1;
	if (v->type != CTX_MAP) {
		yamlpos_error(&mc->p, 0, "a job: want a map with at least 'audience', not %s",
			      S_type_name(v));
		return;
	}
	for (i = 0; i < v->n && !S_full(mc); i++) {
		const struct ctx *x = v->items[i];
		switch (yamlpos_push_known(&mc->p, v->keys[i], "a job", job_keys)) {
		case 0: /* audience */
			has_audience = 1;
			S_audience(mc, x, j);
			break;
		case 1: /* output */
			has_output = 1;
			S_output(mc, x, j);
			break;
		case 2: /* formats */
			S_formats(mc, x, j);
			break;
		case 3: /* filters */
			j->has_filters = 1;
			S_filters(mc, x, &j->filters);
			break;
		case 4: /* style */
			S_style(mc, x, j, index);
			break;
		}
		yamlpos_pop(&mc->p);
	}
	if (!has_audience && !S_full(mc))
		yamlpos_error(&mc->p, 0, "a job needs 'audience'");
	if (!has_output && j->aud)
		j->output = xstrdup(j->aud->id);
}

struct named {
	const char *name;
	size_t index;
};

static int S_cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Output names must differ: two jobs writing one file would race. */
static void S_check_outputs(struct mctx *mc, const struct ctx *root, struct manifest *m)
{
	struct named *v = xcalloc(m->n ? m->n : 1, sizeof(*v));
	size_t i, nv = 0, first = 0;

	for (i = 0; i < m->n; i++)
		if (m->jobs[i].output) {
			v[nv].name = m->jobs[i].output;
			v[nv++].index = i;
		}
	qsort(v, nv, sizeof(*v), S_cmp_named);
	for (i = 0; i < nv && !S_full(mc); i++) {
		const struct ctx *job;
		if (!i || strcmp(v[i].name, v[i - 1].name)) {
			first = v[i].index;
			continue;
		}
		job = root->items[v[i].index];
		yamlpos_push_index(&mc->p, v[i].index);
		yamlpos_push_key(&mc->p, ctx_get(job, "output") ? "output" : "audience");
		yamlpos_error(&mc->p, 0,
			      "output '%s' is already written by job %zu; give this job its own 'output'",
			      v[i].name, first + 1);
		yamlpos_pop(&mc->p);
		yamlpos_pop(&mc->p);
	}
	free(v);
}

int manifest_load(const char *path, const struct dataset *ds, struct manifest *m,
		  struct diags *d)
{
	struct mctx mc;
	struct ctx *root = NULL;
	char *text = NULL;
	size_t len, i, errors0 = d->nerrors;
	int ret = EXIT_DATAERR;

	memset(m, 0, sizeof(*m));
	if (read_file(path, MANIFEST_MAX_BYTES, &text, &len))
		return EXIT_IOERR;
	root = yamlctx_parse(text, len, path, 0, d);
	if (!root)
		goto out;
	memset(&mc, 0, sizeof(mc));
	mc.ds = ds;
	mc.d = d;
	mc.file = path;
	yamlpos_init(&mc.p, text, len, path, 0, d);
	if (root->type != CTX_LIST || !root->n) {
		yamlpos_error(&mc.p, 0, "a manifest is a list of jobs (- audience: ID ...), not %s",
			      root->type == CTX_LIST ? "an empty list" : S_type_name(root));
		goto out;
	}
	m->n = root->n;
	m->jobs = xcalloc(m->n, sizeof(*m->jobs));
	for (i = 0; i < root->n && !S_full(&mc); i++) {
		yamlpos_push_index(&mc.p, i);
		S_job(&mc, root->items[i], &m->jobs[i], i);
		yamlpos_pop(&mc.p);
	}
	S_check_outputs(&mc, root, m);
	if (S_full(&mc)) {
		struct pos at = { path, 0, 0 };
		diags_error(d, at, "too many problems; only the first %d are reported",
			    MANIFEST_MAX_ERRORS);
	}
	if (d->nerrors == errors0)
		ret = EXIT_OK;
out:
	if (ret)
		manifest_release(m);
	ctx_free(root);
	free(text);
	return ret;
}

void manifest_release(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct manifest_job *j = &m->jobs[i];
		free(j->output);
		filters_release(&j->filters);
		free(j->style_text);
		free(j->style_name);
	}
	free(m->jobs);
	memset(m, 0, sizeof(*m));
}
