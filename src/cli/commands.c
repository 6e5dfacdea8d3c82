/*
 * commands.c - the commands that read the data set and print about it:
 * check, list and select; and what every command shares (loading the
 * data, finding the style).
 *
 * Each command writes its whole output into one strbuf and hands it to
 * stdout at the end, checking the write, so a full disk or a closed pipe
 * is exit 74 and never a silently short listing. Tables are for people
 * (aligned columns, control characters blanked); --json is for programs
 * (stable keys, always valid JSON whatever the data holds).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/json.h"
#include "data/load.h"
#include "data/evidence.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"

/* Columns wider than this are not padded further (hostile data). */
#define TABLE_MAX_PAD 48

struct dataset *cli_load_data(const struct options *o)
{
	struct diags d = DIAGS_INIT;
	struct dataset *ds = load_dataset(o->data_dir, &d);

	diags_print(&d, stderr);
	if (!ds && !d.nerrors)
		error("%s: cannot load the data set", o->data_dir);
	if (ds && d.nerrors) {
		error("%s: %zu error%s in the data set", o->data_dir, d.nerrors,
		      d.nerrors == 1 ? "" : "s");
		dataset_free(ds);
		ds = NULL;
	}
	diags_release(&d);
	return ds;
}

char *cli_style_path(const struct options *o)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	if (o->style_file)
		return xstrdup(o->style_file);
	strbuf_addf(&sb, "%s/style.yaml", o->templates_dir ? o->templates_dir : "templates");
	if (!stat(sb.buf, &st))
		return strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	return NULL;
}

int cli_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int emit(const struct strbuf *sb)
{
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len || fflush(stdout) ||
	    ferror(stdout)) {
		error_errno("write error on standard output");
		return EXIT_IOERR;
	}
	return EXIT_OK;
}

/* Tables */

struct table {
	size_t ncols;
	struct strlist cells; /* row-major */
};

/* Display width in columns: code points (every one counted as 1). */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void table_cell(struct table *t, const char *s)
{
	char *clean = xstrdup(s ? s : "");
	char *p;

	for (p = clean; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	strlist_push(&t->cells, clean);
	free(clean);
}

static void table_cellf(struct table *t, const char *fmt, ...) CB_PRINTF(2, 3);

static void table_cellf(struct table *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	table_cell(t, sb.buf);
	strbuf_release(&sb);
}

static void table_render(struct table *t, struct strbuf *sb, const char *indent)
{
	size_t *width = xcalloc(t->ncols, sizeof(*width));
	size_t i, j;

	for (i = 0; i < t->cells.n; i++) {
		size_t w = text_width(t->cells.v[i]);
		j = i % t->ncols;
		if (w > TABLE_MAX_PAD)
			w = TABLE_MAX_PAD;
		if (w > width[j])
			width[j] = w;
	}
	for (i = 0; i < t->cells.n; i++) {
		const char *cell = t->cells.v[i];
		j = i % t->ncols;
		if (j == 0)
			strbuf_adds(sb, indent);
		strbuf_adds(sb, cell);
		if (j + 1 == t->ncols) {
			strbuf_addc(sb, '\n');
		} else {
			size_t w = text_width(cell);
			for (; w < width[j] + 2; w++)
				strbuf_addc(sb, ' ');
		}
	}
	free(width);
	strlist_release(&t->cells);
}

/* check */

int cmd_check(const struct options *o)
{
	struct diags d = DIAGS_INIT;
	struct dataset *ds = load_dataset(o->data_dir, &d);
	int rc;

	if (ds) {
		load_check_freshness(ds, &o->today, o->max_age, &d);
		load_check_v1(ds, &d);
		check_images(ds, o->templates_dir, &d);
	}
	if (o->json) {
		rc = cli_check_json(o->data_dir, ds, &d);
		goto out;
	}
	diags_print(&d, stderr);
	if (ds && log_verbosity() > 0) {
		struct diags notes = DIAGS_INIT;
		load_note_baselines(ds, &notes);
		diags_print(&notes, stderr);
		diags_release(&notes);
	}
	if (!ds && !d.nerrors) {
		error("%s: cannot load the data set", o->data_dir);
		rc = EXIT_DATAERR;
	} else if (!ds || d.nerrors) {
		error("%s: %zu error%s, %zu warning%s", o->data_dir, d.nerrors,
		      d.nerrors == 1 ? "" : "s", d.nwarnings,
		      d.nwarnings == 1 ? "" : "s");
		rc = EXIT_DATAERR;
	} else {
		info("%s: %zu cases, %zu audiences, %zu tags; %zu warning%s",
		     o->data_dir, ds->ncases, ds->naudiences, ds->ntags,
		     d.nwarnings, d.nwarnings == 1 ? "" : "s");
		rc = EXIT_OK;
	}
out:
	dataset_free(ds);
	diags_release(&d);
	return rc;
}

/* Unknown --tag values are usage errors (a typo would select nothing). */
int cli_check_filters(const struct options *o, const struct dataset *ds)
{
	struct strbuf why = STRBUF_INIT;
	int rc = EXIT_OK;

	if (filters_check_tags(&o->filters, ds, &why)) {
		error("--tag: %s", why.buf);
		fputs("Try 'casebrief list tags'.\n", stderr);
		rc = EXIT_USAGE;
	}
	strbuf_release(&why);
	return rc;
}

/* list */

/* "Go → Rust", "Rust", "TypeScript → Go (not Rust)", "not Rust". */
static void add_move(struct strbuf *sb, const struct case_study *c)
{
	size_t i, start = sb->len;

	for (i = 0; i < c->from.n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", c->from.v[i]);
	if (c->to)
		strbuf_addf(sb, "%s%s", c->from.n ? " → " : "", c->to);
	if (c->rejected.n) {
		strbuf_adds(sb, sb->len > start ? " (not " : "not ");
		for (i = 0; i < c->rejected.n; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", c->rejected.v[i]);
		if (c->from.n || c->to)
			strbuf_addc(sb, ')');
	}
}

/* Every tag of a case, drivers first, each once. */
static void case_all_tags(const struct case_study *c, struct strlist *out)
{
	size_t i;
	for (i = 0; i < c->ndrivers; i++)
		if (!strlist_has(out, c->drivers[i].tag))
			strlist_push(out, c->drivers[i].tag);
	for (i = 0; i < c->tags.n; i++)
		if (!strlist_has(out, c->tags.v[i]))
			strlist_push(out, c->tags.v[i]);
}

static void list_cases(const struct dataset *ds, const struct options *o,
		       struct strbuf *sb)
{
	struct table t = { 5, { NULL, 0, 0 } };
	size_t i, n = 0;

	if (o->json)
		strbuf_addc(sb, '[');
	else {
		table_cell(&t, "ID");
		table_cell(&t, "COMPANY");
		table_cell(&t, "KIND");
		table_cell(&t, "MOVE");
		table_cell(&t, "YEAR");
	}
	for (i = 0; i < ds->ncases; i++) {
		const struct case_study *c = &ds->cases[i];
		struct strbuf move = STRBUF_INIT;
		struct strlist tags = { NULL, 0, 0 };

		if (!filters_match(&o->filters, c))
			continue;
		if (!o->json) {
			add_move(&move, c);
			table_cell(&t, c->id);
			table_cell(&t, c->company);
			table_cell(&t, case_kind_names[c->kind]);
			table_cell(&t, move.buf);
			table_cellf(&t, "%d", c->year);
			strbuf_release(&move);
			continue;
		}
		json_item(sb, n++, "  ");
		json_field(sb, "id", c->id, 1);
		json_field(sb, "company", c->company, 0);
		json_field(sb, "project", c->project, 0);
		json_field(sb, "kind", case_kind_names[c->kind], 0);
		json_key(sb, "from", 0);
		json_strlist(sb, &c->from);
		json_key(sb, "to", 0);
		if (c->to)
			json_str(sb, c->to);
		else
			strbuf_adds(sb, "null");
		json_key(sb, "rejected", 0);
		json_strlist(sb, &c->rejected);
		json_key(sb, "year", 0);
		strbuf_addf(sb, "%d", c->year);
		json_key(sb, "org_size", 0);
		if (c->has_org)
			json_str(sb, org_size_names[c->org_size]);
		else
			strbuf_adds(sb, "null");
		json_key(sb, "tags", 0);
		case_all_tags(c, &tags);
		json_strlist(sb, &tags);
		strlist_release(&tags);
		strbuf_addc(sb, '}');
	}
	if (o->json) {
		json_array_end(sb, n, "");
		strbuf_addc(sb, '\n');
	} else {
		table_render(&t, sb, "");
	}
}

static void list_audiences(const struct dataset *ds, const struct options *o,
			   struct strbuf *sb)
{
	struct table t = { 2, { NULL, 0, 0 } };
	size_t i;

	if (!o->json) {
		table_cell(&t, "ID");
		table_cell(&t, "TITLE");
		for (i = 0; i < ds->naudiences; i++) {
			table_cell(&t, ds->audiences[i].id);
			table_cell(&t, ds->audiences[i].title);
		}
		table_render(&t, sb, "");
		return;
	}
	strbuf_addc(sb, '[');
	for (i = 0; i < ds->naudiences; i++) {
		const struct audience *a = &ds->audiences[i];
		json_item(sb, i, "  ");
		json_field(sb, "id", a->id, 1);
		json_field(sb, "title", a->title, 0);
		json_field(sb, "subject", a->subject, 0);
		json_field(sb, "question", a->question, 0);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, ds->naudiences, "");
	strbuf_addc(sb, '\n');
}

static void list_tags(const struct dataset *ds, const struct options *o,
		      struct strbuf *sb)
{
	struct table t = { 3, { NULL, 0, 0 } };
	size_t i;

	if (!o->json) {
		table_cell(&t, "ID");
		table_cell(&t, "GROUP");
		table_cell(&t, "LABEL");
		for (i = 0; i < ds->ntags; i++) {
			table_cell(&t, ds->tags[i].id);
			table_cell(&t, ds->tags[i].group);
			table_cell(&t, ds->tags[i].label);
		}
		table_render(&t, sb, "");
		return;
	}
	strbuf_addc(sb, '[');
	for (i = 0; i < ds->ntags; i++) {
		const struct tag *g = &ds->tags[i];
		json_item(sb, i, "  ");
		json_field(sb, "id", g->id, 1);
		json_field(sb, "label", g->label, 0);
		json_field(sb, "group", g->group, 0);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, ds->ntags, "");
	strbuf_addc(sb, '\n');
}

int cmd_list(const struct options *o)
{
	struct strbuf sb = STRBUF_INIT;
	struct dataset *ds;
	const char *what = o->nargs ? o->args[0] : "";
	int rc;

	if (strcmp(what, "cases") && strcmp(what, "audiences") && strcmp(what, "tags")) {
		error("list: want cases, audiences or tags");
		return EXIT_USAGE;
	}
	ds = cli_load_data(o);
	if (!ds)
		return EXIT_DATAERR;
	rc = cli_check_filters(o, ds);
	if (rc)
		goto out;
	if (!strcmp(what, "cases"))
		list_cases(ds, o, &sb);
	else if (!strcmp(what, "audiences"))
		list_audiences(ds, o, &sb);
	else
		list_tags(ds, o, &sb);
	rc = emit(&sb);
out:
	strbuf_release(&sb);
	dataset_free(ds);
	return rc;
}

/* select */

const struct audience *cli_find_audience(const struct dataset *ds, const char *id)
{
	struct strbuf why = STRBUF_INIT;
	const struct audience *a = dataset_audience_or_hint(ds, id, &why);

	if (!a) {
		error("%s", why.buf);
		fputs("Try 'casebrief list audiences'.\n", stderr);
	}
	strbuf_release(&why);
	return a;
}

/* "figures": [{"label", "value", "kind", "quotable"}] */
static void select_json_figures(const struct case_study *c, struct strbuf *sb)
{
	size_t i;

	json_key(sb, "figures", 0);
	strbuf_addc(sb, '[');
	for (i = 0; i < c->nfigures; i++) {
		const struct figure *f = &c->figures[i];
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_addc(sb, '{');
		json_field(sb, "label", f->label, 1);
		json_field(sb, "value", f->value, 0);
		json_field(sb, "kind", figure_kind_names[f->kind], 0);
		json_key(sb, "quotable", 0);
		strbuf_adds(sb, figure_quotable(c, f) ? "true" : "false");
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, ']');
}

static void select_json(const struct selection *sel, struct strbuf *sb)
{
	size_t i;

	strbuf_adds(sb, "{\n  ");
	json_field(sb, "audience", sel->aud->id, 1);
	strbuf_adds(sb, ",\n  ");
	json_key(sb, "considered", 1);
	strbuf_addf(sb, "%zu", sel->considered);
	strbuf_adds(sb, ",\n  ");
	json_key(sb, "selected", 1);
	strbuf_addc(sb, '[');
	for (i = 0; i < sel->n; i++) {
		const struct selected *s = &sel->items[i];
		json_item(sb, i, "    ");
		json_field(sb, "id", s->c->id, 1);
		json_field(sb, "company", s->c->company, 0);
		json_key(sb, "score", 0);
		json_num(sb, s->score);
		json_field(sb, "stance", stance_names[s->stance], 0);
		json_field(sb, "why", s->why, 0);
		json_field(sb, "grade", grade_names[s->grade], 0);
		select_json_figures(s->c, sb);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, sel->n, "  ");
	strbuf_adds(sb, ",\n  ");
	json_key(sb, "left_out", 1);
	strbuf_addc(sb, '[');
	for (i = 0; i < sel->nleft; i++) {
		const struct left_out *l = &sel->left[i];
		json_item(sb, i, "    ");
		json_field(sb, "id", l->c->id, 1);
		json_field(sb, "why", l->why, 0);
		strbuf_addc(sb, '}');
	}
	json_array_end(sb, sel->nleft, "  ");
	strbuf_adds(sb, "\n}\n");
}

static void select_text(const struct selection *sel, const char *options, struct strbuf *sb)
{
	struct table t = { 7, { NULL, 0, 0 } };
	size_t i;

	strbuf_addf(sb, "%s: %s\n", sel->aud->id, sel->aud->title);
	for (i = 0; i < sel->aud->nmatch; i++) {
		char *d = select_describe_rule(&sel->aud->match[i], options);
		strbuf_addf(sb, "  rule %zu: %s\n", i + 1, d);
		free(d);
	}
	if (sel->aud->has_exclude) {
		char *d = select_describe_rule(&sel->aud->exclude, options);
		strbuf_addf(sb, "  exclude: %s\n", d);
		free(d);
	}
	strbuf_addc(sb, '\n');
	table_cell(&t, "RANK");
	table_cell(&t, "SCORE");
	table_cell(&t, "STANCE");
	table_cell(&t, "GRADE");
	table_cell(&t, "ID");
	table_cell(&t, "COMPANY");
	table_cell(&t, "WHY");
	for (i = 0; i < sel->n; i++) {
		const struct selected *s = &sel->items[i];
		table_cellf(&t, "%zu", i + 1);
		table_cellf(&t, "%.2f", isfinite(s->score) ? s->score : 0.0);
		table_cell(&t, stance_names[s->stance]);
		table_cell(&t, grade_names[s->grade]);
		table_cell(&t, s->c->id);
		table_cell(&t, s->c->company);
		table_cell(&t, s->why);
	}
	table_render(&t, sb, "");
	strbuf_addf(sb, "\nconsidered %zu, selected %zu, left out %zu\n",
		    sel->considered, sel->n, sel->nleft);
	if (!sel->nleft)
		return;
	t.ncols = 3;
	strbuf_addc(sb, '\n');
	table_cell(&t, "LEFT OUT");
	table_cell(&t, "COMPANY");
	table_cell(&t, "WHY");
	for (i = 0; i < sel->nleft; i++) {
		table_cell(&t, sel->left[i].c->id);
		table_cell(&t, sel->left[i].c->company);
		table_cell(&t, sel->left[i].why);
	}
	table_render(&t, sb, "");
}

int cmd_select(const struct options *o)
{
	struct strbuf sb = STRBUF_INIT;
	struct selection sel;
	const struct audience *aud;
	struct dataset *ds;
	int rc;

	if (o->audiences.n != 1) {
		error("select: want exactly one -a ID");
		return EXIT_USAGE;
	}
	ds = cli_load_data(o);
	if (!ds)
		return EXIT_DATAERR;
	rc = cli_check_filters(o, ds);
	if (rc)
		goto out;
	aud = cli_find_audience(ds, o->audiences.v[0]);
	if (!aud) {
		rc = EXIT_USAGE;
		goto out;
	}
	select_cases(ds, aud, &o->filters, &sel);
	if (o->json)
		select_json(&sel, &sb);
	else
		select_text(&sel, dataset_option_name(ds, 1), &sb);
	selection_release(&sel);
	rc = emit(&sb);
out:
	strbuf_release(&sb);
	dataset_free(ds);
	return rc;
}
