/*
 * words.c - the data-dependent words of a brief (words.h): defaults,
 * words.yaml, and rendering one word with the Mustache engine.
 *
 * A word is checked when it is read, by rendering it once with every
 * variable set, so that a broken word is reported at its place in
 * words.yaml and a brief never fails half-way over one.
 */
#include "brief/words.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "brief/mustache.h"
#include "yaml/doc.h"
#include "yaml/read.h"
#include "base/alloc.h"
#include "base/strbuf.h"

struct word_def {
	const char *section, *name, *text;
};

/* In enum word's order; the same text as templates/words.yaml. */
static const struct word_def defs[W__COUNT] = {
	{ "groups", "moved", "Moved to {{subject}}" },
	{ "groups", "adopted", "Adopted {{subject}} for new work" },
	{ "groups", "chose_over", "Chose {{subject}} over another {{option}}" },
	{ "groups", "other", "Other {{options}} in the same spot" },
	{ "groups", "decided_against", "Decided against {{subject}}" },
	{ "groups", "moved_away", "Moved away from {{subject}}" },
	{ "groups", "chose_other", "Chose another {{option}} over {{subject}}" },
	{ "sides", "for", "For {{subject}}" },
	{ "sides", "against", "Against {{subject}}" },
	{ "sides", "other", "Other {{options}}" },
	{ "moves", "migration",
	  "{{#from}}{{from}} → {{to}}{{/from}}{{^from}}rewritten in {{to}}{{/from}}"
	  "{{#turned}}, not {{turned}}{{/turned}}" },
	{ "moves", "adoption",
	  "new work in {{to}}{{#from}}, leaving {{from}}{{/from}}{{#turned}}, not {{turned}}{{/turned}}" },
	{ "moves", "rejection",
	  "{{#to}}{{#from}}{{from}} → {{/from}}{{to}}{{#turned}}, not {{turned}}{{/turned}}{{/to}}"
	  "{{^to}}turned down {{#turned}}{{turned}}{{/turned}}{{^turned}}{{from}}{{/turned}}{{/to}}" },
	{ "counts", "moved", "{{n}} moved to {{subject}}" },
	{ "counts", "adopted", "{{n}} adopted {{subject}} for new work" },
	{ "counts", "chose_over", "{{n}} chose {{subject}} over another {{option}}" },
	{ "counts", "turned_down", "{{n}} turned {{subject}} down" },
	{ "counts", "moved_away", "{{n}} moved away from {{subject}}" },
	{ "counts", "other", "{{n}} chose another {{option}} for a similar job" },
	{ "charts", "drivers_for", "Why teams chose {{subject}}" },
	{ "charts", "drivers_against", "Why teams turned {{subject}} down" },
	{ "charts", "years", "Cases by year" },
};

static const char *const sections[] = { "groups", "sides", "moves", "counts", "charts" };

void words_defaults(struct words *w)
{
	size_t i;

	for (i = 0; i < W__COUNT; i++)
		w->text[i] = xstrdup(defs[i].text);
}

void words_release(struct words *w)
{
	size_t i;

	for (i = 0; i < W__COUNT; i++) {
		free(w->text[i]);
		w->text[i] = NULL;
	}
}

static int render(const char *text, const struct ctx *vars, struct strbuf *out,
		  struct diags *d)
{
	struct mustache_opts mo;

	memset(&mo, 0, sizeof(mo));
	mo.escape = mustache_escape_none;
	mo.max_depth = 8;
	return mustache_render(text, strlen(text), "words.yaml", vars, &mo, out, d);
}

void words_render(const struct words *w, enum word id, const struct ctx *vars,
		  struct strbuf *out)
{
	struct diags d = DIAGS_INIT;
	const char *text = w && w->text[id] ? w->text[id] : defs[id].text;
	size_t len = out->len;

	/* words_load rendered it once already; a failure cannot happen, but
	 * would leave the default rather than half a word */
	if (render(text, vars, out, &d)) {
		strbuf_setlen(out, len);
		render(defs[id].text, vars, out, &d);
	}
	diags_release(&d);
}

/* Every variable a word may use, set, so that each section renders. */
static struct ctx *sample_vars(void)
{
	struct ctx *m = ctx_new_map();

	ctx_set_str(m, "subject", "X");
	ctx_set_str(m, "option", "x");
	ctx_set_str(m, "options", "xs");
	ctx_set_num(m, "n", 2);
	ctx_set_str(m, "from", "A");
	ctx_set_str(m, "to", "B");
	ctx_set_str(m, "turned", "C");
	return m;
}

/* One word's value: a string that renders. */
static void read_word(struct yreport *r, const struct ynode *v, const struct word_def *def,
		      const struct ctx *vars, char **slot)
{
	struct strbuf what = STRBUF_INIT, out = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	char *s = NULL;

	strbuf_addf(&what, "'%s.%s'", def->section, def->name);
	if (!yread_str(r, v, what.buf, &s)) {
		if (render(s, vars, &out, &d)) {
			yreport_error(r, v, "%s is not a valid template: %s", what.buf,
				      d.n ? d.v[0].msg : "cannot render it");
			free(s);
		} else {
			free(*slot);
			*slot = s;
		}
	}
	diags_release(&d);
	strbuf_release(&out);
	strbuf_release(&what);
}

static void read_section(struct yreport *r, const struct ynode *m, size_t sec,
			 const struct ctx *vars, struct words *w)
{
	const char *names[YREAD_MAX_KEYS];
	const struct ynode *vals[YREAD_MAX_KEYS];
	size_t idx[YREAD_MAX_KEYS], n = 0, i;
	struct strbuf what = STRBUF_INIT;

	for (i = 0; i < W__COUNT; i++)
		if (!strcmp(defs[i].section, sections[sec])) {
			idx[n] = i;
			names[n++] = defs[i].name;
		}
	strbuf_addf(&what, "'%s'", sections[sec]);
	if (!yread_map(r, m, what.buf, what.buf, names, n, vals))
		for (i = 0; i < n; i++)
			if (vals[i])
				read_word(r, vals[i], &defs[idx[i]], vars, &w->text[idx[i]]);
	strbuf_release(&what);
}

int words_load(struct words *w, const char *dir, struct diags *d)
{
	struct strbuf path = STRBUF_INIT;
	struct ydoc doc = YDOC_INIT;
	struct yreport r;
	const struct ynode *vals[ARRAY_SIZE(sections)];
	struct ctx *vars = NULL;
	struct stat sb;
	size_t i, errors = d->nerrors;

	words_defaults(w);
	strbuf_addf(&path, "%s/words.yaml", dir ? dir : "templates");
	if (stat(path.buf, &sb) && errno == ENOENT)
		goto out;
	yreport_init(&r, d, path.buf);
	if (ydoc_load(&doc, path.buf, &r) || !doc.root) {
		if (!doc.root && d->nerrors == errors)
			yreport_error(&r, NULL, "empty file (expected a mapping)");
		goto out;
	}
	vars = sample_vars();
	if (!yread_map(&r, doc.root, "words.yaml", NULL, sections, ARRAY_SIZE(sections), vals))
		for (i = 0; i < ARRAY_SIZE(sections); i++)
			if (vals[i])
				read_section(&r, vals[i], i, vars, w);
out:
	ctx_free(vars);
	ydoc_release(&doc);
	strbuf_release(&path);
	return d->nerrors > errors ? -1 : 0;
}
