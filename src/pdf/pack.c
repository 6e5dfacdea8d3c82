/*
 * pack.c - libharu's saved file, rewritten with object streams and a
 * cross-reference stream (pack.h).
 *
 * libharu writes "N 0 obj\n...\nendobj\n" for objects 1 to count - 1 in
 * order and then its table, whose offsets give each object's bytes
 * exactly: an object runs to the next one's offset. A stream object ends
 * with "\nendstream\nendobj\n" and is copied as it is (its /Length may
 * point at an object that moves into an object stream, which the format
 * allows); every other object's body goes into an object stream of at
 * most OSTM_OBJECTS objects or OSTM_BYTES bytes, deflated with libdeflate
 * at a fast level (it is several times faster than zlib there). Tagged
 * documents have tens of thousands of small objects, most of whose bytes
 * are the same keys again.
 *
 * The object streams are put together and deflated as tasks of the
 * engine's pool (this thread only notes which objects go where), and
 * the file is written in batches: the
 * streams copied as they are and the object streams between them, in
 * object order, once a batch's tasks are done. A stream's bytes depend
 * on its input alone, so the file is the same with any number of
 * threads.
 *
 * The cross-reference stream uses the PNG "up" predictor: consecutive
 * entries differ in a byte or two, so the rows deflate to almost
 * nothing. The trailer's /ID is a 128-bit hash of the objects written,
 * twice (the file is new, not a changed one).
 */
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "pdf/pack.h"
#include "pdf/pool.h"
#include "base/alloc.h"
#include "base/diag.h"

#define OSTM_OBJECTS 400
/* libdeflate's fastest level: smaller files than zlib's level 2, which
 * this program used before, in a third of the time. */
#define PACK_ZLEVEL 1
#define OSTM_BYTES (128 * 1024)
/* Object streams in one batch, in bytes of their objects: a task holds
 * only its result (a fifth of that or less) until the batch is
 * written, and a wait per batch leaves a thread idle, so the batches
 * are large. */
#define PACK_PENDING (8 * 1024 * 1024)
#define XREF_W1 1
#define XREF_W2 4
#define XREF_W3 2
#define XREF_ROW (XREF_W1 + XREF_W2 + XREF_W3)

void pack_objs_release(struct pack_objs *o)
{
	strbuf_release(&o->text);
	free(o->v);
	o->v = NULL;
	o->n = o->alloc = 0;
}

void pack_objs_begin(struct pack_objs *o, uint32_t id)
{
	ALLOC_GROW(o->v, o->n + 1, o->alloc);
	o->v[o->n].id = id;
	o->v[o->n].off = o->text.len;
	o->v[o->n].len = 0;
	o->n++;
}

void pack_objs_end(struct pack_objs *o)
{
	struct pack_obj *p = &o->v[o->n - 1];

	p->len = o->text.len - p->off;
}

/* ---- reading libharu's file ---------------------------------------------- */

struct src {
	const char *in;
	size_t len;
	size_t xref;            /* offset of the table */
	uint32_t n;             /* objects, with the free object 0 */
	size_t *off;            /* of each object */
	uint32_t root, info;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A decimal number at *p (below `end`), moving *p past it; -1 when none. */
static long long read_num(const char **p, const char *end)
{
	long long v = 0;
	const char *q = *p;

	if (q >= end || !is_digit(*q))
		return -1;
	while (q < end && is_digit(*q) && v < (1ll << 40))
		v = v * 10 + (*q++ - '0');
	*p = q;
	return v;
}

/* The object number after `key` ("/Root ") in [p, end), or 0. */
static uint32_t ref_after(const char *p, const char *end, const char *key)
{
	size_t k = strlen(key);
	long long v;

	for (; p + k <= end; p++) {
		if (memcmp(p, key, k))
			continue;
		p += k;
		v = read_num(&p, end);
		return v > 0 && v < UINT32_MAX ? (uint32_t)v : 0;
	}
	return 0;
}

static int read_table(struct src *s)
{
	const char *in = s->in, *end = in + s->len, *p;
	long long v, n;
	size_t i;

	/* "startxref\nOFFSET\n%%EOF\n" at the end */
	for (p = end - 9; p > in && end - p < 64 && memcmp(p, "startxref", 9); p--)
		;
	if (p <= in || memcmp(p, "startxref", 9))
		return -1;
	p += 10;
	v = read_num(&p, end);
	if (v < 16 || (size_t)v >= s->len || s->len - (size_t)v < 24 || memcmp(in + v, "xref\n0 ", 7))
		return -1;
	s->xref = (size_t)v;
	p = in + v + 7;
	n = read_num(&p, end);
	if (n < 2 || n > (1 << 23) || p >= end || *p++ != '\n' || (size_t)(end - p) < (size_t)n * 20)
		return -1;
	s->n = (uint32_t)n;
	s->off = xcalloc(s->n, sizeof(*s->off));
	for (i = 1; i < s->n; i++) {
		const char *e = p + 20 * i, *q = e;
		v = read_num(&q, e + 10);
		if (v < 0 || q != e + 10 || e[17] != 'n' || (size_t)v >= s->xref ||
		    (i > 1 && (size_t)v <= s->off[i - 1]))
			return -1;
		s->off[i] = (size_t)v;
	}
	p += 20 * s->n;
	s->root = ref_after(p, end, "/Root ");
	s->info = ref_after(p, end, "/Info ");
	return s->root && s->root < s->n ? 0 : -1;
}

/* Object `id`'s bytes, "id 0 obj\n" to "endobj\n"; their start in *hdr
 * past the header. NULL when they are not what libharu writes. */
static const char *obj_span(const struct src *s, uint32_t id, size_t *len, size_t *hdr)
{
	size_t a = s->off[id], b = id + 1 < s->n ? s->off[id + 1] : s->xref;
	const char *p = s->in + a, *q = p;

	if (read_num(&q, s->in + b) != id || (size_t)(s->in + b - q) < 14 || memcmp(q, " 0 obj\n", 7) ||
	    memcmp(s->in + b - 8, "\nendobj\n", 8))
		return NULL;
	*hdr = (size_t)(q + 7 - p);
	*len = b - a;
	return p;
}

static int is_stream(const char *p, size_t len)
{
	return len > 18 && !memcmp(p + len - 18, "\nendstream\nendobj\n", 18);
}

/* ---- writing ---------------------------------------------------------------- */

/* An object in an object stream: its body, in libharu's file or in
 * struct pack_objs, both of which outlive the tasks. */
struct span {
	uint32_t id;
	const char *p;
	size_t len;
};

/* An object stream, put together and deflated as a pool task; z stays
 * NULL on failure. */
struct ostm_job {
	struct pool_task t;     /* first: the task is the job */
	struct libdeflate_compressor **zc;
	uint32_t id, n;
	size_t first;           /* the length of its header */
	size_t bytes;           /* of the bodies, each with its newline */
	struct span obj[OSTM_OBJECTS];
	uint8_t *z;
	size_t zlen;
};

/* What goes into the file next, in order: a stream copied as it is, or
 * an object stream once its task is done. */
struct item {
	uint32_t id;
	const char *p;
	size_t len;
	struct ostm_job *j;     /* NULL for a copied stream */
};

struct out {
	struct strbuf *b;
	size_t start;           /* where the file begins in b */
	uint8_t *type;          /* per object: 0 free, 1 at an offset, 2 in a stream */
	uint32_t *f2;           /* offset, or object stream */
	uint16_t *f3;           /* index in the object stream */
	uint32_t nobj, aobj;
	struct ostm_job *fill;  /* the object stream being filled, or NULL */
	/* written once the object streams before them are deflated */
	struct item *items;
	size_t nitems, aitems, pending;
	struct pool *pool;
	struct libdeflate_compressor **zc;
};

static void entry(struct out *o, uint32_t id, uint8_t type, uint32_t f2, uint16_t f3)
{
	if (id >= o->aobj) {
		uint32_t na = o->aobj ? o->aobj : 64;
		while (na <= id)
			na *= 2;
		o->type = xrealloc(o->type, na);
		o->f2 = xrealloc(o->f2, na * sizeof(*o->f2));
		o->f3 = xrealloc(o->f3, na * sizeof(*o->f3));
		memset(o->type + o->aobj, 0, na - o->aobj);
		o->aobj = na;
	}
	if (id >= o->nobj)
		o->nobj = id + 1;
	o->type[id] = type;
	o->f2[id] = f2;
	o->f3[id] = f3;
}

struct libdeflate_compressor *pack_compressor(struct libdeflate_compressor **zc, int slot)
{
	if (!zc[slot] && !(zc[slot] = libdeflate_alloc_compressor(PACK_ZLEVEL)))
		alloc_failed(0);
	return zc[slot];
}

/* The stream's data: "id offset" pairs, then the bodies. */
static void ostm_data(const struct ostm_job *j, struct strbuf *b)
{
	size_t at = 0;
	uint32_t k;

	for (k = 0; k < j->n; k++) {
		strbuf_addu(b, j->obj[k].id);
		strbuf_addc(b, ' ');
		strbuf_addu(b, at);
		strbuf_addc(b, ' ');
		at += j->obj[k].len + 1;
	}
	strbuf_grow(b, j->bytes);
	for (k = 0; k < j->n; k++) {
		memcpy(b->buf + b->len, j->obj[k].p, j->obj[k].len);
		b->len += j->obj[k].len;
		b->buf[b->len++] = '\n';
	}
	b->buf[b->len] = 0;
}

static void ostm_run(struct pool_task *t, int slot)
{
	struct ostm_job *j = (struct ostm_job *)t;
	struct libdeflate_compressor *c = pack_compressor(j->zc, slot);
	struct strbuf in;
	size_t bound;

	strbuf_init(&in, j->bytes + (size_t)j->n * 16);
	ostm_data(j, &in);
	j->first = in.len - j->bytes;
	bound = libdeflate_zlib_compress_bound(c, in.len);
	j->z = xmalloc(bound);
	j->zlen = libdeflate_zlib_compress(c, in.buf, in.len, j->z, bound);
	if (!j->zlen) {
		free(j->z);
		j->z = NULL;
	}
	strbuf_release(&in);
}

/* "id 0 obj\n<<" and the object's place; the dictionary's own entries
 * come next, then stream_close. */
static void stream_open(struct out *o, uint32_t id)
{
	entry(o, id, 1, (uint32_t)(o->b->len - o->start), 0);
	strbuf_addu(o->b, id);
	strbuf_adds(o->b, " 0 obj\n<<");
}

/* The rest of a stream object whose data is `zlen` deflated bytes. */
static void stream_close(struct out *o, const void *z, size_t zlen)
{
	struct strbuf *b = o->b;

	strbuf_adds(b, "/Filter/FlateDecode/Length ");
	strbuf_addu(b, zlen);
	strbuf_adds(b, ">>\nstream\r\n");
	strbuf_add(b, z, zlen);
	strbuf_adds(b, "\nendstream\nendobj\n");
}

/* Waits for the object streams queued, then writes every item in
 * order. Frees all of them even when one failed. */
static int write_items(struct out *o)
{
	size_t i;
	int rc = 0;

	pool_wait(o->pool);
	for (i = 0; i < o->nitems; i++) {
		const struct item *it = &o->items[i];
		struct ostm_job *j = it->j;
		if (!j) {
			entry(o, it->id, 1, (uint32_t)(o->b->len - o->start), 0);
			strbuf_add(o->b, it->p, it->len);
			continue;
		}
		if (j->z && !rc) {
			stream_open(o, j->id);
			strbuf_adds(o->b, "/Type/ObjStm/N ");
			strbuf_addu(o->b, j->n);
			strbuf_adds(o->b, "/First ");
			strbuf_addu(o->b, j->first);
			stream_close(o, j->z, j->zlen);
		} else {
			rc = -1;
		}
		free(j->z);
		free(j);
	}
	o->nitems = o->pending = 0;
	return rc;
}

static struct item *add_item(struct out *o)
{
	struct item *it;

	ALLOC_GROW(o->items, o->nitems + 1, o->aitems);
	it = &o->items[o->nitems++];
	memset(it, 0, sizeof(*it));
	return it;
}

/* The object stream being filled, handed to the pool as object
 * *next_id; its own place is known once the streams before it are
 * written. */
static int flush_ostm(struct out *o, uint32_t *next_id)
{
	struct ostm_job *j = o->fill;

	if (!j)
		return 0;
	o->fill = NULL;
	j->id = (*next_id)++;
	add_item(o)->j = j;
	o->pending += j->bytes;
	pool_push(o->pool, &j->t);
	return o->pending >= PACK_PENDING ? write_items(o) : 0;
}

/* Object `id` with body [p, p + len) into the object stream. */
static int put_compressed(struct out *o, uint32_t id, const char *p, size_t len, uint32_t *next_id)
{
	struct ostm_job *j = o->fill;

	if (j && (j->n == OSTM_OBJECTS || j->bytes + len > OSTM_BYTES)) {
		if (flush_ostm(o, next_id) < 0)
			return -1;
		j = NULL;
	}
	if (!j) {
		j = o->fill = xcalloc(1, sizeof(*j));
		j->t.run = ostm_run;
		j->zc = o->zc;
	}
	/* the stream being filled is the next object to be numbered */
	entry(o, id, 2, *next_id, (uint16_t)j->n);
	j->obj[j->n++] = (struct span){ id, p, len };
	j->bytes += len + 1;
	return 0;
}

/* A 128-bit hash of [p, p + n): two 64-bit lanes over little-endian words. */
static void hash128(const unsigned char *p, size_t n, uint64_t h[2])
{
	uint64_t a = 0x9e3779b97f4a7c15ull ^ n, b = 0xc2b2ae3d27d4eb4full;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w); /* the same /ID on every machine */
#endif
		a = (a ^ w) * 0x100000001b3ull;
		a ^= a >> 29;
		b = (b + w) * 0xff51afd7ed558ccdull;
		b ^= b >> 32;
	}
	for (; i < n; i++) {
		a = (a ^ p[i]) * 0x100000001b3ull;
		b = (b + p[i]) * 0xff51afd7ed558ccdull;
	}
	h[0] = a ^ (b >> 17);
	h[1] = b ^ (a << 13);
}

static void put_hex(struct strbuf *b, const uint64_t h[2])
{
	static const char hex[] = "0123456789ABCDEF";
	int i, k;

	strbuf_addc(b, '<');
	for (i = 0; i < 2; i++)
		for (k = 60; k >= 0; k -= 4)
			strbuf_addc(b, hex[h[i] >> k & 15]);
	strbuf_addc(b, '>');
}

/* Stream object `id` with the entries `dict` and `data` deflated, on
 * this thread (slot 0: the one that pushes the tasks). */
static int deflate_rows(struct out *o, uint32_t id, const char *dict, const struct strbuf *data)
{
	struct libdeflate_compressor *c = pack_compressor(o->zc, 0);
	size_t bound = libdeflate_zlib_compress_bound(c, data->len), n;
	uint8_t *z = xmalloc(bound);

	n = libdeflate_zlib_compress(c, data->buf, data->len, z, bound);
	if (n) {
		stream_open(o, id);
		strbuf_adds(o->b, dict);
		stream_close(o, z, n);
	}
	free(z);
	return n ? 0 : -1;
}

/* The cross-reference stream, as object `id`, and the file's end. */
static int put_xref(struct out *o, const struct src *s, uint32_t id)
{
	struct strbuf rows = STRBUF_INIT, dict = STRBUF_INIT;
	unsigned char prev[XREF_ROW] = { 0 }, row[XREF_ROW];
	size_t at = o->b->len - o->start;
	uint64_t h[2];
	uint32_t i;
	int k, rc;

	hash128((const unsigned char *)o->b->buf + o->start, at, h);
	entry(o, id, 1, (uint32_t)at, 0);
	entry(o, 0, 0, 0, 65535);
	for (i = 0; i < o->nobj; i++) {
		row[0] = o->type[i];
		for (k = 0; k < XREF_W2; k++)
			row[1 + k] = (unsigned char)(o->f2[i] >> (8 * (XREF_W2 - 1 - k)));
		row[5] = (unsigned char)(o->f3[i] >> 8);
		row[6] = (unsigned char)o->f3[i];
		strbuf_grow(&rows, XREF_ROW + 1);
		rows.buf[rows.len++] = 2;
		for (k = 0; k < XREF_ROW; k++)
			rows.buf[rows.len++] = (char)(unsigned char)(row[k] - prev[k]);
		rows.buf[rows.len] = 0;
		memcpy(prev, row, sizeof(row));
	}
	strbuf_adds(&dict, "/Type/XRef/Size ");
	strbuf_addu(&dict, o->nobj);
	strbuf_adds(&dict, "/W[1 4 2]/Root ");
	strbuf_addu(&dict, s->root);
	strbuf_adds(&dict, " 0 R");
	if (s->info && s->info < s->n) {
		strbuf_adds(&dict, "/Info ");
		strbuf_addu(&dict, s->info);
		strbuf_adds(&dict, " 0 R");
	}
	strbuf_adds(&dict, "/ID[");
	put_hex(&dict, h);
	put_hex(&dict, h);
	strbuf_adds(&dict, "]/DecodeParms<</Columns 7/Predictor 12>>");
	rc = deflate_rows(o, id, dict.buf, &rows);
	if (!rc) {
		strbuf_adds(o->b, "startxref\n");
		strbuf_addu(o->b, at);
		strbuf_adds(o->b, "\n%%EOF\n");
	}
	strbuf_release(&rows);
	strbuf_release(&dict);
	return rc;
}

/* ---- the whole file ------------------------------------------------------------ */

/* Index of the replacement or new object for each id, or SIZE_MAX. */
static size_t *index_objs(const struct pack_objs *po, uint32_t n, uint32_t *total)
{
	size_t *at, i;
	uint32_t top = n;

	for (i = 0; po && i < po->n; i++)
		if (po->v[i].id >= top)
			top = po->v[i].id + 1;
	at = xmalloc(top * sizeof(*at));
	for (i = 0; i < top; i++)
		at[i] = SIZE_MAX;
	for (i = 0; po && i < po->n; i++)
		at[po->v[i].id] = i;
	for (i = n; i < top; i++)
		if (at[i] == SIZE_MAX) {
			free(at);
			return NULL;
		}
	*total = top;
	return at;
}

static int put_objects(struct out *o, const struct src *s, const struct pack_objs *po, const size_t *at,
		       uint32_t total, uint32_t *next_id)
{
	uint32_t id;

	for (id = 1; id < total; id++) {
		const char *p;
		size_t len, hdr;
		if (at[id] != SIZE_MAX) {
			const struct pack_obj *ob = &po->v[at[id]];
			if (put_compressed(o, id, po->text.buf + ob->off, ob->len, next_id) < 0)
				return -1;
			continue;
		}
		p = obj_span(s, id, &len, &hdr);
		if (!p)
			return -1;
		if (is_stream(p, len)) {
			struct item *it = add_item(o);
			it->id = id;
			it->p = p;
			it->len = len;
		} else if (put_compressed(o, id, p + hdr, len - hdr - 8, next_id) < 0) {
			return -1;
		}
	}
	return flush_ostm(o, next_id) < 0 ? -1 : write_items(o);
}

int pdf_pack(const char *in, size_t len, const struct pack_objs *po, struct pool *pool,
	     struct libdeflate_compressor **zc, struct strbuf *out)
{
	struct src s;
	struct out o;
	size_t *at = NULL;
	uint32_t total = 0, next_id;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	memset(&o, 0, sizeof(o));
	s.in = in;
	s.len = len;
	o.b = out;
	o.start = out->len;
	o.pool = pool;
	o.zc = zc;
	if (read_table(&s) < 0 || !(at = index_objs(po, s.n, &total)))
		goto out;
	next_id = total;
	strbuf_adds(out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
	entry(&o, 0, 0, 0, 65535);
	if (put_objects(&o, &s, po, at, total, &next_id) < 0 || put_xref(&o, &s, next_id) < 0)
		goto out;
	if (out->len - o.start > UINT32_MAX)
		goto out;
	rc = 0;
out:
	if (o.nitems)
		write_items(&o); /* after a failure: the tasks still own memory */
	if (rc < 0)
		strbuf_setlen(out, o.start);
	free(at);
	free(s.off);
	free(o.type);
	free(o.f2);
	free(o.f3);
	free(o.fill);
	free(o.items);
	return rc;
}
