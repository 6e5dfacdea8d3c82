/*
 * text.c - inline content to the items Knuth-Plass breaks: boxes (runs of
 * one font), glue (spaces, stretching and shrinking) and penalties
 * (hyphenation points, breaks at punctuation, forced breaks), by the
 * rules of breaks.c; footnote references as superscript numbers.
 *
 * Each character is routed to the face that has it (the style's fallback
 * for arrows and the like, then installed fonts); a character no font has
 * becomes U+FFFD with a warning. Box widths come from shaping each word's
 * run of one face whole (shape.c), as drawtext.c draws it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/breaks.h"
#include "pdf/pdfint.h"
#include "pdf/wordcache.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/strbuf.h"
#include "base/utf8.h"

/* An image in running text is as tall as the letters with ascenders. */
#define INLINE_IMAGE_EM 0.75
#define SUP_SCALE 0.62f        /* a footnote mark's size, of the text's */
#define SUP_RISE 0.36f         /* and how far it is raised, of the text's size */

void para_reset(struct para *p)
{
	p->n = 0;
	p->tie_next = 0;
	strbuf_reset(&p->text);
}

void para_release(struct para *p)
{
	free(p->it);
	strbuf_release(&p->text);
	memset(p, 0, sizeof(*p));
	strbuf_init(&p->text, 0);
}

static struct item *para_push(struct para *p, int type)
{
	struct item *it;

	ALLOC_GROW(p->it, p->n + 1, p->alloc);
	it = &p->it[p->n++];
	memset(it, 0, sizeof(*it));
	it->type = (uint8_t)type;
	it->link = -1;
	it->note = -1;
	it->se = -1;
	return it;
}

int tstyle_font(const struct tstyle *ts)
{
	if (ts->code || ts->family == FONT_MONO)
		return FONT_MONO;
	if (ts->family == FONT_SANS)
		return ts->bold ? FONT_SANS_BOLD : FONT_SANS;
	if (ts->bold)
		return ts->italic ? FONT_SERIF_BOLD_ITALIC : FONT_SERIF_BOLD;
	return ts->italic ? FONT_SERIF_ITALIC : FONT_SERIF;
}

static float tstyle_size(const struct doc *d, const struct tstyle *ts)
{
	if (ts->code && ts->family != FONT_MONO)
		return ts->size * (float)(d->st->code / d->st->body);
	return ts->size;
}

static int tstyle_color(const struct tstyle *ts)
{
	if (ts->link >= 0)
		return COL_LINK;
	return ts->color;
}

/* State while appending the characters of one word. */
struct wordbuf {
	struct item *box;       /* open box, or NULL */
	int font;
};

static void word_char(struct doc *d, struct para *p, struct wordbuf *wb, const struct tstyle *ts,
		      int base, float size, uint32_t cp)
{
	uint32_t out = cp;
	int subst = 0, f = base;

	/* fast path: ASCII the face has, as almost all text is */
	if (cp >= 0x80 || !d->e->face[base].latin[cp])
		f = font_resolve(d->e, base, cp, &out, &subst);
	if (subst) {
		d->warnings++;
		if (!d->warned_subst++)
			warning("character U+%04X cannot be drawn; shown as a substitute", (unsigned)cp);
	}
	if (!wb->box || wb->font != f) {
		size_t n = p->n;
		struct item *it = para_push(p, IT_BOX);
		it->font = (uint8_t)f;
		it->size = size;
		it->color = (uint8_t)tstyle_color(ts);
		it->flags = (uint8_t)((ts->strike ? IF_STRIKE : 0) | (ts->url ? IF_URL : 0));
		it->link = ts->link;
		it->off = (uint32_t)p->text.len;
		wb->box = &p->it[n];
		wb->font = f;
	}
	if (out < 0x80)
		strbuf_addc(&p->text, (int)out);
	else
		utf8_encode(&p->text, out);
	wb->box->len = (uint32_t)p->text.len - wb->box->off;
}

static void add_penalty(struct para *p, struct wordbuf *wb, double w, int pen, int flags)
{
	/* copy the box's style first: pushing may move the array */
	struct item box = wb->box ? *wb->box : (struct item){ .link = -1 };
	struct item *it = para_push(p, IT_PENALTY);

	it->w = w;
	it->p = pen;
	it->flags = (uint8_t)flags;
	it->font = box.font;
	it->size = box.size;
	it->color = box.color;
	it->link = box.link;
	wb->box = NULL;
}

/* The glue of a space in style ts. */
static struct item glue_of(struct doc *d, const struct tstyle *ts)
{
	int f = tstyle_font(ts);
	float size = tstyle_size(d, ts);
	double w = font_adv(d->e, f, ' ') * size / 1000.0;
	struct item g = { .type = IT_GLUE, .link = -1, .note = -1, .se = -1 };

	g.w = w;
	/* a space inside code keeps the monospaced width */
	g.y = ts->code ? 0 : w / 2;
	g.z = ts->code ? 0 : w / 3;
	g.font = (uint8_t)f;
	g.size = size;
	g.link = ts->link;
	g.color = (uint8_t)tstyle_color(ts);
	return g;
}

static void push_glue(struct para *p, const struct item *g)
{
	/* collapse runs of spaces; no glue at the start of a paragraph */
	if (!p->n || p->it[p->n - 1].type == IT_GLUE)
		return;
	if (p->tie_next)
		para_push(p, IT_PENALTY)->p = KP_INF;
	p->tie_next = 0;
	*para_push(p, IT_GLUE) = *g;
}

static void add_glue(struct doc *d, struct para *p, const struct tstyle *ts)
{
	struct item g = glue_of(d, ts);

	push_glue(p, &g);
}

/* Bytes that separate words: ASCII white space. */
static const uint8_t space_byte[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1,
};

/* The next word opens a sentence: nothing before it in the paragraph
 * (or since a line break), or a word ending in . ! ? or : (maybe with a
 * closing quote or bracket after it). */
static int starts_sentence(const struct para *p)
{
	size_t i = p->n;
	const struct item *box;
	const unsigned char *t;
	size_t k;

	while (i > 0 && p->it[i - 1].type != IT_BOX) {
		if (p->it[i - 1].type == IT_PENALTY && p->it[i - 1].p <= -KP_INF)
			return 1;
		i--;
	}
	if (!i)
		return 1;
	box = &p->it[i - 1];
	t = (const unsigned char *)p->text.buf + box->off;
	for (k = box->len; k > 0; k--) {
		unsigned char c = t[k - 1];
		/* (bytes of curly quotes and of ")" "]" are passed over) */
		if (c == '.' || c == '!' || c == '?' || c == ':')
			return 1;
		if (c != ')' && c != ']' && c != '"' && c != '\'' && c < 0x80)
			return 0;
	}
	return 0;
}

/*
 * Widths from shaping. A run is the boxes of one word in one face, their
 * text contiguous: it is shaped whole (kerning and ligatures across the
 * places it may break), and each byte gets the advance of the glyphs
 * whose cluster starts there (`w`, font units), `start` marking cluster
 * starts. A break inside a cluster (between the letters of a ligature)
 * is forbidden, so a line never ends in half a glyph.
 */
struct clusters {
	int64_t *w;
	uint8_t *start;
	int64_t wbuf[64];
	uint8_t sbuf[64];
};

static void clusters_of(struct doc *d, int f, const char *s, size_t len, struct clusters *c)
{
	struct shaping sh;
	size_t i;

	c->w = len <= 64 ? c->wbuf : xcalloc(len, sizeof(*c->w));
	c->start = len <= 64 ? c->sbuf : xcalloc(len, 1);
	memset(c->w, 0, len * sizeof(*c->w));
	memset(c->start, 0, len);
	face_shape(d->e, f, s, len, &sh);
	for (i = 0; i < sh.n; i++) {
		if (sh.g[i].cluster < len) {
			c->w[sh.g[i].cluster] += sh.g[i].adv;
			c->start[sh.g[i].cluster] = 1;
		}
	}
	if (len)
		c->start[0] = 1;
}

static void clusters_release(struct clusters *c)
{
	if (c->w != c->wbuf)
		free(c->w);
	if (c->start != c->sbuf)
		free(c->start);
}

/* The boxes [a, b) of one run: widths, and the break points between them. */
static void shape_run(struct doc *d, struct para *p, size_t a, size_t b)
{
	const struct item *box = &p->it[a];
	const char *s = p->text.buf + box->off;
	size_t len = p->it[b - 1].off + p->it[b - 1].len - box->off, i, k;
	double k1000 = d->e->face[box->font].k / 1000.0;
	int64_t before = 0;
	struct clusters c;

	if (b == a + 1) {
		/* one box (most words): its width is the shaped width */
		p->it[a].w = face_width(d->e, box->font, box->size, s, len);
		return;
	}
	clusters_of(d, box->font, s, len, &c);
	for (i = a; i < b; i++) {
		struct item *it = &p->it[i];
		size_t at = it->off - box->off;
		int64_t wu = 0;
		if (it->type != IT_BOX)
			continue;
		if (i > a && !c.start[at]) {
			/* a break here would cut a cluster: none of the penalties before it */
			for (k = i; k-- > a && p->it[k].type == IT_PENALTY;)
				p->it[k].p = KP_INF;
		} else if (i > a && p->it[i - 1].type == IT_PENALTY && (p->it[i - 1].flags & IF_FLAGGED) &&
			   p->it[i - 1].w > 0 && at < 160) {
			/* the line that ends here draws the prefix and a hyphen, shaped
			 * together: the penalty is what that adds to the prefix measured */
			char pre[161];
			memcpy(pre, s, at);
			pre[at] = '-';
			p->it[i - 1].w = face_width(d->e, box->font, it->size, pre, at + 1) -
					 (double)before * k1000 * it->size;
		}
		for (k = at; k < at + it->len; k++)
			wu += c.w[k];
		before += wu;
		it->w = (double)wu * k1000 * it->size;
	}
	clusters_release(&c);
}

/* Shapes the runs of the word whose items start at `first`. */
static void shape_word(struct doc *d, struct para *p, size_t first)
{
	size_t i = first, j, last;

	while (i < p->n) {
		if (p->it[i].type != IT_BOX || (p->it[i].flags & IF_IMAGE)) {
			i++;
			continue;
		}
		last = i;
		for (j = i + 1; j < p->n; j++) {
			const struct item *it = &p->it[j];
			if (it->type == IT_PENALTY)
				continue;
			if (it->type != IT_BOX || (it->flags & IF_IMAGE) || it->font != p->it[last].font ||
			    it->size != p->it[last].size || it->off != p->it[last].off + p->it[last].len)
				break;
			last = j;
		}
		shape_run(d, p, i, last + 1);
		i = last + 1;
	}
}

/* The space just before the next word may not break: a KP_INF penalty
 * in front of it (glue breaks only right after a box). */
static void tie_last_space(struct para *p)
{
	struct item glue;

	if (p->n < 2 || p->it[p->n - 1].type != IT_GLUE || p->it[p->n - 2].type != IT_BOX)
		return;
	glue = p->it[p->n - 1];
	p->n--;
	para_push(p, IT_PENALTY)->p = KP_INF;
	*para_push(p, IT_GLUE) = glue;
}

/* The items and text of word s, made afresh. */
static void lay_word(struct doc *d, struct para *p, const struct tstyle *ts, const char *s, size_t len,
		     int sentence_start)
{
	const unsigned char *q = (const unsigned char *)s, *end = q + len;
	int base = tstyle_font(ts);
	float size = tstyle_size(d, ts);
	struct wordbuf wb = { NULL, -1 };
	size_t first = p->n;
	struct wordinfo w;

	word_info(d, ts, s, len, sentence_start, &w);
	while (q < end) {
		uint32_t cp = utf8_decode(&q, end);
		size_t at = (size_t)((const char *)q - s); /* bytes consumed */
		if (cp < 0x20 || cp == 0x7f)
			continue;
		if (cp == 0xad) {
			if (wb.box && q < end && ts->hyphenate && !ts->code && !ts->url)
				add_penalty(p, &wb, font_adv(d->e, wb.font, '-') * size / 1000.0, HYPHEN_PENALTY,
					    IF_FLAGGED | IF_HYPH);
			continue;
		}
		word_char(d, p, &wb, ts, base, size, cp);
		if (q < end) {
			int flags, pen = word_break_at(&w, ts, at, cp, &flags);
			if (pen < KP_INF)
				add_penalty(p, &wb, flags & IF_HYPH ? font_adv(d->e, wb.font, '-') * size / 1000.0 : 0,
					    pen, flags);
		}
	}
	shape_word(d, p, first);
	p->tie_next = word_ties_forward(s, len);
}

/* What a run of text in one style gives each of its words: the style
 * bits of the cache key (without the sentence bit, which is the
 * word's own), its size, colour and link. Worked out once per run, not
 * once per word. */
struct wordstyle {
	const struct tstyle *ts;
	uint32_t tag;
	float size;
	uint8_t color;
	int32_t link;
};

#define WS_SENTENCE (1u << 12)

static void word_style(const struct doc *d, const struct tstyle *ts, struct wordstyle *ws)
{
	ws->ts = ts;
	ws->tag = (uint32_t)tstyle_font(ts) | (uint32_t)!!ts->code << 8 | (uint32_t)!!ts->url << 9 |
		  (uint32_t)!!ts->hyphenate << 10 | (uint32_t)!!ts->strike << 11 |
		  (uint32_t)!!d->st->hyphenate << 13;
	ws->size = tstyle_size(d, ts);
	ws->color = (uint8_t)tstyle_color(ts);
	ws->link = ts->link;
}

/* Copies a word's items from the cache: box offsets moved to where its
 * text now starts, and the style's link and colour. */
static void replay_word(struct para *p, const struct wordstyle *ws, const struct word_entry *we)
{
	uint32_t off = (uint32_t)p->text.len, i;
	struct item *it;

	ALLOC_GROW(p->it, p->n + we->nit, p->alloc);
	it = p->it + p->n;
	memcpy(it, we->it, we->nit * sizeof(*it));
	for (i = 0; i < we->nit; i++) {
		if (it[i].type == IT_BOX)
			it[i].off += off;
		it[i].link = ws->link;
		it[i].color = ws->color;
	}
	p->n += we->nit;
	strbuf_add(&p->text, we->text, we->ntext);
	p->tie_next = we->ties_forward;
}

/*
 * Appends one word (no spaces) with its break points. A citation number,
 * a spaced dash, a number of one or two digits and a short unit after a
 * number stay on the line of the word before them; the word after an
 * arrow stays on the arrow's line. A soft hyphen (U+00AD) is
 * not drawn: it is a hyphenation point. A word is laid out once per
 * engine and style (wordcache.h), unless a character of it had to be
 * substituted (that warns each time).
 */
static void add_word(struct doc *d, struct para *p, const struct wordstyle *ws, const char *s, size_t len)
{
	struct word_key k;
	const struct word_entry *we;
	size_t first, text0;
	int ss = starts_sentence(p), warnings = d->warnings, tie;

	/* (the tie below leaves starts_sentence as it was: it adds no box
	 * and no forced break) */
	word_key_init(&k, s, len, ws->tag | (ss ? WS_SENTENCE : 0), ws->size);
	we = word_cache_find(&d->e->wc, &k);
	tie = we ? we->ties_back : word_ties_back(s, len);
	if ((tie & TIE_ALONE) || ((tie & TIE_UNIT) && para_ends_in_number(p)))
		tie_last_space(p);
	if (we) {
		replay_word(p, ws, we);
		return;
	}
	first = p->n;
	text0 = p->text.len;
	lay_word(d, p, ws->ts, s, len, ss);
	/* (a word of control characters only makes no item: nothing to keep) */
	if (d->warnings == warnings && p->n > first)
		word_cache_add(&d->e->wc, &k, p->it + first, p->n - first, (uint32_t)text0, p->text.buf + text0,
			       p->text.len - text0, tie, p->tie_next);
}

void para_add_text(struct doc *d, struct para *p, const char *s, size_t len, const struct tstyle *ts)
{
	const unsigned char *u = (const unsigned char *)s;
	struct wordstyle ws;
	struct item g;
	int have_glue = 0;
	size_t i = 0;

	word_style(d, ts, &ws);
	while (i < len) {
		size_t j = i;
		if (space_byte[u[i]]) {
			if (!have_glue)
				g = glue_of(d, ts);
			have_glue = 1;
			push_glue(p, &g);
			i++;
			continue;
		}
		while (j < len && !space_byte[u[j]])
			j++;
		add_word(d, p, &ws, s + i, j - i);
		i = j;
	}
}

static void add_hardbreak(struct para *p)
{
	struct item *it;

	while (p->n && p->it[p->n - 1].type == IT_GLUE)
		p->n--;
	if (!p->n)
		return;
	it = para_push(p, IT_GLUE);
	it->y = KP_FILL;
	it = para_push(p, IT_PENALTY);
	it->p = -KP_INF;
}

static int32_t add_link(struct doc *d, const char *url)
{
	struct link *l = DOC_PUSH(d, links);
	l->url = arena_strdup(&d->arena, url ? url : "");
	l->heading = -1;
	l->note = -1;
	l->se = -1;
	return (int32_t)(d->nlinks - 1);
}

/* The link of Markdown link `node`, with what it says (its
 * annotations' /Contents). */
static int32_t add_node_link(struct doc *d, cmark_node *node)
{
	int32_t link = add_link(d, cmark_node_get_url(node));
	char *t = markdown_node_text(node);

	d->links[link].text = arena_strdup(&d->arena, t);
	free(t);
	return link;
}

/* An image in running text as a box on the baseline, INLINE_IMAGE_EM
 * high with its proportions kept; 0 when it cannot be shown. */
static int add_image_box(struct doc *d, struct para *p, cmark_node *img, const struct tstyle *ts)
{
	int32_t k = figure_image(d, img);
	struct item *it;

	if (k < 0)
		return 0;
	it = para_push(p, IT_BOX);
	it->flags = (uint8_t)(IF_IMAGE | (ts->strike ? IF_STRIKE : 0));
	it->font = (uint8_t)tstyle_font(ts);
	it->size = tstyle_size(d, ts);
	it->color = (uint8_t)tstyle_color(ts);
	it->link = ts->link;
	it->off = (uint32_t)k;
	it->w = INLINE_IMAGE_EM * it->size * d->images[k].pw / d->images[k].ph;
	it->se = figure_element(d, img, -1);
	return 1;
}

/* True when a link shows a URL (its text is one), which then breaks only
 * at its punctuation and is never hyphenated. */
static int link_shows_url(cmark_node *link)
{
	cmark_node *t = cmark_node_first_child(link);
	const char *lit = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? cmark_node_get_literal(t) : NULL;
	const char *url = cmark_node_get_url(link);

	if (!lit)
		return 0;
	return !strncmp(lit, "http://", 7) || !strncmp(lit, "https://", 8) || !strncmp(lit, "www.", 4) ||
	       (url && !strcmp(lit, url) && strchr(lit, '/'));
}

/*
 * A footnote reference: its number, linked to the note, as a superscript
 * tied to the word before it; with endnotes (pdf_meta.notes_heading) as
 * "[n]" on the line, like a citation. References to a number no note
 * has are left out (cmark-gfm makes none).
 */
static void add_noteref(struct doc *d, struct para *p, const struct tstyle *ts, const char *lit)
{
	long n = lit ? strtol(lit, NULL, 10) : 0;
	struct tstyle rs = *ts;
	struct wordstyle ws;
	char buf[32];
	size_t first, i;

	if (n < 1 || (size_t)n > d->nnotes)
		return;
	rs.link = add_link(d, NULL);
	d->links[rs.link].note = (int32_t)(n - 1);
	snprintf(buf, sizeof(buf), "Note %ld", n);
	d->links[rs.link].text = arena_strdup(&d->arena, buf);
	rs.hyphenate = 0;
	rs.code = rs.url = rs.strike = 0;
	tie_last_space(p);
	if (d->m->notes_heading) {
		/* "[n]" after a space that does not break, as a citation */
		p->tie_next = 1;
		add_glue(d, p, ts);
		snprintf(buf, sizeof(buf), "[%ld]", n);
		para_add_text(d, p, buf, strlen(buf), &rs);
		return;
	}
	snprintf(buf, sizeof(buf), "%ld", n);
	rs.size = ts->size * SUP_SCALE;
	first = p->n;
	word_style(d, &rs, &ws);
	add_word(d, p, &ws, buf, strlen(buf));
	for (i = first; i < p->n; i++) {
		p->it[i].rise = ts->size * SUP_RISE;
		p->it[i].note = (int32_t)(n - 1);
	}
}

static int is_leaf(cmark_node_type t)
{
	return t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
	       t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_THEMATIC_BREAK ||
	       t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK;
}

/*
 * Walks the subtree with cmark_iter and a stack of styles rather than by
 * recursion: images nest inside image descriptions to any depth.
 */
void para_add_inlines(struct doc *d, struct para *p, cmark_node *parent, const struct tstyle *ts0)
{
	cmark_iter *iter = cmark_iter_new(parent);
	struct tstyle *st = NULL;
	size_t n = 0, alloc = 0;
	cmark_event_type ev;

	ALLOC_GROW(st, 1, alloc);
	st[n++] = *ts0;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type t = cmark_node_get_type(node);
		struct tstyle ts = st[n - 1];
		const char *lit, *type;
		if (node == parent)
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			if (n > 1)
				n--;
			continue;
		}
		switch (t) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(node);
			if (lit)
				para_add_text(d, p, lit, strlen(lit), &ts);
			break;
		case CMARK_NODE_SOFTBREAK:
			para_add_text(d, p, " ", 1, &ts);
			break;
		case CMARK_NODE_LINEBREAK:
			add_hardbreak(p);
			break;
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			ts.code = 1;
			lit = cmark_node_get_literal(node);
			if (lit)
				para_add_text(d, p, lit, strlen(lit), &ts);
			break;
		case CMARK_NODE_EMPH:
			ts.italic = 1;
			break;
		case CMARK_NODE_STRONG:
			ts.bold = 1;
			break;
		case CMARK_NODE_LINK:
			if (ts.link < 0)
				ts.link = add_node_link(d, node);
			if (link_shows_url(node)) {
				ts.url = 1;
				ts.hyphenate = 0;
			}
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE:
			add_noteref(d, p, &ts, cmark_node_get_literal(node));
			break;
		case CMARK_NODE_IMAGE:
			/* an image inside running text is drawn in the line, or
			 * else shows its description */
			if (add_image_box(d, p, node, &ts)) {
				cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
				continue;
			}
			ts.italic = 1;
			break;
		default:
			type = cmark_node_get_type_string(node);
			if (type && !strcmp(type, "strikethrough"))
				ts.strike = 1;
			break;
		}
		if (!is_leaf(t)) {
			ALLOC_GROW(st, n + 1, alloc);
			st[n++] = ts;
		}
	}
	cmark_iter_free(iter);
	free(st);
}

void para_finish(struct para *p)
{
	struct item *it;

	while (p->n && p->it[p->n - 1].type == IT_GLUE)
		p->n--;
	while (p->n && p->it[p->n - 1].type == IT_PENALTY && p->it[p->n - 1].p == -KP_INF) {
		p->n--;
		while (p->n && p->it[p->n - 1].type == IT_GLUE)
			p->n--;
	}
	it = para_push(p, IT_PENALTY);
	it->p = KP_INF;
	it = para_push(p, IT_GLUE);
	it->y = KP_FILL;
	it = para_push(p, IT_PENALTY);
	it->p = -KP_INF;
}

/*
 * Rebuilds the stretch [a, b) of boxes (and penalties) as one box per
 * character with a zero penalty after each, so the breaker can cut it.
 */
static void split_run(struct doc *d, struct para *p, size_t a, size_t b, struct item **out,
		      size_t *nout, size_t *aout)
{
	size_t i;

	for (i = a; i < b; i++) {
		const struct item *it = &p->it[i];
		const char *s;
		double k1000;
		struct clusters c;
		size_t at, end;
		if (it->type != IT_BOX)
			continue;
		if (it->flags & IF_IMAGE) {
			ALLOC_GROW(*out, *nout + 2, *aout);
			(*out)[(*nout)++] = *it;
			memset(&(*out)[*nout], 0, sizeof(**out));
			(*out)[*nout].type = IT_PENALTY;
			(*out)[(*nout)++].link = it->link;
			continue;
		}
		s = p->text.buf + it->off;
		k1000 = d->e->face[it->font].k / 1000.0;
		clusters_of(d, it->font, s, it->len, &c);
		for (at = 0; at < it->len; at = end) {
			struct item *o;
			int64_t wu = 0;
			for (end = at + 1; end < it->len && !c.start[end]; end++)
				;
			for (size_t k = at; k < end; k++)
				wu += c.w[k];
			ALLOC_GROW(*out, *nout + 2, *aout);
			o = &(*out)[(*nout)++];
			*o = *it;
			o->off = it->off + (uint32_t)at;
			o->len = (uint32_t)(end - at);
			o->w = (double)wu * k1000 * it->size;
			o = &(*out)[(*nout)++];
			memset(o, 0, sizeof(*o));
			o->type = IT_PENALTY;
			o->link = it->link;
			/* a cut word shows a hyphen, as a reader expects (not in
			 * code or a URL, where it could be taken for part of it) */
			if (it->font != FONT_MONO && !(it->flags & IF_URL)) {
				o->w = font_adv(d->e, it->font, '-') * it->size / 1000.0;
				o->flags = IF_FLAGGED;
				o->font = it->font;
				o->size = it->size;
				o->color = it->color;
				o->p = 50;
			}
		}
		clusters_release(&c);
	}
	/* the last penalty is not needed: a legal break follows */
	if (*nout && (*out)[*nout - 1].type == IT_PENALTY)
		(*nout)--;
}

void para_split_long(struct doc *d, struct para *p, double measure)
{
	struct item *out = NULL;
	size_t nout = 0, aout = 0, i, start = 0;
	double w = 0;
	int changed = 0;

	for (i = 0; i < p->n; i++) {
		struct item *x = &p->it[i];
		if (x->type == IT_BOX) {
			/* an image wider than the measure is narrowed to it (and lowered) */
			if ((x->flags & IF_IMAGE) && x->w > measure)
				x->w = measure;
			w += x->w;
		} else if (item_is_break(p->it, i)) {
			w = 0;
			continue;
		}
		if (w > measure) {
			changed = 1;
			break;
		}
	}
	if (!changed)
		return;
	/* second pass: copy, splitting every over-long stretch */
	w = 0;
	for (i = 0; i <= p->n; i++) {
		if (i == p->n || item_is_break(p->it, i)) {
			if (w > measure) {
				split_run(d, p, start, i, &out, &nout, &aout);
			} else {
				ALLOC_GROW(out, nout + (i - start), aout);
				memcpy(out + nout, p->it + start, (i - start) * sizeof(*out));
				nout += i - start;
			}
			if (i < p->n) {
				ALLOC_GROW(out, nout + 1, aout);
				out[nout++] = p->it[i];
			}
			start = i + 1;
			w = 0;
			continue;
		}
		if (p->it[i].type == IT_BOX)
			w += p->it[i].w;
	}
	free(p->it);
	p->it = out;
	p->n = nout;
	p->alloc = aout;
}

