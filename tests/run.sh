#!/bin/sh
# Runs every unit-test binary (each test of it alone too) and every
# command-line test script; prints one line per suite and a closing
# "N passed, N failed" line. Exit 1 on any failure.
#
# Usage: tests/run.sh [BUILD_DIR [TEXT]]
#   The binary under test is $BUILD_DIR/casebrief (or $CASEBRIEF).
#   TEXT: only the suites whose names contain TEXT, and the unit tests
#   whose names contain it (make test T=TEXT).
#
# `make test` rebuilds the binaries first. This script refuses to run when
# a binary is missing or older than one of its sources, so that running it
# by hand after an edit cannot test the old code.
BUILD=${1:-build}
ONLY=${2:-}
export CASEBRIEF="${CASEBRIEF:-$PWD/$BUILD/casebrief}"
export TESTS_DIR="$PWD/tests"

if [ ! -d tests/unit ] || [ ! -d src ]; then
	echo "tests/run.sh: run it from the top of the source tree" >&2
	exit 2
fi

# older_than BIN PATTERN PATH...: the first file named PATTERN under PATH
# that is newer than BIN, or "BIN is missing"; a unit test binary is not
# linked with src/cli/main.c (the Makefile's LIB_OBJ), so $skip names it
older_than() {
	bin="$1"; pat="$2"; shift 2
	if [ ! -e "$bin" ]; then
		echo "$bin is missing"
		return
	fi
	newer=$(find "$@" -type f -name "$pat" ! -path "${skip:-/}" -newer "$bin" 2>/dev/null | head -n 1)
	[ -z "$newer" ] || echo "$bin is older than $newer"
}
stale=$(older_than "$BUILD/casebrief" '*.[ch]' src)
for page in casebrief.1 casebrief-data.5 casebrief-templates.7; do
	[ -n "$stale" ] || stale=$(older_than "$BUILD/$page" '*.md' "src/doc/$page.md")
done
for src in tests/unit/test_*.c; do
	[ -n "$stale" ] && break
	stale=$(skip=src/cli/main.c older_than "$BUILD/tests/$(basename "$src" .c)" '*.[ch]' "$src" tests/unit/t.h tests/unit/ctx_path.h src)
done
if [ -n "$stale" ]; then
	echo "tests/run.sh: $stale: run the tests through make (make test, make asan, make ubsan), which rebuilds first" >&2
	exit 2
fi

pass=0
fail=0
log=$(mktemp)
one=$(mktemp)
names=$(mktemp)
lone=$(mktemp)
trap 'rm -f "$log" "$one" "$names" "$lone"' EXIT

# ok NAME SUMMARY / bad NAME: one line per suite
ok() { pass=$((pass + 1)); echo "ok   $1 ($2)"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# notes: the NOTE lines of a suite that passed (what it could not check here)
notes() { grep '^NOTE' "$log" | sed 's/^/     /'; }

# alone BIN: runs each test of BIN by itself (a test that only passes
# after another has run fails here); prints the failures
alone() {
	count=0
	while IFS= read -r test; do
		count=$((count + 1))
		"$1" "$test" >"$one" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "  run alone, '$test' fails (exit $rc):"
			tail -n 20 "$one" | sed 's/^/    /'
		fi
	done <"$names"
	[ "$count" -gt 0 ] || echo "  it has no named tests (TEST blocks)"
}

for src in tests/unit/test_*.c; do
	name=$(basename "$src" .c)
	t="$BUILD/tests/$name"
	filter=
	if [ -n "$ONLY" ]; then
		case "$name" in
		*"$ONLY"*) ;;
		*)
			"$t" --list 2>/dev/null | grep -qF -- "$ONLY" || continue
			filter=$ONLY
			;;
		esac
	fi
	if [ -n "$filter" ]; then
		"$t" "$filter" >"$log" 2>&1
	else
		"$t" >"$log" 2>&1
	fi
	rc=$?
	if [ "$rc" -ne 0 ]; then
		bad "$name (exit $rc)"; cat "$log"
		continue
	fi
	summary=$(tail -n 1 "$log")
	if [ -z "$filter" ]; then
		"$t" --list >"$names" 2>/dev/null
		alone "$t" >"$lone"
		if [ -s "$lone" ]; then
			bad "$name"; cat "$lone"
			continue
		fi
		summary="$summary; each alone too"
	fi
	ok "$name" "$summary"
done
for t in tests/cli/*.sh; do
	name=$(basename "$t")
	case "$name" in *"$ONLY"*) ;; *) continue ;; esac
	sh "$t" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "$name" "$(tail -n 1 "$log")"; notes
	else
		bad "$name (exit $rc)"; tail -n 40 "$log"
	fi
done
if [ $((pass + fail)) -eq 0 ]; then
	echo "no suite or unit test name contains '$ONLY'"
	exit 1
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
