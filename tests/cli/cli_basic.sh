#!/bin/sh
# Command-line basics: help, version, usage errors, exit codes, stdout
# hygiene, and the list/select output (tables and JSON) on a tiny data set
# written here, so that curating data/ never breaks these tests.
. "$TESTS_DIR/cli/lib.inc"
need python3

D="$TMP/data"
mkdir -p "$D/cases" "$D/audiences"
cat >"$D/tags.yaml" <<'YAML'
gc-latency:
  label: Garbage-collector pauses
  group: performance
small-team:
  label: "A \"small\" team \\ few people"
  group: organisation
YAML
cat >"$D/cases/alpha.yaml" <<'YAML'
company: "Acme \"Quoted\" \\ Café"
project: "Request\trouter"
kind: migration
from: [Go]
to: Rust
year: 2020
org:
  size: startup
summary: Acme moved its router.
drivers:
  - tag: gc-latency
    text: Pauses hurt the tail.
    source: a1
figures:
  - label: p99 latency
    value: 10 ms
    baseline: 100 ms
    source: a1
tags: [small-team]
sources:
  - id: a1
    title: How we moved
    url: https://example.com/a
    published: 2020-05
    verified: 2026-04
    kind: first-party
YAML
cat >"$D/cases/beta.yaml" <<'YAML'
company: Beta
project: Game engine
kind: rejection
to: Go
rejected: [Rust]
year: 2024
org:
  size: indie
summary: Beta tried and left.
drivers:
  - tag: small-team
    text: Too slow to iterate for two people.
sources:
  - id: b1
    title: Leaving
    url: https://example.com/b
    published: 2024
    verified: 2026-04
    kind: forum
YAML
cat >"$D/cases/gamma.yaml" <<'YAML'
company: Gamma
project: Platform
kind: adoption
to: Go
year: 2019
org:
  size: enterprise
summary: Gamma chose Go.
drivers:
  - tag: gc-latency
    text: Pauses were acceptable.
sources:
  - id: g1
    title: Choosing Go
    url: https://example.com/g
    published: 2019
    verified: 2026-04
    kind: talk
YAML
cat >"$D/audiences/small.yaml" <<'YAML'
title: Rust for small teams
audience: Founders
question: Should we use Rust?
subject: Rust
match:
  - org_size: [startup]
weights:
  tags: { gc-latency: 2 }
balance: 1
YAML
TODAY="--today 2026-05-01"

# help and version
run "$CASEBRIEF" --help
expect_rc 0 "--help"
for w in "Usage: casebrief" "Commands:" "Global options:" "Filters" "Exit codes:" \
	"--max-age" "--shard" "--dump-layout" "--org-size"; do
	expect_out "$w" "--help mentions $w"
done
[ ! -s "$err" ] && pass || fail "--help: stderr not empty"
run "$CASEBRIEF" -h
expect_rc 0 "-h"
run "$CASEBRIEF" --version
expect_rc 0 "--version"
[ "$(cat "$out")" = "casebrief 0.1.0" ] && pass || fail "--version prints '$(cat "$out")'"
run "$CASEBRIEF" list cases --version
expect_rc 0 "--version after a command"

# usage errors: exit 2, "casebrief: ..." and the Try line on stderr, nothing on stdout
usage() {
	what="$1"; shift
	run "$CASEBRIEF" "$@"
	expect_rc 2 "$what"
	expect_err "^casebrief: " "$what"
	expect_err "^Try 'casebrief help\( [a-z]*\)\?'.$" "$what"
	[ ! -s "$out" ] && pass || fail "$what: stdout not empty"
}
usage "month 13" --today 2026-13-01 check --data "$D"
usage "30 February" --today 2026-02-30 check --data "$D"
usage "29 February 2025" --today 2025-02-29 check --data "$D"
usage "not a date" --today yesterday check --data "$D"
usage "short date" --today 2026-5-1 check --data "$D"
usage "--since abc" --since abc list cases --data "$D"
usage "--until 20x" --until 20x list cases --data "$D"
usage "--since after --until" --since 2030 --until 2020 list cases --data "$D"
usage "--shard 3/2" --shard 3/2 build
usage "--shard 0/2" --shard 0/2 build
usage "--shard x" --shard x build
usage "-j 0" -j 0 build
usage "-j abc" -j abc build
usage "-j -1" -j -1 build
usage "--kind bad" --kind migrate list cases --data "$D"
usage "--org-size bad" --org-size huge list cases --data "$D"
usage "-f docx" -f docx build
usage "-f empty item" -f pdf, build
usage "--max-age x" check --max-age x --data "$D"
usage "unknown long option" --bogus
usage "unknown short option" -Z
usage "missing value" list cases --data
usage "bad audience id" select -a "../x" --data "$D"
usage "unknown command" frob
usage "list without what" list --data "$D"
usage "list unknown" list things --data "$D"
usage "list two things" list cases tags --data "$D"
usage "filters on list tags" list tags --kind migration --data "$D"
usage "select without -a" select --data "$D"
usage "select with two -a" select -a small -a other --data "$D"
usage "check with an argument" check extra --data "$D"
usage "render without a file" render
run "$CASEBRIEF" frob
expect_err "unknown command 'frob'" "unknown command names it"
run "$CASEBRIEF" buidl
expect_err "did you mean 'build'" "unknown command suggests"
run "$CASEBRIEF" list case --data "$D"
expect_err "did you mean 'cases'" "list subject suggests"
run "$CASEBRIEF" --kind migratio list cases --data "$D"
expect_err "did you mean 'migration'" "--kind suggests"

# SOURCE_DATE_EPOCH must be a number of seconds
run env SOURCE_DATE_EPOCH=abc "$CASEBRIEF" check --data "$D"
expect_rc 2 "bad SOURCE_DATE_EPOCH"
expect_err "SOURCE_DATE_EPOCH" "bad SOURCE_DATE_EPOCH named"

# write errors on stdout: exit 74
"$CASEBRIEF" --version >/dev/full 2>"$TMP/e"; rc=$?; err="$TMP/e"
expect_rc 74 "--version >/dev/full"
"$CASEBRIEF" --help >/dev/full 2>"$TMP/e"; rc=$?; err="$TMP/e"
expect_rc 74 "--help >/dev/full"
grep -q "write error" "$TMP/e" && pass || fail "/dev/full: no write error message"
"$CASEBRIEF" list cases --data "$D" >/dev/full 2>"$TMP/e"; rc=$?; err="$TMP/e"
expect_rc 74 "list cases >/dev/full"
[ "$(grep -c "write error" "$TMP/e")" -eq 1 ] && pass || fail "list >/dev/full: want one message, got: $(cat "$TMP/e")"
"$CASEBRIEF" select -a small --json --data "$D" >/dev/full 2>"$TMP/e"; rc=$?; err="$TMP/e"
expect_rc 74 "select --json >/dev/full"

# check
run "$CASEBRIEF" check --data "$D" $TODAY
expect_rc 0 "check on the tiny data set"
[ ! -s "$out" ] && pass || fail "check writes to stdout"
run "$CASEBRIEF" -v check --data "$D" $TODAY
expect_err "3 cases, 1 audiences, 2 tags" "check -v summary"
run "$CASEBRIEF" check --data "$TMP/no-such-dir" $TODAY
expect_rc 74 "check on a missing directory"

# invalid data: exit 65 with file:line:col, for every command that loads it
B="$TMP/bad"
cp -R "$D" "$B"
printf 'company: X\nprojcet: typo\n' >"$B/cases/bad.yaml"
for cmd in "check" "list cases" "select -a small"; do
	run "$CASEBRIEF" $cmd --data "$B" $TODAY
	expect_rc 65 "$cmd on invalid data"
	expect_err "cases/bad.yaml:[0-9]*:[0-9]*: " "$cmd on invalid data: position"
	[ ! -s "$out" ] && pass || fail "$cmd on invalid data: stdout not empty"
done

# no command: build every audience into ./out
mkdir -p "$TMP/work"
(cd "$TMP/work" && timeout 60 "$CASEBRIEF" --data "$D" --templates "$TESTS_DIR/../templates" \
	--fonts "$TESTS_DIR/../fonts" -f md $TODAY -q >"$TMP/o" 2>"$TMP/e"); rc=$?; err="$TMP/e"
expect_rc 0 "no command builds"
[ -s "$TMP/work/out/small.md" ] && pass || fail "no command: out/small.md missing"
[ ! -s "$TMP/o" ] && pass || fail "no command: stdout not empty"

# list: tables
run "$CASEBRIEF" list cases --data "$D"
expect_rc 0 "list cases"
expect_out "Go → Rust" "list cases shows the move"
expect_out "^alpha " "list cases shows ids"
expect_out "rejection" "list cases shows kinds"
expect_out "2024" "list cases shows years"
run "$CASEBRIEF" list audiences --data "$D"
expect_out "Rust for small teams" "list audiences"
run "$CASEBRIEF" list tags --data "$D"
expect_out "organisation" "list tags shows groups"
# options before the command, and filters
run "$CASEBRIEF" --data "$D" --kind rejection list cases
expect_out "^beta " "filter keeps beta"
expect_no_out "^alpha " "filter drops alpha"
run "$CASEBRIEF" list cases --data "$D" --tag no-such-tag
expect_rc 2 "unknown --tag"
expect_err "--tag: undefined tag 'no-such-tag'" "unknown --tag named"

# list: JSON
json_ok() {
	if python3 -m json.tool "$out" >/dev/null 2>"$TMP/jerr"; then pass
	else fail "$1: invalid JSON: $(cat "$TMP/jerr"); $(head -c 400 "$out")"; fi
}
pycheck() { # pycheck NAME PYTHON-EXPR-OVER-j
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$out" 2>/dev/null \
		&& pass || fail "$1: $(head -c 600 "$out")"
}
run "$CASEBRIEF" list cases --json --data "$D"
expect_rc 0 "list cases --json"
json_ok "list cases --json"
pycheck "list cases keys" "[list(c) for c in j] == [['id','company','project','kind','from','to','rejected','year','org_size','tags']]*3"
pycheck "list cases values" "j[0]['company'] == 'Acme \"Quoted\" \\\\ Café' and j[0]['project'] == 'Request\\trouter' and j[0]['from'] == ['Go'] and j[0]['tags'] == ['gc-latency','small-team'] and j[1]['to'] == 'Go' and j[1]['rejected'] == ['Rust'] and j[0]['year'] == 2020 and j[1]['org_size'] == 'indie'"
run "$CASEBRIEF" list cases --json --data "$D" --since 2021
pycheck "list cases --json --since" "[c['id'] for c in j] == ['beta']"
run "$CASEBRIEF" list cases --json --data "$D" --lang go --org-size enterprise --org-size startup
pycheck "list cases --json filters AND/OR" "[c['id'] for c in j] == ['alpha','gamma']"
run "$CASEBRIEF" list cases --json --data "$D" --kind adoption --kind rejection --until 2018
pycheck "list cases --json no match" "j == []"
run "$CASEBRIEF" list audiences --json --data "$D"
json_ok "list audiences --json"
pycheck "list audiences keys" "j == [{'id':'small','title':'Rust for small teams','subject':'Rust','question':'Should we use Rust?'}]"
run "$CASEBRIEF" list tags --json --data "$D"
json_ok "list tags --json"
pycheck "list tags keys" "[list(t) for t in j] == [['id','label','group']]*2 and j[1]['label'] == 'A \"small\" team \\\\ few people'"

# select
run "$CASEBRIEF" select -a small --data "$D"
expect_rc 0 "select"
expect_out "considered 3, selected 2, left out 1" "select counts"
expect_out "balance: against Rust" "select shows balance"
expect_out "no rule matched" "select shows why left out"
expect_out "rule 1: org size is startup" "select shows the rules"
run "$CASEBRIEF" select -a small --json --data "$D"
expect_rc 0 "select --json"
json_ok "select --json"
pycheck "select --json shape" "list(j) == ['audience','considered','selected','left_out'] and j['audience'] == 'small' and j['considered'] == 3"
pycheck "select --json selected" "[list(s) for s in j['selected']] == [['id','company','score','stance','why','grade','figures']]*2 and [s['id'] for s in j['selected']] == ['alpha','beta'] and j['selected'][0]['score'] == 2 and j['selected'][0]['stance'] == 'for' and j['selected'][1]['stance'] == 'against' and j['selected'][1]['why'] == 'balance: against Rust'"
pycheck "select --json left_out" "j['left_out'] == [{'id':'gamma','why':'no rule matched'}]"
run "$CASEBRIEF" select -a small --json --data "$D" --kind adoption
pycheck "balance survives filters" "[s['id'] for s in j['selected']] == ['beta'] and j['left_out'] == [{'id':'alpha','why':'filtered out by --kind'},{'id':'gamma','why':'no rule matched'}]"
run "$CASEBRIEF" select -a smal --data "$D"
expect_rc 2 "select unknown audience"
expect_err "unknown audience 'smal' (did you mean 'small'?)" "select suggests an audience"
[ ! -s "$out" ] && pass || fail "unknown audience: stdout not empty"
# every command looks audiences and tags up the same way
run "$CASEBRIEF" build -a smal -f md --data "$D" -o "$TMP/hint"
expect_rc 2 "build unknown audience"
expect_err "unknown audience 'smal' (did you mean 'small'?)" "build suggests the same audience"
run "$CASEBRIEF" build -a small -f md --data "$D" -o "$TMP/hint" --tag no-such-tag
expect_rc 2 "build with an unknown --tag"
expect_err "--tag: undefined tag 'no-such-tag'" "build names the unknown --tag"

# deterministic
"$CASEBRIEF" select -a small --json --data "$D" >"$TMP/s1" 2>/dev/null
"$CASEBRIEF" select -a small --json --data "$D" >"$TMP/s2" 2>/dev/null
cmp -s "$TMP/s1" "$TMP/s2" && pass || fail "select --json differs between runs"

finish
