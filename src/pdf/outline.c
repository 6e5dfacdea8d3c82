/*
 * outline.c - what a PDF viewer shows beside the pages: a destination for
 * each heading that something points at (its bookmark, its contents
 * entry, an internal link) and for each note, the bookmark outline
 * nested by heading level (the headings the contents lists, front.c),
 * and the document info (title, author, subject, keywords, creator, and
 * the creation and modification dates, from SOURCE_DATE_EPOCH when set so
 * that output bytes are reproducible).
 *
 * Outline entries and info strings are BMP text without control
 * characters, cut with an ellipsis past MAX_PDF_STRING_CHARS; a hostile
 * document gets at most MAX_OUTLINE bookmarks. They are made here as PDF
 * text strings (tags_text_bytes) and handed to libharu as finished
 * objects: its own UTF-8 encoder would convert them as well, but making
 * that encoder fills two 128 KiB tables for every document, which was
 * 2.4 % of the instructions of a 10-page brief.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/draw.h"
#include "pdf/tags.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/version.h"

#define MAX_OUTLINE 5000

/* Longest outline entry or info string, in characters: libharu refuses
 * strings over 64 KiB, and no reader shows more than a line of either. */
#define MAX_PDF_STRING_CHARS 1000

void outline_text(struct strbuf *t, const char *s)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + strlen(s);
	size_t n = 0;

	while (q < e) {
		uint32_t cp = utf8_decode(&q, e);
		if (++n > MAX_PDF_STRING_CHARS) {
			utf8_encode(t, 0x2026);
			break;
		}
		utf8_encode(t, cp < 0x10000 && cp >= 0x20 ? cp : 0xfffd);
	}
}

void outline_destinations(struct doc *d, HPDF_Page *hp)
{
	size_t i;

	for (i = 0; i < d->nheads && !d->hpdf_error; i++) {
		struct heading *h = &d->heads[i];
		if (d->pages[h->page].kind != PAGE_BODY || (i >= MAX_OUTLINE && !h->linked))
			continue;
		h->dest = HPDF_Page_CreateDestination(hp[h->page]);
		if (h->dest)
			HPDF_Destination_SetFitH(h->dest, (HPDF_REAL)(page_top(d) - h->y + 4));
	}
	/* each note's first line, where its references lead */
	for (i = 0; i < d->nnotes && !d->hpdf_error; i++) {
		struct note *n = &d->notes[i];
		if (n->page < 0)
			continue;
		n->dest = HPDF_Page_CreateDestination(hp[n->page]);
		if (n->dest)
			HPDF_Destination_SetFitH(n->dest, (HPDF_REAL)(page_top(d) - n->y + 4));
	}
}

/* UTF-8 `s` (outline_text) as a libharu string object, or NULL. */
static void *text_object(struct doc *d, const char *s)
{
	struct strbuf t = STRBUF_INIT;
	void *o;

	if (tags_text_bytes(&t, s))
		o = HPDF_String_New(d->pdf->mmgr, t.buf, NULL);
	else
		o = HPDF_Binary_New(d->pdf->mmgr, (HPDF_BYTE *)t.buf, (HPDF_UINT)t.len);
	strbuf_release(&t);
	return o;
}

/* Sets `key` of dictionary `dict` to the text string `s` (outline_text). */
static void set_text(struct doc *d, HPDF_Dict dict, const char *key, const char *s)
{
	void *o = text_object(d, s);

	if (o)
		HPDF_Dict_Add(dict, key, o);
}

void outline_make(struct doc *d)
{
	HPDF_Outline parents[7] = { NULL };
	struct strbuf t = STRBUF_INIT;
	int depth = contents_depth(d);
	size_t i;

	for (i = 0; i < d->nheads && i < MAX_OUTLINE; i++) {
		const struct heading *h = &d->heads[i];
		HPDF_Outline o, parent = NULL;
		int lv = h->level < 1 ? 1 : h->level > 6 ? 6 : h->level, k;
		/* the headings the contents lists, and the document's title */
		if (!h->dest || (!contents_lists(d, h, depth) && h->level > 1))
			continue;
		for (k = lv - 1; k >= 1 && !parent; k--)
			parent = parents[k];
		o = HPDF_CreateOutline(d->pdf, parent, "", NULL);
		if (!o)
			break;
		strbuf_reset(&t);
		outline_text(&t, h->text);
		set_text(d, o, "Title", t.buf);
		HPDF_Outline_SetDestination(o, h->dest);
		HPDF_Outline_SetOpened(o, lv == 1 ? HPDF_TRUE : HPDF_FALSE);
		parents[lv] = o;
		for (k = lv + 1; k < 7; k++)
			parents[k] = NULL;
	}
	strbuf_release(&t);
}

/* The info dictionary's `key` (of `type`): libharu makes the dictionary
 * and the entry, which is then replaced by the text string. */
static void set_info(struct doc *d, HPDF_InfoType type, const char *key, const char *s)
{
	struct strbuf t = STRBUF_INIT;

	if (!s || !*s)
		return;
	if (HPDF_SetInfoAttr(d->pdf, type, "") == HPDF_OK && d->pdf->info) {
		outline_text(&t, s);
		set_text(d, d->pdf->info, key, t.buf);
	}
	strbuf_release(&t);
}

int outline_time(struct tm *tm)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;

	if (sde && *sde) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0)
			return -1;
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	return gmtime_r(&t, tm) ? 0 : -1;
}

static void set_dates(struct doc *d)
{
	struct tm tm;
	HPDF_Date hd;

	if (outline_time(&tm) < 0)
		return;
	d->when = tm;
	d->has_when = 1;
	memset(&hd, 0, sizeof(hd));
	hd.year = tm.tm_year + 1900;
	hd.month = tm.tm_mon + 1;
	hd.day = tm.tm_mday;
	hd.hour = tm.tm_hour;
	hd.minutes = tm.tm_min;
	hd.seconds = tm.tm_sec;
	hd.ind = 'Z';
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, hd);
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, hd);
}

void outline_info(struct doc *d)
{
	const struct pdf_meta *m = d->m;

	set_info(d, HPDF_INFO_TITLE, "Title", m->title);
	set_info(d, HPDF_INFO_AUTHOR, "Author", m->author);
	set_info(d, HPDF_INFO_SUBJECT, "Subject", m->subject);
	set_info(d, HPDF_INFO_KEYWORDS, "Keywords", m->keywords);
	set_info(d, HPDF_INFO_CREATOR, "Creator", OUTLINE_CREATOR);
	set_info(d, HPDF_INFO_PRODUCER, "Producer", OUTLINE_PRODUCER);
	set_dates(d);
}
