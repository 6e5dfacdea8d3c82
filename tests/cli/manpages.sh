#!/bin/sh
# The man pages: each renders with man and groff without a warning, and
# the two references say what the program does: casebrief-data(5) names
# every key and value the loader reads, casebrief-templates(7) every key
# of the template context that the assembly sets and no key it does not
# (so a change of the context that leaves the page behind fails here), and
# every key of a chart spec.
. "$TESTS_DIR/cli/lib.inc"
need man groff python3
ROOT=$(cd "$TESTS_DIR/.." && pwd)
BUILD_DIR=$(cd "$(dirname "$CASEBRIEF")" && pwd)

for page in casebrief.1 casebrief-data.5 casebrief-templates.7; do
	f="$BUILD_DIR/$page"
	[ -f "$f" ] && pass || { fail "$f is not built"; continue; }
	name=$(echo "$page" | sed 's/\.[0-9]$//' | tr a-z A-Z)
	sec=${page##*.}
	head -1 "$f" | grep -q "^\.TH $name $sec " && pass || fail "$page: .TH line: $(head -1 "$f")"
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$f" >"$TMP/groff" 2>&1
	[ ! -s "$TMP/groff" ] && pass || fail "$page: groff warns: $(head -5 "$TMP/groff")"
	MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$f" >"$TMP/man" 2>"$TMP/manerr"
	[ $? -eq 0 ] && [ ! -s "$TMP/manerr" ] && pass || fail "$page: man -l: $(head -5 "$TMP/manerr")"
	grep -q "^NAME" "$TMP/man" && grep -q "^SEE ALSO" "$TMP/man" && pass ||
		fail "$page: no NAME or SEE ALSO section"
	# nothing but ASCII reaches groff (cmark-gfm writes escapes for the rest)
	LC_ALL=C grep -q '[^ -~	]' "$f" && fail "$page: non-ASCII bytes" || pass
done

python3 - "$ROOT" >"$TMP/keys" 2>&1 <<'PY'
import os, re, sys
root = sys.argv[1]
src = os.path.join(root, "src")
def read(p):
    with open(os.path.join(root, p), encoding="utf-8") as f:
        return f.read()
def bold(md):
    # **key** (the source escapes _ as \_), but not **page**(N)
    return set(w.replace("\\_", "_")
               for w in re.findall(r"\*\*([a-z][a-z0-9\\_-]*)\*\*(?!\()", md))
problems = []

# casebrief-data(5): every key of the loader's key lists and every value
# of its enums.
data = bold(read("src/doc/casebrief-data.5.md"))
arrays = []
for f in ("data/load.c", "data/load_aud.c", "data/load_case.c", "data/load_info.c",
          "data/model.c"):
    text = read(os.path.join("src", f))
    for m in re.finditer(r"const char \*const (\w+)\[[^\]]*\] = \{([^}]*)\}", text):
        if m.group(1).endswith(("_keys", "_names")) and m.group(1) != "stance_names":
            arrays += re.findall(r'"([^"]*)"', m.group(2))
for k in sorted(set(arrays)):
    if k not in data:
        problems.append("casebrief-data.5 does not name **%s**" % k)

# casebrief-templates(7): the keys set by the assembly (and by compare.c,
# the "What changed" map), against the keys
# the page lists in THE CONTEXT.
md = read("src/doc/casebrief-templates.7.md")
context = md[md.index("# THE CONTEXT"):md.index("# HEADINGS AND ANCHORS")]
documented = bold(context)
code = set()
for f in sorted(os.listdir(os.path.join(src, "brief"))):
    if (f.startswith("assemble") or f == "compare.c") and f.endswith(".c"):
        code |= set(re.findall(r'\b(?:ctx_set\w*|as_set\w*|set_fact)\s*\(\s*[\w>.-]+\s*,\s*"([a-z_]+)"',
                               read(os.path.join("src/brief", f))))
# set in loops: the case kinds' counts (counts.migration, ...) and the
# grades' (method.grades.a, ...)
code |= {"migration", "adoption", "rejection", "a", "b", "c"}
for k in sorted(code - documented):
    problems.append("casebrief-templates.7 does not document the context key **%s**" % k)
for k in sorted(documented - code - {"false", "true"}):
    problems.append("casebrief-templates.7 documents **%s**, which the assembly does not set" % k)

# chart specs: every key chart.c reads
chart = md[md.index("# CHART BLOCKS"):md.index("# EXAMPLES")]
ckeys = set()
for m in re.finditer(r"const char \*const \w+\[[^\]]*\] = \{([^}]*)\}", read("src/markdown/chart.c")):
    ckeys |= set(re.findall(r'"([a-z_]+)"', m.group(1)))
for k in sorted(ckeys - bold(chart)):
    problems.append("casebrief-templates.7 CHART BLOCKS does not name **%s**" % k)
print("\n".join(problems))
print("%d data names, %d context keys, %d chart keys; %d problems" %
      (len(set(arrays)), len(code), len(ckeys), len(problems)))
PY
tail -1 "$TMP/keys" | grep -q '; 0 problems$' && pass || { fail "the references and the code differ:"; cat "$TMP/keys"; }
finish
