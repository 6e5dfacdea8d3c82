/*
 * main.c - the command line: options into struct options, then one command.
 *
 * Options may come before or after the command word (getopt_long with a
 * leading '-' in the short-option string hands us every non-option in
 * order, whatever POSIXLY_CORRECT says). Every value is checked here, so
 * the commands only see well-formed options; a bad one is a usage error:
 * "casebrief: <problem>", "Try 'casebrief --help'.", exit 2.
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

static const char usage_text[] =
	"Usage: casebrief [COMMAND] [OPTIONS]\n"
	"Turns curated case studies into a brief for one kind of decision-maker:\n"
	"a typeset PDF and a GitHub-flavoured Markdown file.\n"
	"\n"
	"Commands:\n"
	"  build  [-a ID]... [--all] [-f pdf,md] [-o DIR|-] [-j N] [--json] [FILTERS]\n"
	"                         write briefs; with no command: build --all into out/\n"
	"  render FILE.md [-o FILE.pdf]\n"
	"                         typeset any Markdown file with the same engine\n"
	"  check  [--max-age MONTHS]\n"
	"                         validate the data set; exit 65 on errors\n"
	"  list   cases|audiences|tags [--json] [FILTERS]\n"
	"                         show what the data set holds\n"
	"  select -a ID [FILTERS] [--json]\n"
	"                         what a brief would contain, with scores and reasons\n"
	"\n"
	"Global options:\n"
	"      --data DIR         the data set (default ./data, else the installed one)\n"
	"      --templates DIR    the templates (default ./templates, else installed)\n"
	"      --fonts DIR        the fonts (default ./fonts, else installed)\n"
	"      --style FILE       the page style (default TEMPLATES/style.yaml)\n"
	"      --today YYYY-MM-DD the date of the brief (default SOURCE_DATE_EPOCH,\n"
	"                         else the clock)\n"
	"  -q, --quiet            no warnings\n"
	"  -v, --verbose          more messages on stderr\n"
	"  -h, --help             print this help and exit\n"
	"      --version          print the version and exit\n"
	"\n"
	"Options of build, select and list:\n"
	"  -a, --audience ID      an audience profile (repeatable)\n"
	"      --all              every audience\n"
	"  -f, --format LIST      pdf, md or pdf,md (default pdf,md)\n"
	"  -o, --output DIR|-     where briefs go (default out); - means stdout\n"
	"  -j, --jobs N           build N briefs at a time (default 1)\n"
	"      --json             machine-readable output on stdout\n"
	"      --manifest FILE    build the jobs listed in FILE\n"
	"      --shard K/N        build only the K-th of N slices of the batch\n"
	"      --dump-layout      print the page layout as text\n"
	"      --max-age MONTHS   check: sources verified longer ago are stale\n"
	"                         (default 18)\n"
	"\n"
	"Filters (repeatable; same key OR, different keys AND; they narrow the\n"
	"audience's selection, but never drop the cases added for balance):\n"
	"      --tag T  --kind K  --org-size S  --lang L  --since YEAR  --until YEAR\n"
	"\n"
	"Exit codes:\n"
	"  0 success, 1 a brief failed, 2 usage error, 65 invalid data, 74 I/O error\n";

enum {
	OPT_DATA = 256, OPT_TEMPLATES, OPT_FONTS, OPT_STYLE, OPT_TODAY,
	OPT_VERSION, OPT_ALL, OPT_JSON, OPT_MANIFEST, OPT_SHARD,
	OPT_DUMP_LAYOUT, OPT_TAG, OPT_KIND, OPT_ORG_SIZE, OPT_LANG,
	OPT_SINCE, OPT_UNTIL, OPT_MAX_AGE
};

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
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "max-age", required_argument, NULL, OPT_MAX_AGE },
	{ NULL, 0, NULL, 0 }
};

static const char *const commands[] = { "build", "render", "check", "list", "select" };
static const char *const list_subjects[] = { "cases", "audiences", "tags" };

/* What main() owns besides struct options: the resolved directories. */
struct cli_state {
	struct options o;
	const char *command;
	int out_given;
	char *owned[3];
};

static int usage_error(const char *fmt, ...) CB_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "casebrief: %s\nTry 'casebrief --help'.\n", sb.buf);
	strbuf_release(&sb);
	return EXIT_USAGE;
}

/* " (did you mean 'x'?)" for the closest of `names`, or "". */
static const char *suggest(const char *got, const char *const *names, int n,
			   char *buf, size_t size)
{
	size_t best = 3;
	int i, pick = -1;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t d = str_distance(got, names[i], 2);
		if (d < best) {
			best = d;
			pick = i;
		}
	}
	if (pick >= 0)
		snprintf(buf, size, " (did you mean '%s'?)", names[pick]);
	return buf;
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

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Strict YYYY-MM-DD with a real calendar day. */
static int parse_date(const char *s, struct date *d)
{
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	d->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d->month = (s[5] - '0') * 10 + (s[6] - '0');
	d->day = (s[8] - '0') * 10 + (s[9] - '0');
	if (d->year < 1 || d->month < 1 || d->month > 12 || d->day < 1 ||
	    d->day > days_in_month(d->year, d->month))
		return -1;
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

	o->fmt_pdf = o->fmt_md = 0;
	for (;;) {
		size_t n = strcspn(p, ",");
		if (n == 3 && !strncmp(p, "pdf", 3))
			o->fmt_pdf = 1;
		else if (n == 2 && !strncmp(p, "md", 2))
			o->fmt_md = 1;
		else
			return usage_error("invalid --format '%s': use pdf, md or pdf,md", arg);
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

static int parse_year(const char *opt, const char *arg, int *year)
{
	long v;
	if (parse_int(arg, 1, 9999, &v))
		return usage_error("invalid %s '%s': want a year such as 2020", opt, arg);
	*year = (int)v;
	return 0;
}

/* An enum-valued filter (--kind, --org-size): checked against the names. */
static int add_enum_filter(const char *opt, const char *arg,
			   const char *const *names, int n, struct strlist *l)
{
	char hint[96];

	if (enum_lookup(names, n, arg) < 0) {
		struct strbuf all = STRBUF_INIT;
		int i, ret;
		for (i = 0; i < n; i++)
			strbuf_addf(&all, "%s%s", i ? ", " : "", names[i]);
		ret = usage_error("invalid %s '%s'%s; one of: %s", opt, arg,
				  suggest(arg, names, n, hint, sizeof(hint)), all.buf);
		strbuf_release(&all);
		return ret;
	}
	if (!strlist_has(l, arg))
		strlist_push(l, arg);
	return 0;
}

static int add_arg(struct cli_state *st, char *arg)
{
	struct options *o = &st->o;

	if (!st->command) {
		st->command = arg;
		return 0;
	}
	o->args = xrealloc(o->args, sizeof(*o->args) * (size_t)(o->nargs + 2));
	o->args[o->nargs++] = arg;
	o->args[o->nargs] = NULL;
	return 0;
}

/* One option; returns 0, EXIT_USAGE, or -1 for "done: exit 0 now". */
static int apply_option(struct cli_state *st, int c, char *arg)
{
	struct options *o = &st->o;
	long v;

	switch (c) {
	case 1:
		return add_arg(st, arg);
	case OPT_DATA: o->data_dir = arg; return 0;
	case OPT_TEMPLATES: o->templates_dir = arg; return 0;
	case OPT_FONTS: o->fonts_dir = arg; return 0;
	case OPT_STYLE: o->style_file = arg; return 0;
	case OPT_TODAY:
		if (parse_date(arg, &o->today))
			return usage_error("invalid --today '%s': want a date YYYY-MM-DD", arg);
		return 0;
	case 'q': o->verbosity = -1; return 0;
	case 'v': o->verbosity = 1; return 0;
	case 'h':
		fputs(usage_text, stdout);
		return -1;
	case OPT_VERSION:
		printf("casebrief %s\n", CASEBRIEF_VERSION);
		return -1;
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
	case OPT_TAG:
		if (!is_valid_id(arg))
			return usage_error("invalid --tag '%s': tag ids are [a-z0-9-]+", arg);
		if (!strlist_has(&o->filters.tags, arg))
			strlist_push(&o->filters.tags, arg);
		return 0;
	case OPT_KIND:
		return add_enum_filter("--kind", arg, case_kind_names, KIND__COUNT,
				       &o->filters.kinds);
	case OPT_ORG_SIZE:
		return add_enum_filter("--org-size", arg, org_size_names, ORG__COUNT,
				       &o->filters.org_sizes);
	case OPT_LANG:
		if (!*arg)
			return usage_error("empty --lang");
		if (!strlist_has(&o->filters.langs, arg))
			strlist_push(&o->filters.langs, arg);
		return 0;
	case OPT_SINCE: return parse_year("--since", arg, &o->filters.since);
	case OPT_UNTIL: return parse_year("--until", arg, &o->filters.until);
	case OPT_MAX_AGE:
		if (parse_int(arg, 0, MAX_AGE_MONTHS, &v))
			return usage_error("invalid --max-age '%s': want a number of months",
					   arg);
		o->max_age = (int)v;
		return 0;
	default:
		/* getopt_long has printed what was wrong. */
		fputs("Try 'casebrief --help'.\n", stderr);
		return EXIT_USAGE;
	}
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

static int is_dir(const char *path)
{
	struct stat s;
	return stat(path, &s) == 0 && S_ISDIR(s.st_mode);
}

/*
 * The option; else ./NAME when it is a directory; else the share directory
 * next to the running binary (<bin>/../share/casebrief/NAME); else the
 * source checkout an uninstalled binary was built in (<bin>/../NAME, for
 * build/casebrief); else the one under the build-time prefix. `*owned` receives what the caller frees.
 */
static const char *resolve_dir(const char *given, const char *name, char **owned)
{
	struct strbuf sb = STRBUF_INIT;
	char exe[PATH_MAX];
	ssize_t n;

	*owned = NULL;
	if (given)
		return given;
	strbuf_addf(&sb, "./%s", name);
	if (is_dir(sb.buf))
		goto done;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/../share/casebrief/%s", exe, name);
			if (is_dir(sb.buf))
				goto done;
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/../%s", exe, name);
			if (is_dir(sb.buf))
				goto done;
		}
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/share/casebrief/%s", CASEBRIEF_PREFIX, name);
done:
	*owned = strbuf_detach(&sb, NULL);
	return *owned;
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

/* Checks what each command needs beyond well-formed options. */
static int check_command(struct cli_state *st)
{
	struct options *o = &st->o;
	const char *cmd = st->command;
	char hint[96];

	if (!strcmp(cmd, "build") || !strcmp(cmd, "check"))
		return no_args(st);
	if (!strcmp(cmd, "render")) {
		if (o->nargs != 1)
			return usage_error("render: want one FILE.md");
		return 0;
	}
	if (!strcmp(cmd, "list")) {
		if (o->nargs < 1)
			return usage_error("list: want cases, audiences or tags");
		if (o->nargs > 1)
			return usage_error("list: unexpected argument '%s'", o->args[1]);
		if (!is_list_subject(o->args[0]))
			return usage_error("list: unknown '%s'%s; want cases, audiences or tags",
					   o->args[0],
					   suggest(o->args[0], list_subjects,
						   (int)ARRAY_SIZE(list_subjects), hint,
						   sizeof(hint)));
		if (strcmp(o->args[0], "cases") && !filters_empty(&o->filters))
			return usage_error("list: filters apply to 'list cases' only");
		return 0;
	}
	if (!strcmp(cmd, "select")) {
		if (no_args(st))
			return EXIT_USAGE;
		if (o->all || o->audiences.n != 1)
			return usage_error("select: want exactly one -a ID");
		return 0;
	}
	return usage_error("unknown command '%s'%s", cmd,
			   suggest(cmd, commands, (int)ARRAY_SIZE(commands), hint,
				   sizeof(hint)));
}

static int dispatch(struct cli_state *st)
{
	const char *cmd = st->command;

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

int main(int argc, char **argv)
{
	struct cli_state st;
	int rc;
	size_t i;

	memset(&st, 0, sizeof(st));
	st.o.fmt_pdf = st.o.fmt_md = 1;
	st.o.jobs = 1;
	st.o.max_age = 18;

	rc = parse_options(&st, argc, argv);
	if (rc) {
		rc = rc < 0 ? EXIT_OK : rc;
		goto out;
	}
	log_set_verbosity(st.o.verbosity);
	if (st.o.filters.since && st.o.filters.until &&
	    st.o.filters.since > st.o.filters.until) {
		rc = usage_error("--since %d is after --until %d", st.o.filters.since,
				 st.o.filters.until);
		goto out;
	}
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
	st.o.data_dir = resolve_dir(st.o.data_dir, "data", &st.owned[0]);
	st.o.templates_dir = resolve_dir(st.o.templates_dir, "templates", &st.owned[1]);
	st.o.fonts_dir = resolve_dir(st.o.fonts_dir, "fonts", &st.owned[2]);
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
