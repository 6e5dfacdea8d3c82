/* select.c - selection (stub). */
#include <string.h>
#include "select.h"
void filters_release(struct filters *f) { (void)f; }
int filters_empty(const struct filters *f) { (void)f; return 1; }
int filters_match(const struct filters *f, const struct case_study *c) { (void)f; (void)c; return 1; }
void select_cases(const struct dataset *ds, const struct audience *aud, const struct filters *f, struct selection *sel) { (void)ds; (void)f; memset(sel, 0, sizeof(*sel)); sel->aud = aud; }
void selection_release(struct selection *sel) { (void)sel; }
char *select_describe_rule(const struct rule *r) { (void)r; return xstrdup(""); }
