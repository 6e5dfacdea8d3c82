#!/bin/sh
# Runs each libFuzzer harness for SECONDS (make fuzz does this).
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS [fuzz_NAME...]
# Seeds: tests/fuzz/corpus-<name>/ plus the test inputs listed below; new
# inputs go to BUILD_DIR/corpus/<name>/ (kept between runs), crashes,
# leaks and slow inputs to BUILD_DIR/artifacts/<name>/, the log to
# BUILD_DIR/<name>.log. Prints one line per harness with the executions and
# coverage from libFuzzer's last status line. Exit 1 when a harness failed.
# FUZZ_FLAGS adds libFuzzer options, e.g. "-fork=1 -ignore_crashes=1" to go
# on past a known crash and collect more.
BUILD=${1:-build-fuzz}
SECONDS_EACH=${2:-60}
shift 2 2>/dev/null
NAMES=${*:-$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')}
CASEBRIEF_FONTS=${CASEBRIEF_FONTS:-$PWD/fonts}
export CASEBRIEF_FONTS
fail=0

seeds() {
	case $1 in
	fuzz_load)
		echo tests/fuzz/corpus-fuzz_load data/cases data/audiences \
			tests/data tests/fixtures tests/bad tests/regress ;;
	fuzz_mustache)
		echo tests/fuzz/corpus-fuzz_mustache templates ;;
	fuzz_markdown_pdf)
		echo tests/fuzz/corpus-fuzz_markdown_pdf tests/golden tests/layout tests/regress ;;
	fuzz_font)
		echo tests/fuzz/corpus-fuzz_font ;;
	fuzz_image)
		echo tests/fuzz/corpus-fuzz_image tests/images/good tests/images/bad ;;
	esac
}

max_len() {
	case $1 in
	fuzz_load) echo 65536 ;;
	fuzz_markdown_pdf|fuzz_image) echo 32768 ;;
	fuzz_font) echo 65536 ;;
	*) echo 16384 ;;
	esac
}

for name in $NAMES; do
	bin="$BUILD/fuzz/$name"
	if [ ! -x "$bin" ]; then
		echo "$name: no binary $bin"; fail=1; continue
	fi
	mkdir -p "$BUILD/corpus/$name" "$BUILD/artifacts/$name"
	dirs=""
	for d in $(seeds "$name"); do
		[ -e "$d" ] && dirs="$dirs $d"
	done
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	log="$BUILD/$name.log"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=2048 \
		-max_len="$(max_len "$name")" -print_final_stats=1 $dict $FUZZ_FLAGS \
		-artifact_prefix="$BUILD/artifacts/$name/" \
		"$BUILD/corpus/$name" $dirs >"$log" 2>&1
	rc=$?
	end=$(date +%s)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	execs=$(grep '^stat::number_of_executed_units' "$log" | awk '{print $2}')
	echo "$name: exit $rc, $((end - start)) s, ${execs:-?} executions; $last"
	if [ "$rc" -ne 0 ]; then
		fail=1
		grep -E 'ERROR|SUMMARY|Test unit written|ALARM' "$log" | head -n 8
	fi
done
exit $fail
