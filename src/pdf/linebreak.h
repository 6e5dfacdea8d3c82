/*
 * linebreak.h - a paragraph's items (para.h) into lines of one measure.
 *
 * The scratch holds every buffer the breaker needs and is reused from one
 * paragraph to the next; its lines are valid until the next call.
 */
#ifndef CASEBRIEF_PDF_LINEBREAK_H
#define CASEBRIEF_PDF_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

#include "pdf/para.h"

struct kp_line {
	uint32_t start, end;    /* items [start, end); end is the break item */
	float r;                /* adjustment ratio to draw with */
	uint8_t hyphen;         /* ends at a flagged penalty with a width */
};

struct kp_node;
struct kp_brk;
struct kp_scratch {
	struct kp_node *nodes;
	size_t nnodes, anodes;
	struct kp_brk *brk;     /* the paragraph's legal breaks, in order */
	size_t nbrk, abrk;
	struct kp_line *lines;
	size_t nlines, alines;
	int pass;               /* which pass set the lines: 1-3, 4 first fit */
};

/*
 * Breaks items (ending with a forced break) into lines of `measure`
 * points. Optimal fit (Knuth-Plass) with tolerance 200, then 2000, then
 * any fit with emergency stretch. `ragged` sets ragged-right (glue does
 * not stretch; rag is minimised). Every box must fit the measure (see
 * para_split_long); then no line is wider than the measure.
 */
void kp_break(const struct item *it, size_t n, double measure, int ragged, struct kp_scratch *s);
/* kp_break's first pass alone, the one that sets its lines when any does:
 * returns 0 with the lines set, or -1 when that pass finds none (the
 * lines are then not set). */
int kp_break_tight(const struct item *it, size_t n, double measure, int ragged, struct kp_scratch *s);
/* Greedy first-fit, for comparison in tests. */
void kp_break_greedy(const struct item *it, size_t n, double measure, struct kp_scratch *s);
void kp_release(struct kp_scratch *s);

#endif
