/*
 * json.h - writing JSON into a strbuf: strings that are valid JSON whatever
 * bytes they hold, keys, string lists and numbers. Shared by the commands
 * that print --json (list, select and build's batch summary).
 */
#ifndef CASEBRIEF_JSON_H
#define CASEBRIEF_JSON_H

#include "base/strbuf.h"
#include "base/str.h"

/*
 * A JSON string: quotes, backslash and every control character escaped;
 * valid UTF-8 passes through; an invalid byte becomes U+FFFD. NULL is "".
 */
void json_str(struct strbuf *sb, const char *s);
/* `"key": `, preceded by ", " unless `first`. */
void json_key(struct strbuf *sb, const char *key, int first);
/* `"key": "value"`, preceded by ", " unless `first`. */
void json_field(struct strbuf *sb, const char *key, const char *value, int first);
/*
 * Arrays of objects, one object a line: json_item opens the object at
 * index i ("," unless i is 0, a newline, `indent`, "{"); json_array_end
 * closes an array of n objects ("]" on a line of its own at `indent`,
 * or right after the "[" when n is 0).
 */
void json_item(struct strbuf *sb, size_t i, const char *indent);
void json_array_end(struct strbuf *sb, size_t n, const char *indent);
/* ["a", "b"] */
void json_strlist(struct strbuf *sb, const struct strlist *l);
/* A number with at most three decimals and no trailing zeros; 0 for NaN/inf. */
void json_num(struct strbuf *sb, double v);

#endif
