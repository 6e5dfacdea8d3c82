#!/bin/sh
# Issue 14's typographic checks: each document of tests/typography is set
# with `casebrief render` (the built-in style) and its PDF checked by
# tests/typography/check.py on the word boxes, the copied text and the
# layout dump: curly quotes and dashes, no word outside the text block,
# no line that starts with a citation, URLs and code that copy whole,
# no label alone at a page bottom, no cell word hyphenated when its table
# had room, the contents and the outline alike, footnotes at the foot of
# their page, a tall table row that does not leave a page empty.
. "$TESTS_DIR/cli/lib.inc"
FONTS="$TESTS_DIR/../fonts"
export SOURCE_DATE_EPOCH=1780272000
need python3 pdftotext qpdf

for md in "$TESTS_DIR"/typography/*.md; do
	name=$(basename "$md" .md)
	kind=$name
	run "$CASEBRIEF" --fonts "$FONTS" --templates "$TMP/none" render "$md" -o "$TMP/$name.pdf" --dump-layout
	expect_rc 0 "render $name"
	cp "$out" "$TMP/$name.layout"
	pdftotext "$TMP/$name.pdf" /dev/null 2>"$TMP/p.err"
	[ ! -s "$TMP/p.err" ] && pass || fail "$name: poppler warns: $(head -3 "$TMP/p.err")"
	qpdf --check "$TMP/$name.pdf" >/dev/null 2>&1 && pass || fail "$name: qpdf --check"
	python3 "$TESTS_DIR/typography/check.py" "$kind" "$TMP/$name.pdf" "$md" "$TMP/$name.layout" >"$TMP/c"
	while IFS= read -r line; do
		case "$line" in
		ok*) pass ;;
		*) fail "$name: $line" ;;
		esac
	done <"$TMP/c"
	grep -q . "$TMP/c" || fail "$name: check.py printed nothing"
done
finish
