/*
 * load.h - reading a data directory (SCHEMA.md) into the model.
 *
 * Every problem found is added to `diags` with its file:line:col (not only
 * the first one); loading goes on past errors so that one run reports them
 * all. Each file goes through the YAML front end (yaml/doc.h), so its
 * limits hold: YAML_MAX_BYTES per file, YAML_MAX_DEPTH levels, aliases,
 * invalid UTF-8 and control characters refused, YAML_MAX_ERRORS reported
 * per file. Hostile input costs time and memory linear in its size.
 */
#ifndef CASEBRIEF_LOAD_H
#define CASEBRIEF_LOAD_H

#include "data/model.h"
#include "base/diag.h"
#include "base/date.h"

/*
 * Choices the schema leaves open:
 * - Data files end in .yaml or .yml, in any case (the id default strips
 *   the extension); other names, dot files and subdirectories are
 *   ignored. tags.yaml (or tags.yml) and cases/ are required, audiences/
 *   may be missing (no audiences). Two names for one file (tags.yaml and
 *   tags.yml) are an error.
 * - Values are typed as yaml/read.h says: a quoted "2020" is a string, so
 *   it is an error where an integer is required; a string field takes a
 *   plain number as its text (`value: 42`), but not a boolean or an empty
 *   value. Dates also take a plain 2020.
 * - An empty value (`key:` or `key: ~`) of an optional key means absent.
 * - A file with no document, a document that is not a mapping, a second
 *   document, any alias, tags other than !!str/!!map/!!seq, a key given
 *   twice, control characters in strings and invalid UTF-8 are errors. A
 *   YAML syntax error ends that file only.
 * - year (and audience years) must be 1000-9999; org.team >= 1;
 *   balance and limit >= 0 (limit 0 = no limit); min_score any number.
 * - dataset.yaml marks the data as version 2. A driver with no `source`
 *   that does not say `basis: inferred` is an error when the data has a
 *   dataset.yaml or the driver says `basis: stated`. Other data may be
 *   version 1, where `source` was optional and which must load as it did:
 *   there it is no error, and `check` warns (load_check_v1).
 * - A source may give both `url` and `ref`. A url that is a bare home
 *   page is a warning, except for a compilation (a site's front page can
 *   be the list itself).
 * - An audience's subject that no case names in from, to or rejected is a
 *   warning, with the closest name the cases use.
 * - Without dataset.yaml groups, a tag group that is one edit or so from
 *   one of version 1's seven groups is a warning (likely a typo).
 * - `options` and `languages` in one rule is an error (one key, two names).
 * - Freshness is source_is_stale (model.h).
 */

/*
 * Loads tags.yaml, cases/ *.yaml and audiences/ *.yaml from `dir`.
 * Returns the dataset (possibly partial) and adds errors and warnings to
 * `diags`; the data is usable only when diags->nerrors == 0. Returns NULL
 * only when `dir` itself cannot be read (after adding a diagnostic).
 * File names in diagnostics are `dir` joined with the relative path.
 */
struct dataset *load_dataset(const char *dir, struct diags *diags);

/*
 * Checks that go beyond the schema and depend on the date: stale sources
 * (source_is_stale with `max_age_months`) are warnings. Adds to `diags`.
 */
void load_check_freshness(const struct dataset *ds, const struct date *today,
			  int max_age_months, struct diags *diags);

/*
 * What version 2 requires but version-1 data (no dataset.yaml) may lack,
 * as warnings for `check`: a driver that names no source without saying
 * `basis: inferred` or `basis: stated` (the latter is a load error).
 * Adds nothing when the data has a dataset.yaml.
 */
void load_check_v1(const struct dataset *ds, struct diags *diags);

/*
 * Notes, not warnings (check shows them with -v): measured figures
 * without a baseline. A figure of another kind (an estimate, a target, an
 * anecdote) has nothing to be measured against. Each entry of `notes` is
 * added as an error whose message starts with "note: ", so that
 * diags_print writes "FILE:LINE:COL: note: ..."; its counts mean nothing.
 */
void load_note_baselines(const struct dataset *ds, struct diags *notes);

#endif
