#!/usr/bin/env python3
"""measure.py [--layout DUMP] PDF...: the typographer's measurements of issue
14, so that they can be repeated on any PDF (casebrief's, or xelatex's and
Typst's on the same text):

  lines      justified lines (lines that fill the measure, a paragraph's
             last line not counted)
  >1.5x      of those, lines whose spaces are more than 1.5 times the
             natural word space; >2x likewise
  hyphens    lines ending in a hyphen, per page (max, mean) and in all
  pages, bytes

Natural space. A justified line's spaces are its natural space stretched
by r times their stretchability (r, the adjustment ratio): in casebrief,
as in XeTeX, a space of width s stretches by s/2, so a line of ratio r
has spaces of (1 + r/2) s. With --layout (the `render --dump-layout` text
of the same PDF) the ratio of each line is read from the dump (r= on each
line) and the space is 1 + r/2 times the natural one (1 + r/3 when r < 0:
shrink is s/3). Without it, the ratio is measured on the page: the gaps
between the word boxes of `pdftotext -bbox-layout`, divided by the
natural gap of text of that size, which is the median gap on lines that
do not fill the measure (last lines of paragraphs, set at their natural
spacing). Both ways agree within a few hundredths on casebrief's PDFs.

Widows and orphans (--layout only): a paragraph's last line alone at the
top of a page, or its first line alone at the foot of one.
"""
import collections, os, re, statistics, subprocess, sys
import xml.etree.ElementTree as ET

NS = '{http://www.w3.org/1999/xhtml}'


def pdf_lines(pdf):
    out = subprocess.run(['pdftotext', '-bbox-layout', '-enc', 'UTF-8', pdf, '-'],
                         capture_output=True, text=True, check=True).stdout
    pages = []
    for page in ET.fromstring(out).iter(NS + 'page'):
        lines = []
        for el in page.iter(NS + 'line'):
            words = [(float(w.get('xMin')), float(w.get('xMax')), float(w.get('yMax')) - float(w.get('yMin')),
                      w.text or '') for w in el.iter(NS + 'word')]
            if words:
                lines.append(words)
        pages.append(lines)
    return pages


def hyphen_counts(pages, top, bottom):
    """Lines ending in a hyphen per page, running header and footer left out."""
    per = []
    for p in pages:
        n = 0
        for words in p:
            if words[-1][3].rstrip('\u200b').endswith('-') and len(words[-1][3]) > 1:
                n += 1
        per.append(n)
    return per


def box_ratios(pages):
    """Per justified line, its median gap over the natural gap of its size."""
    rights = collections.Counter(round(ws[-1][1]) for p in pages for ws in p if len(ws) > 3)
    right = rights.most_common(1)[0][0]
    natural, lines = collections.defaultdict(list), []
    for p in pages:
        for ws in p:
            if len(ws) < 3:
                continue
            size = round(statistics.median(w[2] for w in ws), 0)
            gaps = [b[0] - a[1] for a, b in zip(ws, ws[1:])]
            if abs(ws[-1][1] - right) <= 1.0:
                lines.append((size, statistics.median(gaps)))
            elif ws[-1][1] < right - 20:
                natural[size].extend(gaps)
    out = []
    for size, gap in lines:
        if natural[size]:
            out.append(gap / statistics.median(natural[size]))
    return out


def layout_items(path):
    pages = []
    for s in open(path, encoding='utf-8'):
        if s.startswith('page '):
            pages.append([])
            continue
        m = re.match(r'\s+[\d.]+ (\w+)\s+h=[\d.]+(?: r=(-?[\d.]+) (\w+))?', s)
        if m and pages:
            pages[-1].append((m.group(1), float(m.group(2) or 0), m.group(3) or ''))
    return pages


def dump_ratios(pages):
    out = []
    for p in pages:
        for kind, r, brk in p:
            if kind == 'line' and brk in ('glue', 'hyphen', 'char') and r != 0:
                out.append(1 + r / 2 if r >= 0 else 1 + r / 3)
    return out


def widows_orphans(pages):
    """Lines of a paragraph: consecutive 'line' items; one ends at 'last'."""
    n = 0
    for p, nxt in zip(pages, pages[1:]):
        lines = [it for it in p if it[0] in ('line', 'rule')]
        # footnotes come after the page's rule: only the text counts
        if any(it[0] == 'rule' for it in lines):
            lines = lines[:max(i for i, it in enumerate(lines) if it[0] == 'rule')]
        lines = [it for it in lines if it[0] == 'line']
        first = [it for it in nxt if it[0] == 'line'][:2]
        # orphan: the page ends with a paragraph's first line
        if len(lines) >= 2 and lines[-2][2] in ('last', 'forced') and lines[-1][2] not in ('last', 'forced'):
            n += 1
        elif len(lines) == 1 and lines[-1][2] not in ('last', 'forced'):
            n += 1
        # widow: the next page starts with a paragraph's last line
        if first and first[0][2] == 'last' and lines and lines[-1][2] not in ('last', 'forced'):
            n += 1
    return n


def measure(pdf, layout=None):
    pages = pdf_lines(pdf)
    ratios = dump_ratios(layout_items(layout)) if layout else box_ratios(pages)
    hy = hyphen_counts(pages, 60, 800)
    res = collections.OrderedDict()
    res['pages'] = len(pages)
    res['bytes'] = os.path.getsize(pdf)
    res['lines'] = len(ratios)
    res['>1.5x'] = sum(r > 1.5 for r in ratios)
    res['>2x'] = sum(r > 2.0 for r in ratios)
    res['max'] = round(max(ratios), 2) if ratios else 0
    res['hyphens'] = sum(hy)
    res['hyph/page max'] = max(hy) if hy else 0
    res['hyph/page mean'] = round(sum(hy) / len(hy), 2) if hy else 0
    if layout:
        res['widows+orphans'] = widows_orphans(layout_items(layout))
    return res


if __name__ == '__main__':
    args, layout = sys.argv[1:], None
    if args[:1] == ['--layout']:
        layout, args = args[1], args[2:]
    for pdf in args:
        r = measure(pdf, layout)
        print('%s: %s' % (pdf, '  '.join('%s %s' % kv for kv in r.items())))
