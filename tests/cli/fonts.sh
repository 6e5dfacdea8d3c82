#!/bin/sh
# Fonts: shaping (ligatures that copy as their letters, kerning, marks),
# fallback to installed fonts (a CJK word through fontconfig, a character
# above U+FFFF, a visible substitute and one warning for a character no
# font has), drawn widths equal to measured ones, and hostile or unusual
# font files, each of which must end quickly with a clear message (never
# a signal or a hang). The hostile fonts are made at run time from a
# shipped one (fontgen.py); nothing large is committed.
. "$TESTS_DIR/cli/lib.inc"

FONTS="$TESTS_DIR/../fonts"
GEN="$TESTS_DIR/cli/fontgen.py"
KILL=20
LIMIT=5
case "$CASEBRIEF" in
*valgrind*|*asan*|*ubsan*) KILL=120; LIMIT=60 ;;
esac
need python3 pdffonts pdftotext qpdf fc-list

# timed NAME CMD...: like run, but fails on a signal, a kill, or more than
# $LIMIT seconds.
timed() {
	name="$1"; shift
	out="$TMP/out"; err="$TMP/err"
	t0=$(date +%s.%N)
	timeout -k 5 "$KILL" "$@" >"$out" 2>"$err"
	rc=$?
	t1=$(date +%s.%N)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	echo "time: $name: ${secs}s, exit $rc"
	if [ "$rc" -ge 124 ]; then
		fail "$name: killed or crashed (exit $rc): $(tail -c 600 "$err")"
	elif awk -v s="$secs" -v l="$LIMIT" 'BEGIN { exit !(s > l) }'; then
		fail "$name: took ${secs}s (limit ${LIMIT}s)"
	else
		pass
	fi
}

# style NAME FONT: a style file with FONT as the serif face.
style() {
	printf 'fonts:\n  serif: %s\n' "$2" >"$TMP/$1.yaml"
}

# --- ligatures, kerning, marks ----------------------------------------------
printf '# Words\n\nThe office ordered a flight to affine spaces near the fjord.\n\nAVATAR To Wa caf\303\251 e\314\201t\303\251 na\303\257ve.\n' >"$TMP/lig.md"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/lig.md" -o "$TMP/lig.pdf"
expect_rc 0 "ligature document"
pdftotext "$TMP/lig.pdf" "$TMP/lig.txt"
for w in office flight affine fjord AVATAR; do
	grep -q "$w" "$TMP/lig.txt" && pass || fail "pdftotext lacks '$w': $(head -c 300 "$TMP/lig.txt")"
done
python3 -c '
import sys, unicodedata
t = open(sys.argv[1], encoding="utf-8").read()
bad = [c for c in t if 0xFB00 <= ord(c) <= 0xFB06]
sys.exit("ligature characters in the text: %r" % bad if bad else 0)
' "$TMP/lig.txt" && pass || fail "ligature characters leak into the copied text"
python3 -c '
import sys, unicodedata
t = unicodedata.normalize("NFC", open(sys.argv[1], encoding="utf-8").read())
sys.exit(0 if "caf\u00e9" in t and "\u00e9t\u00e9" in t else "accents lost: %r" % t[-80:])
' "$TMP/lig.txt" && pass || fail "an accented word does not copy back"
# the ligatures are drawn: the ToUnicode map has glyphs for two letters or more
qpdf --qdf --object-streams=disable "$TMP/lig.pdf" "$TMP/lig-qdf.pdf" 2>/dev/null
grep -aEq '^<[0-9A-F]{4}> <(0066){1,2}00(69|6C)>$' "$TMP/lig-qdf.pdf" && pass ||
	fail "no ligature glyph (fi, fl, ffi) in the ToUnicode maps"
# kerning: a TJ array moves glyphs inside a word ("AVATAR", "To"; qpdf
# writes the strings in hex)
grep -aEq '^\[.*<0024>[0-9.]+<0039>.*\] TJ$' "$TMP/lig-qdf.pdf" && pass || fail "A and V are not kerned"
# a string of a TJ array goes on where nothing separates it from the
# next (a word and its space glyph): no string follows another directly
grep -aEq '^\[<.*\] TJ$' "$TMP/lig-qdf.pdf" && pass || fail "no TJ array of strings in the content"
grep -aEq '^\[.*><.*\] TJ$' "$TMP/lig-qdf.pdf" && fail "adjacent strings in a TJ array: $(grep -aEm1 '^\[.*><.*\] TJ$' "$TMP/lig-qdf.pdf" | head -c 200)" || pass
pdffonts "$TMP/lig.pdf" >"$TMP/lig.fonts"
awk 'NR > 2 && !($(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes") { bad = 1 } END { exit bad }' \
	"$TMP/lig.fonts" && pass || fail "a font is not embedded, subset and mapped: $(cat "$TMP/lig.fonts")"

# --- drawn widths are measured widths: justified lines end at the measure ---
python3 -c '
import sys
w = "Typographers measure words and justify lines of text so that each line ends exactly at the right margin " * 12
print("# Width\n\n" + w.strip() + " office affine flight waffle AVATAR.\n")' >"$TMP/just.md"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/just.md" -o "$TMP/just.pdf"
expect_rc 0 "justified document"
pdftotext -bbox "$TMP/just.pdf" "$TMP/just.html"
python3 -c '
import re, sys
ends = {}
for m in re.finditer(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\"", open(sys.argv[1]).read()):
    y = round(float(m.group(2)), 1)
    ends[y] = max(ends.get(y, 0), float(m.group(3)))
lines = sorted(ends.items())[2:-2]  # the running header, the heading, the last line, the footer
right = [x for _, x in lines]
spread = max(right) - min(right) if right else 99
sys.exit(0 if len(right) >= 5 and spread < 0.05 else "right edges differ by %.3f pt: %r" % (spread, right))
' "$TMP/just.html" && pass || fail "justified lines do not end at one right edge"

# --- fallback to installed fonts ---------------------------------------------
fc-list :charset=682a file | grep -q . && pass || fail "no installed font has CJK ideographs ('make deps' installs fonts-wqy-microhei)"
printf '# CJK\n\nThe company \346\240\252\345\274\217\344\274\232\347\244\276 signed, and a face \360\237\230\200 too.\n\nMro \360\226\251\200 \360\226\251\201 \360\226\251\202 has no font.\n' >"$TMP/cjk.md"
run "$CASEBRIEF" --fonts "$FONTS" render "$TMP/cjk.md" -o "$TMP/cjk.pdf"
expect_rc 0 "CJK document"
pdffonts "$TMP/cjk.pdf" >"$TMP/cjk.fonts"
grep -q "WenQuanYi" "$TMP/cjk.fonts" && pass || fail "the CJK fallback font is not in the PDF: $(cat "$TMP/cjk.fonts")"
pdftotext "$TMP/cjk.pdf" "$TMP/cjk.txt"
grep -q "$(printf '\346\240\252\345\274\217\344\274\232\347\244\276')" "$TMP/cjk.txt" && pass || fail "the CJK word does not extract"
grep -q "$(printf '\360\237\230\200')" "$TMP/cjk.txt" && pass || fail "a character above U+FFFF from an installed font does not extract"
grep -q "$(printf '\357\277\275')" "$TMP/cjk.txt" && pass || fail "no visible substitute for the Mro letters"
[ "$(grep -c "cannot be drawn" "$err")" -eq 1 ] && pass || fail "want one warning for the characters no font has: $(cat "$err")"

# --- shaping work in proportion to the text --------------------------------
# HarfBuzz looks back over the whole run for a mark's base: 100,000 marks
# in one word took minutes when the word was shaped in one piece
python3 -c 'print("a" + "\u0301" * 100000 + "\n\nx" + "\u0323\u0301" * 30000)' >"$TMP/marks.md"
timed "100,000 combining marks in one word" "$CASEBRIEF" --fonts "$FONTS" render "$TMP/marks.md" -o "$TMP/marks.pdf"
expect_rc 0 "100,000 combining marks in one word"

# --- hostile font files ------------------------------------------------------
BASE="$FONTS/NotoSerif-Regular.ttf"
python3 "$GEN" directory "$TMP/dir.ttf"
python3 "$GEN" gpos "$TMP/gpos.ttf" "$BASE" 4
python3 "$GEN" gsub "$TMP/gsub.ttf" "$BASE" 4
python3 "$GEN" gpos "$TMP/gposrefs.ttf" "$BASE" 4 1000
python3 "$GEN" cmap12 "$TMP/cmap12.ttf" "$BASE" 5000
python3 "$GEN" length "$TMP/fpgm.ttf" "$BASE" fpgm 0xFC4C0E0C
python3 "$GEN" strip "$TMP/unhinted.ttf" "$BASE" fpgm prep cvt
python3 "$GEN" upem "$TMP/upem1.ttf" "$BASE" 1
printf '# Hostile\n\nA paragraph of text in the serif face, with office and flight.\n' >"$TMP/h.md"

# F1: a 248-byte font whose directory claims 65,535 tables
style dir "$TMP/dir.ttf"
timed "directory of 65535 tables" "$CASEBRIEF" --style "$TMP/dir.yaml" render "$TMP/h.md" -o "$TMP/h.pdf"
expect_rc 1 "directory of 65535 tables"
expect_err "table directory of 65535 tables does not fit in 248 bytes" "directory of 65535 tables"
timed "build --all -j 2 with it" "$CASEBRIEF" --style "$TMP/dir.yaml" build --all -j 2 --json -o "$TMP/b1"
expect_rc 1 "build --all -j 2 with a broken font"
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
ok = j["failed"] == len(j["briefs"]) > 0 and all("65535 tables" in (b["error"] or "") for b in j["briefs"])
sys.exit(0 if ok else "summary: %r" % j)
' "$out" && pass || fail "build --all -j 2 gave no summary naming the font"

# F2: lookup work out of proportion to the table (old: minutes); refused
for f in gpos gsub; do
	style "$f" "$TMP/$f.ttf"
	timed "$f of 32000 shared subtables" "$CASEBRIEF" --style "$TMP/$f.yaml" render "$TMP/h.md" -o "$TMP/h.pdf"
	expect_rc 1 "$f of 32000 shared subtables"
	expect_err "lookup subtables" "$f of 32000 shared subtables"
done
style gposrefs "$TMP/gposrefs.ttf"
timed "features naming 262140 lookups" "$CASEBRIEF" --style "$TMP/gposrefs.yaml" render "$TMP/h.md" -o "$TMP/h.pdf"
expect_rc 1 "features naming 262140 lookups"
expect_err "whose features name 262140 lookups" "features naming 262140 lookups"

# F2: format 12 cmap groups spanning all of Unicode (old: 1.4 s per MB): used, quickly
style cmap12 "$TMP/cmap12.ttf"
timed "cmap of 5000 whole-range groups" "$CASEBRIEF" --style "$TMP/cmap12.yaml" render "$TMP/h.md" -o "$TMP/h.pdf"
expect_rc 0 "cmap of 5000 whole-range groups"

# F2c: a table running 4 GB past the end (old: libharu read it, 19 s, exit 0)
rm -f "$TMP/h.pdf"
style fpgm "$TMP/fpgm.ttf"
timed "fpgm length 0xFC4C0E0C" "$CASEBRIEF" --style "$TMP/fpgm.yaml" render "$TMP/h.md" -o "$TMP/h.pdf"
expect_rc 1 "fpgm length 0xFC4C0E0C"
expect_err "table 'fpgm' (4232842764 bytes at" "fpgm length 0xFC4C0E0C"
[ ! -e "$TMP/h.pdf" ] && pass || fail "a PDF was written with a broken font"

# F2c: a font without hinting tables is used as it is
style unhinted "$TMP/unhinted.ttf"
timed "font without fpgm, prep, cvt" "$CASEBRIEF" --style "$TMP/unhinted.yaml" render "$TMP/h.md" -o "$TMP/u.pdf"
expect_rc 0 "font without hinting tables"
pdffonts "$TMP/u.pdf" 2>&1 | grep -q "+NotoSerif-Regular .* yes yes yes" && pass || fail "the unhinted font is not embedded"

# upem 1 (old: "library error 0x1057")
style upem1 "$TMP/upem1.ttf"
run "$CASEBRIEF" --style "$TMP/upem1.yaml" render "$TMP/h.md" -o "$TMP/h.pdf"
expect_rc 1 "upem 1"
expect_err "1 units per em (TrueType allows 16 to 16384)" "upem 1"

# F6: a FIFO named like a font (old: hung); a directory (old: "cannot map: No such device")
mkdir "$TMP/ff" "$TMP/fd"
cp "$FONTS"/*.ttf "$TMP/ff/"
cp "$FONTS"/*.ttf "$TMP/fd/"
rm "$TMP/ff/NotoSerif-Regular.ttf" "$TMP/fd/NotoSerif-Regular.ttf"
mkfifo "$TMP/ff/NotoSerif-Regular.ttf"
mkdir "$TMP/fd/NotoSerif-Regular.ttf"
timed "FIFO named like a font: render" "$CASEBRIEF" --fonts "$TMP/ff" render "$TMP/h.md" -o "$TMP/h.pdf"
expect_rc 1 "FIFO font: render"
expect_err "NotoSerif-Regular.ttf: cannot read the font: not a regular file" "FIFO font: render"
timed "FIFO named like a font: build" "$CASEBRIEF" --fonts "$TMP/ff" build -a startups -f pdf -o "$TMP/bf"
expect_rc 1 "FIFO font: build"
expect_err "not a regular file" "FIFO font: build"
timed "directory named like a font" "$CASEBRIEF" --fonts "$TMP/fd" render "$TMP/h.md" -o "$TMP/h.pdf"
expect_rc 1 "directory font"
expect_err "cannot read the font: not a regular file" "directory font"

# one rule for paths: relative to --fonts, absolute as it is (old: build prefixed ./fonts/)
style abs "$TMP/unhinted.ttf"
run "$CASEBRIEF" --style "$TMP/abs.yaml" render "$TMP/h.md" -o "$TMP/a.pdf"
expect_rc 0 "absolute font path: render"
run "$CASEBRIEF" --style "$TMP/abs.yaml" build -a startups -f pdf -o "$TMP/ba"
expect_rc 0 "absolute font path: build"
[ -s "$TMP/ba/startups.pdf" ] && pass || fail "absolute font path: build wrote no PDF"

# F5: fonts truncated and overwritten while a batch runs (old: SIGBUS)
mkdir "$TMP/ft"
cp "$FONTS"/*.ttf "$TMP/ft/"
{
	i=0
	while [ $i -lt 24 ]; do
		echo "- audience: startups"
		echo "  output: s$i"
		echo "  formats: [pdf]"
		if [ $((i % 3)) -eq 2 ]; then
			echo "  style: { page: { size: letter } }"
		fi
		i=$((i + 1))
	done
} >"$TMP/jobs.yaml"
timeout -k 5 "$KILL" "$CASEBRIEF" --fonts "$TMP/ft" build --manifest "$TMP/jobs.yaml" -j 2 -o "$TMP/bt" >"$TMP/bt.out" 2>"$TMP/bt.err" &
pid=$!
n=0
while [ ! -e "$TMP/bt/s0.pdf" ] && [ $n -lt 400 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.05
	n=$((n + 1))
done
head -c 100 "$FONTS/NotoSerif-Regular.ttf" >"$TMP/ft/NotoSerif-Regular.ttf"
cp "$FONTS/NotoSansMono-Regular.ttf" "$TMP/ft/NotoSerif-Bold.ttf"
: >"$TMP/ft/NotoSans-Regular.ttf"
wait $pid
rc=$?
# The outlines are mapped from the files (src/base/filemap.c): the briefs
# made after the change are refused with the font's name, the process is
# not killed, and every PDF it leaves is whole. A build that reads fonts
# whole makes all 24 with the fonts it read.
if [ "$T_FONTS_MAPPED" = 1 ]; then
	[ "$rc" -eq 1 ] && pass || fail "batch with fonts truncated under it: exit $rc, want 1: $(tail -c 400 "$TMP/bt.err")"
	grep -q "ft/NotoS[a-z]*-[A-Za-z]*\.ttf: the file was \(cut short\|changed\) while casebrief was using it" "$TMP/bt.err" &&
		pass || fail "batch with fonts truncated under it: no message naming the font: $(tail -c 400 "$TMP/bt.err")"
else
	[ "$rc" -eq 0 ] && pass || fail "batch with fonts truncated under it: exit $rc: $(tail -c 400 "$TMP/bt.err")"
	[ "$(ls "$TMP/bt" | grep -c '\.pdf$')" -eq 24 ] && pass || fail "batch with fonts truncated under it: $(ls "$TMP/bt" | wc -l) files"
fi
[ -s "$TMP/bt/s0.pdf" ] && pass || fail "batch with fonts truncated under it: the brief made before is gone"
bad=
for f in "$TMP"/bt/*.pdf; do
	qpdf --check "$f" >/dev/null 2>&1 || bad="$bad $f"
done
[ -z "$bad" ] && pass || fail "batch with fonts truncated under it: broken PDFs:$bad"
[ -z "$(ls -A "$TMP/bt" | grep -v '\.pdf$')" ] && pass || fail "batch with fonts truncated under it: left $(ls -A "$TMP/bt")"

finish
