/*
 * gfx.c - lines and filled rectangles through libharu's path operators.
 */
#include "pdf/gfx.h"

#include <math.h>

/* Nothing that is not a finite number may reach a content stream. */
static int finite4(double a, double b, double c, double d)
{
	return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

void gfx_line(HPDF_Page pg, struct rgb c, double width, double x0, double y0, double x1, double y1)
{
	if (!finite4(x0, y0, x1, y1) || !isfinite(width))
		return;
	HPDF_Page_SetRGBStroke(pg, c.r, c.g, c.b);
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)width);
	HPDF_Page_MoveTo(pg, (HPDF_REAL)x0, (HPDF_REAL)y0);
	HPDF_Page_LineTo(pg, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_Stroke(pg);
}

void gfx_rect(HPDF_Page pg, struct rgb c, double x, double y, double w, double h)
{
	if (!finite4(x, y, w, h))
		return;
	HPDF_Page_SetRGBFill(pg, c.r, c.g, c.b);
	HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(pg);
}
