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
 *   draw.c       pages -> libharu (with drawtext.c, furniture.c, links.c),
 *                several at once (canvas.c); text is shaped (shape.c) and
 *                its glyphs recorded per font
 *   embed.c      the glyphs drawn -> subset fonts in the PDF
 *   outline.c    destinations, bookmarks, document info
 *   job.c        runs the stages for one document and saves the PDF
 * Coordinates in the vertical list are points from the top-left corner of
 * the text area (x to the right, y downwards); drawing converts them.
 */
#ifndef CASEBRIEF_PDFINT_H
#define CASEBRIEF_PDFINT_H

#include <stdint.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>

#include "markdown/chart.h"
#include "pdf/arena.h"
#include "pdf/engine.h"
#include "pdf/linebreak.h"
#include "pdf/para.h"
#include "pdf/pdf.h"
#include "pdf/tags.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/version.h"

/* ---- the vertical list ---------------------------------------------- */

/* A run of text placed on a line, in one face, size and colour. Flags:
 * IF_STRIKE and IF_IMAGE (para.h), and FRAG_SPACED on the last run of a
 * line that ended at a space of the text or a hard break (drawn with a
 * space glyph after it, so that the lines' words stay apart). */
#define FRAG_SPACED IF_FLAGGED
struct frag {
	float x, w;             /* from the left edge of the text area */
	uint32_t off, len;      /* text in doc->pool */
	float size;
	float rise;             /* baseline raised by this much (superscripts) */
	uint8_t font, color, flags;
	int32_t link;
	int32_t se;             /* the structure element of its text (tags.h) */
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
	int32_t se;             /* an image's or chart's Figure element, -1 */
};

struct link {
	char *url;              /* arena */
	int32_t heading;        /* internal target, -1 */
	int32_t note;           /* a footnote reference's note, -1 */
	char *text;             /* what it says, for its annotations (arena) */
	int32_t se;             /* its Link element, once made (tags_link); -1 */
};

/*
 * A footnote (the k-th definition cmark-gfm put at the end of the tree is
 * note k, numbered k + 1). Footnotes: its lines are items [first, first
 * + n) after the body, placed at the foot of the page of their first
 * reference. Endnotes (pdf_meta.notes_heading): its lines are in the
 * body, in the list under that heading.
 */
struct note {
	cmark_node *def;        /* during layout only */
	uint32_t first, n;
	int page;               /* where its first line landed (0-based) */
	float y;
	HPDF_Destination dest;
	int32_t se;             /* its Note element */
};

/* A line (or table band) that refers to a note. */
struct noteref {
	uint32_t item;
	int32_t note;
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
	int32_t header_page;        /* where its header rows were drawn first (a later
				     * page repeats them: an artifact); -1 */
};

/*
 * The link annotations, as object text in page order (links.c): each
 * complete but for its object number, given once libharu has saved.
 */
struct annot_page {
	uint32_t pi;            /* a page that has annotations */
	uint32_t obj;           /* its /Annots placeholder in libharu */
	uint32_t first;         /* its first annotation */
};
struct annots {
	struct strbuf text;     /* annotation i: [off[i], off[i + 1]) */
	size_t *off;
	size_t n, aoff;
	struct annot_page *page;
	size_t npage, apage;
};

/* An image file the document shows, loaded once (figure.c). */
struct image {
	char *path;             /* its URL, less "." and empty steps (arena) */
	HPDF_Image img;         /* NULL: it cannot be shown (and was reported) */
	uint32_t pw, ph;        /* its size in pixels */
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

/* A font of the document: one per font file drawn with (embed.c). */
struct doc_font {
	const struct font_file *file;
	HPDF_Dict dict;         /* the Type0 font, filled in by embed_finish */
	int num;                /* resource name /F<num>: order of first use */
	uint8_t *used;          /* bitmap over the file's glyph ids */
	uint32_t *tu;           /* glyph id -> its characters (offset + 1 in doc.tutext), 0 none */
};

/*
 * The fragments of items [first item's, ...), in blocks cut at item
 * boundaries as the layout goes (frags_seal), so that no array of them
 * all is ever grown or copied and each block can be freed after the last
 * page drawn from it (job.c). A document of fewer than FRAG_BLOCK
 * fragments keeps its one array.
 */
#define FRAG_BLOCK 16384
struct frag_block {
	struct frag *f;         /* NULL once freed */
	size_t first, n;        /* fragment indices [first, first + n) */
	size_t last_page;       /* the last page drawing from it; SIZE_MAX: none */
};

/* Pages painted ahead of the one being finished (canvas.c): enough to keep
 * the helper threads busy, few enough that their contents stay small next
 * to the document. A document shorter than that is drawn and saved
 * without helpers (job.c): they would cost more than they give. */
#define PAINT_WINDOW 16

#define DOC_ARRAY(type, name) type *name; size_t n##name, a##name

struct doc {
	struct pdf_engine *e;
	const struct pdf_style *st;
	const struct pdf_meta *m;
	struct pool *helpers;   /* the engine's helpers for this document, or NULL
				 * (fewer than PAINT_WINDOW pages) */
	HPDF_Doc pdf;
	struct doc_font fonts[FACE_MAX];
	int nfonts;
	struct doc_font *face_font[FACE_MAX]; /* face -> its font, once used */
	struct strbuf tutext;   /* the characters of the glyphs drawn, NUL-separated */
	HPDF_Page page_fonts_of; /* the page page_fonts is about */
	uint64_t page_fonts;    /* bit num: font num is in the page's resources */
	uint32_t stamp;         /* this document among the engine's (e->docs) */
	struct tags tags;       /* the structure tree (tags.h) */
	struct annots annots;   /* the link annotations (links.c) */
	struct tm when;         /* the document's date (outline_info), if has_when */
	int has_when;
	int32_t se;             /* the element the text laid out now belongs to */
	size_t line0;           /* the line0 of the piece laid out now (markdown.h) */
	int hpdf_error;
	struct arena arena;
	struct strbuf pool;
	struct strbuf scratch;  /* short-lived text */
	struct markdown_anchors anchors; /* heading anchors given so far */
	DOC_ARRAY(struct frag, frags); /* nfrags: all of them; afrags: d->frags' room */
	DOC_ARRAY(struct vitem, items);
	DOC_ARRAY(struct link, links);
	DOC_ARRAY(struct heading, heads);
	DOC_ARRAY(struct band, bands);
	DOC_ARRAY(struct table, tables);
	DOC_ARRAY(struct image, images);
	DOC_ARRAY(struct chartbox, charts);
	size_t frag_base;       /* d->frags holds fragments [frag_base, nfrags) */
	DOC_ARRAY(struct frag_block, fblocks); /* and these the ones before */
	DOC_ARRAY(struct place, places);
	DOC_ARRAY(struct page, pages);
	DOC_ARRAY(struct note, notes);
	DOC_ARRAY(struct noteref, noterefs); /* in item order */
	uint32_t notes_end;     /* footnote items: [body_end, notes_end) */
	int32_t foot_rule;      /* the short rule above footnotes (an item), -1 */
	struct para para;       /* scratch paragraph */
	struct kp_scratch kp;
	double left;            /* x of the text area on the page */
	double width;           /* text area */
	double height;
	double body;            /* body text size (smaller inside footnotes) */
	double lead;            /* body line height (likewise) */
	float pend_space;       /* collapsing space before the next block */
	int keep_next_space;    /* the pending space follows a heading */
	size_t body_end;        /* items of the body: [0, body_end) */
	size_t front_end;       /* pdf_meta.front_section: the front section's
				 * items, [0, front_end); 0 when there is none */
	int warnings;
	int warned_subst;
	size_t image_refs;      /* image nodes asked for (figure.c) */
	uint64_t image_bytes, image_pixels; /* read and decoded (figure.c) */
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

/* layout.c: the body of the document, [0, d->body_end), then its
 * footnotes, [d->body_end, d->notes_end) (notes.c). */
void layout_document(struct doc *d, const struct markdown_doc *doc);
/* The same, of a document that comes in pieces (markdown_pieces_next):
 * each is laid out as soon as it is parsed. */
void layout_pieces(struct doc *d, struct markdown_pieces *p);
/* front.c: the cover page's items. */
void layout_cover(struct doc *d);
/*
 * front.c: what the contents list and the outline show, the same
 * headings in both: every heading down to the deepest level (at most 4)
 * that keeps the list within a page's worth of entries. The document's
 * own title is listed in the outline only.
 */
int contents_depth(const struct doc *d);
int contents_lists(const struct doc *d, const struct heading *h, int depth);
/* front.c: the number of contents entries. */
int contents_entries(const struct doc *d);
/* front.c: adds the contents entries (one V_TOC per heading) and returns
 * the first; `in_body`: set after the title in the body (a smaller
 * "Contents" heading), else on pages of their own. */
size_t layout_contents(struct doc *d, int in_body);
/* front.c: fills in the page numbers of the contents entries from `first` on. */
void layout_contents_numbers(struct doc *d, size_t first);
/* figure.c: the image an image node shows, loaded on first use: its index
 * in d->images, or -1 when it is remote, not a PNG or JPEG file by name,
 * or cannot be shown (reported once, with its position). */
int32_t figure_image(struct doc *d, cmark_node *img);
/* figure.c: warns about each image (markdown_doc.images) without a
 * description. */
void figure_check_alt(struct doc *d, const struct markdown_nodes *images);
/* figure.c: the Figure element of image node `img` under `parent`, with
 * the image's description as /Alt; -1 when it has none (the image is
 * then drawn as an artifact, and figure_check_alt warned). */
int32_t figure_element(struct doc *d, cmark_node *img, int32_t parent);
/* heading.c: the heading whose anchor is `anchor`, or -1. */
int32_t anchor_heading(struct doc *d, const char *anchor);

/* paginate.c: places items [from, to) on new pages of `kind`. */
void paginate_flow(struct doc *d, size_t from, size_t to, int kind);
/* paginate.c: the same for the items of `nspans` ranges in this order
 * (spans[2k] to spans[2k + 1]), as one flow. */
void paginate_spans(struct doc *d, const size_t *spans, size_t nspans, int kind);

/* links.c: points each "#anchor" link at its heading (and marks it linked). */
void links_resolve(struct doc *d);
/* links.c: the annotations and the pages' /Annots moved into `po` as
 * objects for pdf_pack (pack.h), numbered from d->tags.next_obj on
 * (after tags_finish), which moves past them; d->tags.annot_obj is the
 * first. It does not use libharu. */
struct pack_objs;
void links_write(struct doc *d, struct pack_objs *po);
void links_release(struct annots *an);

/* dump.c: appends the --dump-layout text (pdf.h) of the paginated document. */
void dump_layout(struct doc *d, struct strbuf *out);

/*
 * embed.c: the document's font for face f, made on first use (faces of
 * one file share one). NULL after a libharu error.
 */
struct doc_font *embed_font(struct doc *d, int f);
/* embed.c: puts font df in page pg's resources (as /F<num>). 0, or -1. */
int embed_on_page(struct doc *d, HPDF_Page pg, struct doc_font *df);
/* embed.c: records the glyphs of `sh` (shaped from the `len` bytes at
 * `s`) as drawn in df, each with the characters of its cluster. */
void embed_glyphs(struct doc *d, struct doc_font *df, const struct shaping *sh, const char *s, size_t len);
/* embed.c: writes every font used (subset, widths, ToUnicode) once the
 * pages are drawn. Returns 0, or -1 after an error. */
int embed_finish(struct doc *d);
void embed_release(struct doc *d);

/* job.c: the fragments of item `v` ([0, v->nfrag)); NULL when it has none. */
const struct frag *item_frags(const struct doc *d, const struct vitem *v);
/* job.c: the same, to change them. */
struct frag *item_frags_w(struct doc *d, const struct vitem *v);
/* vlist.c: where no item is open (between blocks, or once the layout is
 * done), the fragments since the last block go into a block of their
 * own when there are at least `min` of them. */
void frags_seal(struct doc *d, size_t min);

/* draw.c: notes the page where each table's header rows are drawn
 * first (a later page repeats them, as an artifact). */
void draw_headers(struct doc *d);
/* canvas.c: draws every page (d->pages on `hp`, draw.h), each handed to
 * page_done once it is complete. Returns 0, or -1 when a font could not
 * be loaded or libharu failed. */
int draw_pages(struct doc *d, HPDF_Page *hp);
/* job.c: page pi is drawn, its content with save_contents: the page
 * takes no more, and the fragments no later page draws go. 0, or -1. */
int page_done(struct doc *d, size_t pi, HPDF_Page pg);

/*
 * save.c: takes the bytes of stream `dict` out of libharu and queues
 * their compression on the engine's threads (nothing may be written to
 * the stream afterwards); a stream that does not ask for /FlateDecode
 * alone stays libharu's. 0, or -1 after a libharu error.
 */
int save_stream(struct doc *d, HPDF_Dict dict);
/* save.c: the same for stream `dict` with the bytes of `tail` after its
 * own (taken: `tail` is left empty). 0, or -1. */
int save_contents(struct doc *d, HPDF_Dict dict, struct strbuf *tail);
/* save.c: compresses every other stream, waits for all of them and
 * appends the PDF to `out` (*bytes: its size). `beside` (when not NULL)
 * is handed to the helpers once the streams are done, to run while
 * libharu writes (it must not touch libharu's objects). 0, or -1. */
struct pool_task;
int save_document(struct doc *d, struct strbuf *out, size_t *bytes, struct pool_task *beside);
/* save.c: waits for the document's compressions (before HPDF_Free);
 * once save_free took d->pdf there are none. */
void save_release(struct doc *d);
/* save.c: frees libharu's document (d->pdf, NULL then) as a task of the
 * engine's pool once the file is packed, while the engine's caller goes
 * on: the engine's next document waits for it (save_wait_free) before
 * it makes its own. */
void save_free(struct doc *d);
/* save.c: waits until the last document freed with save_free is freed. */
void save_wait_free(struct pdf_engine *e);

/* outline.c: a destination on its page for each heading something points
 * at (the outline, the contents, a link); `hp` holds the document's pages. */
void outline_destinations(struct doc *d, HPDF_Page *hp);
/* outline.c: the bookmark outline over those destinations. */
void outline_make(struct doc *d);
/* outline.c: title, author, subject, keywords, creator, producer and
 * the dates (from SOURCE_DATE_EPOCH when set; d->when) in the document
 * info. */
void outline_info(struct doc *d);
#define OUTLINE_CREATOR "casebrief " CASEBRIEF_VERSION
#define OUTLINE_PRODUCER "casebrief " CASEBRIEF_VERSION " with libharu " HPDF_VERSION_TEXT
/* outline.c: appends `s` as an outline entry or info string has it: BMP
 * characters only, control characters as U+FFFD, cut with an ellipsis
 * past 1,000 characters (the XMP metadata says the same). */
void outline_text(struct strbuf *t, const char *s);
/* outline.c: the time the document is dated (SOURCE_DATE_EPOCH, else
 * now), in UTC: 0, or -1 when SOURCE_DATE_EPOCH is not a number. */
int outline_time(struct tm *tm);
/* xmp.c: the XMP metadata stream in the catalog, saying what the
 * document info says (and PDF/UA-1). 0, or -1 after an error. */
int xmp_add(struct doc *d);
/* xmp.c: the XMP packet itself, appended to `out`. */
void xmp_packet(const struct doc *d, struct strbuf *out);

#endif
