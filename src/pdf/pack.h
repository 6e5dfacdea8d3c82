/*
 * pack.h - the file libharu saved, rewritten compact and completed.
 *
 * libharu 2.3.0 writes every object uncompressed with a classic
 * cross-reference table. pdf_pack keeps its streams as they are and
 * moves every other object (pages, annotations, outline entries, font
 * dictionaries, and the structure tree, which is most of a tagged
 * document's objects) into compressed object streams, with a
 * cross-reference stream instead of the table (PDF 1.5 and later). It
 * also adds the objects made outside libharu (struct pack_objs) and gives
 * the trailer an /ID computed from the bytes, so the same document gives
 * the same file.
 */
#ifndef CASEBRIEF_PDF_PACK_H
#define CASEBRIEF_PDF_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

/* Object bodies (what goes between "N 0 obj" and "endobj", no streams):
 * an id below libharu's count replaces that object; the others are new
 * and must run on from libharu's count without a gap. */
struct pack_obj {
	uint32_t id;
	size_t off, len;        /* in pack_objs.text */
};
struct pack_objs {
	struct strbuf text;
	struct pack_obj *v;
	size_t n, alloc;
};

void pack_objs_release(struct pack_objs *o);
/* Starts object `id`: its body is what is appended to o->text until
 * pack_objs_end. */
void pack_objs_begin(struct pack_objs *o, uint32_t id);
void pack_objs_end(struct pack_objs *o);

struct pool;
struct libdeflate_compressor;

/* zc[slot], made on first use: the one level every stream the program
 * compresses is deflated at (save.c's and the object streams alike). */
struct libdeflate_compressor *pack_compressor(struct libdeflate_compressor **zc, int slot);

/*
 * Appends the packed PDF (version 1.7) made of the `len` bytes libharu
 * saved at `in` and the objects `o` (may be NULL) to `out`. The object
 * streams are deflated as tasks of `pool` (may be NULL), with zc[slot]
 * as each thread's compressor (made when NULL; POOL_SLOTS of them, the
 * caller's to free); the bytes do not depend on the pool. Returns 0, or
 * -1 when the input is not what libharu writes (nothing appended then).
 */
int pdf_pack(const char *in, size_t len, const struct pack_objs *o, struct pool *pool,
	     struct libdeflate_compressor **zc, struct strbuf *out);

#endif
