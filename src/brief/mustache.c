/*
 * mustache.c - the template engine.
 *
 * A template is parsed once into a flat token list (text, variables,
 * sections, partials); comments and delimiter changes leave no token, and
 * the standalone-line rule is applied while parsing, so rendering is a
 * plain walk. A section token records where its body ends, so skipping a
 * false section is O(1).
 *
 * Bounds: section and partial nesting share one depth limit (which is
 * what stops recursive partials), rendering counts its steps and the size
 * of its output, and both are capped, so a hostile template ends with an
 * error instead of running away.
 *
 * Partial indentation: the spec prepends the whitespace before a
 * standalone partial tag to every line of the partial. We do it while
 * rendering, in front of the first output of each partial line, which is
 * the same text except that lines that render empty stay empty instead of
 * holding only spaces (trailing spaces mean something in Markdown).
 *
 * Loading a directory of templates is mustache_dir.c.
 */
#include "brief/mustache.h"

#include "markdown/markdown.h"
#include "base/str.h"
#include "base/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DELIM 32
#define DEFAULT_DEPTH 100
#define HARD_MAX_DEPTH 1000              /* keeps the C stack small */
#define MAX_STEPS 10000000UL             /* tokens visited per render */
#define MAX_OUTPUT ((size_t)16 << 20)    /* bytes appended per render */

/* escapers */

void mustache_escape_html(struct strbuf *out, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		strbuf_add(out, s + start, i - start);
		strbuf_adds(out, rep);
		start = i + 1;
	}
	strbuf_add(out, s + start, len - start);
}

void mustache_escape_none(struct strbuf *out, const char *s, size_t len)
{
	strbuf_add(out, s, len);
}

/* The one escaper of plain text for Markdown (markdown.h); quotes are
 * left to smart punctuation, like the rest of the brief's text. */
void mustache_escape_markdown(struct strbuf *out, const char *s, size_t len)
{
	markdown_escape_text(out, s, len, 0);
}

/* the parsed template */

enum tok_type { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_PARTIAL };

struct tok {
	enum tok_type type;
	const char *s;        /* text, or the tag's name */
	size_t len;
	size_t end;           /* sections: index of the first token after the body */
	const char *indent;   /* standalone partials: the whitespace before the tag */
	size_t indent_len;
	int standalone;
	int line, col;
};

struct tmpl {
	const char *file;
	struct tok *v;
	size_t n, alloc;
};

struct parser {
	const char *src;
	size_t len;
	const char *file;
	struct diags *diags;
	int max_depth;
	char otag[MAX_DELIM + 1], ctag[MAX_DELIM + 2]; /* ctag may get a '}' or '=' in front */
	size_t olen, clen;
	size_t lpos;          /* line tracking: position `lpos` is at line:col */
	int line, col;
	size_t *open;         /* indexes of the open section tokens */
	size_t nopen, aopen;
	struct tmpl *t;
};

static void tmpl_release(struct tmpl *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->alloc = 0;
}

/* Advances the line tracker to `off` (never backwards). */
static void pos_at(struct parser *p, size_t off)
{
	for (; p->lpos < off; p->lpos++) {
		unsigned char c = (unsigned char)p->src[p->lpos];
		if (c == '\n') {
			p->line++;
			p->col = 1;
		} else if ((c & 0xc0) != 0x80) {
			p->col++;
		}
	}
}

static void CB_PRINTF(4, 5) p_error(struct parser *p, int line, int col, const char *fmt, ...)
{
	struct pos at = { p->file, line, col };
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diags_error(p->diags, at, "%s", sb.buf);
	strbuf_release(&sb);
}

static struct tok *add_tok(struct parser *p, enum tok_type type, const char *s, size_t len)
{
	struct tmpl *t = p->t;
	struct tok *k;

	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	k = &t->v[t->n++];
	memset(k, 0, sizeof(*k));
	k->type = type;
	k->s = s;
	k->len = len;
	k->line = p->line;
	k->col = p->col;
	return k;
}

static void add_text(struct parser *p, size_t from, size_t to)
{
	if (to > from)
		add_tok(p, T_TEXT, p->src + from, to - from);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Trims whitespace off both ends of *s / *len. */
static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

/*
 * A tag is standalone when only spaces and tabs share its line(s). Sets
 * *ls to the start of the line and *le past its end of line ("\n", "\r\n"
 * or the end of the template).
 */
static int is_standalone(const struct parser *p, size_t ts, size_t te, size_t *ls, size_t *le)
{
	size_t a = ts, b = te;

	while (a > 0 && (p->src[a - 1] == ' ' || p->src[a - 1] == '\t'))
		a--;
	if (a > 0 && p->src[a - 1] != '\n')
		return 0;
	while (b < p->len && (p->src[b] == ' ' || p->src[b] == '\t'))
		b++;
	if (b < p->len) {
		if (p->src[b] == '\n')
			b++;
		else if (p->src[b] == '\r' && b + 1 < p->len && p->src[b + 1] == '\n')
			b += 2;
		else
			return 0;
	}
	*ls = a;
	*le = b;
	return 1;
}

/* "." or dot-separated non-empty parts without whitespace. */
static int valid_name(const char *s, size_t len, int dotted)
{
	size_t i;

	if (!len)
		return 0;
	if (dotted && len == 1 && s[0] == '.')
		return 1;
	for (i = 0; i < len; i++) {
		if (is_space(s[i]) || s[i] == '\0')
			return 0;
		if (dotted && s[i] == '.' && (i == 0 || i + 1 == len || s[i + 1] == '.'))
			return 0;
	}
	return 1;
}

static int set_delimiters(struct parser *p, const char *s, size_t len)
{
	size_t i = 0, a0, a1, b0, b1;

	trim(&s, &len);
	for (a0 = i; i < len && !is_space(s[i]); i++)
		;
	a1 = i;
	while (i < len && is_space(s[i]))
		i++;
	for (b0 = i; i < len && !is_space(s[i]); i++)
		;
	b1 = i;
	if (a1 == a0 || b1 == b0 || i != len || a1 - a0 > MAX_DELIM || b1 - b0 > MAX_DELIM)
		return -1;
	memcpy(p->otag, s + a0, a1 - a0);
	p->otag[a1 - a0] = '\0';
	p->olen = a1 - a0;
	memcpy(p->ctag + 1, s + b0, b1 - b0);
	p->ctag[1 + b1 - b0] = '\0';
	p->clen = b1 - b0;
	return 0;
}

static int open_section(struct parser *p, enum tok_type type, const char *name, size_t nlen)
{
	if (p->nopen >= (size_t)p->max_depth) {
		p_error(p, p->line, p->col, "sections nested deeper than %d levels", p->max_depth);
		return -1;
	}
	add_tok(p, type, name, nlen);
	ALLOC_GROW(p->open, p->nopen + 1, p->aopen);
	p->open[p->nopen++] = p->t->n - 1;
	return 0;
}

static int close_section(struct parser *p, const char *name, size_t nlen)
{
	struct tok *o;

	if (!p->nopen) {
		p_error(p, p->line, p->col, "unexpected close '%.*s' (no section is open)",
			(int)nlen, name);
		return -1;
	}
	o = &p->t->v[p->open[p->nopen - 1]];
	if (o->len != nlen || memcmp(o->s, name, nlen)) {
		p_error(p, p->line, p->col,
			"unexpected close '%.*s' (section '%.*s' opened at %d:%d is still open)",
			(int)nlen, name, (int)o->len, o->s, o->line, o->col);
		return -1;
	}
	o->end = p->t->n;
	p->nopen--;
	return 0;
}

/* Handles one tag of kind `kind` with content `s`; returns 0 or -1. */
static int on_tag(struct parser *p, char kind, const char *s, size_t len,
		  const char *indent, size_t indent_len, int standalone)
{
	struct tok *k;

	if (kind == '!')
		return 0;
	if (kind == '=') {
		if (set_delimiters(p, s, len) == 0)
			return 0;
		p_error(p, p->line, p->col, "bad delimiters '%.*s' (want two words without spaces, "
			"at most %d bytes each)", (int)len, s, MAX_DELIM);
		return -1;
	}
	trim(&s, &len);
	if (!valid_name(s, len, kind != '>')) {
		p_error(p, p->line, p->col, len ? "bad tag name '%.*s'" : "empty tag%.*s",
			(int)len, s);
		return -1;
	}
	switch (kind) {
	case '#':
		return open_section(p, T_SECTION, s, len);
	case '^':
		return open_section(p, T_INVERTED, s, len);
	case '/':
		return close_section(p, s, len);
	case '>':
		k = add_tok(p, T_PARTIAL, s, len);
		k->standalone = standalone;
		k->indent = indent;
		k->indent_len = indent_len;
		return 0;
	case '{':
	case '&':
		add_tok(p, T_RAW, s, len);
		return 0;
	default:
		add_tok(p, T_VAR, s, len);
		return 0;
	}
}

/*
 * Parses the tag that starts at `ts`; moves *text_start to where text resumes.
 * Returns 0 or -1.
 */
static int parse_tag(struct parser *p, size_t ts, size_t *text_start)
{
	size_t q = ts + p->olen, ls, le, te, clen = p->clen;
	const char *close = p->ctag + 1;
	char kind = q < p->len ? p->src[q] : 0;
	int standalone = 0;
	long ce;

	if (strchr("{&#^/>!=", kind) && kind)
		q++;
	else
		kind = 0;
	if (kind == '{' || kind == '=') {
		p->ctag[0] = kind == '{' ? '}' : '=';
		close = p->ctag;
		clen++;
	}
	ce = str_find(p->src, q, p->len, close, clen);
	if (ce < 0) {
		p_error(p, p->line, p->col, "unclosed tag (no '%s' after '%s')", close, p->otag);
		return -1;
	}
	te = (size_t)ce + clen;
	if (kind && strchr("#^/>!=", kind) && is_standalone(p, ts, te, &ls, &le)) {
		standalone = 1;
		add_text(p, *text_start, ls);
		*text_start = le;
	} else {
		add_text(p, *text_start, ts);
		*text_start = te;
		ls = ts;
	}
	return on_tag(p, kind, p->src + q, (size_t)ce - q, p->src + ls, ts - ls, standalone);
}

static int tmpl_parse(struct tmpl *t, const char *src, size_t len, const char *file,
		      int max_depth, struct diags *diags)
{
	struct parser p;
	size_t text_start = 0;
	long ts;
	int ret = 0;

	memset(&p, 0, sizeof(p));
	p.src = src;
	p.len = len;
	p.file = file;
	p.diags = diags;
	p.max_depth = max_depth;
	p.line = p.col = 1;
	p.t = t;
	t->file = file;
	set_delimiters(&p, "{{ }}", 5);
	while ((ts = str_find(src, text_start, len, p.otag, p.olen)) >= 0) {
		pos_at(&p, (size_t)ts);
		if (parse_tag(&p, (size_t)ts, &text_start)) {
			ret = -1;
			goto out;
		}
	}
	add_text(&p, text_start, len);
	if (p.nopen) {
		const struct tok *o = &t->v[p.open[p.nopen - 1]];
		pos_at(&p, len);
		p_error(&p, p.line, p.col, "unclosed section '%.*s' opened at %d:%d",
			(int)o->len, o->s, o->line, o->col);
		ret = -1;
	}
out:
	free(p.open);
	if (ret)
		tmpl_release(t);
	return ret;
}

/* rendering */

struct cached_partial {
	char *name;
	int missing;
	struct tmpl t;
};

struct render {
	mustache_escape_fn escape;
	const struct mustache_opts *opts;
	int max_depth;
	struct strbuf *out;
	size_t out_start;
	struct diags *diags;
	const struct ctx **stack;
	size_t nstack, astack;
	struct cached_partial **pc; /* separately allocated: renders hold pointers */
	size_t npc, apc;
	unsigned long steps;
	int bol;              /* the output is at the start of a template line */
};

static void CB_PRINTF(4, 5) r_error(struct render *r, const struct tmpl *t, const struct tok *k,
				   const char *fmt, ...)
{
	struct pos at = { t->file, k->line, k->col };
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diags_error(r->diags, at, "%s", sb.buf);
	strbuf_release(&sb);
}

static const struct ctx *map_getn(const struct ctx *m, const char *key, size_t n)
{
	size_t i;

	if (!m || m->type != CTX_MAP)
		return NULL;
	/* From the end, then the maps it is over: a key set again hides the
	 * earlier value (context.h). */
	for (; m; m = m->base)
		for (i = m->n; i > 0; i--) {
			const char *k = m->keys[i - 1];
			if ((!n || k[0] == key[0]) && !strncmp(k, key, n) && k[n] == '\0')
				return m->items[i - 1];
		}
	return NULL;
}

/*
 * The first part of a dotted name resolves through the context stack, top
 * down; each further part only within the value found so far.
 */
static const struct ctx *lookup(const struct render *r, const char *name, size_t len)
{
	const struct ctx *v = NULL;
	const char *dot, *end = name + len;
	size_t i;

	if (len == 1 && name[0] == '.')
		return r->stack[r->nstack - 1];
	dot = memchr(name, '.', len);
	if (!dot)
		dot = end;
	for (i = r->nstack; i-- > 0 && !v;)
		v = map_getn(r->stack[i], name, (size_t)(dot - name));
	while (v && dot < end) {
		name = dot + 1;
		dot = memchr(name, '.', (size_t)(end - name));
		if (!dot)
			dot = end;
		v = map_getn(v, name, (size_t)(dot - name));
	}
	return v;
}

/* Shortest "%g" form that reads back as the same number; integers plain. */
static void format_num(double x, char *buf, size_t size)
{
	int prec;

	if (isnan(x)) {
		snprintf(buf, size, "NaN");
	} else if (isinf(x)) {
		snprintf(buf, size, x > 0 ? "Infinity" : "-Infinity");
	} else if (x == 0) {
		snprintf(buf, size, "0");
	} else if (fabs(x) < 1e15 && x == trunc(x)) {
		snprintf(buf, size, "%.0f", x);
	} else {
		for (prec = 15; prec < 17; prec++) {
			snprintf(buf, size, "%.*g", prec, x);
			if (strtod(buf, NULL) == x)
				return;
		}
		snprintf(buf, size, "%.17g", x);
	}
}

static void emit_indent(struct render *r, const char *indent, size_t ilen)
{
	if (r->bol && ilen)
		strbuf_add(r->out, indent, ilen);
	r->bol = 0;
}

/* Template text: every line that has content gets the partial's indentation. */
static void emit_text(struct render *r, const char *s, size_t len, const char *indent, size_t ilen)
{
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) + 1 : len;
		int blank = s[0] == '\n' || (n == 2 && s[0] == '\r');

		if (!blank)
			emit_indent(r, indent, ilen);
		strbuf_add(r->out, s, n);
		r->bol = nl != NULL;
		s += n;
		len -= n;
	}
}

static void emit_value(struct render *r, const struct tok *k, const char *indent, size_t ilen)
{
	const struct ctx *v = lookup(r, k->s, k->len);
	mustache_escape_fn esc = k->type == T_VAR ? r->escape : mustache_escape_none;
	char num[64];
	const char *s = NULL;

	if (!v)
		return;
	switch (v->type) {
	case CTX_BOOL:
		s = v->b ? "true" : "false";
		break;
	case CTX_NUM:
		format_num(v->num, num, sizeof(num));
		s = num;
		break;
	case CTX_STR:
		s = v->str;
		break;
	default:
		return;
	}
	if (!*s)
		return;
	emit_indent(r, indent, ilen);
	esc(r->out, s, strlen(s));
}

static void push_ctx(struct render *r, const struct ctx *v)
{
	ALLOC_GROW(r->stack, r->nstack + 1, r->astack);
	r->stack[r->nstack++] = v;
}

static int render_range(struct render *r, const struct tmpl *t, size_t from, size_t to,
			const char *indent, size_t ilen, int depth);

static int render_section(struct render *r, const struct tmpl *t, size_t i,
			  const char *indent, size_t ilen, int depth)
{
	const struct tok *k = &t->v[i];
	const struct ctx *v = lookup(r, k->s, k->len);
	size_t j;
	int ret = 0;

	if (k->type == T_INVERTED ? ctx_truthy(v) : !ctx_truthy(v))
		return 0;
	if (depth >= r->max_depth) {
		r_error(r, t, k, "sections and partials nested deeper than %d levels at '%.*s'",
			r->max_depth, (int)k->len, k->s);
		return -1;
	}
	if (k->type == T_INVERTED)
		return render_range(r, t, i + 1, k->end, indent, ilen, depth + 1);
	if (v->type != CTX_LIST) {
		push_ctx(r, v);
		ret = render_range(r, t, i + 1, k->end, indent, ilen, depth + 1);
		r->nstack--;
		return ret;
	}
	for (j = 0; j < v->n && !ret; j++) {
		push_ctx(r, v->items[j]);
		ret = render_range(r, t, i + 1, k->end, indent, ilen, depth + 1);
		r->nstack--;
	}
	return ret;
}

/* The parsed partial `name` (parsed once per render), or NULL if there is none. */
static const struct tmpl *get_partial(struct render *r, const char *name, size_t nlen, int *err)
{
	struct cached_partial *c;
	const char *text, *file = NULL;
	size_t i, len;

	for (i = 0; i < r->npc; i++) {
		c = r->pc[i];
		if (!strncmp(c->name, name, nlen) && c->name[nlen] == '\0')
			return c->missing ? NULL : &c->t;
	}
	ALLOC_GROW(r->pc, r->npc + 1, r->apc);
	c = r->pc[r->npc++] = xcalloc(1, sizeof(*c));
	c->name = xstrndup(name, nlen);
	c->missing = !r->opts || !r->opts->partial ||
		     r->opts->partial(r->opts->partial_ud, c->name, &text, &len, &file) != 0;
	if (c->missing)
		return NULL;
	if (tmpl_parse(&c->t, text, len, file ? file : c->name, r->max_depth, r->diags)) {
		c->missing = 1;
		*err = 1;
		return NULL;
	}
	if (!file)
		c->t.file = c->name;
	return &c->t;
}

static int render_partial(struct render *r, const struct tmpl *t, const struct tok *k,
			  const char *indent, size_t ilen, int depth)
{
	struct strbuf in = STRBUF_INIT;
	const struct tmpl *p;
	int err = 0, ret;

	if (depth >= r->max_depth) {
		r_error(r, t, k, "sections and partials nested deeper than %d levels at partial '%.*s'",
			r->max_depth, (int)k->len, k->s);
		return -1;
	}
	p = get_partial(r, k->s, k->len, &err);
	if (!p && !err && r->opts && r->opts->strict_partials) {
		r_error(r, t, k, "no such partial '%.*s'", (int)k->len, k->s);
		return -1;
	}
	if (!p)
		return err ? -1 : 0;
	if (!k->standalone) {
		/* the indentation owed to this line, then none inside */
		emit_indent(r, indent, ilen);
		return render_range(r, p, 0, p->n, "", 0, depth + 1);
	}
	strbuf_add(&in, indent, ilen);
	strbuf_add(&in, k->indent, k->indent_len);
	r->bol = 1;
	ret = render_range(r, p, 0, p->n, in.buf, in.len, depth + 1);
	strbuf_release(&in);
	return ret;
}

static int render_range(struct render *r, const struct tmpl *t, size_t from, size_t to,
			const char *indent, size_t ilen, int depth)
{
	size_t i = from;

	while (i < to) {
		const struct tok *k = &t->v[i];

		if (++r->steps > MAX_STEPS) {
			r_error(r, t, k, "rendering takes more than %lu steps", MAX_STEPS);
			return -1;
		}
		if (r->out->len - r->out_start > MAX_OUTPUT) {
			r_error(r, t, k, "output is larger than %zu bytes", MAX_OUTPUT);
			return -1;
		}
		switch (k->type) {
		case T_TEXT:
			emit_text(r, k->s, k->len, indent, ilen);
			break;
		case T_VAR:
		case T_RAW:
			emit_value(r, k, indent, ilen);
			break;
		case T_SECTION:
		case T_INVERTED:
			if (render_section(r, t, i, indent, ilen, depth))
				return -1;
			i = k->end;
			continue;
		case T_PARTIAL:
			if (render_partial(r, t, k, indent, ilen, depth))
				return -1;
			break;
		}
		i++;
	}
	return 0;
}

int mustache_render(const char *tmpl, size_t len, const char *file,
		    const struct ctx *ctx, const struct mustache_opts *opts,
		    struct strbuf *out, struct diags *diags)
{
	struct render r;
	struct tmpl t = { NULL, NULL, 0, 0 };
	size_t i;
	int ret;

	memset(&r, 0, sizeof(r));
	r.opts = opts;
	r.escape = opts && opts->escape ? opts->escape : mustache_escape_html;
	r.max_depth = opts && opts->max_depth > 0 ? opts->max_depth : DEFAULT_DEPTH;
	if (r.max_depth > HARD_MAX_DEPTH)
		r.max_depth = HARD_MAX_DEPTH;
	r.out = out;
	r.out_start = out->len;
	r.diags = diags;
	r.bol = 1;
	ret = tmpl_parse(&t, tmpl, len, file ? file : "", r.max_depth, diags);
	if (!ret) {
		push_ctx(&r, ctx);
		ret = render_range(&r, &t, 0, t.n, "", 0, 0);
	}
	if (ret)
		strbuf_setlen(out, r.out_start);
	tmpl_release(&t);
	for (i = 0; i < r.npc; i++) {
		free(r.pc[i]->name);
		tmpl_release(&r.pc[i]->t);
		free(r.pc[i]);
	}
	free(r.pc);
	free(r.stack);
	return ret;
}
