/*
 * tagwrite.c - the structure tree into the file, once every page is
 * drawn (tags.h): the catalog's entries through libharu, then the
 * elements, the ParentTree and the StructTreeRoot as object text for
 * pdf_pack.
 *
 * An element's reading-order key is the smallest key of its content;
 * keys flow up from each marked-content sequence until an ancestor
 * already has a smaller one, so the pass is close to linear. A Note
 * element's key is its reference's and stays so. The children of each
 * element (elements, marked content, annotation references) are put
 * together by a counting sort on the parent, then sorted by key where
 * they are not in order already (drawing order mostly is reading
 * order).
 *
 * libharu objects are never made per element: its dictionaries cost a
 * few hundred bytes of memory per entry, and a long document has tens
 * of thousands of elements.
 */
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>

#include "pdf/pack.h"
#include "pdf/pdfint.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/utf8.h"

static const char *const struct_names[TAG__COUNT] = {
	"Document", "P", "H", "L", "LI", "Lbl", "LBody", "BlockQuote", "Code", "Table", "THead", "TBody",
	"TR", "TH", "TD", "Link", "Note", "TOC", "TOCI", "Figure", "Caption",
};
static const char *const numbering[] = { "Disc", "Circle", "Square", "Decimal", "None" };

/* A child of an element: an element (part < 0) or a part. */
struct kid {
	uint64_t key;
	int32_t el, part;
};

struct writer {
	struct tags *t;
	uint32_t *obj;          /* object number of each element, 0: left out */
	uint32_t root_obj, tree_obj;
	struct kid *kids;
	size_t *first;          /* kids of element e: [first[e], first[e + 1]) */
};

static void put_ref(struct strbuf *b, uint32_t obj)
{
	strbuf_addu(b, obj);
	strbuf_addlit(b, " 0 R");
}

/* Whether `s` is printable ASCII: a PDF text string holds it as it is. */
static int plain_ascii(const char *s)
{
	const unsigned char *q = (const unsigned char *)s;

	for (; *q; q++)
		if (*q < 0x20 || *q >= 0x7f)
			return 0;
	return 1;
}

int tags_text_bytes(struct strbuf *out, const char *s)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);

	if (plain_ascii(s)) {
		strbuf_add(out, s, (size_t)(e - q));
		return 1;
	}
	strbuf_add(out, "\xfe\xff", 2);
	while (q < e) {
		uint32_t cp = utf8_decode(&q, e), u[2];
		int n = 1, i;
		if (cp < 0x20)
			cp = 0x20;
		if (cp >= 0x10000) {
			u[0] = 0xd800 + ((cp - 0x10000) >> 10);
			u[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			n = 2;
		} else {
			u[0] = cp;
		}
		for (i = 0; i < n; i++) {
			strbuf_addc(out, (char)(u[i] >> 8));
			strbuf_addc(out, (char)(u[i] & 0xff));
		}
	}
	return 0;
}

void tags_put_text(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf t = STRBUF_INIT;
	size_t i;

	if (plain_ascii(s)) {
		/* most are (links, alternative texts): no copy */
		strbuf_addc(b, '(');
		for (; *s; s++) {
			if (*s == '(' || *s == ')' || *s == '\\')
				strbuf_addc(b, '\\');
			strbuf_addc(b, *s);
		}
		strbuf_addc(b, ')');
		return;
	}
	tags_text_bytes(&t, s);
	strbuf_addc(b, '<');
	for (i = 0; i < t.len; i++) {
		strbuf_addc(b, hex[(unsigned char)t.buf[i] >> 4]);
		strbuf_addc(b, hex[(unsigned char)t.buf[i] & 15]);
	}
	strbuf_addc(b, '>');
	strbuf_release(&t);
}

/* ---- reading order ------------------------------------------------------- */

static void lower_keys(struct tags *t, int32_t e, uint64_t k)
{
	while (e >= 0) {
		struct tag_elem *x = &t->el[e];
		if (x->fixed == TAG_FIXED || k >= x->key)
			return;
		x->key = k;
		e = x->parent;
	}
}

static void settle_keys(struct tags *t)
{
	size_t i;

	for (i = 0; i < t->npart; i++)
		lower_keys(t, t->part[i].el, t->part[i].key);
	/* a note's place, from its reference, counts for its ancestors */
	for (i = 0; i < t->nel; i++)
		if (t->el[i].fixed == TAG_FIXED)
			lower_keys(t, t->el[i].parent, t->el[i].key);
	/* the Document is always there, even when nothing is */
	if (t->nel && t->el[0].key == UINT64_MAX)
		t->el[0].key = 0;
	/* an empty cell of a row that shows something (parents come first) */
	for (i = 1; i < t->nel; i++) {
		struct tag_elem *x = &t->el[i];
		if (x->fixed == TAG_KEEP && x->key == UINT64_MAX && t->el[x->parent].key != UINT64_MAX)
			x->key = t->el[x->parent].key;
	}
}

static int kid_cmp(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	/* the same key: text before what stands over it */
	return x->part < y->part ? 1 : x->part > y->part ? -1 : 0;
}

/* The children of every element, in reading order. */
static void gather_kids(struct writer *w)
{
	struct tags *t = w->t;
	size_t n = 0, i, *fill;

	w->first = xcalloc(t->nel + 1, sizeof(*w->first));
	for (i = 1; i < t->nel; i++)
		if (w->obj[i])
			w->first[t->el[i].parent + 1]++, n++;
	for (i = 0; i < t->npart; i++)
		w->first[t->part[i].el + 1]++, n++;
	for (i = 1; i <= t->nel; i++)
		w->first[i] += w->first[i - 1];
	w->kids = xmalloc((n ? n : 1) * sizeof(*w->kids));
	fill = xmalloc((t->nel + 1) * sizeof(*fill));
	memcpy(fill, w->first, (t->nel + 1) * sizeof(*fill));
	for (i = 1; i < t->nel; i++) {
		if (!w->obj[i])
			continue;
		w->kids[fill[t->el[i].parent]++] = (struct kid){ t->el[i].key, (int32_t)i, -1 };
	}
	for (i = 0; i < t->npart; i++)
		w->kids[fill[t->part[i].el]++] = (struct kid){ t->part[i].key, t->part[i].el, (int32_t)i };
	free(fill);
	for (i = 0; i < t->nel; i++) {
		size_t a = w->first[i], b = w->first[i + 1], k;
		/* a row's cells are in the order of their columns, as made */
		if (t->el[i].type == TAG_TR)
			continue;
		for (k = a + 1; k < b && kid_cmp(&w->kids[k - 1], &w->kids[k]) <= 0; k++)
			;
		if (k < b)
			qsort(w->kids + a, b - a, sizeof(*w->kids), kid_cmp);
	}
}

/* ---- the objects ------------------------------------------------------------- */

static void put_kid(const struct writer *w, const struct kid *k, uint32_t pg, struct strbuf *b)
{
	const struct tag_part *p;

	if (k->part < 0) {
		put_ref(b, w->obj[k->el]);
		return;
	}
	p = &w->t->part[k->part];
	if (p->obj) {
		strbuf_addlit(b, "<</Type/OBJR/Obj ");
		put_ref(b, w->t->annot_obj + p->obj - 1);
		if (w->t->page_obj[p->page] != pg) {
			strbuf_addlit(b, "/Pg ");
			put_ref(b, w->t->page_obj[p->page]);
		}
		strbuf_addlit(b, ">>");
	} else if (w->t->page_obj[p->page] == pg) {
		strbuf_addu(b, p->mcid);
	} else {
		strbuf_addlit(b, "<</Type/MCR/Pg ");
		put_ref(b, w->t->page_obj[p->page]);
		strbuf_addlit(b, "/MCID ");
		strbuf_addu(b, p->mcid);
		strbuf_addlit(b, ">>");
	}
}

/* The attributes an element carries besides its kids. */
static void put_attrs(const struct tags *t, const struct tag_elem *e, struct strbuf *b)
{
	if (e->type == TAG_TH)
		strbuf_addlit(b, "/A<</O/Table/Scope/Column>>");
	else if (e->type == TAG_L)
		strbuf_addf(b, "/A<</O/List/ListNumbering/%s>>", numbering[e->level <= TAG_LIST_NONE ? e->level : 0]);
	if (e->text && e->type == TAG_FIGURE) {
		strbuf_addlit(b, "/Alt");
		tags_put_text(b, t->text.buf + e->text - 1);
	} else if (e->text && e->type == TAG_NOTE) {
		strbuf_addlit(b, "/ID");
		tags_put_text(b, t->text.buf + e->text - 1);
	}
}

static void put_elem(const struct writer *w, size_t i, struct strbuf *b)
{
	const struct tag_elem *e = &w->t->el[i];
	size_t a = w->first[i], z = w->first[i + 1], k;
	uint32_t pg = 0;

	strbuf_addlit(b, "<</S/");
	strbuf_adds(b, struct_names[e->type]);
	if (e->type == TAG_H)
		strbuf_addc(b, (char)('0' + (e->level ? e->level : 1)));
	strbuf_addlit(b, "/P ");
	put_ref(b, e->parent < 0 ? w->root_obj : w->obj[e->parent]);
	for (k = a; k < z && !pg; k++)
		if (w->kids[k].part >= 0)
			pg = w->t->page_obj[w->t->part[w->kids[k].part].page];
	if (pg) {
		strbuf_addlit(b, "/Pg ");
		put_ref(b, pg);
	}
	put_attrs(w->t, e, b);
	strbuf_addlit(b, "/K");
	if (z - a != 1)
		strbuf_addc(b, '[');
	else
		strbuf_addc(b, ' ');
	for (k = a; k < z; k++) {
		if (k > a)
			strbuf_addc(b, ' ');
		put_kid(w, &w->kids[k], pg, b);
	}
	if (z - a != 1)
		strbuf_addc(b, ']');
	strbuf_addlit(b, ">>");
}

/* Number tree of the marked content of each page and of the annotations. */
static void put_parent_tree(const struct writer *w, struct strbuf *b)
{
	const struct tags *t = w->t;
	size_t *at = xcalloc(t->npages + 1, sizeof(*at)), i, n;
	uint32_t *els, k;

	for (i = 0; i < t->npages; i++)
		at[i + 1] = at[i] + t->page_mcids[i];
	n = at[t->npages];
	els = xcalloc(n + t->nannots + 1, sizeof(*els));
	for (i = 0; i < t->npart; i++) {
		const struct tag_part *p = &t->part[i];
		if (p->obj)
			els[n + (p->mcid - t->npages)] = w->obj[p->el];
		else
			els[at[p->page] + p->mcid] = w->obj[p->el];
	}
	strbuf_addlit(b, "<</Nums[");
	for (i = 0; i < t->npages; i++) {
		strbuf_addu(b, (uint32_t)i);
		strbuf_addlit(b, "[");
		for (k = 0; k < t->page_mcids[i]; k++) {
			if (k)
				strbuf_addc(b, ' ');
			put_ref(b, els[at[i] + k]);
		}
		strbuf_addlit(b, "]\n");
	}
	for (k = 0; k < t->nannots; k++) {
		strbuf_addu(b, (uint32_t)t->npages + k);
		strbuf_addc(b, ' ');
		put_ref(b, els[n + k]);
		strbuf_addc(b, '\n');
	}
	strbuf_addlit(b, "]>>");
	free(at);
	free(els);
}

void tags_lang(const struct doc *d, struct strbuf *out)
{
	const char *s = d->st->lang && *d->st->lang ? d->st->lang : "en";
	size_t start = out->len;

	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		    *s == '_')
			strbuf_addc(out, *s == '_' ? '-' : *s);
	if (out->len == start)
		strbuf_addlit(out, "en");
}

static void catalog_entries(struct doc *d)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict cat = d->pdf->catalog, mi = HPDF_Dict_New(mm), vp = HPDF_Dict_New(mm);
	struct strbuf lang = STRBUF_INIT;

	tags_lang(d, &lang);
	if (mi && HPDF_Dict_Add(cat, "MarkInfo", mi) == HPDF_OK)
		HPDF_Dict_AddBoolean(mi, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, lang.buf, NULL));
	if (vp && HPDF_Dict_Add(cat, "ViewerPreferences", vp) == HPDF_OK)
		HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
	d->tags.root = HPDF_Dict_New(mm);
	if (d->tags.root && HPDF_Xref_Add(d->pdf->xref, d->tags.root) == HPDF_OK)
		HPDF_Dict_Add(cat, "StructTreeRoot", d->tags.root);
	strbuf_release(&lang);
}

static void put_objects(struct writer *w, struct pack_objs *po)
{
	struct tags *t = w->t;
	size_t i;

	for (i = 0; i < t->nel; i++) {
		if (!w->obj[i])
			continue;
		pack_objs_begin(po, w->obj[i]);
		put_elem(w, i, &po->text);
		pack_objs_end(po);
	}
	pack_objs_begin(po, w->tree_obj);
	put_parent_tree(w, &po->text);
	pack_objs_end(po);
	pack_objs_begin(po, w->root_obj);
	strbuf_addlit(&po->text, "<</Type/StructTreeRoot/K ");
	put_ref(&po->text, w->obj[0]);
	strbuf_addlit(&po->text, "/ParentTree ");
	put_ref(&po->text, w->tree_obj);
	strbuf_addlit(&po->text, "/ParentTreeNextKey ");
	strbuf_addu(&po->text, (uint32_t)t->npages + t->nannots);
	strbuf_addlit(&po->text, ">>");
	pack_objs_end(po);
}

int tags_finish(struct doc *d)
{
	struct tags *t = &d->tags;

	if (!t->page_obj || !t->nel)
		return -1;
	catalog_entries(d);
	if (d->hpdf_error || !t->root)
		return -1;
	t->root_obj = ((HPDF_Obj_Header *)t->root)->obj_id & 0x00FFFFFF;
	t->next_obj = (uint32_t)d->pdf->xref->entries->count;
	return 0;
}

void tags_write(struct doc *d, struct pack_objs *po)
{
	struct tags *t = &d->tags;
	struct writer w;
	uint32_t next = t->next_obj;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.t = t;
	w.root_obj = t->root_obj;
	settle_keys(t);
	w.obj = xcalloc(t->nel, sizeof(*w.obj));
	for (i = 0; i < t->nel; i++)
		if (t->el[i].key != UINT64_MAX)
			w.obj[i] = next++;
	w.tree_obj = next;
	gather_kids(&w);
	put_objects(&w, po);
	free(w.obj);
	free(w.kids);
	free(w.first);
}
