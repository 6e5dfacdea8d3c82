/*
 * context_yaml.h - a YAML tree (yaml/doc.h) as a context tree (context.h),
 * for what feeds YAML straight to the template engine: the Mustache spec
 * suite and the template fuzzer.
 */
#ifndef CASEBRIEF_CONTEXT_YAML_H
#define CASEBRIEF_CONTEXT_YAML_H

#include "brief/context.h"

struct ynode;

/*
 * The context for node `n` (NULL, an empty document, gives CTX_NULL); the
 * caller frees it with ctx_free. Mappings keep their keys in document
 * order, lists their items. A scalar becomes what the core schema says it
 * is: CTX_NULL, CTX_BOOL, CTX_NUM for finite decimal numbers, else
 * CTX_STR (so 0x1F, .inf and every quoted scalar stay text). A node the
 * parser refused becomes CTX_NULL.
 */
struct ctx *ctx_from_yaml(const struct ynode *n);

#endif
