#!/usr/bin/env python3
"""make bench-profile: where casebrief spends its instructions.

Runs two commands under valgrind's callgrind and prints, for each, the
functions with the most instructions, inclusive (the function and all it
calls) and exclusive (its own code only):

  render     casebrief render of the 10-case benchmark corpus (gen_corpus.py)
  build      casebrief build --all -j 1 on the shipped data

Instruction counts do not depend on the load of the machine, so two
profiles taken at different times compare. The callgrind files stay in
--out (default build/bench-profile/) for callgrind_annotate with other
options, e.g. `callgrind_annotate --inclusive=yes --tree=caller FILE`.

Usage: profile.py [--bin build/casebrief] [--top 15] [--out DIR]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # no __pycache__ in the clone
import gen_corpus  # noqa: E402  (beside this file)

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)$")
# The frames every run goes through before main: they say nothing.
STARTUP = re.compile(r"below main|libc_start|libc-start|ld-linux|PROGRAM TOTALS")


def tidy(name):
    """file:function [object] -> (short name, key); callgrind_annotate can
    list one function twice, with an absolute and a relative file name."""
    m = re.match(r"^(.*?)(?: \[(.*)\])?$", name)
    where, obj = m.group(1), os.path.basename(m.group(2) or "")
    if where.startswith(ROOT + "/"):
        where = where[len(ROOT) + 1:]
    if where.startswith("???:"):
        where, obj = where[4:], obj or "?"
    elif where.startswith("src/"):
        obj = ""
    else:
        where = re.sub(r"^.*/", "", where)
    return where + (f"  ({obj})" if obj else ""), where


def top(cg_file, inclusive, n):
    out = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}",
                          "--threshold=100", cg_file],
                         capture_output=True, text=True, check=True).stdout
    total, rows, seen = None, [], set()
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        if "PROGRAM TOTALS" in m.group(3):
            total = int(m.group(1).replace(",", ""))
            continue
        name, key = tidy(m.group(3))
        if STARTUP.search(m.group(3)) or key in seen or len(rows) >= n:
            continue
        seen.add(key)
        rows.append((m.group(1), m.group(2), name))
    return total, rows


def profile(label, argv, cg_file, n, env):
    subprocess.run(["valgrind", "-q", "--tool=callgrind", f"--callgrind-out-file={cg_file}",
                    *argv], env=env, check=True, stdout=subprocess.DEVNULL)
    for inclusive in (True, False):
        total, rows = top(cg_file, inclusive, n)
        kind = "inclusive" if inclusive else "exclusive (self)"
        if inclusive:
            print(f"\n{label}: {total:,} instructions ({cg_file})")
        print(f"  top {n}, {kind}:")
        for ir, pct, name in rows:
            print(f"  {ir:>14} {pct:>6}%  {name}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="build/casebrief")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--out", default="build/bench-profile")
    a = ap.parse_args()
    for tool in ("valgrind", "callgrind_annotate"):
        if not shutil.which(tool):
            sys.exit(f"bench-profile: {tool} is not installed (make deps installs valgrind)")
    cb = os.path.abspath(a.bin)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    os.chdir(ROOT)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1785000000")
    tmp = tempfile.mkdtemp(prefix="cb-profile-")
    try:
        stem = os.path.join(tmp, "brief-10")
        gen_corpus.main(["--cases", "10", "--seed", "1", "--format", "md", "-o", stem])
        profile("render, 10-case corpus", [cb, "render", stem + ".md", "-o", stem + ".pdf"],
                os.path.join(out, "render-10.callgrind"), a.top, env)
        profile("build --all -j 1, shipped data",
                [cb, "--data", "data", "-q", "build", "--all", "-j", "1", "-o",
                 os.path.join(tmp, "out")],
                os.path.join(out, "build-all-j1.callgrind"), a.top, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
