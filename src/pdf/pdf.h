/*
 * pdf.h - the typesetter: a Markdown document (markdown.h) in, a PDF (in
 * memory) out.
 *
 * An engine holds what every document shares: its faces (the TrueType
 * files, read and checked once per process and shared by every engine,
 * with the engine's own HarfBuzz fonts and shaped-word caches), the
 * hyphenation dictionary and the style. Engines share nothing mutable
 * but the store of shapes (pdf_share_shapes), which has its own lock, so
 * batch mode can run one engine per thread. An engine renders one
 * document at a time.
 *
 * Stages, one file each, in the order a document meets them:
 *   style.c      defaults and the style file (style.h)
 *   engine.c     the engine: style copy, faces, hyphenation dictionary
 *   font.c       faces, glyph coverage and fallback (the style's fallback,
 *                then installed fonts through fontconfig)
 *   shape.c      text -> glyphs with HarfBuzz (kerning, ligatures, marks)
 *   text.c       inline runs -> boxes, glue, penalties; breaks.c the
 *                rules: hyphenation, punctuation, spaces that do not break
 *   linebreak.c  Knuth-Plass line breaking
 *   layout.c     the walk over the blocks: lists, quotes, paragraphs and
 *                rules; vlist.c builds the vertical list; heading.c,
 *                code.c, table.c (rows), colwidth.c (column widths),
 *                figure.c (images, charts), notes.c (footnotes) and
 *                front.c (cover, contents) lay out the rest
 *   paginate.c   pages, keeps, widows, repeated table headers, footnotes
 *   draw.c       a page: backgrounds, rules, images, charts (chartdraw.c);
 *                drawtext.c the text (glyph ids), links.c links and
 *                strike-through, furniture.c the running header and footer
 *   embed.c      the fonts the pages drew with, as subsets (hb-subset),
 *                with widths and a ToUnicode map of every glyph
 *   outline.c    destinations, bookmarks, document info
 *   dump.c       the --dump-layout text
 *   save.c       the streams compressed (libdeflate), the PDF to memory
 *   job.c        the stages in order for one document
 * Beneath them: fontfile.c (font files read and checked once per
 * process), hyph.c (hyphenation dictionaries, compiled in or read once
 * per process), sfnt.c (bounded TrueType reads), gfx.c (lines and
 * rectangles), arena.c (per-document allocations), pool.c (the engine's
 * helper threads), shapestore.c (the shapes the engines of a batch
 * share).
 */
#ifndef CASEBRIEF_PDF_H
#define CASEBRIEF_PDF_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "markdown/markdown.h"
#include "pdf/style.h"
#include "base/strbuf.h"
#include "base/diag.h"

struct pdf_engine;

/*
 * Reads the fonts named by `st` (relative names from `fonts_dir`, NULL
 * meaning "fonts"; absolute names as they are) and opens the hyphenation
 * dictionary for st->lang (hyphenation is turned off, with a warning, when
 * no dictionary is found). `st` is copied. Returns NULL after adding a
 * diagnostic at each font that is missing, unreadable or not a usable
 * TrueType font to `d`.
 */
struct pdf_engine *pdf_engine_new(const char *fonts_dir, const struct pdf_style *st,
				  struct diags *d);
void pdf_engine_free(struct pdf_engine *e);

/*
 * Lets the engine use `n` threads in all (the one that renders, and n - 1
 * helpers it starts when a document first needs them and ends in
 * pdf_engine_free) for the parts of a document that do not depend on each
 * other, such as drawing its pages and compressing its streams. A
 * document of fewer than 16 pages is done on the rendering thread alone.
 * The PDF's bytes are the same whatever `n` is. The default is 1: no
 * helper threads. Not while a document renders.
 */
void pdf_engine_set_threads(struct pdf_engine *e, int n);

/*
 * Called once by a program before it starts threads that render (one
 * engine each): makes now what the libraries below would otherwise make
 * on first use in whichever thread comes first (HarfBuzz's default
 * language, published with atomics that a ThreadSanitizer build cannot
 * see inside the uninstrumented library). Rendering from one thread
 * does not need it.
 */
void pdf_threads_init(void);

/*
 * Called once, before the threads start, by a program that renders with
 * several engines at once: from then on the engines share the shapes of
 * the texts they meet instead of each shaping them again. Costs a lock
 * and a copy per text new to an engine; changes no output.
 */
void pdf_share_shapes(void);

/*
 * The one rule for where a style's font is: a relative name is relative
 * to `fonts_dir` (NULL: "fonts"), an absolute one is used as it is.
 * Appends the path to `out`.
 */
void pdf_font_path(struct strbuf *out, const char *fonts_dir, const char *name);

struct pdf_meta {
	const char *title;      /* document info, running header, cover */
	const char *author;
	const char *subject;    /* the question */
	const char *keywords;   /* the tags, comma-separated */
	const char *audience;   /* cover */
	const char *question;   /* cover */
	const char *date;       /* cover */
	const char *data_as_of; /* cover */
	int ncases;             /* cover; < 0 leaves the line out */
	int cover;              /* draw a cover page and a contents page */
	int contents;           /* contents page: 1 yes, 0 no, -1 auto (3+ H1/H2 headings
				 * other than the title); the title is not listed */
	int omit_contents_section; /* leave out the document's title block and its own
				    * "Contents" section (markdown_contents_blocks),
				    * which the cover and the contents page replace */
	int front_section;      /* with omit_contents_section and a cover: the blocks
				 * between the title block (up to the first level-2
				 * heading) and the "Contents" heading are set on
				 * pages of their own between the cover and the
				 * contents page (a brief's answer) */
	const char *cover_note; /* small print at the foot of the cover's details
				 * (where the document comes from), or NULL */
	const char *notes_heading; /* NULL: footnotes at the foot of the page; else
				    * endnotes, set as a numbered list at the end of
				    * the section this heading opens (see below) */
	const char *base_dir;   /* relative image paths resolve here; NULL = "." */
	const char *source;     /* Markdown file name for messages; NULL = "<markdown>" */
};

/*
 * Footnotes ([^label] references and their definitions, markdown.h). By
 * default each is a real footnote: the reference a superscript number
 * linked to its note, the note set smaller at the foot of the page where
 * its first reference falls, under a short rule; what does not fit
 * there continues at the foot of the next page, and the line with the
 * reference moves to the next page when not even the note's first lines
 * fit. Notes are numbered in order of first reference, as GitHub numbers
 * them.
 *
 * pdf_meta.notes_heading sets them as endnotes instead, the way a list
 * of sources is set: every note becomes an entry "[n] ..." of a numbered
 * list with a hanging indent, at the end of the section opened by the
 * first heading whose text is notes_heading (before the next heading of
 * its level or higher), or at the end of the document when no heading
 * has that text; a reference shows "[n]" on the line, tied to the word
 * before it, and links to its entry. A brief whose citations are
 * footnotes in the Markdown (GitHub lists them at the page's end) thus
 * gets its "Sources" list in the PDF with "notes_heading = "Sources"".
 */

struct pdf_result {
	int pages;
	size_t bytes;
	int warnings;   /* substituted characters, missing glyphs, images left out */
};

/*
 * Page geometry: the style's margins are minimums. The text block is at
 * most 33 ems of the body size wide (about 70 characters a line, as in
 * LaTeX's article class) and centred between the side margins.
 *
 * Typesets `doc` (charts: the ones markdown_parse bound) and appends the PDF bytes to `pdf`. When `layout` is not
 * NULL, appends the --dump-layout text to it:
 *   pages N  text area W x H
 *   page 3 body                       (cover | contents | body)
 *     Y KIND h=H [r=R BREAK] [keep] [hN] [table=T [header]] [|TEXT| w=W]
 * one line per item placed on the page: Y from the top of the text area,
 * KIND space | line | rule | image | chart | band (a table row's line) |
 * toc; R the line's adjustment ratio (its spaces are stretched by R
 * times their stretch, half a space, or shrunk by -R times a third of
 * one); BREAK how it ended (glue, hyphen, forced, last, char); keep: no
 * page break after it; hN: heading level. A page's footnotes follow its
 * text: their rule, then their lines. An image in a line shows as U+FFFC
 * in its TEXT.
 * Running headers and footers are not listed. The tree is not modified. Dates come from
 * SOURCE_DATE_EPOCH when set, so output bytes are reproducible. Returns 0,
 * or -1 after printing an error.
 */
int pdf_render(struct pdf_engine *e, const struct markdown_doc *doc, const struct pdf_meta *m,
	       struct strbuf *pdf, struct strbuf *layout, struct pdf_result *r);

/*
 * The same in two steps, so that the caller can free the tree (and its
 * source text) in between: pdf_layout sets the document's lines and
 * keeps everything it needs (its charts copied), pdf_finish paginates, draws and saves, then
 * frees the job. `m` must stay valid until pdf_finish returns.
 * pdf_layout returns NULL after printing an error.
 */
struct pdf_job;
struct pdf_job *pdf_layout(struct pdf_engine *e, const struct markdown_doc *doc,
			   const struct pdf_meta *m);
/*
 * pdf_layout of a document that comes in pieces (markdown_pieces_start):
 * each piece is laid out as soon as it is parsed, and the job is what
 * pdf_layout makes of the whole text. `m` may not set
 * omit_contents_section, and m->title is read only by pdf_finish, so
 * the caller may set it from the pieces in between.
 */
struct pdf_job *pdf_layout_pieces(struct pdf_engine *e, struct markdown_pieces *p,
				  const struct pdf_meta *m);
int pdf_finish(struct pdf_job *j, struct strbuf *pdf, struct strbuf *layout, struct pdf_result *r);

#endif
