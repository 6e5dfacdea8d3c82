#!/usr/bin/env python3
"""Writes a synthetic casebrief data set that follows SCHEMA.md.

Usage: gen_data.py --cases N [--seed S] -o DIR

The data set has the shipped tag vocabulary's shape (a fixed list of tags),
N cases spread over kinds, sizes, languages and years, each with drivers,
figures and two sources, and three audiences: `overview` (every case),
`rust-heavy` (a rule that selects about a third of the cases, limit 1000)
and `small` (a narrow rule). Output is byte-identical for a given (N, seed).
stdlib only.
"""
import argparse
import os
import random

TAGS = [
    ("gc-latency", "performance"), ("throughput", "performance"),
    ("memory-footprint", "performance"), ("memory-safety", "safety"),
    ("security", "safety"), ("correctness", "safety"),
    ("productivity", "productivity"), ("iteration-speed", "productivity"),
    ("learning-curve", "organisation"), ("hiring", "organisation"),
    ("cross-platform", "portability"), ("deployment", "portability"),
    ("porting-cost", "cost"), ("ecosystem-maturity", "ecosystem"),
    ("interop", "ecosystem"), ("small-team", "organisation"),
]
LANGS = ["Go", "C", "C++", "Java", "Python", "TypeScript", "Kotlin", "Ruby"]
SIZES = ["startup", "scaleup", "enterprise", "indie", "oss", "public-sector"]
WORDS = ("service latency memory team rewrite engine proxy storage parser "
         "compiler queue cache index billing search sync gateway scheduler "
         "runtime kernel driver agent worker pipeline ledger").split()


def sentence(rng, n):
    w = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(w)).capitalize() + "."


def case(rng, i):
    kind = rng.choice(["migration", "migration", "adoption", "rejection"])
    year = rng.randrange(2012, 2027)
    src_lang = rng.choice(LANGS)
    lines = [f"id: case-{i:05d}", f"company: Company {i}",
             f"project: Project {rng.choice(WORDS)} {i}", f"kind: {kind}"]
    if kind == "migration":
        lines += [f"from: [{src_lang}]", "to: Rust"]
    elif kind == "adoption":
        lines += ["to: " + rng.choice(["Rust", "Rust", "Go"])]
    else:
        lines += [f"from: [{src_lang}]", "to: Go", "rejected: [Rust]"]
    lines += [f"year: {year}", "org:", f"  size: {rng.choice(SIZES)}",
              f"  team: {rng.randrange(2, 60)}", f"domain: {rng.choice(WORDS)}",
              "summary: >", "  " + " ".join(sentence(rng, 10) for _ in range(3)),
              "drivers:"]
    for t in rng.sample(TAGS, 2):
        lines += [f"  - tag: {t[0]}", f"    text: {sentence(rng, 12)}",
                  "    source: s1"]
    lines += ["figures:", "  - label: Throughput",
              f"    value: {rng.randrange(2, 90)}x", "    baseline: the old service",
              "    source: s2",
              "lessons:", f"  - {sentence(rng, 9)}",
              "caveats:", f"  - {sentence(rng, 9)}",
              f"tags: [{rng.choice(TAGS)[0]}]", "sources:"]
    for sid in ("s1", "s2"):
        lines += [f"  - id: {sid}", f"    title: Report {sid} on project {i}",
                  "    publisher: Example Engineering",
                  f"    url: https://example.com/{i}/{sid}",
                  f"    published: {year}",
                  f"    verified: 2026-0{rng.randrange(1, 10)}",
                  "    kind: first-party"]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "cases"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "audiences"), exist_ok=True)
    with open(os.path.join(a.out, "tags.yaml"), "w") as f:
        for t, g in TAGS:
            f.write(f"{t}:\n  label: {t.replace('-', ' ').capitalize()}\n  group: {g}\n")
    for i in range(a.cases):
        with open(os.path.join(a.out, "cases", f"case-{i:05d}.yaml"), "w") as f:
            f.write(case(rng, i))
    auds = {
        "overview": "match: [{}]\n",
        "rust-heavy": ("match:\n  - kind: [migration, rejection]\n"
                       "    tags: [gc-latency, memory-safety, throughput, porting-cost, "
                       "productivity, security, correctness, small-team]\n"
                       "weights:\n  tags: { gc-latency: 3, memory-safety: 2 }\n"
                       "  recency: 1\nlimit: 1000\n"),
        "small": "match:\n  - org_size: [indie]\n    years: [2024, 2026]\nlimit: 12\n",
    }
    for aid, rules in auds.items():
        with open(os.path.join(a.out, "audiences", f"{aid}.yaml"), "w") as f:
            f.write(f"title: Synthetic brief {aid}\naudience: Benchmark readers\n"
                    f"question: Does it scale?\nsubject: Rust\n{rules}"
                    "questions:\n  - What would change at ten times the size?\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
