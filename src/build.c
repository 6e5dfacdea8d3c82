/* build.c - the build command (stub). */
#include "cli.h"
int cmd_build(const struct options *o) { (void)o; return error("build: not implemented"), EXIT_FAILED; }
