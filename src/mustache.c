/* mustache.c - template engine (stub). */
#include "mustache.h"
void mustache_escape_html(struct strbuf *out, const char *s, size_t len) { strbuf_add(out, s, len); }
void mustache_escape_markdown(struct strbuf *out, const char *s, size_t len) { strbuf_add(out, s, len); }
void mustache_escape_none(struct strbuf *out, const char *s, size_t len) { strbuf_add(out, s, len); }
int mustache_render(const char *tmpl, size_t len, const char *file, const struct ctx *ctx, const struct mustache_opts *opts, struct strbuf *out, struct diags *diags) { (void)file; (void)ctx; (void)opts; (void)diags; strbuf_add(out, tmpl, len); return 0; }
struct mustache_dir *mustache_dir_load(const char *dir) { (void)dir; return NULL; }
int mustache_dir_get(const struct mustache_dir *d, const char *name, const char **text, size_t *len, const char **file) { (void)d; (void)name; (void)text; (void)len; (void)file; return -1; }
int mustache_dir_partial(void *ud, const char *name, const char **text, size_t *len, const char **file) { return mustache_dir_get(ud, name, text, len, file); }
void mustache_dir_free(struct mustache_dir *d) { (void)d; }
