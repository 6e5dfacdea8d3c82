/*
 * hyph.c - hyphenation dictionaries, made once per process.
 *
 * A dictionary compiled into the program (hyphdata.h) becomes a
 * HyphenDict whose states point into the compiled tables: one pass over
 * the states, no parsing. Any other language is loaded with libhyphen
 * from the system's hyphen directories, as before. Either way the
 * result is kept for the life of the process and shared by every engine
 * (a batch used to load and parse the patterns once per worker, and
 * once per manifest job with a style of its own).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/hyph.h"
#include "pdf/hyphdata.h"
#include "base/alloc.h"
#include "base/strbuf.h"

struct loaded {
	char *lang;
	HyphenDict *dict;
	struct loaded *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct loaded *loaded; /* reachable until exit, never freed */

/* libhyphen's types take plain pointers; it only reads through them. */
static char *str_at(const struct hyph_level_rec *lv, int32_t off)
{
	return off ? (char *)lv->strings + off - 1 : NULL;
}

static HyphenDict *level_dict(const struct hyph_level_rec *lv)
{
	HyphenDict *d = xcalloc(1, sizeof(*d));
	int i;

	d->lhmin = lv->lhmin;
	d->rhmin = lv->rhmin;
	d->clhmin = lv->clhmin;
	d->crhmin = lv->crhmin;
	d->nohyphen = str_at(lv, lv->nohyphen);
	d->nohyphenl = lv->nohyphenl;
	d->num_states = lv->nstates;
	snprintf(d->cset, sizeof(d->cset), "%s", lv->cset);
	d->utf8 = lv->utf8;
	d->states = xcalloc(lv->nstates ? (size_t)lv->nstates : 1, sizeof(*d->states));
	for (i = 0; i < lv->nstates; i++) {
		const struct hyph_state_rec *r = &lv->states[i];
		HyphenState *s = &d->states[i];
		s->match = str_at(lv, r->match);
		s->repl = str_at(lv, r->repl);
		s->replindex = r->replindex;
		s->replcut = r->replcut;
		s->fallback_state = r->fallback;
		s->num_trans = r->ntrans;
		s->trans = (HyphenTrans *)lv->trans + r->trans;
	}
	return d;
}

static HyphenDict *from_compiled(const struct hyph_compiled *c)
{
	HyphenDict *first = NULL, **link = &first;
	int k;

	for (k = 0; k < c->nlevels; k++) {
		*link = level_dict(&c->levels[k]);
		link = &(*link)->nextlevel;
	}
	return first;
}

static HyphenDict *from_file(const char *lang)
{
	static const char *const dirs[] = { "/usr/share/hyphen", "/usr/local/share/hyphen" };
	struct strbuf sb = STRBUF_INIT;
	HyphenDict *h = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs) && !h; i++) {
		FILE *f;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/hyph_%s.dic", dirs[i], lang);
		f = fopen(sb.buf, "r");
		if (!f)
			continue;
		fclose(f);
		h = hnj_hyphen_load(sb.buf);
	}
	strbuf_release(&sb);
	return h;
}

HyphenDict *hyph_dict(const char *lang)
{
	struct loaded *l;
	HyphenDict *d = NULL;
	size_t i;

	pthread_mutex_lock(&lock);
	for (l = loaded; l && strcmp(l->lang, lang); l = l->next)
		;
	if (l) {
		d = l->dict;
		goto out;
	}
	for (i = 0; i < hyph_ncompiled && !d; i++)
		if (!strcmp(hyph_compiled[i].lang, lang))
			d = from_compiled(&hyph_compiled[i]);
	if (!d)
		d = from_file(lang);
	if (d) {
		l = xmalloc(sizeof(*l));
		l->lang = xstrdup(lang);
		l->dict = d;
		l->next = loaded;
		loaded = l;
	}
out:
	pthread_mutex_unlock(&lock);
	return d;
}
