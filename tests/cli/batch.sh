#!/bin/sh
# Batch builds: --all and repeated -a, -j N (same bytes as -j 1), the
# --json summary, --shard K/N (shards together = every brief once),
# --manifest (several briefs of one audience, validation at file:line:col,
# exit 65), a failed brief (listed with its error, the others written,
# exit 1), the progress line (only on a terminal) and -q.
. "$TESTS_DIR/cli/lib.inc"

ROOT=$(cd "$TESTS_DIR/.." && pwd)
TPL="$ROOT/templates"
SOURCE_DATE_EPOCH=1780272000
export SOURCE_DATE_EPOCH
# Several briefs make threads meet: the shipped data.
DATA="$ROOT/data"
need python3 pdfinfo script
CB="$TMP/cb"
printf '#!/bin/sh\nexec "%s" --data "%s" --templates "%s" --today 2026-06-01 "$@"\n' \
	"$CASEBRIEF" "$DATA" "$TPL" >"$CB"
chmod +x "$CB"
SMALL="$TMP/cbs"   # the small test data set, for the manifests
printf '#!/bin/sh\nexec "%s" --data "%s" --templates "%s" --today 2026-06-01 "$@"\n' \
	"$CASEBRIEF" "$TESTS_DIR/data/brief" "$TPL" >"$SMALL"
chmod +x "$SMALL"
AUDS=$(ls "$DATA/audiences" | sed -n 's/\.yaml$//p' | sort)
NAUD=$(echo "$AUDS" | wc -l)

# json FILE EXPR: evaluates a Python expression over the parsed summary `j`
json() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2"
}

# --- build --all -j 2 --json -------------------------------------------------
run "$CB" build --all -j 2 --json -o "$TMP/j2"
expect_rc 0 "build --all -j 2 --json"
cp "$out" "$TMP/sum.json"
[ ! -s "$err" ] && pass || fail "stderr is not a terminal: want it empty, got: $(head -c 300 "$err")"
for a in $AUDS; do
	[ -s "$TMP/j2/$a.md" ] && [ -s "$TMP/j2/$a.pdf" ] && pass || fail "-j 2: $a.md or $a.pdf missing"
done
python3 -m json.tool "$TMP/sum.json" >/dev/null && pass || fail "--json is not valid JSON: $(head -c 300 "$TMP/sum.json")"
[ "$(json "$TMP/sum.json" "' '.join(sorted(b['id'] for b in j['briefs']))")" = "$(echo $AUDS)" ] &&
	pass || fail "summary ids: $(json "$TMP/sum.json" "[b['id'] for b in j['briefs']]")"
[ "$(json "$TMP/sum.json" "(j['ok'], j['failed'])")" = "($NAUD, 0)" ] && pass || fail "ok/failed counts"
[ "$(json "$TMP/sum.json" "all(b['status'] == 'ok' and b['error'] is None and len(b['files']) == 3 and b['pages'] > 2 and b['cases'] > 0 and b['bytes'] > 0 and b['ms'] >= 0 and isinstance(b['warnings'], int) for b in j['briefs'])")" = True ] &&
	pass || fail "summary fields: $(head -c 400 "$TMP/sum.json")"
# the bytes reported are the bytes written
want=$(cat "$TMP/j2"/* | wc -c)
[ "$(json "$TMP/sum.json" "sum(b['bytes'] for b in j['briefs'])")" = "$want" ] && pass || fail "bytes do not add up to $want"
# the summary follows the job order, whatever -j: the order of --all
[ "$(json "$TMP/sum.json" "' '.join(b['id'] for b in j['briefs'])")" = "$(echo $AUDS)" ] &&
	pass || fail "summary not in job order"

# --- -j 1 and -j 4 give the same bytes ----------------------------------------
run "$CB" build --all -j 1 -o "$TMP/j1"
expect_rc 0 "build --all -j 1"
diff -r "$TMP/j1" "$TMP/j2" >/dev/null && pass || fail "-j 1 and -j 2 differ: $(diff -rq "$TMP/j1" "$TMP/j2" | head -3)"
run "$CB" build --all -j 4 -f pdf -o "$TMP/j4"
for a in $AUDS; do
	cmp -s "$TMP/j1/$a.pdf" "$TMP/j4/$a.pdf" && pass || fail "-j 4: $a.pdf differs"
done
[ -z "$(ls "$TMP/j4" | grep '\.md$')" ] && pass || fail "-f pdf wrote Markdown"

# repeated -a: those briefs only, once each, in the order given
set -- $AUDS
run "$CB" build -a "$2" -a "$1" -a "$2" -f md --json -o "$TMP/some"
expect_rc 0 "repeated -a"
[ "$(ls "$TMP/some" | wc -l)" -eq 2 ] && pass || fail "repeated -a wrote: $(ls "$TMP/some")"
[ "$(json "$out" "' '.join(b['id'] for b in j['briefs'])")" = "$2 $1" ] && pass || fail "repeated -a order"

# --- shards --------------------------------------------------------------------
for n in 2 3 $((NAUD + 2)); do
	rm -rf "$TMP/sh"
	k=1
	: >"$TMP/ids"
	while [ $k -le $n ]; do
		run "$CB" build --all --shard $k/$n -j 2 -f md --json -o "$TMP/sh/$k"
		expect_rc 0 "--shard $k/$n"
		ls "$TMP/sh/$k" 2>/dev/null | sed -n 's/\.md$//p' >>"$TMP/ids"
		[ "$(json "$out" "' '.join(sorted(b['id'] for b in j['briefs']))")" = \
			"$(ls "$TMP/sh/$k" 2>/dev/null | sed -n 's/\.md$//p' | sort | tr '\n' ' ' | sed 's/ $//')" ] &&
			pass || fail "--shard $k/$n: the summary lists other briefs than it wrote"
		k=$((k + 1))
	done
	[ "$(sort "$TMP/ids" | tr '\n' ' ')" = "$(echo "$AUDS" | tr '\n' ' ')" ] && pass ||
		fail "$n shards built: $(sort "$TMP/ids" | tr '\n' ' '), want every brief once"
	cmp -s "$TMP/sh/1/$(head -n 1 "$TMP/ids").md" "$TMP/j1/$(head -n 1 "$TMP/ids").md" && pass ||
		fail "a sharded brief differs"
done
run "$CB" build --all --shard 3/2 -o "$TMP/x"
expect_rc 2 "--shard 3/2"
run "$CB" build --all --shard 0/2 -o "$TMP/x"
expect_rc 2 "--shard 0/2"

# --- manifests -------------------------------------------------------------------
cat >"$TMP/jobs.yaml" <<'EOF'
# Two briefs for one audience, narrowed differently; one restyled.
- audience: latency
  output: latency-all
- audience: latency
  output: latency-recent
  formats: [md]
  filters:
    since: 2022
    kind: [migration]
- audience: small-teams
  formats: [pdf, md]
  style:
    page: { size: letter }
    colors: { heading: "#7a1f1f" }
EOF
run "$SMALL" build --manifest "$TMP/jobs.yaml" -j 2 --json -o "$TMP/m"
expect_rc 0 "manifest"
cp "$out" "$TMP/m.json"
for f in latency-all.md latency-all.pdf latency-recent.md small-teams.md small-teams.pdf; do
	[ -s "$TMP/m/$f" ] && pass || fail "manifest: $f missing"
done
[ ! -e "$TMP/m/latency-recent.pdf" ] && pass || fail "formats: [md] wrote a PDF"
! cmp -s "$TMP/m/latency-all.md" "$TMP/m/latency-recent.md" && pass || fail "the filters changed nothing"
grep -q 'since 2022' "$TMP/m/latency-recent.md" && pass || fail "the brief does not describe its filters"
pdfinfo "$TMP/m/small-teams.pdf" | grep -q 'letter' && pass || fail "style override (letter) not applied"
pdfinfo "$TMP/m/latency-all.pdf" | grep -q 'A4' && pass || fail "the base style changed"
[ "$(json "$TMP/m.json" "' '.join(b['id'] + ':' + b['audience'] for b in j['briefs'])")" = \
	"latency-all:latency latency-recent:latency small-teams:small-teams" ] && pass || fail "manifest summary: $(cat "$TMP/m.json")"
# a manifest builds the same bytes on one thread, and its shards add up
run "$SMALL" build --manifest "$TMP/jobs.yaml" -j 1 -o "$TMP/m1"
diff -r "$TMP/m" "$TMP/m1" >/dev/null && pass || fail "manifest -j 1 and -j 2 differ"
run "$SMALL" build --manifest "$TMP/jobs.yaml" --shard 1/2 -o "$TMP/ms"
run "$SMALL" build --manifest "$TMP/jobs.yaml" --shard 2/2 -o "$TMP/ms"
diff -r "$TMP/m" "$TMP/ms" >/dev/null && pass || fail "manifest shards differ from the whole"

# errors: every one reported at its position, nothing built, exit 65
cat >"$TMP/bad.yaml" <<'EOF'
- audience: latency
  outptu: x
  formats: [pdf, html]
  filters:
    kind: [migraton]
    since: "2019"
    tag: [gc-latncy]
  style:
    page:
      sise: a4
- audience: latncy
- audience: small-teams
  output: ../evil
- audience: small-teams
- audience: small-teams
- output: nothing
EOF
run "$SMALL" build --manifest "$TMP/bad.yaml" -o "$TMP/bad"
expect_rc 65 "invalid manifest"
for e in "bad.yaml:2:3: unknown key 'outptu' in a job (did you mean 'output'?)" \
	"bad.yaml:3:18: each item of 'formats' must be one of pdf, md, json, not 'html'" \
	"bad.yaml:5:12: each item of 'kind' must be one of migration, adoption, rejection, not 'migraton' (did you mean 'migration'?)" \
	"bad.yaml:6:12: 'since' must be an integer, not a string" \
	"bad.yaml:7:11: undefined tag 'gc-latncy' (did you mean 'gc-latency'?)" \
	"bad.yaml:10:7: style: unknown key 'sise'" \
	"bad.yaml:11:13: unknown audience 'latncy' (did you mean 'latency'?)" \
	"bad.yaml:13:11: invalid id '../evil': ids must match [a-z0-9-]+" \
	"bad.yaml:15:13: output 'small-teams' is already written by job 4" \
	"bad.yaml:16:3: missing required key 'audience'"; do
	grep -qF -- "$e" "$err" && pass || fail "manifest error missing: $e"
done
[ ! -e "$TMP/bad" ] && pass || fail "an invalid manifest still built something"
printf 'audience: latency\n' >"$TMP/notalist.yaml"
run "$SMALL" build --manifest "$TMP/notalist.yaml" -o "$TMP/bad"
expect_rc 65 "manifest that is not a list"
expect_err "notalist.yaml:1:1: a manifest is a list of jobs" "not a list: message"
# A manifest over the size limit is bad input (65), like a data file;
# a manifest that cannot be read is an I/O error (74).
python3 -c 'print("- audience: latency\n#" + "x" * 2000000)' >"$TMP/huge.yaml"
run "$SMALL" build --manifest "$TMP/huge.yaml" -o "$TMP/bad"
expect_rc 65 "manifest over the size limit"
expect_err "huge.yaml: file is larger than the limit" "manifest over the size limit: message"
run "$SMALL" build --manifest "$TMP/no-such-manifest.yaml" -o "$TMP/bad"
expect_rc 74 "missing manifest"
printf -- '- audience: latency\n  style: { sizes: { body: 100 } }\n' >"$TMP/badstyle.yaml"
run "$SMALL" build --manifest "$TMP/badstyle.yaml" -o "$TMP/bad"
expect_rc 65 "manifest style override out of range"
expect_err "badstyle.yaml:2:27: style:" "style override position"
printf -- '- audience: latency\n  filters: [since]\n' >"$TMP/badtype.yaml"
run "$SMALL" build --manifest "$TMP/badtype.yaml" -o "$TMP/bad"
expect_rc 65 "filters of the wrong type"
# thousands of mistakes: the first ones reported, quickly
i=0
while [ $i -lt 2000 ]; do printf -- '- audience: nope%d\n' $i; i=$((i + 1)); done >"$TMP/many.yaml"
run "$SMALL" build --manifest "$TMP/many.yaml" -o "$TMP/bad"
expect_rc 65 "a manifest with 2000 mistakes"
expect_err "too many errors; only the first 100 are reported" "error cap"
[ "$(grep -c 'unknown audience' "$err")" -eq 100 ] && pass || fail "want 100 messages, got $(grep -c 'unknown audience' "$err")"
run "$SMALL" build --manifest "$TMP/nonexistent.yaml" -o "$TMP/bad"
expect_rc 74 "missing manifest"
run "$SMALL" build --manifest "$TMP/jobs.yaml" -a latency -o "$TMP/bad"
expect_rc 2 "--manifest with -a"

# --- a failed brief: listed with its error, the others written, exit 1 ------------
cat >"$TMP/fail.yaml" <<'EOF'
- audience: latency
- audience: small-teams
  style: { fonts: { serif: NoSuchFont.ttf } }
- audience: small-teams
  output: small-teams-ok
EOF
mkdir -p "$TMP/f"
echo keep >"$TMP/f/small-teams.md"
run "$SMALL" build --manifest "$TMP/fail.yaml" -j 2 --json -o "$TMP/f"
expect_rc 1 "one brief fails"
expect_err "NoSuchFont.ttf" "the failure is on stderr"
[ -s "$TMP/f/latency.pdf" ] && [ -s "$TMP/f/small-teams-ok.pdf" ] && pass || fail "the other briefs were not written"
[ "$(cat "$TMP/f/small-teams.md")" = keep ] && [ ! -e "$TMP/f/small-teams.pdf" ] && pass ||
	fail "the failed brief wrote files"
python3 -m json.tool "$out" >/dev/null && pass || fail "summary with a failure is not JSON"
[ "$(json "$out" "[(b['id'], b['status'], len(b['files'])) for b in j['briefs']]")" = \
	"[('latency', 'ok', 3), ('small-teams', 'failed', 0), ('small-teams-ok', 'ok', 3)]" ] &&
	pass || fail "failed brief in the summary: $(cat "$out")"
json "$out" "j['briefs'][1]['error']" | grep -q 'NoSuchFont.ttf' && pass || fail "no error text in the summary"
[ "$(json "$out" "(j['ok'], j['failed'])")" = "(2, 1)" ] && pass || fail "ok/failed with a failure"

# a template error fails every brief: exit 1, each listed
mkdir -p "$TMP/badtpl"
cp "$TPL"/*.mustache "$TMP/badtpl/"
printf '# {{title}}\n\n{{#groups}}\nunclosed\n' >"$TMP/badtpl/brief.md.mustache"
run "$CASEBRIEF" --data "$TESTS_DIR/data/brief" --templates "$TMP/badtpl" build --all --json -o "$TMP/bt"
expect_rc 1 "template error"
json "$out" "j['briefs'][0]['error']" | grep -q 'brief.md.mustache:[0-9]*:[0-9]*: ' && pass ||
	fail "template error not in the summary: $(cat "$out")"

# --- stderr: progress on a terminal only; -q silences warnings ----------------------
run "$SMALL" build --all -o "$TMP/w"
expect_rc 0 "plain build"
grep -q 'warning: small-teams: 1 cited source is stale' "$err" && pass || fail "the stale warning is missing"
! grep -q 'building' "$err" && pass || fail "progress line without a terminal"
run "$SMALL" -q build --all -o "$TMP/w"
[ ! -s "$err" ] && pass || fail "-q: stderr not empty: $(head -c 300 "$err")"
if ! script -qec true /dev/null >/dev/null 2>&1; then
	fail "script cannot open a terminal here: the progress line is not tested"
else
	script -qec "$SMALL build --all -j 2 -o $TMP/tty" /dev/null >"$TMP/tty.out" 2>&1
	grep -q '\[1/2\] building latency' "$TMP/tty.out" && pass || fail "no progress line on a terminal: $(head -c 300 "$TMP/tty.out")"
	tr '\r' '\n' <"$TMP/tty.out" | tail -n 1 | grep -q 'building' && fail "the progress line was not cleared" || pass
fi

# --- usage ---------------------------------------------------------------------------
run "$CB" build --all --json -o -
expect_rc 2 "--json with -o -"
run "$CB" build --all -o -
expect_rc 2 "--all with -o -"

finish
