/* style.c - PDF style (stub defaults; replaced by the style work). */
#include <stdlib.h>
#include <string.h>
#include "pdf/style.h"

static const char *const default_fonts[FONT__COUNT] = {
	"NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
	"NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
	"NotoSansMono-Regular.ttf", "DejaVuSans.ttf"
};

void pdf_style_defaults(struct pdf_style *s)
{
	int i;
	memset(s, 0, sizeof(*s));
	s->page_w = 595.276; s->page_h = 841.89;
	s->margin_top = 72; s->margin_bottom = 72; s->margin_left = 72; s->margin_right = 72;
	s->body = 10.5; s->leading = 1.35; s->h1 = 20; s->h2 = 15; s->h3 = 12;
	s->code = 8.8; s->table = 9; s->small = 8;
	for (i = 0; i < FONT__COUNT; i++)
		s->fonts[i] = xstrdup(default_fonts[i]);
	s->text = (struct rgb){ 0.10f, 0.10f, 0.10f };
	s->heading = (struct rgb){ 0.07f, 0.23f, 0.36f };
	s->link = (struct rgb){ 0.12f, 0.37f, 0.66f };
	s->rule = (struct rgb){ 0.78f, 0.81f, 0.84f };
	s->callout_bg = (struct rgb){ 0.95f, 0.96f, 0.98f };
	s->callout_bar = (struct rgb){ 0.18f, 0.43f, 0.71f };
	s->code_bg = (struct rgb){ 0.96f, 0.96f, 0.95f };
	s->table_header_bg = (struct rgb){ 0.91f, 0.93f, 0.95f };
	s->muted = (struct rgb){ 0.36f, 0.40f, 0.45f };
	s->series[0] = (struct rgb){ 0.18f, 0.43f, 0.71f };
	s->series[1] = (struct rgb){ 0.78f, 0.33f, 0.24f };
	s->series[2] = (struct rgb){ 0.48f, 0.55f, 0.60f };
	s->nseries = 3;
	s->lang = xstrdup("en_US");
	s->hyphenate = 1;
	s->justify = 1;
}

int pdf_style_load(struct pdf_style *s, const char *path, struct diags *d) { (void)s; (void)path; (void)d; return 0; }
int pdf_style_load_text(struct pdf_style *s, const char *text, size_t len, const char *file, struct diags *d) { (void)s; (void)text; (void)len; (void)file; (void)d; return 0; }

void pdf_style_release(struct pdf_style *s)
{
	int i;
	for (i = 0; i < FONT__COUNT; i++)
		free(s->fonts[i]);
	free(s->lang);
	memset(s, 0, sizeof(*s));
}
