/*
 * xmp.c - the document's XMP metadata: what the document info says
 * (title, the curator as creator, the question as description, the tags
 * as subjects and keywords, the creating tool, the producer and the
 * dates) in the form PDF/UA-1 wants, with its identification
 * (pdfuaid:part 1).
 *
 * The strings are the document info's, cut and cleaned the same way
 * (outline_text), so the two never disagree; the dates come from the
 * same clock (d->when). The packet is not compressed, so that tools
 * which scan files for metadata find it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/pdfint.h"
#include "base/strbuf.h"

static void xml_text(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_adds(b, "&amp;"); break;
		case '<': strbuf_adds(b, "&lt;"); break;
		case '>': strbuf_adds(b, "&gt;"); break;
		case '"': strbuf_adds(b, "&quot;"); break;
		default: strbuf_addc(b, *s); break;
		}
	}
}

/* `s` as the document info has it, escaped for XML. */
static void info_text(struct strbuf *b, const char *s)
{
	struct strbuf t = STRBUF_INIT;

	outline_text(&t, s);
	xml_text(b, t.buf);
	strbuf_release(&t);
}

/* <NAME><rdf:KIND><rdf:li>VALUE</rdf:li></rdf:KIND></NAME> */
static void put_list(struct strbuf *b, const char *name, const char *kind, const char *value)
{
	if (!value || !*value)
		return;
	strbuf_addf(b, "<%s><rdf:%s><rdf:li%s>", name, kind, strcmp(kind, "Alt") ? "" : " xml:lang=\"x-default\"");
	info_text(b, value);
	strbuf_addf(b, "</rdf:li></rdf:%s></%s>\n", kind, name);
}

static void put_simple(struct strbuf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	strbuf_addf(b, "<%s>", name);
	info_text(b, value);
	strbuf_addf(b, "</%s>\n", name);
}

/* The tags (comma-separated keywords), one subject each. */
static void put_subjects(struct strbuf *b, const char *keywords)
{
	struct strbuf t = STRBUF_INIT;
	const char *p, *e;

	if (!keywords || !*keywords)
		return;
	outline_text(&t, keywords);
	strbuf_adds(b, "<dc:subject><rdf:Bag>");
	for (p = t.buf; *p; p = *e ? e + 1 : e) {
		struct strbuf one = STRBUF_INIT;
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		while (p < e && *p == ' ')
			p++;
		strbuf_add(&one, p, (size_t)(e - p));
		while (one.len && one.buf[one.len - 1] == ' ')
			strbuf_setlen(&one, one.len - 1);
		if (one.len) {
			strbuf_adds(b, "<rdf:li>");
			xml_text(b, one.buf);
			strbuf_adds(b, "</rdf:li>");
		}
		strbuf_release(&one);
	}
	strbuf_adds(b, "</rdf:Bag></dc:subject>\n");
	strbuf_release(&t);
}

static void put_dates(struct strbuf *b, const struct doc *d)
{
	char date[80];
	const struct tm *tm = &d->when;

	if (!d->has_when)
		return;
	snprintf(date, sizeof(date), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm->tm_year + 1900, tm->tm_mon + 1,
		 tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec);
	strbuf_addf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
		       "<xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date);
}

void xmp_packet(const struct doc *d, struct strbuf *b)
{
	const struct pdf_meta *m = d->m;
	struct strbuf lang = STRBUF_INIT;

	tags_lang(d, &lang);
	strbuf_adds(b, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		       "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		       "<rdf:Description rdf:about=\"\"\n"
		       " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		       " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		       " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		       " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
	strbuf_adds(b, ">\n<dc:format>application/pdf</dc:format>\n");
	put_list(b, "dc:title", "Alt", m->title);
	put_list(b, "dc:creator", "Seq", m->author);
	put_list(b, "dc:description", "Alt", m->subject);
	put_subjects(b, m->keywords);
	put_list(b, "dc:language", "Bag", lang.buf);
	put_dates(b, d);
	put_simple(b, "xmp:CreatorTool", OUTLINE_CREATOR);
	put_simple(b, "pdf:Producer", OUTLINE_PRODUCER);
	put_simple(b, "pdf:Keywords", m->keywords);
	strbuf_adds(b, "<pdfuaid:part>1</pdfuaid:part>\n");
	strbuf_adds(b, "</rdf:Description>\n");
	strbuf_adds(b, "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n");
	strbuf_release(&lang);
}

/* An uncompressed stream of `len` bytes with /Type and /Subtype names. */
static HPDF_Dict new_stream(struct doc *d, const char *type, const char *sub, const void *data, size_t len)
{
	HPDF_Dict s = HPDF_DictStream_New(d->pdf->mmgr, d->pdf->xref);

	if (!s || HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	if (type)
		HPDF_Dict_AddName(s, "Type", type);
	if (sub)
		HPDF_Dict_AddName(s, "Subtype", sub);
	return s;
}

int xmp_add(struct doc *d)
{
	struct strbuf b = STRBUF_INIT;
	HPDF_Dict s;

	xmp_packet(d, &b);
	s = new_stream(d, "Metadata", "XML", b.buf, b.len);
	strbuf_release(&b);
	if (!s || HPDF_Dict_Add(d->pdf->catalog, "Metadata", s) != HPDF_OK)
		return -1;
	return 0;
}
