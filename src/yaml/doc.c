/*
 * doc.c - libyaml events to a positioned node tree (see doc.h).
 *
 * Hostile input is stopped here, before any schema sees it: the bytes must
 * be UTF-8 (checked by us so that the position of a bad byte is exact;
 * libyaml only gives an offset), aliases are refused where they stand, and
 * nesting stops at YAML_MAX_DEPTH while the events stream in, so a
 * 10,000-level document costs 65 levels of work. Repeated keys are found
 * with a small hash per open mapping, so a mapping of 100,000 keys stays
 * linear.
 *
 * The tree is built without recursion: an explicit stack of open
 * collections, nodes in blocks that never move (so children can be linked
 * by pointer as they come), and scalar texts copied into a few large
 * chunks rather than one allocation each.
 */
#include "yaml/doc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/alloc.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"
#define SHOW_MAX 60

/* ---- reporting ------------------------------------------------------------ */

void yreport_init(struct yreport *r, struct diags *d, const char *file)
{
	memset(r, 0, sizeof(*r));
	r->diags = d;
	r->file = file;
}

static void report_v(struct yreport *r, int line, int col, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct pos at = { r->file, line > 0 ? line + r->line0 : 0, line > 0 ? col : 0 };

	if (++r->nerrors > YAML_MAX_ERRORS) {
		if (r->nerrors == YAML_MAX_ERRORS + 1) {
			at.line = at.col = 0;
			diags_error(r->diags, at, "too many errors; only the first %d are reported",
				    YAML_MAX_ERRORS);
		}
		return;
	}
	if (r->prefix)
		strbuf_adds(&sb, r->prefix);
	strbuf_vaddf(&sb, fmt, ap);
	diags_error(r->diags, at, "%s", sb.buf);
	strbuf_release(&sb);
}

void yreport_error(struct yreport *r, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(r, at ? at->line : 0, at ? at->col : 0, fmt, ap);
	va_end(ap);
}

void yreport_error_at(struct yreport *r, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(r, line, col, fmt, ap);
	va_end(ap);
}

void yreport_warning(struct yreport *r, const struct ynode *at, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct pos p = { r->file, at && at->line > 0 ? at->line + r->line0 : 0,
			 at && at->line > 0 ? at->col : 0 };
	va_list ap;

	if (++r->nwarnings > YAML_MAX_ERRORS)
		return;
	if (r->prefix)
		strbuf_adds(&sb, r->prefix);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diags_warning(r->diags, p, "%s", sb.buf);
	strbuf_release(&sb);
}

int yreport_full(const struct yreport *r)
{
	return r->nerrors >= YAML_MAX_ERRORS;
}

void yshow(struct strbuf *sb, const char *s)
{
	size_t chars = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xc0) != 0x80 && chars++ == SHOW_MAX) {
			strbuf_adds(sb, "...");
			return;
		}
		if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addc(sb, (char)c);
	}
}

/* ---- the builder ---------------------------------------------------------- */

/* Scalar texts are copied into chunks of at least the input's size. */
struct ystr_chunk {
	struct ystr_chunk *next;
	size_t used, size;
	char data[];
};

struct ynode_block {
	struct ynode_block *next;
	size_t used, size;
	struct ynode v[];
};

#define CHUNK_MIN 4096
#define BLOCK_MAX 65536

/* The keys of one open mapping, hashed (slots hold key nodes). */
struct keyset {
	const struct ynode **slots;
	size_t nslots, n;
};

struct frame {
	struct ynode *node;
	int want_value;  /* mapping: the next child is a value */
	int drop_value;  /* ... and it belongs to a key that was left out */
	struct keyset keys;
};

struct builder {
	struct ydoc *doc;
	struct yreport *r;
	const char *text;
	size_t len;
	struct frame stack[YAML_MAX_DEPTH];
	int depth;
	int ndocs;
};

static void CB_PRINTF(3, 4) b_error(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(b->r, (int)m->line + 1, (int)m->column + 1, fmt, ap);
	va_end(ap);
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
		unsigned char c = (unsigned char)b->text[i];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xc0) != 0x80) {
			++*col;
		}
	}
}

static char *doc_strndup(struct builder *b, const char *s, size_t len)
{
	struct ystr_chunk *c = b->doc->chunks;
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
		c->next = b->doc->chunks;
		b->doc->chunks = c;
	}
	out = c->data + c->used;
	memcpy(out, s, len);
	out[len] = '\0';
	c->used += len + 1;
	return out;
}

static struct ynode *node_new(struct builder *b, enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode_block *blk = b->doc->blocks;
	struct ynode *n;

	if (!blk || blk->used == blk->size) {
		/* A schema file has about one node per 16 bytes. */
		size_t size = blk ? blk->size * 2 : b->len / 16 + 8;
		if (size > BLOCK_MAX)
			size = BLOCK_MAX;
		blk = xmalloc(sizeof(*blk) + size * sizeof(blk->v[0]));
		blk->used = 0;
		blk->size = size;
		blk->next = b->doc->blocks;
		b->doc->blocks = blk;
	}
	n = &blk->v[blk->used++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->scalar = YS_STR;
	n->str = "";
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

/* ---- repeated keys -------------------------------------------------------- */

static size_t hash_key(const struct ynode *k)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->str[i]) * 16777619u;
	return h;
}

static int same_key(const struct ynode *a, const struct ynode *b)
{
	return a->len == b->len && !memcmp(a->str, b->str, a->len);
}

static void keyset_put(struct keyset *ks, const struct ynode *k)
{
	size_t i = hash_key(k) & (ks->nslots - 1);

	while (ks->slots[i])
		i = (i + 1) & (ks->nslots - 1);
	ks->slots[i] = k;
}

#define KEYSET_LINEAR 8

/*
 * The earlier key equal to `k` among the `n` keys of mapping `m`, or NULL
 * after adding `k`. Most mappings are small: up to KEYSET_LINEAR keys are
 * compared one by one along the mapping's own list, and the hash is only
 * built past that.
 */
static const struct ynode *keyset_add(struct keyset *ks, const struct ynode *m,
				      const struct ynode *k)
{
	const struct ynode *p;
	size_t i;

	if (ks->n < KEYSET_LINEAR) {
		for (p = m->first; p; p = p->next->next)
			if (same_key(p, k))
				return p;
		if (++ks->n < KEYSET_LINEAR)
			return NULL;
		/* The mapping is growing: hash what it holds, `k` included. */
		ks->nslots = 4 * KEYSET_LINEAR;
		ks->slots = xcalloc(ks->nslots, sizeof(*ks->slots));
		for (p = m->first; p; p = p->next->next)
			keyset_put(ks, p);
		keyset_put(ks, k);
		return NULL;
	}
	for (i = hash_key(k) & (ks->nslots - 1); ks->slots[i]; i = (i + 1) & (ks->nslots - 1))
		if (same_key(ks->slots[i], k))
			return ks->slots[i];
	if ((ks->n + 1) * 2 > ks->nslots) {
		const struct ynode **old = ks->slots;
		size_t nold = ks->nslots;
		ks->nslots = nold * 2;
		ks->slots = xcalloc(ks->nslots, sizeof(*ks->slots));
		for (i = 0; i < nold; i++)
			if (old[i])
				keyset_put(ks, old[i]);
		free(old);
	}
	keyset_put(ks, k);
	ks->n++;
	return NULL;
}

/* ---- linking nodes -------------------------------------------------------- */

static void link_child(struct ynode *parent, struct ynode *n)
{
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	parent->nkids++;
}

/* A mapping key: linked, or left out (with its value) when refused. */
static void attach_key(struct builder *b, struct frame *f, struct ynode *k)
{
	const struct ynode *first;
	struct strbuf sb = STRBUF_INIT;

	f->want_value = 1;
	if (k->type != YN_SCALAR) {
		if (k->type != YN_BAD)
			yreport_error(b->r, k, "keys must be strings, not %s", ynode_describe(k));
		f->drop_value = 1;
		return;
	}
	first = keyset_add(&f->keys, f->node, k);
	if (first) {
		yshow(&sb, k->str);
		yreport_error(b->r, k, "duplicate key '%s' (first at line %d)", sb.buf,
			first->line + b->r->line0);
		strbuf_release(&sb);
		f->drop_value = 1;
		return;
	}
	link_child(f->node, k);
}

static void attach(struct builder *b, struct ynode *n)
{
	struct frame *f;

	if (!b->depth) {
		if (!b->doc->root)
			b->doc->root = n;
		return;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->type != YN_MAP) {
		link_child(f->node, n);
		return;
	}
	if (!f->want_value) {
		attach_key(b, f, n);
		return;
	}
	f->want_value = 0;
	if (f->drop_value)
		f->drop_value = 0;
	else
		link_child(f->node, n);
}

/* ---- scalars -------------------------------------------------------------- */

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

static int is_one_of(const char *s, const char *a, const char *b, const char *c)
{
	return !strcmp(s, a) || !strcmp(s, b) || !strcmp(s, c);
}

/* The YAML 1.2 core schema, which is what a reader of the file expects. */
static enum yscalar plain_type(const char *s)
{
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
	if (!*s || !strcmp(s, "~") || is_one_of(s, "null", "Null", "NULL"))
		return YS_NULL;
	if (is_one_of(s, "true", "True", "TRUE") || is_one_of(s, "false", "False", "FALSE"))
		return YS_BOOL;
	if (all_digits(*s == '-' || *s == '+' ? s + 1 : s, 10) ||
	    (!strncmp(s, "0o", 2) && all_digits(s + 2, 8)) ||
	    (!strncmp(s, "0x", 2) && all_digits(s + 2, 16)))
		return YS_INT;
	if (is_float_text(s) || is_one_of(s, ".nan", ".NaN", ".NAN"))
		return YS_FLOAT;
	return YS_STR;
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
 * Scalars end up in plain-text output: refuse the C0 and C1 controls that
 * escapes such as "\e" or "\x9b" could smuggle in. Tab, line feed and
 * carriage return are what YAML itself allows in text (the Mustache spec
 * needs CR for its line-ending examples), so they pass. One report per
 * scalar.
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
		if (cp == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			cp = s[i + 1];
		else if (cp >= 0x20 && cp != 0x7f)
			continue;
		if (cp == '\t' || cp == '\n' || cp == '\r')
			continue;
		b_error(b, &ev->start_mark,
			"control character U+%04X is not allowed in a string", cp);
		return;
	}
}

/* "tag:yaml.org,2002:int" reads better as "!!int". */
static void report_tag(struct builder *b, const yaml_mark_t *m, const char *tag)
{
	size_t plen = strlen(YAML_TAG_PREFIX);

	if (!strncmp(tag, YAML_TAG_PREFIX, plen))
		b_error(b, m, "unsupported tag '!!%.40s'", tag + plen);
	else
		b_error(b, m, "unsupported tag '%.40s'", tag);
}

static void on_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	struct ynode *n = node_new(b, YN_SCALAR, &ev->start_mark);

	n->str = doc_strndup(b, (const char *)ev->data.scalar.value, ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	if (!tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		n->scalar = plain_type(n->str);
	if (tag && strcmp(tag, "!") && strcmp(tag, YAML_TAG_PREFIX "str")) {
		report_tag(b, &ev->start_mark, tag);
		n->type = YN_BAD;
	}
	check_controls(b, ev);
	attach(b, n);
}

/* ---- collections and events ----------------------------------------------- */

static int on_collection(struct builder *b, const yaml_event_t *ev, int is_map)
{
	const char *tag = (const char *)(is_map ? ev->data.mapping_start.tag
					       : ev->data.sequence_start.tag);
	struct ynode *n;
	struct frame *f;

	if (b->depth >= YAML_MAX_DEPTH) {
		b_error(b, &ev->start_mark, "nesting deeper than %d levels", YAML_MAX_DEPTH);
		return -1;
	}
	n = node_new(b, is_map ? YN_MAP : YN_SEQ, &ev->start_mark);
	if (tag && strcmp(tag, "!") &&
	    strcmp(tag, is_map ? YAML_TAG_PREFIX "map" : YAML_TAG_PREFIX "seq")) {
		report_tag(b, &ev->start_mark, tag);
		n->type = YN_BAD;
	}
	attach(b, n);
	f = &b->stack[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	return 0;
}

static void on_end(struct builder *b)
{
	if (b->depth > 0) {
		struct frame *f = &b->stack[--b->depth];
		free(f->keys.slots);
		memset(f, 0, sizeof(*f));
	}
}

static void on_alias(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n = node_new(b, YN_BAD, &ev->start_mark);

	b_error(b, &ev->start_mark, "alias '*%.40s' is not allowed",
		(const char *)ev->data.alias.anchor);
	attach(b, n);
}

/* Returns 1 at the end of the (first) document, 0 to go on, -1 to give up. */
static int on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1) {
			b_error(b, &ev->start_mark, "more than one document in the file");
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
		on_end(b);
		return 0;
	case YAML_ALIAS_EVENT:
		on_alias(b, ev);
		return 0;
	default:
		return 0;
	}
}

/*
 * libyaml calls a tab in the indentation "found character that cannot
 * start any token", which does not say what is wrong. True when the mark
 * (0-based, in b->text) is on a tab, or within or just after leading
 * white space that holds one.
 */
static int tab_at(const struct builder *b, const yaml_mark_t *m)
{
	size_t i = 0, line = 0, lead, col;
	int tab = 0;

	while (i < b->len && line < m->line)
		if (b->text[i++] == '\n')
			line++;
	if (line != m->line)
		return 0;
	for (lead = 0; i + lead < b->len && (b->text[i + lead] == ' ' || b->text[i + lead] == '\t');
	     lead++)
		tab |= b->text[i + lead] == '\t';
	if (tab && m->column <= lead)
		return 1;
	/* past the indentation, columns count characters, not bytes */
	for (col = 0; i < b->len && b->text[i] != '\n' && col < m->column; i++)
		if (((unsigned char)b->text[i] & 0xc0) != 0x80)
			col++;
	while (i < b->len && ((unsigned char)b->text[i] & 0xc0) == 0x80)
		i++;
	return i < b->len && b->text[i] == '\t';
}

static void report_parser_error(struct builder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "unknown error";
	int line, col;

	if (p->error == YAML_MEMORY_ERROR)
		die("out of memory");
	if (p->error == YAML_READER_ERROR) {
		offset_pos(b, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			yreport_error_at(b->r, line, col, "invalid yaml: %s (U+%04X)", problem,
					 (unsigned)p->problem_value);
		else
			yreport_error_at(b->r, line, col, "invalid yaml: %s", problem);
		return;
	}
	if (p->error == YAML_SCANNER_ERROR && tab_at(b, &p->problem_mark)) {
		b_error(b, &p->problem_mark, "invalid yaml: a tab character where YAML allows only "
			"spaces (indent with spaces, not tabs)");
		return;
	}
	if (p->context)
		b_error(b, &p->problem_mark, "invalid yaml: %s (%s at %d:%d)", problem,
			p->context, (int)p->context_mark.line + 1 + b->r->line0,
			(int)p->context_mark.column + 1);
	else
		b_error(b, &p->problem_mark, "invalid yaml: %s", problem);
}

/* The checks made on the bytes before libyaml sees them; -1 when refused. */
static int check_text(struct builder *b)
{
	size_t bad;
	int line, col;

	if (b->len > YAML_MAX_BYTES) {
		yreport_error(b->r, NULL, "file is larger than the limit of %d bytes",
			      YAML_MAX_BYTES);
		return -1;
	}
	/*
	 * Columns count characters, as libyaml's do; the bytes before a bad
	 * one are valid UTF-8, so offset_pos counts characters there.
	 */
	bad = utf8_invalid_at(b->text, b->len);
	if (bad < b->len) {
		offset_pos(b, bad, &line, &col);
		yreport_error_at(b->r, line, col, "invalid UTF-8 (byte 0x%02x)",
				 (unsigned char)b->text[bad]);
		return -1;
	}
	return 0;
}

int ydoc_parse(struct ydoc *doc, const char *text, size_t len, struct yreport *r)
{
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int ret = 0;

	/*
	 * With the encoding set, libyaml does not skip a byte order mark
	 * (Windows editors write one); drop it here.
	 */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	memset(&b, 0, sizeof(b));
	b.doc = doc;
	b.r = r;
	b.text = text;
	b.len = len;
	if (check_text(&b))
		return -1;
	if (!yaml_parser_initialize(&parser))
		die("out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!ret) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&b, &parser);
			ret = -1;
			break;
		}
		ret = on_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	while (b.depth)
		on_end(&b);
	return ret < 0 ? -1 : 0;
}

int ydoc_load(struct ydoc *doc, const char *path, struct yreport *r)
{
	struct strbuf why = STRBUF_INIT;
	char *text = NULL;
	size_t len = 0;
	int ret;

	ret = read_file_why(path, YAML_MAX_BYTES, &text, &len, &why);
	if (ret != READ_OK) {
		yreport_error(r, NULL, "%s", why.buf);
		strbuf_release(&why);
		return ret == READ_TOO_BIG ? -1 : -2;
	}
	ret = ydoc_parse(doc, text, len, r);
	free(text);
	strbuf_release(&why);
	return ret;
}

void ydoc_release(struct ydoc *doc)
{
	struct ystr_chunk *c, *cnext;
	struct ynode_block *blk, *bnext;

	for (c = doc->chunks; c; c = cnext) {
		cnext = c->next;
		free(c);
	}
	for (blk = doc->blocks; blk; blk = bnext) {
		bnext = blk->next;
		free(blk);
	}
	memset(doc, 0, sizeof(*doc));
}

size_t ydoc_bytes(const struct ydoc *doc)
{
	const struct ystr_chunk *c;
	const struct ynode_block *blk;
	size_t n = 0;

	for (c = doc->chunks; c; c = c->next)
		n += sizeof(*c) + c->size;
	for (blk = doc->blocks; blk; blk = blk->next)
		n += sizeof(*blk) + blk->size * sizeof(blk->v[0]);
	return n;
}

/* ---- looking at nodes ----------------------------------------------------- */

const char *ynode_describe(const struct ynode *n)
{
	if (!n)
		return "empty";
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
	switch (n->scalar) {
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

int ynode_is_null(const struct ynode *n)
{
	return n && n->type == YN_SCALAR && n->scalar == YS_NULL;
}

const struct ynode *ynode_get(const struct ynode *m, const char *key)
{
	const struct ynode *k;

	if (!m || m->type != YN_MAP)
		return NULL;
	for (k = m->first; k; k = k->next->next)
		if (!strcmp(k->str, key))
			return k->next;
	return NULL;
}
