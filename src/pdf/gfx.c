/*
 * gfx.c - lines and filled rectangles through libharu's path operators.
 */
#include "pdf/gfx.h"

void gfx_line(HPDF_Page pg, struct rgb c, double width, double x0, double y0, double x1, double y1)
{
	HPDF_Page_SetRGBStroke(pg, c.r, c.g, c.b);
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)width);
	HPDF_Page_MoveTo(pg, (HPDF_REAL)x0, (HPDF_REAL)y0);
	HPDF_Page_LineTo(pg, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_Stroke(pg);
}

void gfx_rect(HPDF_Page pg, struct rgb c, double x, double y, double w, double h)
{
	HPDF_Page_SetRGBFill(pg, c.r, c.g, c.b);
	HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(pg);
}
