/*
 * load_yaml.c - libyaml events to a positioned node tree (see load_yaml.h).
 *
 * Hostile input is stopped here, before the schema sees it: the bytes must
 * be UTF-8 (checked by us so that the position of a bad byte is exact;
 * libyaml only reports an offset), aliases are refused where they stand,
 * and nesting stops at LOAD_MAX_DEPTH while the events stream in, so a
 * 10,000-level document costs 65 levels of work.
 */
#include "yaml/load_yaml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "data/load.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

struct builder {
	struct ydoc *doc;
	yreport_fn report;
	void *ctx;
	const char *buf;
	size_t len;
	size_t stack[LOAD_MAX_DEPTH + 1];
	int depth;
};

static void CB_PRINTF(4, 5)
	b_report(struct builder *b, int line, int col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	b->report(b->ctx, line, col, sb.buf);
	strbuf_release(&sb);
}

/* Line and column of a byte offset (libyaml's reader errors give only that). */
static void offset_pos(const struct builder *b, size_t off, int *line, int *col)
{
	size_t i;
	*line = 1;
	*col = 1;
	if (off > b->len)
		off = b->len;
	for (i = 0; i < off; i++) {
		unsigned char c = (unsigned char)b->buf[i];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xc0) != 0x80) {
			++*col;
		}
	}
}

/* True when the 8 bytes at `s` are all ASCII. */
static int ascii8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof(w));
	return !(w & UINT64_C(0x8080808080808080));
}

/*
 * Finds the first byte that is not UTF-8 (overlong forms, surrogates and
 * code points above U+10FFFF included). Columns count characters, as
 * libyaml's do; the bytes before a bad one are valid UTF-8, so counting
 * the bytes that start a character (offset_pos) counts characters. Runs
 * of ASCII are skipped eight bytes at a time.
 */
static int utf8_check(struct builder *b)
{
	const unsigned char *s = (const unsigned char *)b->buf;
	size_t i = 0, k, n;
	int line, col;
	unsigned cp;

	while (i < b->len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			while (i + 8 <= b->len && ascii8(s + i))
				i += 8;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 2;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4;
		else
			goto bad;
		if (i + n > b->len)
			goto bad;
		for (k = 1; k < n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
		if (n == 3) {
			cp = (unsigned)(c & 0x0f) << 12 |
			     (unsigned)(s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);
			if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
				goto bad;
		} else if (n == 4) {
			cp = (unsigned)(c & 0x07) << 18 |
			     (unsigned)(s[i + 1] & 0x3f) << 12 |
			     (unsigned)(s[i + 2] & 0x3f) << 6 | (s[i + 3] & 0x3f);
			if (cp < 0x10000 || cp > 0x10ffff)
				goto bad;
		}
		i += n;
	}
	return 0;
bad:
	offset_pos(b, i, &line, &col);
	b_report(b, line, col, "invalid UTF-8 (byte 0x%02x)", s[i]);
	return -1;
}

static void report_parser_error(struct builder *b, const yaml_parser_t *p)
{
	int line, col;
	const char *problem = p->problem ? p->problem : "unknown error";

	if (p->error == YAML_READER_ERROR) {
		offset_pos(b, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			b_report(b, line, col, "invalid yaml: %s (U+%04X)", problem,
				 (unsigned)p->problem_value);
		else
			b_report(b, line, col, "invalid yaml: %s", problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		b_report(b, 0, 0, "invalid yaml: out of memory");
		return;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	if (p->context)
		b_report(b, line, col, "invalid yaml: %s (%s at %d:%d)", problem,
			 p->context, (int)p->context_mark.line + 1,
			 (int)p->context_mark.column + 1);
	else
		b_report(b, line, col, "invalid yaml: %s", problem);
}

/*
 * Scalar texts are copied into chunks of at least the input's size, so a
 * document costs a couple of allocations instead of one per scalar.
 */
struct ystr_chunk {
	struct ystr_chunk *next;
	size_t used, size;
	char data[];
};

#define CHUNK_MIN 4096

static char *doc_strndup(struct builder *b, const char *s, size_t len)
{
	struct ydoc *doc = b->doc;
	struct ystr_chunk *c = doc->chunks;
	char *out;

	if (!c || c->size - c->used < len + 1) {
		size_t size = b->len + 256;
		if (size < CHUNK_MIN)
			size = CHUNK_MIN;
		if (size < len + 1)
			size = len + 1;
		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->next = doc->chunks;
		doc->chunks = c;
	}
	out = c->data + c->used;
	memcpy(out, s, len);
	out[len] = '\0';
	c->used += len + 1;
	return out;
}

static size_t node_new(struct builder *b, enum ynode_type type, const yaml_mark_t *m)
{
	struct ydoc *doc = b->doc;
	struct ynode *n;

	if (!doc->n) {
		/* A schema file has about one node per 16 bytes. */
		size_t guess = b->len / 16 + 8;
		doc->n = 1; /* slot 0 means "none" */
		ALLOC_GROW(doc->v, guess < 4096 ? guess : 4096, doc->alloc);
	}
	ALLOC_GROW(doc->v, doc->n + 1, doc->alloc);
	n = &doc->v[doc->n];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return doc->n++;
}

static void node_attach(struct builder *b, size_t i)
{
	struct ydoc *doc = b->doc;
	struct ynode *parent;

	if (!b->depth) {
		if (!doc->root)
			doc->root = i;
		return;
	}
	parent = &doc->v[b->stack[b->depth - 1]];
	if (parent->last)
		doc->v[parent->last].next = i;
	else
		parent->first = i;
	parent->last = i;
	parent->nkids++;
}

/* "tag:yaml.org,2002:int" reads better as "!!int". */
static void report_tag(struct builder *b, const yaml_mark_t *m, const char *tag)
{
	size_t plen = strlen(YAML_TAG_PREFIX);
	if (!strncmp(tag, YAML_TAG_PREFIX, plen))
		b_report(b, (int)m->line + 1, (int)m->column + 1,
			 "unsupported tag '!!%.40s'", tag + plen);
	else
		b_report(b, (int)m->line + 1, (int)m->column + 1,
			 "unsupported tag '%.40s'", tag);
}

#define BYTES_OF(x) (UINT64_C(0x0101010101010101) * (x))

/*
 * True when one of the 8 bytes at `s` is below 0x20, 0x7f or 0xc2 (which
 * starts the C1 controls): the usual zero-byte test of a word, exact as
 * a yes or no answer.
 */
static int maybe_control8(const unsigned char *s)
{
	uint64_t w, x, y;

	memcpy(&w, s, sizeof(w));
	x = w ^ BYTES_OF(0x7f);
	y = w ^ BYTES_OF(0xc2);
	return ((((w - BYTES_OF(0x20)) & ~w) | ((x - BYTES_OF(1)) & ~x) |
		((y - BYTES_OF(1)) & ~y)) & BYTES_OF(0x80)) != 0;
}

/*
 * Scalars end up in plain-text output: refuse C0 and C1 control
 * characters (tab and newline excepted) that escapes like "\e" or "\x9b"
 * could smuggle in.
 */
static void check_controls(struct builder *b, const yaml_event_t *ev)
{
	const unsigned char *s = ev->data.scalar.value;
	size_t i, len = ev->data.scalar.length;

	for (i = 0; i < len; i++) {
		unsigned cp;
		while (i + 8 <= len && !maybe_control8(s + i))
			i += 8;
		if (i == len)
			break;
		cp = s[i];
		if (cp >= 0x20 && cp != 0x7f && cp != 0xc2)
			continue;
		if (cp == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			cp = s[i + 1];
		else if (cp >= 0x20 && cp != 0x7f)
			continue;
		if (cp == '\t' || cp == '\n')
			continue;
		b_report(b, (int)ev->start_mark.line + 1,
			 (int)ev->start_mark.column + 1,
			 "control character U+%04X is not allowed in a string", cp);
		return;
	}
}

static void on_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t i = node_new(b, YN_SCALAR, &ev->start_mark);
	struct ynode *n = &b->doc->v[i];

	n->str = doc_strndup(b, (const char *)ev->data.scalar.value, ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->plain = !tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (tag && strcmp(tag, "!") && strcmp(tag, YAML_TAG_PREFIX "str")) {
		report_tag(b, &ev->start_mark, tag);
		n->type = YN_BAD;
	}
	check_controls(b, ev);
	node_attach(b, i);
}

static int on_collection(struct builder *b, const yaml_event_t *ev, int is_map)
{
	const char *tag = (const char *)(is_map ? ev->data.mapping_start.tag
					       : ev->data.sequence_start.tag);
	size_t i;

	if (b->depth >= LOAD_MAX_DEPTH) {
		b_report(b, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
			 "nesting deeper than %d levels", LOAD_MAX_DEPTH);
		return -1;
	}
	i = node_new(b, is_map ? YN_MAP : YN_SEQ, &ev->start_mark);
	if (tag && strcmp(tag, "!") &&
	    strcmp(tag, is_map ? YAML_TAG_PREFIX "map" : YAML_TAG_PREFIX "seq")) {
		report_tag(b, &ev->start_mark, tag);
		b->doc->v[i].type = YN_BAD;
	}
	node_attach(b, i);
	b->stack[b->depth++] = i;
	return 0;
}

static void on_alias(struct builder *b, const yaml_event_t *ev)
{
	size_t i = node_new(b, YN_BAD, &ev->start_mark);
	b_report(b, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		 "alias '*%.40s' is not allowed",
		 (const char *)ev->data.alias.anchor);
	node_attach(b, i);
}

/* Returns 1 at the end of the stream, 0 to go on, -1 to give up. */
static int on_event(struct builder *b, const yaml_event_t *ev, int *ndocs)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*ndocs > 1) {
			b_report(b, (int)ev->start_mark.line + 1,
				 (int)ev->start_mark.column + 1,
				 "more than one document in the file");
			return 1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		on_scalar(b, ev);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_collection(b, ev, ev->type == YAML_MAPPING_START_EVENT);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return 0;
	case YAML_ALIAS_EVENT:
		on_alias(b, ev);
		return 0;
	default:
		return 0;
	}
}

int ydoc_parse(struct ydoc *doc, const char *buf, size_t len,
	       yreport_fn report, void *ctx)
{
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int ndocs = 0, r = 0;

	/*
	 * With the encoding set, libyaml does not skip a byte order mark
	 * (Windows editors write one); drop it here.
	 */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
	}
	memset(&b, 0, sizeof(b));
	b.doc = doc;
	b.report = report;
	b.ctx = ctx;
	b.buf = buf;
	b.len = len;
	if (utf8_check(&b))
		return -1;
	if (!yaml_parser_initialize(&parser)) {
		b_report(&b, 0, 0, "cannot initialise the yaml parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!r) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&b, &parser);
			r = -1;
			break;
		}
		r = on_event(&b, &ev, &ndocs);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return r < 0 ? -1 : 0;
}

void ydoc_release(struct ydoc *doc)
{
	struct ystr_chunk *c, *next;

	for (c = doc->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc->v);
	memset(doc, 0, sizeof(*doc));
}

size_t ydoc_bytes(const struct ydoc *doc)
{
	const struct ystr_chunk *c;
	size_t n = doc->alloc * sizeof(*doc->v);

	for (c = doc->chunks; c; c = c->next)
		n += sizeof(*c) + c->size;
	return n;
}

static int is_digit_in(int c, int base)
{
	if (base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
		return 1;
	return c >= '0' && c < (base == 8 ? '8' : '9' + 1);
}

/* True when `s` is one or more digits of `base` (8, 10 or 16). */
static int all_digits(const char *s, int base)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!is_digit_in((unsigned char)*s, base))
			return 0;
	return 1;
}

static int is_float_text(const char *s)
{
	int digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF"))
		return 1;
	while (*s >= '0' && *s <= '9')
		s++, digits++;
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9')
			s++, digits++;
	}
	if (!digits)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return !*s;
}

/* The YAML 1.2 core schema, which is what a reader of the file expects. */
enum yscalar_type ynode_scalar_type(const struct ynode *n)
{
	const char *s = n->str;

	if (n->type != YN_SCALAR || !n->plain)
		return YS_STR;
	/* Most scalars are words: only these first characters can start a
	 * null, a boolean or a number. */
	switch (*s) {
	case '\0': case '~': case 'n': case 'N': case 't': case 'T':
	case 'f': case 'F': case '+': case '-': case '.':
		break;
	default:
		if (*s < '0' || *s > '9')
			return YS_STR;
	}
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	    !strcmp(s, "NULL"))
		return YS_NULL;
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") ||
	    !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return YS_BOOL;
	if (all_digits(*s == '-' || *s == '+' ? s + 1 : s, 10) ||
	    (!strncmp(s, "0o", 2) && all_digits(s + 2, 8)) ||
	    (!strncmp(s, "0x", 2) && all_digits(s + 2, 16)))
		return YS_INT;
	if (is_float_text(s) || !strcmp(s, ".nan") || !strcmp(s, ".NaN") ||
	    !strcmp(s, ".NAN"))
		return YS_FLOAT;
	return YS_STR;
}

const char *ynode_describe(const struct ynode *n)
{
	switch (n->type) {
	case YN_MAP:
		return "a mapping";
	case YN_SEQ:
		return "a list";
	case YN_BAD:
		return "a refused node";
	case YN_SCALAR:
		break;
	}
	switch (ynode_scalar_type(n)) {
	case YS_NULL:
		return "empty";
	case YS_BOOL:
		return "a boolean";
	case YS_INT:
		return "an integer";
	case YS_FLOAT:
		return "a number";
	case YS_STR:
		break;
	}
	return "a string";
}
