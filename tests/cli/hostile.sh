#!/bin/sh
# Hostile documents: each one must end in bounded time with a proper exit
# code (0, 1, 65 or 74; never a signal), and the limits must hold.
# Inputs are generated at run time (python3), nothing big is committed.
# Prints the time of every case; HOSTILE_LIMIT (seconds, default 10; 60
# under valgrind or a sanitizer build) is the most a case may take; a case
# is killed after 20 s (120 s under valgrind or a sanitizer).
. "$TESTS_DIR/cli/lib.inc"

LIMIT=${HOSTILE_LIMIT:-10}
KILL=20
case "$CASEBRIEF" in
*valgrind*|*asan*|*ubsan*) LIMIT=${HOSTILE_LIMIT:-60}; KILL=120 ;;
esac
TAGS="$TESTS_DIR/data/brief/tags.yaml"
need python3 qpdf pdftotext

gen() { python3 -c "$1" >"$2"; }

# render_ok NAME FILE [FILTER WANT]: typesets FILE.md, wants exit 0 and a
# PDF that qpdf accepts; with FILTER, `pdftotext | FILTER` must print WANT.
render_ok() {
	timed "$1" "$CASEBRIEF" -q render "$2" -o "$TMP/r.pdf"
	expect_rc 0 "$1"
	if head -c 5 "$TMP/r.pdf" 2>/dev/null | grep -q '%PDF-'; then pass
	else fail "$1: no PDF written"; fi
	if [ -s "$TMP/r.pdf" ]; then
		qpdf --check "$TMP/r.pdf" >"$TMP/qpdf" 2>&1 && pass \
			|| fail "$1: qpdf --check: $(tail -n 3 "$TMP/qpdf")"
	fi
	[ -n "$3" ] && [ -s "$TMP/r.pdf" ] &&
		{ n=$(pdftotext "$TMP/r.pdf" - 2>/dev/null | eval "$3");
		  [ "$n" = "$4" ] && pass || fail "$1: text check '$3' gives $n, want $4"; }
	rm -f "$TMP/r.pdf"
}

# ---- Markdown, through the typesetter --------------------------------

gen 'print("# A long word\n\n" + "x" * 200000)' "$TMP/word.md"
render_ok "200,000-character word" "$TMP/word.md" "tr -cd x | wc -c" 200000

gen 'print("a " + "y" * 200000 + " b\n\n`" + "z" * 50000 + "`\n\n    " + "w" * 50000)' "$TMP/word2.md"
render_ok "long words in text, code span and code block" "$TMP/word2.md"

gen 'print("| n | text |\n|---|---|\n" + "".join("| %d | row %d of a long table |\n" % (i, i) for i in range(10000)))' "$TMP/table.md"
render_ok "10,000-row table" "$TMP/table.md" "grep -c 'of a long table'" 10000

gen 'print("|" + "a|" * 400 + "\n|" + "-|" * 400 + "\n" + ("|" + "b|" * 400 + "\n") * 50)' "$TMP/wide.md"
render_ok "400-column table" "$TMP/wide.md"

gen 'print("".join("  " * i + "- item %d\n" % i for i in range(1000)))' "$TMP/lists.md"
render_ok "lists nested 1,000 deep" "$TMP/lists.md"

gen 'print("- " * 1000 + "x\n\n" + "1. " * 1000 + "y")' "$TMP/lists2.md"
render_ok "lists nested 1,000 deep on one line" "$TMP/lists2.md"

gen 'print("> " * 1000 + "deep\n")' "$TMP/quotes.md"
render_ok "block quotes nested 1,000 deep" "$TMP/quotes.md"

gen 'print("".join("> " * i + "line %d\n" % i for i in range(1000)))' "$TMP/quotes2.md"
render_ok "block quotes deepening over 1,000 lines" "$TMP/quotes2.md"

gen 'print("`" * 50000)' "$TMP/ticks.md"
render_ok "50,000 backticks" "$TMP/ticks.md"

gen 'print("".join("e" + "`" * i for i in range(1, 316)))' "$TMP/ticks2.md"
render_ok "backtick strings of every length (50,000 in all)" "$TMP/ticks2.md"

gen 'print("*a " * 20000)' "$TMP/star.md"
render_ok "20,000 unclosed * openers" "$TMP/star.md"

gen 'print("_a " * 20000)' "$TMP/under.md"
render_ok "20,000 unclosed _ openers" "$TMP/under.md"

gen 'print("[a " * 20000)' "$TMP/bracket.md"
render_ok "20,000 unclosed [ openers" "$TMP/bracket.md"

gen 'print("[a](b " * 20000)' "$TMP/bracket2.md"
render_ok "20,000 unclosed link destinations" "$TMP/bracket2.md"

gen 'print("[" * 20000 + "a" + "]" * 20000)' "$TMP/nestlinks.md"
render_ok "20,000 nested brackets" "$TMP/nestlinks.md"

gen 'print("**" * 10000 + "x" + "**" * 10000)' "$TMP/nestemph.md"
render_ok "emphasis nested 10,000 deep" "$TMP/nestemph.md"

gen 'print("a~" * 20000 + "\n\n" + "~~a " * 10000)' "$TMP/tilde.md"
render_ok "20,000 strikethrough openers" "$TMP/tilde.md"

gen 'print("".join("www.a%d.com " % i for i in range(10000)))' "$TMP/autolink.md"
render_ok "10,000 autolinks" "$TMP/autolink.md"

gen 'print("".join("[%d]: http://x/%d\n" % (i, i) for i in range(10000)) + "".join("[%d] " % i for i in range(10000)))' "$TMP/refs.md"
render_ok "10,000 link reference definitions" "$TMP/refs.md"

gen 'print("".join("# heading %d\n\ntext\n\n" % i for i in range(3000)))' "$TMP/heads.md"
render_ok "3,000 headings (a long contents page)" "$TMP/heads.md"

# A long section heading is shown, shortened, in the running header of
# every page: shortening must not cost the heading's length squared.
gen 'print("# T\n\n## " + "x" * 20000 + "\n\n" + "\n\n".join("para %d " % i + "word " * 60 for i in range(300)))' "$TMP/longhead.md"
render_ok "20,000-character section heading over 40 pages" "$TMP/longhead.md"

gen 'print("# " + "t" * 200000 + "\n\n## " + "s" * 200000 + "\n\ntext\n")' "$TMP/longtitle.md"
render_ok "200,000-character title and section heading" "$TMP/longtitle.md"

gen 'print("x\n" * 100000)' "$TMP/lines.md"
render_ok "100,000 soft line breaks" "$TMP/lines.md"

gen 'print("\u4e00" * 50000 + "\n\n" + "\U0001F600" * 20000 + "\n\n" + "\u0301" * 20000)' "$TMP/unicode.md"
render_ok "50,000 CJK, 20,000 emoji, 20,000 combining marks" "$TMP/unicode.md"

# Above the render limit: refused cleanly, the limit named, no PDF.
gen 'print("x" * (8 * 1024 * 1024 + 10))' "$TMP/huge.md"
timed "Markdown above the render limit" "$CASEBRIEF" render "$TMP/huge.md" -o "$TMP/huge.pdf"
expect_rc 65 "Markdown above the render limit"
expect_err "8388608\|8 MiB" "Markdown above the render limit names the limit"
[ ! -e "$TMP/huge.pdf" ] && pass || fail "Markdown above the render limit: a PDF was written"
rm -f "$TMP/huge.md"

# ---- YAML data ------------------------------------------------------

# data_dir NAME: a fresh data directory with a valid vocabulary
data_dir() {
	rm -rf "$TMP/$1"
	mkdir -p "$TMP/$1/cases" "$TMP/$1/audiences"
	cp "$TAGS" "$TMP/$1/tags.yaml"
	D="$TMP/$1"
}

data_dir deep
gen 'print("company: " + "[" * 10000 + "]" * 10000)' "$D/cases/deep.yaml"
timed "YAML flow nested 10,000 deep" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "YAML flow nested 10,000 deep"
expect_err "deep.yaml:[0-9]*:[0-9]*: .*nest" "YAML flow nested 10,000 deep: positioned message"

data_dir deepblock
gen 'print("".join(" " * i + "k%d:\n" % i for i in range(1400)) + " " * 1400 + "v")' "$D/cases/deep.yaml"
timed "YAML block mappings nested 1,400 deep (1 MiB)" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "YAML block mappings nested 1,400 deep"
expect_err "deep.yaml:[0-9]*:[0-9]*: .*nest" "YAML block mappings nested 1,400 deep: positioned message"

data_dir deepseq
gen 'print("questions:\n  " + "- " * 10000 + "x")' "$D/audiences/deep.yaml"
timed "YAML block sequences nested 10,000 deep" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "YAML block sequences nested 10,000 deep"
expect_err "deep.yaml:[0-9]*:[0-9]*: .*nest" "YAML block sequences nested 10,000 deep: positioned message"

data_dir bomb
gen '
print("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]")
for i in range(1, 30):
    p, c = chr(ord("a") + (i - 1) % 26) * (1 + (i - 1) // 26), chr(ord("a") + i % 26) * (1 + i // 26)
    print("%s: &%s [%s]" % (c, c, ",".join(["*" + p] * 9)))' "$D/cases/bomb.yaml"
timed "alias bomb" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "alias bomb"
expect_err "bomb.yaml:[0-9]*:[0-9]*: .*alias" "alias bomb: positioned message"

data_dir bomb2
cp "$D/../bomb/cases/bomb.yaml" "$D/tags.yaml"
timed "alias bomb as tags.yaml" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "alias bomb as tags.yaml"

data_dir big
gen 'print("company: " + "a" * (1024 * 1024))' "$D/cases/big.yaml"
timed "data file above the size limit" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "data file above the size limit"
expect_err "big.yaml.*1048576\|big.yaml.*1 MiB" "data file above the size limit names the file and the limit"

data_dir manykeys
gen 'print("".join("k%d: v\n" % i for i in range(50000)))' "$D/cases/keys.yaml"
timed "50,000 unknown keys (error cap)" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "50,000 unknown keys"
n=$(wc -l <"$err")
[ "$n" -le 110 ] && pass || fail "50,000 unknown keys: $n lines of messages (want the per-file cap)"

data_dir manyfiles
python3 -c '
import sys
for i in range(2000):
    open("%s/cases/c%04d.yaml" % (sys.argv[1], i), "w").write("company: [\n")' "$D"
timed "2,000 broken case files" "$CASEBRIEF" check --data "$D" --today 2026-06-01
expect_rc 65 "2,000 broken case files"

data_dir longline
gen 'print("company: \"" + "\\u00e9" * 150000 + "\"")' "$D/cases/esc.yaml"
timed "150,000 escapes in one scalar" "$CASEBRIEF" check --data "$D" --today 2026-06-01
case $rc in 0|65) pass ;; *) fail "150,000 escapes in one scalar: exit $rc" ;; esac

# A 70,000-character company name becomes a heading (and a bookmark, whose
# strings libharu caps at 65,535 bytes): `check` must refuse it, or every
# brief must still be written.
rm -rf "$TMP/longco"
mkdir -p "$TMP/longco"
cp -R "$TESTS_DIR/data/brief/." "$TMP/longco/"
python3 -c '
import sys
p = sys.argv[1] + "/cases/pollen-cli.yaml"
s = open(p).read().replace("company: Pollen", "company: \"" + "P" * 70000 + "\"")
open(p, "w").write(s)' "$TMP/longco"
timed "70,000-character company name: check" "$CASEBRIEF" -q --data "$TMP/longco" --today 2026-06-01 check
case $rc in 0|65) pass ;; *) fail "70,000-character company name: check exit $rc" ;; esac
if [ "$rc" -eq 0 ]; then
	timed "70,000-character company name: build --all" "$CASEBRIEF" -q --data "$TMP/longco" \
		--templates "$TESTS_DIR/../templates" --today 2026-06-01 build --all -o "$TMP/longco-out"
	expect_rc 0 "70,000-character company name: check accepts it, so build --all must write every brief"
fi

# F11: a URL of 65,536 characters or more made libharu refuse the PDF while
# `check` accepted it. Data refuses URLs over 8,192 bytes; a Markdown link
# to a longer one becomes its text; a URL under the limit still builds.
for n in 70000 8000; do
	rm -rf "$TMP/longurl"
	mkdir -p "$TMP/longurl"
	cp -R "$TESTS_DIR/data/brief/." "$TMP/longurl/"
	python3 -c '
import re, sys
p = sys.argv[1] + "/cases/ledgerly.yaml"
s = re.sub(r"url: (\S+)", lambda m: "url: " + m.group(1) + "?q=" + "a" * int(sys.argv[2]), open(p).read(), count=1)
open(p, "w").write(s)' "$TMP/longurl" "$n"
	timed "$n-character source url: check" "$CASEBRIEF" -q --data "$TMP/longurl" --today 2026-06-01 check
	if [ "$n" -gt 8192 ]; then
		expect_rc 65 "$n-character url refused by check"
		expect_err "longer than the limit of 8,192 bytes" "$n-character url: the message names the limit"
	else
		expect_rc 0 "$n-character url accepted by check"
		timed "$n-character source url: build --all" "$CASEBRIEF" -q --data "$TMP/longurl" \
			--templates "$TESTS_DIR/../templates" --today 2026-06-01 build --all -o "$TMP/longurl-out"
		expect_rc 0 "$n-character url: check accepts it, so build --all must write every brief"
	fi
done
gen 'print("[a long link](https://example.com/?q=" + "a" * 70000 + ") in text")' "$TMP/longlink.md"
render_ok "70,000-character link target" "$TMP/longlink.md" "grep -c 'a long link in text'" 1

# Trojan Source: bidirectional controls in data. check warns at the value;
# neither output carries them (each becomes U+FFFD).
rm -rf "$TMP/bidi"
mkdir -p "$TMP/bidi"
cp -R "$TESTS_DIR/data/brief/." "$TMP/bidi/"
python3 -c '
import sys
p = sys.argv[1] + "/cases/pollen-cli.yaml"
s = open(p).read().replace("company: Pollen", "company: \"Pollen \u202eevil\u202c \u2066x\u2069\"")
open(p, "w").write(s)' "$TMP/bidi"
timed "bidi controls: check" "$CASEBRIEF" --data "$TMP/bidi" --today 2026-06-01 check
expect_rc 0 "bidi controls: check warns, no error"
expect_err "pollen-cli.yaml:1:10: warning: 'company' holds the bidirectional control character U+202E" "bidi controls: positioned warning"
timed "bidi controls: build" "$CASEBRIEF" -q --data "$TMP/bidi" --templates "$TESTS_DIR/../templates" \
	--today 2026-06-01 build --all -o "$TMP/bidi-out"
expect_rc 0 "bidi controls: build"
if python3 -c '
import glob, subprocess, sys
bad = [chr(c) for c in list(range(0x202a, 0x202f)) + list(range(0x2066, 0x206a))]
texts = [open(f, encoding="utf-8").read() for f in glob.glob(sys.argv[1] + "/*.md")]
texts += [subprocess.run(["pdftotext", f, "-"], capture_output=True, text=True).stdout
	  for f in glob.glob(sys.argv[1] + "/*.pdf")]
ok = texts and all(not any(b in t for b in bad) for t in texts) and all("\ufffd" in t for t in texts)
sys.exit(0 if ok else 1)' "$TMP/bidi-out"; then pass; else fail "bidi controls reached an output, or no U+FFFD stands in for them"; fi

# A style file nested deep, or above the limit.
gen 'print("page: " + "{a: " * 5000 + "1" + "}" * 5000)' "$TMP/deepstyle.yaml"
printf '# x\n' >"$TMP/x.md"
timed "style nested 5,000 deep" "$CASEBRIEF" --style "$TMP/deepstyle.yaml" render "$TMP/x.md" -o "$TMP/x.pdf"
expect_rc 65 "style nested 5,000 deep"

finish
