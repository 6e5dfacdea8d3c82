#!/usr/bin/env python3
"""make bench: casebrief against its peers on one document, then alone.

For each size (default 10, 100 and 1,000 cases) gen_corpus.py writes one
document twice, as Markdown and as Typst markup. Then, interleaved in the
same run, these typeset it:

  casebrief render   Markdown to PDF
  typst compile      the Typst markup to PDF (the Typst 0.10 that
                     `make bench-deps` puts under build/bench-peers/)
  pandoc             Markdown (GFM) to standalone HTML, and to PDF when one
                     of pandoc's PDF engines is installed

After one warm-up run of each, every round runs each tool once, in an order
that is reversed from one round to the next, so that a machine whose speed
drifts (other people's jobs, frequency changes) slows every tool alike and
the per-round ratios stay honest. Every run is measured from outside the
process: wall clock around the child, CPU time (user + system) and peak RSS
from the rusage wait4 returns.

Printed: one table of medians (wall with its min-max, CPU, peak RSS, pages,
bytes) per tool and size; each peer's ratio to casebrief (the median of the
per-round ratios, with their min-max); linearity (1,000 cases / 100 cases);
a check that every engine typeset the document's words (pdftotext) and that
page counts agree roughly; then casebrief alone (build --all -j 1 and -j 2
on the shipped data, check and one 1,000-case brief on synthetic data sets
from gen_data.py); and last the performance goals, met or not met. Timings
are printed, never asserted: the exit status is non-zero only when casebrief
fails or an engine's output lacks the document's words.

Every command runs under measure (measure.c, beside this file), a small
program that spawns it and reports the wait4 figures: a child spawned by
this interpreter would carry the interpreter's own RSS peak in its own.

Usage: bench.py [--runs N] [--sizes 10,100,1000] [--bin build/casebrief]
                [--typst PATH] [--measure build/bench/measure] [--keep DIR]
"""
import argparse
import collections
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # no __pycache__ in the clone
import gen_corpus  # noqa: E402  (beside this file)

# pandoc's PDF engines, in the order they are tried. None is installed by
# make bench-deps: pandoc is timed to HTML, and to PDF only when one is here.
PDF_ENGINES = ("weasyprint", "wkhtmltopdf", "xelatex", "lualatex", "pdflatex", "pdfroff")
NOT_INSTALLED = "not installed (make bench-deps)"
WORDS_NEEDED = 0.99   # share of the document's words an output must carry
WAITED = 1.5          # wall over this many times CPU: the run was kept waiting
WAITED_NOTE = ("  * wall over 1.5 x CPU: the runs waited for a CPU or for the disk"
               " (build fsyncs each file it writes)")

GOALS = """\
  typst / casebrief wall, 10 cases       {r10:>12}   >= 15x      {g_r10}
  typst / casebrief wall, 1000 cases     {r1000:>12}   >= 30x      {g_r1000}
  casebrief peak RSS, 1000 cases         {rss:>12}   <= 64 MiB   {g_rss}
  casebrief wall 1000 / 100 cases        {lin:>12}   <= 11       {g_lin}
  build --all -j 2, shipped data         {b2:>12}   <= 40 ms    {g_b2}"""


class Tool:
    """One command to time; argv is None when the tool is missing."""

    def __init__(self, name, argv, out=None, why=None, short=None, stdout=None, peer=False):
        self.name, self.argv, self.out, self.why = name, argv, out, why
        self.short = short or name.split(" ")[0]
        self.stdout = stdout   # a file for the child's standard output
        self.peer = peer       # a peer may fail; casebrief may not
        self.samples = []      # (wall s, cpu s, rss MiB) per measured run
        self.failed = None     # the error of a peer that failed

    def med(self, i):
        return statistics.median(s[i] for s in self.samples)


class Runner:
    """Runs tools through measure.c in one environment and scratch directory."""

    def __init__(self, measure_bin, env, tmp, runs):
        self.measure_bin, self.env, self.tmp, self.runs = measure_bin, env, tmp, runs
        self.errpath = os.path.join(tmp, "stderr")

    def once(self, argv, outpath=None):
        """Runs argv with no input, its standard output to outpath (default
        nowhere); returns (exit code, wall s, CPU s, peak RSS MiB)."""
        p = subprocess.run([self.measure_bin, outpath or "-", self.errpath, *argv],
                           env=self.env, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"bench: {p.stderr.strip() or 'measure failed'}")
        rc, wall, cpu, rss = p.stdout.split()
        return int(rc), float(wall), float(cpu), int(rss) / 1024.0

    def one(self, tool, keep):
        """One run of tool, kept as a sample or not; a failed peer is marked
        failed, a failed casebrief ends the benchmark."""
        rc, wall, cpu, rss = self.once(tool.argv, tool.stdout)
        if rc != 0:
            with open(self.errpath, errors="replace") as f:
                err = " ".join(f.read().split())[:300]
            tool.failed = f"failed (exit {rc}): {err}"
            if not tool.peer:
                sys.exit(f"bench: {' '.join(tool.argv)}: {tool.failed}")
        elif keep:
            tool.samples.append((wall, cpu, rss))

    def measure(self, tools):
        """Times tools interleaved: a warm-up run each, then self.runs rounds
        of one run each, every other round in reverse order."""
        live = [t for t in tools if t.argv]
        for t in live:
            self.one(t, keep=False)
        for r in range(self.runs):
            for t in (live if r % 2 == 0 else live[::-1]):
                if not t.failed:
                    self.one(t, keep=True)


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def tokens(text):
    # NFKC splits the ligatures some engines emit (U+FB01 "fi") into letters.
    text = unicodedata.normalize("NFKC", text).lower()
    return collections.Counter(re.findall(r"\w+", text))


def doc_words(n):
    """The words of the benchmark document, from the generator's own model."""
    d = gen_corpus.build(n, 1)
    parts = []
    for b in d.blocks:
        if b[0] == "h":
            parts.append(b[2])
        elif b[0] in ("p", "q"):
            parts.append(b[1])
        elif b[0] == "ul":
            parts.extend(b[1])
        elif b[0] == "table":
            parts.append([("t", c) for c in b[1]])
            parts.extend([("t", c) for c in row] for row in b[2])
    return tokens(" ".join(sp[1] for spans in parts for sp in spans))


def output_words(path):
    if path.endswith(".pdf"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                              capture_output=True, text=True).stdout
    else:
        with open(path, encoding="utf-8") as f:
            text = html.unescape(re.sub(r"<[^>]*>", " ", f.read()))
    return tokens(text)


def found(expected, got):
    return sum(min(c, got[w]) for w, c in expected.items()) / max(1, sum(expected.values()))


def version(argv):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (p.stdout or p.stderr).splitlines()[0].strip()
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def fmt_ms(s):
    return f"{s * 1000:.1f}" if s < 10 else f"{s * 1000:.0f}"


def spread(t):
    """The min-max of a tool's wall times, in milliseconds."""
    walls = [s[0] for s in t.samples]
    return f"{fmt_ms(min(walls))}-{fmt_ms(max(walls))}"


def row(label, t, pages="", size=""):
    if not t.argv:
        return f"{label:38} {t.why}"
    if t.failed and not t.samples:
        return f"{label:38} {t.failed}"
    waited = "*" if t.med(0) > WAITED * t.med(1) else " "
    return (f"{label:38} {fmt_ms(t.med(0)):>9}{waited}{spread(t):>16} {fmt_ms(t.med(1)):>9}"
            f" {t.med(2):9.1f} {pages!s:>6} {size!s:>10}")


HEAD = (f"{'':38} {'wall ms':>9} {'wall min-max':>17} {'CPU ms':>9}"
        f" {'peak MiB':>9} {'pages':>6} {'bytes':>10}")


def ratio(peer, base, i):
    """Median, min and max of the per-round ratios peer / base of field i."""
    rs = [p[i] / b[i] for p, b in zip(peer.samples, base.samples) if b[i] > 0]
    return (statistics.median(rs), min(rs), max(rs)) if rs else None


def corpus_tools(n, stem, a, pandoc, engine):
    cb = Tool("casebrief render", [a.bin, "render", stem + ".md", "-o", stem + "-cb.pdf"],
              stem + "-cb.pdf")
    if a.typst:
        ty = Tool("typst compile", [a.typst, "compile", stem + ".typ", stem + "-typst.pdf"],
                  stem + "-typst.pdf", peer=True)
    else:
        ty = Tool("typst compile", None, why=NOT_INSTALLED)
    title = ["--metadata", f"title=Decision Brief ({n} cases)"]
    if pandoc:
        ph = Tool("pandoc -> HTML", [pandoc, stem + ".md", "-f", "gfm", "-s", *title,
                                     "-o", stem + "-pandoc.html"], stem + "-pandoc.html",
                  short="pandoc HTML", peer=True)
    else:
        ph = Tool("pandoc -> HTML", None, why=NOT_INSTALLED)
    tools = [cb, ty, ph]
    if pandoc and engine:
        tools.append(Tool(f"pandoc -> PDF ({engine})",
                          [pandoc, stem + ".md", "-f", "gfm", *title, "--pdf-engine", engine,
                           "-o", stem + "-pandoc.pdf"], stem + "-pandoc.pdf",
                          short="pandoc PDF", peer=True))
    return tools


def outputs(t):
    """(pages, bytes) of a tool's output after its last run."""
    if not t.samples or not t.out or not os.path.exists(t.out):
        return "", ""
    pages = pdf_pages(t.out) if t.out.endswith(".pdf") else ""
    return pages, os.path.getsize(t.out)


def bench_corpus(a, run, pandoc, engine):
    """The interleaved peer comparison; returns {n: [Tool...]}."""
    res = {}
    for n in a.sizes:
        stem = os.path.join(run.tmp, f"brief-{n}")
        gen_corpus.main(["--cases", str(n), "--seed", "1", "-o", stem])
        tools = corpus_tools(n, stem, a, pandoc, engine)
        run.measure(tools)
        res[n] = tools
    return res


def print_corpus(res):
    print("\nThe same document through each engine, interleaved (medians)")
    print(HEAD)
    for n, tools in res.items():
        for t in tools:
            print(row(f"{t.name}, {n} cases", t, *outputs(t)))
    if any(t.samples and t.med(0) > WAITED * t.med(1) for ts in res.values() for t in ts):
        print(WAITED_NOTE)
    print("\nPeer / casebrief, per round (median, min-max)")
    print(f"{'':38} {'wall':>20} {'CPU':>20} {'peak RSS':>20}")
    for n, tools in res.items():
        base = tools[0]
        for t in tools[1:]:
            if not t.samples:
                print(f"{t.name + ', ' + str(n) + ' cases':38} {t.why or t.failed}")
                continue
            cells = []
            for i in range(3):
                m, lo, hi = ratio(t, base, i)
                cells.append(f"{m:.1f}x ({lo:.1f}-{hi:.1f})")
            print(f"{t.name + ', ' + str(n) + ' cases':38} " + " ".join(f"{c:>20}" for c in cells))


def linearity(res):
    """{tool name: (wall, CPU) median at 1000 over the median at 100}."""
    if 100 not in res or 1000 not in res:
        return {}
    out = {}
    for small, big in zip(res[100], res[1000]):
        if small.samples and big.samples:
            out[small.name] = (big.med(0) / small.med(0), big.med(1) / small.med(1))
    return out


def check_words(res):
    """Prints, per size, how much of the document each output carries; False on a gap."""
    ok = True
    print("\nSame words, pages (pdftotext / HTML text against the generator's document)")
    for n, tools in res.items():
        expected = doc_words(n)
        cells, pages = [], {}
        for t in tools:
            if not t.samples:
                continue
            share = found(expected, output_words(t.out))
            mark = "" if share >= WORDS_NEEDED else " MISSING WORDS"
            ok = ok and share >= WORDS_NEEDED
            p = pdf_pages(t.out) if t.out.endswith(".pdf") else 0
            if p:
                pages[t.name] = p
            cells.append(f"{t.short} {share * 100:.1f}%{mark}" + (f" ({p} pages)" if p else ""))
        print(f"  {n} cases, {sum(expected.values())} words: " + ", ".join(cells))
        if len(pages) > 1:
            lo, hi = min(pages.values()), max(pages.values())
            if hi > 2 * lo:
                print(f"  {n} cases: page counts differ by more than 2x: {pages}")
    return ok


def build_summary(path):
    """(pages, bytes, cases) summed over a build's --json summary."""
    with open(path) as f:
        j = json.load(f)
    return (sum(b["pages"] for b in j["briefs"]), sum(b["bytes"] for b in j["briefs"]),
            sum(b["cases"] for b in j["briefs"]))


def bench_alone(a, run):
    """casebrief without peers; returns [(label, Tool, pages, bytes)]."""
    rows, tmp = [], run.tmp
    jobs = [Tool(f"build -j {j}", [a.bin, "--data", "data", "build", "--all", "-j", j,
                                   "-o", os.path.join(tmp, "shipped-j" + j), "--json"],
                 stdout=os.path.join(tmp, f"build-j{j}.json")) for j in ("1", "2")]
    run.measure(jobs)
    for j, t in zip("12", jobs):
        pages, size, _ = build_summary(t.stdout)
        rows.append((f"build --all -j {j}, shipped data", t, pages, size))
    for n, aud in ((1000, "overview"), (10000, "rust-heavy")):
        d = os.path.join(tmp, f"syn{n}")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_data.py"), "--cases", str(n),
                        "-o", d], check=True)
        t = Tool("check", [a.bin, "--data", d, "-q", "check"])
        run.measure([t])
        rows.append((f"check, {n} cases", t, "", ""))
        t = Tool("brief", [a.bin, "--data", d, "-q", "build", "-a", aud,
                           "-o", os.path.join(tmp, f"syn{n}-out"), "--json"],
                 stdout=os.path.join(tmp, f"syn{n}.json"))
        run.measure([t])
        pages, size, cases = build_summary(t.stdout)
        rows.append((f"brief of {cases} cases ({n}-case data)", t, pages, size))
    return rows


def goals(res, lin, alone):
    """Fills GOALS from the measurements; an unmeasured goal says why."""
    def typst_ratio(n):
        if n not in res:
            return "not run", "-"
        ty = res[n][1]
        if not ty.samples:
            return "not measured", "(typst " + (ty.why or "failed") + ")"
        m, cpu = ratio(ty, res[n][0], 0)[0], ratio(ty, res[n][0], 1)[0]
        return f"{m:.1f}x", ("met" if m >= (15 if n == 10 else 30) else "NOT MET") + \
            f"   (CPU {cpu:.1f}x)"

    v = {}
    v["r10"], v["g_r10"] = typst_ratio(10)
    v["r1000"], v["g_r1000"] = typst_ratio(1000)
    if 1000 in res:
        rss = res[1000][0].med(2)
        v["rss"], v["g_rss"] = f"{rss:.1f} MiB", ("met" if rss <= 64 else "NOT MET")
    else:
        v["rss"], v["g_rss"] = "not run", "-"
    cb = lin.get("casebrief render")
    if cb is None:
        v["lin"], v["g_lin"] = "not run", "-"
    else:
        v["lin"], v["g_lin"] = f"{cb[0]:.2f}", ("met" if cb[0] <= 11 else "NOT MET")
        v["g_lin"] += f"   (CPU {cb[1]:.2f})"
    b2 = alone[1][1].med(0) * 1000
    v["b2"], v["g_b2"] = f"{b2:.1f} ms", ("met" if b2 <= 40 else "NOT MET")
    return GOALS.format(**v)


def find_typst(path):
    for p in (path, shutil.which("typst")):
        if p and os.access(p, os.X_OK):
            return os.path.abspath(p)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="measured runs per median (default 7)")
    ap.add_argument("--sizes", default="10,100,1000", help="corpus sizes in cases")
    ap.add_argument("--bin", default="build/casebrief")
    ap.add_argument("--typst", help="the typst binary (default: typst on PATH)")
    ap.add_argument("--keep", help="leave the corpora and outputs in this directory")
    ap.add_argument("--measure", default="build/bench/measure",
                    help="measure.c, built (default build/bench/measure; make bench builds it)")
    a = ap.parse_args()
    if a.runs < 1:
        ap.error("--runs must be at least 1")
    a.sizes = [int(s) for s in a.sizes.split(",") if s]
    a.bin = os.path.abspath(a.bin)
    a.typst = find_typst(a.typst)
    if not os.access(a.measure, os.X_OK):
        sys.exit(f"bench: {a.measure}: not built (make bench builds it from tests/bench/measure.c)")
    a.measure = os.path.abspath(a.measure)
    pandoc = shutil.which("pandoc")
    engine = next((e for e in PDF_ENGINES if shutil.which(e)), None)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        tmp = os.path.abspath(a.keep)
    else:
        tmp = tempfile.mkdtemp(prefix="cb-bench-")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1785000000")
    os.chdir(os.path.dirname(os.path.dirname(HERE)))   # build --all reads ./data

    load = os.getloadavg()
    runs = f"{a.runs} run{'s' if a.runs != 1 else ''}"
    print(f"casebrief benchmark: {runs} per median after a warm-up, {os.cpu_count()} CPUs, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"  casebrief: {version([a.bin, '--version'])}")
    print(f"  typst:     {version([a.typst, '--version']) if a.typst else NOT_INSTALLED}")
    print(f"  pandoc:    {version([pandoc, '--version']) if pandoc else NOT_INSTALLED}")
    print("  pandoc -> PDF: " + (f"with {engine}" if engine else
          "no PDF engine installed (" + ", ".join(PDF_ENGINES) +
          "); make bench-deps installs none, so pandoc is timed to HTML only"))

    run = Runner(a.measure, env, tmp, a.runs)
    res = bench_corpus(a, run, pandoc, engine)
    print_corpus(res)
    lin = linearity(res)
    if lin:
        print("\nLinearity, 1000 cases / 100 cases, wall (CPU): " +
              ", ".join(f"{k} {w:.2f} ({c:.2f})" for k, (w, c) in lin.items()))
    words_ok = check_words(res)

    alone = bench_alone(a, run)
    print("\ncasebrief alone (medians)")
    print(HEAD)
    for label, t, pages, size in alone:
        print(row(label, t, pages, size))
    if any(t.med(0) > WAITED * t.med(1) for _, t, _, _ in alone):
        print(WAITED_NOTE)
    speedup = alone[0][1].med(0) / alone[1][1].med(0)
    print(f"  build --all: -j 1 / -j 2 wall = {speedup:.2f} (interleaved)")

    print("\nGoals (printed, never asserted)")
    print(goals(res, lin, alone))
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
          " (the machine is shared: read the min-max spreads)")
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if words_ok else 1


if __name__ == "__main__":
    sys.exit(main())
