#!/bin/sh
# The Mermaid charts of every brief of the shipped data set, of
# tests/data/brief and of tests/data/northwind, drawn by Mermaid itself:
# @mermaid-js/mermaid-cli (mmdc) with Debian's chromium, which `make deps`
# installs (into build/mermaid/). Each chart must draw without an error,
# with its title whole, its labels, no tick labels at fractions of a case,
# no stub for a 0, and bars in proportion (tests/cli/mermaid_check.py).
# MERMAID_KEEP=DIR keeps the SVGs and PNGs there, to look at.
. "$TESTS_DIR/cli/lib.inc"
need python3
ROOT=$(cd "$TESTS_DIR/.." && pwd)
MMDC=${MMDC:-$ROOT/build/mermaid/node_modules/.bin/mmdc}
PUPPETEER="$TESTS_DIR/cli/mermaid-puppeteer.json"
export SOURCE_DATE_EPOCH=1780272000
if [ ! -x "$MMDC" ] || [ ! -x /usr/bin/chromium ]; then
	echo "FAIL: mmdc ($MMDC) or /usr/bin/chromium is not installed; 'make deps' installs them"
	exit 1
fi

for data in "$ROOT/data" "$TESTS_DIR/data/brief" "$TESTS_DIR/data/northwind"; do
	run "$CASEBRIEF" -q --data "$data" --templates "$ROOT/templates" --today 2026-06-01 \
		build --all -f md -o "$TMP/md-$(basename "$data")"
	expect_rc 0 "build --all -f md ($(basename "$data"))"
done
n=$(python3 "$TESTS_DIR/cli/mermaid_check.py" collect "$TMP/charts.md" "$TMP"/md-*/*.md)
[ "$n" -ge 30 ] && pass || fail "only $n Mermaid charts in the briefs"
OUT=${MERMAID_KEEP:-$TMP/svg}
mkdir -p "$OUT"
# One browser for every chart: mmdc draws each block of a Markdown file.
(cd "$OUT" && timeout 300 "$MMDC" -q -p "$PUPPETEER" -i "$TMP/charts.md" -o "$OUT/out.md" \
	-e svg >"$TMP/mmdc.log" 2>&1)
rc=$?
[ $rc -eq 0 ] && pass || fail "mmdc exit $rc: $(tail -5 "$TMP/mmdc.log")"
if [ -n "$MERMAID_KEEP" ]; then
	(cd "$OUT" && timeout 300 "$MMDC" -q -p "$PUPPETEER" -i "$TMP/charts.md" -o "$OUT/png.md" \
		-e png -b white -s 1 >/dev/null 2>&1)
	cp "$TMP/charts.md" "$OUT/charts.md"
fi
python3 "$TESTS_DIR/cli/mermaid_check.py" check "$TMP/charts.md" "$OUT" >"$TMP/check"
while IFS= read -r line; do
	case "$line" in
	ok*) pass ;;
	*) fail "$line" ;;
	esac
done <"$TMP/check"
finish
