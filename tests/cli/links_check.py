"""Checks the links of built briefs (tests/cli/brief_links.sh).

  links_check.py md FILE.md...    every "#anchor" link reaches a heading
                                  under GitHub's rule and under GitLab's,
                                  and every footnote reference has its
                                  note and every note its way back
  links_check.py pdf FILE.pdf...  every citation [n] of the PDF links to
                                  the entry [n] under "Sources", and no
                                  line starts with a citation

Prints one line per file, "ok ..." or what is wrong; exits 1 on a problem.
"""
import html
import json
import re
import subprocess
import sys
import unicodedata

from pdftext import bbox_words


def is_word(ch):
    # Ruby's \p{Word}: letters, marks, decimal numbers, connector punctuation
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat in ("Nd", "Pc")


def slug(text, gitlab):
    s = "".join(ch for ch in text.lower() if ch in " -" or is_word(ch)).replace(" ", "-")
    return re.sub("-+", "-", s) if gitlab else s


def anchors(headings, gitlab):
    seen, out = {}, set()
    for h in headings:
        base = slug(h, gitlab)
        a, k = base, seen.get(base, 0)
        while a in out:
            k += 1
            a = "%s-%d" % (base, k)
        seen[base] = k
        out.add(a)
    return out


def text_of(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def check_md(path):
    page = subprocess.run(["cmark-gfm", "-e", "table", "-e", "autolink", "-e", "strikethrough",
                           "-e", "footnotes", path], capture_output=True, text=True, check=True).stdout
    heads = [text_of(h) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, re.S)]
    links = set(re.findall(r'href="#([^"]+)"', page))
    notes = {l for l in links if re.match(r"fn(ref)?-", l)}
    problems = []
    for rule in ("GitHub", "GitLab"):
        have = anchors(heads, rule == "GitLab")
        for l in sorted(links - notes - have):
            problems.append("#%s matches no heading under %s's rule" % (l, rule))
    ids = set(re.findall(r'id="([^"]+)"', page))
    refs = set(re.findall(r'href="#(fn-[^"]+)"', page))
    backs = set(re.findall(r'href="#(fnref-[^"]+)"', page))
    for r in sorted((refs | backs) - ids):
        problems.append("footnote link #%s has no target" % r)
    defs = set(re.findall(r'<li id="(fn-[^"]+)"', page))
    for d in sorted(defs - refs):
        problems.append("footnote %s is never cited" % d)
    if not refs:
        problems.append("no footnote citations")
    return problems, "%d links to %d headings, %d notes" % (len(links - notes), len(heads), len(defs))


# ---- PDF ------------------------------------------------------------------

def resolve(objs, ref):
    v = objs.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else None
    return v.get("value") if isinstance(v, dict) else ref


def pdf_links(path):
    """[(page, rect, dest_page, dest_top)] of the PDF's link annotations."""
    j = json.loads(subprocess.run(["qpdf", "--json=2", path], capture_output=True, text=True,
                                  check=True).stdout)
    objs = j["qpdf"][1]
    page_of = {p["object"]: i for i, p in enumerate(j["pages"])}
    out = []
    for i, p in enumerate(j["pages"]):
        page = resolve(objs, p["object"])
        for a in resolve(objs, page.get("/Annots", [])) or []:
            a = resolve(objs, a)
            if a.get("/Subtype") != "/Link" or "/Dest" not in a:
                continue
            d = resolve(objs, a["/Dest"])
            if isinstance(d, list) and d and d[0] in page_of:
                top = d[3] if len(d) > 3 and isinstance(d[3], (int, float)) else None
                out.append((i, a["/Rect"], page_of[d[0]], top))
    return out, [resolve(objs, p["object"]) for p in j["pages"]]


def check_pdf(path):
    links, pages = pdf_links(path)
    words, _ = bbox_words(path)
    height = {i: float(p["/MediaBox"][3]) for i, p in enumerate(pages)}
    problems = []
    # the Sources section starts at its heading: the word set large (the
    # running header names the section too, in small print)
    starts = [w for w in words if w[5] == "Sources" and w[4] - w[2] > 18]
    if not starts:
        return ["no Sources heading"], ""
    sp, sy = starts[-1][0], starts[-1][2]
    after = lambda w: (w[0], w[2]) > (sp, sy)
    # an entry: "[n]" first on its line
    lines = {}
    for w in words:
        lines.setdefault((w[0], round(w[2])), []).append(w)
    entries = {}
    for key, ws in lines.items():
        ws.sort(key=lambda w: w[1])
        m = re.fullmatch(r"\[(\d+)\]", ws[0][5])
        if m and after(ws[0]):
            entries[int(m.group(1))] = ws[0]
    cites = 0
    for key, ws in lines.items():
        for k, w in enumerate(ws):
            m = re.search(r"\[(\d+)\]", w[5])
            if not m or after(w):
                continue
            if k == 0 and re.fullmatch(r"\[\d+\]", w[5]):
                problems.append("page %d: a line starts with the citation %s" % (w[0] + 1, w[5]))
            n = int(m.group(1))
            cites += 1
            cx, cy = (w[1] + w[3]) / 2, height[w[0]] - (w[2] + w[4]) / 2
            hit = [l for l in links if l[0] == w[0] and l[1][0] <= cx <= l[1][2]
                   and l[1][1] <= cy <= l[1][3]]
            e = entries.get(n)
            if not e:
                problems.append("page %d: citation [%d] has no entry under Sources" % (w[0] + 1, n))
            elif not hit:
                problems.append("page %d: citation [%d] is no link" % (w[0] + 1, n))
            else:
                top = height[e[0]] - e[2]
                if not any(l[2] == e[0] and (l[3] is None or abs(l[3] - top) < 24) for l in hit):
                    problems.append("page %d: citation [%d] does not land on its entry (page %d)"
                                    % (w[0] + 1, n, e[0] + 1))
    if not cites:
        problems.append("no citations")
    return problems, "%d citations, %d entries" % (cites, len(entries))


def main():
    kind, files = sys.argv[1], sys.argv[2:]
    bad = 0
    for f in files:
        problems, summary = (check_md if kind == "md" else check_pdf)(f)
        name = f.rsplit("/", 1)[-1]
        if problems:
            bad = 1
            print("%s: %s" % (name, "; ".join(problems[:8])))
        else:
            print("ok %s: %s" % (name, summary))
    sys.exit(bad)


if __name__ == "__main__":
    main()
