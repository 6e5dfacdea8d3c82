#!/bin/sh
# Links in every brief of the shipped data set, tests/data/brief and
# tests/data/northwind: in the Markdown, each "#anchor" reaches a heading
# under GitHub's rule and under GitLab's (which squeezes runs of hyphens),
# each citation is a footnote whose note exists and links back; in the
# PDF, each citation [n] links to the entry [n] under "Sources" and no
# line starts with one (tests/cli/links_check.py).
. "$TESTS_DIR/cli/lib.inc"
need cmark-gfm python3 qpdf pdftotext
ROOT=$(cd "$TESTS_DIR/.." && pwd)
export SOURCE_DATE_EPOCH=1780272000

for data in "$ROOT/data" "$TESTS_DIR/data/brief" "$TESTS_DIR/data/northwind"; do
	tag=$(basename "$data")
	run "$CASEBRIEF" -q --data "$data" --templates "$ROOT/templates" --today 2026-06-01 \
		build --all -j 2 -f pdf,md -o "$TMP/$tag"
	expect_rc 0 "build --all ($tag)"
	for kind in md pdf; do
		python3 "$TESTS_DIR/cli/links_check.py" "$kind" "$TMP/$tag"/*."$kind" >"$TMP/check"
		while IFS= read -r line; do
			case "$line" in
			ok*) pass ;;
			*) fail "$tag: $line" ;;
			esac
		done <"$TMP/check"
	done
done

# A heading whose text would give GitHub a double hyphen ("Solana —
# Polkadot", "A - B") still gets one anchor on both: the check above
# fails on the shipped data without it; here a case of its own.
D="$TMP/dash"
cp -R "$TESTS_DIR/data/brief" "$D"
sed -i 's/^company: Ledgerly$/company: Ledger - ly \/ Co/' "$D/cases/ledgerly.yaml"
run "$CASEBRIEF" -q --data "$D" --templates "$ROOT/templates" --today 2026-06-01 \
	build -a small-teams -f md -o "$TMP/dash-out"
expect_rc 0 "build with a dashed company"
grep -q 'Ledger - ly / Co' "$TMP/dash-out/small-teams.md" && pass || fail "the dashed company is not shown as written"
python3 "$TESTS_DIR/cli/links_check.py" md "$TMP/dash-out/small-teams.md" >"$TMP/check" && pass ||
	fail "dashed company: $(cat "$TMP/check")"
grep -q '(#ledger-ly-co-invoice-sync-engine)' "$TMP/dash-out/small-teams.md" && pass ||
	fail "dashed company: anchor $(grep -o '(#ledger[^)]*)' "$TMP/dash-out/small-teams.md" | head -1)"
finish
