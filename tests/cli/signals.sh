#!/bin/sh
# Batches under pressure: many threads writing at once (file modes must
# follow the umask), SIGTERM and SIGINT at random moments (exit 143 or
# 130, a summary, no temporary left, every file its whole old or whole new
# version, a brief's files of one version), SIGKILL followed by a run that
# removes the dead temporaries (and never the live ones of a run beside
# it), and a brief whose PDF cannot be written (a full disk, a directory
# in the way) leaving its old files untouched. The signal runs are
# tests/cli/interrupt.py.
. "$TESTS_DIR/cli/lib.inc"
need python3

ROOT=$(cd "$TESTS_DIR/.." && pwd)
DATA="$TESTS_DIR/data/brief"
TPL="$ROOT/templates"
FONTS="$ROOT/fonts"
SOURCE_DATE_EPOCH=1780272000
export SOURCE_DATE_EPOCH
MOUNTS=""
cleanup() {
	for m in $MOUNTS; do umount "$m" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

cb() { "$CASEBRIEF" -q --data "$DATA" --templates "$TPL" --fonts "$FONTS" "$@"; }

# manifest FILE N EVERY: N jobs job0000..., every EVERY-th with a PDF too
manifest() {
	awk -v n="$2" -v every="$3" 'BEGIN {
		for (i = 0; i < n; i++) {
			printf "- audience: %s\n  output: job%04d\n", (i % 2 ? "latency" : "small-teams"), i
			printf "  formats: [%s]\n", (i % every ? "md" : "md, pdf")
		}
	}' >"$1"
}
# temps DIR: the temporaries in DIR, on one line
temps() { ls -A "$1" 2>/dev/null | grep 'tmp' | tr '\n' ' '; }

# ---- many threads, a restrictive umask -------------------------------------

# Each run's files (and the directory it makes) must have exactly the mode
# the umask gives: the umask was once set to 0 and back around every file,
# and two threads interleaving left it at 0 (files 0666).
manifest "$TMP/many.yaml" 300 10
for mask in 027 077 027 077; do
	d="$TMP/modes-$mask"
	rm -rf "$d"
	( umask $mask; cb --today 2026-06-01 build --manifest "$TMP/many.yaml" -j 16 -o "$d" ) 2>"$TMP/err"
	rc=$?; err="$TMP/err"
	expect_rc 0 "300 briefs at -j 16, umask $mask"
	want=$(printf '%o' $((0666 & ~0$mask)))
	wantd=$(printf '%o' $((0777 & ~0$mask)))
	n=$(find "$d" -type f | wc -l)
	[ "$n" -eq 330 ] && pass || fail "umask $mask: $n files, want 330"
	bad=$(find "$d" -type f ! -perm "$want" | head -n 3)
	[ -z "$bad" ] && pass || fail "umask $mask: files not $want: $(stat -c '%a %n' $bad)"
	[ "$(stat -c %a "$d")" = "$wantd" ] && pass || fail "umask $mask: directory mode $(stat -c %a "$d"), want $wantd"
	[ -z "$(temps "$d")" ] && pass || fail "umask $mask: temporaries left: $(temps "$d")"
done

# ---- signals -------------------------------------------------------------------

mkdir -p "$TMP/sig"
manifest "$TMP/sig/jobs.yaml" 24 4
timeout 300 python3 "$TESTS_DIR/cli/interrupt.py" "$CASEBRIEF" "$DATA" "$TPL" "$FONTS" "$TMP/sig" \
	>"$TMP/py.out" 2>"$TMP/py.err"
rc=$?
[ "$rc" -eq 0 ] && pass || fail "interrupt.py: exit $rc: $(tail -c 600 "$TMP/py.err")"
while IFS= read -r line; do
	case "$line" in
	PASS) pass ;;
	FAIL:*) fail "${line#FAIL: }" ;;
	NOTE:*) echo "$line" ;;
	esac
done <"$TMP/py.out"
grep -q PASS "$TMP/py.out" && pass || fail "interrupt.py made no check"

# ---- a brief whose PDF cannot be written -----------------------------------------

# same FILE COPY WHAT
same() { cmp -s "$1" "$2" && pass || fail "$3: $(basename "$1") changed"; }
# old_brief DIR: the latency brief of 2026-05-01, both files, kept in $TMP/old.*
old_brief() {
	cb --today 2026-05-01 build -a latency -o "$1" 2>/dev/null
	cp "$1/latency.md" "$TMP/old.md"
	cp "$1/latency.pdf" "$TMP/old.pdf"
}

# A directory where the PDF goes: the Markdown must not be replaced either.
old_brief "$TMP/dirpdf"
rm "$TMP/dirpdf/latency.pdf"
mkdir "$TMP/dirpdf/latency.pdf"
run "$CASEBRIEF" -q --data "$DATA" --templates "$TPL" --fonts "$FONTS" --today 2026-06-01 \
	build -a latency --json -o "$TMP/dirpdf"
expect_rc 74 "a directory where the PDF goes"
expect_err "latency.pdf" "a directory where the PDF goes: the message names it"
same "$TMP/dirpdf/latency.md" "$TMP/old.md" "a directory where the PDF goes"
[ -z "$(temps "$TMP/dirpdf")" ] && pass || fail "a directory where the PDF goes: temporaries: $(temps "$TMP/dirpdf")"
grep -q '"status": "failed"' "$out" && grep -q '"files": \[\]' "$out" && pass ||
	fail "a directory where the PDF goes: summary: $(cat "$out")"

# A file system with room for the new Markdown but not for the new PDF.
mkdir -p "$TMP/probe"
if mount -t tmpfs -o size=64k tmpfs "$TMP/probe" 2>/dev/null; then
	umount "$TMP/probe"
	FULL="$TMP/full"
	mkdir -p "$FULL"
	old_brief "$TMP/ref"
	mdsize=$(wc -c <"$TMP/old.md")
	pdfsize=$(wc -c <"$TMP/old.pdf")
	mount -t tmpfs -o size=$(( (mdsize + pdfsize) * 4 )) tmpfs "$FULL" && MOUNTS="$FULL $MOUNTS"
	cp "$TMP/old.md" "$FULL/latency.md"
	cp "$TMP/old.pdf" "$FULL/latency.pdf"
	avail=$(df -B 4096 --output=avail "$FULL" | tail -n 1)
	room=$(( (mdsize + 4095) / 4096 + 2 ))   # the new Markdown and a little more
	dd if=/dev/zero of="$FULL/fill" bs=4096 count=$((avail - room)) 2>/dev/null
	run "$CASEBRIEF" -q --data "$DATA" --templates "$TPL" --fonts "$FONTS" --today 2026-06-01 \
		build -a latency --json -o "$FULL"
	expect_rc 74 "a full disk in the middle of a brief"
	expect_err "latency.pdf: write error" "a full disk: the PDF is the file that failed"
	same "$FULL/latency.md" "$TMP/old.md" "a full disk in the middle of a brief"
	same "$FULL/latency.pdf" "$TMP/old.pdf" "a full disk in the middle of a brief"
	[ -z "$(temps "$FULL")" ] && pass || fail "a full disk: temporaries left: $(temps "$FULL")"
	# with room again, the brief is written
	rm -f "$FULL/fill"
	run "$CASEBRIEF" -q --data "$DATA" --templates "$TPL" --fonts "$FONTS" --today 2026-06-01 \
		build -a latency -o "$FULL"
	expect_rc 0 "the same brief with room"
	! cmp -s "$FULL/latency.md" "$TMP/old.md" && ! cmp -s "$FULL/latency.pdf" "$TMP/old.pdf" && pass ||
		fail "the same brief with room: old files remain"
else
	echo "NOTE: mount -t tmpfs is not permitted here: the full-disk case is skipped"
fi

finish
