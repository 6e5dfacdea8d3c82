/*
 * load.h - reading a data directory (SCHEMA.md) into the model.
 *
 * Every problem found is added to `diags` with its file:line:col (not only
 * the first one); loading goes on past errors so that one run reports them
 * all. YAML aliases are refused, files above LOAD_MAX_FILE_BYTES are
 * refused, nesting deeper than LOAD_MAX_DEPTH is refused, and invalid UTF-8
 * is reported: hostile input costs time and memory linear in its size.
 */
#ifndef CASEBRIEF_LOAD_H
#define CASEBRIEF_LOAD_H

#include "data/model.h"
#include "base/diag.h"
#include "base/date.h"

#define LOAD_MAX_FILE_BYTES (1024 * 1024) /* per YAML file */
#define LOAD_MAX_DEPTH 64                 /* nested collections per file */
#define LOAD_MAX_ERRORS 100               /* reported per file, then one summary */

/*
 * Choices the schema leaves open:
 * - Data files end in .yaml or .yml (the id default strips either); other
 *   names, dot files and subdirectories are ignored. cases/ is required,
 *   audiences/ may be missing (no audiences), tags.yaml is required.
 * - A plain scalar is typed by its text (YAML 1.2 core schema): a quoted
 *   "2020" is a string, so it is an error where an integer is required.
 *   A string field takes a plain number as its text (`value: 42`), but
 *   not a boolean or an empty value. Dates also take a plain 2020.
 * - An empty value (`key:` or `key: ~`) of an optional key means absent.
 * - A file with no document, a document that is not a mapping, a second
 *   document, any alias, tags other than !!str/!!map/!!seq, control
 *   characters in strings and invalid UTF-8 are errors. A YAML syntax
 *   error ends that file only.
 * - year (and audience years) must be 1000-9999; org.team >= 1;
 *   balance and limit >= 0 (limit 0 = no limit).
 * - Freshness compares whole months: a source is stale when
 *   months(today) - months(verified) > max_age_months.
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
 * (verified more than `max_age_months` before `today`) and figures without
 * a baseline are warnings. Adds to `diags`.
 */
void load_check_freshness(const struct dataset *ds, const struct date *today,
			  int max_age_months, struct diags *diags);

#endif
