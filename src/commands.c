/* commands.c - check, list, select (stub). */
#include "cli.h"
int cmd_check(const struct options *o) { (void)o; return error("check: not implemented"), EXIT_FAILED; }
int cmd_list(const struct options *o) { (void)o; return error("list: not implemented"), EXIT_FAILED; }
int cmd_select(const struct options *o) { (void)o; return error("select: not implemented"), EXIT_FAILED; }
struct dataset *cli_load_data(const struct options *o) { (void)o; return NULL; }
