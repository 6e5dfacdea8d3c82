/*
 * load_yaml.h - one YAML file as a small tree of positioned nodes, built
 * from libyaml's event parser for load.c (private to the loader).
 *
 * The tree lives in one flat array: a node names its first child and its
 * next sibling by index (0 means none; slot 0 is never used). A mapping's
 * children alternate key, value. Building it needs no recursion, and
 * validation walks it only as deep as the schema goes, so deep input costs
 * nothing beyond LOAD_MAX_DEPTH.
 */
#ifndef CASEBRIEF_LOAD_YAML_H
#define CASEBRIEF_LOAD_YAML_H

#include <stddef.h>



enum ynode_type {
	YN_SCALAR,
	YN_MAP,
	YN_SEQ,
	YN_BAD /* an alias or other refused node, already reported */
};

/*
 * How a scalar reads. Only plain (unquoted, untagged) scalars are typed by
 * their text; quoted, block (| >) and !!str scalars are always strings.
 */
enum yscalar_type { YS_NULL, YS_BOOL, YS_INT, YS_FLOAT, YS_STR };

struct ynode {
	enum ynode_type type;
	int plain;        /* scalar written plain, without a tag */
	int line, col;    /* 1-based, where the node starts */
	char *str;        /* scalar text, NUL-terminated (owned by the
			     document); NULL otherwise */
	size_t len;
	size_t first, last, next; /* children and sibling, by index */
	size_t nkids;
};

/* Scalar texts live in a few large chunks owned by the document. */
struct ystr_chunk;

struct ydoc {
	struct ynode *v;
	size_t n, alloc;
	size_t root;      /* 0 when the file holds no document */
	struct ystr_chunk *chunks;
};

/* Receives each problem found while parsing, with a 1-based position. */
typedef void (*yreport_fn)(void *ctx, int line, int col, const char *msg);

/*
 * Parses `len` bytes of `buf` into `doc` (zeroed by the caller). Checks
 * UTF-8 first, then refuses aliases (each one reported, left as YN_BAD),
 * nesting deeper than LOAD_MAX_DEPTH, tags other than !!str/!!map/!!seq,
 * control characters in scalars, and a second document. Returns 0 when
 * `doc` holds the first document (root may be 0 for an empty file), -1
 * when the file is unusable (syntax error, bad encoding, too deep); every
 * problem has been reported through `report` either way.
 */
int ydoc_parse(struct ydoc *doc, const char *buf, size_t len,
	       yreport_fn report, void *ctx);
void ydoc_release(struct ydoc *doc);
/* Bytes of memory the document holds (nodes and texts). */
size_t ydoc_bytes(const struct ydoc *doc);

/* The node at index i, or NULL for 0. */
static inline struct ynode *ydoc_node(const struct ydoc *doc, size_t i)
{
	return i ? &doc->v[i] : NULL;
}

enum yscalar_type ynode_scalar_type(const struct ynode *n);
/* "a list", "a mapping", "a string", "an integer", "empty", ... */
const char *ynode_describe(const struct ynode *n);

#endif
