/*
 * pdfint.h - what the typesetter's stages share (not a public header).
 *
 * Data flow for one document (struct doc):
 *   text.c      inline nodes -> struct para (boxes, glue, penalties)
 *   linebreak.c struct para -> lines (Knuth-Plass)
 *   layout.c    blocks -> d->items, a vertical list of lines, spaces,
 *               table bands, rules, images; text lives in d->pool
 *   paginate.c  d->items -> d->pages (placements with y positions)
 *   draw.c      pages -> libharu -> PDF bytes
 * Coordinates in the vertical list are points from the top-left corner of
 * the text area (x to the right, y downwards); draw.c converts them.
 */
#ifndef CASEBRIEF_PDFINT_H
#define CASEBRIEF_PDFINT_H

#include <stdint.h>
#include <string.h>

#include <hpdf.h>
#include <hyphen.h>

#include "markdown/chart.h"
#include "pdf/pdf.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/utf8.h"

#define KP_INF 10000           /* a penalty this large forbids a break */
#define KP_FILL 1e6            /* stretch of "fil" glue */

/* ---- font.c ---------------------------------------------------------- */

#define KERN_MAX_SUBTABLES 32

struct font_metrics {
	unsigned char *data;  /* the font file */
	size_t len;
	unsigned upem;
	uint32_t kern_sub[KERN_MAX_SUBTABLES]; /* PairPos subtables of 'kern' */
	unsigned nkern;
	uint16_t *gid;     /* 65536 entries: BMP code point -> glyph id, 0 = none */
	uint16_t *adv;     /* advance per glyph, 1/1000 em, truncated as libharu does */
	unsigned nglyphs;
	int ascent, descent; /* 1/1000 em (descent negative) */
};

/* Hyphenation results by word, kept for the engine's life (bounded). */
struct hyph_entry {
	char *word;             /* lowercase ASCII, in the cache's arena; NULL = free */
	uint64_t bits;          /* bit i: a break is allowed after letter i */
};
struct hyph_cache {
	struct hyph_entry *v;
	size_t n, cap;
	struct arena_chunk *arena;
};

/* Kerning by glyph pair (key g1 << 16 | g2; 0 = free slot). */
struct kern_cache {
	uint32_t *keys;
	int16_t *vals;
	size_t n, cap;
	int16_t *ascii;         /* 128 x 128 pairs of ASCII, KERN_UNKNOWN until asked */
};
#define KERN_UNKNOWN INT16_MIN

struct pdf_engine {
	struct pdf_style st;            /* deep copy */
	struct hyph_cache hc;
	struct kern_cache kc[FONT__COUNT];
	char *path[FONT__COUNT];        /* full font paths */
	struct font_metrics fm[FONT__COUNT];
	HyphenDict *hyph;               /* NULL: no hyphenation */
	int busy;                       /* one document at a time */
};

int font_metrics_load(struct font_metrics *fm, const char *path, struct diags *d);

/* kern.c: finds the face's kerning subtables; then the adjustment between
 * two code points drawn in face f, in 1/1000 em (0 before a hyphen). */
void kern_init(struct font_metrics *fm, const unsigned char *data, size_t len);
int font_kern(struct pdf_engine *e, int f, uint32_t a, uint32_t b);
void kern_cache_release(struct kern_cache *c);
void font_metrics_release(struct font_metrics *fm);

/* Width of one code point in 1/1000 em in font `f` (after resolving). */
static inline int font_adv(const struct pdf_engine *e, int f, uint32_t cp)
{
	const struct font_metrics *fm = &e->fm[f];
	return cp < 0x10000 ? fm->adv[fm->gid[cp]] : fm->adv[0];
}

/*
 * Chooses the font that draws `cp` in role `f`: `f` itself when it has
 * the glyph, else the fallback. Code points above U+FFFF (libharu cannot
 * carry them) and glyphs no font has become U+FFFD (or '?'); *subst is set
 * then. Returns the font and stores the code point to draw in *out.
 */
int font_resolve(const struct pdf_engine *e, int f, uint32_t cp, uint32_t *out, int *subst);

/*
 * Loads face `f` into the libharu document: a subset holding the code
 * points marked in `used` (a bitmap over the BMP), all its glyphs marked
 * for embedding, and a correct ToUnicode map. Falls back to the whole
 * font when the subset cannot be made.
 */
HPDF_Font font_doc_load(HPDF_Doc pdf, const struct pdf_engine *e, int f, HPDF_Font loaded[FONT__COUNT],
			const uint8_t *used);
/* Builds the subset font file (subset.c). Returns 0, or -1 (use the whole font). */
int font_subset(const unsigned char *data, size_t len, const struct font_metrics *fm, const uint8_t *used,
		struct strbuf *out);

/* ---- arena ----------------------------------------------------------- */

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_release(struct arena *a);

/* ---- text.c: inline items -------------------------------------------- */

enum { IT_BOX, IT_GLUE, IT_PENALTY };
enum { IF_FLAGGED = 1, IF_STRIKE = 2, IF_MARK = 4 };
enum color_id { COL_TEXT, COL_HEADING, COL_LINK, COL_MUTED, COL_CODE, COL_WHITE, COL__COUNT };

struct item {
	uint8_t type, font, color, flags;
	float size;
	double w, y, z;         /* width; glue stretch and shrink */
	int p;                  /* penalty */
	uint32_t off, len;      /* box text in para.text */
	int32_t link;           /* index in doc->links, -1 */
};

struct para {
	struct item *it;
	size_t n, alloc;
	struct strbuf text;
};

/* How inline text looks where it starts. */
struct tstyle {
	int family;             /* FONT_SERIF, FONT_SANS or FONT_MONO */
	int bold, italic, code, strike;
	float size;
	int color;
	int32_t link;
	int hyphenate;
};

struct doc;
void para_reset(struct para *p);
void para_release(struct para *p);
/* Appends words, spaces and break points for `len` bytes of text. */
void para_add_text(struct doc *d, struct para *p, const char *s, size_t len, const struct tstyle *ts);
/* Appends the inline children of `parent`. */
void para_add_inlines(struct doc *d, struct para *p, cmark_node *parent, const struct tstyle *ts);
/* Ends the paragraph: fill glue and a forced break. */
void para_finish(struct para *p);
/* Splits any unbreakable stretch wider than `measure` into pieces that fit. */
void para_split_long(struct doc *d, struct para *p, double measure);
/* Natural width, and the widest unbreakable stretch (for table columns). */
void para_widths(const struct para *p, double *maxw, double *minw);
int tstyle_font(const struct tstyle *ts);

/* ---- linebreak.c ----------------------------------------------------- */

struct kp_line {
	uint32_t start, end;    /* items [start, end); end is the break item */
	float r;                /* adjustment ratio to draw with */
	uint8_t hyphen;         /* ends at a flagged penalty with a width */
};

struct kp_node;
struct kp_scratch {
	struct kp_node *nodes;
	size_t nnodes, anodes;
	double *sw, *sy, *sz;
	size_t asum;
	struct kp_line *lines;
	size_t nlines, alines;
	int pass;               /* which pass succeeded (1..3), for the dump */
};

/*
 * Breaks items (ending with a forced break) into lines of `measure`
 * points. Optimal fit (Knuth-Plass) with tolerance 200, then 2000, then
 * any fit with emergency stretch. `ragged` sets ragged-right (glue does
 * not stretch; rag is minimised). Every box must fit the measure (see
 * para_split_long); then no line is wider than the measure.
 */
void kp_break(const struct item *it, size_t n, double measure, int ragged, struct kp_scratch *s);
/* Greedy first-fit, for comparison in tests. */
void kp_break_greedy(const struct item *it, size_t n, double measure, struct kp_scratch *s);
void kp_release(struct kp_scratch *s);

/* ---- layout.c: the vertical list ------------------------------------- */

struct frag {
	float x, w;             /* from the left edge of the text area */
	uint32_t off, len;      /* text in doc->pool */
	float size;
	uint8_t font, color, flags;
	int32_t link;
};

enum { FRAME_QUOTE, FRAME_CODE, FRAME_CHART };
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
	int depth;              /* block nesting, bounded */
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

/* layout.c */
void layout_document(struct doc *d, cmark_node *root);
void layout_cover(struct doc *d);
/* Adds the contents entries (one V_TOC per heading) and returns the first. */
size_t layout_contents(struct doc *d);
/* Fills in the page numbers of the contents entries from `first` on. */
void layout_contents_numbers(struct doc *d, size_t first);
/* Emits the lines of d->para (already broken) as V_LINE items. */
void layout_emit_lines(struct doc *d, double x0, double measure, int align, float lh,
		       float asc, int keep_all);
uint32_t pool_add(struct doc *d, const char *s, size_t len);
float line_ascent(const struct doc *d, float size, float lh);
/* The heading whose anchor is `anchor`, or -1. */
int32_t anchor_heading(struct doc *d, const char *anchor);

/* paginate.c */
void paginate_flow(struct doc *d, size_t from, size_t to, int kind);
/* Page count a flow would take, without keeping the pages. */

/* draw.c */
void draw_dump_layout(struct doc *d, struct strbuf *out);

#endif
