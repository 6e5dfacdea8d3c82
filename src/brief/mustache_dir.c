/*
 * mustache_dir.c - the templates of a directory, found by name (the
 * partials of a brief and the brief itself); mustache.h.
 */
#include "brief/mustache.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/file.h"

#define MAX_TEMPLATE_FILE ((size_t)4 << 20)
#define MAX_TEMPLATE_FILES 10000

struct mustache_file {
	char *name;   /* without ".mustache" */
	char *path;
	char *text;
	size_t len;
};

struct mustache_dir {
	struct mustache_file *v;
	size_t n, alloc;
};

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mustache_file *)a)->name,
		      ((const struct mustache_file *)b)->name);
}

void mustache_dir_free(struct mustache_dir *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].path);
		free(d->v[i].text);
	}
	free(d->v);
	free(d);
}

static int dir_add(struct mustache_dir *d, const char *dir, const char *name)
{
	static const char suffix[] = ".mustache";
	size_t nlen = strlen(name), slen = sizeof(suffix) - 1;
	struct strbuf path = STRBUF_INIT;
	struct mustache_file *f;
	struct stat st;
	char *text;
	size_t len;

	if (name[0] == '.' || nlen <= slen || strcmp(name + nlen - slen, suffix))
		return 0;
	strbuf_addf(&path, "%s/%s", dir, name);
	if (stat(path.buf, &st) || !S_ISREG(st.st_mode)) {
		strbuf_release(&path);
		return 0;
	}
	if (d->n >= MAX_TEMPLATE_FILES || read_file(path.buf, MAX_TEMPLATE_FILE, &text, &len)) {
		if (d->n >= MAX_TEMPLATE_FILES)
			error("%s: more than %d templates", dir, MAX_TEMPLATE_FILES);
		strbuf_release(&path);
		return -1;
	}
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	f = &d->v[d->n++];
	f->name = xstrndup(name, nlen - slen);
	f->path = strbuf_detach(&path, NULL);
	f->text = text;
	f->len = len;
	return 0;
}

struct mustache_dir *mustache_dir_load(const char *dir)
{
	struct mustache_dir *d = xcalloc(1, sizeof(*d));
	struct dirent *e;
	DIR *dh = opendir(dir);

	if (!dh) {
		error_errno("%s: cannot open template directory", dir);
		free(d);
		return NULL;
	}
	while ((e = readdir(dh))) {
		if (dir_add(d, dir, e->d_name)) {
			mustache_dir_free(d);
			d = NULL;
			break;
		}
	}
	closedir(dh);
	if (d && d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), file_cmp);
	return d;
}

int mustache_dir_get(const struct mustache_dir *d, const char *name,
		     const char **text, size_t *len, const char **file)
{
	struct mustache_file key, *f;

	if (!d || !d->n)
		return -1;
	key.name = (char *)name;
	f = bsearch(&key, d->v, d->n, sizeof(*d->v), file_cmp);
	if (!f)
		return -1;
	*text = f->text;
	*len = f->len;
	*file = f->path;
	return 0;
}

int mustache_dir_partial(void *ud, const char *name, const char **text,
			 size_t *len, const char **file)
{
	return mustache_dir_get(ud, name, text, len, file);
}
