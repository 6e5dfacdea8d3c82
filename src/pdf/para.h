/*
 * para.h - a paragraph as the line breaker sees it: boxes (runs of text in
 * one face, size and colour), glue (spaces that stretch and shrink) and
 * penalties (places a line may end, at a cost), built by text.c from
 * inline Markdown nodes or plain text.
 *
 * Box text lives in para.text; an item refers to it by offset, so the
 * item array may grow (and move) freely. Widths are in points, measured
 * with the engine's metrics and kerning.
 */
#ifndef CASEBRIEF_PDF_PARA_H
#define CASEBRIEF_PDF_PARA_H

#include <stddef.h>
#include <stdint.h>

#include <cmark-gfm.h>

#include "base/strbuf.h"

#define KP_INF 10000           /* a penalty this large forbids a break */
#define KP_FILL 1e6            /* stretch of "fil" glue */

enum { IT_BOX, IT_GLUE, IT_PENALTY };
/*
 * Item flags. FLAGGED: a penalty the breaker counts as a hyphen (for
 * stacked-hyphen demerits). On penalties, what kind of break it is: HYPH
 * a discretionary hyphen (libhyphen's or a soft hyphen; it has the
 * hyphen's width), EXHY right after a hyphen that is in the text (the
 * line then ends with that hyphen), CODE inside a code span (used only
 * when the span cannot fit a line: para_fit), URL inside a URL (no hyphen
 * is ever added). HELD: a break para_fit held back. STRIKE on boxes:
 * struck through.
 * IMAGE on boxes: an image in the line (text.c): `off` is its index in
 * doc->images, `len` 0, `w` its width (its height follows from the
 * image's proportions).
 */
enum { IF_FLAGGED = 1, IF_STRIKE = 2, IF_HYPH = 4, IF_EXHY = 8, IF_CODE = 16, IF_URL = 32, IF_HELD = 64,
       IF_IMAGE = 128 };
enum color_id { COL_TEXT, COL_HEADING, COL_LINK, COL_MUTED, COL_CODE, COL_WHITE, COL__COUNT };

struct item {
	uint8_t type, font, color, flags;
	float size;
	float rise;             /* baseline shift up (superscripts) */
	double w, y, z;         /* width; glue stretch and shrink */
	int p;                  /* penalty */
	uint32_t off, len;      /* box text in para.text */
	int32_t link;           /* index in doc->links, -1 */
	int32_t note;           /* box of a footnote reference: the note, -1 */
	int32_t se;             /* image box: its Figure element (tags.h), -1 */
};

struct para {
	struct item *it;
	size_t n, alloc;
	struct strbuf text;
	int tie_next;           /* the next space may not break (after an arrow) */
};

/* A line may end at item i: glue right after a box, or a penalty below KP_INF. */
static inline int item_is_break(const struct item *it, size_t i)
{
	if (it[i].type == IT_GLUE)
		return i > 0 && it[i - 1].type == IT_BOX;
	return it[i].type == IT_PENALTY && it[i].p < KP_INF;
}

/* How inline text looks where it starts. */
struct tstyle {
	int family;             /* FONT_SERIF, FONT_SANS or FONT_MONO */
	int bold, italic, code, strike;
	float size;
	int color;
	int32_t link;
	int hyphenate;
	int url;                /* the text is a URL: breaks after / . - ? & = _ only */
};

/* The document supplies the engine (metrics, hyphenation), the links
 * table and the warning counters. */
struct doc;

void para_reset(struct para *p);
void para_release(struct para *p);
/* Appends words, spaces and break points for `len` bytes of text. */
void para_add_text(struct doc *d, struct para *p, const char *s, size_t len, const struct tstyle *ts);
/* Appends the inline children of `parent`. */
void para_add_inlines(struct doc *d, struct para *p, cmark_node *parent, const struct tstyle *ts);
/* Ends the paragraph: fill glue and a forced break. */
void para_finish(struct para *p);
/* Splits any unbreakable stretch wider than `measure` into pieces that fit
 * (with a hyphen shown at each cut, except in code and URLs). */
void para_split_long(struct doc *d, struct para *p, double measure);
/*
 * Readies a finished paragraph for lines of `measure`: a code span that
 * fits a line loses its inner break points (it moves whole), and when
 * `hyphenate` is 0 so does every word that fits (table cells: a word is
 * hyphenated only when its column is narrower than it); then
 * para_split_long. Returns 1 when the paragraph holds code breaks back
 * (para_release_held would give some), else 0.
 */
int para_fit(struct doc *d, struct para *p, double measure, int hyphenate);
/* Gives back the code breaks para_fit held, for a paragraph that cannot
 * be set well without them; returns how many. */
int para_release_held(struct para *p);
/* Natural width, and the widest stretch that cannot break without a
 * hyphen being added (for table columns: hyphenation points and code
 * breaks do not count, a break after a hyphen of the text does). */
void para_widths(const struct para *p, double *maxw, double *minw);
/* The face of text in style `ts` (one of enum style_font). */
int tstyle_font(const struct tstyle *ts);

#endif
