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
 *   balance and limit >= 0 (limit 0 = no limit).
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
 * (source_is_stale with `max_age_months`) and figures without a baseline
 * are warnings. Adds to `diags`.
 */
void load_check_freshness(const struct dataset *ds, const struct date *today,
			  int max_age_months, struct diags *diags);

#endif
