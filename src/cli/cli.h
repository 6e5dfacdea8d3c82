/*
 * cli.h - parsed command-line options, and the commands main.c dispatches
 * to. main.c fills struct options (getopt_long) and calls one cmd_*; each
 * returns a process exit code (base/version.h: EXIT_*).
 */
#ifndef CASEBRIEF_CLI_H
#define CASEBRIEF_CLI_H

#include <stdio.h>

#include "data/model.h"
#include "brief/select.h"
#include "base/str.h"
#include "base/date.h"

struct options {
	/* global */
	const char *data_dir;      /* resolved: --data, ./data, or the installed share dir */
	const char *templates_dir; /* resolved likewise */
	const char *fonts_dir;     /* resolved likewise */
	const char *style_file;    /* --style FILE, or NULL for templates_dir/style.yaml */
	const char *schema_dir;    /* init: the JSON Schemas, an absolute path, or NULL */
	struct date today;         /* --today, SOURCE_DATE_EPOCH, or the clock */
	int verbosity;             /* -q = -1, -v = 1 */

	/* build / select / list */
	struct strlist audiences;  /* -a ID, repeatable */
	int all;                   /* --all */
	int fmt_pdf, fmt_md;       /* -f pdf,md (default both) */
	int fmt_json;              /* -f json: the brief's record (default on) */
	const char *compare_to;    /* --compare-to DIR|FILE.json: earlier records */
	int fmt_given;             /* -f was given (else -o FILE.pdf picks the format) */
	const char *out;           /* -o DIR or "-" (default "out") */
	int jobs;                  /* -j N; 0 when not given (build: 1, render: every CPU) */
	int json;                  /* --json */
	const char *manifest;      /* --manifest FILE */
	int shard_k, shard_n;      /* --shard K/N (1-based K; n 0 = none) */
	int dump_layout;           /* --dump-layout */
	struct filters filters;
	int max_age;               /* --max-age MONTHS (default STALE_AFTER_MONTHS) */

	/* positional arguments after the command */
	char **args;
	int nargs;
};

int cmd_check(const struct options *o);
int cmd_list(const struct options *o);   /* args[0]: cases | audiences | tags */
int cmd_select(const struct options *o);
int cmd_build(const struct options *o);  /* build.c */
int cmd_render(const struct options *o); /* render.c; args[0]: FILE.md or "-"; -o FILE.pdf */
int cmd_init(const struct options *o);   /* init.c; args[0]: the directory to create */

/*
 * help.c: the help on `topic` (a command name, or NULL for the overview)
 * on `out`. Returns 0, or -1 (printing nothing) for an unknown topic.
 */
int cli_help(const char *topic, FILE *out);

/*
 * check_json.c: `check --json`: the diagnostics of loading `data_dir` as
 * one JSON object on stdout (nothing on stderr); `ds` may be NULL (the
 * directory could not be read). Returns the exit code (65 when any
 * diagnostic is an error, 74 when stdout cannot be written). `d` is
 * sorted, not released.
 */
struct diags;
int cli_check_json(const char *data_dir, const struct dataset *ds, struct diags *d);

/*
 * check_images.c: a warning in `d` for each local image the data's
 * Markdown names that a PDF brief could not show (images resolve in
 * `templates_dir`, NULL meaning the current directory, as in build).
 */
void check_images(const struct dataset *ds, const char *templates_dir, struct diags *d);

/* Loads o->data_dir, prints diagnostics; NULL (exit 65) on errors. */
struct dataset *cli_load_data(const struct options *o);
/*
 * What the commands check against the data once it is loaded; each prints
 * its problem ("unknown audience 'x' (did you mean 'y'?)", "--tag:
 * undefined tag 'x'") and a "Try 'casebrief list ...'" line. The audience,
 * or NULL (a usage error); EXIT_OK or EXIT_USAGE for the filters.
 */
const struct audience *cli_find_audience(const struct dataset *ds, const char *id);
int cli_check_filters(const struct options *o, const struct dataset *ds);

/*
 * The base style for build and render: o->style_file, else
 * <templates_dir>/style.yaml when it exists, else NULL (the built-in
 * defaults). The caller frees it.
 */
char *cli_style_path(const struct options *o);

/* The processors this process may run on (at least 1, at most 64): the
 * threads a command uses when -j does not say. */
int cli_cpus(void);

#endif
