/*
 * shapestore.h - shapes shared by the engines of one process.
 *
 * An engine keeps the shapes of the texts it has met, for its own thread
 * (shape.c). When several engines work at once (a batch on several
 * threads: one engine per worker), each would shape the same words again;
 * with the store on, a text an engine has not shaped yet is looked up
 * here first, and what an engine shapes is put here for the others.
 *
 * A text's glyphs depend only on its bytes, the font file and whether the
 * face is set plain: every engine makes its HarfBuzz font of a file the
 * same way (face_init) and shapes with the same buffer settings. So which
 * engine shaped a text first changes nothing in any output.
 */
#ifndef CASEBRIEF_PDF_SHAPESTORE_H
#define CASEBRIEF_PDF_SHAPESTORE_H

#include <stddef.h>
#include <stdint.h>

#include "pdf/engine.h"
#include "pdf/fontfile.h"

/* Turns the store on, for the rest of the process. Call before the
 * threads that render start. */
void shape_store_enable(void);
/* Whether it is on. */
int shape_store_on(void);

/*
 * The store's copy of the glyphs of `len` bytes at `s` (hash `h`,
 * hash_fast's) in font file `ff`, set plain or not, or NULL when it does
 * not hold them (or another thread is using the store: waiting would
 * cost more than shaping). *n gets how many, *width their advance, *text
 * the store's copy of the text (NUL-terminated). What the store holds
 * stays where it is until the process ends. Thread-safe.
 */
const struct glyph *shape_store_find(const struct font_file *ff, int plain, uint64_t h, const char *s,
				     size_t len, size_t *n, int64_t *width, const char **text);

/*
 * Keeps a copy of the n glyphs `g` of that text and returns it (with the
 * text's copy in *text), or NULL when the store is full or busy. When
 * another engine put the text there meanwhile, returns that copy.
 * Thread-safe.
 */
const struct glyph *shape_store_add(const struct font_file *ff, int plain, uint64_t h, const char *s,
				    size_t len, const struct glyph *g, size_t n, int64_t width,
				    const char **text);

#endif
