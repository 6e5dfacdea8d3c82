/*
 * mustache.h - a Mustache template engine over the context tree.
 *
 * Implements the spec in shared/spec/mustache (comments, delimiters,
 * interpolation, inverted sections, partials, sections, standalone-line
 * rules, dotted names, implicit iterator). The escaper is a parameter:
 * `{{x}}` goes through it, `{{{x}}}` and `{{& x}}` do not.
 */
#ifndef CASEBRIEF_MUSTACHE_H
#define CASEBRIEF_MUSTACHE_H

#include <stddef.h>

#include "brief/context.h"
#include "base/strbuf.h"
#include "base/diag.h"

/* Appends `s` (len bytes) to `out`, escaped. */
typedef void (*mustache_escape_fn)(struct strbuf *out, const char *s, size_t len);

/* HTML escaping as the spec requires: & < > " */
void mustache_escape_html(struct strbuf *out, const char *s, size_t len);
/*
 * Markdown escaping for plain-text fields: the result, parsed as inline
 * GFM, shows exactly `s` as literal text, also inside a table cell
 * (backslash-escapes ASCII punctuation that could start markup, including
 * | and <; newlines become spaces).
 */
void mustache_escape_markdown(struct strbuf *out, const char *s, size_t len);
/* No escaping. */
void mustache_escape_none(struct strbuf *out, const char *s, size_t len);

/*
 * Finds a partial by name. Returns 0 and sets *text and *len (owned by the
 * loader, valid until the render ends) and *file (for messages), or -1 when
 * there is no such partial (the spec renders it as empty).
 */
typedef int (*mustache_partial_fn)(void *ud, const char *name,
				   const char **text, size_t *len,
				   const char **file);

struct mustache_opts {
	mustache_escape_fn escape;      /* NULL = HTML */
	mustache_partial_fn partial;    /* NULL = no partials */
	void *partial_ud;
	int max_depth;                  /* partial/section nesting, 0 = 100 */
	/* A partial tag that is rendered but `partial` does not find is an
	 * error at the tag ("no such partial 'NAME'"), instead of the spec's
	 * empty text. */
	int strict_partials;
};

/*
 * Renders `tmpl` (len bytes, named `file` in messages) with `ctx` as the
 * root context, appending to `out`. Returns 0, or -1 after adding one
 * diagnostic "file:line:col: message" to `diags` (unclosed section,
 * mismatched close, bad delimiter change, nesting too deep...).
 */
int mustache_render(const char *tmpl, size_t len, const char *file,
		    const struct ctx *ctx, const struct mustache_opts *opts,
		    struct strbuf *out, struct diags *diags);

/*
 * Loads every `*.mustache` file of `dir` so that partials can be found by
 * name (the file name without ".mustache"). mustache_dir_partial is a
 * mustache_partial_fn over it.
 */
struct mustache_dir;
struct mustache_dir *mustache_dir_load(const char *dir);  /* NULL + error printed */
int mustache_dir_get(const struct mustache_dir *d, const char *name,
		     const char **text, size_t *len, const char **file);
int mustache_dir_partial(void *ud, const char *name, const char **text,
			 size_t *len, const char **file);
void mustache_dir_free(struct mustache_dir *d);

#endif
