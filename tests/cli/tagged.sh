#!/bin/sh
# Tagged PDF (PDF/UA-1 structure): every brief of the shipped data set and
# `render` of a sample of the CommonMark spec's examples pass pdf_tags.py
# (catalog and page entries, XMP, marked content around everything drawn,
# ParentTree complete, headings never skipping, Figures with /Alt, links
# in the tree, header and footer artifacts, the struct-text words in the
# order of the Markdown). Then deliberately broken files must be caught.
. "$TESTS_DIR/cli/lib.inc"

ROOT=$(cd "$TESTS_DIR/.." && pwd)
CHECK="$TESTS_DIR/cli/pdf_tags.py"
SOURCE_DATE_EPOCH=1780272000
export SOURCE_DATE_EPOCH
need qpdf fix-qdf pdftotext pdfinfo python3

# ---- every shipped brief ------------------------------------------------------
mkdir -p "$TMP/briefs"
run "$CASEBRIEF" -q --data "$ROOT/data" --templates "$ROOT/templates" --today 2026-06-01 build --all -j 2 \
	-o "$TMP/briefs"
expect_rc 0 "build --all"
n=0
for pdf in "$TMP/briefs"/*.pdf; do
	[ -e "$pdf" ] || break
	n=$((n + 1))
	pdfinfo "$pdf" 2>/dev/null | grep -q '^Tagged: *yes' && pass || fail "$(basename "$pdf"): pdfinfo: not tagged"
	qpdf --check "$pdf" >"$TMP/q" 2>&1 && ! grep -qi warning "$TMP/q" && pass ||
		fail "$(basename "$pdf"): qpdf --check: $(tail -3 "$TMP/q")"
	# the cover has no running header or footer
	python3 "$CHECK" --furniture 1 --md "${pdf%.pdf}.md" --roles Document,H1,H2,P,L,LI,Lbl,LBody,Link,TOC,TOCI \
		"$pdf" >"$TMP/c" 2>&1 && pass || fail "$(head -20 "$TMP/c")"
	pdfinfo -struct-text "$pdf" >>"$TMP/all.struct" 2>/dev/null
done
[ "$n" -ge 5 ] && pass || fail "build --all wrote $n PDFs"
# over the whole set: tables (with header cells) and charts
for role in Table THead TBody TR TH TD Figure H3 H4; do
	grep -q "^ *$role\b" "$TMP/all.struct" && pass || fail "no $role element in any shipped brief"
done

# ---- render of CommonMark examples ------------------------------------------------
# The examples of some sections of the spec, each section one document
# (with the example numbers as paragraphs between them).
python3 - "$TESTS_DIR/spec/commonmark/spec.txt" "$TMP/spec" <<'EOF'
import os, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
want = {'ATX headings', 'Setext headings', 'Indented code blocks', 'Fenced code blocks', 'Paragraphs',
        'Block quotes', 'List items', 'Lists', 'Emphasis and strong emphasis', 'Links', 'Images',
        'Autolinks', 'Hard line breaks', 'Thematic breaks'}
os.makedirs(sys.argv[2], exist_ok=True)
fence = '`' * 32
sect, out = None, {}
for m in re.finditer(r'^(#{1,6}) ([^\n]*)$|^' + fence + r' example\n(.*?)^\.\n(.*?)^' + fence + r'$', text,
                     re.M | re.S):
    if m.group(1):
        sect = m.group(2).strip()
    elif sect in want:
        out.setdefault(sect, []).append(m.group(3).replace('\u2192', '\t'))
for k, (name, exs) in enumerate(sorted(out.items())):
    with open(os.path.join(sys.argv[2], '%02d.md' % k), 'w', encoding='utf-8') as f:
        for i, e in enumerate(exs):
            f.write('Example %d of %s.\n\n%s\n\n' % (i + 1, name, e))
EOF
m=0
for md in "$TMP/spec"/*.md; do
	[ -e "$md" ] || break
	m=$((m + 1))
	run "$CASEBRIEF" -q render "$md" -o "${md%.md}.pdf"
	expect_rc 0 "render $(basename "$md")"
	qpdf --check "${md%.md}.pdf" >"$TMP/q" 2>&1 && ! grep -qi warning "$TMP/q" && pass ||
		fail "$(basename "$md"): qpdf --check: $(tail -3 "$TMP/q")"
	python3 "$CHECK" "${md%.md}.pdf" >"$TMP/c" 2>&1 && pass || fail "$(basename "$md"): $(head -20 "$TMP/c")"
done
[ "$m" -ge 10 ] && pass || fail "only $m CommonMark sections"

# A plain document: its words in order in the structure's text, and the
# roles of lists, tables, quotes, code, links, notes and figures.
cat >"$TMP/doc.md" <<'EOF'
# Title

Some text with a [link](https://example.com/a) and a note.[^1]

[^1]: The note says this.

### Skipped a level

- one
- two
  1. nested
  2. list

> A quote of some words.

```
code block
```

| Name | Value |
|------|-------|
| a    | 1     |
| b    | 2     |

```chart
kind: bar
title: Votes
categories: [Yes, No]
series:
  - label: Count
    values: [3, 1]
```
EOF
run "$CASEBRIEF" -q render "$TMP/doc.md" -o "$TMP/doc.pdf"
expect_rc 0 "render doc.md"
python3 "$CHECK" --md "$TMP/doc.md" \
	--roles H1,H2,P,L,LI,Lbl,LBody,BlockQuote,Code,Table,THead,TBody,TR,TH,TD,Link,Note,Figure \
	"$TMP/doc.pdf" >"$TMP/c" 2>&1 && pass || fail "doc.md: $(head -20 "$TMP/c")"
pdfinfo -struct-text "$TMP/doc.pdf" >"$TMP/doc.struct" 2>&1
grep -q '^ *H3' "$TMP/doc.struct" && fail "a Markdown H1 then H3 is tagged H3" || pass

# ---- broken files are caught ----------------------------------------------------
# break.py IN OUT WHAT: a copy of IN with one thing broken (through QDF).
cat >"$TMP/break.py" <<'EOF'
import re, subprocess, sys
src, dst, what = sys.argv[1:4]
subprocess.run(['qpdf', '--qdf', '--object-streams=disable', src, dst + '.qdf'], check=True)
b = open(dst + '.qdf', 'rb').read()
if what == 'parenttree':
    # swap the first two different elements of page 1's ParentTree array
    n = re.search(rb'/ParentTree (\d+) 0 R', b).group(1)
    at = b.index(b'\n' + n + b' 0 obj')
    m = re.search(rb'/Nums \[\s*0\s*\[\s*((?:\d+ 0 R\s*)+)\]', b[at:])
    refs = re.findall(rb'\d+ 0 R', m.group(1))
    j = next(k for k in range(1, len(refs)) if refs[k] != refs[0])
    refs[0], refs[j] = refs[j], refs[0]
    s, e = at + m.start(1), at + m.end(1)
    b = b[:s] + b' '.join(refs) + b' ' + b[e:]
elif what == 'heading':
    b = b.replace(b'/S /H2', b'/S /H4', 1)
elif what == 'alt':
    b = re.sub(rb'/Alt \((?:[^()\\]|\\.)*\)', b'/Alt ()', b, count=1)
elif what == 'unmarked':
    # the first marked content of a page's text, no longer marked
    b = re.sub(rb'/P <</MCID (\d+)>> BDC', lambda m: b' ' * len(m.group(0)), b, count=1)
open(dst + '.qdf', 'wb').write(b)
subprocess.run(['fix-qdf', dst + '.qdf'], stdout=open(dst, 'wb'), check=True)
EOF
for what in parenttree heading alt unmarked; do
	case $what in
	parenttree) want='ParentTree: page 1 MCID' ;;
	heading) want='skips' ;;
	alt) want='Alt' ;;
	unmarked) want='not in marked content\|EMC' ;;
	esac
	python3 "$TMP/break.py" "$TMP/doc.pdf" "$TMP/broken-$what.pdf" "$what" 2>"$TMP/b.err" ||
		fail "break.py $what: $(head -3 "$TMP/b.err")"
	python3 "$CHECK" "$TMP/broken-$what.pdf" >"$TMP/c" 2>&1 && fail "a broken $what is not caught" || pass
	grep -q "$want" "$TMP/c" && pass || fail "broken $what: no '$want' in: $(head -5 "$TMP/c")"
done

finish
