#!/bin/sh
# Golden layouts: `render --dump-layout` of each tests/layout/*.md must
# match the .layout file beside it (lines, breaks, pages). The built-in
# style is used (no templates dir). After an intended change of the
# typesetter or of the default style, regenerate with
#   UPDATE_GOLDEN=1 sh tests/cli/pdf_layout.sh
. "$TESTS_DIR/cli/lib.inc"
FONTS="$TESTS_DIR/../fonts"

for md in "$TESTS_DIR"/layout/*.md; do
	want="${md%.md}.layout"
	name=$(basename "$md")
	run "$CASEBRIEF" --fonts "$FONTS" --templates "$TMP/none" render "$md" --dump-layout
	expect_rc 0 "$name"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$out" "$want"
		continue
	fi
	if diff -u "$want" "$out" >"$TMP/diff"; then
		pass
	else
		fail "$name: layout differs from $(basename "$want"):"
		head -n 40 "$TMP/diff"
	fi
done

# what the goldens are about
L="$TESTS_DIR/layout"
grep -q ' hyphen ' "$L/hyphenation.layout" && pass || fail "hyphenation.layout has no hyphenated line"
grep -q ' char ' "$L/longword.layout" && pass || fail "longword.layout: the long word is not broken"
[ "$(grep -c ' header' "$L/table-break.layout")" -gt 1 ] && grep -q '^page 2' "$L/table-break.layout" &&
	pass || fail "table-break.layout: header row not repeated on page 2"
sed -n '/^page 2/,$p' "$L/heading-end.layout" | sed -n 2p | grep -q ' h2 ' &&
	pass || fail "heading-end.layout: the heading does not open page 2"
finish
