#!/usr/bin/env python3
"""make bench: times casebrief on the benchmark corpus and synthetic data.

Prints a table of medians over RUNS runs (default 7): wall time, peak RSS
(the child's ru_maxrss), pages and PDF bytes, and the ratio of each median
to its target from issue 5. Peers (pandoc) are timed on the same corpora
when installed, side by side, so ratios stay meaningful on a noisy machine.

Usage: bench.py [--runs N] [--bin build/casebrief]
The corpus comes from gen_corpus.py, the data sets from gen_data.py (beside
this file).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(cmd, env=None):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}): {err[:400]}")
    return wall, ru.ru_maxrss / 1024.0  # MiB


def measure(cmd, runs, env=None):
    run_once(cmd, env)  # warm the page cache
    walls, rss = [], []
    for _ in range(runs):
        w, r = run_once(cmd, env)
        walls.append(w)
        rss.append(r)
    return statistics.median(walls), max(rss)


def pdf_pages(path):
    try:
        out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--bin", default="build/casebrief")
    a = ap.parse_args()
    cb = os.path.abspath(a.bin)
    here = os.path.dirname(os.path.abspath(__file__))
    tmp = tempfile.mkdtemp(prefix="cb-bench-")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1785000000")
    rows = []
    results = {}
    have_pandoc = shutil.which("pandoc") is not None

    # 1. render on the benchmark corpus
    for n in (10, 100, 1000):
        md = os.path.join(tmp, f"brief-{n}.md")
        with open(md, "w") as f:
            subprocess.run([sys.executable, os.path.join(here, "gen_corpus.py"),
                            "--cases", str(n), "--seed", "1", "--format", "md"],
                           stdout=f, check=True)
        pdf = os.path.join(tmp, f"brief-{n}.pdf")
        wall, rss = measure([cb, "render", md, "-o", pdf], a.runs, env)
        results[f"render{n}"] = wall
        target = {10: 0.015, 1000: 0.3}.get(n)
        rows.append((f"render {n} cases", wall, rss, pdf_pages(pdf), os.path.getsize(pdf), target))
        if have_pandoc:
            html = os.path.join(tmp, f"brief-{n}.html")
            pw, prss = measure(["pandoc", md, "-f", "gfm", "-s", "-o", html], max(3, a.runs // 2))
            rows.append((f"  peer: pandoc -> HTML {n}", pw, prss, 0, os.path.getsize(html), None))

    # 2. build --all on the shipped data
    out = os.path.join(tmp, "out")
    wall, rss = measure([cb, "--data", "data", "build", "--all", "-o", out], a.runs, env)
    pdfs = [f for f in os.listdir(out) if f.endswith(".pdf")]
    rows.append(("build --all (shipped data)", wall, rss,
                 sum(pdf_pages(os.path.join(out, f)) for f in pdfs),
                 sum(os.path.getsize(os.path.join(out, f)) for f in pdfs), 0.1))
    wall, rss = measure([cb, "--data", "data", "build", "--all", "-j", "2", "-o", out], a.runs, env)
    rows.append(("build --all -j 2 (shipped data)", wall, rss, 0, 0, 0.1))

    # 3. synthetic data sets
    for n, aud in ((1000, "overview"), (10000, "rust-heavy")):
        d = os.path.join(tmp, f"syn{n}")
        subprocess.run([sys.executable, os.path.join(here, "gen_data.py"), "--cases", str(n),
                        "-o", d], check=True)
        wall, rss = measure([cb, "--data", d, "-q", "check"], a.runs, env)
        results[f"check{n}"] = wall
        rows.append((f"check {n} cases", wall, rss, 0, 0, 0.5 if n == 10000 else None))
        o2 = os.path.join(tmp, f"syn{n}-out")
        wall, rss = measure([cb, "--data", d, "-q", "build", "-a", aud, "-o", o2], max(3, a.runs // 2), env)
        pdf = os.path.join(o2, aud + ".pdf")
        rows.append((f"brief of 1000 cases ({n}-case data)", wall, rss, pdf_pages(pdf),
                     os.path.getsize(pdf), None))

    print(f"{'benchmark':40} {'median s':>9} {'peak MiB':>9} {'pages':>6} {'bytes':>10} {'target':>8}")
    for name, wall, rss, pages, size, target in rows:
        t = f"{target:.3f}" if target else ""
        flag = "" if not target or wall <= target else "  MISSED"
        print(f"{name:40} {wall:9.4f} {rss:9.1f} {pages or '':>6} {size or '':>10} {t:>8}{flag}")
    if "render100" in results:
        ratio = results["render1000"] / results["render100"]
        print(f"\nlinearity: render 1000 / render 100 = {ratio:.2f} (target <= 11)")
    print(f"memory: render 1000 peak RSS target <= 64 MiB")
    print(f"(runs per median: {a.runs}; peer reference from issue 5: Typst 0.29 s / 9.0 s, "
          f"pandoc+pdflatex 1.05 s / 14.0 s for 10 / 1000 cases)")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
