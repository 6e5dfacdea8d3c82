/*
 * build.c - the build command: for each audience, select, assemble,
 * render the template, parse (with the safety policy), write GFM.
 *
 * The PDF step hangs off build_one after the Markdown is written: it gets
 * the same parsed tree (res->doc) and the context (res->ctx) for the cover.
 */
#include "build.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "assemble.h"
#include "markdown.h"
#include "mustache.h"
#include "select.h"
#include "util.h"

#define BRIEF_TEMPLATE "brief.md" /* brief.md.mustache */

static double S_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* mkdir -p: 0, or -1 after an error naming the directory. */
static int S_make_dirs(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	size_t i;
	int ret = 0;

	strbuf_adds(&sb, path);
	for (i = 1; i <= sb.len && !ret; i++) {
		char saved;
		if (i < sb.len && sb.buf[i] != '/')
			continue;
		saved = sb.buf[i];
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0777) && errno != EEXIST)
			ret = error_errno("cannot create directory '%s'", sb.buf);
		sb.buf[i] = saved;
	}
	if (!ret && (stat(path, &st) || !S_ISDIR(st.st_mode)))
		ret = error("'%s' is not a directory", path);
	strbuf_release(&sb);
	return ret;
}

static void S_collect_anchors(cmark_node *doc, struct strlist *anchors)
{
	cmark_iter *it = cmark_iter_new(doc);
	struct strbuf sb = STRBUF_INIT;
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		char *text;
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_HEADING)
			continue;
		text = markdown_node_text(node);
		strbuf_reset(&sb);
		markdown_anchor(text, anchors, &sb);
		free(text);
	}
	cmark_iter_free(it);
	strbuf_release(&sb);
}

static int S_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int S_sorted_has(const struct strlist *l, const char *s)
{
	return l->n && bsearch(&s, l->v, l->n, sizeof(*l->v), S_cmp_str) != NULL;
}

size_t build_check_anchors(cmark_node *doc, const char *what)
{
	struct strlist anchors = { 0 }, reported = { 0 };
	cmark_iter *it;
	cmark_event_type ev;
	size_t broken = 0;

	S_collect_anchors(doc, &anchors);
	if (anchors.n)
		qsort(anchors.v, anchors.n, sizeof(*anchors.v), S_cmp_str);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		const char *url;
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_LINK)
			continue;
		url = cmark_node_get_url(node);
		if (!url || url[0] != '#' || S_sorted_has(&anchors, url + 1) ||
		    strlist_has(&reported, url))
			continue;
		strlist_push(&reported, url);
		warning("%s: link to '%s' matches no heading", what, url);
		broken++;
	}
	cmark_iter_free(it);
	strlist_release(&anchors);
	strlist_release(&reported);
	return broken;
}

static size_t S_count_list(const struct ctx *root, const char *map, const char *key)
{
	const struct ctx *v = ctx_get(ctx_get(root, map), key);
	return v && v->type == CTX_LIST ? v->n : 0;
}

struct partials {
	const struct mustache_dir *dir;
	const char *dir_name;
	struct strlist missing;  /* reported once each */
};

/*
 * The spec renders a missing partial as nothing; in a brief that would
 * silently drop a whole section, so it is also a warning.
 */
static int S_partial(void *ud, const char *name, const char **text, size_t *len,
		     const char **file)
{
	struct partials *p = ud;

	if (!mustache_dir_get(p->dir, name, text, len, file))
		return 0;
	if (!strlist_has(&p->missing, name)) {
		strlist_push(&p->missing, name);
		warning("%s/%s.mustache: no such partial; it renders as nothing", p->dir_name, name);
	}
	return -1;
}

/* Renders brief.md.mustache into res->markdown. */
static int S_render_template(const struct options *o, const struct ctx *ctx,
			     struct build_result *res)
{
	const char *dir = o->templates_dir ? o->templates_dir : "templates";
	struct mustache_dir *td = mustache_dir_load(dir);
	struct partials parts = { NULL, NULL, { 0 } };
	struct mustache_opts mo;
	struct diags diags = DIAGS_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *tmpl, *file;
	size_t len;
	int ret = EXIT_OK;

	if (!td)
		return EXIT_IOERR;
	if (mustache_dir_get(td, BRIEF_TEMPLATE, &tmpl, &len, &file)) {
		ret = EXIT_FAILED;
		error("%s/%s.mustache: no such template", dir, BRIEF_TEMPLATE);
		goto out;
	}
	memset(&mo, 0, sizeof(mo));
	mo.escape = mustache_escape_markdown;
	parts.dir = td;
	parts.dir_name = dir;
	mo.partial = S_partial;
	mo.partial_ud = &parts;
	if (mustache_render(tmpl, len, file, ctx, &mo, &out, &diags)) {
		diags_print(&diags, stderr);
		if (!diags.n)
			error("%s: cannot render the template", file);
		ret = EXIT_FAILED;
		goto out;
	}
	res->markdown = strbuf_detach(&out, &res->markdown_len);
	res->warnings += parts.missing.n;
out:
	strlist_release(&parts.missing);
	strbuf_release(&out);
	diags_release(&diags);
	mustache_dir_free(td);
	return ret;
}

static int S_write_md(const struct options *o, const struct audience *aud,
		      struct build_result *res)
{
	const char *out = o->out ? o->out : "out";
	struct strbuf path = STRBUF_INIT;

	res->gfm = markdown_render_gfm(res->doc, &res->gfm_len);
	if (!strcmp(out, "-"))
		strbuf_adds(&path, "-");
	else
		strbuf_addf(&path, "%s/%s.md", out, aud->id);
	if (write_file_atomic(path.buf, res->gfm, res->gfm_len)) {
		strbuf_release(&path);
		return EXIT_IOERR;
	}
	res->md_path = strbuf_detach(&path, NULL);
	res->files++;
	res->bytes += res->gfm_len;
	return EXIT_OK;
}

int build_one(const struct options *o, const struct dataset *ds,
	      const struct audience *aud, struct build_result *res)
{
	double t0 = S_now_ms();
	struct selection sel;
	struct assemble_opts ao;
	size_t nstale;
	int ret;

	memset(res, 0, sizeof(*res));
	res->audience = aud->id;
	select_cases(ds, aud, &o->filters, &sel);
	memset(&ao, 0, sizeof(ao));
	ao.today = o->today;
	ao.max_age = o->max_age;
	ao.version = CASEBRIEF_VERSION;
	ao.filters = &o->filters;
	res->ctx = assemble_brief(ds, &sel, &ao);
	res->cases = sel.n;
	res->sources = ctx_get(res->ctx, "sources") ? ctx_get(res->ctx, "sources")->n : 0;
	nstale = S_count_list(res->ctx, "method", "stale");
	if (nstale) {
		warning("%s: %zu cited source%s stale (verified more than %d months before the brief's date)",
			aud->id, nstale, nstale == 1 ? " is" : "s are",
			o->max_age > 0 ? o->max_age : ASSEMBLE_DEFAULT_MAX_AGE);
		res->warnings += nstale;
	}

	ret = S_render_template(o, res->ctx, res);
	if (ret)
		goto out;
	res->doc = markdown_parse(res->markdown, res->markdown_len);
	if (!res->doc) {
		ret = EXIT_FAILED;
		goto out;
	}
	res->warnings += build_check_anchors(res->doc, aud->id);

	if (o->fmt_md) {
		ret = S_write_md(o, aud, res);
		if (ret)
			goto out;
	}
	if (o->fmt_pdf) {
		/* PDF: the lead wires pdf output here */
		/*
		 * Everything the PDF step needs is in `res`: res->doc (the same
		 * tree the GFM came from; ```chart blocks are still chart
		 * blocks) and res->ctx for the cover and document info:
		 * "title", "audience", "question", "date", "data_as_of",
		 * "keywords", "generator", and "counts" -> "total". Write
		 * o->out/<id>.pdf with write_file_atomic, set res->pdf_path,
		 * add to res->files and res->bytes; return EXIT_IOERR on a
		 * failed write. The "## Contents" section is a plain list the
		 * PDF may skip when it draws its own contents page.
		 */
	}
out:
	selection_release(&sel);
	res->ms = S_now_ms() - t0;
	res->status = ret;
	return ret;
}

void build_result_release(struct build_result *res)
{
	free(res->md_path);
	free(res->pdf_path);
	ctx_free(res->ctx);
	free(res->markdown);
	if (res->doc)
		cmark_node_free(res->doc);
	free(res->gfm);
	memset(res, 0, sizeof(*res));
}

/* The audiences to build: --all, then each -a in order, without repeats. */
static int S_pick_audiences(const struct options *o, const struct dataset *ds,
			    const struct audience ***out, size_t *n)
{
	const struct audience **v = xcalloc(ds->naudiences + o->audiences.n + 1, sizeof(*v));
	size_t i, j, k = 0;

	if (o->all)
		for (i = 0; i < ds->naudiences; i++)
			v[k++] = &ds->audiences[i];
	for (i = 0; i < o->audiences.n; i++) {
		const struct audience *a = dataset_find_audience(ds, o->audiences.v[i]);
		if (!a) {
			const char *best = NULL;
			size_t bd = 4;
			for (j = 0; j < ds->naudiences; j++) {
				size_t d = str_distance(o->audiences.v[i], ds->audiences[j].id, 3);
				if (d < bd) {
					bd = d;
					best = ds->audiences[j].id;
				}
			}
			if (best)
				error("unknown audience '%s' (did you mean '%s'?)", o->audiences.v[i], best);
			else
				error("unknown audience '%s' (see 'casebrief list audiences')",
				      o->audiences.v[i]);
			free(v);
			return -1;
		}
		for (j = 0; j < k; j++)
			if (v[j] == a)
				break;
		if (j == k)
			v[k++] = a;
	}
	*out = v;
	*n = k;
	return 0;
}

int cmd_build(const struct options *o)
{
	const char *out = o->out ? o->out : "out";
	const struct audience **auds = NULL;
	struct dataset *ds;
	size_t n = 0, i;
	int ret = EXIT_OK;

	if (!o->all && !o->audiences.n) {
		error("build: name an audience with -a ID, or use --all");
		return EXIT_USAGE;
	}
	ds = cli_load_data(o);
	if (!ds)
		return EXIT_DATAERR;
	if (S_pick_audiences(o, ds, &auds, &n)) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(out, "-") && n != 1) {
		error("build: '-o -' writes one brief to standard output; name exactly one audience");
		ret = EXIT_USAGE;
		goto out;
	}
	if (strcmp(out, "-") && S_make_dirs(out)) {
		ret = EXIT_IOERR;
		goto out;
	}
	markdown_init();
	for (i = 0; i < n; i++) {
		struct build_result res;
		int rc = build_one(o, ds, auds[i], &res);
		if (!rc && res.md_path && strcmp(res.md_path, "-"))
			info("wrote %s (%zu cases, %zu bytes, %.0f ms)", res.md_path,
			     res.cases, res.bytes, res.ms);
		if (rc == EXIT_IOERR || (rc && ret != EXIT_IOERR))
			ret = rc;
		build_result_release(&res);
	}
out:
	free(auds);
	dataset_free(ds);
	return ret;
}
