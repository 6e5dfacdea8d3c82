/*
 * furniture.c - what every page but the cover carries outside the text
 * area: a running header (a hairline; the document's title on the left,
 * at most two thirds of the line; the current section on the right,
 * shortened to fit beside it) and a centred "Page X of Y" footer. Both
 * are shortened at a word boundary with an ellipsis rather than
 * overflow, in linear time (each character measured once; the result
 * measured again, shaped, as it is drawn).
 */
#include <stdio.h>
#include <string.h>

#include "pdf/draw.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#define HEADER_GAP 26.0
#define FOOTER_GAP 34.0

/* The section (last level-1 or level-2 heading begun) on body page pi. */
static const char *page_section(const struct doc *d, size_t pi)
{
	const char *sect = NULL;
	size_t i;

	if (d->pages[pi].kind != PAGE_BODY)
		return NULL;
	for (i = 0; i < d->nheads && (size_t)d->heads[i].page <= pi; i++) {
		if (d->heads[i].level <= 2 && d->pages[d->heads[i].page].kind == PAGE_BODY)
			sect = d->heads[i].text;
	}
	return sect;
}

/* A character that does not end a shortened header well: a space, or
 * punctuation and dashes that would dangle before the ellipsis. */
static int dangles(uint32_t cp)
{
	return cp == ' ' || cp == ',' || cp == ';' || cp == ':' || cp == '-' || cp == '(' || cp == 0x2013 ||
	       cp == 0x2014 || cp == 0x2018 || cp == 0x201c;
}

/*
 * Puts into `out` the whole of `s` when it fits in `room` points, else
 * its longest run of whole words that fits with an ellipsis after it (a
 * single word too long for the room is cut inside). Linear: each
 * character is measured once. Returns the width of `out`.
 */
static double fit_text(struct canvas *cv, float size, const char *s, double room, struct strbuf *out)
{
	const char *ell = "\xe2\x80\xa6";
	double ell_w = canvas_width(cv, FONT_SANS, size, ell, strlen(ell)), w = 0;
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	/* keep: the end of the text so far without the dangling characters */
	const unsigned char *word_end = NULL, *char_end = q, *keep = q;
	double keep_w = 0;
	size_t n = (size_t)(e - q);
	int in_word = 0;

	strbuf_reset(out);
	while (q < e) {
		uint32_t cp = utf8_decode(&q, e), o;
		int subst, f = canvas_resolve(cv, FONT_SANS, cp, &o, &subst);
		double cw;
		if (f == FACE_UNKNOWN)
			return 0;
		cw = font_adv(cv->d->e, f, o) * size / 1000.0;
		if (cp == ' ' && in_word && keep_w + ell_w <= room)
			word_end = keep;
		in_word = cp != ' ';
		w += cw;
		if (!dangles(cp)) {
			keep = q;
			keep_w = w;
		}
		if (w + ell_w <= room && !dangles(cp))
			char_end = q;
	}
	if (w <= room) {
		strbuf_add(out, s, n);
	} else {
		if (!word_end)
			word_end = char_end;
		strbuf_add(out, s, (size_t)(word_end - (const unsigned char *)s));
		strbuf_adds(out, ell);
	}
	/* as drawn: shaped (the sum above leaves kerning out), once: the
	 * drawing finds the shape in the cache */
	return canvas_width(cv, FONT_SANS, size, out->buf, out->len);
}

int draw_furniture(struct pen *pn)
{
	struct canvas *cv = pn->cv;
	const struct doc *d = cv->d;
	size_t pi = cv->pi;
	const struct pdf_style *st = d->st;
	double w = st->page_w, left = d->left, right = d->left + d->width;
	char buf[64];
	float size = (float)st->small;
	double tw = 0, title_w = 0, rule_y = page_top(d) + HEADER_GAP - 6;
	const char *title = d->m->title ? d->m->title : "";
	struct strbuf *b = &cv->tmp;

	/* pagination artifacts: the header with its rule, then the footer */
	strbuf_addlit(pn->out, "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
	gfx_line(pn->out, st->rule, 0.4, left, rule_y, right, rule_y);
	strbuf_addlit(pn->out, "BT\n");
	pn->font = -1;
	/* the title on the left, at most two thirds of the line */
	if (*title) {
		title_w = fit_text(cv, size, title, d->width * 2 / 3, b);
		if (cv->blocked || pen_text_routed(pn, FONT_SANS, size, st->muted, left,
				    page_top(d) + HEADER_GAP, b->buf) < 0)
			goto fail;
	}
	/* the current section on the right, shortened to fit beside the title */
	{
		const char *sect = page_section(d, pi);
		double room = d->width - title_w - 24, sw;
		if (sect && strcmp(sect, title) && room > 60) {
			sw = fit_text(cv, size, sect, room, b);
			if (cv->blocked || pen_text_routed(pn, FONT_SANS, size, st->muted, right - sw,
					    page_top(d) + HEADER_GAP, b->buf) < 0)
				goto fail;
		}
	}
	strbuf_addlit(pn->out, "ET\n");
	strbuf_addlit(pn->out, "EMC\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
	strbuf_addlit(pn->out, "BT\n");
	snprintf(buf, sizeof(buf), "Page %zu of %zu", pi + 1, d->npages);
	tw = canvas_width(cv, FONT_SANS, size, buf, strlen(buf));
	if (pen_text(pn, FONT_SANS, size, st->muted, (w - tw) / 2, st->margin_bottom - FOOTER_GAP, buf,
		     strlen(buf)) < 0)
		goto fail;
	strbuf_addlit(pn->out, "ET\n");
	strbuf_addlit(pn->out, "EMC\n");
	return 0;
fail:
	strbuf_addlit(pn->out, "ET\n");
	strbuf_addlit(pn->out, "EMC\n");
	return -1;
}
