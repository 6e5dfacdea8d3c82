/*
 * yamlpos.h - positions for diagnostics about a YAML document that was
 * read with yamlctx_parse (whose tree carries no line numbers).
 *
 * A validator walks the context tree and keeps, in a struct yamlpos, the
 * path from the root to the node it is looking at (map keys and list
 * indexes). When it finds a problem it calls yamlpos_error, which scans the
 * YAML text again with libyaml to find where that path starts and adds a
 * "file:line:col: message" diagnostic. The scan only happens for errors,
 * so valid documents are parsed once.
 */
#ifndef CASEBRIEF_YAMLPOS_H
#define CASEBRIEF_YAMLPOS_H

#include <stddef.h>

#include "base/alloc.h"
#include "base/diag.h"

struct ctx;

#define YAMLPOS_MAX_DEPTH 16

struct yamlpos_step {
	const char *key;  /* map key, or NULL for a list index */
	size_t index;
};

struct yamlpos {
	const char *text;  /* the document (not owned) */
	size_t len;
	const char *file;  /* for messages (not owned) */
	int line0;         /* added to every line, as in yamlctx_parse */
	struct diags *diags;
	struct yamlpos_step path[YAMLPOS_MAX_DEPTH];
	size_t depth;      /* steps beyond YAMLPOS_MAX_DEPTH are counted, not kept */
	size_t nerrors;    /* errors added through this walker */
};

void yamlpos_init(struct yamlpos *p, const char *text, size_t len,
		  const char *file, int line0, struct diags *diags);
void yamlpos_push_key(struct yamlpos *p, const char *key);
void yamlpos_push_index(struct yamlpos *p, size_t index);
void yamlpos_pop(struct yamlpos *p);

/*
 * Adds an error located at the current path: at the key itself when
 * `at_key` is set and the last step is a key (for "unknown key"), else at
 * the value. When the path cannot be found, the position falls back to the
 * nearest ancestor that can, and finally to the document's first line.
 */
void yamlpos_error(struct yamlpos *p, int at_key, const char *fmt, ...)
	CB_PRINTF(3, 4);

/*
 * Adds "unknown key 'KEY' in WHAT" at the key, with "(did you mean 'X'?)"
 * when one of the NULL-terminated `known` names is close. The key must be
 * pushed.
 */
void yamlpos_unknown_key(struct yamlpos *p, const char *what,
			 const char *const *known);

/*
 * The step every key-table validator takes for one key of a map: pushes
 * `key` and returns its index in the NULL-terminated `known`, or -1 after
 * adding the "unknown key" error of yamlpos_unknown_key. The caller pops
 * the key in both cases.
 */
int yamlpos_push_known(struct yamlpos *p, const char *key, const char *what,
		       const char *const *known);

/*
 * The first of `names` at the smallest edit distance from `got`, if that
 * distance is at most `max`; else NULL. Reads at most `n` names and stops
 * at a NULL entry, so a NULL-terminated table may pass (size_t)-1.
 */
const char *yamlpos_closest(const char *got, const char *const *names,
			    size_t n, size_t max);

/* "null", "a boolean", "a number", "a string", "a list" or "a mapping". */
const char *yamlpos_type_name(const struct ctx *v);

#endif
