/*
 * gfx.h - the two drawing primitives every page element is made of: a
 * stroked straight line and a filled rectangle, in PDF user space (points,
 * y upwards), outside a text object. Each sets the colour (and the line
 * its width) it needs and leaves it set.
 */
#ifndef CASEBRIEF_PDF_GFX_H
#define CASEBRIEF_PDF_GFX_H

#include <hpdf.h>

#include "pdf/style.h"

void gfx_line(HPDF_Page pg, struct rgb c, double width, double x0, double y0, double x1, double y1);
void gfx_rect(HPDF_Page pg, struct rgb c, double x, double y, double w, double h);

#endif
