"""The Mermaid charts of built briefs, drawn by Mermaid itself
(tests/cli/mermaid.sh).

  mermaid_check.py collect OUT.md FILE.md...   every ```mermaid block of the
                                               files into OUT.md, in order
  mermaid_check.py check OUT.md DIR            the SVGs mmdc drew from OUT.md
                                               (DIR/out-1.svg, ...) against
                                               their sources

An SVG passes when Mermaid drew it without an error; its title is the
source's, short enough to be drawn whole (Mermaid cuts nothing: a long
title runs off the chart); every category label is there; the value axis
has no tick labels (Mermaid would put them at fractions of a case); and
every bar is as long as its value says: a 0 draws nothing, no stub, and
the other bars keep their proportions. Prints "ok ..." or the problem,
one line per chart; exits 1 on a problem.
"""
import html
import re
import sys

BLOCK = re.compile(r"^``` ?mermaid\n(.*?)^```", re.S | re.M)
TITLE_MAX = 60


def collect(out, files):
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in files:
            for b in BLOCK.findall(open(path, encoding="utf-8").read()):
                f.write("```mermaid\n%s```\n\n" % b)
                n += 1
    print(n)


def source_facts(src):
    title = re.search(r'^\s*title "(.*)"$', src, re.M)
    cats = re.search(r'^\s*x-axis (?:"[^"]*" )?\[(.*)\]$', src, re.M)
    plots = [[float(x) for x in p.split(",")] for p in re.findall(r"^\s*bar \[(.*)\]$", src, re.M)]
    return (title.group(1) if title else None,
            re.findall(r'"([^"]*)"', cats.group(1)) if cats else [],
            plots, "horizontal" in src.split("\n", 2)[1])


def check_one(src, svg):
    if "Syntax error" in svg or "error-text" in re.sub(r"<style>.*?</style>", "", svg, flags=re.S):
        return "Mermaid drew an error"
    title, cats, plots, horizontal = source_facts(src)
    got = re.search(r'<g class="chart-title"><text[^>]*>(.*?)</text>', svg)
    if title is not None:
        if not got or html.unescape(got.group(1)) != title:
            return "title %r drawn as %r" % (title, got and got.group(1))
        if len(title) > TITLE_MAX:
            return "title longer than %d characters: %r" % (TITLE_MAX, title)
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    for c in cats:
        if c not in texts:
            return "category %r is not drawn" % c
    for t in texts:
        if re.fullmatch(r"\d+\.\d+", t):
            return "a tick label at a fraction: %s" % t
    for k, values in enumerate(plots):
        g = re.search(r'<g class="bar-plot-%d">(.*?)</g>' % k, svg, re.S)
        if not g:
            return "plot %d is not drawn" % k
        rects = re.findall(r'<rect [^>]*width="([\d.]+)" height="([\d.]+)"', g.group(1))
        sizes = [float(w if horizontal else h) for w, h in rects]
        if len(sizes) != len(values):
            return "plot %d: %d bars for %d values" % (k, len(sizes), len(values))
        top = max(values) or 1
        unit = max(sizes) / top if max(sizes) else 0
        for v, s in zip(values, sizes):
            if v == 0 and s > 0.01:
                return "plot %d: a value of 0 draws a stub of %.1f px" % (k, s)
            if v > 0 and abs(s - v * unit) > 1.5:
                return "plot %d: the bar of %g is %.1f px, want %.1f" % (k, v, s, v * unit)
    return "ok %s (%d categories, %d plots)" % (title or "untitled", len(cats), len(plots))


def check(src_md, outdir):
    blocks = BLOCK.findall(open(src_md, encoding="utf-8").read())
    bad = 0
    for i, b in enumerate(blocks, 1):
        try:
            svg = open("%s/out-%d.svg" % (outdir, i), encoding="utf-8").read()
        except OSError:
            print("chart %d: no SVG was drawn" % i)
            bad = 1
            continue
        r = check_one(b, svg)
        bad |= not r.startswith("ok")
        print(r if r.startswith("ok") else "chart %d: %s" % (i, r))
    if not blocks:
        print("no chart")
        bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    if sys.argv[1] == "collect":
        collect(sys.argv[2], sys.argv[3:])
    else:
        check(sys.argv[2], sys.argv[3])
