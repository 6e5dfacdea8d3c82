/*
 * job.c - one document through the stages: pdf_layout sets up the page
 * geometry and the libharu document and lays out the body; pdf_finish
 * lays out the cover and contents, paginates (cover, body, contents, then
 * put in reading order), resolves links, dumps the layout when asked,
 * draws every page, embeds the fonts it drew with, adds the outline and
 * document info, and saves the PDF to memory; pdf_render does both.
 *
 * libharu's errors are sticky: the first one is recorded in the document
 * (on_hpdf_error) and stops the drawing; the job then fails with it.
 */
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>

#include "pdf/pack.h"
#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/strbuf.h"

#define MAX_MEASURE_EM 33.0

struct pdf_job {
	struct doc d;
};

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *data)
{
	struct doc *d = data;
	(void)detail;
	if (!d->hpdf_error)
		d->hpdf_error = (int)no;
}

/* ---- fragments in blocks ------------------------------------------------ */

/*
 * A long document's fragments are the largest thing it keeps while its
 * pages are drawn, when libharu's objects grow the most. Pages are drawn
 * in order and draw fragments in nearly the same order, so the layout
 * puts them in blocks of whole items as it goes (frags_seal, vlist.c),
 * and each block goes as soon as the last page that draws from it is
 * done.
 */

/* The block holding fragment `i` (one does: i < d->frag_base). */
static size_t block_of(const struct doc *d, size_t i)
{
	size_t lo = 0, hi = d->nfblocks;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->fblocks[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct frag *item_frags_w(struct doc *d, const struct vitem *v)
{
	struct frag_block *b;

	if (!v->nfrag)
		return NULL;
	if (v->frag >= d->frag_base)
		return d->frags + (v->frag - d->frag_base);
	b = &d->fblocks[block_of(d, v->frag)];
	return b->f + (v->frag - b->first);
}

const struct frag *item_frags(const struct doc *d, const struct vitem *v)
{
	return item_frags_w((struct doc *)d, v);
}

/* Frees the blocks no page after page `pi` draws from. */
static void free_blocks_after(struct doc *d, size_t pi)
{
	for (size_t b = 0; b < d->nfblocks; b++) {
		if (d->fblocks[b].f && (d->fblocks[b].last_page == pi || d->fblocks[b].last_page == SIZE_MAX)) {
			free(d->fblocks[b].f);
			d->fblocks[b].f = NULL;
		}
	}
}

/* Whether every item's fragments are in one block (or all in d->frags). */
static int items_in_blocks(const struct doc *d)
{
	for (size_t i = 0; i < d->nitems; i++) {
		const struct vitem *v = &d->items[i];
		const struct frag_block *b;
		if (!v->nfrag || v->frag >= d->frag_base) {
			if (v->nfrag && (size_t)v->frag + v->nfrag > d->nfrags)
				return 0;
			continue;
		}
		b = &d->fblocks[block_of(d, v->frag)];
		if ((size_t)v->frag + v->nfrag > b->first + b->n)
			return 0;
	}
	return 1;
}

/* All the fragments in one array again (should an item ever span two
 * blocks): the document is drawn from it, as a short one is. */
static void join_blocks(struct doc *d)
{
	struct frag *all = xmalloc((d->nfrags ? d->nfrags : 1) * sizeof(*all));

	for (size_t b = 0; b < d->nfblocks; b++) {
		memcpy(all + d->fblocks[b].first, d->fblocks[b].f, d->fblocks[b].n * sizeof(*all));
		free(d->fblocks[b].f);
	}
	memcpy(all + d->frag_base, d->frags, (d->nfrags - d->frag_base) * sizeof(*all));
	free(d->frags);
	d->frags = all;
	d->afrags = d->nfrags;
	d->frag_base = 0;
	d->nfblocks = 0;
}

/* Once the layout is final: the last fragments in a block too (when there
 * are blocks), and each block's last page noted. */
static void close_frags(struct doc *d)
{
	size_t pi, k;

	if (!d->nfblocks)
		return;
	frags_seal(d, 1);
	if (!items_in_blocks(d)) {
		join_blocks(d);
		return;
	}
	/* what the layout freed (its trees and scratch) lies in the heap's
	 * holes: give it back before the pages take more */
	alloc_trim();
	for (pi = 0; pi < d->npages; pi++) {
		const struct page *p = &d->pages[pi];
		for (k = 0; k < p->n; k++) {
			const struct vitem *v = &d->items[d->places[p->first + k].item];
			if (v->nfrag)
				d->fblocks[block_of(d, v->frag)].last_page = pi;
		}
	}
}

/* What only layout needs: freed once the pages are drawn. */
static void free_layout(struct doc *d)
{
	strbuf_release(&d->pool);
	free(d->frags);
	for (size_t b = 0; b < d->nfblocks; b++)
		free(d->fblocks[b].f);
	free(d->fblocks);
	d->fblocks = NULL;
	d->nfblocks = d->afblocks = 0;
	free(d->items);
	free(d->places);
	d->frags = NULL;
	d->items = NULL;
	d->places = NULL;
	d->nfrags = d->afrags = d->nitems = d->aitems = d->nplaces = d->aplaces = 0;
	d->frag_base = 0;
	para_release(&d->para);
	kp_release(&d->kp);
}

static void doc_release(struct doc *d)
{
	free_layout(d);
	embed_release(d);
	save_release(d);
	if (d->pdf)
		HPDF_Free(d->pdf);
	arena_release(&d->arena);
	strbuf_release(&d->scratch);
	markdown_anchors_release(&d->anchors);
	free(d->links);
	free(d->heads);
	free(d->bands);
	free(d->tables);
	free(d->images);
	for (size_t i = 0; i < d->ncharts; i++)
		chart_release(&d->charts[i].c);
	free(d->charts);
	free(d->pages);
	free(d->notes);
	free(d->noterefs);
	tags_release(&d->tags);
	links_release(&d->annots);
}

/* A new job of the engine, with its page geometry and libharu document. */
static struct pdf_job *job_new(struct pdf_engine *e, const struct pdf_meta *m)
{
	struct pdf_job *j;
	struct doc *d;

	if (e->busy) {
		error("pdf engine is already rendering a document");
		return NULL;
	}
	j = xcalloc(1, sizeof(*j));
	d = &j->d;
	strbuf_init(&d->para.text, 0);
	strbuf_init(&d->scratch, 0);
	strbuf_init(&d->annots.text, 0);
	strbuf_init(&d->tutext, 0);
	e->busy = 1;
	d->e = e;
	d->stamp = ++e->docs ? e->docs : ++e->docs;
	d->st = &e->st;
	d->m = m;
	d->width = e->st.page_w - e->st.margin_left - e->st.margin_right;
	d->left = e->st.margin_left;
	/* the margins are minimums: lines stay near 70 characters */
	if (d->width > MAX_MEASURE_EM * e->st.body) {
		d->left += (d->width - MAX_MEASURE_EM * e->st.body) / 2;
		d->width = MAX_MEASURE_EM * e->st.body;
	}
	d->height = e->st.page_h - e->st.margin_top - e->st.margin_bottom;
	d->body = e->st.body;
	d->lead = e->st.body * e->st.leading;
	if (d->width < 72 || d->height < 72) {
		error("page too small for its margins");
		goto fail;
	}
	/* (the last document's libharu objects are gone first) */
	save_wait_free(e);
	d->pdf = HPDF_New(on_hpdf_error, d);
	if (!d->pdf) {
		error("cannot create a PDF document");
		goto fail;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	tags_init(d);
	return j;
fail:
	doc_release(d);
	free(j);
	e->busy = 0;
	return NULL;
}

struct pdf_job *pdf_layout(struct pdf_engine *e, const struct markdown_doc *doc, const struct pdf_meta *m)
{
	struct pdf_job *j = job_new(e, m);

	if (j)
		layout_document(&j->d, doc);
	return j;
}

struct pdf_job *pdf_layout_pieces(struct pdf_engine *e, struct markdown_pieces *p, const struct pdf_meta *m)
{
	struct pdf_job *j;

	if (m->omit_contents_section) {
		error("internal error: a document in pieces cannot leave out its contents section");
		return NULL;
	}
	j = job_new(e, m);
	if (j)
		layout_pieces(&j->d, p);
	return j;
}

/* ---- pagination -------------------------------------------------------- */

/* Items [from, to) on new pages of `kind`: returns the first, *n how many. */
static size_t flow(struct doc *d, size_t from, size_t to, int kind, size_t *n)
{
	size_t first = d->npages;

	paginate_flow(d, from, to, kind);
	*n = d->npages - first;
	return first;
}

/* Puts the pages in reading order: cover, front section, contents, body
 * (the front section's pages are the body's first front_n). */
static void order_pages(struct doc *d, size_t body_first, size_t body_n, size_t cover_first, size_t cover_n,
			size_t toc_first, size_t toc_n, size_t front_n)
{
	struct page *pg = xmalloc((d->npages ? d->npages : 1) * sizeof(*pg));
	size_t n = 0, i;

	for (i = 0; i < cover_n; i++)
		pg[n++] = d->pages[cover_first + i];
	for (i = 0; i < front_n; i++)
		pg[n++] = d->pages[body_first + i];
	body_first += front_n;
	body_n -= front_n;
	for (i = 0; i < toc_n; i++)
		pg[n++] = d->pages[toc_first + i];
	for (i = 0; i < body_n; i++)
		pg[n++] = d->pages[body_first + i];
	memcpy(d->pages, pg, n * sizeof(*pg));
	d->npages = n;
	free(pg);
}

/* The note whose first line is item `item` (notes are laid out in
 * order), or d->nnotes. */
static size_t note_at(const struct doc *d, uint32_t item)
{
	size_t lo = 0, hi = d->nnotes;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->notes[mid].first < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nnotes && d->notes[lo].first == item && d->notes[lo].n ? lo : d->nnotes;
}

/* Where each heading and each note landed (a note: its first line, the
 * first time it is placed). */
static void place_headings(struct doc *d)
{
	size_t i, k, n;

	for (i = 0; i < d->npages; i++) {
		const struct page *p = &d->pages[i];
		if (p->kind != PAGE_BODY)
			continue;
		for (k = 0; k < p->n; k++) {
			const struct place *pl = &d->places[p->first + k];
			int32_t h = d->items[pl->item].heading;
			if (h >= 0 && d->heads[h].item == pl->item) {
				d->heads[h].page = (int)i;
				d->heads[h].y = pl->y;
			}
			n = note_at(d, pl->item);
			if (n < d->nnotes && d->notes[n].page < 0) {
				d->notes[n].page = (int)i;
				d->notes[n].y = pl->y;
			}
		}
	}
}

/* The item after the lines of the document's title (the level-1 heading
 * pdf_meta.title names), or 0 when the body has no such heading. */
static size_t title_end(const struct doc *d)
{
	size_t i, k;

	for (i = 0; i < d->nheads; i++) {
		const struct heading *h = &d->heads[i];
		if (h->level != 1 || !d->m->title || strcmp(h->text, d->m->title) || h->item >= d->body_end)
			continue;
		for (k = h->item; k < d->body_end && d->items[k].kind == V_LINE; k++)
			;
		return k;
	}
	return 0;
}

/* The body, with the contents right after the document's title when
 * there is no cover (as an article sets it); returns the first page. */
static size_t flow_body(struct doc *d, size_t toc_from, size_t toc_to, size_t *n)
{
	size_t first = d->npages, t = toc_to > toc_from ? title_end(d) : 0;
	size_t sp[6] = { 0, t, toc_from, toc_to, t, d->body_end };

	paginate_spans(d, sp, 3, PAGE_BODY);
	*n = d->npages - first;
	return first;
}

/* The cover, the contents and the body (at least one page), paginated
 * and in reading order, with the contents' page numbers filled in. With
 * a cover, the contents have pages of their own after it; without, they
 * follow the document's title in the body. */
static void paginate_document(struct doc *d)
{
	const struct pdf_meta *m = d->m;
	size_t cover_first = 0, cover_n = 0, toc_first = 0, toc_n = 0, toc_items = 0, toc_end = 0;
	size_t body_first, body_n, front_n = 0;
	int want_toc = m->cover || m->contents > 0 || (m->contents < 0 && contents_entries(d) >= 3);

	if (m->cover) {
		size_t from = d->nitems;
		layout_cover(d);
		cover_first = flow(d, from, d->nitems, PAGE_COVER, &cover_n);
	}
	if (want_toc && contents_entries(d)) {
		toc_items = d->nitems;
		layout_contents(d, !m->cover);
		toc_end = d->nitems;
	}
	if (m->cover && d->front_end) {
		/* the front section ends its last page: the contents start a new one */
		body_first = flow(d, 0, d->front_end, PAGE_BODY, &front_n);
		flow(d, d->front_end, d->body_end, PAGE_BODY, &body_n);
		body_n += front_n;
	} else {
		body_first = flow_body(d, m->cover ? 0 : toc_items, m->cover ? 0 : toc_end, &body_n);
	}
	if (!body_n) {
		/* an empty document still has one page */
		struct page *pg = DOC_PUSH(d, pages);
		pg->first = d->nplaces;
		pg->n = 0;
		pg->kind = PAGE_BODY;
		body_n = 1;
	}
	if (m->cover && toc_end > toc_items)
		toc_first = flow(d, toc_items, toc_end, PAGE_CONTENTS, &toc_n);
	order_pages(d, body_first, body_n, cover_first, cover_n, toc_first, toc_n, front_n);
	place_headings(d);
	if (toc_end > toc_items)
		layout_contents_numbers(d, toc_items);
}

/* ---- drawing and saving ------------------------------------------------ */

static HPDF_Page *add_pages(struct doc *d)
{
	HPDF_Page *hp = xcalloc(d->npages, sizeof(*hp));
	size_t i;

	for (i = 0; i < d->npages; i++) {
		hp[i] = HPDF_AddPage(d->pdf);
		if (!hp[i])
			break;
		HPDF_Page_SetWidth(hp[i], (HPDF_REAL)d->st->page_w);
		HPDF_Page_SetHeight(hp[i], (HPDF_REAL)d->st->page_h);
	}
	return hp;
}

/* A drawn page's contents go to be compressed; the page takes no more. */
int page_done(struct doc *d, size_t pi, HPDF_Page pg)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;

	free_blocks_after(d, pi);
	if (save_stream(d, attr->contents) < 0)
		return -1;
	attr->stream = attr->contents->stream;
	return 0;
}

/* Faces, pages, destinations, outline and info into the libharu document. */
static int draw_document(struct doc *d)
{
	HPDF_Page *hp;
	int ret;

	hp = add_pages(d);
	outline_destinations(d, hp);
	ret = draw_pages(d, hp);
	if (!d->hpdf_error && !ret)
		ret = embed_finish(d);
	if (!d->hpdf_error && !ret)
		outline_make(d);
	outline_info(d);
	if (!d->hpdf_error && !ret)
		ret = xmp_add(d);
	free(hp);
	if (d->hpdf_error) {
		error("PDF library error 0x%04X", (unsigned)d->hpdf_error);
		return -1;
	}
	return ret;
}

/* The objects casebrief writes itself (annotations, then the structure
 * tree; they use libharu's object numbers, not its objects): on a
 * helper while libharu writes its own. */
struct own_objs {
	struct pool_task t;
	struct doc *d;
	struct pack_objs *po;
};

static void write_own_objs(struct pool_task *t, int slot)
{
	struct own_objs *o = (struct own_objs *)t;

	(void)slot;
	links_write(o->d, o->po);
	tags_write(o->d, o->po);
}

/* The structure tree, libharu's objects with their streams compressed
 * (save.c), packed (pack.h) onto `pdf`. */
static int save(struct doc *d, struct strbuf *pdf, size_t *bytes)
{
	struct strbuf raw = STRBUF_INIT;
	struct pack_objs po;
	struct own_objs own;
	size_t start = pdf->len, rawlen = 0;
	int rc = -1, saved;

	memset(&po, 0, sizeof(po));
	strbuf_init(&po.text, 0);
	memset(&own, 0, sizeof(own));
	own.t.run = write_own_objs;
	own.d = d;
	own.po = &po;
	if (tags_finish(d) == 0) {
		saved = save_document(d, &raw, &rawlen, &own.t);
		/* (the task was handed on once the streams were done) */
		pool_wait(d->helpers);
		if (saved < 0)
			goto out;
		/* the packed file is smaller than libharu's: no regrowing */
		strbuf_grow(pdf, raw.len + po.text.len);
		rc = pdf_pack(raw.buf, raw.len, &po, d->helpers, d->e->zc, pdf);
		/* libharu's copy is no longer needed: a helper frees it while
		 * the caller goes on (save.c) */
		if (rc == 0)
			save_free(d);
	}
out:
	strbuf_release(&raw);
	pack_objs_release(&po);
	*bytes = pdf->len - start;
	return rc;
}

int pdf_finish(struct pdf_job *j, struct strbuf *pdf, struct strbuf *layout, struct pdf_result *r)
{
	struct doc *d = &j->d;
	struct pdf_engine *e = d->e;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	paginate_document(d);
	/* helpers pay for themselves from about a window of pages on; a
	 * shorter document is drawn and saved on this thread alone, in less
	 * CPU time and no more wall time */
	d->helpers = d->npages >= PAINT_WINDOW ? e->pool : NULL;
	links_resolve(d);
	if (layout)
		dump_layout(d, layout);
	close_frags(d);
	if (draw_document(d) < 0)
		goto out;
	/* the pages are drawn: give back the layout before libharu's copy */
	free_layout(d);
	if (save(d, pdf, &r->bytes) < 0) {
		error("cannot write the PDF to memory (library error 0x%04X)", (unsigned)d->hpdf_error);
		goto out;
	}
	r->pages = (int)d->npages;
	r->warnings = d->warnings;
	ret = 0;
out:
	doc_release(d);
	free(j);
	e->busy = 0;
	return ret;
}

int pdf_render(struct pdf_engine *e, const struct markdown_doc *doc, const struct pdf_meta *m,
	       struct strbuf *pdf, struct strbuf *layout, struct pdf_result *r)
{
	struct pdf_job *j = pdf_layout(e, doc, m);

	if (!j) {
		memset(r, 0, sizeof(*r));
		return -1;
	}
	return pdf_finish(j, pdf, layout, r);
}
