/*
 * paginate.c - the vertical list to pages. First fit with a look back:
 * when an item does not fit, the page ends after the last item that
 * allows a break (keep == 0); if there is none on the page, it ends right
 * there. Spaces vanish at the top of a page. A table continuing on a new
 * page gets its header bands again.
 *
 * Each item is placed at most twice (once on the page it did not fit,
 * once on the next), so the work is linear in the list.
 */
#include <string.h>

#include "pdf/pdfint.h"

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

void paginate_flow(struct doc *d, size_t from, size_t to, int kind)
{
	float avail = (float)d->height, y = 0;
	size_t i = from, injected = 0;
	struct page *pg;

	if (from >= to)
		return;
	page_open(d, kind);
	while (i < to) {
		const struct vitem *v = &d->items[i];
		pg = &d->pages[d->npages - 1];
		if (!pg->n && v->discard) {
			i++;
			continue;
		}
		/* a table continuing here gets its header again */
		if (!pg->n && v->kind == V_BAND) {
			const struct band *b = &d->bands[v->aux];
			const struct table *tb = &d->tables[b->table];
			if (!b->header && tb->hdr_n && i > tb->hdr_first + tb->hdr_n - 1) {
				uint32_t k;
				injected = tb->hdr_n;
				for (k = 0; k < tb->hdr_n; k++) {
					place(d, tb->hdr_first + k, y);
					y += d->items[tb->hdr_first + k].h;
				}
			}
		}
		if (pg->n > injected && y + v->h > avail + 0.01f) {
			size_t k = pg->first + pg->n, brk = (size_t)-1;
			while (k-- > pg->first) {
				const struct place *p = &d->places[k];
				if (!d->items[p->item].keep && p->item >= from && p->item < i) {
					brk = k;
					break;
				}
				/* never look back past the repeated header */
			}
			if (brk != (size_t)-1 && d->places[brk].item + 1 < i) {
				size_t drop = pg->first + pg->n - (brk + 1);
				i = d->places[brk].item + 1;
				d->nplaces -= drop;
				pg->n -= drop;
			} else if (brk == (size_t)-1) {
				/* nothing allows a break: cut here */
			}
			page_open(d, kind);
			y = 0;
			injected = 0;
			continue;
		}
		place(d, (uint32_t)i, y);
		y += v->h;
		i++;
	}
	/* a page holding only discarded space would be empty: drop it */
	pg = &d->pages[d->npages - 1];
	if (!pg->n && d->npages > 1)
		d->npages--;
}
