/*
 * context.c - the generic value tree.
 */
#include "brief/context.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static struct ctx *ctx_new(enum ctx_type t)
{
	struct ctx *v = xcalloc(1, sizeof(*v));
	v->type = t;
	return v;
}

struct ctx *ctx_new_null(void)
{
	return ctx_new(CTX_NULL);
}

struct ctx *ctx_new_bool(int b)
{
	struct ctx *v = ctx_new(CTX_BOOL);
	v->b = !!b;
	return v;
}

struct ctx *ctx_new_num(double num)
{
	struct ctx *v = ctx_new(CTX_NUM);
	v->num = num;
	return v;
}

/* The string is in the value's own block: one allocation, not two. */
struct ctx *ctx_new_strn(const char *s, size_t n)
{
	size_t len = s ? strnlen(s, n) : 0;
	struct ctx *v = xcalloc(1, sizeof(*v) + len + 1);

	v->type = CTX_STR;
	v->str = (char *)(v + 1);
	if (len)
		memcpy(v->str, s, len);
	return v;
}

struct ctx *ctx_new_str(const char *s)
{
	return ctx_new_strn(s, s ? strlen(s) : 0);
}

struct ctx *ctx_new_list(void)
{
	return ctx_new(CTX_LIST);
}

struct ctx *ctx_new_map(void)
{
	return ctx_new(CTX_MAP);
}

struct ctx *ctx_new_over(struct ctx *base)
{
	struct ctx *v = ctx_new(CTX_MAP);
	v->base = ctx_share(base);
	return v;
}

struct ctx *ctx_share(struct ctx *v)
{
	v->owners++;
	return v;
}

/*
 * A map's keys are copied into blocks the map owns, each twice the size of
 * the one before: briefs set some 28,000 keys, most of them a few bytes,
 * and a malloc and a free for each was a large part of building and
 * freeing the context.
 */
struct ctx_keys {
	struct ctx_keys *next;
	size_t used, size;
	char bytes[];
};

static char *copy_key(struct ctx *map, const char *key)
{
	size_t n = strlen(key) + 1;
	struct ctx_keys *k = map->key_blocks;

	if (!k || k->size - k->used < n) {
		size_t size = k ? 2 * k->size : 64;
		struct ctx_keys *nk;
		if (size < n)
			size = n;
		nk = xmalloc(sizeof(*nk) + size);
		nk->next = k;
		nk->used = 0;
		nk->size = size;
		map->key_blocks = k = nk;
	}
	memcpy(k->bytes + k->used, key, n);
	k->used += n;
	return k->bytes + k->used - n;
}

struct ctx *ctx_set(struct ctx *map, const char *key, struct ctx *val)
{
	/* Appends without looking for the key: briefs build maps of ~50 keys
	 * thousands of times, and ctx_get searches from the end, so a later
	 * value hides an earlier one under the same key. */
	if (map->n + 1 > map->alloc) {
		size_t na = map->alloc < 8 ? 8 : map->alloc * 2;
		map->keys = xrealloc(map->keys, na * sizeof(*map->keys));
		map->items = xrealloc(map->items, na * sizeof(*map->items));
		map->alloc = na;
	}
	map->keys[map->n] = copy_key(map, key);
	map->items[map->n++] = val;
	return val;
}

struct ctx *ctx_set_str(struct ctx *map, const char *key, const char *s)
{
	return ctx_set(map, key, ctx_new_str(s));
}

struct ctx *ctx_set_num(struct ctx *map, const char *key, double num)
{
	return ctx_set(map, key, ctx_new_num(num));
}

struct ctx *ctx_set_bool(struct ctx *map, const char *key, int b)
{
	return ctx_set(map, key, ctx_new_bool(b));
}

struct ctx *ctx_push(struct ctx *list, struct ctx *val)
{
	ALLOC_GROW(list->items, list->n + 1, list->alloc);
	list->items[list->n++] = val;
	return val;
}

const struct ctx *ctx_get(const struct ctx *map, const char *key)
{
	size_t i;
	if (!map || map->type != CTX_MAP)
		return NULL;
	for (; map; map = map->base)
		for (i = map->n; i > 0; i--)
			if (!strcmp(map->keys[i - 1], key))
				return map->items[i - 1];
	return NULL;
}

int ctx_truthy(const struct ctx *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case CTX_NULL:
		return 0;
	case CTX_BOOL:
		return v->b;
	case CTX_LIST:
		return v->n > 0;
	default:
		return 1;
	}
}

void ctx_free(struct ctx *v)
{
	size_t i;
	if (!v)
		return;
	if (v->owners) {
		v->owners--;
		return;
	}
	for (i = 0; i < v->n; i++)
		ctx_free(v->items[i]);
	while (v->key_blocks) {
		struct ctx_keys *next = v->key_blocks->next;
		free(v->key_blocks);
		v->key_blocks = next;
	}
	free(v->items);
	free(v->keys);
	ctx_free(v->base);
	free(v);
}
