/*
 * model.h - the typed data model: tags, cases, sources, audiences.
 *
 * Everything here is filled in by load.c from a data directory and owned by
 * a struct dataset; dataset_free releases all of it. Every loaded item keeps
 * the position of its YAML node so that later stages can point at it.
 * Strings are UTF-8, never NULL unless the field is optional and absent.
 */
#ifndef CASEBRIEF_MODEL_H
#define CASEBRIEF_MODEL_H

#include <stddef.h>

#include "base/diag.h"
#include "base/str.h"
#include "base/date.h"

enum case_kind { KIND_MIGRATION, KIND_ADOPTION, KIND_REJECTION, KIND__COUNT };
enum org_size {
	ORG_STARTUP, ORG_SCALEUP, ORG_ENTERPRISE, ORG_INDIE, ORG_OSS,
	ORG_PUBLIC_SECTOR, ORG_INTERNAL, ORG__COUNT
};
enum case_status { STATUS_COMPLETE, STATUS_ONGOING, STATUS_PLANNED, STATUS_REVERSED, STATUS__COUNT };
enum source_kind {
	SRC_FIRST_PARTY, SRC_PRESS, SRC_TALK, SRC_PODCAST, SRC_FORUM,
	SRC_THIRD_PARTY, SRC_INTERNAL, SRC_COMPILATION, SRC__COUNT
};
/* What a figure is (v2); measured unless the data says otherwise. */
enum figure_kind { FIG_MEASURED, FIG_ESTIMATE, FIG_TARGET, FIG_ANECDOTE, FIG__COUNT };
/* Whether a source states a driver, or it is the curator's reading (v2). */
enum driver_basis { BASIS_STATED, BASIS_INFERRED, BASIS__COUNT };
/* Version 1's seven tag groups; version 2 takes any id. */
#define TAG_GROUPS_V1 7
enum stance { STANCE_FOR, STANCE_AGAINST, STANCE_OTHER };

/* Names as written in the data ("migration", "public-sector", ...). */
extern const char *const case_kind_names[KIND__COUNT];
extern const char *const org_size_names[ORG__COUNT];
extern const char *const case_status_names[STATUS__COUNT];
extern const char *const source_kind_names[SRC__COUNT];
extern const char *const figure_kind_names[FIG__COUNT];
extern const char *const driver_basis_names[BASIS__COUNT];
extern const char *const tag_group_names[TAG_GROUPS_V1]; /* version 1's groups */
extern const char *const stance_names[3]; /* "for", "against", "other" */

/* Index of `s` in `names` (n entries), or -1. */
int enum_lookup(const char *const *names, int n, const char *s);

struct tag {
	char *id;
	char *label;       /* plain text */
	char *group;       /* an id; one of dataset.yaml's groups when it lists them */
	char *about;       /* Markdown, optional (NULL) */
	struct pos pos;
};

struct source {
	char *id;
	char *title;       /* plain text */
	char *publisher;   /* plain text, optional */
	char *url;         /* http or https; NULL when only `ref` is given */
	char *ref;         /* plain text, optional: an internal reference (v2) */
	struct date published;
	struct date verified; /* year 0 when absent */
	enum source_kind kind;
	char *note;        /* plain text, optional (v2) */
	struct pos pos;
};

struct driver {
	char *tag;
	char *text;        /* Markdown */
	char *source;      /* source id; NULL only for an inferred driver (or v1 data) */
	enum driver_basis basis;
	int basis_given;   /* the file says `basis:` (so it is version-2 data) */
	struct pos pos;
};

struct figure {
	char *label;       /* plain text */
	char *value;       /* plain text */
	char *baseline;    /* plain text, optional */
	enum figure_kind kind;
	char *source;      /* source id, required */
	struct pos pos;
};

struct case_study {
	char *id;
	char *company;
	char *project;
	enum case_kind kind;
	struct strlist from;
	char *to;          /* optional for rejections */
	struct strlist rejected;
	int year;
	int has_org;       /* v2: `org` may be left out; then org_size and team are 0 */
	enum org_size org_size;
	int team;          /* 0 when absent */
	char *domain;      /* optional */
	enum case_status status;
	char *summary;     /* Markdown */
	struct driver *drivers;
	size_t ndrivers;
	struct figure *figures;
	size_t nfigures;
	struct strlist lessons;  /* Markdown */
	struct strlist caveats;  /* Markdown */
	struct strlist tags;     /* the extra `tags` key only */
	struct source *sources;
	size_t nsources;
	struct pos pos;    /* the document's top-level mapping */
};

/* True when the case carries tag `tag` (a driver's tag or an extra tag). */
int case_has_tag(const struct case_study *c, const char *tag);
/* The source `id` of the case; NULL when it has none (or `id` is NULL). */
const struct source *case_find_source(const struct case_study *c, const char *id);

/*
 * One selection rule (or the exclusion): a key is "present" when n > 0.
 * `languages` holds the key `languages` or its other name `options`
 * (`options_key` says which one the file used); `main` the main tags.
 */
struct rule {
	struct strlist org_size, tags, kind, languages, main, ids;
	int options_key;
	int has_years;
	int year_min, year_max;
	struct pos pos;
};

struct weight {
	char *tag;
	double value;
};

struct audience {
	char *id;
	char *title;       /* plain text */
	char *audience;    /* plain text */
	char *question;    /* plain text */
	char *subject;
	char *intro;       /* Markdown, optional */
	struct rule *match;
	size_t nmatch;
	int has_exclude;
	struct rule exclude;
	struct weight *weights;
	size_t nweights;
	double recency;
	int has_min_score; /* v2 */
	double min_score;
	int balance;       /* default 2 */
	int limit;         /* 0 = no limit */
	struct strlist questions; /* Markdown */
	struct pos pos;
};

/* A tag group's label from dataset.yaml. */
struct group_label {
	char *id;
	char *label;       /* plain text */
};

/*
 * dataset.yaml (v2, optional): what the collection is. Without the file
 * `present` is 0 and everything else is as below for an absent key.
 */
struct dataset_info {
	int present;
	char *title;       /* plain text, NULL when absent */
	char *curator;     /* plain text, NULL when absent */
	char *contact;     /* http(s) or mailto URL, NULL when absent */
	char *option;      /* what subjects are, singular, and plural; NULL when */
	char *options;     /* absent: use dataset_option_name */
	struct group_label *groups; /* display order; none when absent */
	size_t ngroups;
	struct pos pos;
};

struct dataset {
	char *dir;
	struct dataset_info info;
	struct tag *tags;
	size_t ntags;
	struct case_study *cases;   /* sorted by id */
	size_t ncases;
	struct audience *audiences; /* sorted by id */
	size_t naudiences;
	/* File names that struct pos points into; owned here. */
	char **files;
	size_t nfiles, files_alloc;
};

const struct tag *dataset_find_tag(const struct dataset *ds, const char *id);
/* dataset.yaml's `option`, singular or plural, else "language(s)". */
const char *dataset_option_name(const struct dataset *ds, int plural);
/* The label of tag group `id`: dataset.yaml's, else the id with its first
 * letter capitalised. Replaces the contents of `out`, returns out->buf. */
struct strbuf;
const char *dataset_group_label(const struct dataset *ds, const char *id, struct strbuf *out);
const struct case_study *dataset_find_case(const struct dataset *ds, const char *id);
const struct audience *dataset_find_audience(const struct dataset *ds, const char *id);
/* Keeps a copy of a file name for struct pos; the pointer lives as long as
 * the dataset. Interning the same name twice in a row returns one copy. */
const char *dataset_intern_file(struct dataset *ds, const char *path);
void dataset_free(struct dataset *ds); /* frees contents and ds itself */

/* The stance of a case towards a subject (SCHEMA.md). */
enum stance case_stance(const struct case_study *c, const char *subject);
/* True when the case names `option` in from, to or rejected (ignoring case). */
int case_names_option(const struct case_study *c, const char *option);

/*
 * Freshness, the one rule: a verified source is stale on `today` when more
 * than `max_age_months` whole months separate them (months(today) -
 * months(verified) > max_age_months, a missing month counting as January).
 * 0 months makes every source verified before this month stale; a source
 * never verified is not stale (it is "unverified"). The command line's
 * --max-age defaults to STALE_AFTER_MONTHS.
 */
#define STALE_AFTER_MONTHS 18
int source_is_stale(const struct source *s, const struct date *today, int max_age_months);

/*
 * Lookups for names given by a user (command line, manifest). Each returns
 * the item, or NULL after writing why into `why`: "unknown audience 'X'"
 * or "undefined tag 'X'", then " (did you mean 'Y'?)" when an id is close
 * (yaml/read.h's rule).
 */
const struct audience *dataset_audience_or_hint(const struct dataset *ds, const char *id,
						struct strbuf *why);
const struct tag *dataset_tag_or_hint(const struct dataset *ds, const char *id,
				      struct strbuf *why);

#endif
