#!/bin/sh
# Inputs that once crashed or hung a harness (tests/fuzz/) or the program,
# replayed through the command line: tests/regress/*.md are rendered to a
# PDF; every tests/regress/data-*/ directory is checked and built. Each
# must end with a proper exit code (never a signal) within the time limit.
# Run under `make asan` / `make ubsan` to catch memory errors that do not
# crash a plain build.
. "$TESTS_DIR/cli/lib.inc"

R="$TESTS_DIR/regress"
TPL="$TESTS_DIR/../templates"
LIMIT=20
case "$CASEBRIEF" in *valgrind*|*asan*|*ubsan*) LIMIT=300 ;; esac

# ok_rc NAME ALLOWED...: $rc is one of ALLOWED
ok_rc() {
	name="$1"; shift
	for want in "$@"; do
		[ "$rc" -eq "$want" ] && { pass; return; }
	done
	fail "$name: exit $rc (want one of $*): $(tail -c 800 "$err")"
}

for f in "$R"/*.md; do
	[ -f "$f" ] || continue
	out="$TMP/out"; err="$TMP/err"
	timeout "$LIMIT" "$CASEBRIEF" -q render "$f" -o "$TMP/r.pdf" >"$out" 2>"$err"
	rc=$?
	ok_rc "render $(basename "$f")" 0
	timeout "$LIMIT" "$CASEBRIEF" -q render "$f" --dump-layout >"$out" 2>"$err"
	rc=$?
	ok_rc "render --dump-layout $(basename "$f")" 0
done

for d in "$R"/data-*/; do
	[ -d "$d" ] || continue
	name=$(basename "$d")
	out="$TMP/out"; err="$TMP/err"
	timeout "$LIMIT" "$CASEBRIEF" -q --data "$d" --today 2026-06-01 check >"$out" 2>"$err"
	rc=$?
	ok_rc "check $name" 0 65
	timeout "$LIMIT" "$CASEBRIEF" -q --data "$d" --templates "$TPL" --today 2026-06-01 \
		build --all -o "$TMP/b-$name" >"$out" 2>"$err"
	rc=$?
	ok_rc "build $name" 0 1 65
done

finish
