/*
 * main.c - the command line: options into struct options, then one command.
 *
 * Options may come before or after the command word (getopt_long with a
 * leading '-' in the short-option string hands us every non-option in
 * order, whatever POSIXLY_CORRECT says). Every value is checked here, so
 * the commands only see well-formed options; a bad one is a usage error:
 * "casebrief: <problem>", "Try 'casebrief help [CMD]'.", exit 2.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "yaml/read.h"
#include "base/version.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"
#include "base/date.h"

#ifndef CASEBRIEF_PREFIX
#define CASEBRIEF_PREFIX "/usr/local"
#endif

#define MAX_JOBS 1024
#define MAX_SHARDS 1000000
#define MAX_AGE_MONTHS 12000

enum {
	OPT_DATA = 256, OPT_TEMPLATES, OPT_FONTS, OPT_STYLE, OPT_TODAY,
	OPT_VERSION, OPT_ALL, OPT_JSON, OPT_MANIFEST, OPT_SHARD,
	OPT_DUMP_LAYOUT, OPT_MAX_AGE, OPT_OPTION, OPT_COMPARE_TO,
	/* the filters, in enum filter_key order */
	OPT_TAG, OPT_KIND, OPT_ORG_SIZE, OPT_LANG, OPT_SINCE, OPT_UNTIL
};
_Static_assert(OPT_UNTIL - OPT_TAG == FILTER_UNTIL - FILTER_TAG, "filter options");

static const struct option long_options[] = {
	{ "data", required_argument, NULL, OPT_DATA },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "fonts", required_argument, NULL, OPT_FONTS },
	{ "style", required_argument, NULL, OPT_STYLE },
	{ "today", required_argument, NULL, OPT_TODAY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "audience", required_argument, NULL, 'a' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "manifest", required_argument, NULL, OPT_MANIFEST },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "dump-layout", no_argument, NULL, OPT_DUMP_LAYOUT },
	{ "tag", required_argument, NULL, OPT_TAG },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "org-size", required_argument, NULL, OPT_ORG_SIZE },
	{ "option", required_argument, NULL, OPT_OPTION },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "max-age", required_argument, NULL, OPT_MAX_AGE },
	{ "compare-to", required_argument, NULL, OPT_COMPARE_TO },
	{ NULL, 0, NULL, 0 }
};

static const char *const commands[] = {
	"build", "render", "check", "list", "select", "init", "help"
};
static const char *const list_subjects[] = { "cases", "audiences", "tags" };

/* Where a directory came from (resolve_dir), for -v. */
enum dir_origin { FROM_OPTION, FROM_CWD, FROM_SHARE, FROM_SOURCE, FROM_PREFIX };
static const char *const origin_names[] = {
	"given", "in the current directory", "installed beside the binary",
	"the source tree the binary was built in", "the installation prefix"
};

/* What main() owns besides struct options: the resolved directories. */
struct cli_state {
	struct options o;
	const char *command;
	int out_given;
	int help;                  /* -h, --help: help on the command, if any */
	enum dir_origin origin[3]; /* of data_dir, templates_dir, fonts_dir */
	char *owned[4];            /* ... and schema_dir */
};

/* The command once it is known, for "Try 'casebrief help CMD'." */
static const char *help_topic;

static int usage_error(const char *fmt, ...) CB_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "casebrief: %s\nTry 'casebrief help%s%s'.\n", sb.buf,
		help_topic ? " " : "", help_topic ? help_topic : "");
	strbuf_release(&sb);
	return EXIT_USAGE;
}

/* " (did you mean 'x'?)" for the closest of `names` (yaml/read.h's rule). */
static const char *suggest(const char *got, const char *const *names, size_t n,
			   struct strbuf *sb)
{
	strbuf_reset(sb);
	yread_hint(sb, got, names, n);
	return sb->buf;
}

/* Parses a decimal integer in [min, max] that is the whole string. */
static int parse_int(const char *s, long min, long max, long *v)
{
	char *end;
	long n;

	if (*s < '0' || *s > '9') /* no sign or white space, which strtol would take */
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

static void date_from_tm(const struct tm *tm, struct date *d)
{
	d->year = tm->tm_year + 1900;
	d->month = tm->tm_mon + 1;
	d->day = tm->tm_mday;
}

/* --today was not given: SOURCE_DATE_EPOCH (UTC), else the local clock. */
static int default_today(struct date *d)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct tm tm;
	time_t t;

	if (sde && *sde) {
		long long secs;
		char *end;

		errno = 0;
		secs = strtoll(sde, &end, 10);
		if (errno || *end || secs < 0 || *sde == '+' || *sde == '-' ||
		    secs > 253402300799LL /* 9999-12-31T23:59:59Z */)
			return usage_error("invalid SOURCE_DATE_EPOCH '%s': want seconds since 1970",
					   sde);
		t = (time_t)secs;
		if (!gmtime_r(&t, &tm))
			return usage_error("invalid SOURCE_DATE_EPOCH '%s'", sde);
		date_from_tm(&tm, d);
		return 0;
	}
	t = time(NULL);
	if (!localtime_r(&t, &tm))
		return usage_error("cannot read the clock; use --today YYYY-MM-DD");
	date_from_tm(&tm, d);
	return 0;
}

static int parse_formats(const char *arg, struct options *o)
{
	const char *p = arg;

	o->fmt_pdf = o->fmt_md = o->fmt_json = 0;
	o->fmt_given = 1;
	for (;;) {
		size_t n = strcspn(p, ",");
		if (n == 3 && !strncmp(p, "pdf", 3))
			o->fmt_pdf = 1;
		else if (n == 2 && !strncmp(p, "md", 2))
			o->fmt_md = 1;
		else if (n == 4 && !strncmp(p, "json", 4))
			o->fmt_json = 1;
		else
			return usage_error("invalid --format '%s': use a list of pdf, md and json "
					   "(pdf,md,json)", arg);
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int parse_shard(const char *arg, struct options *o)
{
	const char *slash = strchr(arg, '/');
	char k[24];
	long kv, nv;

	if (!slash || (size_t)(slash - arg) >= sizeof(k))
		goto bad;
	memcpy(k, arg, (size_t)(slash - arg));
	k[slash - arg] = '\0';
	if (parse_int(k, 1, MAX_SHARDS, &kv) || parse_int(slash + 1, 1, MAX_SHARDS, &nv) ||
	    kv > nv)
		goto bad;
	o->shard_k = (int)kv;
	o->shard_n = (int)nv;
	return 0;
bad:
	return usage_error("invalid --shard '%s': want K/N with 1 <= K <= N", arg);
}

/* A filter option, through the validator the manifests use too. */
static int add_filter(struct options *o, enum filter_key key, const char *opt, const char *arg)
{
	struct strbuf why = STRBUF_INIT;
	long v;
	int ret = 0;

	if (key == FILTER_SINCE || key == FILTER_UNTIL) {
		if (parse_int(arg, 0, LONG_MAX, &v))
			ret = usage_error("invalid %s '%s': want a year such as 2020", opt, arg);
		else if (filters_set_year(&o->filters, key, v, opt, &why))
			ret = usage_error("%s", why.buf);
	} else if (filters_add(&o->filters, key, arg, opt, NULL, &why)) {
		ret = usage_error("%s", why.buf);
	}
	strbuf_release(&why);
	return ret;
}

static int add_arg(struct cli_state *st, char *arg)
{
	struct options *o = &st->o;

	if (!st->command) {
		st->command = arg;
		if (enum_lookup(commands, (int)ARRAY_SIZE(commands), arg) >= 0 &&
		    strcmp(arg, "help"))
			help_topic = arg;
		return 0;
	}
	o->args = xrealloc(o->args, sizeof(*o->args) * (size_t)(o->nargs + 2));
	o->args[o->nargs++] = arg;
	o->args[o->nargs] = NULL;
	return 0;
}

/* What an apply_* function returns for an option that is not its own. */
#define NOT_MINE (-2)

/* The options every command takes. */
static int apply_global(struct cli_state *st, int c, char *arg)
{
	struct options *o = &st->o;

	switch (c) {
	case OPT_DATA: o->data_dir = arg; return 0;
	case OPT_TEMPLATES: o->templates_dir = arg; return 0;
	case OPT_FONTS: o->fonts_dir = arg; return 0;
	case OPT_STYLE: o->style_file = arg; return 0;
	case OPT_TODAY:
		if (date_parse(arg, &o->today) != DATE_OK || !o->today.day)
			return usage_error("invalid --today '%s': want a date YYYY-MM-DD", arg);
		return 0;
	case 'q': o->verbosity = -1; return 0;
	case 'v': o->verbosity = 1; return 0;
	case 'h': st->help = 1; return 0;
	case OPT_VERSION:
		printf("casebrief %s\n", CASEBRIEF_VERSION);
		return -1;
	default:
		return NOT_MINE;
	}
}

/* The options of build, select, list and check. */
static int apply_command(struct cli_state *st, int c, char *arg)
{
	struct options *o = &st->o;
	long v;

	switch (c) {
	case 'a':
		if (!is_valid_id(arg))
			return usage_error("invalid audience id '%s': want [a-z0-9-]+", arg);
		if (!strlist_has(&o->audiences, arg))
			strlist_push(&o->audiences, arg);
		return 0;
	case OPT_ALL: o->all = 1; return 0;
	case 'f': return parse_formats(arg, o);
	case 'o':
		if (!*arg)
			return usage_error("empty --output");
		o->out = arg;
		st->out_given = 1;
		return 0;
	case 'j':
		if (parse_int(arg, 1, MAX_JOBS, &v))
			return usage_error("invalid --jobs '%s': want a whole number from 1 to %d", arg, MAX_JOBS);
		o->jobs = (int)v;
		return 0;
	case OPT_JSON: o->json = 1; return 0;
	case OPT_MANIFEST:
		if (!*arg)
			return usage_error("empty --manifest");
		o->manifest = arg;
		return 0;
	case OPT_SHARD: return parse_shard(arg, o);
	case OPT_DUMP_LAYOUT: o->dump_layout = 1; return 0;
	case OPT_COMPARE_TO:
		if (!*arg)
			return usage_error("empty --compare-to");
		o->compare_to = arg;
		return 0;
	case OPT_MAX_AGE:
		if (parse_int(arg, 0, MAX_AGE_MONTHS, &v))
			return usage_error("invalid --max-age '%s': want a number of months",
					   arg);
		o->max_age = (int)v;
		return 0;
	default:
		return NOT_MINE;
	}
}

/* One option; returns 0, EXIT_USAGE, or -1 for "done: exit 0 now". */
static int apply_option(struct cli_state *st, int c, char *arg)
{
	static const char *const filter_opts[FILTER__COUNT] = {
		"--tag", "--kind", "--org-size", "--lang", "--since", "--until"
	};
	int ret;

	if (c == 1)
		return add_arg(st, arg);
	if (c == OPT_OPTION)
		return add_filter(&st->o, FILTER_LANG, "--option", arg);
	/* The filter options are in filter_key order. */
	if (c >= OPT_TAG && c <= OPT_UNTIL)
		return add_filter(&st->o, (enum filter_key)(c - OPT_TAG), filter_opts[c - OPT_TAG],
				  arg);
	ret = apply_global(st, c, arg);
	if (ret == NOT_MINE)
		ret = apply_command(st, c, arg);
	if (ret != NOT_MINE)
		return ret;
	return usage_error("unknown option");
}

static int parse_options(struct cli_state *st, int argc, char **argv)
{
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "-:qvha:f:o:j:", long_options, NULL)) != -1) {
		if (c == '?') {
			if (optopt > ' ' && optopt < 127)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown or misused option '%s'",
					   argv[optind - 1]);
		}
		if (c == ':') {
			if (optopt > ' ' && optopt < 127)
				return usage_error("option '-%c' needs a value", optopt);
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		}
		ret = apply_option(st, c, optarg);
		if (ret)
			return ret;
	}
	for (; optind < argc; optind++) /* after "--" */
		add_arg(st, argv[optind]);
	return 0;
}

static int check_years(const struct options *o)
{
	struct strbuf why = STRBUF_INIT;
	int ret = 0;

	if (filters_check_years(&o->filters, "--since", "--until", &why))
		ret = usage_error("%s", why.buf);
	strbuf_release(&why);
	return ret;
}

static int is_dir(const char *path)
{
	struct stat s;
	return stat(path, &s) == 0 && S_ISDIR(s.st_mode);
}

/* The directory of the running binary into `buf`; -1 when unknown. */
static int exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

/*
 * The option; else ./NAME when it is a directory; else the share directory
 * next to the running binary (<bin>/../share/casebrief/NAME); else the
 * source checkout an uninstalled binary was built in (<bin>/../NAME, for
 * build/casebrief); else the one under the build-time prefix, whether it
 * exists or not (check_paths says so). `*owned` receives what the caller
 * frees, `*from` where the directory came from.
 */
static const char *resolve_dir(const char *given, const char *name, char **owned,
			       enum dir_origin *from)
{
	struct strbuf sb = STRBUF_INIT;
	char exe[PATH_MAX];

	*owned = NULL;
	*from = FROM_OPTION;
	if (given)
		return given;
	*from = FROM_CWD;
	strbuf_addf(&sb, "./%s", name);
	if (is_dir(sb.buf))
		goto done;
	if (!exe_dir(exe, sizeof(exe))) {
		/* the binary's parent, written out: the paths end up in the
		 * brief's "To make it again" line, where "build/.." reads badly */
		char *up = strrchr(exe, '/');
		if (up)
			*up = '\0';
		*from = FROM_SHARE;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/share/casebrief/%s", exe, name);
		if (is_dir(sb.buf))
			goto done;
		*from = FROM_SOURCE;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", exe, name);
		if (is_dir(sb.buf))
			goto done;
	}
	*from = FROM_PREFIX;
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/share/casebrief/%s", CASEBRIEF_PREFIX, name);
done:
	*owned = strbuf_detach(&sb, NULL);
	return *owned;
}

/*
 * init's JSON Schemas, as an absolute path that holds from anywhere: the
 * ones installed beside the binary, else the source tree's (src/schema,
 * for build/casebrief), else the build-time prefix's; NULL when none is
 * there. Unlike the data, ./schema is not looked at: a directory of that
 * name in the current directory is more likely someone else's.
 */
static char *find_schema_dir(void)
{
	static const char *const tails[] = { "../share/casebrief/schema", "../src/schema" };
	struct strbuf sb = STRBUF_INIT;
	char exe[PATH_MAX], *real = NULL;
	int have_exe = !exe_dir(exe, sizeof(exe));
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tails) && !real && have_exe; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", exe, tails[i]);
		if (is_dir(sb.buf))
			real = realpath(sb.buf, NULL);
	}
	if (!real) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/share/casebrief/schema", CASEBRIEF_PREFIX);
		if (is_dir(sb.buf))
			real = realpath(sb.buf, NULL);
	}
	strbuf_release(&sb);
	return real;
}

static int is_list_subject(const char *s)
{
	return enum_lookup(list_subjects, (int)ARRAY_SIZE(list_subjects), s) >= 0;
}

static int no_args(const struct cli_state *st)
{
	if (st->o.nargs)
		return usage_error("%s: unexpected argument '%s'", st->command,
				   st->o.args[0]);
	return 0;
}

static int check_list(struct cli_state *st)
{
	struct options *o = &st->o;
	struct strbuf hint = STRBUF_INIT;
	int ret = 0;

	if (o->nargs < 1)
		return usage_error("list: want cases, audiences or tags");
	if (o->nargs > 1)
		return usage_error("list: unexpected argument '%s'", o->args[1]);
	if (!is_list_subject(o->args[0]))
		ret = usage_error("list: unknown '%s'%s; want cases, audiences or tags",
				  o->args[0], suggest(o->args[0], list_subjects,
						      ARRAY_SIZE(list_subjects), &hint));
	else if (strcmp(o->args[0], "cases") && !filters_empty(&o->filters))
		ret = usage_error("list: filters apply to 'list cases' only");
	strbuf_release(&hint);
	return ret;
}

/* `help [CMD]`, or -h/--help with or without a command: prints, exit 0. */
static int show_help(struct cli_state *st)
{
	const char *topic = st->command;
	struct strbuf hint = STRBUF_INIT;
	int ret = -1;

	if (topic && !strcmp(topic, "help") && !(st->help && !st->o.nargs)) {
		if (st->o.nargs > 1)
			return usage_error("help: want at most one command");
		topic = st->o.nargs ? st->o.args[0] : NULL;
	}
	if (cli_help(topic, stdout) < 0)
		ret = usage_error("help: unknown command '%s'%s", topic,
				  suggest(topic, commands, ARRAY_SIZE(commands), &hint));
	strbuf_release(&hint);
	return ret;
}

/* Checks what each command needs beyond well-formed options. */
static int check_command(struct cli_state *st)
{
	struct options *o = &st->o;
	const char *cmd = st->command;
	struct strbuf hint = STRBUF_INIT;
	int ret;

	if (!strcmp(cmd, "build") || !strcmp(cmd, "check"))
		return no_args(st);
	if (!strcmp(cmd, "render")) {
		if (o->nargs != 1)
			return usage_error("render: want one FILE.md (or - for standard input)");
		return 0;
	}
	if (!strcmp(cmd, "init")) {
		if (o->nargs != 1)
			return usage_error("init: want one DIR, the data set to create");
		return 0;
	}
	if (!strcmp(cmd, "list"))
		return check_list(st);
	if (!strcmp(cmd, "select")) {
		if (no_args(st))
			return EXIT_USAGE;
		if (o->all || o->audiences.n != 1)
			return usage_error("select: want exactly one -a ID");
		return 0;
	}
	ret = usage_error("unknown command '%s'%s", cmd,
			  suggest(cmd, commands, ARRAY_SIZE(commands), &hint));
	strbuf_release(&hint);
	return ret;
}

/*
 * What a command reads must be there: the data set (every command but
 * render and init), the templates with brief.md.mustache (build) and the
 * fonts (build, render). One rule for every path, given or found: a
 * directory or file that does not exist or cannot be read is an I/O error
 * (74), whatever names it; what is read and found wrong is invalid data
 * (65). (What a style or a template names in turn, a font file or a
 * partial, fails the briefs that need it: exit 1.)
 */
static int check_dir(const char *what, const char *name, const char *path,
		     enum dir_origin from)
{
	struct stat sb;

	if (!stat(path, &sb) && S_ISDIR(sb.st_mode) && !access(path, R_OK | X_OK))
		return 0;
	if (from != FROM_OPTION)
		error("no %s found: none in ./%s, none installed beside the binary or in %s; "
		      "give --%s DIR", what, name, path, name);
	else if (!stat(path, &sb) && !S_ISDIR(sb.st_mode))
		error("--%s %s: not a directory", name, path);
	else
		error_errno("--%s %s", name, path);
	return EXIT_IOERR;
}

static int check_paths(const struct cli_state *st)
{
	const struct options *o = &st->o;
	const char *cmd = st->command;
	int build = !strcmp(cmd, "build"), render = !strcmp(cmd, "render");
	int rc = 0;

	if (!render && strcmp(cmd, "init")) {
		rc = check_dir("data set", "data", o->data_dir, st->origin[0]);
		if (rc && st->origin[0] != FROM_OPTION)
			error("'casebrief init DIR' writes a starter data set to begin with");
	}
	if (!rc && build)
		rc = check_dir("templates", "templates", o->templates_dir, st->origin[1]);
	if (!rc && build) {
		struct strbuf tmpl = STRBUF_INIT;
		strbuf_addf(&tmpl, "%s/brief.md.mustache", o->templates_dir);
		if (access(tmpl.buf, R_OK)) {
			error_errno("%s: cannot read the brief's template", tmpl.buf);
			rc = EXIT_IOERR;
		}
		strbuf_release(&tmpl);
	}
	if (!rc && ((build && (o->fmt_pdf || o->manifest)) || render))
		rc = check_dir("fonts", "fonts", o->fonts_dir, st->origin[2]);
	return rc;
}

/* -v: which data set, templates and fonts this run uses, and why those. */
static void say_paths(const struct cli_state *st)
{
	const struct options *o = &st->o;
	const char *cmd = st->command;
	int build = !strcmp(cmd, "build"), render = !strcmp(cmd, "render");

	if (log_verbosity() <= 0 || !strcmp(cmd, "init"))
		return;
	if (!render)
		info("data set: %s (%s)", o->data_dir, origin_names[st->origin[0]]);
	if (build)
		info("templates: %s (%s)", o->templates_dir, origin_names[st->origin[1]]);
	if (build || render)
		info("fonts: %s (%s)", o->fonts_dir, origin_names[st->origin[2]]);
	if (o->style_file)
		info("style: %s (given)", o->style_file);
}

static int dispatch(struct cli_state *st)
{
	const char *cmd = st->command;

	if (!strcmp(cmd, "init"))
		return cmd_init(&st->o);
	if (!strcmp(cmd, "build"))
		return cmd_build(&st->o);
	if (!strcmp(cmd, "render"))
		return cmd_render(&st->o);
	if (!strcmp(cmd, "check"))
		return cmd_check(&st->o);
	if (!strcmp(cmd, "list"))
		return cmd_list(&st->o);
	return cmd_select(&st->o);
}

/*
 * Nothing may be lost silently on stdout: flush and close it, and turn a
 * failure into exit 74 unless the command already reported an I/O error.
 */
static int close_stdout(int rc)
{
	int failed, err;

	errno = 0;
	failed = fflush(stdout) != 0;
	err = errno;

	failed |= ferror(stdout) != 0;
	/* A closed stdout that nothing was written to is not an error. */
	if (fclose(stdout) != 0 && !failed && errno != EBADF) {
		failed = 1;
		err = errno;
	}
	if (!failed)
		return rc;
	if (rc != EXIT_IOERR) {
		errno = err;
		if (err)
			error_errno("write error on standard output");
		else
			error("write error on standard output");
	}
	return rc == EXIT_OK || rc == EXIT_FAILED ? EXIT_IOERR : rc;
}

/* The directories a command reads, each from its option or the fallbacks. */
static void resolve_dirs(struct cli_state *st)
{
	struct options *o = &st->o;

	o->data_dir = resolve_dir(o->data_dir, "data", &st->owned[0], &st->origin[0]);
	o->templates_dir = resolve_dir(o->templates_dir, "templates", &st->owned[1],
				       &st->origin[1]);
	o->fonts_dir = resolve_dir(o->fonts_dir, "fonts", &st->owned[2], &st->origin[2]);
	if (!strcmp(st->command, "init"))
		o->schema_dir = st->owned[3] = find_schema_dir();
}

int main(int argc, char **argv)
{
	struct cli_state st;
	int rc;
	size_t i;

	memset(&st, 0, sizeof(st));
	st.o.fmt_pdf = st.o.fmt_md = st.o.fmt_json = 1;
	st.o.max_age = STALE_AFTER_MONTHS;

	rc = parse_options(&st, argc, argv);
	if (!rc && (st.help || (st.command && !strcmp(st.command, "help"))))
		rc = show_help(&st);
	if (rc) {
		rc = rc < 0 ? EXIT_OK : rc;
		goto out;
	}
	log_set_verbosity(st.o.verbosity);
	if ((rc = check_years(&st.o)))
		goto out;
	if (!st.command) {
		st.command = "build";
		if (!st.o.audiences.n && !st.o.manifest)
			st.o.all = 1;
	}
	rc = check_command(&st);
	if (rc)
		goto out;
	if (!st.o.today.year && (rc = default_today(&st.o.today)))
		goto out;
	/* render derives its output from the input name when -o is absent. */
	if (!st.out_given && strcmp(st.command, "render"))
		st.o.out = "out";
	resolve_dirs(&st);
	if ((rc = check_paths(&st)))
		goto out;
	say_paths(&st);
	rc = dispatch(&st);
out:
	rc = close_stdout(rc);
	for (i = 0; i < ARRAY_SIZE(st.owned); i++)
		free(st.owned[i]);
	strlist_release(&st.o.audiences);
	filters_release(&st.o.filters);
	free(st.o.args);
	return rc;
}
