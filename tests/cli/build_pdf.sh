#!/bin/sh
# PDF briefs from `casebrief build` (issue 4's acceptance checks): for every
# brief of the shipped data set and of tests/data/brief, the PDF passes
# `qpdf --check`, every font is embedded with a Unicode map, pdftotext is
# silent, every word of the Markdown version is in the PDF's text, the
# document info is filled in, the Markdown's contents list is not repeated,
# and two runs give identical bytes. Also: what `-o -` writes.
. "$TESTS_DIR/cli/lib.inc"

ROOT=$(cd "$TESTS_DIR/.." && pwd)
TPL="$ROOT/templates"
SOURCE_DATE_EPOCH=1780272000
export SOURCE_DATE_EPOCH
need qpdf pdffonts pdftotext pdfinfo python3

# The word check. A Markdown word is a run of letters and digits (NFKC,
# case folded) outside link destinations, URLs, backslash escapes, fence
# info strings and table delimiter rows. A Mermaid block is the GFM form
# of a chart the PDF draws: its title, axis names and category labels are
# words (the "(blue)"-style colour hints and the data are not). The PDF's
# words come from `pdftotext -raw` (content order: the default mode's
# dehyphenation glues "platform-specific" split at a line end into one
# word); a word hyphenated at a line end counts when its halves join.
cat >"$TMP/words.py" <<'EOF'
import re, subprocess, sys, unicodedata
from pdftext import TABLE_RULE, md_inline_text
WORD = re.compile(r"[^\W_]+")
def norm(s):
    return unicodedata.normalize('NFKC', s).casefold()
def md_words(text):
    out, lines, i = [], text.split('\n'), 0
    while i < len(lines):
        m = re.match(r'^\s*(`{3,}|~{3,})\s*(\S*)', lines[i])
        if m:
            fence, info, body = m.group(1), m.group(2), []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i]); i += 1
            i += 1
            if info != 'mermaid':
                out.extend(body)
                continue
            for b in body:
                b = b.strip()
                if b.startswith('title'):
                    for s in re.findall(r'"([^"]*)"', b):
                        out.append(re.sub(r'\((blue|red|grey|gray|green|orange|purple)\)', ' ', s))
                elif b.startswith(('x-axis', 'y-axis')):
                    out.extend(re.findall(r'"([^"]*)"', b))
            continue
        if not TABLE_RULE.match(lines[i]):
            # an ordered list's numbers: the PDF's contents page, which
            # replaces the Markdown's numbered Contents list, has none
            out.append(re.sub(r'^(\s*)[0-9]+[.)]\s', r'\1', lines[i]))
        i += 1
    return set(WORD.findall(norm(md_inline_text('\n'.join(out)))))
def pdf_words(text):
    text = norm(text)
    have = set(WORD.findall(text))
    for a, b in re.findall(r'([^\W_]+)-\n\s*([^\W_]+)', text):
        have.add(a + b)
    return have
md = open(sys.argv[1], encoding='utf-8').read()
p = subprocess.run(['pdftotext', '-raw', '-enc', 'UTF-8', sys.argv[2], '-'],
                   capture_output=True, text=True)
missing = sorted(md_words(md) - pdf_words(p.stdout))
if p.returncode or p.stderr.strip():
    print('pdftotext -raw: exit %d: %s' % (p.returncode, p.stderr.strip()[:300]))
    sys.exit(1)
if missing:
    print('%d missing: %s' % (len(missing), ' '.join(missing[:40])))
    sys.exit(1)
EOF

# check_pdf PDF MD: every check on one brief
check_pdf() {
	pdf="$1"; md="$2"; name=$(basename "$pdf")
	head -c 5 "$pdf" | grep -q '^%PDF-' && pass || fail "$name: not a PDF"
	qpdf --check "$pdf" >"$TMP/q" 2>&1
	q=$?
	[ $q -eq 0 ] && ! grep -qi 'warning' "$TMP/q" && pass ||
		fail "$name: qpdf --check (exit $q): $(grep -i -m3 'warn\|error' "$TMP/q")"
	pdffonts "$pdf" >"$TMP/f" 2>&1 || fail "$name: pdffonts failed"
	# columns from the right: ... emb sub uni objnum gen
	bad=$(awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-2) != "yes")' "$TMP/f")
	nf=$(awk 'NR > 2' "$TMP/f" | wc -l)
	[ -z "$bad" ] && [ "$nf" -gt 0 ] && pass || fail "$name: fonts not embedded with a Unicode map: $bad"
	pdftotext -enc UTF-8 "$pdf" "$TMP/t.txt" 2>"$TMP/t.err"
	[ $? -eq 0 ] && [ ! -s "$TMP/t.err" ] && pass || fail "$name: pdftotext said: $(head -c 300 "$TMP/t.err")"
	PYTHONPATH="$TESTS_DIR/cli" python3 "$TMP/words.py" "$md" "$pdf" >"$TMP/w" 2>&1 && pass ||
		fail "$name: words of $(basename "$md") not in the PDF: $(cat "$TMP/w")"
	n=$(grep -c '^Contents$' "$TMP/t.txt")
	[ "$n" -eq 1 ] && pass || fail "$name: 'Contents' set $n times (the Markdown's list should be left out)"
	pdfinfo "$pdf" >"$TMP/i" 2>&1
	for k in Title Subject Keywords; do
		grep -q "^$k: *[^ ]" "$TMP/i" && pass || fail "$name: no $k in the document info"
	done
	# The Author is dataset.yaml's curator, and nobody without one (never
	# the program's name).
	if [ -n "$curator" ]; then
		grep -qx "Author: *$curator" "$TMP/i" && pass ||
			fail "$name: Author is not the curator '$curator': $(grep Author "$TMP/i")"
	else
		! grep -q "^Author:" "$TMP/i" && pass || fail "$name: an Author with no curator: $(grep Author "$TMP/i")"
	fi
	grep -q '^Pages: *[3-9]\|^Pages: *[1-9][0-9]' "$TMP/i" && pass ||
		fail "$name: want a cover, a contents page and the brief: $(grep Pages "$TMP/i")"
}

# build_all DATA DIR: every brief of DATA, both formats, into DIR
build_all() {
	run "$CASEBRIEF" -q --data "$1" --templates "$TPL" --today 2026-06-01 build --all -j 2 -o "$2"
	expect_rc 0 "build --all ($1)"
}

for data in "$TESTS_DIR/data/brief" "$TESTS_DIR/data/northwind" "$ROOT/data"; do
	[ -d "$data/audiences" ] || { fail "no audiences in $data"; continue; }
	tag=$(basename "$data")
	curator=$(sed -n 's/^curator: *//p' "$data/dataset.yaml" 2>/dev/null)
	build_all "$data" "$TMP/$tag.1"
	nmd=0
	for md in "$TMP/$tag.1"/*.md; do
		[ -f "$md" ] || continue
		nmd=$((nmd + 1))
		pdf="${md%.md}.pdf"
		[ -f "$pdf" ] && pass || { fail "no PDF beside $md"; continue; }
		check_pdf "$pdf" "$md"
	done
	naud=$(ls "$data/audiences" | grep -c '\.yaml$')
	[ "$nmd" -eq "$naud" ] && pass || fail "$tag: $nmd briefs for $naud audiences"
	# the same bytes the second time
	build_all "$data" "$TMP/$tag.2"
	diff -r "$TMP/$tag.1" "$TMP/$tag.2" >/dev/null && pass || fail "$tag: two runs differ"
done

# -o -: the Markdown by default, the PDF with -f pdf; never a file named "-"
CB="$CASEBRIEF -q --data $TESTS_DIR/data/brief --templates $TPL --today 2026-06-01"
cd "$TMP" || exit 1
$CB build -a latency -o - >"$TMP/stdout.md" 2>"$TMP/e1"
[ $? -eq 0 ] && cmp -s "$TMP/stdout.md" "$TMP/brief.1/latency.md" && pass ||
	fail "-o - should write only the Markdown: $(head -c 200 "$TMP/e1")"
$CB build -a latency -f pdf -o - >"$TMP/stdout.pdf" 2>"$TMP/e2"
[ $? -eq 0 ] && cmp -s "$TMP/stdout.pdf" "$TMP/brief.1/latency.pdf" && pass ||
	fail "-f pdf -o - should write the PDF: $(head -c 200 "$TMP/e2")"
[ ! -e "$TMP/-" ] && pass || fail "-o - created a file named -"

# -f pdf writes no Markdown; -f md no PDF
run $CB build -a latency -f pdf -o "$TMP/only"
expect_rc 0 "-f pdf"
[ -f "$TMP/only/latency.pdf" ] && [ ! -e "$TMP/only/latency.md" ] && pass || fail "-f pdf wrote: $(ls "$TMP/only")"

# a style file that does not validate stops the build before any brief (65)
printf 'page:\n  sise: a4\n' >"$TMP/bad-style.yaml"
run $CB build -a latency --style "$TMP/bad-style.yaml" -o "$TMP/bs"
expect_rc 65 "invalid --style"
expect_err 'bad-style.yaml:2:3:' "invalid --style position"
[ ! -e "$TMP/bs/latency.md" ] && pass || fail "invalid --style still wrote a brief"
# ... but it does not matter to a Markdown-only build
run $CB build -a latency -f md --style "$TMP/bad-style.yaml" -o "$TMP/bs"
expect_rc 0 "-f md ignores the style"

finish
