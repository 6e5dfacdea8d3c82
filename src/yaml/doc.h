/*
 * doc.h - the one YAML front end: a document parsed by libyaml into a tree
 * of positioned nodes, and the one sink for problems found in YAML
 * (struct yreport). Every YAML input of the program (data files,
 * manifests, style files, chart blocks, test suites) is read here, so all
 * of them refuse the same things in the same words.
 *
 * What is refused, and reported at its line and column:
 * - more than YAML_MAX_BYTES of text, invalid UTF-8 (the first bad byte),
 *   a syntax error, nesting deeper than YAML_MAX_DEPTH: the document is
 *   unusable (ydoc_parse returns -1);
 * - aliases (*name), tags other than !!str, !!map and !!seq, keys that are
 *   not scalars, control characters in a scalar after escapes are applied
 *   (C0 except tab, line feed and carriage return; DEL; C1), a key given
 *   twice in one mapping, a second document: reported, and parsing goes
 *   on, so that one run shows every problem. An alias or a badly tagged
 *   node stays in the tree as YN_BAD (readers skip it silently); a repeated
 *   key and a non-scalar key are left out of their mapping with their
 *   values (the first occurrence of a key wins); a second document is not
 *   read.
 * A byte order mark at the start is skipped.
 */
#ifndef CASEBRIEF_YAML_DOC_H
#define CASEBRIEF_YAML_DOC_H

#include <stddef.h>

#include "base/alloc.h"
#include "base/diag.h"

#define YAML_MAX_BYTES (1024 * 1024) /* per document */
#define YAML_MAX_DEPTH 64            /* nested collections */
#define YAML_MAX_ERRORS 100          /* reported per document, then one summary */

struct strbuf;
struct ynode;

/*
 * Where problems go: errors in `diags` at `file`:LINE:COL, LINE shifted by
 * `line0` (for a block that starts inside a larger file), each message
 * after `prefix` (NULL for none). After YAML_MAX_ERRORS errors one
 * summary line says so and the rest are counted, not added: hostile input
 * cannot flood the output. Nothing here is owned.
 */
struct yreport {
	struct diags *diags;
	const char *file;
	int line0;
	const char *prefix;
	size_t nerrors;        /* counted, the suppressed ones included */
	size_t nwarnings;      /* likewise */
};

void yreport_init(struct yreport *r, struct diags *d, const char *file);
/* An error at node `at`, or at the file itself when `at` is NULL. */
void yreport_error(struct yreport *r, const struct ynode *at, const char *fmt, ...)
	CB_PRINTF(3, 4);
/* An error at a 1-based line and column of the text (0, 0: the file). */
void yreport_error_at(struct yreport *r, int line, int col, const char *fmt, ...)
	CB_PRINTF(4, 5);
/* A warning at node `at`; at most YAML_MAX_ERRORS per document are kept. */
void yreport_warning(struct yreport *r, const struct ynode *at, const char *fmt, ...)
	CB_PRINTF(3, 4);
/* True once further errors would only be counted (skip costly hints). */
int yreport_full(const struct yreport *r);

/*
 * A data value as quoted in a message: at most 60 characters (then
 * "..."), control bytes written as \xNN.
 */
void yshow(struct strbuf *sb, const char *s);

enum ynode_type {
	YN_SCALAR,
	YN_MAP,
	YN_SEQ,
	YN_BAD /* an alias or a refused tag, already reported */
};

/*
 * How a scalar reads, by the YAML 1.2 core schema. Only plain (unquoted,
 * untagged) scalars are typed by their text; quoted, block (| >) and !!str
 * scalars are YS_STR. YS_INT includes 0x and 0o forms and YS_FLOAT .inf
 * and .nan: the typed readers (read.h) decide what a field accepts.
 */
enum yscalar { YS_NULL, YS_BOOL, YS_INT, YS_FLOAT, YS_STR };

/*
 * A node. A mapping's children alternate key and value (nkids counts
 * both), so its pairs are walked as
 *	for (k = m->first; k; k = k->next->next) { v = k->next; ... }
 * Nodes live as long as their document and never move.
 */
struct ynode {
	enum ynode_type type;
	enum yscalar scalar;   /* YN_SCALAR; YS_STR for the other types */
	int line, col;         /* 1-based, where the node starts in the text */
	const char *str;       /* YN_SCALAR: the text, NUL-terminated; else "" */
	size_t len;
	struct ynode *first;   /* YN_MAP, YN_SEQ: the first child */
	struct ynode *next;    /* the next sibling */
	struct ynode *last;    /* (while building) the last child */
	size_t nkids;
};

struct ynode_block;
struct ystr_chunk;

struct ydoc {
	const struct ynode *root; /* NULL when the text holds no document */
	struct ynode_block *blocks;
	struct ystr_chunk *chunks;
};
#define YDOC_INIT { NULL, NULL, NULL }

/*
 * Parses `len` bytes of `text` into `doc` (YDOC_INIT or released),
 * reporting every problem through `r`. Returns 0 when `doc` holds the first
 * document (root may be NULL for an empty text), -1 when the text is
 * unusable (the tree may then be cut short: do not read it); either way
 * `doc` must be released. Thread-safe: it touches only its arguments.
 */
int ydoc_parse(struct ydoc *doc, const char *text, size_t len, struct yreport *r);

/*
 * Reads the file `path` (base/file.h: regular files only, at most
 * YAML_MAX_BYTES) and parses it. Returns 0 or -1 as ydoc_parse, or -2 when
 * the file cannot be read (an I/O problem, reported at the file).
 */
int ydoc_load(struct ydoc *doc, const char *path, struct yreport *r);

void ydoc_release(struct ydoc *doc);
/* Bytes of memory the document holds (nodes and texts). */
size_t ydoc_bytes(const struct ydoc *doc);

/*
 * What a node is, for messages: "a mapping", "a list", "empty", "a
 * boolean", "an integer", "a number" or "a string".
 */
const char *ynode_describe(const struct ynode *n);
/* True for a plain null scalar (`key:`, `~`, `null`). */
int ynode_is_null(const struct ynode *n);
/* The value node of the first key `key` of mapping `m`, or NULL. */
const struct ynode *ynode_get(const struct ynode *m, const char *key);

#endif
