/* load.c - data directory loader (stub). */
#include "load.h"
struct dataset *load_dataset(const char *dir, struct diags *diags) { (void)dir; (void)diags; return NULL; }
void load_check_freshness(const struct dataset *ds, const struct date *today, int max_age_months, struct diags *diags) { (void)ds; (void)today; (void)max_age_months; (void)diags; }
