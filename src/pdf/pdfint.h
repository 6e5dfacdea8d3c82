/*
 * pdfint.h - the document every stage of the typesetter works on, and the
 * stages' entry points (not a public header).
 *
 * Data flow for one document (struct doc):
 *   text.c       inline nodes -> struct para (para.h)
 *   linebreak.c  struct para -> lines (linebreak.h)
 *   layout.c     blocks -> d->items, a vertical list of lines, spaces,
 *                table bands, rules, images and charts (with vlist.c,
 *                heading.c, code.c, table.c, colwidth.c, figure.c,
 *                front.c); text lives in d->pool
 *   paginate.c   d->items -> d->pages (placements with y positions)
 *   embed.c      the code points the pages draw -> libharu faces
 *   draw.c       pages -> libharu (with drawtext.c, furniture.c, links.c)
 *   outline.c    destinations, bookmarks, document info
 *   job.c        runs the stages for one document and saves the PDF
 * Coordinates in the vertical list are points from the top-left corner of
 * the text area (x to the right, y downwards); drawing converts them.
 */
#ifndef CASEBRIEF_PDFINT_H
#define CASEBRIEF_PDFINT_H

#include <stdint.h>
#include <string.h>

#include <hpdf.h>

#include "markdown/chart.h"
#include "pdf/arena.h"
#include "pdf/engine.h"
#include "pdf/linebreak.h"
#include "pdf/para.h"
#include "pdf/pdf.h"
#include "base/alloc.h"
#include "base/strbuf.h"

/* ---- the vertical list ---------------------------------------------- */

/* A run of text placed on a line, in one face, size and colour. */
struct frag {
	float x, w;             /* from the left edge of the text area */
	uint32_t off, len;      /* text in doc->pool */
	float size;
	uint8_t font, color, flags;
	int32_t link;
};

enum { FRAME_QUOTE, FRAME_CODE };
struct frame {
	int kind;
	float x0, x1;
	struct frame *parent;
};

enum vkind { V_SPACE, V_LINE, V_RULE, V_IMAGE, V_CHART, V_BAND, V_TOC };
enum { BRK_NONE, BRK_GLUE, BRK_HYPHEN, BRK_FORCED, BRK_LAST, BRK_CHAR };

struct vitem {
	uint8_t kind;
	uint8_t keep;           /* no page break after this item */
	uint8_t discard;        /* vanishes at the top of a page */
	uint8_t brk;            /* how the line ended (dump) */
	float h, asc;           /* height; baseline below the top */
	float r;                /* line adjustment ratio (dump) */
	float x, w;             /* extent of rules, images, charts */
	uint32_t frag, nfrag;
	struct frame *frame;
	int32_t heading;        /* heading anchored here, -1 */
	int32_t aux;            /* band, image, chart or heading (toc) index */
};

struct link {
	char *url;              /* arena */
	int32_t heading;        /* internal target, -1 */
};

struct heading {
	int level;
	char *text;             /* plain UTF-8 (arena) */
	char *anchor;           /* GitHub-style slug (arena) */
	uint32_t item;          /* first vitem */
	int page;               /* 0-based physical page */
	float y;
	int linked;             /* an internal link points here */
	HPDF_Destination dest;
};

struct band {
	int32_t table;
	uint8_t header, first, last, last_row;
	float x0, x1;
};

struct table {
	uint32_t hdr_first, hdr_n;  /* header bands in d->items */
};

struct image {
	HPDF_Image img;
	float w, h;
};

struct chartbox {
	struct chart c;         /* parsed spec (chart_release) */
	float w, h;
};

struct place {
	uint32_t item;
	float y;
};

enum { PAGE_COVER, PAGE_CONTENTS, PAGE_BODY };
struct page {
	size_t first, n;        /* in d->places */
	int kind;
};

#define DOC_ARRAY(type, name) type *name; size_t n##name, a##name

struct doc {
	struct pdf_engine *e;
	const struct pdf_style *st;
	const struct pdf_meta *m;
	HPDF_Doc pdf;
	HPDF_Font hf[FONT__COUNT];
	uint8_t (*used)[0x10000 / 8]; /* code points drawn, per face */
	int hpdf_error;
	struct arena arena;
	struct strbuf pool;
	struct strbuf scratch;  /* short-lived text */
	struct markdown_anchors anchors; /* heading anchors given so far */
	DOC_ARRAY(struct frag, frags);
	DOC_ARRAY(struct vitem, items);
	DOC_ARRAY(struct link, links);
	DOC_ARRAY(struct heading, heads);
	DOC_ARRAY(struct band, bands);
	DOC_ARRAY(struct table, tables);
	DOC_ARRAY(struct image, images);
	DOC_ARRAY(struct chartbox, charts);
	DOC_ARRAY(struct place, places);
	DOC_ARRAY(struct page, pages);
	struct para para;       /* scratch paragraph */
	struct kp_scratch kp;
	double left;            /* x of the text area on the page */
	double width;           /* text area */
	double height;
	double lead;            /* body line height */
	float pend_space;       /* collapsing space before the next block */
	int keep_next_space;    /* the pending space follows a heading */
	size_t body_end;        /* items of the body: [0, body_end) */
	size_t front_end;       /* pdf_meta.front_section: the front section's
				 * items, [0, front_end); 0 when there is none */
	int warnings;
	int warned_subst, warned_image;
	/* list marker waiting for the first line of an item */
	int marker_pending;
	struct frag marker;
};

/* Appends one zeroed element to an array of struct doc; returns it. */
static inline void *doc_grow(void *pp, size_t *n, size_t *alloc, size_t size)
{
	void **p = pp;
	void *el;
	if (*n + 1 > *alloc) {
		*alloc = *alloc < 8 ? 8 : *alloc * 2;
		*p = xrealloc(*p, *alloc * size);
	}
	el = (char *)*p + (*n)++ * size;
	memset(el, 0, size);
	return el;
}
#define DOC_PUSH(d, name) doc_grow(&(d)->name, &(d)->n##name, &(d)->a##name, sizeof(*(d)->name))


/* ---- the stages ------------------------------------------------------ */

/* layout.c: the body of the document; d->body_end is set by the caller. */
void layout_document(struct doc *d, cmark_node *root);
/* front.c: the cover page's items. */
void layout_cover(struct doc *d);
/* front.c: adds the contents entries (one V_TOC per heading) and returns the first. */
size_t layout_contents(struct doc *d);
/* front.c: fills in the page numbers of the contents entries from `first` on. */
void layout_contents_numbers(struct doc *d, size_t first);
/* heading.c: the heading whose anchor is `anchor`, or -1. */
int32_t anchor_heading(struct doc *d, const char *anchor);

/* paginate.c: places items [from, to) on new pages of `kind`. */
void paginate_flow(struct doc *d, size_t from, size_t to, int kind);

/* links.c: points each "#anchor" link at its heading (and marks it linked). */
void links_resolve(struct doc *d);

/* dump.c: appends the --dump-layout text (pdf.h) of the paginated document. */
void dump_layout(struct doc *d, struct strbuf *out);

/*
 * embed.c: the libharu font of face `f`, loaded on first use as a subset
 * of the code points marked in d->used[f] (faces sharing a file share one
 * font). NULL after a libharu error.
 */
HPDF_Font embed_face(struct doc *d, int f);
/* embed.c: marks every code point the pages will draw, then loads each
 * face that draws any. Returns 0, or -1 after a libharu error. */
int embed_used_faces(struct doc *d);

/* draw.c: draws body, cover or contents page `pi` on `pg`. Returns 0, or
 * -1 when a font could not be loaded. */
int draw_page(struct doc *d, size_t pi, HPDF_Page pg, struct strbuf *tmp);

/* outline.c: a destination on its page for each heading something points
 * at (the outline, the contents, a link); `hp` holds the document's pages. */
void outline_destinations(struct doc *d, HPDF_Page *hp);
/* outline.c: the bookmark outline over those destinations. */
void outline_make(struct doc *d);
/* outline.c: title, author, subject, keywords, creator and the dates
 * (from SOURCE_DATE_EPOCH when set) in the document info. */
void outline_info(struct doc *d);

#endif
