/*
 * words.h - the words of a brief that depend on the data set: the
 * headings of the groups of cases, the names of the two sides and of the
 * other options, the moves ("Go → Rust", "new work in Rust"), the count
 * phrases and the chart titles. The assembly writes them into the context
 * and the charts (headings need their text before the template runs, to
 * get their anchors), so they cannot live in the Mustache templates; they
 * come instead from words.yaml in the templates directory, which a copy
 * of the templates can change like any template.
 *
 * words.yaml is a mapping of sections (groups, sides, moves, counts,
 * charts), each a mapping of word names to Mustache text. A word is
 * rendered with a small context of plain strings (no escaping: the
 * result is plain text, which the templates escape):
 *   subject option options    every word
 *   n                         counts.* (a number)
 *   from to turned            moves.* (the options left, chosen, and
 *                             turned down other than those left; each
 *                             false when there is none)
 * Every key is optional (a word left out keeps its default, the text of
 * the shipped words.yaml); a templates directory without words.yaml uses
 * the defaults. Unknown keys, values that are not strings and texts that
 * are not valid Mustache are errors at words.yaml:LINE:COL.
 */
#ifndef CASEBRIEF_WORDS_H
#define CASEBRIEF_WORDS_H

#include "brief/context.h"
#include "base/strbuf.h"
#include "base/diag.h"

enum word {
	/* groups: the headings of the groups of cases (assemble.h) */
	W_GROUP_MOVED, W_GROUP_ADOPTED, W_GROUP_CHOSE_OVER, W_GROUP_OTHER,
	W_GROUP_DECIDED_AGAINST, W_GROUP_MOVED_AWAY, W_GROUP_CHOSE_OTHER,
	/* sides: the stances, as the answer, the tables and the charts name them */
	W_SIDE_FOR, W_SIDE_AGAINST, W_SIDE_OTHER,
	/* moves: a case's move, by kind */
	W_MOVE_MIGRATION, W_MOVE_ADOPTION, W_MOVE_REJECTION,
	/* counts: the parts of counts.breakdown */
	W_COUNT_MOVED, W_COUNT_ADOPTED, W_COUNT_CHOSE_OVER, W_COUNT_TURNED_DOWN,
	W_COUNT_MOVED_AWAY, W_COUNT_OTHER,
	/* charts: titles */
	W_CHART_FOR, W_CHART_AGAINST, W_CHART_YEARS,
	W__COUNT
};

struct words {
	char *text[W__COUNT];   /* Mustache text of each word */
};

/* The defaults (the shipped words.yaml). Release with words_release. */
void words_defaults(struct words *w);
/*
 * The defaults, then DIR/words.yaml over them when the file exists.
 * Returns 0, or -1 after adding diagnostics to `d` (w then holds the
 * defaults and what was read before the errors; release it either way).
 */
int words_load(struct words *w, const char *dir, struct diags *d);
void words_release(struct words *w);

/*
 * Appends word `id` rendered with `vars` (a map) to `out`. `w` NULL
 * means the defaults. A word that words_load accepted always renders.
 */
void words_render(const struct words *w, enum word id, const struct ctx *vars,
		  struct strbuf *out);

#endif
