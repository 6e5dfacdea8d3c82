/*
 * gfx.h - content-stream operators written by casebrief, byte for byte
 * as libharu 2.3.0's HPDF_Page_* functions write them (its number
 * format and its spacing), appended to a page's content in a strbuf.
 * Nothing here touches libharu's page, so its graphics state stays at
 * the start of the page (no path or text object open, no q pending):
 * every caller writes balanced q/Q and BT/ET.
 *
 * The two primitives every page element is made of are a stroked
 * straight line and a filled rectangle, in PDF user space (points, y
 * upwards), outside a text object. Each sets the colour (and the line
 * its width) it needs and leaves it set. Colours are 0..1 (a component
 * outside is clamped: libharu would refuse it).
 */
#ifndef CASEBRIEF_PDF_GFX_H
#define CASEBRIEF_PDF_GFX_H

#include "base/strbuf.h"
#include "pdf/style.h"

/* `v` as libharu's HPDF_FToA writes it: at most five decimals, trailing
 * zeros dropped, clamped to +-32767. */
void gfx_real(struct strbuf *out, float v);
/* "r g b rg" (fill) and "r g b RG" (stroke), each with its newline. */
void gfx_fill_color(struct strbuf *out, struct rgb c);
void gfx_stroke_color(struct strbuf *out, struct rgb c);

void gfx_line(struct strbuf *out, struct rgb c, double width, double x0, double y0, double x1, double y1);
void gfx_rect(struct strbuf *out, struct rgb c, double x, double y, double w, double h);
/* What HPDF_Page_DrawImage writes for the image named `name` in the
 * page's resources: q, the matrix, Do, Q. */
void gfx_image(struct strbuf *out, const char *name, double x, double y, double w, double h);

#endif
