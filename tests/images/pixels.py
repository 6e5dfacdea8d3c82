#!/usr/bin/env python3
"""Renders images through casebrief and counts the colours that come out.

  pixels.py CASEBRIEF TMPDIR < SPECS

Each line of SPECS: FILE A B [NOT] with colours as r,g,b (0-255): FILE is
set alone as a block image (128 x 64 pixels, so 128 x 64 points), the page
is rasterised at 72 dpi by pdftoppm, and at least half of each half of the
image (2048 pixels) must be within TOL of A and of B (a colour blended over
white where the image is transparent), while fewer than 64 pixels may be
within TOL of NOT (the colour a lost alpha channel would show). A line may
end in tol=N (default 24). Prints one line per failure; exit 1 if any.
"""
import os
import shutil
import subprocess
import sys


def colour(s):
    return tuple(int(v) for v in s.split(","))


def near(px, c, tol):
    return abs(px[0] - c[0]) <= tol and abs(px[1] - c[1]) <= tol and abs(px[2] - c[2]) <= tol


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, w, h, maxv, rest = data.split(maxsplit=4)
    assert magic == b"P6" and maxv == b"255"
    return int(w), int(h), rest


def count(pix, cols, tol):
    n = [0] * len(cols)
    for i in range(0, len(pix), 3):
        px = pix[i], pix[i + 1], pix[i + 2]
        for k, c in enumerate(cols):
            if near(px, c, tol):
                n[k] += 1
    return n


def check(casebrief, tmp, line):
    words = line.split()
    tol = 24
    if words[-1].startswith("tol="):
        tol = int(words.pop()[4:])
    path, want = words[0], [colour(w) for w in words[1:]]
    ext = os.path.splitext(path)[1]
    shutil.copy(path, os.path.join(tmp, "img" + ext))
    with open(os.path.join(tmp, "p.md"), "w") as f:
        f.write("![%s](img%s)\n" % (os.path.basename(path), ext))
    pdf, ppm = os.path.join(tmp, "p.pdf"), os.path.join(tmp, "p")
    r = subprocess.run([casebrief, "-q", "render", os.path.join(tmp, "p.md"), "-o", pdf])
    if r.returncode:
        return "%s: render exit %d" % (path, r.returncode)
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", pdf, ppm], check=True)
    _, _, pix = read_ppm(ppm + "-1.ppm")
    n = count(pix, want, tol)
    bad = []
    for k, c in enumerate(want[:2]):
        if n[k] < 2048:
            bad.append("%d pixels near %s (want 2048+)" % (n[k], c))
    if len(want) > 2 and n[2] >= 64:
        bad.append("%d pixels near %s (want none)" % (n[2], want[2]))
    return "%s: %s" % (path, "; ".join(bad)) if bad else None


def main():
    casebrief, tmp = sys.argv[1], sys.argv[2]
    fails = 0
    for line in sys.stdin:
        if not line.strip() or line.startswith("#"):
            continue
        msg = check(casebrief, tmp, line)
        if msg:
            print("FAIL: pixels: " + msg)
            fails += 1
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
