#!/bin/sh
# Never losing data, never writing where it should not: outputs go through a
# temporary file and a rename, so a failing run (broken template, target in
# the way, read-only or full file system, /dev/full) leaves the previous
# file as it was, no temporary file behind, and exits 1 or 74; ids from
# data cannot place files outside the output directory; raw HTML and
# javascript:/data: links in data reach neither the Markdown nor the PDF's
# link annotations. The mount-based cases need root: without it they are
# skipped with a NOTE line, which tests/run.sh shows.
. "$TESTS_DIR/cli/lib.inc"
need cmark-gfm qpdf python3

DATA="$TESTS_DIR/data/brief"
EVIL="$TESTS_DIR/regress/hostile-data"
TPL="$TESTS_DIR/../templates"
MOUNTS=""
cleanup() {
	for m in $MOUNTS; do umount "$m" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

# build_md DIR TODAY [more options]: the latency brief as Markdown into DIR
build_md() {
	d="$1"; day="$2"; shift 2
	run "$CASEBRIEF" -q --data "$DATA" --templates "$TPL" --today "$day" "$@" \
		build -a latency -f md -o "$d"
}
# no_temp DIR WHAT: no temporary file left in DIR (".NAME.casebrief-tmp-PID-XXXXXX",
# or the NAME.tmpXXXXXX of older versions)
no_temp() {
	left=$(ls -A "$1" 2>/dev/null | grep 'casebrief-tmp\|\.tmp')
	[ -z "$left" ] && pass || fail "$2: temporary files left: $left"
}
# same FILE COPY WHAT
same() { cmp -s "$1" "$2" && pass || fail "$3: the previous file changed"; }

# ---- a good brief, then failing runs over it ------------------------

OUT="$TMP/o1"
build_md "$OUT" 2026-05-01
expect_rc 0 "first build"
cp "$OUT/latency.md" "$TMP/good.md"

# A template with a syntax error: exit 1, old brief untouched.
mkdir "$TMP/badtpl"
cp "$TPL"/* "$TMP/badtpl/"
printf '{{#unclosed}}\n' >>"$TMP/badtpl/brief.md.mustache"
run "$CASEBRIEF" -q --data "$DATA" --templates "$TMP/badtpl" --today 2026-06-01 build -a latency -f md -o "$OUT"
expect_rc 1 "broken template"
expect_err "brief.md.mustache:[0-9]*:[0-9]*:" "broken template names the position"
same "$OUT/latency.md" "$TMP/good.md" "broken template"
no_temp "$OUT" "broken template"

# A partial with a syntax error.
cp "$TPL"/* "$TMP/badtpl/"
printf '{{/nope}}\n' >>"$TMP/badtpl/case.md.mustache"
run "$CASEBRIEF" -q --data "$DATA" --templates "$TMP/badtpl" --today 2026-06-01 build -a latency -f md -o "$OUT"
expect_rc 1 "broken partial"
same "$OUT/latency.md" "$TMP/good.md" "broken partial"
no_temp "$OUT" "broken partial"

# The target name is taken by a directory: rename fails, exit 74.
mkdir -p "$TMP/busy/latency.md"
echo keep >"$TMP/busy/latency.md/keep"
build_md "$TMP/busy" 2026-06-01
expect_rc 74 "target is a directory"
[ "$(cat "$TMP/busy/latency.md/keep" 2>/dev/null)" = keep ] && pass || fail "target is a directory: its content changed"
no_temp "$TMP/busy" "target is a directory"

# Standard output on a full device.
"$CASEBRIEF" -q --data "$DATA" --templates "$TPL" --today 2026-06-01 build -a latency -f md -o - >/dev/full 2>"$TMP/e"
rc=$?; err="$TMP/e"
expect_rc 74 "build -o - to /dev/full"
printf '# Title\n\nSome text.\n' >"$TMP/doc.md"
"$CASEBRIEF" -q render "$TMP/doc.md" -o - >/dev/full 2>"$TMP/e"
rc=$?; err="$TMP/e"
expect_rc 74 "render -o - to /dev/full"

# render's output naming the input itself must not replace the Markdown
# source with a PDF.
printf '# Keep me\n\nThe source.\n' >"$TMP/self.md"
cp "$TMP/self.md" "$TMP/self.orig"
for o in "$TMP/self.md" "$TMP/./self.md"; do
	run "$CASEBRIEF" -q render "$TMP/self.md" -o "$o"
	[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && pass || fail "render self.md -o $o: exit $rc, want a refusal"
	same "$TMP/self.md" "$TMP/self.orig" "render self.md -o $o (the source was overwritten)"
	cp "$TMP/self.orig" "$TMP/self.md"
done

# ---- file systems that refuse the write (root only) ------------------

can_mount=0
mkdir -p "$TMP/probe"
if mount -t tmpfs -o size=64k tmpfs "$TMP/probe" 2>/dev/null; then
	can_mount=1
	umount "$TMP/probe"
else
	echo "NOTE: mount -t tmpfs is not permitted here: full-disk and read-only cases skipped"
fi

if [ "$can_mount" = 1 ]; then
	# A read-only file system over a good brief.
	mkdir -p "$TMP/ro"
	cp "$TMP/good.md" "$TMP/ro/latency.md"
	if mount --bind "$TMP/ro" "$TMP/ro" && MOUNTS="$TMP/ro $MOUNTS" &&
	   mount -o remount,ro,bind "$TMP/ro" "$TMP/ro"; then
		build_md "$TMP/ro" 2026-06-01
		expect_rc 74 "read-only output directory"
		same "$TMP/ro/latency.md" "$TMP/good.md" "read-only output directory"
		no_temp "$TMP/ro" "read-only output directory"
	else
		echo "NOTE: read-only bind mount refused: case skipped"
	fi

	# A full disk: 64 KiB of tmpfs, an old brief, the rest filled up.
	FULL="$TMP/full"
	mkdir -p "$FULL"
	mount -t tmpfs -o size=64k tmpfs "$FULL" && MOUNTS="$FULL $MOUNTS"
	cp "$TMP/good.md" "$FULL/latency.md"
	printf '# Old\n\nold PDF stand-in\n' >"$FULL/doc.pdf"
	cp "$FULL/doc.pdf" "$TMP/old.pdf"
	dd if=/dev/zero of="$FULL/fill" bs=4k 2>/dev/null
	build_md "$FULL" 2026-06-01
	expect_rc 74 "full disk (no room at all)"
	same "$FULL/latency.md" "$TMP/good.md" "full disk (no room at all)"
	no_temp "$FULL" "full disk (no room at all)"
	expect_err "latency.md" "full disk: the message names the file"

	# Room for part of the file only: the short write must be caught.
	rm -f "$FULL/fill"
	dd if=/dev/zero of="$FULL/fill" bs=4k count=$((64 / 4 - 4)) 2>/dev/null
	dd if=/dev/zero of="$FULL/fill2" bs=4k 2>/dev/null
	rm -f "$FULL/fill2"
	dd if=/dev/zero of="$FULL/fill2" bs=1k count=5 2>/dev/null
	dd if=/dev/zero of="$FULL/fill3" bs=4k 2>/dev/null
	rm -f "$FULL/fill2"   # about 4-8 KiB free: less than a brief
	build_md "$FULL" 2026-06-01
	expect_rc 74 "full disk (room for part of the brief)"
	same "$FULL/latency.md" "$TMP/good.md" "full disk (room for part of the brief)"
	no_temp "$FULL" "full disk (room for part of the brief)"

	# The PDF writer too (render), with a document larger than the room.
	python3 -c 'print("# Big\n\n" + " ".join("word%d" % i for i in range(20000)))' >"$TMP/big.md"
	run "$CASEBRIEF" -q render "$TMP/big.md" -o "$FULL/doc.pdf"
	expect_rc 74 "render to a full disk"
	same "$FULL/doc.pdf" "$TMP/old.pdf" "render to a full disk"
	no_temp "$FULL" "render to a full disk"
fi

# ---- ids cannot leave the output directory ---------------------------

mkdir -p "$TMP/ids/cases" "$TMP/ids/audiences"
cp "$DATA/tags.yaml" "$TMP/ids/"
cp "$DATA/cases/pollen-cli.yaml" "$TMP/ids/cases/"
cp "$DATA/audiences/latency.yaml" "$TMP/ids/audiences/"
mkdir -p "$TMP/idout"

printf 'id: ../escape\n' >"$TMP/ids/audiences/escape.yaml"
sed 1d "$DATA/audiences/latency.yaml" >>"$TMP/ids/audiences/escape.yaml"
run "$CASEBRIEF" --data "$TMP/ids" --today 2026-06-01 check
expect_rc 65 "audience id ../escape"
expect_err "escape.yaml:1:[0-9]*:" "audience id ../escape: positioned message"
run "$CASEBRIEF" -q --data "$TMP/ids" --templates "$TPL" --today 2026-06-01 build --all -f md -o "$TMP/idout"
expect_rc 65 "build with audience id ../escape"
rm -f "$TMP/ids/audiences/escape.yaml"

for bad in "../x" "/tmp/x" "a/b" ".." "x.md"; do
	rm -f "$TMP/ids/cases/evil.yaml"
	printf 'id: "%s"\n' "$bad" >"$TMP/ids/cases/evil.yaml"
	cat "$DATA/cases/pollen-cli.yaml" >>"$TMP/ids/cases/evil.yaml"
	run "$CASEBRIEF" --data "$TMP/ids" --today 2026-06-01 check
	expect_rc 65 "case id '$bad'"
done
rm -f "$TMP/ids/cases/evil.yaml"

# A file name that is not a valid id, with no id key.
cp "$DATA/audiences/latency.yaml" "$TMP/ids/audiences/..sneaky.yaml"
cp "$DATA/audiences/latency.yaml" "$TMP/ids/audiences/Up Case.yaml"
run "$CASEBRIEF" --data "$TMP/ids" --today 2026-06-01 check
expect_rc 65 "audience file names that are not ids"
rm -f "$TMP/ids/audiences/..sneaky.yaml" "$TMP/ids/audiences/Up Case.yaml"

# -a from the command line is matched against the data, never used as a path.
for bad in "../escape" "/tmp/escape" "latency/../../escape"; do
	run "$CASEBRIEF" -q --data "$TMP/ids" --templates "$TPL" --today 2026-06-01 build -a "$bad" -f md -o "$TMP/idout"
	[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && pass || fail "build -a '$bad': exit $rc"
done
[ ! -e "$TMP/escape.md" ] && [ ! -e /tmp/escape.md ] && pass || fail "a file was written outside the output directory"
[ -z "$(ls -A "$TMP/idout")" ] && pass || fail "unexpected files in the output directory: $(ls -A "$TMP/idout")"

# ---- unsafe links and raw HTML from data ------------------------------

# unsafe_html FILE WHAT: the HTML that GitHub would make of a Markdown file
# has no raw tag and no link other than http(s), mailto and #fragments.
unsafe_html() {
	cmark-gfm --unsafe -e table -e autolink -e strikethrough -e tasklist --to html "$1" >"$TMP/page.html"
	bad=$(grep -o -i -E '<(script|img|iframe|div|style|object|embed|svg|b|i|u)[ >][^>]*>?|(href|src)="[^"]*"' "$TMP/page.html" |
		grep -v -E '^(href|src)="(https?://|mailto:|#)')
	[ -z "$bad" ] && pass || fail "$2: unsafe output: $(echo "$bad" | head -n 5)"
}
# pdf_uris FILE WHAT: every /URI of the PDF is http(s) or mailto
pdf_uris() {
	if ! qpdf --qdf --object-streams=disable "$1" "$TMP/qdf.pdf" 2>"$TMP/qerr"; then
		fail "$2: qpdf cannot read the PDF: $(head -c 300 "$TMP/qerr")"
		return
	fi
	grep -a -o '/URI *([^)]*)' "$TMP/qdf.pdf" >"$TMP/uris"
	bad=$(grep -a -v -E '/URI *\((https?://|mailto:)' "$TMP/uris")
	[ -z "$bad" ] && pass || fail "$2: unsafe link annotations: $(echo "$bad" | head -n 5)"
	grep -a -q 'javascript\|/JavaScript\|/JS ' "$TMP/uris" && fail "$2: javascript in annotations" || pass
}

for a in evil latency; do
	d="$DATA"; [ "$a" = evil ] && d="$EVIL"
	run "$CASEBRIEF" -q --data "$d" --templates "$TPL" --today 2026-06-01 build -a "$a" -f md -o "$TMP/links"
	expect_rc 0 "hostile links: build -a $a"
	unsafe_html "$TMP/links/$a.md" "hostile links: $a.md"
done

# The Markdown brief, and a hostile Markdown file, through the typesetter.
run "$CASEBRIEF" -q render "$TMP/links/evil.md" -o "$TMP/links/evil-render.pdf"
expect_rc 0 "hostile links: render evil.md"
pdf_uris "$TMP/links/evil-render.pdf" "hostile links: render of evil.md"
grep -a -q '/URI' "$TMP/qdf.pdf" && pass || fail "hostile links: the safe links are missing from the PDF"
run "$CASEBRIEF" -q render "$TESTS_DIR/regress/hostile-links.md" -o "$TMP/links/hl.pdf"
expect_rc 0 "hostile links: render hostile-links.md"
pdf_uris "$TMP/links/hl.pdf" "hostile links: render of hostile-links.md"

# The PDF brief itself (build -f pdf).
run "$CASEBRIEF" -q --data "$EVIL" --templates "$TPL" --today 2026-06-01 build -a evil -f pdf -o "$TMP/pdfout"
expect_rc 0 "hostile links: build -f pdf"
pdf_uris "$TMP/pdfout/evil.pdf" "hostile links: evil.pdf"

finish
