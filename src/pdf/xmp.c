/*
 * xmp.c - the document's XMP metadata: what the document info says
 * (title, the curator as creator, the question as description, the tags
 * as subjects and keywords, the creating tool, the producer and the
 * dates) in the form PDF/UA-1 and PDF/A want, plus the identification of
 * those standards; with pdf_meta.pdf_a also PDF/A-2b's output intent,
 * an sRGB profile from icc-profiles-free.
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
#include "base/diag.h"
#include "base/file.h"
#include "base/strbuf.h"

#define SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"
#define ICC_MAX_BYTES (1 << 20)

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

/* PDF/A accepts only the schemas it knows unless a file describes the
 * others: the PDF/UA identification is one of those. */
static void put_extension(struct strbuf *b)
{
	strbuf_adds(b,
		    "<rdf:Description rdf:about=\"\"\n"
		    " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
		    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
		    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
		    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
		    "<pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"
		    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
		    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
		    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
		    "<pdfaProperty:name>part</pdfaProperty:name>\n"
		    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
		    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
		    "<pdfaProperty:description>The part of ISO 14289 the file follows</pdfaProperty:description>\n"
		    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
		    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
		    "</rdf:Description>\n");
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
	if (m->pdf_a)
		strbuf_adds(b, "\n xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
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
	if (m->pdf_a)
		strbuf_adds(b, "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n");
	strbuf_adds(b, "</rdf:Description>\n");
	if (m->pdf_a)
		put_extension(b);
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

/* An ICC profile of an RGB display, as an output intent must be. */
static int display_profile(const char *data, size_t len)
{
	return len >= 128 && !memcmp(data + 12, "mntr", 4) && !memcmp(data + 16, "RGB ", 4) &&
	       !memcmp(data + 36, "acsp", 4);
}

/* PDF/A's output intent: the sRGB profile the colours are meant in. */
static int output_intent(struct doc *d)
{
	HPDF_MMgr mm = d->pdf->mmgr;
	HPDF_Dict icc, oi;
	HPDF_Array arr;
	struct strbuf why = STRBUF_INIT;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;

	if (read_file_why(SRGB_PROFILE, ICC_MAX_BYTES, &data, &len, &why)) {
		error("%s: %s; PDF/A needs this sRGB profile (Debian package icc-profiles-free)", SRGB_PROFILE,
		      why.buf);
		goto out;
	}
	if (!display_profile(data, len)) {
		error("%s: not an RGB display profile, which PDF/A needs", SRGB_PROFILE);
		goto out;
	}
	icc = new_stream(d, NULL, NULL, data, len);
	oi = HPDF_Dict_New(mm);
	arr = HPDF_Array_New(mm);
	if (!icc || !oi || !arr || HPDF_Dict_Add(d->pdf->catalog, "OutputIntents", arr) != HPDF_OK)
		goto out;
	icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Dict_AddNumber(icc, "N", 3);
	HPDF_Array_Add(arr, oi);
	HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(oi, "DestOutputProfile", icc);
	rc = d->hpdf_error ? -1 : 0;
out:
	free(data);
	strbuf_release(&why);
	return rc;
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
	return d->m->pdf_a ? output_intent(d) : 0;
}
