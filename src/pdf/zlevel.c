/*
 * zlevel.c - the compression level of the PDF's streams.
 *
 * libharu 2.3.0 always calls deflateInit(&s, Z_DEFAULT_COMPRESSION) and
 * has no setting for it. Deflate at the default level was the largest
 * single cost of a long brief (about 30% of the time), so this program
 * provides deflateInit_ itself: calls asking for the default level get
 * PDF_ZLEVEL (fast; files grow by a few percent), any other level is
 * passed through. The dynamic linker binds libharu's call here because
 * the executable defines the symbol; nothing else in casebrief deflates.
 */
#include <zlib.h>

#define PDF_ZLEVEL 2

int ZEXPORT deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	if (level == Z_DEFAULT_COMPRESSION)
		level = PDF_ZLEVEL;
	return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version,
			     stream_size);
}
