/*
 * init.c - `casebrief init DIR`: writes the starter data set (starter.h)
 * into DIR, which is created when it is missing.
 *
 * Nothing is overwritten: every target is looked at before anything is
 * written, and one existing file stops the run with nothing written. The
 * files are then written as one staged set (base/file.h), so a failure
 * half-way leaves no part of a data set behind.
 *
 * Each starter file begins with a yaml-language-server modeline naming
 * its JSON Schema by a path relative to the file, which holds inside the
 * source tree (src/doc/starter/ to src/schema/). A data set written
 * elsewhere needs a path that holds from there, so the modeline is
 * rewritten to the absolute path of the schemas this binary found
 * (options.schema_dir: the installed ones, or the source tree's when it
 * runs from build/), and left out when it found none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/starter.h"
#include "brief/build.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/file.h"

#define MODELINE "# yaml-language-server: $schema="

/* The file's text with its modeline pointing into `schema_dir` (or gone). */
static void starter_text(const struct starter_file *f, const char *schema_dir,
			 struct strbuf *out)
{
	const char *eol, *name, *p;

	if (strncmp(f->text, MODELINE, strlen(MODELINE))) {
		strbuf_add(out, f->text, f->len);
		return;
	}
	eol = strchr(f->text, '\n');
	eol = eol ? eol + 1 : f->text + f->len;
	if (schema_dir) {
		/* the schema's file name: what follows the reference's last '/' */
		for (name = p = f->text + strlen(MODELINE); p < eol && *p != '\n'; p++)
			if (*p == '/')
				name = p + 1;
		strbuf_addf(out, "%s%s/", MODELINE, schema_dir);
		strbuf_add(out, name, (size_t)(eol - name));
	}
	strbuf_add(out, eol, f->len - (size_t)(eol - f->text));
}

/* 0 when no target exists yet; else -1 after naming the first one. */
static int check_targets(const char *dir, struct strbuf *path)
{
	struct stat st;
	size_t i;

	for (i = 0; i < starter_nfiles; i++) {
		strbuf_reset(path);
		strbuf_addf(path, "%s/%s", dir, starter_files[i].path);
		if (!lstat(path->buf, &st) || errno != ENOENT) {
			error("%s: already exists; init never overwrites a file (choose a new "
			      "directory, or move the file away)", path->buf);
			return -1;
		}
	}
	return 0;
}

/* The directories of the targets (DIR, DIR/cases, DIR/audiences). */
static int make_dirs(const char *dir, struct strbuf *path)
{
	size_t i;

	if (build_make_dirs(dir))
		return -1;
	for (i = 0; i < starter_nfiles; i++) {
		const char *slash = strrchr(starter_files[i].path, '/');
		if (!slash)
			continue;
		strbuf_reset(path);
		strbuf_addf(path, "%s/", dir);
		strbuf_add(path, starter_files[i].path, (size_t)(slash - starter_files[i].path));
		if (build_make_dirs(path->buf))
			return -1;
	}
	return 0;
}

int cmd_init(const struct options *o)
{
	const char *dir = o->args[0];
	struct file_stage st = FILE_STAGE_INIT;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	size_t i, done = 0;
	int ret = EXIT_IOERR;

	if (o->schema_dir)
		info("schemas: %s", o->schema_dir);
	else
		info("no JSON Schemas found: the files get no yaml-language-server modeline");
	if (check_targets(dir, &path) || make_dirs(dir, &path))
		goto out;
	for (i = 0; i < starter_nfiles; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, starter_files[i].path);
		strbuf_reset(&text);
		starter_text(&starter_files[i], o->schema_dir, &text);
		if (file_stage_add(&st, path.buf, text.buf, text.len)) {
			file_stage_abort(&st);
			goto out;
		}
	}
	if (file_stage_commit(&st, &done))
		goto out;
	for (i = 0; i < starter_nfiles; i++)
		info("wrote %s/%s", dir, starter_files[i].path);
	if (log_verbosity() >= 0)
		printf("Wrote a starter data set to %s (%zu files). Fill it in, then run:\n"
		       "  casebrief --data %s check\n", dir, starter_nfiles, dir);
	ret = EXIT_OK;
out:
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}
