/*
 * help.c - what `casebrief --help`, `casebrief help CMD` and
 * `casebrief CMD --help` print (cli.h). The overview lists every command
 * and option in a screen or two; a command's help says what it reads,
 * what it writes, its options and an example. The man pages go further:
 * casebrief(1), casebrief-data(5) for the data format and
 * casebrief-templates(7) for templates.
 */
#include <string.h>

#include "cli/cli.h"
#include "base/str.h"

static const char overview[] =
	"Usage: casebrief [COMMAND] [OPTIONS]\n"
	"Turns curated case studies into a brief for one kind of decision-maker:\n"
	"a typeset PDF and a GitHub-flavoured Markdown file.\n"
	"\n"
	"Commands:\n"
	"  build  [-a ID]... [--all] [-f pdf,md,json] [-o DIR|FILE|-] [-j N] [--json]\n"
	"         [--compare-to DIR|FILE.json] [FILTERS]\n"
	"                         write briefs; with no command: build --all into out/\n"
	"  render FILE.md|- [-o FILE.pdf]\n"
	"                         typeset any Markdown file with the same engine\n"
	"  check  [--max-age MONTHS] [--json]\n"
	"                         validate the data set; exit 65 on errors\n"
	"  list   cases|audiences|tags [--json] [FILTERS]\n"
	"                         show what the data set holds\n"
	"  select -a ID [FILTERS] [--json]\n"
	"                         what a brief would contain, with scores and reasons\n"
	"  init   DIR             write a starter data set to fill in\n"
	"  help   [COMMAND]       this overview, or the help on one command\n"
	"\n"
	"Global options:\n"
	"      --data DIR         the data set (default ./data, else the installed one)\n"
	"      --templates DIR    the templates (default ./templates, else installed)\n"
	"      --fonts DIR        the fonts (default ./fonts, else installed)\n"
	"      --style FILE       the page style (default TEMPLATES/style.yaml)\n"
	"      --today YYYY-MM-DD the date of the brief (default SOURCE_DATE_EPOCH,\n"
	"                         else the clock)\n"
	"  -q, --quiet            no warnings\n"
	"  -v, --verbose          more messages on stderr, among them which data set,\n"
	"                         templates and fonts are used\n"
	"  -h, --help             print this help (or a command's) and exit\n"
	"      --version          print the version and exit\n"
	"\n"
	"Options of build, select and list:\n"
	"  -a, --audience ID      an audience profile (repeatable)\n"
	"      --all              every audience\n"
	"  -f, --format LIST      pdf, md, json (the record); default all three\n"
	"  -o, --output DIR|FILE|-\n"
	"                         where briefs go (default out); FILE.pdf or FILE.md\n"
	"                         for one brief in one format; - means stdout\n"
	"  -j, --jobs N           N threads: up to N briefs at a time (default: one\n"
	"                         brief at a time, typeset on every processor)\n"
	"      --json             machine-readable output on stdout\n"
	"      --manifest FILE    build the jobs listed in FILE\n"
	"      --shard K/N        build only the K-th of N slices of the batch\n"
	"      --dump-layout      print the page layout as text\n"
	"      --max-age MONTHS   check, build: sources verified longer ago are stale\n"
	"                         (default 18)\n"
	"\n"
	"Filters (repeatable; same key OR, different keys AND; they narrow the\n"
	"audience's selection, but never drop the cases added for balance):\n"
	"      --tag T  --kind K  --org-size S  --option O  --since YEAR  --until YEAR\n"
	"      (--lang is another name for --option)\n"
	"\n"
	"Exit codes:\n"
	"  0 success, 1 a brief failed, 2 usage error, 65 invalid data,\n"
	"  74 I/O error (a file or directory that is missing or cannot be read\n"
	"  or written)\n"
	"\n"
	"'casebrief help COMMAND' says more about one command. Manuals:\n"
	"casebrief(1), casebrief-data(5) (the data format), casebrief-templates(7).\n";

static const char filters_text[] =
	"Filters (repeatable; same key OR, different keys AND):\n"
	"      --tag T            cases with this tag (a driver's or an extra one)\n"
	"      --kind K           migration, adoption or rejection\n"
	"      --org-size S       startup, scaleup, enterprise, indie, oss,\n"
	"                         public-sector or internal\n"
	"      --option O         cases that name O in from, to or rejected\n"
	"                         (--lang O is the same)\n"
	"      --since YEAR, --until YEAR\n"
	"                         cases of these years\n";

static const char build_text[] =
	"Usage: casebrief build [-a ID]... [--all] [--manifest FILE] [OPTIONS] [FILTERS]\n"
	"Writes one brief per audience: DIR/ID.pdf, DIR/ID.md and its record,\n"
	"DIR/ID.json. 'casebrief' with no command is 'casebrief build --all'.\n"
	"\n"
	"  -a, --audience ID      the audience of a brief (repeatable)\n"
	"      --all              every audience of the data set\n"
	"      --manifest FILE    the jobs listed in a YAML file (audience, output,\n"
	"                         formats, filters, style of each brief)\n"
	"  -f, --format LIST      pdf, md, json (the record), comma-separated\n"
	"                         (default all three)\n"
	"      --compare-to DIR   say what changed since the records DIR/ID.json\n"
	"      --compare-to FILE.json  the same, from one record (one brief)\n"
	"  -o, --output DIR       the directory for the files (default out)\n"
	"  -o FILE.pdf|FILE.md    one brief, one format: that file (without -f the\n"
	"                         extension picks the format)\n"
	"  -o -                   one brief to standard output (Markdown, or the PDF\n"
	"                         with -f pdf)\n"
	"  -j, --jobs N           N threads: up to N briefs at a time, the rest\n"
	"                         helping to typeset them\n"
	"      --shard K/N        only the K-th of N slices of the batch\n"
	"      --json             a summary of the batch on standard output\n"
	"      --max-age MONTHS   sources verified longer ago are stale (default 18)\n"
	"      --style FILE       another page style\n"
	"\n"
	"%s"
	"\n"
	"Examples:\n"
	"  casebrief build -a startups -f pdf -o board-brief.pdf\n"
	"  casebrief build --all -j 2 --json > summary.json\n"
	"\n"
	"Exit codes: 0 every brief written; 1 a brief failed; 2 usage error;\n"
	"65 invalid data, manifest or style, or no audience to build; 74 a file\n"
	"or directory could not be read or written; 130, 143 SIGINT, SIGTERM.\n";

static const char render_text[] =
	"Usage: casebrief render FILE.md|- [-o FILE.pdf|-] [--dump-layout]\n"
	"Typesets any Markdown file with the engine of the briefs. The PDF goes\n"
	"beside the input (FILE.pdf) unless -o names another file. With '-' the\n"
	"Markdown is read from standard input and the PDF goes to standard output\n"
	"unless -o names a file.\n"
	"\n"
	"  -o, --output FILE      the PDF ('-': standard output)\n"
	"      --dump-layout      print the page layout as text on standard output\n"
	"      --style FILE       another page style\n"
	"      --fonts DIR        the fonts\n"
	"\n"
	"A ```chart block holds a small YAML spec (see casebrief-templates(7));\n"
	"one that cannot be drawn is a warning with its file:line and stays a\n"
	"code block.\n"
	"\n"
	"Example:\n"
	"  casebrief render notes.md -o notes.pdf\n";

static const char check_text[] =
	"Usage: casebrief check [--data DIR] [--max-age MONTHS] [--json]\n"
	"Validates the data set: every problem as file:line:col: message, with a\n"
	"suggestion for a misspelt key or value; stale sources are warnings.\n"
	"\n"
	"      --max-age MONTHS   sources verified longer ago are stale (default 18)\n"
	"      --json             the diagnostics as one JSON object on standard\n"
	"                         output (file, line, column, severity, message,\n"
	"                         hint), for CI\n"
	"\n"
	"The format is described in casebrief-data(5).\n"
	"\n"
	"Exit codes: 0 no error (warnings allowed); 65 errors; 74 the data\n"
	"directory cannot be read.\n";

static const char list_text[] =
	"Usage: casebrief list cases|audiences|tags [--json] [FILTERS]\n"
	"Lists what the data set holds, as a table or (--json) as a JSON array.\n"
	"Filters apply to 'list cases'.\n"
	"\n"
	"%s"
	"\n"
	"Example:\n"
	"  casebrief list cases --kind rejection\n";

static const char select_text[] =
	"Usage: casebrief select -a ID [FILTERS] [--json]\n"
	"Shows which cases the audience's brief would contain, ranked, with their\n"
	"scores, their stance towards the subject and why each is in or out.\n"
	"\n"
	"%s"
	"\n"
	"Example:\n"
	"  casebrief select -a startups --since 2020\n";

static const char init_text[] =
	"Usage: casebrief init DIR\n"
	"Writes a starter data set into DIR (created when missing): dataset.yaml,\n"
	"tags.yaml, two cases (one for, one against) and one audience, each\n"
	"commented so that it can be filled in. It passes 'check' and builds at\n"
	"once. An existing file is never overwritten: init stops before writing\n"
	"anything when one of its files is already there.\n"
	"\n"
	"Each file names its JSON Schema in a yaml-language-server modeline, so\n"
	"that editors complete and check the fields as you type.\n"
	"\n"
	"Example:\n"
	"  casebrief init team-data && casebrief --data team-data check\n"
	"  casebrief --data team-data build -a platform-leads -o out/\n";

static const char help_text[] =
	"Usage: casebrief help [COMMAND]\n"
	"Prints the overview, or the help on one command: build, render, check,\n"
	"list, select, init.\n";

int cli_help(const char *topic, FILE *out)
{
	static const struct { const char *name, *text; int filters; } topics[] = {
		{ "build", build_text, 1 }, { "render", render_text, 0 },
		{ "check", check_text, 0 }, { "list", list_text, 1 },
		{ "select", select_text, 1 }, { "init", init_text, 0 },
		{ "help", help_text, 0 },
	};
	size_t i;

	if (!topic) {
		fputs(overview, out);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(topics); i++) {
		if (strcmp(topic, topics[i].name))
			continue;
		if (topics[i].filters)
			fprintf(out, topics[i].text, filters_text);
		else
			fputs(topics[i].text, out);
		return 0;
	}
	return -1;
}
