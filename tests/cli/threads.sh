#!/bin/sh
# The same bytes whatever the number of threads: `render` with one thread
# (-j 1), with helpers (-j 2, -j 3, -j 8: streams compressed out of
# order) and with the default (every CPU); `build --all` with -j 1, 2
# and 4 and without -j, and builds of fewer briefs than threads (the
# spare threads typeset). Every output of each run is compared byte for
# byte with the one-thread run.
. "$TESTS_DIR/cli/lib.inc"
ROOT=$(cd "$TESTS_DIR/.." && pwd)
FONTS="$ROOT/fonts"
export SOURCE_DATE_EPOCH=1700000000
need python3 cmp

# render: a corpus long enough for many streams (pages, fonts, maps)
python3 "$TESTS_DIR/bench/gen_corpus.py" --cases 60 --seed 3 --format md >"$TMP/c.md" ||
	fail "gen_corpus"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/c.md" -j 1 -o "$TMP/r1.pdf"
expect_rc 0 "render -j 1"
for j in 2 3 8 default; do
	if [ $j = default ]; then
		run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/c.md" -o "$TMP/r$j.pdf"
	else
		run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/c.md" -j $j -o "$TMP/r$j.pdf"
	fi
	expect_rc 0 "render -j $j"
	cmp -s "$TMP/r1.pdf" "$TMP/r$j.pdf" && pass || fail "render -j $j differs from -j 1"
done
# a long text is parsed in pieces while the pieces before are laid out
# (markdown.h): blocks that run past a heading after a blank line (a
# fenced block holding headings, one left open in a list, HTML) must not
# be cut there, and the pieces must give the layout of the whole text
python3 - "$TMP/p.md" <<'PY' || fail "writing the pieces document"
import sys
out = []
for i in range(2000):
    out.append("# Part %d\n\nSome *text* with a [link](https://example.com/%d) and \"quotes\" -- %d.\n\n" % (i, i, i))
    out.append("- one\n- two\n\n  ```\n  left open in a list\n\n")
    if i % 3 == 0:
        out.append("```\ncode %d\n\n# not a heading\n\n```\n\n" % i)
    if i % 4 == 1:
        out.append("<div>\nhtml %d\n</div>\n\n" % i)
    out.append("| a | b |\n|---|---|\n| %d | x |\n\n> quoted\n\n" % i)
open(sys.argv[1], "w").write("".join(out))
PY
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/p.md" -j 1 -o "$TMP/p1.pdf" --dump-layout
expect_rc 0 "render pieces -j 1"
cp "$out" "$TMP/p1.layout"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/p.md" -j 2 -o "$TMP/p2.pdf" --dump-layout
expect_rc 0 "render pieces -j 2"
cmp -s "$TMP/p1.layout" "$out" && pass || fail "the layout of a text in pieces differs from -j 1"
cmp -s "$TMP/p1.pdf" "$TMP/p2.pdf" && pass || fail "render of a text in pieces differs from -j 1"
[ "$(wc -c <"$TMP/p.md")" -gt 300000 ] && pass || fail "the pieces document is too short to be cut"

# a short document too: fewer streams than threads
python3 "$TESTS_DIR/bench/gen_corpus.py" --cases 1 --seed 3 --format md >"$TMP/s.md" ||
	fail "gen_corpus"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/s.md" -j 1 -o "$TMP/s1.pdf"
expect_rc 0 "render short -j 1"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/s.md" -j 8 -o "$TMP/s8.pdf"
expect_rc 0 "render short -j 8"
cmp -s "$TMP/s1.pdf" "$TMP/s8.pdf" && pass || fail "short render -j 8 differs from -j 1"
# a word drawn on helpers is recorded for the fonts once per page it is
# on, with one thread once: the maps from glyphs to text must not depend
# on how often (a fuzzer's text: a mark shaped on a dotted circle)
R="$TESTS_DIR/regress/md-tounicode-by-jobs.md"
run "$CASEBRIEF" --fonts "$FONTS" -q render "$R" -j 1 -o "$TMP/u1.pdf"
expect_rc 0 "render of a mark on a dotted circle -j 1"
run "$CASEBRIEF" --fonts "$FONTS" -q render "$R" -j 2 -o "$TMP/u2.pdf"
expect_rc 0 "render of a mark on a dotted circle -j 2"
cmp -s "$TMP/u1.pdf" "$TMP/u2.pdf" && pass || fail "render of a mark on a dotted circle -j 2 differs from -j 1"

# build --all on the shipped data: every brief, Markdown, PDF and record
CB="$TMP/cb"
printf '#!/bin/sh\nexec "%s" --data "%s" --templates "%s" --fonts "%s" --today 2026-06-01 "$@"\n' \
	"$CASEBRIEF" "$ROOT/data" "$ROOT/templates" "$FONTS" >"$CB"
chmod +x "$CB"
run "$CB" build --all -j 1 -o "$TMP/b1"
expect_rc 0 "build --all -j 1"
for j in 2 4; do
	run "$CB" build --all -j $j -o "$TMP/b$j"
	expect_rc 0 "build --all -j $j"
	diff -r "$TMP/b1" "$TMP/b$j" >/dev/null && pass ||
		fail "build --all -j $j differs from -j 1: $(diff -rq "$TMP/b1" "$TMP/b$j" | head -3)"
done
[ "$(ls "$TMP/b1" | wc -l)" -gt 3 ] && pass || fail "build --all wrote $(ls "$TMP/b1" | wc -l) files"
# without -j: one brief at a time, each typeset on every processor
run "$CB" build --all -o "$TMP/bd"
expect_rc 0 "build --all without -j"
diff -r "$TMP/b1" "$TMP/bd" >/dev/null && pass ||
	fail "build --all without -j differs from -j 1: $(diff -rq "$TMP/b1" "$TMP/bd" | head -3)"
# fewer briefs than threads: the spare threads typeset (one brief on 4,
# two on 2 each), and the Markdown is written while the PDF is drawn
for spec in "2 -a overview" "4 -a overview" "4 -a overview -a startups" "3 -a overview -a startups"; do
	set -- $spec
	j=$1
	shift
	run "$CB" build "$@" -j 1 -o "$TMP/f1"
	expect_rc 0 "build $* -j 1"
	run "$CB" build "$@" -j $j -o "$TMP/f$j"
	expect_rc 0 "build $* -j $j"
	diff -r "$TMP/f1" "$TMP/f$j" >/dev/null && pass ||
		fail "build $* -j $j differs from -j 1: $(diff -rq "$TMP/f1" "$TMP/f$j" | head -3)"
	[ -s "$TMP/f$j/overview.md" ] && [ -s "$TMP/f$j/overview.pdf" ] && pass ||
		fail "build $* -j $j: $(ls "$TMP/f$j")"
	rm -rf "$TMP/f1" "$TMP/f$j"
done

finish
