/*
 * assemble.h - a selection becomes what a brief is made from: the context
 * tree its template is rendered with, and beside it the brief's facts as
 * a C struct (struct brief_facts): the title, date and counts the PDF's
 * cover, document info and the batch summary need, and the charts as
 * struct chart values, so that nothing is read back out of the tree or
 * out of text.
 *
 * Everything a template needs is computed here (counts, drivers, figures,
 * groups, citation numbers, the method, charts), so that templates hold
 * only wording and layout. The result is deterministic: the same data,
 * selection and options give the same tree and facts.
 *
 * Keys of the root map (fields from the data keep SCHEMA.md's kind:
 * "md" = Markdown, insert with {{{x}}}; everything else is plain text or a
 * number, insert with {{x}}). Optional fields are `false` when absent, so
 * a lookup never falls through to an outer context.
 *
 *   title audience audience_id question subject intro(md|false)
 *   date data_as_of generator keywords (subject and driver labels, for
 *   the PDF's document info)
 *   collection curator contact (dataset.yaml's title, curator and contact;
 *   false when absent)  option options (what the subject is, singular and
 *   plural: "language", "languages" unless dataset.yaml says otherwise)
 *   counts { total total_text for against against_text other migration
 *            adoption rejection moved adopted chose_over turned_down
 *            moved_away other_lang breakdown(|false) }
 *   drivers_for, drivers_against: [{ tag label count first last }]
 *   has_drivers_for has_drivers_against
 *   top_figures: [FIGURE + company anchor] (quotable figures only: one
 *            per case, in the cases' rank order, at most
 *            ASSEMBLE_TOP_FIGURES)
 *   has_top_figures
 *   all_cases: every case in brief order (the CASE map below)
 *   groups: [{ title anchor stance count cases:[CASE] }] (for, then other)
 *   against_groups: same, for the cases against the subject
 *   has_against  counter_cases: [CASE] (the cases against, brief order)
 *   counter_drivers: drivers_against again, for the counter-case section
 *   for_caveats: [{ company anchor text(md) }] (the first caveat of each
 *                case for the subject, at most 5; a caveat may be about
 *                the case's sources, so the default template links to
 *                the case instead of lifting the text)
 *   has_for_caveats
 *   questions: [md] has_questions
 *   method { rules:[{ text n }] exclude weights limit min_score
 *            below_min_score balance_min filters considered selected
 *            left_out balance   (the optional ones - exclude weights
 *            limit min_score filters - are false when absent)
 *            left_groups:[{ why count cases_text }] has_left_out
 *            balance_text stale:[{ n title company verified }] has_stale
 *            grades { a b c } (cases of each evidence grade)
 *            unverified sources (cited sources not verified, of all)
 *            max_age today }
 *   sources: [{ n title publisher published url(|false) ref(|false)
 *              verified kind kind_label kind_note(|false) note(|false)
 *              stale company anchor }]  has_sources
 *   chart_drivers chart_years (true when the facts hold the chart of that
 *            name, else false; the template writes "```chart drivers" and
 *            "```chart years" fences with no body, and the Markdown parser
 *            binds them to the facts' charts)
 *
 *   CASE: id company project kind kind_label from:[str] from_text to
 *         rejected:[str] rejected_text year org_size org_size_label team
 *         domain org_text ("Enterprise, team of 4, messaging"; false when
 *         nothing is known) status status_label status_note summary(md)
 *         move stance stance_label grade ("A", "B" or "C") main_tag
 *         main_driver key_figure:FIGURE
 *         drivers:[{ tag label text(md) basis inferred n first last }]
 *         figures:[FIGURE] has_figures
 *         lessons:[md] has_lessons caveats:[md] has_caveats
 *         tags:[{ id label }] sources:[{ n title stale first last }]
 *         anchor why by_balance score first last
 *   FIGURE: label value baseline kind quotable kind_label ("target",
 *         "via a compilation", ...: false for a quotable figure) n
 *
 * A case's key figure is its first quotable figure with a baseline, else
 * its first quotable one, else its first with a baseline, else its first.
 * Sources with the same URL (or, without one, the same ref) are one
 * source with one number, whatever their titles; its record is the first
 * cited entry's, and its verification the weakest of the entries' (the
 * oldest date, or none when one of them was never verified).
 *
 * Sources are numbered 1..N in the order the default template first cites
 * them: the summary's figures, the key figures of the "At a glance" table,
 * then each case in brief order (drivers, figures, its other sources).
 * Anchors are GitHub heading anchors, computed for the headings of the
 * default template in its order (see assemble.c).
 */
#ifndef CASEBRIEF_ASSEMBLE_H
#define CASEBRIEF_ASSEMBLE_H

#include "brief/context.h"
#include "brief/record.h"
#include "brief/select.h"
#include "brief/words.h"
#include "markdown/markdown.h"
#include "data/model.h"
#include "base/date.h"

struct assemble_opts {
	struct date today;              /* the brief's date */
	int max_age;                    /* months before a source is stale (0: any verified
					 * source is stale); < 0 = STALE_AFTER_MONTHS */
	const char *version;            /* tool version; NULL = CASEBRIEF_VERSION */
	const struct filters *filters;  /* command-line filters to describe, or NULL */
	const struct words *words;      /* the data-dependent words; NULL = defaults */
	const char *data_digest;        /* record.h's digest of the data files, or NULL */
	const char *command;            /* the command that makes this brief again, or NULL */
	int compare;                    /* the brief says what changed since `earlier` */
	const struct brief_record *earlier; /* the earlier record; NULL: none was found */
};

#define ASSEMBLE_TOP_DRIVERS 5
#define ASSEMBLE_TOP_FIGURES 3   /* the answer's numbers */
#define ASSEMBLE_CHART_TAGS 6    /* reasons per drivers chart (more when the
				  * cases against have more main reasons) */
#define ASSEMBLE_KEYWORD_TAGS 8  /* driver labels in the PDF's keywords */
#define ASSEMBLE_ANSWER_NAMES 8  /* cases named per side in the answer */
#define ASSEMBLE_ANSWER_REASONS 4 /* main reasons per side in the answer */
#define ASSEMBLE_MAX_CHARTS 3

/*
 * The facts of one brief. Strings are plain text, trimmed, owned by the
 * struct (the same text as the context's keys of the same name). The
 * charts are named for "```chart NAME" fences and can be handed to
 * markdown_parse as they are (markdown_opts.charts): "drivers" (a bar
 * chart of the most cited driver tags, for and against) and "years"
 * (a timeline of the cases per year and stance), each only when there
 * is something to draw. They keep chart.h's limits (long labels are cut).
 */
struct brief_facts {
	char *title;            /* the audience's title */
	char *audience;         /* who the brief is for */
	char *audience_id;
	char *question;
	char *subject;          /* the option (language...) the brief is about */
	char *date;             /* the brief's date, YYYY-MM-DD */
	char *data_as_of;       /* the newest verification date of a source of
				 * the brief's cases, or "not recorded" */
	char *generator;        /* "casebrief VERSION" */
	char *keywords;         /* the subject, then driver labels by use, ", " */
	char *curator;          /* dataset.yaml's curator (the PDF's author and
				 * "Prepared by"), NULL when it names none */
	size_t ncases;          /* cases in the brief */
	size_t nsources;        /* sources cited (numbered 1..nsources) */
	size_t nstale;          /* cited sources that are stale on the date */
	size_t nunverified;     /* cited sources with no verification date */
	int max_age;            /* months after which a source is stale */
	char *provenance;       /* "Generated DATE from DATA (digest) with `COMMAND`.":
				 * for the PDF's cover */
	struct markdown_named_chart charts[ASSEMBLE_MAX_CHARTS];
	size_t ncharts;
	struct brief_record record; /* what the brief says, for `<id>.json` */
};

/*
 * Builds the context for one brief and, when `facts` is not NULL, fills
 * it in. Never fails; the caller frees the result with ctx_free and the
 * facts with brief_facts_release. `ds` and `sel` are only read.
 */
struct ctx *assemble_brief(const struct dataset *ds, const struct selection *sel,
			   const struct assemble_opts *o, struct brief_facts *facts);
void brief_facts_release(struct brief_facts *f);

/* The chart of that name in `f`, or NULL. */
const struct chart *brief_facts_chart(const struct brief_facts *f, const char *name);


#endif
