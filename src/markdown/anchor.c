/*
 * anchor.c - plain text into Markdown (the escaper), GitHub's heading
 * anchors, the plain text of a node, and the check of "#fragment" links
 * (markdown.h).
 */
#include "markdown/markdown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/diag.h"

/*
 * GitHub keeps "word" characters (letters, marks, numbers, connector
 * punctuation), hyphens and spaces. Without Unicode tables this is an
 * approximation outside ASCII: the punctuation and symbol blocks that
 * headings plausibly hold (Latin-1 signs, general punctuation, arrows,
 * maths, box drawing, dingbats, CJK punctuation, emoji) are dropped,
 * everything else is kept as a letter.
 */
static int is_word(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9') || cp == '_';
	if (cp >= 0xA0 && cp <= 0xBF)
		return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 ||
		       cp == 0xB9 || cp == 0xBA || cp >= 0xBC;
	if (cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
		return 0;
	if (cp >= 0x2000 && cp <= 0x2BFF)
		return cp == 0x203F || cp == 0x2040 || cp == 0x2054 ||
		       (cp >= 0x2070 && cp <= 0x209F) || (cp >= 0x2150 && cp <= 0x218F);
	if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0x1F000 && cp <= 0x1FAFF))
		return 0;
	return 1;
}

/* Lower case for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic. */
static unsigned lower(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 32;
	if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 &&
	    cp != 0x149 && cp != 0x17F) {
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return (cp & 1) ? cp + 1 : cp;
		if (cp == 0x178)
			return 0xFF;
		return (cp & 1) ? cp : cp + 1;
	}
	if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	return cp;
}

static int is_ascii_punct(unsigned char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/*
 * Every ASCII punctuation character is backslash-escaped (CommonMark allows
 * it for all of them, and it defuses emphasis, links, autolinks, entities,
 * HTML, list and heading markers, table pipes and strikethrough at once),
 * except, unless `quotes`, the quotes " and ', which are never markup in
 * running text and are left to smart punctuation, and the backslash
 * itself, written as "&#92;": a "\\" right before a
 * cell's closing pipe would read as an escaped pipe to the GFM table
 * parser. Line breaks and tabs become spaces so a value stays inside its
 * paragraph or cell; spaces at either end are written "&#32;" so that
 * neither paragraph nor cell trimming removes them.
 *
 * Known limit: cmark-gfm's autolink extension finds e-mail addresses in
 * the text after escapes are resolved, so "a.b@example.com" still becomes
 * a mailto: link (whose text is the same); no escape can prevent that.
 * Escaped values inside code spans would show their backslashes.
 */
void markdown_escape_text(struct strbuf *out, const char *s, size_t len, int quotes)
{
	struct strbuf flat = STRBUF_INIT;
	size_t i, run, first, last;

	/* Line breaks and tabs to spaces, written straight into the buffer. */
	strbuf_grow(&flat, len);
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		if (c == '\r' || c == '\n' || c == '\t' || c == '\v' || c == '\f')
			c = ' ';
		flat.buf[flat.len++] = c;
	}
	flat.buf[flat.len] = '\0';
	for (first = 0; first < flat.len && flat.buf[first] == ' '; first++)
		;
	for (last = flat.len; last > first && flat.buf[last - 1] == ' '; last--)
		;
	for (i = 0; i < flat.len; i++) {
		unsigned char c = (unsigned char)flat.buf[i];
		if (c == ' ' && (i < first || i >= last)) {
			strbuf_adds(out, "&#32;");
			continue;
		}
		if (c == '\\') {
			strbuf_adds(out, "&#92;");
			continue;
		}
		if (is_ascii_punct(c) && (quotes || (c != '"' && c != '\''))) {
			strbuf_addc(out, '\\');
			strbuf_addc(out, c);
			continue;
		}
		/* A run of characters that go out as they are. */
		for (run = i + 1; run < last && flat.buf[run] != '\\' &&
				  (!is_ascii_punct((unsigned char)flat.buf[run]) ||
				   (!quotes && (flat.buf[run] == '"' || flat.buf[run] == '\''))); run++)
			;
		strbuf_add(out, flat.buf + i, run - i);
		i = run - 1;
	}
	strbuf_release(&flat);
}

void markdown_slug(const char *heading_text, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)(heading_text ? heading_text : "");
	const unsigned char *end = p + strlen((const char *)p);

	while (*p) {
		unsigned cp = utf8_decode(&p, end);
		if (cp == ' ')
			strbuf_addc(out, '-');
		else if (cp == '-' || is_word(cp))
			utf8_encode(out, lower(cp));
	}
}

/*
 * GitLab squeezes every run of hyphens in an anchor into one, GitHub
 * keeps them: their anchors differ exactly when GitHub's has "--". A
 * space that would emit a second hyphen in a row (counting the hyphen
 * emitted just before it, with only dropped characters between) becomes
 * a no-break space, and such a hyphen a non-breaking hyphen: they look
 * the same, and both rules drop them. Of the two spaces around a dash,
 * the first is the one that changes, so the dash stays with the word
 * before it when the line breaks.
 */
void markdown_heading_stable(const char *text, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	const unsigned char *end = p + strlen((const char *)p);
	int hyphen = 0; /* the slug so far ends with a hyphen */

	while (*p) {
		const unsigned char *q;
		unsigned cp = utf8_decode(&p, end), next = 0;
		if (cp != ' ' && cp != '-') {
			utf8_encode(out, cp);
			if (is_word(cp))
				hyphen = 0;
			continue;
		}
		for (q = p; q < end;) {
			next = utf8_decode(&q, end);
			if (next == ' ' || next == '-' || is_word(next))
				break;
			next = 0;
		}
		if (hyphen || (cp == ' ' && (next == ' ' || next == '-'))) {
			utf8_encode(out, cp == ' ' ? 0xA0 : 0x2011);
			continue;
		}
		utf8_encode(out, cp);
		hyphen = 1;
	}
}

/*
 * The set: open addressing on an FNV-1a hash. `next` is, for a slug that
 * headings have had, the suffix to try first for the next such heading.
 * Starting there rather than at 1 gives the same anchors, since every
 * suffix below it is taken and anchors are never taken back; it keeps a
 * run of identical headings linear.
 */
struct markdown_anchor_slot {
	char *s;            /* NULL: empty slot */
	unsigned long next;
	size_t index;       /* the heading given this anchor */
};

static uint64_t hash(const char *s)
{
	return hash_fnv(HASH_FNV_INIT, s, strlen(s));
}

static struct markdown_anchor_slot *find_slot(const struct markdown_anchors *a, const char *s)
{
	size_t i = (size_t)hash(s) & (a->cap - 1);

	while (a->v[i].s && strcmp(a->v[i].s, s))
		i = (i + 1) & (a->cap - 1);
	return &a->v[i];
}

/* Adds `s` (not yet in the set) for heading `index`. */
static struct markdown_anchor_slot *insert(struct markdown_anchors *a, const char *s, size_t index)
{
	struct markdown_anchor_slot *slot;

	if ((a->n + 1) * 2 > a->cap) {
		struct markdown_anchor_slot *old = a->v;
		size_t i, oldcap = a->cap;
		a->cap = oldcap ? oldcap * 2 : 64;
		a->v = xcalloc(a->cap, sizeof(*a->v));
		for (i = 0; i < oldcap; i++)
			if (old[i].s)
				*find_slot(a, old[i].s) = old[i];
		free(old);
	}
	slot = find_slot(a, s);
	slot->s = xstrdup(s);
	slot->next = 1;
	slot->index = index;
	a->n++;
	return slot;
}

static int has(const struct markdown_anchors *a, const char *s)
{
	return a->cap && find_slot(a, s)->s;
}

size_t markdown_anchors_add(struct markdown_anchors *a, const char *heading_text,
			    struct strbuf *out)
{
	struct strbuf slug = STRBUF_INIT, cand = STRBUF_INIT;
	size_t index = a->n; /* one entry per heading */

	markdown_slug(heading_text, &slug);
	strbuf_add(&cand, slug.buf, slug.len);
	if (has(a, slug.buf)) {
		unsigned long k = find_slot(a, slug.buf)->next;
		do {
			strbuf_reset(&cand);
			strbuf_addf(&cand, "%s-%lu", slug.buf, k++);
		} while (has(a, cand.buf));
		find_slot(a, slug.buf)->next = k;
	}
	insert(a, cand.buf, index);
	if (out)
		strbuf_add(out, cand.buf, cand.len);
	strbuf_release(&slug);
	strbuf_release(&cand);
	return index;
}

long markdown_anchors_find(const struct markdown_anchors *a, const char *anchor)
{
	return has(a, anchor) ? (long)find_slot(a, anchor)->index : -1;
}

void markdown_anchors_release(struct markdown_anchors *a)
{
	size_t i;

	for (i = 0; i < a->cap; i++)
		free(a->v[i].s);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* What one node adds to markdown_node_text: its literal for text, code
 * and raw HTML, a space for a line break, else nothing (NULL). */
static const char *text_piece(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		return cmark_node_get_literal(n);
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		return " ";
	default:
		return NULL;
	}
}

char *markdown_node_text(cmark_node *node)
{
	struct strbuf sb = STRBUF_INIT;
	cmark_iter *it;
	cmark_event_type ev;

	if (!node)
		return strbuf_detach(&sb, NULL);
	it = cmark_iter_new(node);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		const char *piece = ev == CMARK_EVENT_ENTER ? text_piece(cmark_iter_get_node(it)) : NULL;
		if (piece)
			strbuf_adds(&sb, piece);
	}
	cmark_iter_free(it);
	return strbuf_detach(&sb, NULL);
}

/* The node before `n` in the order markdown_node_text reads the tree
 * under `top`: the deepest last descendant of the previous sibling, else
 * the parent (NULL once back at `top`). */
static cmark_node *text_before(cmark_node *top, cmark_node *n)
{
	cmark_node *prev = cmark_node_previous(n), *ch;

	if (!prev) {
		prev = cmark_node_parent(n);
		return prev == top ? NULL : prev;
	}
	while ((ch = cmark_node_last_child(prev)))
		prev = ch;
	return prev;
}

int markdown_node_last_char(cmark_node *node)
{
	cmark_node *at = node, *ch;

	if (!node)
		return 0;
	while ((ch = cmark_node_last_child(at)))
		at = ch;
	for (; at; at = at == node ? NULL : text_before(node, at)) {
		const char *t = text_piece(at);
		size_t len = t ? strlen(t) : 0;
		while (len && (t[len - 1] == ' ' || t[len - 1] == '\n'))
			len--;
		if (len)
			return (unsigned char)t[len - 1];
	}
	return 0;
}

size_t markdown_check_links(const struct markdown_doc *doc, const char *what)
{
	struct markdown_anchors heads = MARKDOWN_ANCHORS_INIT, reported = MARKDOWN_ANCHORS_INIT;
	size_t broken = 0, i;

	for (i = 0; i < doc->headings.n; i++) {
		char *text = markdown_node_text(doc->headings.v[i]);
		markdown_anchors_add(&heads, text, NULL);
		free(text);
	}
	for (i = 0; i < doc->links.n; i++) {
		const char *url = cmark_node_get_url(doc->links.v[i]);
		if (!url || url[0] != '#' || has(&heads, url + 1) || has(&reported, url))
			continue;
		insert(&reported, url, broken++);
		warning("%s: link to '%s' matches no heading", what, url);
	}
	markdown_anchors_release(&heads);
	markdown_anchors_release(&reported);
	return broken;
}
