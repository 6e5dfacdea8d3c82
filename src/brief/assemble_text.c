/*
 * assemble_text.c - the text of the context: plain fields trimmed, and
 * Markdown fields made safe to insert where the template puts them.
 */
#include "brief/assemble_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *as_plain(const char *s)
{
	size_t a = 0, b;

	if (!s)
		return xstrdup("");
	b = strlen(s);
	while (a < b && is_space((unsigned char)s[a]))
		a++;
	while (b > a && is_space((unsigned char)s[b - 1]))
		b--;
	return xstrndup(s + a, b - a);
}

/*
 * An inline field is inserted where a line starts (a list item, a
 * paragraph). Text that would open a block there (a heading, a quote, a
 * list, a fence, a thematic break) gets its first character escaped: the
 * field is inline Markdown, and must not add structure to the brief.
 */
/* "***", "_ _ _": a thematic break. */
static int is_break_line(const char *s)
{
	int marks = 0;
	char m = s[0];

	if (m != '*' && m != '_')
		return 0;
	for (; *s; s++) {
		if (*s == m)
			marks++;
		else if (*s != ' ' && *s != '\t')
			return 0;
	}
	return marks >= 3;
}

static void escape_block_start(struct strbuf *sb)
{
	const char *s = sb->buf;
	size_t at = (size_t)-1, d = 0;

	if (!sb->len)
		return;
	/* '<' could open an HTML block that runs to the end of the brief;
	 * "[x]: url" would be swallowed as a link reference definition. */
	if (strchr("#>+-=<", s[0]) || (s[0] == '*' && s[1] == ' ') || is_break_line(s) ||
	    !strncmp(s, "```", 3) || !strncmp(s, "~~~", 3) ||
	    (s[0] == '[' && strstr(s, "]:"))) {
		at = 0;
	} else {
		while (d < sb->len && d < 9 && s[d] >= '0' && s[d] <= '9')
			d++;
		if (d && (s[d] == '.' || s[d] == ')'))
			at = d;
	}
	if (at == (size_t)-1)
		return;
	strbuf_grow(sb, 1);
	memmove(sb->buf + at + 1, sb->buf + at, sb->len - at + 1);
	sb->buf[at] = '\\';
	sb->len++;
}

/*
 * Markdown for an inline spot (a list item, a table-free paragraph):
 * trimmed, and every run of white space holding a line break becomes one
 * space, so that a field can never start a block of its own (a heading, a
 * list, a fence) in the middle of the brief.
 */
char *as_md_inline(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *t = as_plain(s);
	size_t i = 0, n = strlen(t);

	strbuf_grow(&sb, n);
	while (i < n) {
		size_t j = i;
		if (is_space((unsigned char)t[i])) {
			int nl = 0;
			while (j < n && is_space((unsigned char)t[j])) {
				nl |= t[j] == '\n' || t[j] == '\r';
				j++;
			}
			if (nl)
				strbuf_addc(&sb, ' ');
			else
				strbuf_add(&sb, t + i, j - i);
		} else {
			while (j < n && !is_space((unsigned char)t[j]))
				j++;
			strbuf_add(&sb, t + i, j - i);
		}
		i = j;
	}
	free(t);
	escape_block_start(&sb);
	return strbuf_detach(&sb, NULL);
}

/*
 * Markdown that may hold paragraphs (the intro): each paragraph (split at
 * blank lines) is made inline as above, so the intro can hold paragraphs
 * of inline Markdown but no headings, lists or tables of its own.
 */
char *as_md_block(const char *s)
{
	struct strbuf sb = STRBUF_INIT, para = STRBUF_INIT;
	char *t = as_plain(s);
	const char *p = t;

	while (*p) {
		const char *end = p, *next;
		/* A paragraph ends at a line holding only white space. */
		for (;;) {
			const char *nl = strchr(end, '\n'), *q;
			if (!nl) {
				end += strlen(end);
				next = end;
				break;
			}
			for (q = nl + 1; *q == ' ' || *q == '\t' || *q == '\r'; q++)
				;
			if (*q == '\n' || !*q) {
				next = q;
				end = nl;
				break;
			}
			end = nl + 1;
		}
		strbuf_reset(&para);
		strbuf_add(&para, p, (size_t)(end - p));
		{
			char *inl = as_md_inline(para.buf);
			if (*inl) {
				if (sb.len)
					strbuf_adds(&sb, "\n\n");
				strbuf_adds(&sb, inl);
			}
			free(inl);
		}
		p = next;
		while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
			p++;
	}
	free(t);
	strbuf_release(&para);
	return strbuf_detach(&sb, NULL);
}

void as_set_plain(struct ctx *m, const char *key, const char *s)
{
	char *t = as_plain(s);
	ctx_set_str(m, key, t);
	free(t);
}

void as_set_plain_opt(struct ctx *m, const char *key, const char *s)
{
	if (s && *s)
		as_set_plain(m, key, s);
	else
		ctx_set_bool(m, key, 0);
}

void as_set_md_inline(struct ctx *m, const char *key, const char *s)
{
	char *t = as_md_inline(s);
	ctx_set_str(m, key, t);
	free(t);
}

struct ctx *as_md_list(const struct strlist *l)
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *t = as_md_inline(l->v[i]);
		ctx_push(list, ctx_new_str(t));
		free(t);
	}
	return list;
}

void as_join_and(struct strbuf *out, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(out, i + 1 == n ? " and " : ", ");
		strbuf_adds(out, v[i]);
	}
}

void as_join(struct strbuf *out, char *const *v, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(out, sep);
		strbuf_adds(out, v[i]);
	}
}

void as_mark_ends(struct ctx *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		if (list->items[i]->type != CTX_MAP)
			continue;
		ctx_set_bool(list->items[i], "first", i == 0);
		ctx_set_bool(list->items[i], "last", i + 1 == list->n);
	}
}

struct ctx *as_str_list(const struct strlist *l)
{
	struct ctx *list = ctx_new_list();
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *t = as_plain(l->v[i]);
		ctx_push(list, ctx_new_str(t));
		free(t);
	}
	return list;
}

void as_set_num_opt(struct ctx *m, const char *key, int n)
{
	if (n > 0)
		ctx_set_num(m, key, n);
	else
		ctx_set_bool(m, key, 0);
}

/*
 * A code span shows its text as it is, backslashes included, so it is
 * fenced rather than escaped: with one backtick more than the longest
 * run in the text, and spaces inside when the text starts or ends with
 * a backtick. Line breaks become spaces.
 */
void as_code_span(const char *s, struct strbuf *out)
{
	size_t run = 0, longest = 0, i, n = strlen(s);
	int pad = n && (s[0] == '`' || s[n - 1] == '`');

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (i = 0; i <= longest; i++)
		strbuf_addc(out, '`');
	if (pad)
		strbuf_addc(out, ' ');
	for (i = 0; i < n; i++)
		strbuf_addc(out, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
	if (pad)
		strbuf_addc(out, ' ');
	for (i = 0; i <= longest; i++)
		strbuf_addc(out, '`');
}
