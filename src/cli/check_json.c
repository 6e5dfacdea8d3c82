/*
 * check_json.c - `casebrief check --json` (cli.h): the diagnostics as one
 * JSON object, for CI jobs that annotate files or fail a pipeline:
 *
 *   {"data": "data", "errors": 1, "warnings": 0, "cases": 3, "audiences": 1,
 *    "tags": 9, "diagnostics": [
 *     {"file": "data/cases/x.yaml", "line": 3, "column": 7, "severity": "error",
 *      "message": "unknown key 'projct'", "hint": "did you mean 'project'?"}
 *   ]}
 *
 * The counts are left out when the directory could not be read; with
 * errors they count what loaded. `line` and `column` are null for a
 * message about a whole file; `hint`
 * is null when the message has no suggestion. The hint is the "did you
 * mean" that yaml/read.h appends to messages, split off so that a program
 * can show it on its own.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "yaml/read.h"
#include "base/json.h"
#include "base/version.h"
#include "base/strbuf.h"
#include "base/diag.h"

static void add_pos(struct strbuf *sb, const char *key, int v)
{
	json_key(sb, key, 0);
	if (v > 0)
		strbuf_addf(sb, "%d", v);
	else
		strbuf_adds(sb, "null");
}

static void add_diag(struct strbuf *sb, const struct diag *g, size_t i)
{
	const char *hint = yread_hint_in(g->msg);
	struct strbuf msg = STRBUF_INIT;

	json_item(sb, i, "  ");
	json_key(sb, "file", 1);
	if (g->file && *g->file)
		json_str(sb, g->file);
	else
		strbuf_adds(sb, "null");
	add_pos(sb, "line", g->line);
	add_pos(sb, "column", g->line > 0 ? (g->col > 0 ? g->col : 1) : 0);
	json_field(sb, "severity", g->is_warning ? "warning" : "error", 0);
	strbuf_add(&msg, g->msg, hint ? (size_t)(hint - g->msg) : strlen(g->msg));
	json_field(sb, "message", msg.buf, 0);
	json_key(sb, "hint", 0);
	if (hint) {
		strbuf_reset(&msg);
		/* " (did you mean 'x'?)" without the space and the parentheses */
		strbuf_add(&msg, hint + 2, strlen(hint) - 3);
		json_str(sb, msg.buf);
	} else {
		strbuf_adds(sb, "null");
	}
	strbuf_addc(sb, '}');
	strbuf_release(&msg);
}

int cli_check_json(const char *data_dir, const struct dataset *ds, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc = d->nerrors || !ds ? EXIT_DATAERR : EXIT_OK;

	diags_sort(d);
	strbuf_addc(&sb, '{');
	json_field(&sb, "data", data_dir, 1);
	strbuf_addf(&sb, ", \"errors\": %zu, \"warnings\": %zu", d->nerrors, d->nwarnings);
	if (ds)
		strbuf_addf(&sb, ", \"cases\": %zu, \"audiences\": %zu, \"tags\": %zu", ds->ncases,
			    ds->naudiences, ds->ntags);
	strbuf_adds(&sb, ", \"diagnostics\": [");
	for (i = 0; i < d->n; i++)
		add_diag(&sb, &d->v[i], i);
	json_array_end(&sb, d->n, "");
	strbuf_adds(&sb, "}\n");
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) || ferror(stdout)) {
		error_errno("write error on standard output");
		rc = EXIT_IOERR;
	}
	strbuf_release(&sb);
	return rc;
}
