#!/bin/sh
# The JSON Schemas of src/schema/ (draft 2020-12, checked with Debian's
# python3-jsonschema): every data set shipped or used by the tests, the
# starter files of `casebrief init` and the style pass them; the starter
# files name them in their modelines; and the schemas refuse every shape
# error of tests/bad/ (tests/cli/schema_check.py says which sets are shape
# errors and which hold errors JSON Schema cannot express), so that the
# C validator and the schemas cannot drift apart unnoticed.
. "$TESTS_DIR/cli/lib.inc"
need python3
ROOT=$(cd "$TESTS_DIR/.." && pwd)
S="$ROOT/src/schema"
CHECK="python3 $TESTS_DIR/cli/schema_check.py $S"
if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
	echo "FAIL: python3-jsonschema or python3-yaml is not installed; 'make deps' installs them"
	exit 1
fi
ok_or_say() { if [ "$rc" -eq 0 ]; then pass; else fail "$1:"; cat "$out"; fi; }

run $CHECK valid "$ROOT/data" "$TESTS_DIR/data/brief" "$TESTS_DIR/data/northwind" \
	"$TESTS_DIR/fixtures/schema-example" "$ROOT/src/doc/starter"
ok_or_say "data sets against the schemas"
run $CHECK file style "$ROOT/templates/style.yaml"
ok_or_say "templates/style.yaml"
run $CHECK modeline $(find "$ROOT/src/doc/starter" -name '*.yaml' | sort)
ok_or_say "the starter files' modelines"
run $CHECK bad "$TESTS_DIR/bad"
ok_or_say "tests/bad: every shape error refused"
run $CHECK keys "$ROOT/src"
ok_or_say "the schemas' keys and values are the C readers'"

# The manifest and style schemas take what casebrief takes, and refuse
# what it refuses.
cat >"$TMP/jobs.yaml" <<'YAML'
- audience: startups
- audience: startups
  output: startups-recent
  formats: [md]
  filters: { since: 2022, kind: [migration, adoption], option: Go }
- audience: go-teams
  filters: { lang: Rust, tag: gc-latency, org_size: startup, until: 2024 }
  style:
    page: { size: letter, margin: 1in }
    sizes: { body: 11 }
    colors: { heading: "#7a1f1f", series: ["#000000"] }
    text: { lang: de_DE, hyphenate: false }
YAML
run $CHECK file manifest "$TMP/jobs.yaml"
ok_or_say "a manifest"
run "$CASEBRIEF" --data "$ROOT/data" -q build --manifest "$TMP/jobs.yaml" -f md -o "$TMP/briefs"
expect_rc 0 "the same manifest builds"
n=0
for bad in '- audience: startups\n  output: Not An Id' '- audience: startups\n  formats: [docx]' \
	'- audience: startups\n  filters: { option: Go, lang: Go }' '- audience: startups\n  colour: red' \
	'- audience: startups\n  style: { page: { size: a5 } }' '- audience: startups\n  style: { colors: { text: red } }' \
	'- audience: startups\n  style: { sizes: { body: 99 } }' '[]'; do
	n=$((n + 1))
	printf '%b\n' "$bad" >"$TMP/bad$n.yaml"
	run $CHECK file manifest "$TMP/bad$n.yaml"
	[ "$rc" -ne 0 ] && pass || fail "the manifest schema accepts: $(cat "$TMP/bad$n.yaml")"
	run "$CASEBRIEF" --data "$ROOT/data" build --manifest "$TMP/bad$n.yaml" -f md -o "$TMP/briefs"
	expect_rc 65 "casebrief refuses the manifest $(cat "$TMP/bad$n.yaml")"
done
finish
