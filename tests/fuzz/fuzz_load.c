/*
 * fuzz_load.c - libFuzzer harness for the loader: the input becomes a data
 * directory, which is loaded, checked for freshness, and (when valid)
 * selected and assembled for every audience. The input also goes through
 * the style-file parser.
 *
 * Input format:
 * - An input that starts with "#@" is a set of files: each section starts
 *   with a line "#@N" where N picks the file (0 tags.yaml, 1 cases/x.yaml,
 *   2 cases/y.yml, 3 audiences/a.yaml, 4 audiences/b.yaml, 5 a style file
 *   given to pdf_style_load_text, 6 tags.yaml again, i.e. the last wins).
 *   When no section is tags.yaml, a small valid vocabulary is used.
 * - Any other input is one YAML file, used both as cases/x.yaml and as
 *   audiences/a.yaml (beside the default vocabulary), and as a style file.
 *   Plain data files from tests/ are therefore usable seeds as they are.
 *
 * Every run uses the same file names in one temporary directory (made
 * once per process, in $TMPDIR or /dev/shm) and a fixed date, so a run is
 * deterministic. The directory is removed at exit (not after a crash).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "brief/assemble.h"
#include "brief/context.h"
#include "data/load.h"
#include "data/model.h"
#include "pdf/style.h"
#include "brief/select.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/date.h"

enum { SLOT_TAGS, SLOT_CASE_X, SLOT_CASE_Y, SLOT_AUD_A, SLOT_AUD_B, SLOT_STYLE, NSLOTS };

static const char *const slot_path[NSLOTS] = {
	"tags.yaml", "cases/x.yaml", "cases/y.yml",
	"audiences/a.yaml", "audiences/b.yaml", NULL
};

static const char default_tags[] =
	"gc-latency:\n  label: GC pauses\n  group: performance\n"
	"memory-safety:\n  label: Memory safety\n  group: safety\n"
	"small-team:\n  label: Small teams\n  group: organisation\n"
	"hiring:\n  label: Hiring\n  group: organisation\n";

static char dir[64];
static struct strbuf path = STRBUF_INIT;

static const char *at(const char *rel)
{
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s", dir, rel);
	return path.buf;
}

static void put(const char *rel, const char *data, size_t len)
{
	FILE *f = fopen(at(rel), "wb");

	if (!f)
		abort();
	if (len && fwrite(data, 1, len, f) != len)
		abort();
	if (fclose(f))
		abort();
}

static void cleanup(void)
{
	size_t i;

	for (i = 0; i < SLOT_STYLE; i++)
		unlink(at(slot_path[i]));
	rmdir(at("cases"));
	rmdir(at("audiences"));
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	/* memory-backed when possible: no disk stalls counted as slow inputs */
	if (!tmp || strlen(tmp) >= 40)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/fuzzload.XXXXXX", tmp);
	if (!mkdtemp(dir))
		abort();
	if (mkdir(at("cases"), 0700) || mkdir(at("audiences"), 0700))
		abort();
	atexit(cleanup);
	log_set_verbosity(-1);
	return 0;
}

static void exercise(struct dataset *ds, struct diags *dg)
{
	struct date today = { 2026, 6, 1 };
	struct assemble_opts ao;
	size_t i;

	memset(&ao, 0, sizeof(ao));
	ao.today = today;
	ao.max_age = 18;
	load_check_freshness(ds, &today, 18, dg);
	if (dg->nerrors)
		return;
	for (i = 0; i < ds->naudiences; i++) {
		struct selection sel;
		struct ctx *c;

		select_cases(ds, &ds->audiences[i], NULL, &sel);
		c = assemble_brief(ds, &sel, &ao, NULL);
		ctx_free(c);
		selection_release(&sel);
	}
}

static void load_style(const char *text, size_t len)
{
	struct pdf_style st;
	struct diags dg = DIAGS_INIT;

	pdf_style_defaults(&st);
	pdf_style_load_text(&st, text, len, "style.yaml", &dg);
	diags_sort(&dg);
	diags_release(&dg);
	pdf_style_release(&st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *start[NSLOTS] = { 0 };
	size_t len[NSLOTS] = { 0 };
	struct diags dg = DIAGS_INIT;
	struct dataset *ds;
	size_t i;

	if (size >= 2 && text[0] == '#' && text[1] == '@') {
		size_t p = 0;
		while (p + 2 < size && text[p] == '#' && text[p + 1] == '@') {
			int slot = (unsigned char)text[p + 2] % 7;
			const char *nl = memchr(text + p, '\n', size - p);
			const char *next;
			size_t body = nl ? (size_t)(nl - text) + 1 : size;

			if (slot == 6)
				slot = SLOT_TAGS;
			/* the body runs to the next "\n#@" or the end */
			next = body < size ? text + body : NULL;
			while (next && !(next + 2 <= text + size && next[0] == '#' && next[1] == '@')) {
				const char *q = memchr(next, '\n', (size_t)(text + size - next));
				next = q && q + 1 < text + size ? q + 1 : NULL;
			}
			start[slot] = text + body;
			len[slot] = (next ? (size_t)(next - text) : size) - body;
			if (!next)
				break;
			p = (size_t)(next - text);
		}
	} else {
		start[SLOT_CASE_X] = start[SLOT_AUD_A] = start[SLOT_STYLE] = text;
		len[SLOT_CASE_X] = len[SLOT_AUD_A] = len[SLOT_STYLE] = size;
	}
	if (!start[SLOT_TAGS]) {
		start[SLOT_TAGS] = default_tags;
		len[SLOT_TAGS] = sizeof(default_tags) - 1;
	}
	for (i = 0; i < SLOT_STYLE; i++) {
		if (start[i])
			put(slot_path[i], start[i], len[i]);
		else
			unlink(at(slot_path[i]));
	}

	ds = load_dataset(dir, &dg);
	if (ds) {
		exercise(ds, &dg);
		dataset_free(ds);
	}
	diags_sort(&dg);
	diags_release(&dg);
	if (start[SLOT_STYLE])
		load_style(start[SLOT_STYLE], len[SLOT_STYLE]);
	return 0;
}
