/*
 * json.h - writing JSON into a strbuf: strings that are valid JSON whatever
 * bytes they hold, keys, string lists and numbers. Shared by the commands
 * that print --json (build's batch summary today; commands.c can adopt it).
 */
#ifndef CASEBRIEF_JSON_H
#define CASEBRIEF_JSON_H

#include "model.h"
#include "util.h"

/*
 * A JSON string: quotes, backslash and every control character escaped;
 * valid UTF-8 passes through; an invalid byte becomes U+FFFD. NULL is "".
 */
void json_str(struct strbuf *sb, const char *s);
/* `"key": `, preceded by ", " unless `first`. */
void json_key(struct strbuf *sb, const char *key, int first);
/* ["a", "b"] */
void json_strlist(struct strbuf *sb, const struct strlist *l);
/* A number with at most three decimals and no trailing zeros; 0 for NaN/inf. */
void json_num(struct strbuf *sb, double v);

#endif
