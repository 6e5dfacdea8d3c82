/*
 * context.h - a generic value tree (maps, lists, strings, numbers,
 * booleans, null) that templates are rendered from.
 *
 * A map keeps its keys in insertion order; code that walks a map's keys
 * must not rely on them being unique unless it built the map itself. Containers own their children:
 * ctx_free on the root frees everything. The ctx_*_set / push functions take
 * ownership of the value they are given and return it, so trees can be
 * built in one expression.
 *
 * A value can have more than one owner (ctx_share): a brief lists each case
 * in several places, and builds the case's map once. Each place holds a map
 * of its own made with ctx_new_over, whose keys (a list's "first" and
 * "last") hide the shared map's, which shows through for every other key.
 */
#ifndef CASEBRIEF_CONTEXT_H
#define CASEBRIEF_CONTEXT_H

#include <stddef.h>

struct ctx_keys;

enum ctx_type { CTX_NULL, CTX_BOOL, CTX_NUM, CTX_STR, CTX_LIST, CTX_MAP };

struct ctx {
	enum ctx_type type;
	int b;            /* CTX_BOOL */
	double num;       /* CTX_NUM */
	char *str;        /* CTX_STR: NUL-terminated UTF-8, in the value's block */
	size_t n, alloc;  /* CTX_LIST, CTX_MAP: number of items */
	char **keys;      /* CTX_MAP: keys[i] names items[i] */
	struct ctx **items;
	struct ctx *base; /* CTX_MAP: the map whose keys show under these, or NULL */
	struct ctx_keys *key_blocks; /* CTX_MAP: where the keys are kept */
	size_t owners;    /* owners besides the first (ctx_share) */
};

struct ctx *ctx_new_null(void);
struct ctx *ctx_new_bool(int b);
struct ctx *ctx_new_num(double num);
struct ctx *ctx_new_str(const char *s);          /* copies s (NULL gives "") */
struct ctx *ctx_new_strn(const char *s, size_t n);
struct ctx *ctx_new_list(void);
struct ctx *ctx_new_map(void);
/* An empty map over `base` (a map): ctx_get finds base's keys in it, after
 * its own. It takes an owner's share of base. */
struct ctx *ctx_new_over(struct ctx *base);
/* One more owner of v: ctx_free frees v when its last owner frees it.
 * Returns v. */
struct ctx *ctx_share(struct ctx *v);

/* Adds key to a map; returns val. Setting a key again hides the earlier
 * value from ctx_get (both stay in the map until it is freed). */
struct ctx *ctx_set(struct ctx *map, const char *key, struct ctx *val);
struct ctx *ctx_set_str(struct ctx *map, const char *key, const char *s);
struct ctx *ctx_set_num(struct ctx *map, const char *key, double num);
struct ctx *ctx_set_bool(struct ctx *map, const char *key, int b);
/* Appends to a list; returns val. */
struct ctx *ctx_push(struct ctx *list, struct ctx *val);

/* The value under key in a map (or in the maps it is over), or NULL (also
 * when `map` is not a map). */
const struct ctx *ctx_get(const struct ctx *map, const char *key);

/* Mustache truthiness: false for null, false, empty list; true otherwise
 * (empty strings and 0 are true, as the spec's examples require). */
int ctx_truthy(const struct ctx *v);

void ctx_free(struct ctx *v);

#endif
