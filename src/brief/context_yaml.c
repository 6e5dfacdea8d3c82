/*
 * context_yaml.c - YAML nodes to context values (see context_yaml.h).
 *
 * The recursion follows the tree, whose depth the parser bounds at
 * YAML_MAX_DEPTH.
 */
#include "brief/context_yaml.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "yaml/doc.h"

static struct ctx *scalar_value(const struct ynode *n)
{
	char *end;
	double x;

	switch (n->scalar) {
	case YS_NULL:
		return ctx_new_null();
	case YS_BOOL:
		return ctx_new_bool(n->str[0] == 't' || n->str[0] == 'T');
	case YS_INT:
	case YS_FLOAT:
		x = strtod(n->str, &end);
		if (!*end && isfinite(x) && !strchr(n->str, 'x') && !strchr(n->str, 'o'))
			return ctx_new_num(x);
		break;
	case YS_STR:
		break;
	}
	return ctx_new_strn(n->str, n->len);
}

struct ctx *ctx_from_yaml(const struct ynode *n)
{
	const struct ynode *k;
	struct ctx *v;

	if (!n || n->type == YN_BAD)
		return ctx_new_null();
	if (n->type == YN_SCALAR)
		return scalar_value(n);
	if (n->type == YN_SEQ) {
		v = ctx_new_list();
		for (k = n->first; k; k = k->next)
			ctx_push(v, ctx_from_yaml(k));
		return v;
	}
	v = ctx_new_map();
	for (k = n->first; k; k = k->next->next)
		ctx_set(v, k->str, ctx_from_yaml(k->next));
	return v;
}
