/*
 * compare.h - what changed between two records of a brief (record.h):
 * the context of the "What changed since DATE" section.
 *
 * compare_records returns a map (plain text values; lists of maps with
 * `first` and `last`):
 *   since       the earlier brief's date
 *   data_changed, data_before, data_now   the data digests differ; both
 *   profile     [text]: how the audience's profile changed (rules,
 *               exclusion, min_score, balance, limit), in words
 *   added       [{ name why }]: cases in this brief and not the earlier
 *               one; why: "new in the data", or "left out before: WHY"
 *   dropped     [{ name why }]: the reverse; why: "no longer in the data",
 *               or why this brief leaves it out ("below min_score (3)")
 *   figures     [{ name label before after }]: figures of a case in both
 *               briefs whose value or kind changed ("30% (measured)")
 *   stale       [{ title verified }]: sources cited by both briefs that
 *               were fresh and are stale now
 *   verified    [{ title verified before }]: sources with a newer
 *               verification date (before: the earlier date, or false)
 *   grades      [{ name before after }]: cases in both whose grade moved
 *   has_profile has_added has_dropped has_figures has_stale has_verified
 *   has_grades  each list is not empty
 *   nothing     true when none of the above changed
 * A case's name is "Company — project". Lists keep the current brief's
 * order (dropped cases: the earlier brief's).
 */
#ifndef CASEBRIEF_COMPARE_H
#define CASEBRIEF_COMPARE_H

#include "brief/context.h"
#include "brief/record.h"

struct ctx *compare_records(const struct brief_record *before, const struct brief_record *now);

#endif
