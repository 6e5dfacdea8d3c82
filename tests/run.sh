#!/bin/sh
# Runs every unit-test binary and every command-line test script; prints one
# line per suite and a closing "N passed, N failed" line. Exit 1 on any failure.
# Usage: tests/run.sh [BUILD_DIR]   (the binary under test is $BUILD_DIR/casebrief)
BUILD=${1:-build}
export CASEBRIEF="${CASEBRIEF:-$PWD/$BUILD/casebrief}"
export TESTS_DIR="$PWD/tests"
export SHARED="${SHARED:-$PWD/../shared}"
pass=0
fail=0
log=$(mktemp)
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t" >"$log" 2>&1; then
		pass=$((pass + 1)); echo "ok   $(basename "$t") ($(tail -n 1 "$log"))"
	else
		fail=$((fail + 1)); echo "FAIL $(basename "$t")"; cat "$log"
	fi
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	if sh "$t" >"$log" 2>&1; then
		pass=$((pass + 1)); echo "ok   $(basename "$t") ($(tail -n 1 "$log"))"
	else
		fail=$((fail + 1)); echo "FAIL $(basename "$t")"; tail -n 40 "$log"
	fi
done
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
