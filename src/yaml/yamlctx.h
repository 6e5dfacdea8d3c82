/*
 * yamlctx.h - one YAML document (from memory) as a generic context tree.
 *
 * Mappings become CTX_MAP (keys in document order; a duplicate key is an
 * error), sequences CTX_LIST; plain (unquoted) scalars that read as
 * integers or floats become CTX_NUM, true/false CTX_BOOL, null/~/empty
 * CTX_NULL; everything else (and every quoted scalar) is CTX_STR. Aliases,
 * nesting deeper than YAMLCTX_MAX_DEPTH and invalid UTF-8 are refused.
 * Used for chart specs, manifests, style files and test suites.
 */
#ifndef CASEBRIEF_YAMLCTX_H
#define CASEBRIEF_YAMLCTX_H

#include <stddef.h>

#include "brief/context.h"
#include "base/diag.h"

#define YAMLCTX_MAX_DEPTH 64

/*
 * Returns the tree, or NULL after adding a diagnostic at file:line:col.
 * `line0` is added to every line number (for a block inside a larger
 * file). An empty document gives CTX_NULL. If `marks` is non-NULL it
 * receives nothing today (reserved).
 */
struct ctx *yamlctx_parse(const char *text, size_t len, const char *file,
			  int line0, struct diags *diags);

#endif
