#!/bin/sh
# A team's own data: `casebrief init` writes a starter data set that
# passes check and builds at once, and never overwrites a file; and no
# brief built from a data set that is not about programming languages
# (the starter, tests/data/northwind) says "language" or "casebrief"
# (outside the provenance that names the generator), while the
# PDF's author, and the cover's "Prepared by", are the data set's curator.
. "$TESTS_DIR/cli/lib.inc"
need python3 pdfinfo pdftotext
ROOT=$(cd "$TESTS_DIR/.." && pwd)
TPL="$ROOT/templates"
export SOURCE_DATE_EPOCH=1780000000
CB="$CASEBRIEF --templates $TPL --today 2026-06-01"

# --- init, check, build -------------------------------------------------------
S="$TMP/team-data"
run $CB init "$S"
expect_rc 0 "init"
expect_out "casebrief --data $S check" "init says what to run next"
for f in dataset.yaml tags.yaml cases/ledger-to-postgres.yaml cases/search-stays.yaml \
	audiences/platform-leads.yaml; do
	[ -f "$S/$f" ] && pass || fail "init did not write $f"
	[ "$(sed 1d "$S/$f" | md5sum)" = "$(sed 1d "$ROOT/src/doc/starter/$f" | md5sum)" ] && pass ||
		fail "init: $f differs from src/doc/starter/$f below its first line"
done
n=$(find "$S" -type f | wc -l)
[ "$n" -eq "$(find "$ROOT/src/doc/starter" -type f | wc -l)" ] && pass || fail "init wrote $n files"
run $CB --data "$S" check
expect_rc 0 "check of the starter data set"
[ ! -s "$err" ] && pass || fail "check of the starter: $(head -c 400 "$err")"
run $CB -q --data "$S" build --all -o "$TMP/starter-out" --json
expect_rc 0 "build of the starter data set"
[ -s "$TMP/starter-out/platform-leads.pdf" ] && [ -s "$TMP/starter-out/platform-leads.md" ] && pass ||
	fail "the starter built no brief"
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); b = j["briefs"][0]
assert b["cases"] == 2 and b["warnings"] == 0, b' "$out" && pass || fail "the starter brief: $(cat "$out")"
grep -q "Decided against PostgreSQL" "$TMP/starter-out/platform-leads.md" && pass ||
	fail "the starter brief has no case against its subject"

# the modeline names the schemas of the source tree (build/casebrief) or
# the installed ones, by an absolute path, and the files pass them
head -1 "$S/tags.yaml" | grep -q '^# yaml-language-server: \$schema=/.*/tags\.schema\.json$' && pass ||
	fail "init: modeline: $(head -1 "$S/tags.yaml")"
run python3 "$TESTS_DIR/cli/schema_check.py" "$ROOT/src/schema" modeline $(find "$S" -name '*.yaml' | sort)
[ "$rc" -eq 0 ] && pass || { fail "init: the modelines:"; cat "$out"; }
run python3 "$TESTS_DIR/cli/schema_check.py" "$ROOT/src/schema" valid "$S"
[ "$rc" -eq 0 ] && pass || { fail "init: the files against the schemas:"; cat "$out"; }

# init never overwrites: one existing file stops it before it writes anything
echo "# mine" >"$TMP/keep.yaml"
cp "$TMP/keep.yaml" "$S/tags.yaml"
rm "$S/dataset.yaml"
run $CB init "$S"
expect_rc 74 "init over an existing data set"
expect_err "$S/.*: already exists; init never overwrites" "init names the file in the way"
cmp -s "$TMP/keep.yaml" "$S/tags.yaml" && pass || fail "init overwrote tags.yaml"
[ ! -e "$S/dataset.yaml" ] && pass || fail "init wrote a file although another was in the way"
ls -a "$S" | grep -q 'casebrief-tmp' && fail "init left a temporary file" || pass
: >"$TMP/plainfile"
run $CB init "$TMP/plainfile"
expect_rc 74 "init into a file"
run $CB init
expect_rc 2 "init without a directory"

# --- briefs of a data set about something else -----------------------------------
# check_brief MD PDF CURATOR: the words, the author and the cover
check_brief() {
	md=$1 pdf=$2 curator=$3 name=$(basename "$1" .md)
	# The provenance ("Generated DATE from DATA, by casebrief X. To make
	# it again: casebrief ... build -a ID") names the generator and its
	# command, as it may: it is left out, nothing else.
	python3 - "$md" "$pdf" >"$TMP/leak" <<'PY'
import re, subprocess, sys
md = open(sys.argv[1], encoding="utf-8").read()
pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", sys.argv[2], "-"],
                     capture_output=True, text=True).stdout
prov = re.compile(r"Generated \d{4}-\d\d-\d\d[^\n]*?by casebrief [0-9][^ ]* "
                  r"\*?To make it again:\*? `?casebrief .*? build (-a|--manifest) \S+", re.S)
for what, text in (("md", md), ("pdf", " ".join(pdf.replace("\u200b", "").split()))):
    left = prov.sub(" ", text, count=1)
    for m in re.finditer(r"(?i)language|casebrief", left):
        print("%s: ...%s..." % (what, left[max(0, m.start() - 40):m.end() + 40]))
PY
	grep -q '^md' "$TMP/leak" && { fail "$name.md says language or casebrief:"; cat "$TMP/leak"; } || pass
	grep -q '^pdf' "$TMP/leak" && { fail "$name.pdf says language or casebrief:"; cat "$TMP/leak"; } || pass
	pdfinfo "$pdf" >"$TMP/info"
	grep -qx "Author: *$curator" "$TMP/info" && pass ||
		fail "$name.pdf: Author is not '$curator': $(grep Author "$TMP/info")"
	pdftotext -enc UTF-8 -f 1 -l 1 "$pdf" - | tr -s ' \n' '  ' >"$TMP/cover"
	grep -q "PREPARED BY $curator" "$TMP/cover" && pass ||
		fail "$name.pdf: the cover does not say 'Prepared by $curator': $(head -c 400 "$TMP/cover")"
}
NW="$TESTS_DIR/data/northwind"
run $CB --data "$NW" check
expect_rc 0 "check northwind"
run $CB -q --data "$NW" build --all -j 2 -o "$TMP/nw"
expect_rc 0 "build northwind"
for aud in postgres-default managed-stores; do
	check_brief "$TMP/nw/$aud.md" "$TMP/nw/$aud.pdf" "Data Platform Group, Northwind Logistics"
done
check_brief "$TMP/starter-out/platform-leads.md" "$TMP/starter-out/platform-leads.pdf" "Platform team"

# Without a curator nobody is named: no Author, no "Prepared by".
N2="$TMP/nw-anonymous"
cp -R "$NW" "$N2"
sed -i '/^curator:/d' "$N2/dataset.yaml"
run $CB -q --data "$N2" build -a postgres-default -f pdf -o "$TMP/anon"
expect_rc 0 "build without a curator"
pdfinfo "$TMP/anon/postgres-default.pdf" | grep -q '^Author:' && fail "an Author without a curator" || pass
pdftotext "$TMP/anon/postgres-default.pdf" - | grep -qi 'prepared by' && fail "'Prepared by' without a curator" || pass

# The words the data chose: the option names, the group labels.
grep -q "Other databases in the same spot" "$TMP/nw/managed-stores.md" && pass ||
	fail "northwind: no group heading with the option's plural"
finish
