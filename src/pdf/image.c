/*
 * image.c - reading an image file without leaving its directory, and
 * decoding PNG (libpng) and JPEG (libjpeg) with their errors caught.
 *
 * Both libraries report errors by calling back, and libpng's default
 * handler, which libharu keeps, aborts: here each handler records the
 * message and longjmps out to the decoder, which frees what it holds.
 * libjpeg's warnings (damaged entropy data, a file cut short) count as
 * errors too: the viewer would decode the same bytes and show grey
 * blocks. A JPEG is decoded at 1/8 scale: the entropy-coded data is read
 * in full, which is what proves the file sound, without the cost of the
 * full inverse DCT.
 */
#include "pdf/image.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include "base/alloc.h"
#include "base/file.h"

/* libpng's own allocations: a chunk it keeps (a palette, text) and how
 * many ancillary chunks it caches; libjpeg's working memory. */
#define PNG_CHUNK_MAX (1u << 20)
#define PNG_CHUNK_CACHE 64
#define JPEG_MAX_MEMORY (256L << 20)

int image_sniff(const unsigned char *buf, size_t len)
{
	if (len >= 8 && !memcmp(buf, "\x89PNG\r\n\x1a\n", 8))
		return IMAGE_PNG;
	if (len >= 3 && buf[0] == 0xff && buf[1] == 0xd8 && buf[2] == 0xff)
		return IMAGE_JPEG;
	return IMAGE_NONE;
}

int image_url_is_local(const char *url)
{
	size_t n = url ? strlen(url) : 0;

	if (!n || strstr(url, "://") || !strncmp(url, "mailto:", 7) || url[0] == '#' || url[0] == '/')
		return 0;
	return (n > 4 && !strcasecmp(url + n - 4, ".png")) || (n > 4 && !strcasecmp(url + n - 4, ".jpg")) ||
	       (n > 5 && !strcasecmp(url + n - 5, ".jpeg"));
}

void image_data_release(struct image_data *im)
{
	free(im->pix);
	free(im->alpha);
	im->pix = NULL;
	im->alpha = NULL;
	im->bytes = NULL;
	im->len = 0;
}

/* ---- reading a file below a directory ---------------------------------- */

/*
 * Where to read from: the directory's fd (resolved), and the path below
 * it once resolved. Returns NULL with `why` set when the file is missing
 * or resolves outside the directory.
 */
static char *resolve_below(const char *dir, const char *rel, int *dirfd, char *why)
{
	struct strbuf full = STRBUF_INIT;
	char *rdir = realpath(dir, NULL), *rfile = NULL, *below = NULL;
	size_t n;

	*dirfd = -1;
	if (!rdir) {
		snprintf(why, IMAGE_WHY, "its directory %s: %s", dir, strerror(errno));
		goto out;
	}
	strbuf_addf(&full, "%s/%s", dir, rel);
	rfile = realpath(full.buf, NULL);
	if (!rfile) {
		snprintf(why, IMAGE_WHY, "%s", strerror(errno));
		goto out;
	}
	n = strlen(rdir);
	if (n == 1)
		n = 0; /* the root: everything is below it */
	if (strncmp(rfile, rdir, n) || rfile[n] != '/' || !rfile[n + 1]) {
		snprintf(why, IMAGE_WHY, "it resolves to a file outside %s", dir);
		goto out;
	}
	*dirfd = open(rdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*dirfd < 0) {
		snprintf(why, IMAGE_WHY, "its directory %s: %s", dir, strerror(errno));
		goto out;
	}
	below = xstrdup(rfile + n + 1);
out:
	strbuf_release(&full);
	free(rdir);
	free(rfile);
	return below;
}

/* Opens `path` (resolved: no link, "." or ".." in it) below `dirfd` one
 * step at a time, following no link; the file itself without blocking
 * (it may be a FIFO). Closes `dirfd`. */
static int open_below(int dirfd, char *path)
{
	char *p = path, *slash;
	int fd;

	while ((slash = strchr(p, '/')) != NULL) {
		*slash = 0;
		fd = openat(dirfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(dirfd);
		if (fd < 0)
			return -1;
		dirfd = fd;
		p = slash + 1;
	}
	fd = openat(dirfd, p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	close(dirfd);
	return fd;
}

int image_read(const char *dir, const char *rel, size_t max, struct image_file *f, char *why)
{
	struct strbuf msg = STRBUF_INIT;
	struct stat st;
	int dirfd, fd, ret = -1;
	char *below;

	memset(f, 0, sizeof(*f));
	if (!rel[0] || rel[0] == '/') {
		snprintf(why, IMAGE_WHY, "not a relative path");
		return -1;
	}
	below = resolve_below(dir ? dir : ".", rel, &dirfd, why);
	if (!below)
		return -1;
	fd = open_below(dirfd, below);
	if (fd < 0) {
		snprintf(why, IMAGE_WHY, "%s", errno == ELOOP ? "a symbolic link appeared in its path" : strerror(errno));
	} else {
		if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0)
			f->size = (size_t)st.st_size;
		ret = read_fd_why(fd, max < IMAGE_MAX_BYTES ? max : IMAGE_MAX_BYTES, &f->data, &f->len, &msg);
		if (ret)
			snprintf(why, IMAGE_WHY, "%s", msg.buf);
		close(fd);
	}
	strbuf_release(&msg);
	free(below);
	return ret ? -1 : 0;
}

/* The header's size against the limits, before anything is allocated. */
static int too_large(struct image_data *im, uint64_t max_pixels)
{
	if (im->w > IMAGE_MAX_SIDE || im->h > IMAGE_MAX_SIDE)
		snprintf(im->why, sizeof(im->why), "%u x %u pixels: a side is longer than the limit of %u",
			 (unsigned)im->w, (unsigned)im->h, IMAGE_MAX_SIDE);
	else if ((uint64_t)im->w * im->h > max_pixels)
		snprintf(im->why, sizeof(im->why), "%u x %u pixels is more than the limit of %llu pixels",
			 (unsigned)im->w, (unsigned)im->h, (unsigned long long)max_pixels);
	else if (!im->w || !im->h)
		snprintf(im->why, sizeof(im->why), "an image of no pixels");
	else
		return 0;
	return 1;
}

/* ---- PNG ------------------------------------------------------------- */

struct png_src {
	const unsigned char *buf;
	size_t len, off;
	struct image_data *im;
	unsigned char **rows;
};

static void png_fail(png_structp png, png_const_charp msg)
{
	struct png_src *s = png_get_error_ptr(png);

	snprintf(s->im->why, sizeof(s->im->why), "not a valid PNG file (%s)", msg);
	png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void png_take(png_structp png, png_bytep out, png_size_t n)
{
	struct png_src *s = png_get_io_ptr(png);

	if (n > s->len - s->off)
		png_error(png, "the file is cut short");
	memcpy(out, s->buf + s->off, n);
	s->off += n;
}

/* Moves the alpha samples of interleaved gray+alpha or RGBA pixels into a
 * plane of their own; drops the plane when every pixel is opaque. */
static void split_alpha(struct image_data *im, int ch)
{
	size_t n = (size_t)im->w * im->h, i;
	int c, k = ch - 1, opaque = 1;
	unsigned char *src = im->pix, *dst = im->pix;

	im->alpha = xmalloc(n);
	for (i = 0; i < n; i++) {
		for (c = 0; c < k; c++)
			*dst++ = src[c];
		im->alpha[i] = src[k];
		opaque &= src[k] == 255;
		src += ch;
	}
	im->channels = k;
	if (opaque) {
		free(im->alpha);
		im->alpha = NULL;
	}
}

/* Every colour type and depth to 8-bit gray, gray+alpha, RGB or RGBA. */
static void png_transforms(png_structp png, png_infop info)
{
	int type = png_get_color_type(png, info);

	png_set_scale_16(png);
	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
}

/* The decoding itself, between setjmp and the error handler's longjmp:
 * everything it allocates is reachable from `s`. */
static int png_run(png_structp png, png_infop info, struct png_src *s, uint64_t max_pixels)
{
	struct image_data *im = s->im;
	size_t rowbytes, y;
	int ch;

	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_set_read_fn(png, s, png_take);
	png_set_chunk_malloc_max(png, PNG_CHUNK_MAX);
	png_set_chunk_cache_max(png, PNG_CHUNK_CACHE);
	/* only IHDR, PLTE, tRNS, IDAT and IEND matter to the picture */
	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
	png_read_info(png, info);
	im->w = png_get_image_width(png, info);
	im->h = png_get_image_height(png, info);
	if (too_large(im, max_pixels))
		return -1;
	png_transforms(png, info);
	ch = png_get_channels(png, info);
	rowbytes = png_get_rowbytes(png, info);
	if (png_get_bit_depth(png, info) != 8 || ch < 1 || ch > 4 || rowbytes != (size_t)im->w * ch) {
		snprintf(im->why, sizeof(im->why), "a PNG layout that cannot be converted");
		return -1;
	}
	im->pix = xmalloc(rowbytes * im->h);
	s->rows = xmalloc(im->h * sizeof(*s->rows));
	for (y = 0; y < im->h; y++)
		s->rows[y] = im->pix + y * rowbytes;
	png_read_image(png, s->rows);
	im->channels = ch;
	if (ch == 2 || ch == 4)
		split_alpha(im, ch);
	return 0;
}

static int png_decode(const unsigned char *buf, size_t len, uint64_t max_pixels, struct image_data *im)
{
	struct png_src s = { buf, len, 0, im, NULL };
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s, png_fail, png_warn);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int ret = -1;

	if (!info)
		snprintf(im->why, sizeof(im->why), "out of memory");
	else
		ret = png_run(png, info, &s, max_pixels);
	png_destroy_read_struct(&png, info ? &info : NULL, NULL);
	free(s.rows);
	return ret;
}

/* ---- JPEG ------------------------------------------------------------ */

struct jpeg_fail {
	struct jpeg_error_mgr pub;      /* first: libjpeg's cinfo->err points here */
	struct jpeg_progress_mgr progress;
	jmp_buf jb;
	struct image_data *im;
};

static void jpeg_fail_exit(j_common_ptr ci)
{
	struct jpeg_fail *f = (struct jpeg_fail *)ci->err;
	char msg[JMSG_LENGTH_MAX];

	ci->err->format_message(ci, msg);
	snprintf(f->im->why, sizeof(f->im->why), "not a valid JPEG file (%.120s)", msg);
	longjmp(f->jb, 1);
}

/* Level -1 is a warning: damaged data, which fails the file. */
static void jpeg_fail_emit(j_common_ptr ci, int level)
{
	if (level < 0)
		jpeg_fail_exit(ci);
}

/* A progressive file costs a pass over the picture per scan. */
static void jpeg_count_scans(j_common_ptr ci)
{
	struct jpeg_fail *f = (struct jpeg_fail *)ci->err;
	j_decompress_ptr d = (j_decompress_ptr)ci;

	if (d->input_scan_number > (int)IMAGE_MAX_JPEG_SCANS) {
		snprintf(f->im->why, sizeof(f->im->why), "a JPEG file of more than %u scans", IMAGE_MAX_JPEG_SCANS);
		longjmp(f->jb, 1);
	}
}

static int jpeg_header_ok(j_decompress_ptr ci, uint64_t max_pixels, struct image_data *im)
{
	im->w = ci->image_width;
	im->h = ci->image_height;
	im->channels = ci->num_components;
	if (too_large(im, max_pixels))
		return 0;
	if (ci->data_precision != 8 || (im->channels != 1 && im->channels != 3 && im->channels != 4)) {
		snprintf(im->why, sizeof(im->why), "a JPEG of %d components at %d bits, not gray, RGB or CMYK at 8",
			 im->channels, ci->data_precision);
		return 0;
	}
	return 1;
}

static int jpeg_run(struct jpeg_decompress_struct *ci, struct jpeg_fail *f, const unsigned char *buf,
		    size_t len, uint64_t max_pixels)
{
	JSAMPARRAY row;

	if (setjmp(f->jb))
		return -1;
	jpeg_create_decompress(ci);
	ci->mem->max_memory_to_use = JPEG_MAX_MEMORY;
	ci->progress = &f->progress;
	jpeg_mem_src(ci, buf, (unsigned long)len);
	jpeg_read_header(ci, TRUE);
	if (!jpeg_header_ok(ci, max_pixels, f->im))
		return -1;
	ci->scale_num = 1;
	ci->scale_denom = 8;
	ci->dct_method = JDCT_IFAST;
	ci->do_fancy_upsampling = FALSE;
	ci->do_block_smoothing = FALSE;
	jpeg_start_decompress(ci);
	row = ci->mem->alloc_sarray((j_common_ptr)ci, JPOOL_IMAGE,
				    ci->output_width * (JDIMENSION)ci->output_components, 1);
	while (ci->output_scanline < ci->output_height)
		jpeg_read_scanlines(ci, row, 1);
	jpeg_finish_decompress(ci);
	return 0;
}

static int jpeg_check(const unsigned char *buf, size_t len, uint64_t max_pixels, struct image_data *im)
{
	struct jpeg_decompress_struct ci;
	struct jpeg_fail f;
	int ret;

	memset(&ci, 0, sizeof(ci));
	memset(&f, 0, sizeof(f));
	f.im = im;
	ci.err = jpeg_std_error(&f.pub);
	f.pub.error_exit = jpeg_fail_exit;
	f.pub.emit_message = jpeg_fail_emit;
	f.progress.progress_monitor = jpeg_count_scans;
	ret = jpeg_run(&ci, &f, buf, len, max_pixels);
	jpeg_destroy_decompress(&ci);
	if (!ret) {
		im->bytes = buf;
		im->len = len;
	}
	return ret;
}

/* ---- both -------------------------------------------------------------- */

int image_decode(const unsigned char *buf, size_t len, uint64_t max_pixels, struct image_data *im)
{
	int fmt = image_sniff(buf, len);

	memset(im, 0, sizeof(*im));
	im->format = fmt;
	if (max_pixels > IMAGE_MAX_PIXELS)
		max_pixels = IMAGE_MAX_PIXELS;
	if (fmt == IMAGE_PNG && !png_decode(buf, len, max_pixels, im))
		return 0;
	if (fmt == IMAGE_JPEG && !jpeg_check(buf, len, max_pixels, im))
		return 0;
	if (fmt == IMAGE_NONE)
		snprintf(im->why, sizeof(im->why), "neither a PNG nor a JPEG file");
	image_data_release(im);
	return -1;
}

int image_check_file(const char *dir, const char *rel, char *why)
{
	struct image_file f;
	struct image_data im;
	int ret = image_read(dir, rel, IMAGE_MAX_BYTES, &f, why);

	if (!ret) {
		ret = image_decode((const unsigned char *)f.data, f.len, IMAGE_MAX_PIXELS, &im);
		if (ret)
			snprintf(why, IMAGE_WHY, "%s", im.why);
		image_data_release(&im);
	}
	free(f.data);
	return ret;
}

static const char *jpeg_space(int channels)
{
	return channels == 1 ? "DeviceGray" : channels == 3 ? "DeviceRGB" : "DeviceCMYK";
}

/* libharu reads a JPEG's size from its own scan of the markers: it must
 * agree with libjpeg's, or the viewer would be told another size. */
static int jpeg_agrees(HPDF_Image x, const struct image_data *im)
{
	const char *cs = HPDF_Image_GetColorSpace(x);

	return HPDF_Image_GetWidth(x) == im->w && HPDF_Image_GetHeight(x) == im->h &&
	       HPDF_Image_GetBitsPerComponent(x) == 8 && cs && !strcmp(cs, jpeg_space(im->channels));
}

HPDF_Image image_to_pdf(HPDF_Doc pdf, struct image_data *im)
{
	HPDF_Image x = NULL, mask;

	if (im->format == IMAGE_JPEG && im->len <= UINT_MAX) {
		x = HPDF_LoadJpegImageFromMem(pdf, im->bytes, (HPDF_UINT)im->len);
		if (x && !jpeg_agrees(x, im))
			x = NULL;
	} else if (im->format == IMAGE_PNG && im->pix && im->w && im->h) {
		x = HPDF_LoadRawImageFromMem(pdf, im->pix, im->w, im->h,
					     im->channels == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB, 8);
		if (x && im->alpha) {
			mask = HPDF_LoadRawImageFromMem(pdf, im->alpha, im->w, im->h, HPDF_CS_DEVICE_GRAY, 8);
			if (!mask || HPDF_Image_AddSMask(x, mask) != HPDF_OK)
				x = NULL;
		}
	}
	if (!x) {
		HPDF_ResetError(pdf);
		snprintf(im->why, sizeof(im->why), "the PDF library refused it");
	}
	return x;
}
