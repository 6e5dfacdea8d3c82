/*
 * diag.c - messages and positioned diagnostics.
 */
#include "base/diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/version.h"
#include "base/alloc.h"

static int verbosity;

void log_set_verbosity(int v)
{
	verbosity = v;
}

int log_verbosity(void)
{
	return verbosity;
}

static void vreport(const char *prefix, const char *fmt, va_list ap, int err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "casebrief: ");
	strbuf_adds(&sb, prefix);
	strbuf_vaddf(&sb, fmt, ap);
	if (err)
		strbuf_addf(&sb, ": %s", strerror(err));
	strbuf_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stderr);
	strbuf_release(&sb);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	va_start(ap, fmt);
	vreport("", fmt, ap, err);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < 0)
		return;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, 0);
	va_end(ap);
}

void info(const char *fmt, ...)
{
	va_list ap;
	if (verbosity <= 0)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
	exit(EXIT_FAILED);
}



void diags_vadd(struct diags *d, int is_warning, struct pos at,
		const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *g;

	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	g = &d->v[d->n++];
	strbuf_vaddf(&sb, fmt, ap);
	g->file = xstrdup(at.file ? at.file : "");
	g->line = at.line;
	g->col = at.col;
	g->is_warning = is_warning;
	g->msg = strbuf_detach(&sb, NULL);
	if (is_warning)
		d->nwarnings++;
	else
		d->nerrors++;
}

void diags_error(struct diags *d, struct pos at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(d, 0, at, fmt, ap);
	va_end(ap);
}

void diags_warning(struct diags *d, struct pos at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(d, 1, at, fmt, ap);
	va_end(ap);
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->msg, b->msg);
}

void diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
}

void diags_print(struct diags *d, FILE *f)
{
	size_t i;
	diags_sort(d);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		if (g->is_warning && verbosity < 0)
			continue;
		fputs("casebrief: ", f);
		if (g->file[0]) {
			fputs(g->file, f);
			if (g->line > 0)
				fprintf(f, ":%d:%d", g->line, g->col > 0 ? g->col : 1);
			fputs(": ", f);
		}
		if (g->is_warning)
			fputs("warning: ", f);
		fputs(g->msg, f);
		fputc('\n', f);
	}
}

void diags_release(struct diags *d)
{
	size_t i;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = d->nerrors = d->nwarnings = 0;
}

