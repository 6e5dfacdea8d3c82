/*
 * dump.c - the --dump-layout text (its format is in pdf.h): one line per
 * item placed on each page, with what pagination and line breaking
 * decided, so tests can diff layouts instead of PDF bytes.
 */
#include "pdf/pdfint.h"
#include "base/strbuf.h"

static const char *const kind_names[] = { "space", "line", "rule", "image", "chart", "band", "toc" };
static const char *const brk_names[] = { "", "glue", "hyphen", "forced", "last", "char" };

void dump_layout(struct doc *d, struct strbuf *out)
{
	static const char *const pk[] = { "cover", "contents", "body" };
	size_t pi, i;

	strbuf_addf(out, "pages %zu  text area %.2f x %.2f\n", d->npages, d->width, d->height);
	for (pi = 0; pi < d->npages; pi++) {
		const struct page *p = &d->pages[pi];
		strbuf_addf(out, "page %zu %s\n", pi + 1, pk[p->kind]);
		for (i = 0; i < p->n; i++) {
			const struct place *pl = &d->places[p->first + i];
			const struct vitem *v = &d->items[pl->item];
			uint32_t k;
			strbuf_addf(out, "  %7.2f %-5s h=%.2f", pl->y, kind_names[v->kind], v->h);
			if (v->kind == V_LINE || v->kind == V_TOC)
				strbuf_addf(out, " r=%.3f %s", v->r, brk_names[v->brk]);
			if (v->keep)
				strbuf_adds(out, " keep");
			if (v->heading >= 0)
				strbuf_addf(out, " h%d", d->heads[v->heading].level);
			if (v->kind == V_BAND) {
				const struct band *b = &d->bands[v->aux];
				strbuf_addf(out, " table=%d%s", b->table, b->header ? " header" : "");
			}
			if (v->nfrag) {
				const struct frag *f0 = item_frags(d, v);
				float end = -1;
				strbuf_adds(out, " |");
				for (k = 0; k < v->nfrag; k++) {
					const struct frag *f = &f0[k];
					if (k && f->x > end + 0.01f)
						strbuf_addc(out, ' ');
					if (f->flags & IF_IMAGE)
						strbuf_adds(out, "\xef\xbf\xbc"); /* U+FFFC */
					else
						strbuf_add(out, d->pool.buf + f->off, f->len);
					end = f->x + f->w;
				}
				strbuf_addf(out, "| w=%.2f", end - f0[0].x);
			}
			strbuf_addc(out, '\n');
		}
	}
}
