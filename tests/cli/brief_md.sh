#!/bin/sh
# Markdown briefs: golden files, escaping of hostile values, charts, -o -,
# atomic writes, exit codes; and the cases the shipped audiences must
# contain.
#
# Golden briefs are built from tests/data/brief (a small invented data set,
# so that curating data/ never changes them) with a fixed --today.
# After an intended change to the template or the assembly, regenerate them:
#     UPDATE_GOLDEN=1 sh tests/cli/brief_md.sh
# and review the diff (git diff tests/golden) before committing.
. "$TESTS_DIR/cli/lib.inc"
need cmark-gfm

ROOT=$(cd "$TESTS_DIR/.." && pwd)
DATA="$TESTS_DIR/data/brief"
TPL="$ROOT/templates"
GOLD="$TESTS_DIR/golden"
# A wrapper, since run (timeout) cannot call a shell function.
CB="$TMP/cb"
# It runs from the top of the tree with relative paths, so that the
# command a brief names to make it again does not say where the clone is.
printf '#!/bin/sh\ncd "%s" || exit 2\nexec "%s" --data tests/data/brief --templates templates --today 2026-06-01 "$@"\n' \
	"$ROOT" "$CASEBRIEF" >"$CB"
chmod +x "$CB"

# --- golden briefs --------------------------------------------------------
# The version in "by casebrief X" is left out of the comparison, so that
# a release does not break the golden files.
unversion() { sed 's/by casebrief [0-9][0-9.a-z-]*/by casebrief VERSION/' "$1"; }
# golden NAME AUDIENCE [OPTIONS]: the brief of AUDIENCE is tests/golden/NAME.md
golden() {
	name=$1 aud=$2
	shift 2
	run "$CB" "$@" build -a "$aud" -f md -o "$TMP/g"
	expect_rc 0 "build $aud"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$TMP/g/$aud.md" "$GOLD/$name.md"
		echo "updated $GOLD/$name.md"
	fi
	unversion "$TMP/g/$aud.md" >"$TMP/got.md"
	unversion "$GOLD/$name.md" >"$TMP/want.md"
	if cmp -s "$TMP/got.md" "$TMP/want.md"; then pass; else
		fail "golden $name differs (UPDATE_GOLDEN=1 regenerates):"
		diff -u "$TMP/want.md" "$TMP/got.md" | head -40
	fi
}
golden latency latency
golden small-teams small-teams
# a data set about databases, with dataset.yaml's words, internal sources
# and refs without a URL
golden northwind-postgres-default postgres-default --data tests/data/northwind
golden northwind-managed-stores managed-stores --data tests/data/northwind

# --- the same bytes every time; -o - is the same text on stdout -----------
run "$CB" build -a latency -f md -o "$TMP/g2"
cmp -s "$TMP/g/latency.md" "$TMP/g2/latency.md" && pass || fail "two runs differ"
run "$CB" build -a latency -f md -o -
expect_rc 0 "-o -"
cmp -s "$out" "$TMP/g/latency.md" && pass || fail "-o - differs from the file"
[ ! -e "$TMP/-" ] && pass || fail "-o - created a file"
SOURCE_DATE_EPOCH=1780272000 "$CASEBRIEF" --data "$DATA" --templates "$TPL" build -a latency -f md -o - >"$TMP/sde.md"
grep -q '2026-06-01' "$TMP/sde.md" && pass || fail "SOURCE_DATE_EPOCH not used for the date"

# --- structure --------------------------------------------------------------
md="$TMP/g/small-teams.md"
for h in "^# Rust for a small team" "^## The answer" "^## Contents" "^## At a glance" \
	"^## Charts" "^## The case against" "^## How this brief was made" "^# Appendix" \
	"^## The cases in detail" "^## Sources"; do
	grep -q "$h" "$md" && pass || fail "small-teams lacks heading $h"
done
# the answer comes first, the appendix last
[ "$(grep -n '^##* ' "$md" | sed -n '2p')" = "$(grep -n '^## The answer' "$md")" ] && pass ||
	fail "the answer is not the first section"
grep -q '^| --- | --- | --- | --- | --- | --- |$' "$md" && pass || fail "no GFM table"
grep -q '^| Case | Stance | Move | Year | Grade | Main reason |$' "$md" && pass ||
	fail "the table at a glance has no stance column"
grep -q '^``` mermaid$' "$md" && pass || fail "no mermaid block"
grep -q 'xychart-beta' "$md" && pass || fail "no xychart in the mermaid block"
! grep -q '^``` *chart' "$md" && pass || fail "a chart block was left in the GFM"
grep -q '^\[\^1\]:' "$md" && pass || fail "sources are not footnotes"
grep -q 'Stale' "$md" && pass || fail "the stale source is not flagged"
! grep -q '<!--' "$md" && pass || fail "an HTML comment in the output"

# --- hostile values ---------------------------------------------------------
# Plain text shows literally (also in the table cell); Markdown fields lose
# raw HTML and unsafe links.
grep -q '^| \[\\\*Acme\\_\\|\](#acme_-bxb-xjavascriptalert1-not-a-heading) |' "$md" && pass ||
	fail "hostile company not escaped in the table cell"
# a no-break space before the dash keeps the heading's anchor one hyphen wide
NBSP=$(printf '\302\240')
grep -q "^#### \\\\\\*Acme\\\\_|$NBSP— " "$md" && pass || fail "hostile company heading"
! grep -qiE '(^|[^\\])\]\(javascript:' "$md" && pass || fail "a javascript: link survived"
! grep -q '](mailto:cto@example.com)' "$md" && fail "mailto link dropped" || pass
cmark-gfm -e table -e strikethrough -e autolink -e tasklist "$md" >"$TMP/h.html"
! grep -qiE '<(b|i|u|script)>' "$TMP/h.html" && pass || fail "raw HTML reached the HTML rendering"
! grep -qi 'href="javascript' "$TMP/h.html" && pass || fail "javascript: href in HTML"
grep -q '<td><a href="#acme_-bxb-xjavascriptalert1-not-a-heading">\*Acme_|</a></td>' "$TMP/h.html" &&
	pass || fail "table cell does not show *Acme_| literally"
grep -q "<h4>\\*Acme_|$NBSP— &lt;b&gt;x&lt;/b&gt;" "$TMP/h.html" && pass ||
	fail "heading does not show *Acme_| literally"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/h.html" && pass || fail "inline HTML not shown as text"
n=$(grep -c '^| \[' "$md"); [ "$n" -eq 5 ] && pass || fail "the table at a glance has $n cases, want 5"

# --- errors and atomic writes -----------------------------------------------
run "$CB" build -a latncy -f md -o "$TMP/g"
expect_rc 2 "unknown audience"
expect_err "did you mean 'latency'" "unknown audience hint"
run "$CB" build -f md -o "$TMP/g"
expect_rc 2 "build without -a or --all"
run "$CB" build -a latency -a small-teams -f md -o -
expect_rc 2 "-o - with two briefs"

mkdir -p "$TMP/badtpl"
cp "$TPL"/*.mustache "$TMP/badtpl/"
printf '# {{title}}\n\n{{#groups}}\nunclosed\n' >"$TMP/badtpl/brief.md.mustache"
cp "$TMP/g/latency.md" "$TMP/keep.md"
run "$CASEBRIEF" --data "$DATA" --templates "$TMP/badtpl" --today 2026-06-01 build -a latency -f md -o "$TMP/g"
expect_rc 1 "template error"
expect_err 'badtpl/brief.md.mustache:[0-9]*:[0-9]*: unclosed section' "template error position"
cmp -s "$TMP/g/latency.md" "$TMP/keep.md" && pass || fail "failed build changed the old file"

# A missing partial that the template uses is an error at its tag (the
# spec would render it as nothing and drop a whole section), naming the
# file that is missing; nothing is written.
rm "$TMP/badtpl"/*.mustache
cp "$TPL"/*.mustache "$TMP/badtpl/"
rm "$TMP/badtpl/case.md.mustache"
run "$CASEBRIEF" --data "$DATA" --templates "$TMP/badtpl" --today 2026-06-01 build -a latency -f md -o "$TMP/bt"
expect_rc 1 "missing partial"
expect_err "badtpl/brief.md.mustache:[0-9]*:[0-9]*: no such partial 'case.md'" "missing partial: position"
expect_err "badtpl/case.md.mustache: no such file" "missing partial: the file"
[ ! -e "$TMP/bt/latency.md" ] && pass || fail "missing partial: a brief was written"

# A link to a heading the brief does not have is a warning.
cp "$TPL/case.md.mustache" "$TMP/badtpl/"
printf '\nSee [the lost part](#no-such-heading).\n' >>"$TMP/badtpl/brief.md.mustache"
run "$CASEBRIEF" --data "$DATA" --templates "$TMP/badtpl" --today 2026-06-01 build -a latency -f md -o "$TMP/bt"
expect_rc 0 "broken anchor"
expect_err "link to '#no-such-heading' matches no heading" "broken anchor warning"

# A write that fails half-way (file size limit) keeps the old file and
# leaves no temporary file behind.
(
	trap '' XFSZ
	ulimit -f 4
	"$CB" build -a latency -f md -o "$TMP/g" >/dev/null 2>"$TMP/xfsz.err"
	echo $? >"$TMP/xfsz.rc"
)
[ "$(cat "$TMP/xfsz.rc")" = 74 ] && pass || fail "write error: exit $(cat "$TMP/xfsz.rc"), want 74"
cmp -s "$TMP/g/latency.md" "$TMP/keep.md" && pass || fail "failed write changed the old file"
[ -z "$(ls "$TMP/g" | grep tmp)" ] && pass || fail "temporary file left: $(ls "$TMP/g")"
"$CB" build -a latency -f md -o - >/dev/full 2>/dev/null
[ $? -eq 74 ] && pass || fail "-o - to a full device should exit 74"

run "$CB" build -a latency -f md -o "$TMP/new/deeper"
expect_rc 0 "output directory created"
[ -f "$TMP/new/deeper/latency.md" ] && pass || fail "no file in the new directory"

# --- the shipped data set ---------------------------------------------------
"$CASEBRIEF" --data "$ROOT/data" --templates "$TPL" --today 2026-06-01 -q build \
	-a startups -a gc-sensitive-services -f md -o "$TMP/real"
rc=$?; expect_rc 0 "build the shipped startups and gc-sensitive-services briefs"
s="$TMP/real/startups.md"; g="$TMP/real/gc-sensitive-services.md"
for w in PropelAuth "LogLog Games" '^| --- |' '^``` mermaid' '^\[\^1\]:' '^## The case against'; do
	grep -q "$w" "$s" && pass || fail "startups lacks $w"
done
for w in Discord "Aurora DSQL"; do
	grep -q "$w" "$g" && pass || fail "gc-sensitive-services lacks $w"
done
# Every shipped audience: builds, no broken internal link, and the
# HTML that a wiki would make holds only the tags Markdown produces.
run "$CASEBRIEF" --data "$ROOT/data" --templates "$TPL" --today 2026-06-01 build --all -f md -o "$TMP/all"
expect_rc 0 "build --all on the shipped data"
! grep -q "matches no heading" "$err" && pass || fail "broken anchors: $(grep 'matches no heading' "$err" | head -3)"
for f in "$TMP"/all/*.md; do
	cmark-gfm -e table -e strikethrough -e autolink -e tasklist "$f" |
		grep -o '<[a-z][a-z0-9]*' | sort -u |
		grep -vxE '<(a|br|code|em|h[1-4]|li|ol|p|pre|strong|table|tbody|td|th|thead|tr|ul|del|input|blockquote|hr)' >"$TMP/tags"
	[ ! -s "$TMP/tags" ] && pass || fail "$(basename "$f"): unexpected HTML $(tr '\n' ' ' <"$TMP/tags")"
done
# "and 1 other reason" in the singular (security-critical has one more
# main reason than its answer lists)
grep -q "and 1 other reason\." "$TMP/all/security-critical.md" && pass ||
	fail "security-critical: no 'and 1 other reason.'"
! grep -h "and 1 other reasons" "$TMP"/all/*.md && pass || fail "'1 other reasons' in a brief"
finish
