/*
 * mkjpeg.c - writes the JPEG test images:
 *   cc -o mkjpeg tests/images/mkjpeg.c -ljpeg
 *   ./mkjpeg tests/images/good tests/fuzz/corpus-fuzz_image
 * Each is 128 x 64 pixels, the left half colour A and the right half
 * colour B, as the PNG images of mkimages.py. Into the first directory:
 * rgb.jpg (baseline, 4:2:0), rgb-progressive.jpg, gray.jpg, cmyk.jpg
 * (samples stored inverted, as Adobe applications write them and as a
 * PDF viewer expects them). Into the second, more seeds for the fuzzer:
 * arithmetic coding, restart markers, YCCK, RGB without a colour
 * transform.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#define W 128
#define H 64

enum { PROGRESSIVE = 1, ARITH = 2, RESTART = 4, YCCK = 8, NO_TRANSFORM = 16 };

static void write_one(const char *dir, const char *name, J_COLOR_SPACE cs, int comps, const unsigned char *a,
		      const unsigned char *b, int opts)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr err;
	unsigned char row[W * 4];
	char path[512];
	FILE *f;
	int x, c;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(1);
	}
	ci.err = jpeg_std_error(&err);
	jpeg_create_compress(&ci);
	jpeg_stdio_dest(&ci, f);
	ci.image_width = W;
	ci.image_height = H;
	ci.input_components = comps;
	ci.in_color_space = cs;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, 95, TRUE);
	if (opts & YCCK)
		jpeg_set_colorspace(&ci, JCS_YCCK);
	if (opts & NO_TRANSFORM)
		jpeg_set_colorspace(&ci, JCS_RGB);
	if (opts & PROGRESSIVE)
		jpeg_simple_progression(&ci);
	if (opts & ARITH)
		ci.arith_code = TRUE;
	if (opts & RESTART)
		ci.restart_interval = 1;
	jpeg_start_compress(&ci, TRUE);
	for (x = 0; x < W; x++)
		for (c = 0; c < comps; c++)
			row[x * comps + c] = x < W / 2 ? a[c] : b[c];
	while (ci.next_scanline < H) {
		JSAMPROW r = row;
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	fclose(f);
}

int main(int argc, char **argv)
{
	static const unsigned char red[] = { 255, 0, 0 }, blue[] = { 0, 0, 255 };
	static const unsigned char black[] = { 0 }, grey[] = { 128 };
	/* inverted: 255 - ink; cyan and magenta */
	static const unsigned char cyan[] = { 0, 255, 255, 255 }, magenta[] = { 255, 0, 255, 255 };
	const char *dir = argc > 1 ? argv[1] : ".", *seeds = argc > 2 ? argv[2] : ".";

	write_one(dir, "rgb.jpg", JCS_RGB, 3, red, blue, 0);
	write_one(dir, "rgb-progressive.jpg", JCS_RGB, 3, red, blue, PROGRESSIVE);
	write_one(dir, "gray.jpg", JCS_GRAYSCALE, 1, black, grey, 0);
	write_one(dir, "cmyk.jpg", JCS_CMYK, 4, cyan, magenta, 0);
	write_one(seeds, "arith.jpg", JCS_RGB, 3, red, blue, ARITH);
	write_one(seeds, "arith-progressive.jpg", JCS_RGB, 3, red, blue, ARITH | PROGRESSIVE);
	write_one(seeds, "restart.jpg", JCS_RGB, 3, red, blue, RESTART);
	write_one(seeds, "ycck.jpg", JCS_CMYK, 4, cyan, magenta, YCCK);
	write_one(seeds, "rgb-no-transform.jpg", JCS_RGB, 3, red, blue, NO_TRANSFORM);
	write_one(seeds, "gray-progressive.jpg", JCS_GRAYSCALE, 1, black, grey, PROGRESSIVE);
	return 0;
}
