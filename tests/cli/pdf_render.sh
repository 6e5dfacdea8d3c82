#!/bin/sh
# `casebrief render` on the benchmark corpus: fonts embedded with Unicode
# maps, poppler and qpdf silent, every word of the Markdown in the text,
# identical bytes twice with SOURCE_DATE_EPOCH; errors and edge cases.
. "$TESTS_DIR/cli/lib.inc"
FONTS="$TESTS_DIR/../fonts"
export SOURCE_DATE_EPOCH=1700000000
need python3 pdffonts pdftotext pdfinfo qpdf

python3 "$TESTS_DIR/bench/gen_corpus.py" --cases 10 --format md >"$TMP/x.md" || fail "gen_corpus"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/x.md"
expect_rc 0 "render corpus"
[ -s "$TMP/x.pdf" ] && pass || fail "render writes x.pdf beside x.md"
head -c 5 "$TMP/x.pdf" | grep -q '%PDF-' && pass || fail "x.pdf is a PDF"

pdffonts "$TMP/x.pdf" >"$TMP/fonts" 2>"$TMP/fonts.err"
[ ! -s "$TMP/fonts.err" ] && pass || fail "pdffonts warns: $(head -3 "$TMP/fonts.err")"
# every font line: emb yes, sub yes, uni yes
awk 'NR > 2 && !($(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes") { bad = 1 } END { exit bad }' \
	"$TMP/fonts" && pass || fail "a font is not embedded/subset/unicode: $(cat "$TMP/fonts")"
grep -q NotoSerif "$TMP/fonts" && pass || fail "Noto Serif not used"
pdftotext "$TMP/x.pdf" "$TMP/x.txt" 2>"$TMP/p.err"
[ ! -s "$TMP/p.err" ] && pass || fail "poppler warns: $(head -3 "$TMP/p.err")"
python3 "$TESTS_DIR/cli/pdf_words.py" "$TMP/x.md" "$TMP/x.txt" >"$TMP/w" && pass ||
	fail "words missing from the PDF: $(cat "$TMP/w")"
# reading order (content order, -raw): after the contents, the case
# headings come in order (a page's first line starts with a form feed)
pdftotext -raw "$TMP/x.pdf" - 2>/dev/null | tr -d '\f' | sed -n 's/^Case \([0-9]*\):.*/\1/p' |
	awk '$1 == 1 { n++ } n == 2' >"$TMP/order"
[ "$(sort -u "$TMP/order" | wc -l)" -eq 10 ] && sort -n -c "$TMP/order" 2>/dev/null &&
	pass || fail "cases out of order in the text: $(tr '\n' ' ' <"$TMP/order")"
qpdf --check "$TMP/x.pdf" >"$TMP/q" 2>&1 && pass || fail "qpdf --check: $(tail -3 "$TMP/q")"
grep -qi 'warning' "$TMP/q" && fail "qpdf warns: $(grep -i warning "$TMP/q" | head -3)" || pass
pdfinfo "$TMP/x.pdf" >"$TMP/info" 2>&1
grep -q '^Title: *Decision Brief' "$TMP/info" && pass || fail "no title in the document info"
grep -q '^Creator: *casebrief' "$TMP/info" && pass || fail "no creator in the document info"
grep -q '^Pages: *[1-9]' "$TMP/info" && pass || fail "no pages"

# reproducible
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/x.md" -o "$TMP/y.pdf"
expect_rc 0 "render again"
cmp -s "$TMP/x.pdf" "$TMP/y.pdf" && pass || fail "two runs differ"

# -o - writes the PDF on stdout, nothing else
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/x.md" -o -
expect_rc 0 "render -o -"
cmp -s "$out" "$TMP/x.pdf" && pass || fail "-o - differs from the file"

# --dump-layout prints the layout and writes no PDF
rm -f "$TMP/x.pdf"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/x.md" --dump-layout
expect_rc 0 "dump-layout"
# (no cover: the contents follow the title on the first page)
expect_out '^page 1 body' "dump: first page"
expect_out ' toc ' "dump: contents entries"
expect_out ' line ' "dump: lines"
[ ! -e "$TMP/x.pdf" ] && pass || fail "--dump-layout without -o wrote a PDF"

# errors
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/missing.md"
expect_rc 74 "missing input"
expect_err "missing.md" "missing input named"
run "$CASEBRIEF" --fonts "$TMP/nofonts" render "$TMP/x.md" -o "$TMP/z.pdf"
[ "$rc" -ne 0 ] && pass || fail "missing fonts accepted"
[ ! -e "$TMP/z.pdf" ] && pass || fail "output written despite missing fonts"

# edge cases: empty file, characters outside the BMP, a character no font has
: >"$TMP/empty.md"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/empty.md"
expect_rc 0 "empty markdown"
printf '# Emoji\n\nA face \360\237\230\200, CJK \346\274\242 and Mro \360\226\251\200 here.\n' >"$TMP/emoji.md"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/emoji.md"
expect_rc 0 "emoji"
expect_err "substitute" "substitution warned"
pdftotext "$TMP/emoji.pdf" - 2>"$TMP/p.err" | grep -q 'A face' && pass || fail "emoji text lost"
[ ! -s "$TMP/p.err" ] && pass || fail "poppler warns on emoji: $(head -3 "$TMP/p.err")"
finish
