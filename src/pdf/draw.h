/*
 * draw.h - what the drawing files share (not used outside them): the pen
 * that writes text into a page's content (drawtext.c), and the helpers
 * that turn the layout's coordinates and colours into the PDF's. A
 * page's content is collected in one strbuf (draw_page's) and handed
 * to save.c once the page is drawn; everything in between appends to
 * it, in painting order.
 *
 * Layout coordinates are from the top-left of the text area, y down;
 * page_top(d) - y is the PDF's y (up from the bottom of the page), and
 * d->left + x its x.
 */
#ifndef CASEBRIEF_PDF_DRAW_H
#define CASEBRIEF_PDF_DRAW_H

#include "pdf/gfx.h"
#include "pdf/pdfint.h"

/*
 * Text is written into the page's content as one TJ array per run of a
 * line in one font, size and colour. A pen remembers the font, size and
 * colour last set on its page so that each is set only when it changes.
 */
struct pen {
	HPDF_Page page;         /* for its font resources */
	struct strbuf *out;     /* the page's content */
	int font;               /* -1: none set yet (or not since BT) */
	float size;
	struct rgb color;
	int has_color;
	struct tag_mark mark;   /* the marked content open in its text (tags.h) */
};

static inline double page_top(const struct doc *d)
{
	return d->st->page_h - d->st->margin_top;
}

struct rgb color_of(const struct doc *d, int c);
/* Appends v with at most two decimals, as PDF content wants it. */
void put_num(struct strbuf *b, double v);

/* drawtext.c. Each returns 0, or -1 when the face cannot be loaded. */
int pen_set(struct doc *d, struct pen *pn, int font, float size, struct rgb col);
void pen_move(struct pen *pn, double x, double y);
/* `len` bytes of text in face `font`, its baseline starting at (x, y):
 * the width drawn in points, or -1. */
double pen_text(struct doc *d, struct pen *pn, int font, float size, struct rgb col, double x, double y,
	     const char *s, size_t len);
/* Text in role `role`, each character from the face that has it. */
int pen_text_routed(struct doc *d, struct pen *pn, int role, float size, struct rgb col, double x,
		    double y, const char *s);
/* The fragments of item v placed at y, inside a text object, each in
 * the marked content of its element (its reading-order key `key` plus
 * its index, tags_key), or all an artifact with `repeat` (a table header
 * repeated on a new page). At a line's end after a space, a space glyph,
 * so that the words of two lines stay apart in extracted text. */
int draw_text(struct doc *d, struct pen *pn, const struct vitem *v, float y, uint64_t key, int repeat);

/* links.c: what goes over item v's text, outside a text object:
 * strike-through lines (artifacts, into `out`) and link annotations of
 * page pg (links in its text, or the whole line of a contents entry),
 * each tied to its Link element at item key `key`. `tmp` is scratch. */
void draw_marks(struct doc *d, HPDF_Page pg, struct strbuf *out, const struct vitem *v, float y, uint64_t key,
		struct strbuf *tmp);

/* furniture.c: the running header and the "Page X of Y" footer of page pi. */
int draw_furniture(struct doc *d, struct pen *pn, size_t pi);

#endif
