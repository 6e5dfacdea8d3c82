#!/bin/sh
# The record of a brief (<id>.json) and `build --compare-to`: two builds
# of data sets that differ in known ways (a case added, one excluded by a
# changed profile, a figure's value and another's kind changed, a grade
# moved, a source aged past --max-age) give the "What changed" section
# that says exactly that; a brief without an earlier record says so; the
# record is versioned JSON, written with the brief's other files (a
# failed brief keeps its old one), and -f chooses it like the others.
. "$TESTS_DIR/cli/lib.inc"
need python3
ROOT=$(cd "$TESTS_DIR/.." && pwd)
export SOURCE_DATE_EPOCH=1780272000
CB="$CASEBRIEF -q --templates $ROOT/templates"
V1="$TMP/v1"
V2="$TMP/v2"
cp -R "$TESTS_DIR/data/brief" "$V1"
cp -R "$V1" "$V2"

# --- the second data set ----------------------------------------------------
cat >"$V2/cases/rivet-queue.yaml" <<'YAML'
company: Rivet
project: Message queue
kind: migration
from: [Java]
to: Rust
year: 2025
org:
  size: scaleup
summary: Rivet moved its queue broker off the JVM to end the pauses.
drivers:
  - tag: gc-latency
    text: Collector pauses stalled the consumers.
    source: rivet-blog
figures:
  - label: p99 publish latency
    value: 3 ms
    baseline: 30 ms
    source: rivet-blog
sources:
  - id: rivet-blog
    title: Rivet's queue in Rust
    url: https://example.com/rivet/queue
    published: 2025-10
    verified: 2026-05-01
    kind: first-party
YAML
sed -i 's/^    value: 8 ms$/    value: 6 ms/' "$V2/cases/ferrous-chat.yaml"
sed -i '/^  - label: Nodes$/a\    kind: estimate' "$V2/cases/ferrous-chat.yaml"
sed -i '/^    text: The team could not find Rust engineers fast enough.$/a\    basis: inferred' \
	"$V2/cases/harbor-edge.yaml"
printf 'exclude:\n  ids: [northwind-db]\n' >>"$V2/audiences/latency.yaml"
sed 's/^title: .*/title: A new audience/' "$V2/audiences/small-teams.yaml" >"$V2/audiences/fresh.yaml"
run $CASEBRIEF --data "$V2" check --today 2026-06-01
expect_rc 0 "the second data set is valid: $(head -c 300 "$err")"

# --- the first build: the records ----------------------------------------------
run $CB --data "$V1" --today 2026-06-01 build --all -o "$TMP/b"
expect_rc 0 "first build"
for a in latency small-teams; do
	for ext in md pdf json; do
		[ -s "$TMP/b/$a.$ext" ] && pass || fail "first build: no $a.$ext"
	done
done
python3 - "$TMP/b/latency.json" <<'PY' && pass || fail "the record: $(head -c 600 "$TMP/b/latency.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["format"] == "casebrief-record" and r["version"] == 1, r
assert r["audience"] == "latency" and r["date"] == "2026-06-01" and r["subject"] == "Rust"
assert len(r["data"]["digest"]) == 12 and r["data"]["title"] is None
ids = [c["id"] for c in r["cases"]]
assert ids == ["ferrous-chat", "northwind-db", "quill-games", "harbor-edge"], ids
assert {c["id"]: c["grade"] for c in r["cases"]}["harbor-edge"] == "A"
f = [x for x in r["figures"] if x["case"] == "ferrous-chat" and x["label"] == "p99 latency"][0]
assert f["value"] == "8 ms" and f["kind"] == "measured" and f["quotable"] is True, f
s = [x for x in r["sources"] if x["key"] == "https://example.com/ferrous/presence"][0]
assert s["verified"] == "2026-03-01" and s["stale"] is False, s
assert r["profile"]["exclude"] is None and r["profile"]["balance"] == 2
assert {l["id"] for l in r["left_out"]} == {"acme-hostile", "ledgerly", "pollen-cli", "tidewater-api"}
PY
cp "$TMP/b/latency.json" "$TMP/latency-1.json"

# --- the second build, sixteen months later, compared with the first -------------
run $CB --data "$V2" --today 2027-10-01 build --all --compare-to "$TMP/b" -o "$TMP/b"
expect_rc 0 "second build with --compare-to"
sed -n '/^## What changed since 2026-06-01$/,/^## Contents$/p' "$TMP/b/latency.md" >"$TMP/changes"
[ -s "$TMP/changes" ] && pass || fail "latency: no 'What changed since 2026-06-01' section"
for want in \
	"The data changed (" \
	"- \*\*The profile.\*\* The exclusion changed from none to id is northwind-db." \
	"- \*\*Added:\*\* Rivet — Message queue, new in the data." \
	"- \*\*Dropped:\*\* Northwind Data — Storage engine, excluded by the profile." \
	"- \*\*Grade:\*\* Harbor Edge — Edge functions runtime, A then, C now." \
	"- \*\*Figure:\*\* Ferrous Chat — Presence service, p99 latency: 8 ms (measured) then, 6 ms (measured) now." \
	"- \*\*Figure:\*\* Ferrous Chat — Presence service, Nodes: 4 (measured) then, 4 (estimate) now." \
	"- \*\*Now stale:\*\* How we stopped the presence spikes, verified 2026-03-01."; do
	grep -q -- "$want" "$TMP/changes" && pass || { fail "latency: the changes lack: $want"; cat "$TMP/changes"; }
done
n=$(grep -c '^  - ' "$TMP/changes")
[ "$n" -eq 9 ] && pass || fail "latency: $n changes listed, want 9 (one more source now stale)"
# the section comes right after the answer, before the contents
[ "$(grep -n '^## ' "$TMP/b/latency.md" | sed -n '1,3p' | cut -d' ' -f2- | tr '\n' '|')" = \
	"The answer|What changed since 2026-06-01|Contents|" ] && pass || fail "latency: the sections' order"
grep -q '^There is no earlier record of this brief' "$TMP/b/fresh.md" && pass ||
	fail "fresh: no word of the missing record"
grep -q '^## What changed since the last brief$' "$TMP/b/fresh.md" && pass || fail "fresh: heading"
grep -q 'What changed since 2026-06-01' "$TMP/b/small-teams.md" && pass || fail "small-teams: no section"
# the record now says what this brief says
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["date"] == "2027-10-01" and r["profile"]["exclude"] == "id is northwind-db"' \
	"$TMP/b/latency.json" && pass || fail "the second record"
# the PDF puts the section between the answer and the contents
pdftotext -f 2 -l 4 "$TMP/b/latency.pdf" - | grep -q 'What changed since 2026-06-01' && pass ||
	fail "latency.pdf: no 'What changed' after the answer"

# --- one record file; mistakes ---------------------------------------------------
run $CB --data "$V2" --today 2027-10-01 build -a latency -f md --compare-to "$TMP/latency-1.json" -o "$TMP/one"
expect_rc 0 "--compare-to FILE.json"
grep -q 'Rivet — Message queue, new in the data' "$TMP/one/latency.md" && pass || fail "--compare-to FILE.json: no changes"
[ ! -e "$TMP/one/latency.json" ] && pass || fail "-f md wrote a record"
run $CB --data "$V2" --today 2027-10-01 build --all --compare-to "$TMP/latency-1.json" -o "$TMP/two"
expect_rc 2 "--compare-to FILE.json for several briefs"
expect_err "is one record, but this run builds" "--compare-to FILE.json for several briefs: says why"
printf '{"format": "casebrief-record", "version": 9}\n' >"$TMP/bad.json"
run $CB --data "$V2" --today 2027-10-01 build -a latency -f md --compare-to "$TMP/bad.json" -o "$TMP/three"
expect_rc 1 "a record of a later version"
expect_err "bad.json:1:[0-9]*: record version 9 is not one this casebrief reads" "a later version: position"
printf '{"format": "casebrief-record",\n "version": 1, "audience": [1]}\n' >"$TMP/bad.json"
run $CB --data "$V2" --today 2027-10-01 build -a latency -f md --compare-to "$TMP/bad.json" -o "$TMP/three"
expect_rc 1 "a broken record"
expect_err "bad.json:2:[0-9]*: 'audience' must be a string" "a broken record: position"
[ ! -e "$TMP/three/latency.md" ] && pass || fail "a broken record still wrote a brief"
run $CB --data "$V2" --today 2027-10-01 build -a latency -f json -o "$TMP/four"
expect_rc 0 "-f json"
[ "$(ls "$TMP/four")" = "latency.json" ] && pass || fail "-f json wrote: $(ls "$TMP/four")"

# --- a failed brief keeps its old record -------------------------------------------
cp "$TMP/b/small-teams.json" "$TMP/keep.json"
cat >"$TMP/jobs.yaml" <<'YAML'
- audience: small-teams
  style:
    fonts: { serif: NoSuchFont.ttf }
YAML
run $CB --data "$V1" --today 2026-07-01 build --manifest "$TMP/jobs.yaml" -o "$TMP/b"
expect_rc 1 "a brief whose PDF fails"
cmp -s "$TMP/keep.json" "$TMP/b/small-teams.json" && pass || fail "the failed brief replaced its record"
finish
