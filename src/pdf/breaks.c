/*
 * breaks.c - where a line may end inside a paragraph, and where it may
 * not: the hyphenation points of a word (libhyphen, cached per engine;
 * never in a capitalised name), the breaks a word's own punctuation
 * allows (prose, code and URLs each by their rules), the spaces that
 * must not break (before a citation number, a spaced dash, a short
 * number or unit; after an arrow), and the preparation of a finished
 * paragraph for a measure (para_fit) and its widths for table columns.
 * text.c applies the rules while it builds the items.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/breaks.h"
#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/hash.h"

#define MAX_HYPH_WORD 64

#define HYPH_CACHE_MAX 65536

/* Finds the slot of `w` (or the free slot where it belongs). */
static struct hyph_entry *cache_slot(struct hyph_cache *c, const char *w, size_t n)
{
	size_t i = (size_t)hash_fast(w, n) & (c->cap - 1);

	while (c->v[i].word && (strncmp(c->v[i].word, w, n) || c->v[i].word[n]))
		i = (i + 1) & (c->cap - 1);
	return &c->v[i];
}

static void cache_grow(struct hyph_cache *c)
{
	struct hyph_entry *old = c->v;
	size_t i, oldcap = c->cap;

	c->cap = oldcap ? oldcap * 2 : 1024;
	c->v = xcalloc_written(c->cap, sizeof(*c->v));
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

static int is_digit_at(const char *s, size_t len, size_t i)
{
	return i < len && s[i] >= '0' && s[i] <= '9';
}

static void url_parts(struct wordinfo *w)
{
	const char *s = w->s, *sep;
	size_t i;

	w->url_from = 0;
	sep = w->len > 3 ? strstr(s, "://") : NULL;
	if (sep && (size_t)(sep - s) + 3 <= w->len && sep - s < 12)
		w->url_from = (size_t)(sep - s) + 3;
	else if (w->len > 7 && !strncmp(s, "mailto:", 7))
		w->url_from = 7;
	for (i = w->url_from; i < w->len && s[i] != '/'; i++)
		;
	w->host_end = i;
}

/*
 * A URL breaks only after / . - ? & = _ (never inside the scheme, never
 * between two of the same, never leaving fewer than four characters on a
 * line, not at a hyphen or point between digits, as in a date), without
 * a hyphen: cheaply after a slash, dearly inside the host name.
 */
static int url_break(const struct wordinfo *w, size_t at, uint32_t cp, int *flags)
{
	const char *s = w->s;

	if (at >= w->len || at <= w->url_from || !strchr("/.-?&=_", (int)cp) || cp >= 0x80)
		return KP_INF;
	if ((uint32_t)(unsigned char)s[at] == cp || w->len - at < 4 || at - w->url_from < 4)
		return KP_INF;
	if ((cp == '-' || cp == '.') && is_digit_at(s, w->len, at) && at >= 2 && is_digit_at(s, w->len, at - 2))
		return KP_INF;
	*flags = IF_URL | (cp == '-' ? IF_EXHY : 0);
	if (at <= w->host_end)
		return URL_HOST_PENALTY;
	return cp == '/' ? URL_SLASH_PENALTY : URL_PENALTY;
}

/*
 * Code breaks between its tokens, without a hyphen: after / = : , ; & ?
 * and closing brackets, and before a point between names ("feature.flag"
 * / ".rollout": a line ending in a point would read as a full stop);
 * never inside a name or a number ("timeout_ms", "eu-west", "2.5").
 */
static int code_break(const struct wordinfo *w, size_t at, uint32_t cp, int *flags)
{
	const char *s = w->s;

	if (at >= w->len || at < 2 || cp >= 0x80)
		return KP_INF;
	if (s[at] == '.' && at + 5 <= w->len && isalnum((unsigned char)cp) &&
	    isalpha((unsigned char)s[at + 1]) && !isdigit((unsigned char)cp)) {
		*flags = IF_CODE;
		return IDENT_PENALTY;
	}
	if (!strchr("/=:,;&?)]}", (int)cp) || strchr("/=:,;&?)]}>.", s[at]))
		return KP_INF;
	*flags = IF_CODE;
	return IDENT_PENALTY;
}

/* Prose breaks after a hyphen or dash of the text (not between digits:
 * dates and ranges stay whole) and after a slash between words. */
static int prose_break(const struct wordinfo *w, size_t at, uint32_t cp, int *flags)
{
	const char *s = w->s;
	int next_alnum = at < w->len && (unsigned char)s[at] < 0x80 && isalnum((unsigned char)s[at]);

	if (at < 2 || !next_alnum)
		return KP_INF;
	if (cp == '-' || cp == 0x2010 || cp == 0x2013 || cp == 0x2014) {
		size_t before = at - (cp < 0x80 ? 1 : 3);
		if (is_digit_at(s, w->len, at) && before > 0 && is_digit_at(s, w->len, before - 1))
			return KP_INF;
		*flags = cp == '-' || cp == 0x2010 ? IF_FLAGGED | IF_EXHY : 0;
		return EXHYPHEN_PENALTY;
	}
	if (cp == '/' && isalnum((unsigned char)s[at - 2])) {
		*flags = 0;
		return IDENT_PENALTY;
	}
	return KP_INF;
}

static int has_soft_hyphen(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xad)
			return 1;
	return 0;
}

/* A capitalised word is a name ("Postgres", "WebAssembly", "SQL"), never
 * hyphenated, unless it only opens a sentence ("Meanwhile"). */
static int is_name(const char *w, size_t n, int sentence_start)
{
	size_t i;

	if (!isupper((unsigned char)w[0]))
		return 0;
	if (!sentence_start)
		return 1;
	for (i = 1; i < n; i++)
		if (isupper((unsigned char)w[i]))
			return 1;
	return 0;
}

void word_info(struct doc *d, const struct tstyle *ts, const char *s, size_t len, int sentence_start,
	       struct wordinfo *w)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->len = len;
	w->b = len;
	if (ts->url) {
		url_parts(w);
		return;
	}
	/* a word with a soft hyphen breaks only there */
	if (!ts->hyphenate || ts->code || !d->st->hyphenate || has_soft_hyphen(s, len))
		return;
	/* (bytes of non-ASCII characters, such as curly quotes, count as punctuation) */
	while (w->a < len && !isalpha((unsigned char)s[w->a]))
		w->a++;
	while (w->b > w->a && !isalpha((unsigned char)s[w->b - 1]))
		w->b--;
	w->can_hyph = w->b > w->a && !is_name(s + w->a, w->b - w->a, sentence_start) &&
		      hyphenate(d, s + w->a, w->b - w->a, &w->hy) == 0;
}

int word_break_at(const struct wordinfo *w, const struct tstyle *ts, size_t at, uint32_t cp, int *flags)
{
	*flags = 0;
	if (w->can_hyph && at > w->a && at < w->b && (w->hy >> (at - 1 - w->a) & 1)) {
		*flags = IF_FLAGGED | IF_HYPH;
		return HYPHEN_PENALTY;
	}
	return ts->url ? url_break(w, at, cp, flags) : ts->code ? code_break(w, at, cp, flags)
							: prose_break(w, at, cp, flags);
}

/* "[12]" (maybe with punctuation after it): a citation number. */
static int is_citation(const char *s, size_t len)
{
	size_t i = 1;

	if (len < 3 || s[0] != '[')
		return 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 1 && i < len && s[i] == ']';
}

/* A dash standing alone between spaces. */
static int is_spaced_dash(const char *s, size_t len)
{
	return (len == 1 && s[0] == '-') ||
	       (len == 3 && (!memcmp(s, "\xe2\x80\x93", 3) || !memcmp(s, "\xe2\x80\x94", 3)));
}

/* A unit ("12 k€", "8 ms", "40 %"): a word of one or two characters,
 * tied when it follows a number. */
static int is_unit(const char *s, size_t len)
{
	size_t chars = 0, i;

	for (i = 0; i < len && chars <= 2; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars <= 2 && ((unsigned char)s[0] >= 0x80 || isalpha((unsigned char)s[0]) || s[0] == '%');
}

int para_ends_in_number(const struct para *p)
{
	const struct item *box;

	if (p->n < 2 || p->it[p->n - 1].type != IT_GLUE || p->it[p->n - 2].type != IT_BOX)
		return 0;
	box = &p->it[p->n - 2];
	return box->len && isdigit((unsigned char)p->text.buf[box->off + box->len - 1]);
}

/* A short number ("Case 6", "item 12."): one or two digits, maybe with
 * punctuation after them. */
static int is_short_number(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && i < 3 && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i > 2)
		return 0;
	for (; i < len; i++)
		if (!strchr(".,;:)", s[i]))
			return 0;
	return 1;
}

int word_ties_forward(const char *s, size_t len)
{
	return len == 3 && (!memcmp(s, "\xe2\x86\x92", 3) || !memcmp(s, "\xe2\x86\x90", 3) ||
			    !memcmp(s, "\xe2\x86\x94", 3) || !memcmp(s, "\xe2\x87\x92", 3));
}

int word_ties_back(const char *s, size_t len)
{
	if (is_citation(s, len) || is_spaced_dash(s, len) || is_short_number(s, len))
		return TIE_ALONE;
	return is_unit(s, len) ? TIE_UNIT : 0;
}

/* True when a break at item i would add no hyphen and is not one kept
 * for code that cannot fit (the breaks that bound min-content pieces). */
static int plain_break(const struct item *it, size_t i)
{
	return item_is_break(it, i) && !(it[i].type == IT_PENALTY && (it[i].flags & (IF_HYPH | IF_CODE)));
}

void para_widths(const struct para *p, double *maxw, double *minw)
{
	double line = 0, best = 0, word = 0, wordmax = 0;
	size_t i;

	/* the widest piece counts whole: a column is not narrowed to a
	 * syllable when it can be avoided; a space that may not break
	 * belongs to its piece */
	for (i = 0; i < p->n; i++) {
		const struct item *it = &p->it[i];
		if (it->type == IT_BOX) {
			line += it->w;
			word += it->w;
			continue;
		}
		if (it->type == IT_GLUE && it->y < KP_FILL) {
			line += it->w;
			if (!plain_break(p->it, i))
				word += it->w;
		}
		if (plain_break(p->it, i) || (it->type == IT_PENALTY && it->p <= -KP_INF)) {
			if (word > wordmax)
				wordmax = word;
			word = 0;
		}
		if (it->type == IT_PENALTY && it->p <= -KP_INF) {
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

/* Items [a, b) hold back their break points of kind `flag`. */
static void drop_breaks(struct para *p, size_t a, size_t b, int flag)
{
	size_t i;

	for (i = a; i < b; i++) {
		if (p->it[i].type == IT_PENALTY && (p->it[i].flags & flag) && p->it[i].p < KP_INF) {
			p->it[i].p = KP_INF;
			p->it[i].flags |= IF_HELD;
		}
	}
}

/* A code break para_fit held back. */
static int held_code(const struct item *it)
{
	return it->type == IT_PENALTY && (it->flags & IF_HELD) && (it->flags & IF_CODE);
}

int para_release_held(struct para *p)
{
	size_t i;
	int n = 0;

	for (i = 0; i < p->n; i++) {
		struct item *it = &p->it[i];
		if (!held_code(it))
			continue;
		it->flags &= (uint8_t)~IF_HELD;
		it->p = IDENT_PENALTY;
		n++;
	}
	return n;
}

/* What bounds the pieces whose breaks of kind `flag` drop_in_fitting
 * drops: for code, the spaces that may break; for hyphens, every break
 * that adds no hyphen. */
static int piece_bound(const struct item *it, size_t i, int flag)
{
	if (flag == IF_CODE)
		return it[i].type == IT_GLUE && item_is_break(it, i);
	return plain_break(it, i);
}

/* Over the pieces piece_bound gives, drops the breaks of kind `flag`
 * inside each piece no wider than `measure`.
 * Returns 0 when the paragraph has no break of that kind, held or not. */
static int drop_in_fitting(struct para *p, double measure, int flag)
{
	size_t i, start = 0;
	double w = 0;

	/* most paragraphs have no break of that kind: nothing to drop */
	for (i = 0; i < p->n; i++)
		if (p->it[i].type == IT_PENALTY && (p->it[i].flags & flag))
			break;
	if (i == p->n)
		return 0;
	for (i = 0; i <= p->n; i++) {
		if (i == p->n || piece_bound(p->it, i, flag) || (p->it[i].type == IT_PENALTY && p->it[i].p <= -KP_INF)) {
			if (w <= measure)
				drop_breaks(p, start, i, flag);
			start = i + 1;
			w = 0;
		} else if (p->it[i].type != IT_PENALTY) {
			w += p->it[i].w;
		}
	}
	return 1;
}

int para_fit(struct doc *d, struct para *p, double measure, int hyphenate)
{
	int code = drop_in_fitting(p, measure, IF_CODE);
	size_t i;

	if (!hyphenate)
		drop_in_fitting(p, measure, IF_HYPH);
	para_split_long(d, p, measure);
	/* splitting adds no held break: without code breaks there are none */
	if (!code)
		return 0;
	for (i = 0; i < p->n; i++)
		if (held_code(&p->it[i]))
			return 1;
	return 0;
}
