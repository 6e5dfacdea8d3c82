/* load.c - data directory loader (stub). */
#include "load.h"
#include "context.h"
struct dataset *load_dataset(const char *dir, struct diags *diags) { (void)dir; (void)diags; return NULL; }
void load_check_freshness(const struct dataset *ds, const struct date *today, int max_age_months, struct diags *diags) { (void)ds; (void)today; (void)max_age_months; (void)diags; }
struct ctx *load_yaml_ctx(const char *text, size_t len, const char *file, int line0, struct diags *diags) { (void)text; (void)len; (void)file; (void)line0; (void)diags; return NULL; }
