# make install into a staging root: the installed binary finds its data,
# templates and fonts with no options, from any directory; the man page and
# the bash completion are installed.
. "$TESTS_DIR/cli/lib.inc"
ROOT=$(cd "$TESTS_DIR/.." && pwd)
BUILD_DIR=$(cd "$(dirname "$CASEBRIEF")" && pwd)
STAGE="$TMP/stage"
make -s -C "$ROOT" install BUILD="$BUILD_DIR" PREFIX=/opt/casebrief DESTDIR="$STAGE" >"$TMP/make.log" 2>&1
[ $? -eq 0 ] && pass || fail "make install: $(tail -5 "$TMP/make.log")"
BIN="$STAGE/opt/casebrief/bin/casebrief"
[ -x "$BIN" ] && pass || fail "binary not installed"
for f in share/casebrief/data/tags.yaml share/casebrief/templates/brief.md.mustache \
	share/casebrief/fonts/NotoSerif-Regular.ttf share/man/man1/casebrief.1 \
	share/man/man5/casebrief-data.5 share/man/man7/casebrief-templates.7 \
	share/casebrief/schema/case.schema.json share/casebrief/schema/audience.schema.json \
	share/casebrief/schema/tags.schema.json share/casebrief/schema/dataset.schema.json \
	share/casebrief/schema/manifest.schema.json share/casebrief/schema/style.schema.json \
	share/bash-completion/completions/casebrief; do
	[ -f "$STAGE/opt/casebrief/$f" ] && pass || fail "not installed: $f"
done
grep -q '^\.TH CASEBRIEF 1' "$STAGE/opt/casebrief/share/man/man1/casebrief.1" && pass || fail "man page has no .TH"
bash -n "$STAGE/opt/casebrief/share/bash-completion/completions/casebrief" && pass || fail "completion script does not parse"
cd "$TMP" || exit 1
run "$BIN" -q check
expect_rc 0 "installed check"
run "$BIN" -q build -a startups -o "$TMP/briefs"
expect_rc 0 "installed build"
[ -s "$TMP/briefs/startups.pdf" ] && [ -s "$TMP/briefs/startups.md" ] && pass || fail "installed build wrote no brief"
# man finds the pages of sections 5 and 7 in the installed tree
MANPATH="$STAGE/opt/casebrief/share/man" man -w 5 casebrief-data >/dev/null 2>&1 && pass ||
	fail "man 5 casebrief-data is not found in the installed tree"
MANPATH="$STAGE/opt/casebrief/share/man" man -w 7 casebrief-templates >/dev/null 2>&1 && pass ||
	fail "man 7 casebrief-templates is not found in the installed tree"
# init from the installed binary points its modelines at the installed schemas
run "$BIN" init "$TMP/team"
expect_rc 0 "installed init"
head -1 "$TMP/team/cases/ledger-to-postgres.yaml" | grep -qx \
	"# yaml-language-server: \$schema=$STAGE/opt/casebrief/share/casebrief/schema/case.schema.json" && pass ||
	fail "installed init: modeline: $(head -1 "$TMP/team/cases/ledger-to-postgres.yaml")"
run "$BIN" --data "$TMP/team" -q build --all -o "$TMP/team-out"
expect_rc 0 "installed init, then build"
finish
