/* main.c - options and dispatch (stub: replaced by the CLI work). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("casebrief %s\n", CASEBRIEF_VERSION);
		return 0;
	}
	fprintf(stderr, "casebrief: not implemented yet\n");
	return EXIT_USAGE;
}
