/*
 * load_int.h - what the files of the loader share (private to src/data/).
 *
 * load.c      the entry point, tags.yaml, cross-file checks, freshness
 * load_info.c dataset.yaml (v2, optional), read first
 * load_case.c one case file (cases/NAME.yaml)
 * load_aud.c  one audience file (audiences/NAME.yaml)
 * load_dir.c  reading and parsing the files of a directory, ahead on
 *             worker threads, and handing them over in name order
 */
#ifndef CASEBRIEF_LOAD_INT_H
#define CASEBRIEF_LOAD_INT_H

#include <stddef.h>

#include "data/model.h"
#include "yaml/doc.h"
#include "yaml/read.h"

struct loader {
	struct dataset *ds;
	struct diags *diags;
	struct yreport r;       /* the file being checked (file: interned name) */
	struct ydoc doc;        /* its document */
	int tags_ok;            /* tags.yaml read: tag references can be checked */
	const char **tag_ids;   /* sorted, for bsearch and hints */
	size_t ntag_ids;
	const char **case_ids;  /* sorted (cases are), for hints */
	struct strlist group_ids; /* dataset.yaml's group ids, in its order */
	const char **option_ids;/* every name in from, to and rejected, once */
	size_t noption_ids;
};

/* A string with the node it came from, for finding repeats. */
struct keyref {
	const char *s;
	const struct ynode *n;
};

int load_cmp_str_ptr(const void *a, const void *b);
struct pos load_pos(const struct loader *ld, const struct ynode *n);
/* Sorts `v` and reports every repeat after the first: n log n, not n². */
void load_check_unique(struct loader *ld, struct keyref *v, size_t n, const char *noun);
/* Reports `id` at `at` when tags.yaml does not define it. */
void load_check_tag(struct loader *ld, const struct ynode *at, const char *id);
/* yread_item_fn for lists of tag ids (arg: the loader). */
void load_tag_item(void *arg, struct yreport *r, const struct ynode *item, const char *s);
/* "invalid NOUN id 'BASE' taken from the file name: ..." when BASE is not an id. */
void load_check_file_id(struct loader *ld, const char *noun, const char *base);

/* A warning at node `n` of the file being checked. */
void load_warn(struct loader *ld, const struct ynode *n, const char *fmt, ...) CB_PRINTF(3, 4);

/* load_info.c: DIR/dataset.yaml into ld->ds->info, when there is one. */
void load_info(struct loader *ld, const char *dir);

/* load_case.c, load_aud.c: one document each (`root` is its mapping). */
void load_case(struct loader *ld, const struct ynode *root, const char *base,
	       struct case_study *c, struct pos *idpos);
void load_audience(struct loader *ld, const struct ynode *root, const char *base,
		   struct audience *a, struct pos *idpos);

/* load_dir.c */
typedef void (*load_one_fn)(struct loader *ld, const struct ynode *root,
			    const char *base, void *ud);
/*
 * Loads every data file of DIR/SUB in name order: files are read and
 * parsed ahead on worker threads, then `load_one` checks each document
 * (with its file name minus the extension) in order. A directory that
 * cannot be read is an error, unless it is missing and not `required`.
 * Returns -1 when the directory could not be listed.
 */
int load_dir_files(struct loader *ld, const char *dir, const char *sub, int required,
		   load_one_fn load_one, void *ud);
/*
 * The path of the data file NAME of DIR (tags, dataset): NAME with a data
 * extension (.yaml or .yml, in any case). With none, DIR/NAME.yaml, for the
 * message that it is missing; with two, an error and the first in name
 * order. The caller frees it.
 */
char *load_dir_find(struct loader *ld, const char *dir, const char *name);
/* Reads and parses one file and makes it the file being checked: its
 * root, or NULL (reported). */
const struct ynode *load_file(struct loader *ld, const char *path);

#endif
