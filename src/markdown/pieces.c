/*
 * pieces.c - a long text parsed in pieces on a thread of its own, while
 * the caller lays out the pieces already parsed (markdown.h).
 *
 * cmark-gfm cannot parse two texts at once (markdown.c: its inline
 * parser's tables are global), so the pieces are parsed one after
 * another; what is gained is that the caller's work on a piece overlaps
 * the parsing of the next ones.
 *
 * Where a text is cut. Only before a line that opens an ATX heading in
 * the first column and follows a blank line. Such a line ends every
 * block open before it (the blank line has closed any paragraph and
 * table; the heading is not indented, so no list item, quote or
 * indented code goes on through it), except a fenced code block or an
 * HTML block that the document itself holds: those go on through blank
 * lines. So each piece but the last is checked once parsed
 * (piece_ends_clean), and when it ends inside such a block the cut moves
 * on to the next place and the piece is parsed again. A piece is parsed
 * as a text of its own: its nodes count their lines from its start, and
 * its line0 (markdown.h) says how many lines of the whole text come
 * before it. What the text decides as a whole (its size, its
 * bidirectional controls, whether tables are read) is decided once,
 * before any piece.
 *
 * What a cut would change, and so what keeps a text in one piece: link
 * reference definitions and footnotes ("]:", "[^": a definition reaches
 * references anywhere in the document), and the two things that a parse
 * reports and the layout reports on too, chart fences and images (their
 * messages would come out in another order). A text shorter than
 * PIECES_MIN_BYTES, or parsed with one thread, is one piece, parsed at
 * once, as markdown_parse parses it.
 *
 * The sizes. The first piece is PIECE_MIN_BYTES or a little more,
 * parsed by the caller's thread before it can start; each one after is
 * half as large again as the one before, up to PIECE_MAX_BYTES or a 24th
 * of the text, whichever is more, and the last takes what is left. A
 * piece takes about as long to parse as the one before it takes to lay
 * out (for 1,000 cases, some 40 ms against 45 ms per 1,000 KB), so
 * pieces that kept growing had the layout wait for the last of them:
 * 10 to 15 ms in one run of two for 1,000 cases. Pieces of the same size
 * keep the parse ahead, and there are at most PIECES_MAX of them.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown/markdown.h"
#include "markdown/parse_int.h"
#include "base/alloc.h"
#include "base/str.h"
#include "base/thread.h"

/* Below this a text is one piece: parsing it takes about 3 ms. */
#define PIECES_MIN_BYTES (96 * 1024)
/* The first piece. */
#define PIECE_MIN_BYTES (48 * 1024)
/* The most the pieces grow to: this, or a 24th of the text. */
#define PIECE_MAX_BYTES (128 * 1024)
#define PIECES_MAX 32

struct markdown_pieces {
	const char *text;       /* what is parsed: the caller's text or `clean` */
	char *clean;
	size_t len;
	size_t target;          /* the size of the next piece, in bytes */
	size_t most;            /* the most target grows to */
	int tables;
	const struct markdown_opts *opts;
	size_t pos, line;       /* the parsing thread's: where the next piece
				 * starts, and the lines before it */
	struct markdown_doc *doc[PIECES_MAX];
	size_t made, taken;     /* parsed; handed out */
	int done, failed;
	pthread_mutex_t lock;
	pthread_cond_t ready;   /* a piece was parsed, or the last one */
	pthread_t thread;
	int started;
};

/* ---- where to cut ------------------------------------------------------ */

static int has(const char *s, size_t len, const char *what)
{
	return str_find(s, 0, len, what, strlen(what)) >= 0;
}

/* An HTML start that may go on through blank lines (CommonMark's HTML
 * blocks of kinds 1 to 5: <script, <pre, <style, <textarea, comments,
 * processing instructions, declarations, CDATA). */
static int long_html(const char *s, size_t len)
{
	static const char *const tags[] = { "script", "pre", "style", "textarea" };
	const char *p = s, *end = s + len;
	size_t i;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		p++;
		if (p < end && (*p == '!' || *p == '?'))
			return 1;
		for (i = 0; i < ARRAY_SIZE(tags); i++) {
			size_t n = strlen(tags[i]);
			if ((size_t)(end - p) >= n && !strncasecmp(p, tags[i], n))
				return 1;
		}
	}
	return 0;
}

/* A line with a code fence before the word "chart". */
static int chart_fence_in(const char *s, size_t len)
{
	long at = 0;

	while ((at = str_find(s, (size_t)at, len, "chart", 5)) >= 0) {
		const char *q = s + at;
		while (q > s && q[-1] != '\n' && q[-1] != '`' && q[-1] != '~')
			q--;
		if (q > s && (q[-1] == '`' || q[-1] == '~'))
			return 1;
		at += 5;
	}
	return 0;
}

static int one_piece_only(const char *s, size_t len)
{
	return has(s, len, "]:") || has(s, len, "[^") || has(s, len, "![") || long_html(s, len) ||
	       chart_fence_in(s, len);
}

static int blank_line(const char *p, const char *eol)
{
	for (; p < eol; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

static int atx_heading(const char *p, const char *eol)
{
	int n = 0;

	while (p < eol && *p == '#' && n < 7) {
		p++;
		n++;
	}
	return n >= 1 && n <= 6 && (p == eol || *p == ' ' || *p == '\t' || *p == '\r');
}

/* Whether the line that ends just before `at` (a line start) is blank. */
static int blank_before(const char *s, size_t at)
{
	const char *eol = s + at - 1, *p = eol;

	if (!at)
		return 0;
	while (p > s && p[-1] != '\n')
		p--;
	return blank_line(p, eol);
}

/*
 * The first place from byte `from` (a line start after `line` lines) on
 * where a piece may end: a line that opens an ATX heading after a blank
 * line, at least at byte `min` and leaving at least half a piece after
 * it. *cut_line gets the lines before it. The end of the text when there
 * is none.
 */
static size_t next_cut(const struct markdown_pieces *pc, size_t from, size_t line, size_t min, size_t *cut_line)
{
	const char *s = pc->text, *p = s + from, *end = s + pc->len;
	int prev_blank = blank_before(s, from);

	while (p < end && pc->len - (size_t)(p - s) >= pc->target / 2) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		if (prev_blank && (size_t)(p - s) >= min && atx_heading(p, eol)) {
			*cut_line = line;
			return (size_t)(p - s);
		}
		prev_blank = blank_line(p, eol);
		line++;
		if (!nl)
			break;
		p = nl + 1;
	}
	*cut_line = 0;
	return pc->len;
}

/* ---- checking a piece -------------------------------------------------- */

struct cut_check {
	size_t last_line;       /* in: the piece's last line (blank) */
	int fence;              /* out: a fence of the document's own is open */
	int flen;               /* its length and character */
	char ch;
};

/*
 * Whether a piece that another follows ends where it may: not inside an
 * HTML block (only kinds 6 and 7 reach here, and a blank line ends
 * them) nor inside a fenced block anywhere. The next line would close
 * one in a list or a quote as the end of the piece does, but cmark-gfm
 * ends a fenced block on the line that closes it and any other block on
 * the line before, so its end would say another line; and one of the
 * document's own goes on into the next piece. The blocks still open at
 * the end are the piece's last block and their last children; of those,
 * a fenced block was open there when it ends on the piece's last line,
 * which is blank and so closes none.
 */
static int piece_ends_clean(cmark_node *root, void *arg)
{
	struct cut_check *c = arg;
	cmark_node *n;
	int off = 0;

	c->fence = 0;
	for (n = cmark_node_last_child(root); n; n = cmark_node_last_child(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		if ((t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_CODE_BLOCK) ||
		    cmark_node_get_end_line(n) < (int)c->last_line)
			continue;
		c->fence = t == CMARK_NODE_CODE_BLOCK && cmark_node_parent(n) == root &&
			   cmark_node_get_fenced(n, &c->flen, &off, &c->ch);
		return 0;
	}
	return 1;
}

/*
 * The start of the line after the one from byte `from` on (a line start
 * after `line` lines) that closes a fence of `flen` `ch`s (up to three
 * spaces, the fence, blanks), with *lines the lines before it; the end
 * of the text when none does.
 */
static size_t after_fence(const struct markdown_pieces *pc, size_t from, size_t line, const struct cut_check *c,
			  size_t *lines)
{
	const char *s = pc->text, *p = s + from, *end = s + pc->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end, *q = p;
		int k = 0, n = 0;
		while (q < eol && *q == ' ' && k < 4) {
			q++;
			k++;
		}
		while (q < eol && *q == c->ch) {
			q++;
			n++;
		}
		line++;
		if (k <= 3 && n >= c->flen && blank_line(q, eol) && nl) {
			*lines = line;
			return (size_t)(nl + 1 - s);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	*lines = 0;
	return pc->len;
}

/* ---- parsing ----------------------------------------------------------- */

/* Tries for a piece before it takes the rest of the text: each parses
 * the piece again, so a text whose every place to cut is refused costs
 * a bounded number of parses, not one per place. */
#define PIECE_TRIES 4

/*
 * Parses the next piece: from pc->pos to the first place it may end
 * after pc->target bytes, or while that is not a clean cut, to a later
 * one (past the fence left open, when it is one of the document's own);
 * with `last`, to the end. NULL when cmark-gfm fails. Only the thread
 * that parses.
 */
static struct markdown_doc *parse_piece(struct markdown_pieces *pc, int last)
{
	size_t from = pc->pos, cut_line = 0;
	size_t cut = last ? pc->len : next_cut(pc, from, pc->line, from + pc->target, &cut_line);
	int tries;

	for (tries = 1;; tries++) {
		/* (the piece's nodes count their lines from its start) */
		struct cut_check c = { cut < pc->len ? cut_line - pc->line : 0, 0, 0, 0 };
		int whole = cut == pc->len;
		struct markdown_doc *doc;
		size_t at, at_line;
		doc = markdown_parse_lines(pc->text + from, cut - from, pc->line, pc->tables, pc->opts,
					   whole ? NULL : piece_ends_clean, &c);
		at = cut;
		at_line = cut_line;
		if (doc || whole) {
			pc->pos = cut;
			pc->line = cut_line;
			pc->target += pc->target / 2;
			if (pc->target > pc->most)
				pc->target = pc->most;
			return doc;
		}
		/* not a clean cut (or a failure, which fails again with the rest) */
		if (c.fence)
			at = after_fence(pc, cut, cut_line, &c, &at_line);
		cut = tries == PIECE_TRIES || at == pc->len ? pc->len : next_cut(pc, at, at_line, at + 1, &cut_line);
	}
}

/* Parses the pieces after the first, handing each out as it is made. */
static void parse_rest(struct markdown_pieces *pc)
{
	while (pc->pos < pc->len) {
		struct markdown_doc *doc = parse_piece(pc, pc->made + 1 == PIECES_MAX);
		pthread_mutex_lock(&pc->lock);
		if (doc)
			pc->doc[pc->made++] = doc;
		else
			pc->failed = 1;
		pthread_cond_broadcast(&pc->ready);
		pthread_mutex_unlock(&pc->lock);
		if (!doc)
			break;
	}
	pthread_mutex_lock(&pc->lock);
	pc->done = 1;
	pthread_cond_broadcast(&pc->ready);
	pthread_mutex_unlock(&pc->lock);
}

static void *parse_thread(void *arg)
{
	parse_rest(arg);
	return NULL;
}

struct markdown_pieces *markdown_pieces_start(const char *text, size_t len, const struct markdown_opts *opts,
					      int threads)
{
	struct markdown_pieces *pc = xcalloc(1, sizeof(*pc));
	int whole;

	if (markdown_prepare(text, len, &pc->clean, &pc->tables) < 0) {
		free(pc);
		return NULL;
	}
	pc->text = pc->clean ? pc->clean : text;
	pc->len = len;
	pc->opts = opts;
	pthread_mutex_init(&pc->lock, NULL);
	pthread_cond_init(&pc->ready, NULL);
	pc->target = PIECE_MIN_BYTES;
	pc->most = len / 24 > PIECE_MAX_BYTES ? len / 24 : PIECE_MAX_BYTES;
	whole = threads < 2 || len < PIECES_MIN_BYTES || one_piece_only(pc->text, len);
	/* the first piece here, at once (a thread takes a while to start),
	 * then the others on the thread while the caller works on it */
	pc->doc[0] = parse_piece(pc, whole);
	pc->failed = !pc->doc[0];
	pc->made = !pc->failed;
	pc->done = pc->failed || pc->pos == len;
	if (pc->failed) {
		markdown_pieces_free(pc);
		return NULL;
	}
	if (pc->done)
		return pc;
	/* from here on the thread owns pc->pos, and the lock what it guards */
	pc->started = !thread_start(&pc->thread, parse_thread, pc);
	if (!pc->started)
		parse_rest(pc);
	return pc;
}

struct markdown_doc *markdown_pieces_next(struct markdown_pieces *pc)
{
	struct markdown_doc *doc = NULL;

	pthread_mutex_lock(&pc->lock);
	while (pc->taken == pc->made && !pc->done)
		pthread_cond_wait(&pc->ready, &pc->lock);
	if (pc->taken < pc->made)
		doc = pc->doc[pc->taken++];
	pthread_mutex_unlock(&pc->lock);
	return doc;
}

int markdown_pieces_failed(struct markdown_pieces *pc)
{
	int failed;

	pthread_mutex_lock(&pc->lock);
	failed = pc->failed;
	pthread_mutex_unlock(&pc->lock);
	return failed;
}

size_t markdown_pieces_taken(const struct markdown_pieces *pc, const struct markdown_doc *const **docs)
{
	*docs = (const struct markdown_doc *const *)pc->doc;
	return pc->taken;
}

void markdown_pieces_free(struct markdown_pieces *pc)
{
	size_t k;

	if (!pc)
		return;
	if (pc->started)
		pthread_join(pc->thread, NULL);
	for (k = 0; k < pc->made; k++)
		markdown_doc_free(pc->doc[k]);
	pthread_cond_destroy(&pc->ready);
	pthread_mutex_destroy(&pc->lock);
	free(pc->clean);
	free(pc);
}
