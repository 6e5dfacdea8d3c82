/*
 * image.h - PNG and JPEG files read, checked and decoded by casebrief
 * before libharu sees them: libharu's own PNG path ends in abort() on a
 * damaged file, and neither path bounds the size of what it decodes.
 *
 * image_read opens a file below a directory and never outside it, and
 * only a regular file of bounded size. image_decode turns a PNG into 8-bit
 * gray or RGB samples with a separate alpha plane (every colour type and
 * bit depth, interlaced or not, palette and tRNS transparency included),
 * and decodes a JPEG in full to prove it sound, keeping its bytes: a PDF
 * carries a JPEG as it is. image_to_pdf makes the XObject. The limits are
 * checked on the header, before any pixel is allocated.
 */
#ifndef CASEBRIEF_PDF_IMAGE_H
#define CASEBRIEF_PDF_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "base/strbuf.h"

#define IMAGE_MAX_BYTES (32u << 20)      /* an image file */
#define IMAGE_MAX_SIDE 16384u            /* width or height, in pixels */
#define IMAGE_MAX_PIXELS 25000000u       /* width x height of one image */
#define IMAGE_MAX_JPEG_SCANS 64u         /* progressive JPEG passes */
#define IMAGE_WHY 160                    /* room for a reason (a `why` buffer) */

enum image_format { IMAGE_NONE, IMAGE_PNG, IMAGE_JPEG };

struct image_data {
	int format;                 /* IMAGE_PNG or IMAGE_JPEG */
	uint32_t w, h;
	int channels;               /* PNG: 1 gray or 3 RGB; JPEG: 1, 3 or 4 components */
	unsigned char *pix;         /* PNG: w * h * channels samples, top row first (owned) */
	unsigned char *alpha;       /* PNG: w * h samples; NULL when every pixel is opaque (owned) */
	const unsigned char *bytes; /* JPEG: the file as given (the caller's buffer) */
	size_t len;
	char why[IMAGE_WHY];        /* after a failure: what is wrong, for a message */
};

/* IMAGE_PNG or IMAGE_JPEG from a file's first bytes, else IMAGE_NONE. */
int image_sniff(const unsigned char *buf, size_t len);

/* True when an image URL names a local file a PDF can hold (a relative
 * path ending in .png, .jpg or .jpeg): the images the typesetter loads.
 * Any other (remote, SVG, ...) shows its description, without a warning. */
int image_url_is_local(const char *url);

/* A file image_read read. */
struct image_file {
	char *data;                 /* its bytes, NUL-terminated (the caller frees) */
	size_t len;
	size_t size;                /* its size by fstat, also when it was refused; 0 unknown */
};

/*
 * Reads the file `rel` (a relative path) below directory `dir` (NULL: the
 * current directory). Symbolic links are followed only while they stay
 * inside `dir` (the path is resolved, checked to be below the resolved
 * `dir`, then opened one component at a time without following links, so
 * a link swapped in meanwhile is refused too). The file is opened without
 * blocking and read with base/file.h's read_fd_why: only a regular file
 * of at most `max` bytes (and IMAGE_MAX_BYTES), its size checked first.
 * Returns 0, or -1 with the reason in `why` (IMAGE_WHY bytes; f->data is
 * then NULL).
 */
int image_read(const char *dir, const char *rel, size_t max, struct image_file *f, char *why);

/*
 * Decodes (PNG) or checks (JPEG) the `len` bytes at `buf`, refusing more
 * than `max_pixels` pixels (and anything over the IMAGE_MAX limits) from
 * the header alone. Returns 0 with `im` filled in, or -1 with im->why
 * set; never aborts, whatever the bytes are. A JPEG's im->bytes points
 * into `buf`, which must outlive `im`. Release with image_data_release.
 */
int image_decode(const unsigned char *buf, size_t len, uint64_t max_pixels, struct image_data *im);
/* Frees the samples; keeps im->why. */
void image_data_release(struct image_data *im);

/*
 * Whether `rel` below `dir` would load: image_read, then image_decode
 * within the IMAGE_MAX limits. Returns 0, or -1 with the reason in `why`
 * (IMAGE_WHY bytes). For `check`, which has no PDF to put it in.
 */
int image_check_file(const char *dir, const char *rel, char *why);

/*
 * The image as an XObject of `pdf` (a PNG's alpha as its soft mask), or
 * NULL with im->why set when libharu refuses it; libharu's error is then
 * reset. The samples can be released once this returns.
 */
HPDF_Image image_to_pdf(HPDF_Doc pdf, struct image_data *im);

#endif
