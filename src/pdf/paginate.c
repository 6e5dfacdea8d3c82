/*
 * paginate.c - the vertical list to pages. First fit with a look back:
 * when an item does not fit, the page ends after the last item that
 * allows a break (keep == 0); if there is none on the page, it ends right
 * there. Spaces vanish at the top of a page. A table continuing on a new
 * page gets its header bands again. A flow is a sequence of item ranges
 * (spans), so the contents can be set right after a document's title.
 *
 * Footnotes: a line that refers to a note not yet placed takes the note
 * to the foot of its page (under a short rule), when the line and the
 * note fit; else the line and at least the first lines of the note, the
 * rest continuing at the foot of the next page (before any newer note);
 * else the page ends before the line. Notes referred to inside a note
 * follow it. The foot of a page is rebuilt from its remaining lines when
 * the look back removes some.
 *
 * Each item is placed at most twice (once on the page it did not fit,
 * once on the next), so the work is linear in the list, and a page's
 * foot is rebuilt at most once per page.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfint.h"
#include "base/alloc.h"

#define FOOT_CARRY_MAX 0.5f     /* of the page a continued note may take */
#define FOOT_GAP 4.0f           /* between the text and the footnote rule */

/* A run of a note's items at the foot of a page. */
struct seg {
	int32_t note;
	uint32_t from, to;
};

struct segs {
	struct seg *v;
	size_t n, alloc;
};

/* What a flow is doing. */
struct flow {
	struct doc *d;
	const size_t *sp;       /* spans: from0, to0, from1, to1, ... */
	size_t nsp;
	size_t *off;            /* position of each span's first item */
	float avail, y;
	size_t injected;
	int kind;
	/* footnotes of the page being filled */
	struct segs foot;       /* at this page's foot, in order */
	size_t ncarry;          /* the first ncarry came from earlier pages */
	float foot_h;           /* their height with the rule; 0 when none */
	struct segs pending;    /* carried from earlier pages, not placed yet */
	struct segs over;       /* begun on this page, for the next */
	char *placed;           /* per note: given a place */
	int32_t *begun;         /* notes placed from this page's lines */
	size_t nbegun, abegun;
};

static void page_open(struct doc *d, int kind)
{
	struct page *pg = DOC_PUSH(d, pages);
	pg->first = d->nplaces;
	pg->n = 0;
	pg->kind = kind;
}

static void place(struct doc *d, uint32_t item, float y)
{
	struct place *p = DOC_PUSH(d, places);
	p->item = item;
	p->y = y;
	d->pages[d->npages - 1].n++;
}

/* ---- the sequence of items ------------------------------------------------ */

static size_t seq_pos(const struct flow *f, size_t item)
{
	size_t k;

	for (k = 0; k < f->nsp; k++)
		if (item >= f->sp[2 * k] && item < f->sp[2 * k + 1])
			return f->off[k] + (item - f->sp[2 * k]);
	return (size_t)-1;
}

/* The item after `item` in the flow, or (size_t)-1 at its end. */
static size_t seq_next(const struct flow *f, size_t item)
{
	size_t k;

	for (k = 0; k < f->nsp; k++) {
		if (item < f->sp[2 * k] || item >= f->sp[2 * k + 1])
			continue;
		if (item + 1 < f->sp[2 * k + 1])
			return item + 1;
		for (k++; k < f->nsp; k++)
			if (f->sp[2 * k] < f->sp[2 * k + 1])
				return f->sp[2 * k];
		return (size_t)-1;
	}
	return (size_t)-1;
}

/* ---- footnotes ------------------------------------------------------------ */

static void seg_push(struct segs *s, int32_t note, uint32_t from, uint32_t to)
{
	if (from >= to)
		return;
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n].note = note;
	s->v[s->n].from = from;
	s->v[s->n++].to = to;
}

/* Spaces vanish at the top of a piece of a note, as at a page top. */
static uint32_t seg_trim(const struct doc *d, uint32_t from, uint32_t to)
{
	while (from < to && d->items[from].discard)
		from++;
	return from;
}

static float items_h(const struct doc *d, uint32_t from, uint32_t to)
{
	float h = 0;

	for (; from < to; from++)
		h += d->items[from].h;
	return h;
}

static float rule_h(const struct doc *d)
{
	return d->foot_rule >= 0 ? d->items[d->foot_rule].h + FOOT_GAP : 0;
}

/* The end of the longest start of [from, to) that fits `room` and ends
 * where a break is allowed; `from` when none does (with `force`, one
 * item past `from` then). */
static uint32_t fit_part(const struct doc *d, uint32_t from, uint32_t to, float room, int force)
{
	uint32_t best = from, i;
	float h = 0;

	for (i = from; i < to; i++) {
		h += d->items[i].h;
		if (h > room + 0.01f)
			break;
		if (!d->items[i].keep || i + 1 == to)
			best = i + 1;
	}
	return best == from && force && from < to ? from + 1 : best;
}

/* Adds segment s to the foot, as much as fits `room` (the rest to `rest`;
 * at least one item with `force`); returns the room left. */
static float foot_take(struct flow *f, struct seg s, float room, struct segs *rest, int force)
{
	struct doc *d = f->d;
	uint32_t from = seg_trim(d, s.from, s.to), cut;
	float h;

	if (!f->foot.n) {
		room -= rule_h(d);
		f->foot_h = rule_h(d);
	}
	cut = fit_part(d, from, s.to, room, force);
	if (cut > from) {
		h = items_h(d, from, cut);
		seg_push(&f->foot, s.note, from, cut);
		f->foot_h += h;
		room -= h;
	} else if (!f->foot.n) {
		f->foot_h = 0;
	}
	seg_push(rest, s.note, cut, s.to);
	return room;
}

/* The first reference at or after item `item` (references are recorded
 * in item order). */
static size_t first_ref(const struct doc *d, uint32_t item)
{
	size_t lo = 0, hi = d->nnoterefs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->noterefs[mid].item < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The notes referred to by items [from, to) not placed yet, into `out`
 * (marked placed). */
static void take_refs(struct flow *f, uint32_t from, uint32_t to, struct segs *out)
{
	struct doc *d = f->d;
	size_t k;

	for (k = first_ref(d, from); k < d->nnoterefs && d->noterefs[k].item < to; k++) {
		int32_t nt = d->noterefs[k].note;
		if (f->placed[nt])
			continue;
		f->placed[nt] = 1;
		seg_push(out, nt, d->notes[nt].first, d->notes[nt].first + d->notes[nt].n);
	}
}

/* The notes referred to by item `item` and not placed yet, with the ones
 * their own text refers to after each, into `out` (marked placed: each
 * note is taken once, so a note that refers to itself ends). */
static void new_notes(struct flow *f, uint32_t item, struct segs *out)
{
	size_t done;

	take_refs(f, item, item + 1, out);
	for (done = 0; done < out->n; done++) {
		const struct note *n = &f->d->notes[out->v[done].note];
		take_refs(f, n->first, n->first + n->n, out);
	}
}

/*
 * Item `item` is about to be placed with `room` below it. Returns 1 when
 * it may be (its notes, if any, fit well enough or must wait), 0 when
 * the page should end before it. `force`: it is placed whatever happens.
 */
static int foot_try(struct flow *f, uint32_t item, float room, int force)
{
	struct segs add = { NULL, 0, 0 };
	float need;
	size_t k;
	int ok = 1;

	if (!f->d->nnoterefs)
		return room >= f->foot_h - 0.01f || force;
	new_notes(f, item, &add);
	need = f->foot.n ? 0 : rule_h(f->d);
	for (k = 0; k < add.n; k++)
		need += items_h(f->d, seg_trim(f->d, add.v[k].from, add.v[k].to), add.v[k].to);
	if (add.n && (f->pending.n || f->over.n)) {
		/* older notes are still waiting: these wait behind them */
		for (k = 0; k < add.n; k++)
			seg_push(&f->over, add.v[k].note, add.v[k].from, add.v[k].to);
	} else if (add.n) {
		float left = room - f->foot_h;
		uint32_t first = seg_trim(f->d, add.v[0].from, add.v[0].to);
		if (left < need && !force &&
		    fit_part(f->d, first, add.v[0].to, left - (f->foot.n ? 0 : rule_h(f->d)), 0) == first)
			ok = 0;
		/* once a note is split, the ones after it wait for the next page */
		for (k = 0; ok && k < add.n; k++) {
			if (f->over.n)
				seg_push(&f->over, add.v[k].note, add.v[k].from, add.v[k].to);
			else
				left = foot_take(f, add.v[k], left, &f->over, 0);
		}
	} else if (room < f->foot_h - 0.01f && !force) {
		ok = 0;
	}
	for (k = 0; k < add.n; k++) {
		if (ok) {
			ALLOC_GROW(f->begun, f->nbegun + 1, f->abegun);
			f->begun[f->nbegun++] = add.v[k].note;
		} else {
			f->placed[add.v[k].note] = 0;
		}
	}
	free(add.v);
	return ok;
}

/* A new page's foot starts with what earlier pages could not hold, in
 * at most `share` of the page. */
static void foot_open(struct flow *f, float share)
{
	struct segs rest = { NULL, 0, 0 };
	float room = f->avail * share;
	size_t k;

	f->foot.n = 0;
	f->foot_h = 0;
	f->nbegun = 0;
	for (k = 0; k < f->over.n; k++)
		seg_push(&f->pending, f->over.v[k].note, f->over.v[k].from, f->over.v[k].to);
	f->over.n = 0;
	for (k = 0; k < f->pending.n; k++) {
		struct seg s = f->pending.v[k];
		/* at least one item a page, so that a huge note still ends */
		if (rest.n)
			seg_push(&rest, s.note, s.from, s.to);
		else
			room = foot_take(f, s, room, &rest, !f->foot.n);
	}
	free(f->pending.v);
	f->pending = rest;
	f->ncarry = f->foot.n;
}

/* After the look back removed lines: the foot of their notes goes too. */
static void foot_rebuild(struct flow *f, const struct page *pg)
{
	size_t k;

	for (k = 0; k < f->nbegun; k++)
		f->placed[f->begun[k]] = 0;
	f->nbegun = 0;
	f->foot.n = f->ncarry;
	f->foot_h = f->ncarry ? rule_h(f->d) : 0;
	for (k = 0; k < f->ncarry; k++)
		f->foot_h += items_h(f->d, f->foot.v[k].from, f->foot.v[k].to);
	f->over.n = 0;
	for (k = 0; k < pg->n; k++) {
		const struct place *p = &f->d->places[pg->first + k];
		foot_try(f, p->item, f->avail - (p->y + f->d->items[p->item].h), 1);
	}
}

/* Places the page's foot: the rule, then the notes, at the bottom. */
static void foot_close(struct flow *f)
{
	struct doc *d = f->d;
	float y = f->avail - f->foot_h;
	size_t k;

	if (!f->foot.n)
		return;
	place(d, (uint32_t)d->foot_rule, y + FOOT_GAP);
	y += rule_h(d);
	for (k = 0; k < f->foot.n; k++) {
		uint32_t i;
		for (i = f->foot.v[k].from; i < f->foot.v[k].to; i++) {
			place(d, i, y);
			y += d->items[i].h;
		}
	}
}

/* ---- the flow ------------------------------------------------------------- */

/* A table continuing at the top of a page gets its header again. */
static void repeat_header(struct flow *f, size_t i)
{
	struct doc *d = f->d;
	const struct vitem *v = &d->items[i];
	const struct band *b;
	const struct table *tb;
	uint32_t k;

	if (v->kind != V_BAND)
		return;
	b = &d->bands[v->aux];
	tb = &d->tables[b->table];
	if (b->header || !tb->hdr_n || i <= tb->hdr_first + tb->hdr_n - 1)
		return;
	f->injected = tb->hdr_n;
	for (k = 0; k < tb->hdr_n; k++) {
		place(d, tb->hdr_first + k, f->y);
		f->y += d->items[tb->hdr_first + k].h;
	}
}

/* Ends the page before item i: after the last item on it that allows a
 * break, or right there. Returns the item to go on with. */
static size_t end_page(struct flow *f, size_t i)
{
	struct doc *d = f->d;
	struct page *pg = &d->pages[d->npages - 1];
	size_t k = pg->first + pg->n, brk = (size_t)-1, pos = seq_pos(f, i);

	while (k-- > pg->first) {
		const struct place *p = &d->places[k];
		size_t ppos = seq_pos(f, p->item);
		if (!d->items[p->item].keep && ppos != (size_t)-1 && ppos < pos) {
			brk = k;
			break;
		}
	}
	if (brk != (size_t)-1 && seq_pos(f, d->places[brk].item) + 1 < pos) {
		size_t drop = pg->first + pg->n - (brk + 1);
		i = seq_next(f, d->places[brk].item);
		d->nplaces -= drop;
		pg->n -= drop;
		foot_rebuild(f, pg);
	}
	foot_close(f);
	page_open(d, f->kind);
	f->y = 0;
	f->injected = 0;
	foot_open(f, FOOT_CARRY_MAX);
	return i;
}

static void flow_run(struct flow *f, size_t i)
{
	struct doc *d = f->d;

	while (i != (size_t)-1) {
		const struct vitem *v = &d->items[i];
		struct page *pg = &d->pages[d->npages - 1];
		int room_ok;
		if (!pg->n && v->discard) {
			i = seq_next(f, i);
			continue;
		}
		if (!pg->n)
			repeat_header(f, i);
		room_ok = f->y + v->h <= f->avail - f->foot_h + 0.01f;
		if (pg->n > f->injected &&
		    (!room_ok || !foot_try(f, (uint32_t)i, f->avail - (f->y + v->h), 0))) {
			i = end_page(f, i);
			continue;
		}
		if (pg->n <= f->injected)
			foot_try(f, (uint32_t)i, f->avail - (f->y + v->h), 1);
		place(d, (uint32_t)i, f->y);
		f->y += v->h;
		i = seq_next(f, i);
	}
}

void paginate_spans(struct doc *d, const size_t *spans, size_t nspans, int kind)
{
	struct flow f;
	struct page *pg;
	size_t k, total = 0, first = (size_t)-1;

	memset(&f, 0, sizeof(f));
	f.d = d;
	f.sp = spans;
	f.nsp = nspans;
	f.kind = kind;
	f.avail = (float)d->height;
	f.off = xcalloc(nspans ? nspans : 1, sizeof(size_t));
	for (k = 0; k < nspans; k++) {
		f.off[k] = total;
		total += spans[2 * k + 1] > spans[2 * k] ? spans[2 * k + 1] - spans[2 * k] : 0;
		if (first == (size_t)-1 && spans[2 * k] < spans[2 * k + 1])
			first = spans[2 * k];
	}
	f.placed = xcalloc(d->nnotes ? d->nnotes : 1, 1);
	if (first != (size_t)-1) {
		page_open(d, kind);
		flow_run(&f, first);
		/* notes still waiting get pages of their own */
		while (foot_close(&f), f.pending.n || f.over.n) {
			page_open(d, kind);
			foot_open(&f, 1);
		}
		/* a page holding only discarded space would be empty: drop it */
		pg = &d->pages[d->npages - 1];
		if (!pg->n && d->npages > 1)
			d->npages--;
	}
	free(f.off);
	free(f.placed);
	free(f.begun);
	free(f.foot.v);
	free(f.pending.v);
	free(f.over.v);
}

void paginate_flow(struct doc *d, size_t from, size_t to, int kind)
{
	size_t sp[2] = { from, to };

	paginate_spans(d, sp, 1, kind);
}
