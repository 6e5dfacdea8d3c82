/*
 * save.c - the document's streams compressed by casebrief, and the PDF
 * written to memory.
 *
 * libharu compresses each stream with zlib while it saves (deflate at
 * the default level was the largest cost of a long document), copying
 * every byte through its memory streams one at a time on the way. Here
 * each stream that asks for /FlateDecode is taken out of libharu as soon
 * as it is complete (a page's contents once the page is drawn, the rest
 * before saving), compressed with libdeflate on the engine's threads
 * (pool.h), and put back as a stream libharu copies as it is; its
 * dictionary gets the /Filter entry libharu would have written, from the
 * dictionary's write callback (libharu drops /Filter from a stream that
 * has no filter of its own). The PDF goes straight into the caller's
 * buffer. Compression is a function of a stream's bytes alone, so the
 * file does not depend on the number of threads.
 *
 * A page's content comes straight from the buffer it was drawn into
 * (save_contents), without passing through libharu's stream, which
 * copies a byte at a time. Taking a page's bytes early also means a
 * long document never holds all its pages uncompressed at once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/pack.h"
#include "pdf/pdfint.h"
#include "pdf/pool.h"
#include "base/alloc.h"
#include "base/strbuf.h"

struct zjob {
	struct pool_task t;     /* first: the task is the job */
	struct pdf_engine *e;
	uint8_t *in, *out;      /* in: freed once compressed; out: the stream's */
	size_t inlen, outlen, pos;
};

static void compress_job(struct pool_task *t, int slot)
{
	struct zjob *j = (struct zjob *)t;
	struct libdeflate_compressor *c = pack_compressor(j->e->zc, slot);
	size_t cap = libdeflate_zlib_compress_bound(c, j->inlen);

	j->out = xmalloc(cap);
	j->outlen = j->inlen ? libdeflate_zlib_compress(c, j->in, j->inlen, j->out, cap) : 0;
	/* a long document keeps every page's stream until it is saved */
	j->out = xrealloc(j->out, j->outlen);
	free(j->in);
	j->in = NULL;
}

/* ---- the stream libharu copies ------------------------------------------ */

static HPDF_STATUS zread(HPDF_Stream s, HPDF_BYTE *buf, HPDF_UINT *size)
{
	struct zjob *j = s->attr;
	size_t n = j->outlen - j->pos;

	if (n > *size)
		n = *size;
	memcpy(buf, j->out + j->pos, n);
	j->pos += n;
	*size = (HPDF_UINT)n;
	return j->pos == j->outlen ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS zseek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct zjob *j = s->attr;

	if (mode != HPDF_SEEK_SET || pos < 0 || (size_t)pos > j->outlen)
		return HPDF_SetError(s->error, HPDF_INVALID_OPERATION, 0);
	j->pos = (size_t)pos;
	return HPDF_OK;
}

static HPDF_INT32 ztell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct zjob *)s->attr)->pos;
}

static HPDF_UINT32 zsize(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct zjob *)s->attr)->outlen;
}

static void zfree(HPDF_Stream s)
{
	struct zjob *j = s->attr;

	if (j) {
		free(j->in);
		free(j->out);
		j->in = j->out = NULL;
	}
	s->attr = NULL;
}

/* Written after the dictionary's own entries, where libharu puts /Filter. */
static HPDF_STATUS put_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

/* A stream libharu would compress with zlib and nothing else. */
static int ours(HPDF_Dict dict)
{
	return dict->stream && dict->stream->type == HPDF_STREAM_MEMORY &&
	       dict->filter == HPDF_STREAM_FILTER_FLATE_DECODE && !dict->filterParams && !dict->write_fn;
}

/* The bytes of a memory stream, in one buffer with room for `extra` more. */
static uint8_t *stream_bytes(HPDF_Stream s, size_t extra, size_t *len)
{
	HPDF_UINT i, n = HPDF_MemStream_GetBufCount(s), l;
	uint8_t *buf = xmalloc(s->size + extra + 1);
	size_t at = 0;

	for (i = 0; i < n; i++) {
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &l);
		if (!p || at + l > s->size)
			break;
		memcpy(buf + at, p, l);
		at += l;
	}
	*len = at;
	return buf;
}

/* Stream `dict` becomes the `inlen` bytes at `in` (the job's to free),
 * compressed on the engine's threads. */
static int take(struct doc *d, HPDF_Dict dict, uint8_t *in, size_t inlen)
{
	struct zjob *j;
	HPDF_Stream s;

	j = arena_alloc(&d->arena, sizeof(*j));
	j->t.run = compress_job;
	j->e = d->e;
	j->in = in;
	j->inlen = inlen;
	s = HPDF_CallbackReader_New(d->pdf->mmgr, zread, zseek, ztell, zsize, j);
	if (!s) {
		free(in);
		return -1;
	}
	s->free_fn = zfree;
	HPDF_Stream_Free(dict->stream);
	dict->stream = s;
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = put_filter;
	pool_push(d->helpers, &j->t);
	return 0;
}

int save_stream(struct doc *d, HPDF_Dict dict)
{
	uint8_t *in;
	size_t len;

	if (!ours(dict))
		return 0;
	in = stream_bytes(dict->stream, 0, &len);
	if (len != dict->stream->size) {
		free(in);
		return -1;
	}
	return take(d, dict, in, len);
}

int save_contents(struct doc *d, HPDF_Dict dict, struct strbuf *tail)
{
	uint8_t *in;
	size_t len;

	if (!ours(dict)) {
		HPDF_STATUS rc = tail->len ? HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)tail->buf,
							      (HPDF_UINT)tail->len) : HPDF_OK;
		strbuf_reset(tail);
		return rc == HPDF_OK ? 0 : -1;
	}
	/* a page's content is all casebrief's: no copy */
	if (!dict->stream->size) {
		in = (uint8_t *)strbuf_detach(tail, &len);
		return take(d, dict, in, len);
	}
	in = stream_bytes(dict->stream, tail->len, &len);
	if (len != dict->stream->size) {
		free(in);
		strbuf_reset(tail);
		return -1;
	}
	memcpy(in + len, tail->buf, tail->len);
	len += tail->len;
	strbuf_reset(tail);
	return take(d, dict, in, len);
}

/* Every stream of the document not taken yet. */
static int take_the_rest(struct doc *d)
{
	HPDF_Xref x;
	HPDF_UINT i;

	for (x = d->pdf->xref; x; x = x->prev) {
		for (i = 0; i < x->entries->count; i++) {
			HPDF_XrefEntry en = HPDF_List_ItemAt(x->entries, i);
			HPDF_Obj_Header *h = en ? en->obj : NULL;
			if (h && (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT && save_stream(d, en->obj) < 0)
				return -1;
		}
	}
	return 0;
}

static HPDF_STATUS append(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	strbuf_add(s->attr, p, n);
	return HPDF_OK;
}

int save_document(struct doc *d, struct strbuf *out, size_t *bytes, struct pool_task *beside)
{
	size_t start = out->len;
	int ret;

	ret = take_the_rest(d);
	pool_wait(d->helpers);
	if (ret || d->hpdf_error)
		return -1;
	if (beside)
		pool_push(d->helpers, beside);
	/* HPDF_SaveToStream writes into the document's stream when it has one */
	d->pdf->stream = HPDF_CallbackWriter_New(d->pdf->mmgr, append, out);
	if (!d->pdf->stream || HPDF_SaveToStream(d->pdf) != HPDF_OK)
		return -1;
	*bytes = out->len - start;
	return 0;
}

void save_release(struct doc *d)
{
	/* (without d->pdf, none is left: the pool may still be freeing it) */
	if (d->pdf)
		pool_wait(d->helpers);
}

struct save_free_job {
	struct pool_task t;
	HPDF_Doc pdf;
	struct arena arena;     /* the document's: its streams' jobs (zfree) */
};

/* libharu walks its hundred thousand objects to free them: a helper
 * does it while the engine's thread writes the file, or assembles the
 * next document. */
static void free_doc(struct pool_task *t, int slot)
{
	struct save_free_job *j = (struct save_free_job *)t;

	(void)slot;
	HPDF_Free(j->pdf);
	arena_release(&j->arena);
	/* its objects are many small blocks the C library would keep, so
	 * the next document would come on top of them */
	alloc_trim();
}

void save_wait_free(struct pdf_engine *e)
{
	/* (a job run at once, without helpers, is done already) */
	if (e->freeing)
		pool_wait_for(e->pool, &e->freeing->t);
}

void save_free(struct doc *d)
{
	struct pdf_engine *e = d->e;
	struct save_free_job *j;

	save_wait_free(e);
	if (!e->freeing)
		e->freeing = xcalloc(1, sizeof(*e->freeing));
	j = e->freeing;
	j->t.run = free_doc;
	j->pdf = d->pdf;
	d->pdf = NULL;
	/* the document is gone by then: nothing may point back at it */
	HPDF_SetErrorHandler(j->pdf, NULL);
	j->arena = d->arena;
	d->arena.head = NULL;
	/* (without helpers, at once) */
	pool_push(d->helpers, &j->t);
}
