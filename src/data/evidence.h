/*
 * evidence.h - the facts SCHEMA.md (version 2) derives from a case's own
 * fields: its main tag, its evidence grade, and which of its figures may
 * be quoted. Selection, assembly and the commands all ask here, so that
 * the rules exist once.
 *
 * Everything is computed from the case alone (nothing is cached) and
 * costs O(drivers + figures) times the case's sources. A reference to a
 * source the case does not have (data that failed to load) counts as no
 * source at all.
 */
#ifndef CASEBRIEF_EVIDENCE_H
#define CASEBRIEF_EVIDENCE_H

#include "data/model.h"

enum grade { GRADE_A, GRADE_B, GRADE_C, GRADE__COUNT };
extern const char *const grade_names[GRADE__COUNT]; /* "A", "B", "C" */

/* The tag of the first driver, or NULL for a case without drivers. */
const char *case_main_tag(const struct case_study *c);

/*
 * The evidence grade:
 *   C when any driver is inferred, or any driver's source is a compilation;
 *   otherwise A when at least one measured figure is read in a first-party
 *   or internal source;
 *   otherwise B.
 */
enum grade case_grade(const struct case_study *c);

/* A measured figure read in a source that is not a compilation. */
int figure_quotable(const struct case_study *c, const struct figure *f);

/*
 * The short label a figure that is not quotable carries beside its value:
 * "estimate", "target", "anecdote", "via a compilation", or both ("target,
 * via a compilation"); "no source" for a measured figure whose source the
 * case lacks (data that did not load); NULL for a quotable figure. A
 * static string.
 */
const char *figure_label(const struct case_study *c, const struct figure *f);

/*
 * True when `url` is a site's home page: nothing after the host but "/"
 * (no path, query or fragment). SCHEMA.md: a source's url is the
 * document itself, never a home page standing in for it.
 */
int url_is_home_page(const char *url);

#endif
