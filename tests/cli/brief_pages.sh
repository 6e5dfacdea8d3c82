#!/bin/sh
# The answer on one page and the body in at most six, for every shipped
# audience, on A4 and on Letter, and for narrower selections of the
# largest one (filters of the overview): the answer is the page after the
# cover and the contents start on the next page; the pages from "At a
# glance" to "Appendix" are at most 6 (tests/cli/pages_check.py).
. "$TESTS_DIR/cli/lib.inc"
need python3 pdftotext
ROOT=$(cd "$TESTS_DIR/.." && pwd)
export SOURCE_DATE_EPOCH=1780272000
CB="$CASEBRIEF -q --data $ROOT/data --templates $ROOT/templates --today 2026-06-01"
printf 'page:\n  size: letter\n' >"$TMP/letter.yaml"

check() { # check DIR WHAT: every PDF of DIR
	python3 "$TESTS_DIR/cli/pages_check.py" 6 "$1"/*.pdf >"$TMP/check"
	[ -s "$TMP/check" ] || fail "$2: nothing checked"
	while IFS= read -r line; do
		case "$line" in
		ok*) pass ;;
		*) fail "$2: $line" ;;
		esac
	done <"$TMP/check"
}

run $CB build --all -j 2 -f pdf -o "$TMP/a4"
expect_rc 0 "build --all (A4)"
check "$TMP/a4" A4
run $CB --style "$TMP/letter.yaml" build --all -j 2 -f pdf -o "$TMP/letter"
expect_rc 0 "build --all (Letter)"
check "$TMP/letter" Letter
n=$(ls "$TMP/a4"/*.pdf | wc -l)
[ "$n" -eq "$(ls "$ROOT/data/audiences" | wc -l)" ] && pass || fail "$n PDFs for the shipped audiences"

# Selections of the largest audience, narrowed by filters.
i=0
for f in "--kind migration" "--kind adoption" "--kind rejection" "--org-size enterprise" \
	"--org-size startup --org-size scaleup" "--since 2024" "--until 2019" \
	"--tag memory-safety" "--option Go"; do
	i=$((i + 1))
	for size in a4 letter; do
		style=
		[ $size = letter ] && style="--style $TMP/letter.yaml"
		mkdir -p "$TMP/sel-$i-$size"
		run $CB $style build -a overview $f -f pdf -o "$TMP/sel-$i-$size"
		expect_rc 0 "overview $f ($size)"
		check "$TMP/sel-$i-$size" "overview $f ($size)"
	done
done
finish
