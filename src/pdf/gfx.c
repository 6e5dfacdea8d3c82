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

/* libharu's bounds on a real (hpdf_consts.h) */
#define MAX_REAL 32767

/*
 * A real as libharu 2.3.0 writes it. Its rounding is what has to match,
 * bit for bit: 0.000005 is added to the whole part in double precision,
 * and to the fraction too, but the fraction is narrowed to a float before
 * it is scaled to five decimals; then trailing zeros, and a bare point,
 * are dropped. Any other formula rounds some values differently.
 */
void gfx_real(struct strbuf *out, float val)
{
	char txt[24], dig[12];
	size_t n = 0, nd = 0;
	int32_t whole, frac;
	int width = 5, i;

	if (val > MAX_REAL)
		val = MAX_REAL;
	else if (val < -MAX_REAL)
		val = -MAX_REAL;
	if (val < 0) {
		txt[n++] = '-';
		val = -val;
	}
	whole = (int32_t)(val + 0.000005);
	frac = (int32_t)((float)(val - whole + 0.000005) * 100000) % 100000;
	do {
		dig[nd++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole > 0);
	while (nd)
		txt[n++] = dig[--nd];
	if (frac) {
		for (; frac % 10 == 0; width--)
			frac /= 10;
		txt[n++] = '.';
		for (i = width; i-- > 0; frac /= 10)
			txt[n + (size_t)i] = (char)('0' + frac % 10);
		n += (size_t)width;
	}
	strbuf_add(out, txt, n);
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
	strbuf_addlit(out, " w\n");
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
	strbuf_addlit(out, "q\n");
	gfx_real(out, (float)w);
	strbuf_addlit(out, " 0 0 ");
	gfx_real(out, (float)h);
	strbuf_addc(out, ' ');
	point(out, x, y, " cm\n/");
	strbuf_adds(out, name);
	strbuf_addlit(out, " Do\nQ\n");
}
