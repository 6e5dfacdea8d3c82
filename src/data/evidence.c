/*
 * evidence.c - main tag, evidence grade and quotable figures (evidence.h).
 */
#include "data/evidence.h"

#include <string.h>
#include <strings.h>

const char *const grade_names[GRADE__COUNT] = { "A", "B", "C" };

const char *case_main_tag(const struct case_study *c)
{
	return c->ndrivers && c->drivers[0].tag ? c->drivers[0].tag : NULL;
}

static int is_compilation(const struct source *s)
{
	return s && s->kind == SRC_COMPILATION;
}

enum grade case_grade(const struct case_study *c)
{
	size_t i;

	for (i = 0; i < c->ndrivers; i++)
		if (c->drivers[i].basis == BASIS_INFERRED ||
		    is_compilation(case_find_source(c, c->drivers[i].source)))
			return GRADE_C;
	for (i = 0; i < c->nfigures; i++) {
		const struct source *s = case_find_source(c, c->figures[i].source);
		if (c->figures[i].kind == FIG_MEASURED && s &&
		    (s->kind == SRC_FIRST_PARTY || s->kind == SRC_INTERNAL))
			return GRADE_A;
	}
	return GRADE_B;
}

int figure_quotable(const struct case_study *c, const struct figure *f)
{
	const struct source *s = case_find_source(c, f->source);

	return f->kind == FIG_MEASURED && s && !is_compilation(s);
}

const char *figure_label(const struct case_study *c, const struct figure *f)
{
	/* [kind][read in a compilation] */
	static const char *const labels[FIG__COUNT][2] = {
		{ NULL, "via a compilation" },
		{ "estimate", "estimate, via a compilation" },
		{ "target", "target, via a compilation" },
		{ "anecdote", "anecdote, via a compilation" },
	};
	const struct source *s = case_find_source(c, f->source);

	if (f->kind == FIG_MEASURED && !s)
		return "no source";
	return labels[f->kind][is_compilation(s)];
}

int url_is_home_page(const char *url)
{
	const char *p;

	if (!strncasecmp(url, "https://", 8))
		p = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		p = url + 7;
	else
		return 0;
	p += strcspn(p, "/?#");
	return !*p || !strcmp(p, "/");
}
