/*
 * load_info.c - dataset.yaml (SCHEMA.md v2, optional): the collection's
 * title, curator, contact, the name of what subjects are, and the labels
 * of the tag groups. Read before tags.yaml, whose groups it constrains.
 */
#include "data/load_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/str.h"

static const char *const info_keys[] = { "title", "curator", "contact", "option", "groups" };
enum { I_TITLE, I_CURATOR, I_CONTACT, I_OPTION, I_GROUPS, I__COUNT };
_Static_assert(ARRAY_SIZE(info_keys) == I__COUNT, "info_keys");

/* mailto:LOCAL@DOMAIN, with no space or control character. */
static int mailto_ok(const char *s)
{
	const char *at, *p;

	s += strlen("mailto:");
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return 0;
	at = strchr(s, '@');
	return at && at > s && at[1] && at[1] != '?';
}

static void load_contact(struct loader *ld, const struct ynode *v, struct dataset_info *in)
{
	struct strbuf sb = STRBUF_INIT;

	if (yread_str(&ld->r, v, "'contact'", &in->contact))
		return;
	if (strncasecmp(in->contact, "mailto:", 7)) {
		if (strncasecmp(in->contact, "http://", 7) && strncasecmp(in->contact, "https://", 8)) {
			yshow(&sb, in->contact);
			yreport_error(&ld->r, v, "'contact' must be an http(s) or mailto: URL, "
				      "not '%s'", sb.buf);
			goto bad;
		}
		if (yread_url(&ld->r, v, "'contact'", &in->contact))
			goto bad;
	} else if (!mailto_ok(in->contact)) {
		yshow(&sb, in->contact);
		yreport_error(&ld->r, v, "invalid mailto: URL '%s': it needs an address "
			      "(mailto:name@example.org)", sb.buf);
		goto bad;
	}
	strbuf_release(&sb);
	return;
bad:
	free(in->contact);
	in->contact = NULL;
	strbuf_release(&sb);
}

static void load_option(struct loader *ld, const struct ynode *v, struct dataset_info *in)
{
	char *one = NULL, *many = NULL;

	if (v->type == YN_BAD)
		return;
	if (v->type != YN_SEQ || v->nkids != 2) {
		if (v->type == YN_SEQ)
			yreport_error(&ld->r, v, "'option' must be a list of two names [singular, "
				      "plural], not a list of %zu", v->nkids);
		else
			yreport_error(&ld->r, v, "'option' must be a list of two names [singular, "
				      "plural], not %s", ynode_describe(v));
		return;
	}
	if (yread_str(&ld->r, v->first, "'option'", &one) |
	    yread_str(&ld->r, v->first->next, "'option'", &many)) {
		free(one);
		free(many);
		return;
	}
	in->option = one;
	in->options = many;
}

static void load_groups(struct loader *ld, const struct ynode *m, struct dataset_info *in)
{
	struct strbuf id = STRBUF_INIT, what = STRBUF_INIT;
	const struct ynode *k;

	if (m->type == YN_BAD)
		return;
	if (m->type != YN_MAP) {
		yreport_error(&ld->r, m, "'groups' must be a mapping of group id to label, not %s",
			      ynode_describe(m));
		return;
	}
	/* The parser has dropped repeated keys. A group whose label is refused
	 * still counts as a group, so that its tags get no second error. */
	in->groups = xcalloc(m->nkids / 2 + 1, sizeof(*in->groups));
	for (k = m->first; k; k = k->next->next) {
		struct group_label *g = &in->groups[in->ngroups];
		strbuf_reset(&id);
		yshow(&id, k->str);
		if (!is_valid_id(k->str)) {
			yreport_error(&ld->r, k, "invalid group id '%s': ids must match [a-z0-9-]+",
				      id.buf);
			continue;
		}
		strlist_push(&ld->group_ids, k->str);
		strbuf_reset(&what);
		strbuf_addf(&what, "the label of group '%s'", id.buf);
		if (yread_str(&ld->r, k->next, what.buf, &g->label))
			continue;
		g->id = xstrdup(k->str);
		in->ngroups++;
	}
	strbuf_release(&id);
	strbuf_release(&what);
}

static void load_info_doc(struct loader *ld, const struct ynode *root)
{
	struct dataset_info *in = &ld->ds->info;
	const struct ynode *f[I__COUNT];

	in->pos = load_pos(ld, root);
	if (yread_map(&ld->r, root, "the document", NULL, info_keys, I__COUNT, f))
		return;
	if (yread_present(f[I_TITLE]))
		yread_str(&ld->r, f[I_TITLE], "'title'", &in->title);
	if (yread_present(f[I_CURATOR]))
		yread_str(&ld->r, f[I_CURATOR], "'curator'", &in->curator);
	if (yread_present(f[I_CONTACT]))
		load_contact(ld, f[I_CONTACT], in);
	if (yread_present(f[I_OPTION]))
		load_option(ld, f[I_OPTION], in);
	if (yread_present(f[I_GROUPS]))
		load_groups(ld, f[I_GROUPS], in);
}

void load_info(struct loader *ld, const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	const struct ynode *root;
	struct stat st;

	strbuf_addf(&path, "%s/dataset.yaml", dir);
	errno = 0;
	if (stat(path.buf, &st) && errno == ENOENT)
		goto out; /* optional: version-1 data has none */
	ld->ds->info.present = 1;
	root = load_file(ld, path.buf);
	if (root)
		load_info_doc(ld, root);
out:
	strbuf_release(&path);
}
