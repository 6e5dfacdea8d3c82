/*
 * json.c - JSON output helpers (see json.h).
 */
#include "base/json.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#include <math.h>
#include <string.h>

void json_str(struct strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	strbuf_addc(sb, '"');
	while (*s) {
		size_t n;
		switch (*s) {
		case '"': strbuf_adds(sb, "\\\""); s++; continue;
		case '\\': strbuf_adds(sb, "\\\\"); s++; continue;
		case '\n': strbuf_adds(sb, "\\n"); s++; continue;
		case '\r': strbuf_adds(sb, "\\r"); s++; continue;
		case '\t': strbuf_adds(sb, "\\t"); s++; continue;
		default: break;
		}
		if (*s < 0x20 || *s == 0x7f) {
			strbuf_addf(sb, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_seq_len(s, 4);
		if (!n) {
			strbuf_adds(sb, "\\ufffd");
			s++;
			continue;
		}
		strbuf_add(sb, s, n);
		s += n;
	}
	strbuf_addc(sb, '"');
}

void json_key(struct strbuf *sb, const char *key, int first)
{
	if (!first)
		strbuf_adds(sb, ", ");
	json_str(sb, key);
	strbuf_adds(sb, ": ");
}

void json_field(struct strbuf *sb, const char *key, const char *value, int first)
{
	json_key(sb, key, first);
	json_str(sb, value);
}

void json_item(struct strbuf *sb, size_t i, const char *indent)
{
	strbuf_addf(sb, "%s\n%s{", i ? "," : "", indent);
}

void json_array_end(struct strbuf *sb, size_t n, const char *indent)
{
	if (n)
		strbuf_addf(sb, "\n%s", indent);
	strbuf_addc(sb, ']');
}

void json_strlist(struct strbuf *sb, const struct strlist *l)
{
	size_t i;

	strbuf_addc(sb, '[');
	for (i = 0; i < l->n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		json_str(sb, l->v[i]);
	}
	strbuf_addc(sb, ']');
}

void json_num(struct strbuf *sb, double v)
{
	size_t start = sb->len;

	if (!isfinite(v))
		v = 0;
	strbuf_addf(sb, "%.3f", v);
	while (sb->len > start && sb->buf[sb->len - 1] == '0')
		strbuf_setlen(sb, sb->len - 1);
	if (sb->len > start && sb->buf[sb->len - 1] == '.')
		strbuf_setlen(sb, sb->len - 1);
	if (!strcmp(sb->buf + start, "-0"))
		strbuf_setlen(sb, start), strbuf_addc(sb, '0');
}
