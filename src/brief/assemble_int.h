/*
 * assemble_int.h - what the files of the assembly share (assemble.h is
 * the interface). One file per stage:
 *
 *   assemble.c         the passes in order, the header and the facts,
 *                      groups and heading anchors
 *   assemble_text.c    plain text and inline Markdown for the context
 *   assemble_cite.c    citation numbers, the strongest figures
 *   assemble_cases.c   the case maps, groups, sources, caveats
 *   assemble_counts.c  counts, drivers, keywords and the charts
 *   assemble_method.c  "how this brief was made"
 *
 * Names with the as_ prefix are these files' own; nothing outside
 * src/brief/assemble*.c may use them.
 */
#ifndef CASEBRIEF_ASSEMBLE_INT_H
#define CASEBRIEF_ASSEMBLE_INT_H

#include <stddef.h>

#include "brief/assemble.h"
#include "brief/words.h"
#include "data/evidence.h"
#include "base/date.h"
#include "base/strbuf.h"
#include "base/str.h"

struct group_def {
	enum stance stance;
	int kind;           /* enum case_kind, or -1 for any */
	enum word title;    /* the heading (words.h) */
};

#define AS_NGROUPS 7
/* Brief order: the groups for the subject (0-2), against it (3-5), then
 * the other options (6). The appendix shows them in this order. */
extern const struct group_def as_group_defs[AS_NGROUPS];
#define AS_GROUP_OTHER 6

struct case_info {
	const struct selected *item;
	const struct case_study *c;
	size_t rank;       /* index in the selection */
	size_t group;      /* index in as_group_defs */
	int *src_num;      /* citation number per source index; 0 = not cited */
	char *anchor;
	int key_fig;       /* index of the key figure, -1 when none */
	int quote_fig;     /* the figure the summary may quote, -1 when none */
	enum grade grade;  /* case_grade(c) */
	char *heading;     /* "Company — project", safe as a heading (markdown.h) */
	char *name;        /* the company, or "Company (project)" when the brief
			      has the company more than once, or the project when
			      every case of the brief has one company */
	const char *short_name; /* the project when every case has one company,
				   else the company (in `c`, or `name`) */
	struct ctx *map;   /* CASE (case_map), made on first use; the state's share */
};

struct numbered {
	const struct case_info *ci;
	size_t si;         /* source index in the case */
};

struct state {
	const struct dataset *ds;
	const struct selection *sel;
	const struct assemble_opts *o;
	struct brief_facts *facts; /* filled as the passes go */
	const char *subject;
	const char *option, *options; /* dataset_option_name, singular and plural */
	const struct words *words;    /* NULL: the defaults */
	int max_age;
	struct case_info *cases;  /* brief order */
	size_t ncases;
	struct numbered *nums;    /* nums[k] is source number k + 1 */
	size_t nnums, nums_alloc;
	int *num_slots;           /* open hash on the url (else the ref): number, 0 = empty */
	struct date *verified;    /* per number - 1: the oldest verification of the
				     sources that share it (year 0: one was never verified) */
	size_t nslots;
	char *group_anchor[AS_NGROUPS];
	size_t group_count[AS_NGROUPS];
	struct markdown_anchors anchors;
};

/* A figure picked for the summary. */
struct fig_pick {
	struct case_info *ci;
	size_t fi;
};

/* ---- assemble_text.c ---- */

/* Trimmed plain text (NULL gives ""). The caller frees it. */
char *as_plain(const char *s);
/* Markdown for an inline spot: one line, never the start of a block. */
char *as_md_inline(const char *s);
/* Markdown that may hold paragraphs of inline Markdown, nothing else. */
char *as_md_block(const char *s);
void as_set_plain(struct ctx *m, const char *key, const char *s);
/* The plain text, or false when `s` is NULL or empty. */
void as_set_plain_opt(struct ctx *m, const char *key, const char *s);
void as_set_md_inline(struct ctx *m, const char *key, const char *s);
/* The number, or false when it is not positive. */
void as_set_num_opt(struct ctx *m, const char *key, int n);
struct ctx *as_md_list(const struct strlist *l);
struct ctx *as_str_list(const struct strlist *l);
/* "a", "a and b", "a, b and c" */
void as_join_and(struct strbuf *out, char *const *v, size_t n);
void as_join(struct strbuf *out, char *const *v, size_t n, const char *sep);
/* Sets `first` and `last` in every map of a list (for separators). */
void as_mark_ends(struct ctx *list);
/* `s` as an inline code span (Markdown), appended to `out`. */
void as_code_span(const char *s, struct strbuf *out);

/* ---- assemble.c ---- */

const char *as_tag_label(const struct state *st, const char *tag);
/* The title of group g ("Moved to Rust"). The caller frees it. */
char *as_group_title(const struct state *st, size_t g);
/* What a word (words.h) is rendered with besides the subject and options. */
struct word_args {
	int n;                          /* counts.*: the number */
	const char *from, *to, *turned; /* moves.*: NULL when there is none */
};
/* Appends word `id` for this brief (args may be NULL). */
void as_word(const struct state *st, enum word id, const struct word_args *args,
	     struct strbuf *out);
/* The same, as a new string. */
char *as_word_str(const struct state *st, enum word id, const struct word_args *args);
/* "What changed since DATE" (the earlier record's date), or "... since
 * the last brief" when there is none. The caller frees it. */
char *as_changes_heading(const struct state *st);

/* ---- assemble_cite.c ---- */

/* The number of source `si` of a case, given on first citation. */
int as_cite_index(struct state *st, struct case_info *ci, size_t si);
/* The number of source `id` of the case; 0 when it has no such source. */
int as_cite(struct state *st, struct case_info *ci, const char *id);
/* The strongest figures, at most `max`, into `out`; returns how many. */
size_t as_top_figures(struct state *st, struct fig_pick *out, size_t max);
/* Numbers every source in the template's reading order: the answer's
 * strongest case against (`strongest`, may be NULL) and its figures, the
 * stale sources that "How this brief was made" lists, then the cases. */
void as_number_sources(struct state *st, const struct fig_pick *top, size_t ntop,
		       struct case_info *strongest);
/* After numbering: source number `num`'s verification date (the oldest
 * of the entries that share it; none when one of them has none), and
 * whether that makes it stale. */
const struct date *as_verified(const struct state *st, int num);
int as_stale(const struct state *st, int num);

/* ---- assemble_cases.c ---- */

int as_is_against_group(size_t g);
/* The case's move in words (words.h, moves.*), or "" when the words give
 * nothing. The caller frees it. */
char *as_move(const struct state *st, const struct case_study *c);
/* Case maps for the cases whose group passes `want` (NULL: all). */
struct ctx *as_case_list(struct state *st, int (*want)(size_t group));
/* The groups against the subject (1), the others (0) or all (-1). */
struct ctx *as_groups(struct state *st, int against);
void as_top_figures_ctx(struct state *st, struct ctx *root, const struct fig_pick *top,
			size_t ntop);
void as_for_caveats(struct state *st, struct ctx *root);
void as_sources(struct state *st, struct ctx *root);

/* ---- assemble_counts.c ---- */

void as_counts(struct state *st, struct ctx *root);
/* Drivers, keywords and the charts (context and facts). */
void as_drivers_and_charts(struct state *st, struct ctx *root);

/* ---- assemble_method.c ---- */

void as_method(struct state *st, struct ctx *root);

/* ---- assemble_answer.c ---- */

/* The case against that the answer names: the best grade, then the most
 * relevant; NULL when the brief has none. */
struct case_info *as_strongest_against(struct state *st);
/* The answer: the sides, where each won and lost, the strongest case
 * against. */
void as_answer(struct state *st, struct ctx *root);
/* The record of the brief (facts->record) and, when asked, what changed
 * since the earlier one. */
void as_record(struct state *st, struct ctx *root);

#endif
