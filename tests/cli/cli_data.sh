#!/bin/sh
# The shipped data set (data/) and the schema example written to the
# schema by someone else (tests/fixtures/schema-example): they load, check
# clean, and select what they should. On data/ the checks are properties,
# not counts, so that the data can keep growing; the schema example is
# fixed, and its selections are compared with expected files.
. "$TESTS_DIR/cli/lib.inc"
need python3

DATA="$TESTS_DIR/../data"
TODAY="--today 2026-05-01"

json_ok() {
	if python3 -m json.tool "$out" >/dev/null 2>"$TMP/jerr"; then pass
	else fail "$1: invalid JSON: $(head -c 300 "$TMP/jerr")"; fi
}
# pycheck NAME EXPR: EXPR is a Python expression over j (the JSON on stdout)
# and a (the argument list after NAME and EXPR).
pycheck() {
	name="$1"; expr="$2"; shift 2
	python3 -c "import json,sys
j=json.load(open(sys.argv[1])); a=sys.argv[2:]
sys.exit(0 if ($expr) else 1)" "$out" "$@" 2>"$TMP/perr" \
		&& pass || fail "$name: $(head -c 400 "$TMP/perr") $(head -c 400 "$out")"
}

run "$CASEBRIEF" check --data "$DATA" $TODAY
expect_rc 0 "check on data/"
[ ! -s "$out" ] && pass || fail "check writes to stdout"
run "$CASEBRIEF" check -q --data "$DATA" $TODAY
[ ! -s "$err" ] && pass || fail "check -q is not quiet: $(head -c 300 "$err")"

# Every company the foundation issue names is in the data set (matched on
# company, project or id, ignoring case and punctuation).
run "$CASEBRIEF" list cases --json --data "$DATA"
expect_rc 0 "list cases --json on data/"
json_ok "list cases --json on data/"
pycheck "every named company is present" '
(lambda norm: (lambda hay: all(any(norm(alt) in hay for alt in name.split("|")) or print("missing:", name, file=sys.stderr) for name in a))(
  " ".join(" " + norm(c["company"] + " " + c["project"] + " " + c["id"]) + " " for c in j)))(
  lambda s: " ".join("".join(ch.lower() if ch.isalnum() else " " for ch in s).split()))' \
	"Statsig" "OpenAI|Codex" "Aurora DSQL|DSQL" "Microsoft" "Turborepo" "YJIT" \
	"1Password" "Discord" "Figma" "Magic Pocket" "Firefox" "Google" "Cloudflare" \
	"Prisma" "TypeScript" "LogLog" "PropelAuth" "Volvo" "Astral" "Linkerd" "Okta" \
	"Firecracker" "Prime Video" "Nucleus" "Pingora" "Linux" "Solana|Polkadot" \
	"Kubernetes|Docker" "Uber" "Twitch" "Cockroach" "HashiCorp" "DigitalOcean"
pycheck "case ids are unique and sorted" '[c["id"] for c in j] == sorted(set(c["id"] for c in j))'
pycheck "every case has a kind, a year and tags" 'all(c["kind"] in ("migration","adoption","rejection") and isinstance(c["year"], int) and c["tags"] for c in j)'

# Filters narrow the listing, and only narrow.
run "$CASEBRIEF" list cases --json --data "$DATA" --kind rejection
pycheck "--kind rejection" 'j and all(c["kind"] == "rejection" for c in j)'
run "$CASEBRIEF" list cases --json --data "$DATA" --since 2024 --org-size startup --org-size indie
pycheck "--since and --org-size" 'all(c["year"] >= 2024 and c["org_size"] in ("startup","indie") for c in j)'
run "$CASEBRIEF" list cases --json --data "$DATA" --lang go
pycheck "--lang go" 'j and all("go" in [x.lower() for x in c["from"] + c["rejected"] + ([c["to"]] if c["to"] else [])] for c in j)'

# The audiences the issue asks for.
run "$CASEBRIEF" list audiences --json --data "$DATA"
json_ok "list audiences --json on data/"
pycheck "required audiences" 'set(a) <= set(x["id"] for x in j)' overview startups \
	gc-sensitive-services security-critical shared-core-sdks large-codebase-migration go-teams
auds=$(python3 -c "import json,sys; print(' '.join(x['id'] for x in json.load(open(sys.argv[1]))))" "$out" 2>/dev/null)
run "$CASEBRIEF" list cases --json --data "$DATA"
ncases=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$out" 2>/dev/null)
run "$CASEBRIEF" list tags --json --data "$DATA"
json_ok "list tags --json on data/"

# Every audience selects: valid JSON, every case accounted for, reasons given.
for a in $auds; do
	run "$CASEBRIEF" select -a "$a" --json --data "$DATA"
	expect_rc 0 "select -a $a"
	json_ok "select -a $a --json"
	pycheck "select -a $a accounts for every case" \
		'j["audience"] == a[0] and j["considered"] == int(a[1]) and len(j["selected"]) + len(j["left_out"]) == j["considered"] and j["selected"] and all(s["why"] for s in j["selected"] + j["left_out"])' \
		"$a" "$ncases"
	pycheck "select -a $a is ranked" \
		'all(x["score"] >= y["score"] for x, y in zip(j["selected"], j["selected"][1:]))'
	pycheck "select -a $a balance cases are against" \
		'all(s["stance"] == "against" for s in j["selected"] if s["why"].startswith("balance"))'
	run "$CASEBRIEF" select -a "$a" --data "$DATA"
	expect_out "considered $ncases, selected" "select -a $a text"
done

run "$CASEBRIEF" select -a startups --json --data "$DATA"
pycheck "startups includes PropelAuth and LogLog Games" \
	'set(a) <= set(s["id"] for s in j["selected"])' propelauth loglog-games
run "$CASEBRIEF" select -a gc-sensitive-services --json --data "$DATA"
pycheck "gc-sensitive-services includes Discord and Aurora DSQL" \
	'set(a) <= set(s["id"] for s in j["selected"])' discord-read-states aws-aurora-dsql
run "$CASEBRIEF" select -a overview --json --data "$DATA"
pycheck "overview selects every case that is not over a limit" \
	'all(l["why"].startswith("over the limit") for l in j["left_out"])'

# Filters narrow a selection but never drop the counter-cases added for balance.
run "$CASEBRIEF" list cases --json --data "$DATA"
cp "$out" "$TMP/cases.json"
run "$CASEBRIEF" select -a overview --json --data "$DATA" --kind adoption
pycheck "select --kind keeps adoptions or balance cases" \
	'(lambda kinds: all(kinds[s["id"]] == "adoption" or s["why"].startswith("balance") for s in j["selected"]))({c["id"]: c["kind"] for c in json.load(open(a[0]))})' "$TMP/cases.json"

# Same inputs, same bytes.
"$CASEBRIEF" select -a startups --json --data "$DATA" >"$TMP/a" 2>/dev/null
"$CASEBRIEF" select -a startups --json --data "$DATA" >"$TMP/b" 2>/dev/null
cmp -s "$TMP/a" "$TMP/b" && pass || fail "select is not deterministic"

# A data set written by someone else to the schema (tests/fixtures/schema-example).
# Its expected selections are in expected/select-AUDIENCE.json, one for
# each of its audiences: after an intended change of the selection,
# regenerate them with UPDATE_EXPECTED=1 and read the diff.
EX="$TESTS_DIR/fixtures/schema-example"
run "$CASEBRIEF" check --data "$EX" $TODAY
expect_rc 0 "check on the schema example"
run "$CASEBRIEF" list cases --json --data "$EX"
json_ok "schema example: list cases --json"
pycheck "schema example: its three cases" '[c["id"] for c in j] == ["freight-router", "legacy-bank", "tiny-shop"]'
run "$CASEBRIEF" list audiences --json --data "$EX"
json_ok "schema example: list audiences --json"
exauds=$(python3 -c "import json,sys; print(' '.join(x['id'] for x in json.load(open(sys.argv[1]))))" "$out")
[ "$exauds" = "early-startups overview" ] && pass || fail "schema example audiences: '$exauds', want 'early-startups overview'"
for a in $exauds; do
	want="$EX/expected/select-$a.json"
	run "$CASEBRIEF" select -a "$a" --json --data "$EX"
	expect_rc 0 "schema example: select -a $a"
	json_ok "schema example: select -a $a --json"
	[ -n "$UPDATE_EXPECTED" ] && cp "$out" "$want"
	if [ ! -f "$want" ]; then
		fail "schema example: $want is missing"
	elif cmp -s "$out" "$want"; then
		pass
	else
		fail "schema example: select -a $a differs from expected/select-$a.json:"
		diff -u "$want" "$out" | head -n 30
	fi
done
for f in "$EX"/expected/select-*.json; do
	a=$(basename "$f" .json); a=${a#select-}
	echo " $exauds " | grep -q " $a " && pass || fail "schema example: $f is for no audience"
done

# Worked by hand from the schema, independently of the expected files.
run "$CASEBRIEF" select -a early-startups --json --data "$EX"
pycheck "schema example: early-startups selects exactly" \
	'[(s["id"], s["score"], s["stance"]) for s in j["selected"]] == [("tiny-shop", 3, "other")] and j["left_out"] == [{"id": "freight-router", "why": "no rule matched"}, {"id": "legacy-bank", "why": "excluded by the profile"}]'
run "$CASEBRIEF" select -a overview --json --data "$EX"
pycheck "schema example: overview ranks by year" \
	'[(s["id"], s["stance"]) for s in j["selected"]] == [("legacy-bank", "against"), ("freight-router", "for"), ("tiny-shop", "other")] and j["left_out"] == []'
run "$CASEBRIEF" select -a overview --json --data "$EX" --kind adoption
pycheck "schema example: a filter keeps the balance case" \
	'[(s["id"], s["why"]) for s in j["selected"]] == [("legacy-bank", "balance: against Rust"), ("tiny-shop", "rule 1 (every case)")] and j["left_out"] == [{"id": "freight-router", "why": "filtered out by --kind"}]'
run "$CASEBRIEF" list cases --data "$EX"
expect_out "Go, C++ → Rust (not Zig)" "schema example: move with from, to and rejected"
# A version-1 data set still loads; what version 2 would refuse is a warning of check.
run "$CASEBRIEF" check --data "$EX" $TODAY
expect_err "freight-router.yaml:22:5: warning: driver 'memory-safety' names no 'source'" \
	"schema example: a v1 driver without a source is a warning"
run "$CASEBRIEF" select -a overview --data "$EX"
[ ! -s "$err" ] && pass || fail "schema example: select warns: $(head -c 300 "$err")"

# A version-2 data set written from the format's reference alone
# (tests/fixtures/schema-v2): databases, internal sources, a compilation, a
# reading of the curator's, one case of each grade.
V2="$TESTS_DIR/fixtures/schema-v2"
run "$CASEBRIEF" check --data "$V2" --today 2026-12-01
expect_rc 0 "check on the v2 example"
[ ! -s "$err" ] && pass || fail "check on the v2 example is not clean: $(head -c 300 "$err")"
run "$CASEBRIEF" list audiences --json --data "$V2"
v2auds=$(python3 -c "import json,sys; print(' '.join(x['id'] for x in json.load(open(sys.argv[1]))))" "$out")
[ "$v2auds" = "overview postgres-moves small-teams" ] && pass || fail "v2 example audiences: '$v2auds'"
for a in $v2auds; do
	want="$V2/expected/select-$a.json"
	run "$CASEBRIEF" select -a "$a" --json --data "$V2"
	expect_rc 0 "v2 example: select -a $a"
	json_ok "v2 example: select -a $a --json"
	[ -n "$UPDATE_EXPECTED" ] && cp "$out" "$want"
	if [ ! -f "$want" ]; then
		fail "v2 example: $want is missing"
	elif cmp -s "$out" "$want"; then
		pass
	else
		fail "v2 example: select -a $a differs from expected/select-$a.json:"
		diff -u "$want" "$out" | head -n 30
	fi
done
# Worked by hand from the format's reference.
run "$CASEBRIEF" select -a overview --json --data "$V2"
pycheck "v2 example: one case of each grade" \
	'{s["id"]: s["grade"] for s in j["selected"]} == {"orders-to-postgres": "A", "ledger-cockroach": "B", "sessions-to-redis": "B", "clickstream-clickhouse": "C"}'
pycheck "v2 example: figures with kind and quotable" \
	'{s["id"]: [(f["kind"], f["quotable"]) for f in s["figures"]] for s in j["selected"]} == {"orders-to-postgres": [("measured", True), ("estimate", False)], "ledger-cockroach": [("target", False)], "sessions-to-redis": [("measured", True), ("anecdote", False)], "clickstream-clickhouse": [("measured", False)]}'
pycheck "v2 example: overview ranks by year" \
	'[s["id"] for s in j["selected"]] == ["clickstream-clickhouse", "orders-to-postgres", "ledger-cockroach", "sessions-to-redis"]'
run "$CASEBRIEF" select -a postgres-moves --json --data "$V2"
pycheck "v2 example: main, options, min_score and balance" \
	'[(s["id"], s["score"], s["why"]) for s in j["selected"]] == [("orders-to-postgres", 6, "rule 1 (main: query-flexibility)"), ("ledger-cockroach", 2.5, "balance: against PostgreSQL")] and j["left_out"] == [{"id": "clickstream-clickhouse", "why": "no rule matched"}, {"id": "sessions-to-redis", "why": "below min_score (3)"}]'
run "$CASEBRIEF" select -a small-teams --json --data "$V2"
pycheck "v2 example: an explicit id stays under min_score" \
	'[(s["id"], s["score"], s["why"]) for s in j["selected"]] == [("sessions-to-redis", 3, "rule 1 (org_size: startup)"), ("clickstream-clickhouse", 2, "rule 2 (ids: clickstream-clickhouse)")] and j["left_out"] == [{"id": "ledger-cockroach", "why": "no rule matched"}, {"id": "orders-to-postgres", "why": "below min_score (2.5)"}]'
run "$CASEBRIEF" select -a postgres-moves --data "$V2"
expect_out "databases include MySQL or Redis" "v2 example: rules speak of the data set's option"
run "$CASEBRIEF" list tags --json --data "$V2"
pycheck "v2 example: tag groups are any id" '[t["group"] for t in j][:2] == ["data-model", "operations"]'
run "$CASEBRIEF" list cases --json --data "$V2"
pycheck "v2 example: org may be left out" '{c["id"]: c["org_size"] for c in j}["clickstream-clickhouse"] is None and {c["id"]: c["org_size"] for c in j}["orders-to-postgres"] == "internal"'
run "$CASEBRIEF" build -a overview -f md -o - --data "$V2" --today 2026-12-01
expect_out "Other databases in the same spot" "v2 example: group titles name the option"
expect_out "Reference: ADR-017." "v2 example: a source with only a ref"
# (smart punctuation curls the apostrophe in the brief)
expect_out "(curator’s reading)" "v2 example: an inferred driver is labelled"
expect_out "4 billion (via a compilation)" "v2 example: a figure read in a compilation is labelled"

# --- the evidence rules on the shipped data -----------------------------------
# No source's url is a bare home page (nothing after the host but "/"),
# unless the source is a compilation (a site's front page can be the list).
# (The sources are read line by line: the shipped files keep one key a line.)
python3 - "$DATA" >"$TMP/home" 2>&1 <<'PY'
import glob, re, sys, urllib.parse
bad, n = [], 0
def done(f, src):
    global n
    u = src.get("url", "").strip("\"'")
    if not u:
        return
    n += 1
    p = urllib.parse.urlsplit(u)
    if p.path in ("", "/") and not p.query and not p.fragment and src.get("kind") != "compilation":
        bad.append("%s: %s (%s)" % (f, u, src.get("kind")))
for f in sorted(glob.glob(sys.argv[1] + "/cases/*.yaml")):
    inside, src = False, None
    for line in open(f):
        if re.match(r"[a-z_]+:", line):
            inside = line.startswith("sources:")
            continue
        if not inside:
            continue
        m = re.match(r"  (- |  )(url|kind): *(.*?)\s*$", line)
        if line.startswith("  - "):
            if src is not None:
                done(f, src)
            src = {}
        if m and src is not None:
            src[m.group(2)] = m.group(3)
    if src is not None:
        done(f, src)
print("\n".join(bad) if bad else "%d urls" % n)
sys.exit(1 if bad or n < 30 else 0)
PY
[ $? -eq 0 ] && pass || fail "home pages cited as sources: $(head -c 600 "$TMP/home")"
run "$CASEBRIEF" check --data "$DATA" $TODAY
! grep -q "home page" "$err" && pass || fail "check warns of a home page on data/"
# check -v shows the figures without a baseline as notes, and only measured ones.
run "$CASEBRIEF" check -v --data "$DATA" $TODAY
expect_rc 0 "check -v on data/"
grep -q ": note: no baseline for measured figure" "$err" && pass || fail "check -v shows no notes"
! grep -q "warning: no baseline" "$err" && pass || fail "figures without a baseline are still warnings"
# Every figure under "Numbers worth quoting" (the answer) of every shipped brief is quotable.
"$CASEBRIEF" --data "$DATA" --today 2026-12-01 -q build --all -f md -o "$TMP/briefs" >/dev/null 2>&1
for a in $auds; do
	"$CASEBRIEF" select -a "$a" --json --data "$DATA" >"$TMP/sel.json" 2>/dev/null
	python3 - "$TMP/briefs/$a.md" "$TMP/sel.json" >"$TMP/quote" 2>&1 <<'PY'
import json, re, sys
md = open(sys.argv[1]).read().split("\n")
sel = json.load(open(sys.argv[2]))["selected"]
ok = {"%s, %s" % (f["label"], f["value"]) for s in sel for f in s["figures"] if f["quotable"]}
unesc = lambda t: re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", t)
items, inside = [], False
for line in md:
    if line.startswith("**Numbers worth quoting.**"):
        inside = True
        continue
    if inside:
        if not line.strip() and not items:
            continue
        m = re.match(r"\s+- \[.*?\]\(#[^)]*\): (.*)$", line)
        if not m:
            break
        items.append(unesc(m.group(1)))
bad = [i for i in items if not any(i.startswith(q) for q in ok)]
print("\n".join(bad) if bad else "%d quoted" % len(items))
sys.exit(1 if bad or not items else 0)
PY
	[ $? -eq 0 ] && pass || fail "$a: a quoted figure is not quotable: $(head -c 400 "$TMP/quote")"
done

finish
