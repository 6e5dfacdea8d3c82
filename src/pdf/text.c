/*
 * text.c - inline content to the items Knuth-Plass breaks: boxes (runs of
 * one font), glue (spaces, stretching and shrinking) and penalties
 * (hyphenation points, breaks after dashes, forced breaks).
 *
 * Each character is routed to the face that has it (the style's fallback
 * for arrows and the like, then installed fonts); a character no font has
 * becomes U+FFFD with a warning. Box widths come from shaping each word's
 * run of one face whole (shape.c), as drawtext.c draws it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define HYPHEN_PENALTY 100
#define EXHYPHEN_PENALTY 50
#define IDENT_PENALTY 200
#define MAX_HYPH_WORD 64
/* An image in running text is as tall as the letters with ascenders. */
#define INLINE_IMAGE_EM 0.75

void para_reset(struct para *p)
{
	p->n = 0;
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
		it->flags = ts->strike ? IF_STRIKE : 0;
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

static void add_penalty(struct para *p, struct wordbuf *wb, double w, int pen, int flagged)
{
	/* copy the box's style first: pushing may move the array */
	struct item box = wb->box ? *wb->box : (struct item){ .link = -1 };
	struct item *it = para_push(p, IT_PENALTY);

	it->w = w;
	it->p = pen;
	it->flags = flagged ? IF_FLAGGED : 0;
	it->font = box.font;
	it->size = box.size;
	it->color = box.color;
	it->link = box.link;
	wb->box = NULL;
}

static void add_glue(struct doc *d, struct para *p, const struct tstyle *ts)
{
	int f = tstyle_font(ts);
	float size = tstyle_size(d, ts);
	double w = font_adv(d->e, f, ' ') * size / 1000.0;
	struct item *it;

	/* collapse runs of spaces; no glue at the start of a paragraph */
	if (!p->n || p->it[p->n - 1].type == IT_GLUE)
		return;
	it = para_push(p, IT_GLUE);
	it->w = w;
	it->y = w / 2;
	it->z = w / 3;
	it->font = (uint8_t)f;
	it->size = size;
	it->link = ts->link;
	it->color = (uint8_t)tstyle_color(ts);
}

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
}

#define HYPH_CACHE_MAX 65536

static uint64_t hash_word(const char *w, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
	return h;
}

/* Finds the slot of `w` (or the free slot where it belongs). */
static struct hyph_entry *cache_slot(struct hyph_cache *c, const char *w, size_t n)
{
	size_t i = (size_t)hash_word(w, n) & (c->cap - 1);

	while (c->v[i].word && (strncmp(c->v[i].word, w, n) || c->v[i].word[n]))
		i = (i + 1) & (c->cap - 1);
	return &c->v[i];
}

static void cache_grow(struct hyph_cache *c)
{
	struct hyph_entry *old = c->v;
	size_t i, oldcap = c->cap;

	c->cap = oldcap ? oldcap * 2 : 1024;
	c->v = xcalloc(c->cap, sizeof(*c->v));
	for (i = 0; i < oldcap; i++) {
		if (old[i].word)
			*cache_slot(c, old[i].word, strlen(old[i].word)) = old[i];
	}
	free(old);
}

/*
 * Hyphenation points of an ASCII word (letters only; lowercased first as
 * libhyphen expects), as bits: bit i set means a break is allowed after
 * letter i. Results are cached per engine (words repeat a lot).
 */
static int hyphenate(struct doc *d, const char *w, size_t n, uint64_t *bits)
{
	struct hyph_cache *c = &d->e->hc;
	struct hyph_entry *slot = NULL;
	char low[MAX_HYPH_WORD + 1], hy[MAX_HYPH_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t i;

	if (!d->e->hyph || n < 5 || n > MAX_HYPH_WORD)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isalpha((unsigned char)w[i]))
			return -1;
		low[i] = (char)tolower((unsigned char)w[i]);
	}
	low[n] = 0;
	if (c->n < HYPH_CACHE_MAX) {
		if ((c->n + 1) * 2 > c->cap)
			cache_grow(c);
		slot = cache_slot(c, low, n);
		if (slot->word) {
			*bits = slot->bits;
			return 0;
		}
	}
	if (hnj_hyphen_hyphenate2(d->e->hyph, low, (int)n, hy, NULL, &rep, &pos, &cut))
		return -1;
	if (rep) {
		for (i = 0; i < n; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	*bits = 0;
	for (i = 0; i + 1 < n; i++)
		if (hy[i] & 1)
			*bits |= 1ull << i;
	if (slot) {
		struct arena a = { c->arena };
		slot->word = arena_alloc(&a, n + 1);
		memcpy(slot->word, low, n + 1);
		slot->bits = *bits;
		c->arena = a.head;
		c->n++;
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

/* Appends one word (no spaces) with its break points. */
static void add_word(struct doc *d, struct para *p, const struct tstyle *ts, const char *s, size_t len)
{
	const unsigned char *q = (const unsigned char *)s, *end = q + len;
	int base = tstyle_font(ts);
	float size = tstyle_size(d, ts);
	struct wordbuf wb = { NULL, -1 };
	size_t first = p->n;
	uint64_t hy = 0;
	size_t a = 0, b = len, i;
	int can_hyph = 0;

	/* the letters between leading and trailing punctuation */
	if (ts->hyphenate && !ts->code && d->st->hyphenate) {
		/* (bytes of non-ASCII characters, such as curly quotes, count as punctuation) */
		while (a < len && !isalpha((unsigned char)s[a]))
			a++;
		while (b > a && !isalpha((unsigned char)s[b - 1]))
			b--;
		can_hyph = b > a && hyphenate(d, s + a, b - a, &hy) == 0;
	}
	i = 0;
	while (q < end) {
		uint32_t cp = utf8_decode(&q, end);
		size_t at = (size_t)((const char *)q - s); /* bytes consumed */
		if (cp < 0x20 || cp == 0x7f)
			continue;
		word_char(d, p, &wb, ts, base, size, cp);
		i = at;
		if (q >= end)
			break;
		if (can_hyph && i > a && i < b && (hy >> (i - 1 - a) & 1)) {
			double hw = font_adv(d->e, wb.font, '-') * size / 1000.0;
			add_penalty(p, &wb, hw, HYPHEN_PENALTY, 1);
		} else if (!ts->code && (cp == '-' || cp == 0x2013 || cp == 0x2014) && i > 1 && *q < 0x80 &&
			   isalnum(*q)) {
			add_penalty(p, &wb, 0, EXHYPHEN_PENALTY, cp == '-');
		} else if ((cp == '/' || cp == '_' || cp == '=' || cp == '.' || cp == ':' || (ts->code && cp == '-')) &&
			   i > 1 && *q < 0x80 && isalpha(*q) && isalnum((unsigned char)s[i - 2])) {
			/* identifiers, paths and URLs may break after their punctuation */
			add_penalty(p, &wb, 0, IDENT_PENALTY, 0);
		}
	}
	shape_word(d, p, first);
}

void para_add_text(struct doc *d, struct para *p, const char *s, size_t len, const struct tstyle *ts)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		if (is_space((unsigned char)s[i])) {
			add_glue(d, p, ts);
			i++;
			continue;
		}
		while (j < len && !is_space((unsigned char)s[j]))
			j++;
		add_word(d, p, ts, s + i, j - i);
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
	return (int32_t)(d->nlinks - 1);
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
	return 1;
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
				ts.link = add_link(d, cmark_node_get_url(node));
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
			 * code, where a hyphen could be taken for part of it) */
			if (it->font != FONT_MONO) {
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
		/* an image wider than the measure is narrowed to it (and lowered) */
		if (p->it[i].type == IT_BOX && (p->it[i].flags & IF_IMAGE) && p->it[i].w > measure)
			p->it[i].w = measure;
		if (item_is_break(p->it, i)) {
			start = i + 1;
			w = 0;
			continue;
		}
		if (p->it[i].type == IT_BOX)
			w += p->it[i].w;
		if (w > measure) {
			changed = 1;
			break;
		}
	}
	if (!changed)
		return;
	/* second pass: copy, splitting every over-long stretch */
	start = 0;
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

void para_widths(const struct para *p, double *maxw, double *minw)
{
	double line = 0, best = 0, word = 0, wordmax = 0;
	size_t i;

	/* the widest word counts whole: a column is not narrowed to a
	 * syllable when it can be avoided */
	for (i = 0; i < p->n; i++) {
		const struct item *it = &p->it[i];
		if (it->type == IT_BOX) {
			line += it->w;
			word += it->w;
			continue;
		}
		if (word > wordmax)
			wordmax = word;
		if (it->type == IT_GLUE) {
			word = 0;
			if (it->y < KP_FILL)
				line += it->w;
		} else if (it->p <= -KP_INF) {
			word = 0;
			if (line > best)
				best = line;
			line = 0;
		}
	}
	if (line > best)
		best = line;
	if (word > wordmax)
		wordmax = word;
	*maxw = best;
	*minw = wordmax;
}
