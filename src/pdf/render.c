/* render.c - the render command (stub). */
#include "cli.h"
int cmd_render(const struct options *o) { (void)o; return error("render: not implemented"), EXIT_FAILED; }
