/*
 * tags.h - the logical structure of a tagged PDF (PDF 1.7, PDF/UA-1):
 * structure elements made while the document is laid out, the marked
 * content the drawing wraps around every piece of the pages, and the
 * structure tree written once the pages are drawn.
 *
 * Layout makes the elements (tags_new), each under its parent, and gives
 * every text fragment and every figure item the element its content
 * belongs to (frag.se, vitem.se). Drawing then wraps what each element
 * shows on a page in one marked-content sequence with an MCID
 * ("/P <</MCID 3>> BDC ... EMC"), and everything else (running header
 * and footer, rules, shading, call-out bars, dot leaders, a table header
 * repeated on a new page) in "/Artifact BMC ... EMC"; each link
 * annotation is tied to its Link element (an OBJR) through its
 * /StructParent.
 *
 * Reading order is where the content was placed: page, then item on the
 * page, then fragment in the item (tags_key). An element is ordered by
 * its first content, its children and content by their keys, so the
 * order of the drawing calls on a page does not matter; a footnote's
 * Note element follows its first reference instead of the foot of the
 * page. Elements that show nothing are left out of the tree.
 *
 * Heading levels never skip: the first heading in reading order is H1
 * and each one after it is at most one level deeper than the one before
 * (H1 then a Markdown H3 is H1, H2). A heading inside a footnote is a P.
 *
 * tags_finish adds the catalog entries (/MarkInfo, /StructTreeRoot,
 * /Lang, /ViewerPreferences) and the pages' /StructParents and /Tabs,
 * and tags_write writes the tree as object text for pdf_pack (pack.h): the
 * elements and the ParentTree are new objects numbered on from the last
 * libharu object and the link annotations (links_write), and the
 * StructTreeRoot replaces a placeholder the catalog points at.
 */
#ifndef CASEBRIEF_PDF_TAGS_H
#define CASEBRIEF_PDF_TAGS_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "base/strbuf.h"

struct doc;
struct chart;

enum tag_type {
	TAG_DOCUMENT, TAG_P, TAG_H, TAG_L, TAG_LI, TAG_LBL, TAG_LBODY, TAG_BLOCKQUOTE, TAG_CODE,
	TAG_TABLE, TAG_THEAD, TAG_TBODY, TAG_TR, TAG_TH, TAG_TD, TAG_LINK, TAG_NOTE, TAG_TOC,
	TAG_TOCI, TAG_FIGURE, TAG_CAPTION, TAG__COUNT
};

/* What a list's labels are (the L element's ListNumbering). */
enum { TAG_LIST_DISC, TAG_LIST_CIRCLE, TAG_LIST_SQUARE, TAG_LIST_DECIMAL, TAG_LIST_NONE };

enum { TAG_FIXED = 1, TAG_KEEP = 2 };

/* Marked content that is not an element's: artifacts (tags_mark). */
enum { TAG_NONE = -1, TAG_ARTIFACT = -2, TAG_ART_HEADER = -3, TAG_ART_FOOTER = -4,
       TAG_ART_REPEAT = -5 };

struct tag_elem {
	int32_t parent;         /* -1: the root (the Document element) */
	uint8_t type;
	uint8_t level;          /* H: the Markdown level, then the tagged one; L: numbering */
	uint8_t fixed;          /* TAG_FIXED: key set by a first reference (a footnote's
				 * Note); TAG_KEEP: written even when empty (a table cell) */
	uint8_t drawn;          /* H: its level is settled */
	uint32_t text;          /* Figure: /Alt, Note: /ID; offset + 1 in tags.text, 0 none */
	uint64_t key;           /* reading order of its first content (UINT64_MAX: none) */
};

/* A marked-content sequence of an element on a page, or an annotation's
 * object reference (obj != 0). */
struct tag_part {
	int32_t el;
	uint32_t page;          /* index in the document's pages */
	uint32_t mcid;          /* or the annotation's /StructParent */
	uint32_t obj;           /* the annotation's index (links.c) + 1 */
	uint64_t key;
};

struct tags {
	struct tag_elem *el;
	size_t nel, ael;
	struct tag_part *part;
	size_t npart, apart;
	struct strbuf text;     /* Alt and ID texts, NUL-separated */
	uint32_t *page_obj;     /* object number of each page */
	uint32_t *page_mcids;   /* MCIDs given on each page */
	size_t npages;
	uint32_t page;          /* the page being drawn */
	uint32_t nannots;       /* annotations tied to elements */
	int last_level;         /* of the heading drawn last (0: none yet) */
	HPDF_Dict root;         /* placeholder for the StructTreeRoot */
	uint32_t root_obj;      /* its object number (tags_finish) */
	uint32_t next_obj;      /* the first number after libharu's objects */
	uint32_t annot_obj;     /* the first annotation's (links_write) */
};

/* What is open in a content stream while drawing. */
struct tag_mark {
	int32_t el;             /* an element, an artifact kind, or TAG_NONE */
};

/* ---- layout ------------------------------------------------------------ */

/* The Document element (element 0), before anything else. */
void tags_init(struct doc *d);
void tags_release(struct tags *t);
/* A new element of `type` under `parent` (-1: the Document); returns it. */
int32_t tags_new(struct doc *d, int type, int32_t parent);
/* Its /Alt (Figure) or /ID (Note) text. */
void tags_set_text(struct doc *d, int32_t el, const char *s, size_t len);
/* Puts element `el` under `parent` (-1: the Document) instead. */
void tags_move(struct doc *d, int32_t el, int32_t parent);
/* The Link element of link `link`, made under d->se on its first use. */
int32_t tags_link(struct doc *d, int32_t link);
/*
 * The description of a chart for a reader who cannot see it, from its
 * data: the kind and title, the axis titles, and for each series (each
 * side) its label and the value of every category, e.g. "Bar chart:
 * Reasons, for and against. For: Operations 3, Queries 5. Against:
 * Operations 1, Queries 0." Appended to `out`.
 */
void tags_chart_alt(const struct chart *c, struct strbuf *out);

/* The tagged level of a heading whose Markdown level is `level`, given
 * the tagged level of the heading before it (0: none): never deeper
 * than one below it. */
int tags_heading_level(int level, int prev);

/* ---- drawing ----------------------------------------------------------- */

/* Reading-order key of fragment `frag` of item `place` on page `page`;
 * `slot` orders what shares a fragment (0 its text, 1 an annotation
 * over it, 2 a note referred to there). */
static inline uint64_t tags_key(size_t page, size_t place, size_t frag, unsigned slot)
{
	return ((uint64_t)page << 44) | ((uint64_t)(place & 0xffffff) << 20) | ((uint64_t)(frag & 0x3ffff) << 2) |
	       (slot & 3);
}

/* Page `pi` (libharu's `pg`) is about to be drawn. */
void tags_page(struct doc *d, size_t pi, HPDF_Page pg);
/*
 * Makes `el` what is open in the content stream: closes what *m holds
 * (EMC) unless it is `el` already, then opens `el` (BDC with the page's
 * next MCID for an element at reading-order `key`, BMC/BDC for an
 * artifact kind), appending the operators to `out`, and the element's
 * content as an effect of canvas `cv` (draw.h). TAG_NONE only closes.
 */
struct canvas;
void tags_mark(struct canvas *cv, struct strbuf *out, struct tag_mark *m, int32_t el, uint64_t key);
/* That effect: element `el` has content at `key`, with the next MCID of
 * the page being drawn. A heading's level (1 to 6), else 0. */
int tags_content(struct doc *d, int32_t el, uint64_t key);
/* Annotation `annot` (links.c's index, on the page being drawn)
 * belongs to element `el`: an OBJR in the element at `key`. Returns the
 * annotation's /StructParent. */
uint32_t tags_annot(struct doc *d, int32_t el, uint32_t annot, uint64_t key);
/* Note element `note` is read where its first reference is: after
 * `key`, inside element `at` (the first call for a note counts). */
void tags_note_ref(struct doc *d, int32_t note, int32_t at, uint64_t key);

/* ---- the end ------------------------------------------------------------ */

/* The document's language (/Lang, dc:language) from the style's
 * hyphenation language: "en_US" is "en-US"; "en" when there is none. */
void tags_lang(const struct doc *d, struct strbuf *out);
/*
 * The bytes of UTF-8 `s` as a PDF text string holds them, appended to
 * `out`: `s` itself when it is printable ASCII (returns 1), else a byte
 * order mark and UTF-16BE, control characters as spaces (returns 0).
 */
int tags_text_bytes(struct strbuf *out, const char *s);
/* A PDF text string in PDF syntax: a literal string when `s` is printable
 * ASCII, else hexadecimal UTF-16BE (tags_text_bytes). */
void tags_put_text(struct strbuf *b, const char *s);

/* The catalog's and pages' entries, before libharu saves the
 * document. 0, or -1 after a libharu error. */
int tags_finish(struct doc *d);
/* The tree as objects for pdf_pack (appended to `objs`, see pack.h),
 * after tags_finish. It does not use libharu, so it may run while
 * another thread frees libharu's document. */
struct pack_objs;
void tags_write(struct doc *d, struct pack_objs *objs);

#endif
