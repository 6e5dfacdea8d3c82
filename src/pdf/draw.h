/*
 * draw.h - what the drawing files share (not used outside them): the
 * canvas a page is painted on (canvas.c), the pen that writes text into
 * a page's content (drawtext.c), and the helpers that turn the layout's
 * coordinates and colours into the PDF's. A page's content is collected
 * in one strbuf (its canvas's) and handed to save.c once the page is
 * finished; everything in between appends to it, in painting order.
 *
 * Layout coordinates are from the top-left of the text area, y down;
 * page_top(d) - y is the PDF's y (up from the bottom of the page), and
 * d->left + x its x.
 */
#ifndef CASEBRIEF_PDF_DRAW_H
#define CASEBRIEF_PDF_DRAW_H

#include "pdf/arena.h"
#include "pdf/gfx.h"
#include "pdf/pdfint.h"
#include "pdf/pool.h"

/*
 * Pages are drawn ("painted") on any of the engine's threads, a window
 * of them at once, and finished on the engine's thread in page order.
 * Painting a page writes its content and reads the document, the
 * engine's caches and the fonts the document had when the page was
 * queued, and changes none of them: what the drawing does to shared
 * state (the page's resources and annotations in libharu, the glyphs a
 * font's subset keeps, the structure tree's content and the levels its
 * headings get) is kept as a list of effects, which the engine's thread
 * applies in page order, in the order the drawing met them, so that the
 * file is the one drawing the pages one by one would make. A heading's
 * level, known only then, is one digit in the content, written in when
 * its effect is applied.
 *
 * A page that needs more (a font the document has not used yet, an
 * installed font not looked up) is painted again on the engine's thread
 * once the pages before it are finished and nothing else is painted;
 * such a canvas is `now`: its effects are applied as they happen, as
 * they are for every page when there are no helper threads.
 */
enum { FX_FONT, FX_GLYPHS, FX_SPACE, FX_IMAGE, FX_CONTENT, FX_NOTE, FX_LINK };
struct effect {
	uint8_t kind;
	int32_t a, b;           /* see canvas.c */
	uint64_t key;           /* reading order (tags.h) */
	struct doc_font *df;
	const void *p;          /* FX_GLYPHS: the glyphs; FX_IMAGE: the image */
	const char *s;          /* FX_GLYPHS: their text; FX_LINK: the annotation's */
	uint32_t n, len;
	_Atomic uint32_t *mark; /* FX_GLYPHS: the cached shape's stamp, or NULL */
};

struct canvas {
	struct pool_task t;     /* first: the task paints the page */
	struct doc *d;
	size_t pi;
	HPDF_Page pg;
	int slot;               /* the pool's thread painting it */
	int now;                /* on the engine's thread, in page order */
	int ret;                /* painting: 0, or -1 */
	int blocked;            /* it must be painted again, `now` */
	int failed;             /* a font could not be made (chart text) */
	struct strbuf out;      /* the page's content */
	struct effect *fx;
	size_t nfx, afx;
	struct arena keep;      /* copies of what effects point at */
	struct doc_font *font[FACE_MAX]; /* the document's fonts when queued */
	uint64_t on_page;       /* bit num: font num is in the page's resources */
	uint64_t spaces;        /* bit f: face f's space glyph is recorded (FX_SPACE) */
	const void **xobj;      /* the images on the page, in order of first use */
	size_t nxobj, axobj;
	uint32_t mcids;         /* marked-content IDs given on the page */
	struct strbuf tmp;      /* scratch */
	struct strbuf annot;    /* scratch: an annotation's text (links.c) */
};

/* canvas.c: the effect `fx`, applied or kept (copying what it points at
 * that would not last). 0, or -1 after a libharu error. */
int canvas_effect(struct canvas *cv, const struct effect *fx);
/* The document's font of face f (`now`: made on first use); NULL after
 * an error, or when a canvas not `now` lacks it (blocked). Once per
 * word drawn: inline. */
static inline struct doc_font *canvas_font(struct canvas *cv, int f)
{
	if (cv->now)
		return cv->d->face_font[f] ? cv->d->face_font[f] : embed_font(cv->d, f);
	if (!cv->font[f])
		cv->blocked = 1;
	return cv->font[f];
}

/* shape_text, font_resolve and shape_routed_width for the canvas's
 * thread (the last two in canvas.c); what a canvas not `now` cannot
 * answer blocks it (FACE_UNKNOWN, -1). */
static inline void canvas_shape(struct canvas *cv, int f, const char *s, size_t len, struct shaping *out)
{
	shape_text(cv->d->e, &cv->d->e->sh[cv->slot], cv->now, f, s, len, out);
}
int canvas_resolve(struct canvas *cv, int role, uint32_t cp, uint32_t *out, int *subst);
double canvas_width(struct canvas *cv, int role, double size, const char *s, size_t len);

/*
 * Text is written into the page's content as one TJ array per run of a
 * line in one font, size and colour. A pen remembers the font, size and
 * colour last set on its page so that each is set only when it changes.
 */
struct pen {
	struct canvas *cv;      /* the page */
	struct strbuf *out;     /* the page's content */
	int font;               /* -1: none set yet (or not since BT) */
	float size;
	struct rgb color;
	int has_color;
	struct tag_mark mark;   /* the marked content open in its text (tags.h) */
	size_t shut;            /* out's length just after a glyph string was
				 * closed (0: none), so that the next can go on in it */
};

static inline double page_top(const struct doc *d)
{
	return d->st->page_h - d->st->margin_top;
}

struct rgb color_of(const struct doc *d, int c);
/* Appends v with at most two decimals, as PDF content wants it. */
void put_num(struct strbuf *b, double v);

/* drawtext.c. Each returns 0, or -1 when the face cannot be loaded (or
 * the canvas is blocked). */
int pen_set(struct pen *pn, int font, float size, struct rgb col);
void pen_move(struct pen *pn, double x, double y);
/* `len` bytes of text in face `font`, its baseline starting at (x, y):
 * the width drawn in points, or -1. */
double pen_text(struct pen *pn, int font, float size, struct rgb col, double x, double y, const char *s,
		size_t len);
/* Text in role `role`, each character from the face that has it. */
int pen_text_routed(struct pen *pn, int role, float size, struct rgb col, double x, double y, const char *s);
/* The fragments of item v placed at y, inside a text object, each in
 * the marked content of its element (its reading-order key `key` plus
 * its index, tags_key), or all an artifact with `repeat` (a table header
 * repeated on a new page). At a line's end after a space, a space glyph,
 * so that the words of two lines stay apart in extracted text. */
int draw_text(struct pen *pn, const struct vitem *v, float y, uint64_t key, int repeat);

/* links.c: what goes over item v's text, outside a text object:
 * strike-through lines (artifacts) and link annotations (FX_LINK, one
 * over the whole line of a contents entry), each tied to its Link
 * element at item key `key`. 0, or -1. */
int draw_marks(struct canvas *cv, const struct vitem *v, float y, uint64_t key);
/* links.c: the annotation of such an effect, in page order: its
 * /StructParent and its place in the structure tree and in page
 * cv->pi's /Annots. 0, or -1 after a libharu error. */
int link_annot(struct canvas *cv, const struct effect *fx);

/* furniture.c: the running header and the "Page X of Y" footer of the page. */
int draw_furniture(struct pen *pn);

/* draw.c: paints page cv->pi (the canvas is ready: canvas.c). 0, or -1. */
int draw_page(struct canvas *cv);

#endif
