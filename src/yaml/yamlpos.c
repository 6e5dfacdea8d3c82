/*
 * yamlpos.c - find where a path of keys and indexes starts in YAML text.
 *
 * The scan follows the libyaml event stream: at each level it reads the
 * map's keys (or the list's items) in order, skips the values that are not
 * on the path without building anything, and stops as soon as the node is
 * found. The work is linear in the size of the document, and the descent
 * is bounded by YAMLPOS_MAX_DEPTH.
 */
#include "yaml/yamlpos.h"

#include <stdarg.h>
#include <string.h>
#include <yaml.h>

#include "brief/context.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"

void yamlpos_init(struct yamlpos *p, const char *text, size_t len,
		  const char *file, int line0, struct diags *diags)
{
	memset(p, 0, sizeof(*p));
	p->text = text;
	p->len = len;
	p->file = file;
	p->line0 = line0;
	p->diags = diags;
}

void yamlpos_push_key(struct yamlpos *p, const char *key)
{
	if (p->depth < YAMLPOS_MAX_DEPTH)
		p->path[p->depth] = (struct yamlpos_step){ key, 0 };
	p->depth++;
}

void yamlpos_push_index(struct yamlpos *p, size_t index)
{
	if (p->depth < YAMLPOS_MAX_DEPTH)
		p->path[p->depth] = (struct yamlpos_step){ NULL, index };
	p->depth++;
}

void yamlpos_pop(struct yamlpos *p)
{
	if (p->depth)
		p->depth--;
}

static int is_start(yaml_event_type_t t)
{
	return t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT;
}

/* Consumes the rest of a node whose first event (of type t) was read. */
static int skip_rest(yaml_parser_t *ps, yaml_event_type_t t)
{
	size_t depth = is_start(t);
	yaml_event_t ev;

	while (depth) {
		if (!yaml_parser_parse(ps, &ev))
			return -1;
		if (is_start(ev.type))
			depth++;
		else if (ev.type == YAML_MAPPING_END_EVENT ||
			 ev.type == YAML_SEQUENCE_END_EVENT)
			depth--;
		else if (ev.type == YAML_STREAM_END_EVENT)
			depth = 0;
		yaml_event_delete(&ev);
	}
	return 0;
}

struct locate {
	yaml_parser_t ps;
	const struct yamlpos_step *path;
	size_t n;
	int at_key;
	yaml_mark_t mark; /* the deepest position found so far */
};

/* Consumes the node that `ev` starts and frees `ev`; -1 on a parse error. */
static int skip_node(struct locate *l, yaml_event_t *ev)
{
	int rc = skip_rest(&l->ps, ev->type);

	yaml_event_delete(ev);
	return rc;
}

/* True when the key event `k` is the scalar `key`. */
static int key_matches(const yaml_event_t *k, const char *key)
{
	return k->type == YAML_SCALAR_EVENT &&
	       !strcmp((const char *)k->data.scalar.value, key);
}

/*
 * Reads the first event of the next key or item of a map or list into
 * `ev`: 1, or 0 (nothing to free) at `end`, at the end of the stream or
 * on a parse error.
 */
static int next_item(struct locate *l, yaml_event_t *ev, yaml_event_type_t end)
{
	if (!yaml_parser_parse(&l->ps, ev))
		return 0;
	if (ev->type == end || ev->type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(ev);
		return 0;
	}
	return 1;
}

static void locate_node(struct locate *l, const yaml_event_t *start, size_t i);

static void locate_in_map(struct locate *l, size_t i)
{
	yaml_event_t k, v;
	yaml_mark_t key_mark;
	int match;

	for (;;) {
		if (!next_item(l, &k, YAML_MAPPING_END_EVENT))
			return;
		match = key_matches(&k, l->path[i].key);
		key_mark = k.start_mark;
		if (skip_node(l, &k) < 0)
			return;
		if (!yaml_parser_parse(&l->ps, &v))
			return;
		if (match) {
			l->mark = key_mark;
			if (!(i + 1 == l->n && l->at_key))
				locate_node(l, &v, i + 1);
			yaml_event_delete(&v);
			return;
		}
		if (skip_node(l, &v) < 0)
			return;
	}
}

static void locate_in_list(struct locate *l, size_t i)
{
	yaml_event_t v;
	size_t k;

	for (k = 0;; k++) {
		if (!next_item(l, &v, YAML_SEQUENCE_END_EVENT))
			return;
		if (k == l->path[i].index) {
			locate_node(l, &v, i + 1);
			yaml_event_delete(&v);
			return;
		}
		if (skip_node(l, &v) < 0)
			return;
	}
}

/* `start` is the first event of the node at depth i (path[0..i) matched). */
static void locate_node(struct locate *l, const yaml_event_t *start, size_t i)
{
	l->mark = start->start_mark;
	if (i == l->n)
		return;
	if (l->path[i].key && start->type == YAML_MAPPING_START_EVENT)
		locate_in_map(l, i);
	else if (!l->path[i].key && start->type == YAML_SEQUENCE_START_EVENT)
		locate_in_list(l, i);
}

static void locate_path(const struct yamlpos *p, int at_key, int *line, int *col)
{
	struct locate l;
	yaml_event_t ev;
	int started = 0;

	memset(&l, 0, sizeof(l));
	l.path = p->path;
	l.n = p->depth < YAMLPOS_MAX_DEPTH ? p->depth : YAMLPOS_MAX_DEPTH;
	l.at_key = at_key && l.n && l.path[l.n - 1].key && p->depth <= YAMLPOS_MAX_DEPTH;
	*line = 1;
	*col = 1;
	if (!yaml_parser_initialize(&l.ps))
		return;
	yaml_parser_set_input_string(&l.ps, (const unsigned char *)p->text, p->len);
	/* Skip stream and document starts to the root node's first event. */
	while (yaml_parser_parse(&l.ps, &ev)) {
		if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (ev.type != YAML_STREAM_END_EVENT && ev.type != YAML_DOCUMENT_END_EVENT) {
			started = 1;
			locate_node(&l, &ev, 0);
		}
		yaml_event_delete(&ev);
		break;
	}
	if (started) {
		*line = (int)l.mark.line + 1;
		*col = (int)l.mark.column + 1;
	}
	yaml_parser_delete(&l.ps);
}

void yamlpos_error(struct yamlpos *p, int at_key, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	struct pos at;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	at.file = p->file;
	locate_path(p, at_key, &at.line, &at.col);
	at.line += p->line0;
	diags_error(p->diags, at, "%s", msg.buf);
	p->nerrors++;
	strbuf_release(&msg);
}

const char *yamlpos_closest(const char *got, const char *const *names,
			    size_t n, size_t max)
{
	const char *best = NULL;
	size_t i, d, best_d = max + 1;

	for (i = 0; i < n && names[i]; i++) {
		d = str_distance(got, names[i], 3);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

void yamlpos_unknown_key(struct yamlpos *p, const char *what,
			 const char *const *known)
{
	const char *key = p->depth && p->depth <= YAMLPOS_MAX_DEPTH ?
		p->path[p->depth - 1].key : NULL;
	const char *best;

	if (!key)
		key = "";
	best = yamlpos_closest(key, known, (size_t)-1, 2);
	if (best)
		yamlpos_error(p, 1, "unknown key '%s' in %s (did you mean '%s'?)", key, what, best);
	else
		yamlpos_error(p, 1, "unknown key '%s' in %s", key, what);
}

int yamlpos_push_known(struct yamlpos *p, const char *key, const char *what,
		       const char *const *known)
{
	int k;

	yamlpos_push_key(p, key);
	for (k = 0; known[k]; k++)
		if (!strcmp(known[k], key))
			return k;
	yamlpos_unknown_key(p, what, known);
	return -1;
}

const char *yamlpos_type_name(const struct ctx *v)
{
	switch (v->type) {
	case CTX_NULL: return "null";
	case CTX_BOOL: return "a boolean";
	case CTX_NUM: return "a number";
	case CTX_STR: return "a string";
	case CTX_LIST: return "a list";
	case CTX_MAP: return "a mapping";
	}
	return "a value";
}
