/*
 * version.h - the program version and its exit codes (sysexits.h values where one fits).
 */
#ifndef CASEBRIEF_BASE_VERSION_H
#define CASEBRIEF_BASE_VERSION_H


#define CASEBRIEF_VERSION "0.1.0"

/* Exit codes (sysexits.h values where one fits). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,  /* a brief failed; the others were written */
	EXIT_USAGE = 2,
	EXIT_DATAERR = 65,
	EXIT_IOERR = 74
};

#endif
