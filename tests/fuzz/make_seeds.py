#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus-<harness>/ from the test inputs.

Run from the top of the tree: python3 tests/fuzz/make_seeds.py
The corpora are small text files in each harness's input format (see the
comment at the top of each fuzz_*.c). Re-running replaces the generated
seeds (names starting with "g-") and keeps any other file, such as inputs
that once crashed.
"""
import glob
import os
import re
import sys

import yaml

ROOT = os.getcwd()
SPEC = os.path.join(ROOT, "tests", "spec")
FUZZ = os.path.join(ROOT, "tests", "fuzz")
MAX = {"fuzz_load": 65536, "fuzz_mustache": 16384, "fuzz_markdown_pdf": 32768}


def reset(name):
    d = os.path.join(FUZZ, "corpus-" + name)
    os.makedirs(d, exist_ok=True)
    for f in glob.glob(os.path.join(d, "g-*")):
        os.remove(f)
    return d


def put(d, name, data, limit):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > limit:
        return 0
    with open(os.path.join(d, "g-" + re.sub(r"[^A-Za-z0-9_.-]", "_", name)), "wb") as f:
        f.write(data)
    return 1


def read(path):
    with open(path, "rb") as f:
        return f.read()


def load_seed(ddir, limit=4):
    """A data directory as one multi-file input: tags, up to two cases and
    two audiences (fuzz_load's slots 0-4)."""
    parts = []
    tags = os.path.join(ddir, "tags.yaml")
    if os.path.exists(tags):
        parts.append((0, read(tags)))
    cases = sorted(f for f in glob.glob(os.path.join(ddir, "cases", "*.y*ml")) if os.path.isfile(f))[:2]
    auds = sorted(f for f in glob.glob(os.path.join(ddir, "audiences", "*.y*ml")) if os.path.isfile(f))[:2]
    for slot, f in zip((1, 2), cases):
        parts.append((slot, read(f)))
    for slot, f in zip((3, 4), auds):
        parts.append((slot, read(f)))
    out = b""
    for slot, body in parts:
        if body and not body.endswith(b"\n"):
            body += b"\n"
        out += b"#@%d\n" % slot + body
    return out


def seeds_load():
    d = reset("fuzz_load")
    n = 0
    for ddir in sorted(glob.glob(os.path.join(ROOT, "tests", "bad", "*"))):
        n += put(d, "bad-" + os.path.basename(ddir), load_seed(ddir), MAX["fuzz_load"])
    for ddir in (os.path.join(ROOT, "data"), os.path.join(ROOT, "tests", "data", "brief"),
                 os.path.join(ROOT, "tests", "fixtures", "schema-example")):
        n += put(d, "set-" + os.path.basename(ddir), load_seed(ddir), MAX["fuzz_load"])
    style = os.path.join(ROOT, "templates", "style.yaml")
    n += put(d, "style", b"#@5\n" + read(style), MAX["fuzz_load"])
    return n


def seeds_mustache():
    d = reset("fuzz_mustache")
    n = 0
    for spec in sorted(glob.glob(os.path.join(SPEC, "mustache", "*.yml"))):
        doc = yaml.safe_load(open(spec, encoding="utf-8"))
        base = os.path.splitext(os.path.basename(spec))[0]
        for i, t in enumerate(doc.get("tests", [])):
            data = t.get("data")
            if isinstance(data, dict) and any(callable(v) for v in data.values()):
                continue
            ctx = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)
            out = t["template"].encode() + b"\0" + ctx.encode()
            for pname, body in (t.get("partials") or {}).items():
                out += b"\0" + pname.encode() + b"\n" + body.encode()
            n += put(d, "%s-%03d" % (base, i), out, MAX["fuzz_mustache"])
    tdir = os.path.join(ROOT, "templates")
    partials = b""
    for f in sorted(glob.glob(os.path.join(tdir, "*.mustache"))):
        name = os.path.basename(f)[:-len(".mustache")]
        if name != "brief.md":
            partials += b"\0" + name.encode() + b"\n" + read(f)
    brief = os.path.join(tdir, "brief.md.mustache")
    if os.path.exists(brief):
        ctx = b"title: T\naudience: A\ngroups: [{title: G, cases: [{company: C, drivers: [{text: x}]}]}]\n"
        n += put(d, "brief", read(brief) + b"\0" + ctx + partials, MAX["fuzz_mustache"])
    return n


def seeds_markdown():
    d = reset("fuzz_markdown_pdf")
    n = 0
    spec = os.path.join(SPEC, "commonmark", "spec.txt")
    if os.path.exists(spec):
        text = open(spec, encoding="utf-8").read()
        fence = "`" * 32
        pat = re.compile(r"^" + fence + r" example\n(.*?)^\.\n(.*?)^" + fence + r"$",
                         re.S | re.M)
        for i, m in enumerate(pat.finditer(text)):
            md = m.group(1).replace("\u2192", "\t")
            n += put(d, "cm-%04d" % (i + 1), md, MAX["fuzz_markdown_pdf"])
    for f in sorted(glob.glob(os.path.join(ROOT, "tests", "layout", "*.md")) +
                    glob.glob(os.path.join(ROOT, "tests", "golden", "*.md"))):
        n += put(d, "md-" + os.path.basename(f), read(f), MAX["fuzz_markdown_pdf"])
    chart = ("# Charts\n\n```chart\nkind: bar\ntitle: Drivers\ncategories: [A, B]\n"
             "series:\n  - label: For\n    values: [3, 5]\n  - label: Against\n"
             "    values: [1, 0]\n```\n\n```chart\nkind: timeline\n"
             "categories: [2019, 2021]\nseries:\n  - values: [1, 2]\n```\n")
    n += put(d, "chart", "\x03" + chart, MAX["fuzz_markdown_pdf"])
    table = "| a | b |\n|:--|--:|\n" + "".join("| r%d | long cell text %d |\n" % (i, i) for i in range(60))
    n += put(d, "table", "\x01" + table, MAX["fuzz_markdown_pdf"])
    return n


def main():
    counts = {"fuzz_load": seeds_load(), "fuzz_mustache": seeds_mustache(),
              "fuzz_markdown_pdf": seeds_markdown()}
    for k, v in counts.items():
        print("%s: %d seeds" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
