/*
 * hyph.h - the hyphenation dictionary of a language, one per process,
 * shared read-only by every engine on every thread.
 */
#ifndef CASEBRIEF_PDF_HYPH_H
#define CASEBRIEF_PDF_HYPH_H

#include <hyphen.h>

/*
 * The dictionary of `lang` ("en_US"): the one compiled into the program
 * when the build found it (hyphdata.h), else hyph_LANG.dic loaded from
 * the system's hyphen directories on first use. NULL when there is none
 * (asked again, it is looked for again). The dictionary lives as long as
 * the process; never free it. Safe on any thread; libhyphen only reads
 * a dictionary while it hyphenates.
 */
HyphenDict *hyph_dict(const char *lang);

#endif
