/* chart.c - chart specs (stub). */
#include <string.h>
#include "chart.h"
int chart_parse(const char *text, size_t len, const char *file, int line, struct chart *out, struct diags *diags) { (void)text; (void)len; (void)file; (void)line; (void)diags; memset(out, 0, sizeof(*out)); return -1; }
void chart_release(struct chart *c) { (void)c; }
void chart_to_mermaid(const struct chart *c, struct strbuf *out) { (void)c; (void)out; }
