/*
 * ctx_path.h - reading a Mustache context in unit tests by a dotted path
 * ("cases.0.figures.1.label": map keys, and list indexes as numbers).
 * Each reader returns a value that no test expects when the path is
 * missing or holds another type.
 */
#ifndef TESTS_CTX_PATH_H
#define TESTS_CTX_PATH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brief/context.h"

static inline const struct ctx *get(const struct ctx *root, const char *path)
{
	char buf[256];
	const struct ctx *v = root;
	char *p, *dot;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf; v && p; p = dot ? dot + 1 : NULL) {
		dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		if (v->type == CTX_LIST) {
			size_t i = (size_t)atoi(p);
			v = i < v->n ? v->items[i] : NULL;
		} else {
			v = ctx_get(v, p);
		}
	}
	return v;
}

static inline const char *str(const struct ctx *root, const char *path)
{
	const struct ctx *v = get(root, path);
	return v && v->type == CTX_STR ? v->str : "(not a string)";
}

static inline double num(const struct ctx *root, const char *path)
{
	const struct ctx *v = get(root, path);
	return v && v->type == CTX_NUM ? v->num : -1;
}

/* true 1, false 0, anything else -1 */
static inline int truth(const struct ctx *root, const char *path)
{
	const struct ctx *v = get(root, path);
	return v && v->type == CTX_BOOL ? v->b : -1;
}

/* the entries of a list or map, (size_t)-1 for anything else */
static inline size_t len(const struct ctx *root, const char *path)
{
	const struct ctx *v = get(root, path);
	return v && (v->type == CTX_LIST || v->type == CTX_MAP) ? v->n : (size_t)-1;
}

#endif
