#!/usr/bin/env python3
"""Prints every source file under SRC over 900 lines and every function over
80 lines (from the line that opens its body, "{" alone at the start of a
line, to the "}" that closes it), and every #include that points up the
layers (src/README.md: base < yaml < data < markdown < pdf < brief < cli).
Usage: code_limits.py SRC"""
import glob
import os
import re
import sys

LAYERS = ["base", "yaml", "data", "markdown", "pdf", "brief", "cli"]
INCLUDE = re.compile(r'^#include "(\w+)/')

root = sys.argv[1]
for path in sorted(glob.glob(os.path.join(root, "**", "*.[ch]"), recursive=True)):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    rel = os.path.relpath(path, root)
    if len(lines) - 1 > 900:
        print("%s: %d lines (at most 900)" % (rel, len(lines) - 1))
    layer = rel.split(os.sep)[0]
    start = None
    for i, line in enumerate(lines):
        inc = INCLUDE.match(line)
        if inc and layer in LAYERS and inc.group(1) in LAYERS \
                and LAYERS.index(inc.group(1)) > LAYERS.index(layer):
            print("%s:%d: includes %s/, a layer above %s/" % (rel, i + 1, inc.group(1), layer))
        if line == "{" and i > 0:
            j = i - 1
            while j > 0 and "(" not in lines[j]:
                j -= 1
            m = re.search(r"(\w+)\s*\(", lines[j])
            start = (i, m.group(1) if m else "?")
        elif line == "}" and start:
            n = i - start[0] + 1
            if n > 80:
                print("%s:%d: %s is %d lines long (at most 80)" % (rel, start[0] + 1, start[1], n))
            start = None
