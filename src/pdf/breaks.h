/*
 * breaks.h - the rules of breaks.c that text.c applies while it turns a
 * word into boxes and penalties (not used outside them).
 */
#ifndef CASEBRIEF_PDF_BREAKS_H
#define CASEBRIEF_PDF_BREAKS_H

#include <stddef.h>
#include <stdint.h>

#include "pdf/para.h"

#define HYPHEN_PENALTY 100
#define EXHYPHEN_PENALTY 50
#define IDENT_PENALTY 200
#define URL_SLASH_PENALTY 50
#define URL_PENALTY 150
#define URL_HOST_PENALTY 900

/* Where one word may break: what its letters, hyphenation points and
 * (for URLs) scheme and host are. */
struct wordinfo {
	const char *s;
	size_t len;
	size_t a, b;            /* the letters between leading and trailing punctuation */
	uint64_t hy;            /* hyphenation points */
	int can_hyph;
	size_t url_from;        /* URLs: first byte after the scheme */
	size_t host_end;        /* URLs: end of the host name */
};

/* What word s (no spaces) in style ts allows; `sentence_start`: it opens
 * a sentence (a capitalised word elsewhere is a name, not hyphenated). */
void word_info(struct doc *d, const struct tstyle *ts, const char *s, size_t len, int sentence_start,
	       struct wordinfo *w);
/*
 * The break allowed after the character cp that ends at byte `at` of the
 * word: its penalty, KP_INF for none, and its flags (IF_HYPH: a
 * discretionary hyphen, which shows a hyphen when taken).
 */
int word_break_at(const struct wordinfo *w, const struct tstyle *ts, size_t at, uint32_t cp, int *flags);
/*
 * What word s asks of the space before it: TIE_ALONE, that it may not
 * break (a citation number, a spaced dash, a short number), or TIE_UNIT,
 * that it may not break after a number (a unit: one or two characters),
 * or 0.
 */
enum { TIE_ALONE = 1, TIE_UNIT = 2 };
int word_ties_back(const char *s, size_t len);
/* The paragraph so far ends in a number and a space. */
int para_ends_in_number(const struct para *p);
/* The space after word s may not break. */
int word_ties_forward(const char *s, size_t len);

#endif
