/*
 * fuzz_image.c - libFuzzer harness for the image decoder (src/pdf/image.c):
 * image_decode on the input as one file (PNG through libpng, JPEG checked
 * through libjpeg, anything else refused), then, when it is accepted,
 * image_to_pdf into a fresh libharu document that draws it on a page and
 * saves itself to memory, so that libharu's reading of a JPEG header and
 * its handling of the samples and soft mask run too.
 *
 * Input: the bytes of an image file. Pixels are capped at FUZZ_MAX_PIXELS
 * (far below the program's limit) so that an accepted input stays well
 * under the one-second timeout under the sanitizers.
 */
#include <stdint.h>
#include <stdlib.h>

#include <hpdf.h>

#include "pdf/image.h"

#define FUZZ_MAX_PIXELS (1u << 20)

static void HPDF_STDCALL on_error(HPDF_STATUS no, HPDF_STATUS detail, void *data)
{
	(void)no;
	(void)detail;
	(void)data;
}

static void embed(struct image_data *im)
{
	HPDF_Doc pdf = HPDF_New(on_error, NULL);
	HPDF_Image x;
	HPDF_Page page;

	if (!pdf)
		return;
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	x = image_to_pdf(pdf, im);
	image_data_release(im);
	page = HPDF_AddPage(pdf);
	if (x && page) {
		HPDF_Page_DrawImage(page, x, 10, 10, 100, 50);
		HPDF_SaveToStream(pdf);
	}
	HPDF_Free(pdf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_data im;

	if (image_decode(data, size, FUZZ_MAX_PIXELS, &im) == 0)
		embed(&im);
	return 0;
}
