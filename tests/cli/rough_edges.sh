#!/bin/sh
# What a new user running casebrief on their own data hit, one check each:
# check --json, -o FILE.pdf, a templates directory with one template, a
# data set without audiences, per-command help, render -, tabs and file
# names in YAML, -v and the data beside the binary, the man page's
# examples, one exit code for missing paths, chart warnings, --option.
. "$TESTS_DIR/cli/lib.inc"
need python3 pdfinfo bash

ROOT=$(cd "$TESTS_DIR/.." && pwd)
DATA="$TESTS_DIR/data/brief"
TPL="$ROOT/templates"
TODAY="--today 2026-06-01"
json() { python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

# --- check --json: the diagnostics as JSON, for CI --------------------------
D="$TMP/data"
cp -R "$DATA" "$D"
printf 'company: X\nprojct: typo\n' >"$D/cases/typo.yaml"
run "$CASEBRIEF" --data "$D" check --json $TODAY
expect_rc 65 "check --json on invalid data"
[ ! -s "$err" ] && pass || fail "check --json writes to stderr: $(head -c 300 "$err")"
json "$out" "j['errors'] > 0 and j['data'] == '$D'" | grep -qx True && pass || fail "check --json: counts"
json "$out" "[d for d in j['diagnostics'] if d['message'] == \"unknown key 'projct'\"][0]" >"$TMP/d"
grep -q "'line': 2, 'column': 1, 'severity': 'error'" "$TMP/d" && pass || fail "check --json: position: $(cat "$TMP/d")"
grep -q "'hint': \"did you mean 'project'?\"" "$TMP/d" && pass || fail "check --json: the hint apart: $(cat "$TMP/d")"
grep -q "'file': '$D/cases/typo.yaml'" "$TMP/d" && pass || fail "check --json: file: $(cat "$TMP/d")"
json "$out" "all(set(d) == {'file', 'line', 'column', 'severity', 'message', 'hint'} for d in j['diagnostics'])" |
	grep -qx True && pass || fail "check --json: every diagnostic has the six keys"
run "$CASEBRIEF" --data "$DATA" check --json $TODAY
expect_rc 0 "check --json on valid data"
json "$out" "(j['errors'], j['cases'], j['audiences'])" | grep -qx "(0, 8, 2)" && pass ||
	fail "check --json, valid: $(head -c 300 "$out")"
"$CASEBRIEF" --data "$DATA" check --json $TODAY >/dev/full 2>"$TMP/e"; rc=$?
expect_rc 74 "check --json >/dev/full"

# --- -o FILE.pdf / FILE.md --------------------------------------------------
cd "$TMP" || exit 1
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" $TODAY -q build -a latency -o cfo-brief.pdf
expect_rc 0 "-o cfo-brief.pdf"
[ -f cfo-brief.pdf ] && pass || fail "-o cfo-brief.pdf: not a file"
pdfinfo cfo-brief.pdf >/dev/null 2>&1 && pass || fail "-o cfo-brief.pdf: not a PDF"
[ ! -e cfo-brief.md ] && pass || fail "-o cfo-brief.pdf also wrote the Markdown"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" $TODAY -q build -a latency -o sub/dir/wiki.md --json
expect_rc 0 "-o sub/dir/wiki.md"
[ -f sub/dir/wiki.md ] && head -1 sub/dir/wiki.md | grep -q '^# ' && pass || fail "-o wiki.md: no Markdown file"
json "$out" "j['briefs'][0]['files']" | grep -q "sub/dir/wiki.md" && pass || fail "-o FILE: summary names the file"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" $TODAY -q build -a latency -f md -o brief.md
expect_rc 0 "-f md -o brief.md"
for bad in "-a latency -a small-teams -o two.pdf" "-a latency -f md -o x.pdf" \
	"-a latency -f pdf,md -o x.pdf" "--all -o all.md" "-a latency -o .pdf"; do
	run "$CASEBRIEF" --data "$DATA" --templates "$TPL" $TODAY build $bad
	expect_rc 2 "build $bad"
	[ ! -e two.pdf ] && [ ! -e x.pdf ] && [ ! -e all.md ] && pass || fail "build $bad wrote something"
done
mkdir briefs.pdf
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" $TODAY -q build -a latency -f md -o briefs.pdf
expect_rc 0 "-o an existing directory named like a file"
[ -f briefs.pdf/latency.md ] && pass || fail "-o existing dir: brief not in it"
cd "$ROOT" || exit 1

# --- a templates directory with only brief.md.mustache -----------------------
mkdir "$TMP/one"
cp "$TPL/brief.md.mustache" "$TMP/one/"
run "$CASEBRIEF" --data "$DATA" --templates "$TMP/one" $TODAY build -a latency -f md -o "$TMP/o1"
expect_rc 1 "only brief.md.mustache"
expect_err "one/brief.md.mustache:[0-9]*:[0-9]*: no such partial '" "missing partial: an error at its tag"
expect_err "one/[a-z]*.md.mustache: no such file" "missing partial: the file named"
[ ! -e "$TMP/o1/latency.md" ] && pass || fail "missing partial: a brief was written"
rm "$TMP/one/brief.md.mustache"
run "$CASEBRIEF" --data "$DATA" --templates "$TMP/one" $TODAY build -a latency -f md -o "$TMP/o1"
expect_rc 74 "no brief.md.mustache"
expect_err "brief.md.mustache: cannot read" "no brief.md.mustache: named"

# --- a data set without audiences ---------------------------------------------
N="$TMP/noaud"
mkdir -p "$N"
cp -R "$DATA/cases" "$DATA/tags.yaml" "$N/"
run "$CASEBRIEF" --data "$N" --templates "$TPL" $TODAY build --all -o "$TMP/o2"
expect_rc 65 "build --all without audiences"
expect_err "no audience" "build --all without audiences says so"
run "$CASEBRIEF" --data "$N" --templates "$TPL" $TODAY
expect_rc 65 "no command, no audiences"

# --- help ------------------------------------------------------------------------
for cmd in build render check list select init help; do
	run "$CASEBRIEF" help "$cmd"
	expect_rc 0 "help $cmd"
	expect_out "^Usage: casebrief $cmd" "help $cmd prints its usage"
	run "$CASEBRIEF" "$cmd" --help
	expect_rc 0 "$cmd --help"
	expect_out "^Usage: casebrief $cmd" "$cmd --help prints its usage"
done
run "$CASEBRIEF" help
expect_rc 0 "help"
expect_out "^Commands:" "help prints the overview"
run "$CASEBRIEF" help buidl
expect_rc 2 "help on an unknown command"
expect_err "did you mean 'build'" "help on an unknown command suggests"
run "$CASEBRIEF" build -j 0
expect_err "^Try 'casebrief help build'.$" "a usage error points at the command's help"

# --- render - ----------------------------------------------------------------------
printf '# From a pipe\n\nSome text.\n' >"$TMP/in.md"
export SOURCE_DATE_EPOCH=1780000000
timeout 60 "$CASEBRIEF" render - <"$TMP/in.md" >"$TMP/stdin.pdf" 2>"$TMP/e"; rc=$?; err="$TMP/e"
expect_rc 0 "render - > FILE"
pdfinfo "$TMP/stdin.pdf" 2>/dev/null | grep -q "^Title: *From a pipe" && pass || fail "render -: PDF from stdin"
timeout 60 "$CASEBRIEF" render - -o "$TMP/stdin2.pdf" <"$TMP/in.md" 2>"$TMP/e"; rc=$?
expect_rc 0 "render - -o FILE"
cmp -s "$TMP/stdin.pdf" "$TMP/stdin2.pdf" && pass || fail "render -: -o and stdout differ"
printf '# Chart\n\n```chart\nkind: pie\ncategories: [a]\nseries: [{values: [1]}]\n```\n' |
	timeout 60 "$CASEBRIEF" render - -o "$TMP/c.pdf" 2>"$TMP/e"; rc=$?; err="$TMP/e"
expect_rc 0 "render - with a bad chart"
expect_err "^casebrief: <stdin>:4:7: warning: kind must be one of bar, timeline" "render -: chart warning placed in <stdin>"

# --- a malformed chart is a warning with file:line ------------------------------------
printf '# Chart\n\n```chart\ncategories: [a, b]\nseries: [{values: [1]}]\n```\n' >"$TMP/chart.md"
run "$CASEBRIEF" render "$TMP/chart.md" -o "$TMP/chart.pdf"
expect_rc 0 "render with a malformed chart"
expect_err "^casebrief: $TMP/chart.md:5:[0-9]*: warning: " "malformed chart: warning with file:line"

# --- YAML: tabs, tags.yml, .YAML ------------------------------------------------------------
Y="$TMP/yaml"
cp -R "$DATA" "$Y"
printf 'gc-latency:\n\tlabel: Pauses\n' >"$Y/tags.yaml"
run "$CASEBRIEF" --data "$Y" check $TODAY
expect_rc 65 "tab-indented tags.yaml"
expect_err "tags.yaml:2:1: invalid yaml: a tab character" "a tab is named"
cp "$DATA/tags.yaml" "$Y/tags.yml"
rm "$Y/tags.yaml"
run "$CASEBRIEF" --data "$Y" check $TODAY
expect_rc 0 "tags.yml"
cp "$DATA/tags.yaml" "$Y/tags.yaml"
run "$CASEBRIEF" --data "$Y" check $TODAY
expect_rc 65 "tags.yaml and tags.yml"
expect_err "tags.yaml and tags.yml are one file under two names" "two names for tags"
rm "$Y/tags.yml"
mv "$Y/cases/ferrous-chat.yaml" "$Y/cases/ferrous-chat.YAML"
run "$CASEBRIEF" -v --data "$Y" check $TODAY
expect_rc 0 "a case named .YAML"
expect_err "8 cases" "a case named .YAML is loaded"

# --- -v: which data, templates and fonts; the data beside the binary --------------------
run "$CASEBRIEF" -v --data "$DATA" --templates "$TPL" $TODAY build -a latency -f md -o "$TMP/o3"
expect_err "^casebrief: data set: $DATA (given)" "-v names the data set"
expect_err "^casebrief: templates: $TPL (given)" "-v names the templates"
cd "$TMP" || exit 1
mkdir -p empty && cd empty || exit 1
run "$CASEBRIEF" -v check $TODAY
expect_rc 0 "check with no ./data: the data beside the binary"
case $CASEBRIEF in
*/build*/casebrief)
	top=$(cd "$(dirname "$CASEBRIEF")/.." && pwd -P)
	expect_err "^casebrief: data set: $top/data (the source tree the binary was built in)" \
		"-v says the data comes from the source tree, as a plain path (no build/..)" ;;
*) pass ;;
esac
# bash completion asks the same binary without --data, so it finds that data too
mkdir -p "$TMP/bin"
ln -sf "$CASEBRIEF" "$TMP/bin/casebrief"
got=$(PATH="$TMP/bin:$PATH" bash -c '
	. "$1"
	COMP_WORDS=(casebrief build -a ""); COMP_CWORD=3
	_casebrief; echo "${COMPREPLY[*]}"' sh "$ROOT/src/doc/casebrief.bash" 2>&1)
echo "$got" | grep -qw startups && pass || fail "completion of -a without --data: '$got'"
got=$(PATH="$TMP/bin:$PATH" bash -c '
	. "$1"
	COMP_WORDS=(casebrief --data "$2" select -a ""); COMP_CWORD=5
	_casebrief; echo "${COMPREPLY[*]}"' sh "$ROOT/src/doc/casebrief.bash" "$DATA" 2>&1)
[ "$got" = "latency small-teams" ] && pass || fail "completion of -a with --data: '$got'"
got=$(bash -c '. "$1"; COMP_WORDS=(casebrief he); COMP_CWORD=1; _casebrief; echo "${COMPREPLY[*]}"' \
	sh "$ROOT/src/doc/casebrief.bash")
[ "$got" = "help" ] && pass || fail "completion of commands: '$got'"
cd "$ROOT" || exit 1

# --- the man page's examples name audiences that exist -----------------------------------
for id in $(sed -n 's/.*-a \([a-z0-9-]*\).*/\1/p; s/^ *- audience: \([a-z0-9-]*\).*/\1/p' \
	"$ROOT/src/doc/casebrief.1.md" | sort -u); do
	[ "$id" = platform-leads ] && continue # the starter data set's (init)
	[ -f "$ROOT/data/audiences/$id.yaml" ] && pass || fail "casebrief.1 uses audience '$id', which data/ lacks"
done

# --- one exit code for what is missing: 74 ---------------------------------------------
run "$CASEBRIEF" --data "$TMP/nope" check
expect_rc 74 "--data missing"
expect_err "^casebrief: --data $TMP/nope: No such file or directory" "--data missing: named"
run "$CASEBRIEF" --data "$DATA" --templates "$TMP/nope" build -a latency -o "$TMP/o4"
expect_rc 74 "--templates missing"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" --fonts "$TMP/nope" build -a latency -o "$TMP/o4"
expect_rc 74 "--fonts missing"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" --manifest "$TMP/nope.yaml" build -o "$TMP/o4"
expect_rc 74 "--manifest missing"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" --style "$TMP/nope.yaml" build -a latency -o "$TMP/o4"
expect_rc 74 "--style missing"
run "$CASEBRIEF" render "$TMP/nope.md"
expect_rc 74 "render: the file missing"
run "$CASEBRIEF" --data "$DATA/tags.yaml" check
expect_rc 74 "--data names a file"
expect_err "not a directory" "--data names a file: said"
cd "$TMP/empty" || exit 1
run env -u CASEBRIEF_UNUSED sh -c 'cd / && exec "$0" --templates /nonexistent -q build -a x' "$CASEBRIEF"
expect_rc 74 "--templates missing from /"
cd "$ROOT" || exit 1

# --- --option, and its other name --lang ---------------------------------------------------
run "$CASEBRIEF" --data "$DATA" list cases --option Go --json
expect_rc 0 "--option"
cp "$out" "$TMP/opt.json"
run "$CASEBRIEF" --data "$DATA" list cases --lang Go --json
cmp -s "$out" "$TMP/opt.json" && pass || fail "--lang and --option differ"
json "$TMP/opt.json" "len(j) > 0" | grep -qx True && pass || fail "--option Go selects nothing"
printf -- '- audience: latency\n  filters: { option: Go }\n- audience: small-teams\n  filters: { lang: Go }\n' >"$TMP/m.yaml"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" $TODAY -q build --manifest "$TMP/m.yaml" -f md -o "$TMP/o5"
expect_rc 0 "manifest filters: option and lang"
printf -- '- audience: latency\n  filters: { option: Go, lang: Go }\n' >"$TMP/m2.yaml"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" --manifest "$TMP/m2.yaml" build -f md -o "$TMP/o5"
expect_rc 65 "manifest: option and lang together"
expect_err "one filter under two names" "manifest: option and lang together: said"
printf -- '- audience: latency\n  filters: { languages: Go }\n' >"$TMP/m3.yaml"
run "$CASEBRIEF" --data "$DATA" --templates "$TPL" --manifest "$TMP/m3.yaml" build -f md -o "$TMP/o5"
expect_err "unknown key 'languages' in 'filters' (did you mean 'lang'?)" "manifest: a hint for languages"
A="$TMP/aud"
cp -R "$DATA" "$A"
sed -i 's/^  - tags: \[/  - lang: [Go]\n    tags: [/' "$A/audiences/latency.yaml"
run "$CASEBRIEF" --data "$A" check $TODAY
expect_rc 65 "rule key lang"
expect_err "unknown key 'lang' (did you mean '" "rule key lang: a hint"
finish
