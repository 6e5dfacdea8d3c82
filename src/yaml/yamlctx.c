/*
 * yamlctx.c - one YAML document as a context tree, built from libyaml's
 * event stream.
 *
 * The tree is built with an explicit stack of open containers, so the C
 * stack does not grow with the input's nesting (which is capped at
 * YAMLCTX_MAX_DEPTH anyway). A new container is attached to its parent as
 * soon as it starts, so on any error freeing the root frees everything.
 * Duplicate keys are found with a small open-addressing hash per open
 * mapping, keeping big mappings linear.
 */
#include "yaml/yamlctx.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct frame {
	struct ctx *node;    /* CTX_MAP or CTX_LIST */
	char *key;           /* mapping: the key waiting for its value */
	size_t *slots;       /* mapping: hash of key indexes + 1 (0 = empty) */
	size_t nslots;
};

struct builder {
	const char *text;
	size_t len;
	const char *file;
	int line0;
	struct diags *diags;
	struct ctx *root;
	struct frame *stack;
	size_t depth, alloc;
	int ndocs;
};

static void CB_PRINTF(3, 4) b_error(struct builder *b, yaml_mark_t m, const char *fmt, ...)
{
	struct pos at = { b->file, (int)m.line + 1 + b->line0, (int)m.column + 1 };
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diags_error(b->diags, at, "%s", sb.buf);
	strbuf_release(&sb);
}

/*
 * Checks that `s` is well-formed UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF). Returns 0, or -1 with *line / *col (1-based,
 * column in characters) at the first bad byte.
 */
static int utf8_check(const unsigned char *s, size_t len, int *line, int *col)
{
	size_t i = 0;
	int l = 1, c = 1;

	while (i < len) {
		unsigned char b = s[i];
		size_t n, k;
		unsigned long cp;

		if (b < 0x80) {
			i++;
			if (b == '\n') {
				l++;
				c = 1;
			} else {
				c++;
			}
			continue;
		}
		if (b >= 0xc2 && b <= 0xdf) {
			n = 1;
			cp = b & 0x1f;
		} else if (b >= 0xe0 && b <= 0xef) {
			n = 2;
			cp = b & 0x0f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			n = 3;
			cp = b & 0x07;
		} else {
			goto bad;
		}
		if (len - i <= n)
			goto bad;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			goto bad;
		i += n + 1;
		c++;
	}
	return 0;
bad:
	*line = l;
	*col = c;
	return -1;
}

static size_t hash_str(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void hash_insert(struct frame *f, size_t idx)
{
	size_t i = hash_str(f->node->keys[idx]) & (f->nslots - 1);
	while (f->slots[i])
		i = (i + 1) & (f->nslots - 1);
	f->slots[i] = idx + 1;
}

/* True when `key` is already in the mapping of frame `f`. */
static int map_has(const struct frame *f, const char *key)
{
	size_t i;
	if (!f->nslots)
		return 0;
	i = hash_str(key) & (f->nslots - 1);
	while (f->slots[i]) {
		if (!strcmp(f->node->keys[f->slots[i] - 1], key))
			return 1;
		i = (i + 1) & (f->nslots - 1);
	}
	return 0;
}

/* Appends key (taking ownership) and val to the mapping of frame `f`. */
static void map_append(struct frame *f, char *key, struct ctx *val)
{
	struct ctx *m = f->node;
	size_t i;

	if (m->n + 1 > m->alloc) {
		size_t na = m->alloc < 8 ? 8 : m->alloc * 2;
		m->keys = xrealloc(m->keys, na * sizeof(*m->keys));
		m->items = xrealloc(m->items, na * sizeof(*m->items));
		m->alloc = na;
	}
	m->keys[m->n] = key;
	m->items[m->n++] = val;
	if ((m->n + 1) * 2 > f->nslots) {
		free(f->slots);
		f->nslots = f->nslots ? f->nslots * 2 : 16;
		f->slots = xcalloc(f->nslots, sizeof(*f->slots));
		for (i = 0; i < m->n; i++)
			hash_insert(f, i);
	} else {
		hash_insert(f, m->n - 1);
	}
}

static int is_one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return 1;
	return 0;
}

/* YAML 1.2 core schema numbers: [-+]?digits, and decimals with exponent. */
static int read_number(const char *s, double *out)
{
	const char *p = s;
	char *end;
	int digits = 0;

	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return 0;
	*out = strtod(s, &end);
	if (*end || !isfinite(*out))
		return 0;
	return 1;
}

static struct ctx *scalar_value(const yaml_event_t *ev)
{
	static const char *const nulls[] = { "null", "Null", "NULL", "~", "", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	double num;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    (tag && !strcmp(tag, YAML_STR_TAG)))
		return ctx_new_strn(s, ev->data.scalar.length);
	if (is_one_of(s, nulls))
		return ctx_new_null();
	if (is_one_of(s, trues))
		return ctx_new_bool(1);
	if (is_one_of(s, falses))
		return ctx_new_bool(0);
	if (read_number(s, &num))
		return ctx_new_num(num);
	return ctx_new_strn(s, ev->data.scalar.length);
}

/*
 * Puts `v` where the document expects the next value: the root, the end of
 * the open sequence, or under the pending key of the open mapping. Returns
 * 0, or -1 (and frees v) when v is a container used as a mapping key.
 */
static int place_value(struct builder *b, struct ctx *v, const yaml_event_t *ev)
{
	struct frame *f;

	if (!b->depth) {
		b->root = v;
		return 0;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->type == CTX_LIST) {
		ctx_push(f->node, v);
		return 0;
	}
	if (!f->key) {
		ctx_free(v);
		b_error(b, ev->start_mark, "a mapping key must be a scalar");
		return -1;
	}
	map_append(f, f->key, v);
	f->key = NULL;
	return 0;
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
	const char *s = (const char *)ev->data.scalar.value;

	if (memchr(s, '\0', ev->data.scalar.length)) {
		b_error(b, ev->start_mark, "a NUL character in a scalar is not allowed");
		return -1;
	}
	if (f && f->node->type == CTX_MAP && !f->key) {
		if (map_has(f, s)) {
			b_error(b, ev->start_mark, "duplicate key '%s'", s);
			return -1;
		}
		f->key = xstrdup(s);
		return 0;
	}
	return place_value(b, scalar_value(ev), ev);
}

static int on_start(struct builder *b, const yaml_event_t *ev, int is_map)
{
	struct ctx *v = is_map ? ctx_new_map() : ctx_new_list();
	struct frame *f;

	if (b->depth >= YAMLCTX_MAX_DEPTH) {
		ctx_free(v);
		b_error(b, ev->start_mark, "nesting deeper than %d levels",
			YAMLCTX_MAX_DEPTH);
		return -1;
	}
	if (place_value(b, v, ev))
		return -1;
	ALLOC_GROW(b->stack, b->depth + 1, b->alloc);
	f = &b->stack[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = v;
	return 0;
}

static void frame_release(struct frame *f)
{
	free(f->key);
	free(f->slots);
	memset(f, 0, sizeof(*f));
}

/* The line and column (0-based, in characters) of byte `off`. */
static yaml_mark_t offset_mark(const struct builder *b, size_t off)
{
	yaml_mark_t m = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < off && i < b->len; i++) {
		if (b->text[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)b->text[i] & 0xc0) != 0x80) {
			m.column++;
		}
	}
	m.index = off;
	return m;
}

static void parser_error(struct builder *b, const yaml_parser_t *p)
{
	struct strbuf sb = STRBUF_INIT;
	yaml_mark_t m = p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR)
		die("out of memory");
	strbuf_adds(&sb, p->problem ? p->problem : "invalid YAML");
	if (p->context)
		strbuf_addf(&sb, " (%s at line %d)", p->context,
			    (int)p->context_mark.line + 1 + b->line0);
	if (p->error == YAML_READER_ERROR)
		m = offset_mark(b, p->problem_offset);
	b_error(b, m, "%s", sb.buf);
	strbuf_release(&sb);
}

/* Handles one event; returns 1 at the end of the stream, 0 to go on, -1 on error. */
static int on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (b->ndocs++) {
			b_error(b, ev->start_mark, "more than one YAML document");
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		b_error(b, ev->start_mark, "aliases (*name) are not supported");
		return -1;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, 0);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, 1);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth)
			frame_release(&b->stack[--b->depth]);
		return 0;
	default:
		return 0;
	}
}

struct ctx *yamlctx_parse(const char *text, size_t len, const char *file,
			  int line0, struct diags *diags)
{
	struct builder b = { text, len, file, line0, diags, NULL, NULL, 0, 0, 0 };
	yaml_parser_t parser;
	yaml_event_t ev;
	int line, col, r = 0;

	if (utf8_check((const unsigned char *)text, len, &line, &col)) {
		struct pos at = { file, line + line0, col };
		diags_error(diags, at, "invalid UTF-8");
		return NULL;
	}
	if (!yaml_parser_initialize(&parser))
		die("out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!r) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(&b, &parser);
			r = -1;
			break;
		}
		r = on_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	while (b.depth)
		frame_release(&b.stack[--b.depth]);
	free(b.stack);
	if (r < 0) {
		ctx_free(b.root);
		return NULL;
	}
	return b.root ? b.root : ctx_new_null();
}
