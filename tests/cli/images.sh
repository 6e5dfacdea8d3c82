#!/bin/sh
# Images in the PDF. Every PNG colour type and bit depth and each kind of
# JPEG comes out with the right pixels, transparency included; an image in
# running text is drawn in the line. A damaged, huge or misplaced image
# file becomes a warning (file:line:col) and its description: never a
# crash, a hang, or a file from outside the document's directory in the
# PDF. Small images are in tests/images/ (tests/images/mkimages.py and
# mkjpeg.c made them); the large ones are made here, in a fraction of a
# second each.
. "$TESTS_DIR/cli/lib.inc"

LIMIT=10
KILL=20
case "$CASEBRIEF" in
*valgrind*|*asan*|*ubsan*) LIMIT=60; KILL=120 ;;
esac
IMG="$TESTS_DIR/images"
MK="python3 $IMG/mkimages.py"
need python3 qpdf pdftotext pdfimages pdftoppm

# count KIND PDF: how many images (KIND image) or soft masks (smask) the
# pages of PDF draw
count() { pdfimages -list "$2" 2>/dev/null | awk -v k="$1" 'NR > 2 && $3 == k' | wc -l | tr -d ' '; }

# render NAME DIR [MAXMB]: DIR/doc.md -> DIR/doc.pdf, timed (and at most
# MAXMB megabytes, where that can be measured); wants exit 0 and a PDF
# that qpdf accepts
render() {
	rm -f "$2/doc.pdf"
	timed_mb "$1" "${3:-}" "$CASEBRIEF" render "$2/doc.md" -o "$2/doc.pdf"
	expect_rc 0 "$1"
	if [ -s "$2/doc.pdf" ] && qpdf --check "$2/doc.pdf" >"$TMP/qpdf" 2>&1; then pass
	else fail "$1: no valid PDF: $(tail -n 3 "$TMP/qpdf" 2>/dev/null)"; fi
}

# want N WHAT VALUE: VALUE must be N
want() { [ "$3" = "$1" ] && pass || fail "$2: $3, want $1"; }

# ---- pixels: every kind of image, alone on a page at 72 dpi ------------
# FILE, the colour of its left half, of its right half over white, and a
# colour that must not show (what the right half would be if its alpha
# were lost)
mkdir -p "$TMP/px"
if python3 "$IMG/pixels.py" "$CASEBRIEF" "$TMP/px" <<EOF
$IMG/good/gray1.png 0,0,0 255,255,255
$IMG/good/gray2.png 0,0,0 85,85,85
$IMG/good/gray2-interlaced.png 0,0,0 170,170,170
$IMG/good/gray4.png 0,0,0 119,119,119
$IMG/good/gray8.png 0,0,0 127,127,127
$IMG/good/gray16.png 0,0,0 127,127,127
$IMG/good/gray8-trns.png 0,0,0 255,255,255 200,200,200 tol=10
$IMG/good/graya8.png 0,0,0 127,127,127
$IMG/good/graya16.png 0,0,0 127,127,127
$IMG/good/rgb8.png 255,0,0 0,0,255
$IMG/good/rgb16.png 255,0,0 0,0,255
$IMG/good/rgb8-trns.png 255,0,0 255,255,255 0,0,255
$IMG/good/pal1.png 255,0,0 0,128,0
$IMG/good/pal2.png 255,0,0 0,128,0
$IMG/good/pal4.png 255,0,0 0,128,0
$IMG/good/pal8.png 255,0,0 0,128,0
$IMG/good/pal8-trns.png 255,0,0 127,127,255 0,0,255
$IMG/good/rgba8.png 255,0,0 127,127,255 0,0,255
$IMG/good/rgba16.png 255,0,0 127,127,255 0,0,255
$IMG/good/rgba8-interlaced.png 255,0,0 127,127,255 0,0,255
$IMG/good/rgb.jpg 255,0,0 0,0,255
$IMG/good/rgb-progressive.jpg 255,0,0 0,0,255
$IMG/good/gray.jpg 0,0,0 128,128,128
$IMG/good/cmyk.jpg 0,174,239 236,0,140 tol=40
EOF
then pass; else fail "pixels: see above"; fi

# ---- block and inline images, and what cannot be shown -----------------
D="$TMP/doc"
mkdir -p "$D"
cp -R "$IMG/good" "$IMG/bad" "$D/"
cp "$IMG/images.md" "$D/doc.md"
render "images.md" "$D"
expect_err "doc.md:30:16: image 'bad/truncated-40.png': not a valid PNG file (the file is cut short); its description is shown instead" "images.md"
expect_err "doc.md:31:40: image 'good/nothing.png': No such file or directory" "images.md"
want 15 "images.md: images drawn" "$(count image "$D/doc.pdf")"
want 7 "images.md: soft masks drawn" "$(count smask "$D/doc.pdf")"
# each file is one object, however often it is drawn
want 10 "images.md: image objects" "$(pdfimages -list "$D/doc.pdf" | awk 'NR > 2 && $3 == "image" { print $11 }' | sort -u | wc -l | tr -d ' ')"
want 2 "images.md: warnings" "$(grep -c warning "$err")"
pdftotext "$D/doc.pdf" - | tr '\n' ' ' | grep -q "A broken image a truncated PNG shows" && pass \
	|| fail "images.md: the description of a broken image is not in the text"
run "$CASEBRIEF" -q render "$D/doc.md" --dump-layout
expect_out "such as this one ￼ or this gray one ￼, stands" "images.md: inline images in the layout"
expect_out "|RGBA ￼| w=" "images.md: an inline image in a table cell"

# ---- a malformed PNG is a warning, not an abort ------------------------
D="$TMP/trunc"
mkdir -p "$D"
cp "$IMG/bad/truncated-40.png" "$D/t.png"
printf '# Truncated\n\n![a truncated picture](t.png)\n' >"$D/doc.md"
render "truncated PNG" "$D"
expect_err "doc.md:3:1: image 't.png': not a valid PNG file (the file is cut short)" "truncated PNG"
pdftotext "$D/doc.pdf" - | grep -q "a truncated picture" && pass || fail "truncated PNG: no description"

# every broken file, as a block image and in the text
D="$TMP/bad"
mkdir -p "$D"
cp "$IMG"/bad/* "$D/"
{
	echo "# Broken images"
	for f in "$IMG"/bad/*; do
		n=$(basename "$f")
		printf '\n![%s, alone](%s)\n\nIn the text: ![%s](%s).\n' "$n" "$n" "$n" "$n"
	done
} >"$D/doc.md"
render "every broken image" "$D"
want "$(ls "$IMG/bad" | wc -l | tr -d ' ')" "every broken image: warnings (one per file)" \
	"$(grep -c 'its description is shown instead' "$err")"
want 0 "every broken image: images drawn" "$(count image "$D/doc.pdf")"

# 300 PNGs with a few bytes changed, in one document
D="$TMP/mut"
mkdir -p "$D"
python3 - "$IMG/good/rgba8.png" "$D" <<'EOF'
import random, sys
src = open(sys.argv[1], "rb").read()
r = random.Random(13)
with open(sys.argv[2] + "/doc.md", "w") as md:
    md.write("# Mutated\n")
    for i in range(300):
        b = bytearray(src)
        for _ in range(r.randint(1, 4)):
            b[r.randrange(8, len(b))] = r.randrange(256)
        open("%s/m%03d.png" % (sys.argv[2], i), "wb").write(b)
        md.write("\n![mutated %d](m%03d.png)\n" % (i, i))
EOF
render "300 mutated PNGs" "$D"
want 300 "300 mutated PNGs: drawn or reported" \
	"$(($(count image "$D/doc.pdf") + $(grep -c 'its description is shown instead' "$err")))"

# ---- pixel floods are refused from the header ---------------------------
D="$TMP/flood"
mkdir -p "$D"
$MK flood 20000 20000 "$D/f20k.png"
$MK flood 50000 50000 "$D/f50k.png" gray
$MK flood 6000 6000 "$D/f6k.png" gray
for i in 1 2 3 4; do $MK flood 4000 4000 "$D/f4k-$i.png" gray; done
printf '# Floods\n\n![twenty thousand](f20k.png)\n\n![fifty thousand](f50k.png)\n\n![six thousand](f6k.png)\n' >"$D/doc.md"
render "20000 x 20000 and 50000 x 50000 PNGs" "$D" 100
expect_err "image 'f20k.png': 20000 x 20000 pixels: a side is longer than the limit of 16384" "20000 x 20000 PNG"
expect_err "image 'f50k.png': 50000 x 50000 pixels: a side is longer than the limit of 16384" "50000 x 50000 PNG"
expect_err "image 'f6k.png': 6000 x 6000 pixels is more than the limit of 25000000 pixels" "6000 x 6000 PNG"
printf '# Budget\n\n![a](f4k-1.png) ![b](f4k-2.png) ![c](f4k-3.png) ![d](f4k-4.png)\n' >"$D/doc.md"
render "four 4000 x 4000 PNGs" "$D" 300
expect_err "image 'f4k-4.png': the document's images pass the limit of 50000000 pixels together" "four 4000 x 4000 PNGs"
want 3 "four 4000 x 4000 PNGs: drawn" "$(count image "$D/doc.pdf")"

# many references to one image: loaded once, and bounded
python3 -c 'print("# Many\n\n" + "![d](f4k-1.png) " * 10001)' >"$D/doc.md"
render "10,001 references" "$D"
expect_err "more than 10000 images in the document" "10,001 references"

# 1,001 different files: the last is refused
D="$TMP/files"
mkdir -p "$D"
python3 - "$IMG/good/gray1.png" "$D" <<'EOF2'
import shutil, sys
with open(sys.argv[2] + "/doc.md", "w") as md:
    md.write("# Files\n\n")
    for i in range(1001):
        shutil.copy(sys.argv[1], "%s/i%04d.png" % (sys.argv[2], i))
        md.write("![file %d](i%04d.png) " % (i, i))
EOF2
render "1,001 image files" "$D"
expect_err "image 'i1000.png': more than 1000 image files in the document" "1,001 image files"
want 1000 "1,001 image files: drawn" "$(count image "$D/doc.pdf")"

# ---- images stay inside the document's directory ------------------------
O="$TMP/outside"
D="$TMP/paths"
mkdir -p "$O" "$D/sub" "$D/imgs"
cp "$IMG/good/rgba8.png" "$O/secret.png"
cp "$IMG/good/rgb8.png" "$D/imgs/ok.png"
ln -s "$O" "$D/sub/out"
ln -s / "$D/sub/root"
ln -s .. "$D/up"
ln -s imgs/ok.png "$D/inside.png"
ln -s imgs "$D/pictures"
printf '# Links\n\n![ok](imgs/ok.png)\n\n![a link inside](inside.png)\n\n![a directory link inside](pictures/ok.png)\n\n![secret](sub/out/secret.png)\n\n![secret from the root](sub/root%s/secret.png)\n\n![secret above](up/outside/secret.png)\n' "$O" >"$D/doc.md"
render "symbolic links" "$D"
want 3 "symbolic links: images drawn" "$(count image "$D/doc.pdf")"
want 0 "symbolic links: soft masks (the secret image has one)" "$(count smask "$D/doc.pdf")"
expect_err "image 'sub/out/secret.png': it resolves to a file outside" "a link out of the directory"
expect_err "image 'sub/root$O/secret.png': it resolves to a file outside" "a link to the root"
expect_err "image 'up/outside/secret.png': it resolves to a file outside" "a link to the parent"

D="$TMP/special"
mkdir -p "$D/dir.png"
mkfifo "$D/pipe.png"
truncate -s 40M "$D/big.png"
printf '# Not files\n\n![a pipe](pipe.png)\n\n![a directory](dir.png)\n\n![a big file](big.png)\n' >"$D/doc.md"
render "a FIFO, a directory and a 40 MB file" "$D"
expect_err "image 'pipe.png': not a regular file" "a FIFO"
expect_err "image 'dir.png': not a regular file" "a directory"
expect_err "image 'big.png': file is larger than the limit of 33554432 bytes" "a 40 MB file"

# build: images come from the templates directory, and check says which
# would not load
DATA="$TMP/data"
TPL="$TMP/tpl"
cp -R "$TESTS_DIR/fixtures/schema-example" "$DATA"
rm -rf "$DATA/expected"
cp -R "$TESTS_DIR/../templates" "$TPL"
mkdir -p "$TPL/maps"
cp "$IMG/good/rgb8.png" "$TPL/maps/route.png"
ln -s "$O" "$TPL/leak"
python3 - "$DATA/cases" <<'EOF'
import sys
d = sys.argv[1]
for name, img in (("freight-router.yaml", "![the route map](maps/route.png)"),
                  ("legacy-bank.yaml", "![the ledger](leak/secret.png)")):
    p = "%s/%s" % (d, name)
    s = open(p).read()
    i = s.index("summary: ")
    j = s.index("\n", i) + 1
    s = s[:j] + "  " + img + "\n" + s[j:]
    open(p, "w").write(s)
EOF
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" --today 2026-06-01 check
expect_rc 0 "check with images"
expect_err "legacy-bank.yaml:3:1: warning: summary: image 'leak/secret.png' cannot be shown in a PDF brief (it resolves to a file outside" "check: an image outside the templates"
[ "$(grep -c "image '" "$err")" = 1 ] && pass || fail "check: warns about the image that loads: $(cat "$err")"
mkdir -p "$TMP/briefs"
timed "build with images" "$CASEBRIEF" --data "$DATA" --templates "$TPL" --today 2026-06-01 build -a overview -f pdf -o "$TMP/briefs"
expect_rc 0 "build with images"
expect_err "image 'leak/secret.png': it resolves to a file outside" "build: an image outside the templates"
want 1 "build: images drawn" "$(count image "$TMP/briefs/overview.pdf")"
want 0 "build: soft masks drawn" "$(count smask "$TMP/briefs/overview.pdf")"

# ---- descriptions --------------------------------------------------------
D="$TMP/alt"
mkdir -p "$D"
cp "$IMG/good/rgb8.png" "$D/a.png"
printf '# Alt\n\n![](a.png)\n\nText and ![ ](https://example.com/x.png) a remote one.\n\n![described](a.png)\n' >"$D/doc.md"
render "images without a description" "$D"
expect_err "doc.md:3:1: image 'a.png': no description (alt text) for readers who cannot see it" "no alt text"
expect_err "doc.md:5:10: image 'https://example.com/x.png': no description" "no alt text, remote"
want 2 "images without a description: warnings" "$(grep -c warning "$err")"

# an inline image far wider than tall is narrowed to the measure
D="$TMP/wide"
mkdir -p "$D"
$MK flood 4000 2 "$D/wide.png"
printf '# Wide\n\nA ![wide](wide.png) b.\n' >"$D/doc.md"
run "$CASEBRIEF" -q render "$D/doc.md" --dump-layout
expect_rc 0 "a wide inline image"
w=$(grep '￼' "$out" | sed -n 's/.*| w=\([0-9.]*\).*/\1/p' | sort -n | tail -n 1)
measure=$(sed -n 's/.*text area \([0-9.]*\) x.*/\1/p' "$out")
awk -v w="${w:-999999}" -v m="$measure" 'BEGIN { exit !(w <= m + 0.01) }' && pass \
	|| fail "a wide inline image: line width ${w:-none}, measure $measure"

finish
