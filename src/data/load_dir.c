/*
 * load_dir.c - the files of a data directory: listed, read and parsed
 * (ahead, on worker threads), then handed to the loader one by one in name
 * order.
 *
 * Reading and parsing a file needs nothing from the loader, so it can run
 * on any thread. Its problems are kept with the parsed file, in a list of
 * its own, and moved to the loader's when the file's turn comes to be
 * checked, so the diagnostics are the same whatever the threads did.
 */
#include "data/load_int.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/diag.h"
#include "base/str.h"

struct parsed_file {
	struct ydoc doc;
	int usable;           /* doc holds the file's first document */
	struct diags diags;   /* what reading and parsing found */
	struct yreport r;     /* and how many: checking goes on counting */
};

/* Reads and parses `path` into `pf` (zeroed). Safe on any thread. */
static void parse_file(const char *path, struct parsed_file *pf)
{
	yreport_init(&pf->r, &pf->diags, path);
	pf->usable = !ydoc_load(&pf->doc, path, &pf->r);
}

static void pf_release(struct parsed_file *pf)
{
	ydoc_release(&pf->doc);
	diags_release(&pf->diags);
	memset(pf, 0, sizeof(*pf));
}

/* Moves the diagnostics of `from` to the end of `to`. */
static void diags_take(struct diags *to, struct diags *from)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		ALLOC_GROW(to->v, to->n + 1, to->alloc);
		to->v[to->n++] = from->v[i];
		if (from->v[i].is_warning)
			to->nwarnings++;
		else
			to->nerrors++;
	}
	free(from->v);
	memset(from, 0, sizeof(*from));
}

/*
 * Makes `path` the file being checked: takes over what parsing reported
 * and the document, and returns its root or NULL (reported).
 */
static const struct ynode *load_parsed(struct loader *ld, const char *path,
				       struct parsed_file *pf)
{
	int usable = pf->usable;

	ydoc_release(&ld->doc);
	diags_take(ld->diags, &pf->diags);
	ld->r = pf->r;
	ld->r.diags = ld->diags;
	ld->r.file = dataset_intern_file(ld->ds, path);
	ld->doc = pf->doc;
	memset(&pf->doc, 0, sizeof(pf->doc));
	pf_release(pf);
	if (!usable)
		return NULL;
	if (!ld->doc.root) {
		yreport_error(&ld->r, NULL, "empty file (expected a mapping)");
		return NULL;
	}
	return ld->doc.root;
}

const struct ynode *load_file(struct loader *ld, const char *path)
{
	struct parsed_file pf;

	memset(&pf, 0, sizeof(pf));
	parse_file(path, &pf);
	return load_parsed(ld, path, &pf);
}

/*
 * prefetch: worker threads read and parse the files of a directory ahead
 * of the loader, which checks them one by one in order (the checks share
 * the dataset and stay on one thread). Libyaml's parser is most of the
 * cost of loading, so this is where the cores help. The loader parses a
 * file itself instead of waiting. The workers stay at most PREFETCH_AHEAD
 * files ahead of it, and stop claiming files while the parsed files
 * waiting to be checked hold more than PREFETCH_BUDGET bytes, so hostile
 * files cannot make the memory grow beyond the budget plus one file per
 * thread.
 */
#define PREFETCH_MIN_FILES 16
#define PREFETCH_MAX_THREADS 4
#define PREFETCH_AHEAD 256
#define PREFETCH_BUDGET ((size_t)8 << 20)

struct prefetch {
	char *const *paths;
	size_t n;
	struct parsed_file *files;
	unsigned char *ready;       /* files[i] is parsed */
	size_t next;                /* the next file nobody has claimed */
	size_t checked;             /* files the loader is done with */
	size_t held;                /* bytes of parsed files not yet checked */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t threads[PREFETCH_MAX_THREADS];
	int nthreads;
};

/* Claims the next file when there is one within reach; -1 otherwise. */
static long prefetch_claim(struct prefetch *pf)
{
	if (pf->next >= pf->n || pf->next >= pf->checked + PREFETCH_AHEAD ||
	    pf->held > PREFETCH_BUDGET)
		return -1;
	return (long)pf->next++;
}

static void prefetch_parse(struct prefetch *pf, size_t i)
{
	size_t bytes;

	parse_file(pf->paths[i], &pf->files[i]);
	bytes = ydoc_bytes(&pf->files[i].doc);
	pthread_mutex_lock(&pf->lock);
	pf->ready[i] = 1;
	pf->held += bytes;
	pthread_cond_broadcast(&pf->cond);
	pthread_mutex_unlock(&pf->lock);
}

static void *prefetch_worker(void *arg)
{
	struct prefetch *pf = arg;
	long i;

	for (;;) {
		pthread_mutex_lock(&pf->lock);
		while ((i = prefetch_claim(pf)) < 0 && pf->next < pf->n)
			pthread_cond_wait(&pf->cond, &pf->lock);
		pthread_mutex_unlock(&pf->lock);
		if (i < 0)
			return NULL;
		prefetch_parse(pf, (size_t)i);
	}
}

static int prefetch_threads(size_t nfiles)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (nfiles < PREFETCH_MIN_FILES || cpus < 2)
		return 0;
	return cpus - 1 < PREFETCH_MAX_THREADS ? (int)cpus - 1 : PREFETCH_MAX_THREADS;
}

static void prefetch_start(struct prefetch *pf, char *const *paths, size_t n)
{
	int i, want = prefetch_threads(n);

	memset(pf, 0, sizeof(*pf));
	pf->paths = paths;
	pf->n = n;
	pf->files = xcalloc(n + 1, sizeof(*pf->files));
	pf->ready = xcalloc(n + 1, 1);
	pthread_mutex_init(&pf->lock, NULL);
	pthread_cond_init(&pf->cond, NULL);
	for (i = 0; i < want; i++) {
		/* Without a thread the loader parses everything itself. */
		if (pthread_create(&pf->threads[pf->nthreads], NULL, prefetch_worker, pf))
			break;
		pf->nthreads++;
	}
}

/* File i, parsed; the caller checks it, then calls prefetch_done. */
static struct parsed_file *prefetch_get(struct prefetch *pf, size_t i)
{
	long j;

	/* Files are taken in order: file i is claimed before any file after
	 * it, and is never held back by the budget (nothing is held then). */
	pthread_mutex_lock(&pf->lock);
	while (!pf->ready[i]) {
		j = prefetch_claim(pf);
		if (j < 0) {
			pthread_cond_wait(&pf->cond, &pf->lock);
			continue;
		}
		pthread_mutex_unlock(&pf->lock);
		prefetch_parse(pf, (size_t)j);
		pthread_mutex_lock(&pf->lock);
	}
	pf->held -= ydoc_bytes(&pf->files[i].doc);
	pthread_mutex_unlock(&pf->lock);
	return &pf->files[i];
}

static void prefetch_done(struct prefetch *pf, size_t i)
{
	pthread_mutex_lock(&pf->lock);
	pf->checked = i + 1;
	pthread_cond_broadcast(&pf->cond);
	pthread_mutex_unlock(&pf->lock);
}

static void prefetch_finish(struct prefetch *pf)
{
	size_t i;
	int t;

	for (t = 0; t < pf->nthreads; t++)
		pthread_join(pf->threads[t], NULL);
	for (i = 0; i < pf->n; i++)
		pf_release(&pf->files[i]);
	free(pf->files);
	free(pf->ready);
	pthread_mutex_destroy(&pf->lock);
	pthread_cond_destroy(&pf->cond);
}

/*
 * A data file's extension: .yaml or .yml in any case (an editor or a
 * file system that upper-cases names must not make a file vanish from
 * the data set without a word).
 */
static const char *data_ext(const char *name)
{
	static const char *const exts[] = { ".yaml", ".yml" };
	size_t n = strlen(name), i, e;

	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		e = strlen(exts[i]);
		if (n > e && !strcasecmp(name + n - e, exts[i]))
			return name + n - e;
	}
	return NULL;
}

char *load_dir_find(struct loader *ld, const char *dir, const char *name)
{
	struct strlist found = { NULL, 0, 0 };
	struct strbuf path = STRBUF_INIT;
	size_t nlen = strlen(name);
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d)) != NULL) {
		const char *ext = data_ext(e->d_name);
		if (ext && (size_t)(ext - e->d_name) == nlen && !strncmp(e->d_name, name, nlen))
			strlist_push(&found, e->d_name);
	}
	if (d)
		closedir(d);
	if (found.n > 1) {
		struct pos at;
		qsort(found.v, found.n, sizeof(*found.v), load_cmp_str_ptr);
		strbuf_addf(&path, "%s/%s", dir, found.v[1]);
		at.file = dataset_intern_file(ld->ds, path.buf);
		at.line = at.col = 0;
		diags_error(ld->diags, at, "%s and %s are one file under two names: keep one",
			    found.v[0], found.v[1]);
		strbuf_reset(&path);
	}
	strbuf_addf(&path, "%s/%s", dir, found.n ? found.v[0] : "");
	if (!found.n)
		strbuf_addf(&path, "%s.yaml", name);
	strlist_release(&found);
	return strbuf_detach(&path, NULL);
}

/*
 * The data files of a directory (data_ext), sorted; dot files are skipped
 * (editor lock files). Returns -1 when the directory cannot be read.
 */
static int list_dir(const char *path, struct strlist *names)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && data_ext(e->d_name))
			strlist_push(names, e->d_name);
	closedir(d);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), load_cmp_str_ptr);
	return 0;
}

/* Checks each listed file in order, with the workers reading ahead. */
static void check_files(struct loader *ld, const struct strlist *names,
			const struct strlist *paths, load_one_fn load_one, void *ud)
{
	struct prefetch pre;
	size_t i;

	prefetch_start(&pre, paths->v, paths->n);
	for (i = 0; i < names->n; i++) {
		const struct ynode *root = load_parsed(ld, paths->v[i], prefetch_get(&pre, i));
		if (root) {
			const char *name = names->v[i];
			char *base = xstrndup(name, strlen(name) - strlen(data_ext(name)));
			load_one(ld, root, base, ud);
			free(base);
		}
		prefetch_done(&pre, i);
	}
	prefetch_finish(&pre);
}

int load_dir_files(struct loader *ld, const char *dir, const char *sub, int required,
		   load_one_fn load_one, void *ud)
{
	struct strbuf path = STRBUF_INIT;
	struct strlist names = { NULL, 0, 0 }, paths = { NULL, 0, 0 };
	size_t i;
	int ret = 0;

	strbuf_addf(&path, "%s/%s", dir, sub);
	if (list_dir(path.buf, &names)) {
		int err = errno;
		if (required || err != ENOENT) {
			struct pos at = { dataset_intern_file(ld->ds, path.buf), 0, 0 };
			diags_error(ld->diags, at, "cannot read the %s directory: %s",
				    sub, strerror(err));
		}
		ret = -1;
		goto out;
	}
	for (i = 0; i < names.n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s/%s", dir, sub, names.v[i]);
		strlist_push(&paths, path.buf);
	}
	check_files(ld, &names, &paths, load_one, ud);
out:
	strlist_release(&names);
	strlist_release(&paths);
	strbuf_release(&path);
	return ret;
}
