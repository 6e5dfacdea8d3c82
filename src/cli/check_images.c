/*
 * check_images.c - `check`: the images the data's Markdown names. A PDF
 * brief loads a local image from the templates directory, and shows its
 * description in its place when the file is missing, damaged, too large
 * or outside that directory; check says so beforehand, as a warning (the
 * brief is still built). Kept apart from the loader on purpose: it reads
 * only the Markdown fields of a loaded data set.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "pdf/image.h"
#include "base/diag.h"

/* Warns about each local image of `md` that would not load. */
static void check_markdown(const char *md, const char *what, struct pos at, const char *dir,
			   struct diags *d)
{
	struct markdown_doc *doc;
	cmark_iter *iter;
	cmark_event_type ev;

	if (!md || !strstr(md, "!["))
		return;
	doc = markdown_parse(md, strlen(md), NULL);
	if (!doc)
		return;
	iter = cmark_iter_new(doc->root);
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(iter);
		const char *url = cmark_node_get_url(n);
		char why[IMAGE_WHY];
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_IMAGE ||
		    !image_url_is_local(url))
			continue;
		if (image_check_file(dir, url, why))
			diags_warning(d, at, "%s: image '%s' cannot be shown in a PDF brief (%s)", what, url, why);
	}
	cmark_iter_free(iter);
	markdown_doc_free(doc);
}

static void check_list(const struct strlist *l, const char *what, struct pos at, const char *dir,
		       struct diags *d)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		check_markdown(l->v[i], what, at, dir, d);
}

void check_images(const struct dataset *ds, const char *templates_dir, struct diags *d)
{
	size_t i, k;

	for (i = 0; i < ds->ncases; i++) {
		const struct case_study *c = &ds->cases[i];
		check_markdown(c->summary, "summary", c->pos, templates_dir, d);
		for (k = 0; k < c->ndrivers; k++)
			check_markdown(c->drivers[k].text, "driver", c->drivers[k].pos, templates_dir, d);
		check_list(&c->lessons, "lessons", c->pos, templates_dir, d);
		check_list(&c->caveats, "caveats", c->pos, templates_dir, d);
	}
	for (i = 0; i < ds->ntags; i++)
		check_markdown(ds->tags[i].about, "about", ds->tags[i].pos, templates_dir, d);
	for (i = 0; i < ds->naudiences; i++) {
		const struct audience *a = &ds->audiences[i];
		check_markdown(a->intro, "intro", a->pos, templates_dir, d);
		check_list(&a->questions, "questions", a->pos, templates_dir, d);
	}
}
