#!/bin/sh
# What must not grow faster than its input: thousands of headings with one
# text (their anchors), the cells of GFM tables (rows padded to their
# header's width, very wide tables); and two option checks: -j takes a
# plain number only, and render --dump-layout refuses '-o -'. Inputs are
# generated at run time. BOUNDS_LIMIT (seconds, default 15; 60 under
# valgrind or a sanitizer) is the most a timed case may take: it catches
# work that grows with the square of the input (minutes here), not a slow
# machine, so it leaves room for a loaded one (the 6,000 cases take about
# 3 s on an idle 2-core machine and took 6 s on a busy one). Peak memory
# is checked with GNU time when it is there and no sanitizer is in the way.
. "$TESTS_DIR/cli/lib.inc"

ROOT=$(cd "$TESTS_DIR/.." && pwd)
TPL="$ROOT/templates"
FONTS="$ROOT/fonts"
LIMIT=${BOUNDS_LIMIT:-15}
KILL=60
case "$CASEBRIEF" in
*valgrind*|*asan*|*ubsan*) LIMIT=${BOUNDS_LIMIT:-60}; KILL=180 ;;
esac

gen() { python3 -c "$1" >"$2"; }

need python3

# ---- 6,000 cases of one company ---------------------------------------

# Every case heading has the same text ("Samename — Service"), so the
# anchors are "samename-service", "samename-service-1", ...
# "samename-service-5999": the duplicate counter must not restart
# at 1 for each heading (that was quadratic: 8 s). Both outputs count the
# anchors with one mechanism, so the Markdown's links and the PDF's agree.
D="$TMP/same"
mkdir -p "$D/cases" "$D/audiences"
cp "$TESTS_DIR/data/brief/tags.yaml" "$D/"
python3 - "$D" <<'EOF'
import sys
d = sys.argv[1]
case = """company: Samename
project: Service
kind: adoption
to: Go
year: 2020
org:
  size: oss
domain: developer tools
summary: One of many cases of one company.
drivers:
  - tag: deployment
    text: One binary.
    source: s{i}
sources:
  - id: s{i}
    title: Notes {i}
    publisher: Samename
    url: https://example.org/samename/{i}
    published: 2020-06
    verified: 2025-12
    kind: third-party
"""
for i in range(6000):
    open("%s/cases/c%04d.yaml" % (d, i), "w").write(case.format(i=i))
open(d + "/audiences/all.yaml", "w").write("""title: Every case
audience: Anyone
question: Go?
subject: Go
intro: All of them.
match:
  - tags: [deployment]
weights:
  recency: 1
balance: 0
questions:
  - Why?
""")
EOF
timed_mb "6,000 cases of one company" 1500 "$CASEBRIEF" -q --data "$D" --templates "$TPL" --fonts "$FONTS" \
	--today 2026-06-01 build -a all -o "$TMP/same-out"
expect_rc 0 "6,000 cases of one company"
M="$TMP/same-out/all.md"
[ "$(grep -c '^#* Samename' "$M")" -eq 6000 ] && pass || fail "6,000 cases: $(grep -c '^#* Samename' "$M") case headings"
grep -q '(#samename-service-5999)' "$M" && ! grep -q '(#samename-service-6000)' "$M" && pass ||
	fail "6,000 cases: the last anchor is not samename-service-5999"
[ "$(grep '^| \[' "$M" | grep -o '(#samename[-a-z0-9]*)' | sort | uniq -d | head -n 1)" = "" ] &&
	pass || fail "6,000 cases: one anchor is linked twice from the index"
tail -c 10 "$TMP/same-out/all.pdf" | grep -q '%%EOF' && pass || fail "6,000 cases: no whole PDF"

# ---- table cells --------------------------------------------------------

# tables_off: the last run warned that it read no tables
tables_off() { grep -q "tables are not read" "$err"; }

# Rows as short as "x" under a 510-column header: cmark-gfm pads every row
# to the header's width (6 KB of input once took 460 MB).
gen 'print("|" + "h|" * 510 + "\n|" + "-|" * 510 + "\n" + "x\n" * 4000)' "$TMP/padded.md"
timed_mb "4,000 one-cell rows under a 510-column header" 200 "$CASEBRIEF" render "$TMP/padded.md" -o "$TMP/r.pdf"
expect_rc 0 "padded rows"
tables_off && pass || fail "padded rows: no warning that tables are off"
expect_err "more than 100000 cells" "padded rows: the warning names the limit"

# Wide rows under the per-row limit, 2 MiB of them (8 MiB once took 3.7 GB).
gen 'print("|" + "h|" * 510 + "\n|" + "-|" * 510 + "\n" + ("|" + "x|" * 510 + "\n") * 2000)' "$TMP/wide.md"
timed_mb "2,000 rows of 510 columns" 600 "$CASEBRIEF" render "$TMP/wide.md" -o "$TMP/r.pdf"
expect_rc 0 "wide table"
tables_off && pass || fail "wide table: no warning that tables are off"

# Up to the limit, tables are read; just over it, they are not.
gen 'print("| " + " | ".join("c%d" % i for i in range(50)) + " |\n|" + "---|" * 50 + "\n" + ("| " + " | ".join("v" for i in range(50)) + " |\n") * 1990)' "$TMP/under.md"
timed_mb "99,600 cells" 400 "$CASEBRIEF" render "$TMP/under.md" -o "$TMP/r.pdf"
expect_rc 0 "99,600 cells"
tables_off && fail "99,600 cells: tables were turned off" || pass
gen 'print("| " + " | ".join("c%d" % i for i in range(50)) + " |\n|" + "---|" * 50 + "\n" + ("| " + " | ".join("v" for i in range(50)) + " |\n") * 2010)' "$TMP/over.md"
timed_mb "100,600 cells" 400 "$CASEBRIEF" render "$TMP/over.md" -o "$TMP/r.pdf"
tables_off && pass || fail "100,600 cells: tables were still read"

# Many small tables add up; blank lines end each one.
gen 'print("\n".join("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 100 for i in range(600)))' "$TMP/many.md"
timed_mb "600 tables of 100 rows" 400 "$CASEBRIEF" render "$TMP/many.md" -o "$TMP/r.pdf"
tables_off && pass || fail "600 tables of 100 rows: tables were still read"
gen 'print("\n".join("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 100 for i in range(100)))' "$TMP/some.md"
run "$CASEBRIEF" render "$TMP/some.md" -o "$TMP/r.pdf"
expect_rc 0 "100 tables of 100 rows"
tables_off && fail "100 tables of 100 rows: tables were turned off" || pass

# ---- options ----------------------------------------------------------------

printf '# A title\n\nSome text.\n' >"$TMP/doc.md"
for j in "$(printf '\t4')" " 4" "4 " "+4" "-4" "0" "1025" "4x" "" "0x4" "4
"; do
	run "$CASEBRIEF" -j "$j" render "$TMP/doc.md" -o "$TMP/j.pdf"
	expect_rc 2 "-j '$j'"
	expect_err "invalid --jobs" "-j '$j': the message"
done
run "$CASEBRIEF" -j 1024 render "$TMP/doc.md" -o "$TMP/j.pdf"
expect_rc 0 "-j 1024"

run "$CASEBRIEF" render "$TMP/doc.md" --dump-layout -o -
expect_rc 2 "render --dump-layout -o -"
[ ! -s "$out" ] && pass || fail "render --dump-layout -o -: wrote to standard output"
expect_err "dump-layout" "render --dump-layout -o -: the message"
run "$CASEBRIEF" render "$TMP/doc.md" --dump-layout -o "$TMP/dl.pdf"
expect_rc 0 "render --dump-layout -o FILE"
expect_out "^page 1" "render --dump-layout -o FILE: the layout"
expect_no_out "%PDF" "render --dump-layout -o FILE: no PDF on standard output"
head -c 5 "$TMP/dl.pdf" | grep -q '%PDF-' && pass || fail "render --dump-layout -o FILE: no PDF in FILE"

finish
