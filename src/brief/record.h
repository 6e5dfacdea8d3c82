/*
 * record.h - the record of a brief (`<id>.json`, written beside it): what
 * the brief said, so that a later build can say what changed since
 * (compare.h).
 *
 * The format, version RECORD_VERSION (README.md, "The record"):
 *
 *   {"format": "casebrief-record", "version": 1,
 *    "audience": ID, "title": T, "subject": S, "date": "YYYY-MM-DD",
 *    "data": {"digest": HEX, "title": T|null}, "generator": "casebrief V",
 *    "max_age": MONTHS,
 *    "profile": {"rules": [TEXT...], "exclude": TEXT|null,
 *                "min_score": N|null, "balance": N, "limit": N|null},
 *    "cases": [{"id", "company", "project", "stance", "grade", "year",
 *               "by_balance": bool}...],                 (brief order)
 *    "left_out": [{"id", "why"}...],                      (data-set order)
 *    "figures": [{"case", "label", "value", "kind", "quotable": bool}...],
 *    "sources": [{"key", "title", "verified": "YYYY-MM[-DD]"|null,
 *                 "stale": bool}...]}                     (citation order)
 *
 * A figure is known by its case id and label; a source by its key, its
 * URL or else its ref (the same documents the brief numbers once).
 * Readers ignore keys they do not know, so later versions may add keys;
 * a change that readers of version 1 would misread gets a new version.
 */
#ifndef CASEBRIEF_RECORD_H
#define CASEBRIEF_RECORD_H

#include <stddef.h>

#include "base/strbuf.h"
#include "base/diag.h"

#define RECORD_FORMAT "casebrief-record"
#define RECORD_VERSION 1
/* The digest of the data files: hex digits of SHA-256. */
#define RECORD_DIGEST_HEX 12

struct dataset;

struct record_case {
	char *id, *company, *project;
	char *stance;      /* "for", "against", "other" */
	char *grade;       /* "A", "B", "C" */
	int year;
	int by_balance;
};

struct record_left {
	char *id, *why;
};

struct record_figure {
	char *case_id, *label, *value;
	char *kind;        /* figure_kind_names */
	int quotable;
};

struct record_source {
	char *key, *title;
	char *verified;    /* NULL when never verified */
	int stale;
};

struct brief_record {
	int version;
	char *audience, *title, *subject, *date;
	char *digest, *collection, *generator;
	int max_age;
	/* the profile, in words */
	char **rules;
	size_t nrules;
	char *exclude;     /* NULL when none */
	int has_min_score;
	double min_score;
	int balance, limit;
	struct record_case *cases;
	size_t ncases;
	struct record_left *left;
	size_t nleft;
	struct record_figure *figures;
	size_t nfigures;
	struct record_source *sources;
	size_t nsources;
};

void record_release(struct brief_record *r);

/* Appends the record as JSON (one object, a newline at the end). */
void record_to_json(const struct brief_record *r, struct strbuf *out);

/*
 * Reads a record written by record_to_json (any version up to
 * RECORD_VERSION). Returns 0; -2 when the file does not exist (nothing
 * reported); -1 after adding positioned diagnostics to `d` (not a
 * record, a newer version, a missing or mistyped field). Release `r`
 * either way.
 */
int record_load(const char *path, struct brief_record *r, struct diags *d);

/*
 * The digest of a data set's files: SHA-256 over each file the loader
 * read, in load order, as its path below the data directory, a NUL, its
 * length and its bytes; the first RECORD_DIGEST_HEX hex digits, into
 * `hex` (RECORD_DIGEST_HEX + 1 bytes). Returns 0, or -1 after an error
 * message when a file cannot be read again.
 */
int record_data_digest(const struct dataset *ds, char *hex);

#endif
