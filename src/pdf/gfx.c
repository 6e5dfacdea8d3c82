/*
 * gfx.c - content-stream operators in libharu's own bytes (gfx.h).
 *
 * libharu formats each operator into a zeroed 512-byte buffer and copies
 * it into the page's memory stream a byte at a time, so a colour cost
 * some two thousand instructions; writing the same bytes here costs a
 * small part of that, and leaves libharu's page untouched, which is what
 * would let a page be drawn away from the document.
 */
#include "pdf/gfx.h"

#include <math.h>
#include <stdint.h>

/* hpdf_consts.h */
#define REAL_LEN 11
#define MAX_REAL 32767

/*
 * HPDF_FToA of libharu 2.3.0 (hpdf_utils.c), the same arithmetic in the
 * same types: the integer part and five decimals are rounded
 * separately, each by adding 0.000005, the decimals through a float.
 * Any other formula rounds some values differently.
 */
void gfx_real(struct strbuf *out, float val)
{
	char buf[REAL_LEN + 1], res[REAL_LEN + 2];
	char *t = buf + REAL_LEN, *s = res;
	int32_t int_val, fpart_val;
	int i;

	if (val > MAX_REAL)
		val = MAX_REAL;
	else if (val < -MAX_REAL)
		val = -MAX_REAL;
	*t-- = 0;
	if (val < 0) {
		*s++ = '-';
		val = -val;
	}
	int_val = (int32_t)(val + 0.000005);
	fpart_val = (int32_t)((float)(val - int_val + 0.000005) * 100000);
	for (i = 0; i < 5; i++) {
		*t-- = (char)((char)(fpart_val % 10) + '0');
		fpart_val /= 10;
	}
	*t-- = '.';
	*t = '0';
	if (int_val == 0)
		t--;
	while (int_val > 0) {
		*t-- = (char)((char)(int_val % 10) + '0');
		int_val /= 10;
	}
	for (t++; *t; )
		*s++ = *t++;
	/* the trailing zeros, and then a trailing point */
	while (s - 1 > res && s[-1] == '0')
		s--;
	if (s - 1 > res && s[-1] == '.')
		s--;
	strbuf_add(out, res, (size_t)(s - res));
}

static float unit(float v)
{
	return v > 0 ? (v < 1 ? v : 1) : 0;
}

static void color(struct strbuf *out, struct rgb c, const char *op)
{
	gfx_real(out, unit(c.r));
	strbuf_addc(out, ' ');
	gfx_real(out, unit(c.g));
	strbuf_addc(out, ' ');
	gfx_real(out, unit(c.b));
	strbuf_adds(out, op);
}

void gfx_fill_color(struct strbuf *out, struct rgb c)
{
	color(out, c, " rg\n");
}

void gfx_stroke_color(struct strbuf *out, struct rgb c)
{
	color(out, c, " RG\n");
}

/* Coordinates go through libharu's HPDF_REAL, a float. */
static void point(struct strbuf *out, double x, double y, const char *op)
{
	gfx_real(out, (float)x);
	strbuf_addc(out, ' ');
	gfx_real(out, (float)y);
	strbuf_adds(out, op);
}

/* Nothing that is not a finite number may reach a content stream. */
static int finite4(double a, double b, double c, double d)
{
	return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

void gfx_line(struct strbuf *out, struct rgb c, double width, double x0, double y0, double x1, double y1)
{
	if (!finite4(x0, y0, x1, y1) || !isfinite(width))
		return;
	gfx_stroke_color(out, c);
	/* libharu refuses a negative width */
	gfx_real(out, (float)(width > 0 ? width : 0));
	GFX_OPS(out, " w\n");
	point(out, x0, y0, " m\n");
	point(out, x1, y1, " l\nS\n");
}

void gfx_rect(struct strbuf *out, struct rgb c, double x, double y, double w, double h)
{
	if (!finite4(x, y, w, h))
		return;
	gfx_fill_color(out, c);
	point(out, x, y, " ");
	point(out, w, h, " re\nf\n");
}

void gfx_image(struct strbuf *out, const char *name, double x, double y, double w, double h)
{
	if (!finite4(x, y, w, h))
		return;
	GFX_OPS(out, "q\n");
	gfx_real(out, (float)w);
	GFX_OPS(out, " 0 0 ");
	gfx_real(out, (float)h);
	strbuf_addc(out, ' ');
	point(out, x, y, " cm\n/");
	strbuf_adds(out, name);
	GFX_OPS(out, " Do\nQ\n");
}
