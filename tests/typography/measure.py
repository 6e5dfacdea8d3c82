#!/usr/bin/env python3
"""measure.py [--layout DUMP] PDF...: the typographer's measurements of issue
14, so that they can be repeated on any PDF (casebrief's, or xelatex's and
Typst's on the same text):

  lines      justified lines (lines that fill the measure; a paragraph's
             last line is not counted)
  >1.5x      of those, lines whose spaces are more than 1.5 times the
             natural word space; >2x likewise; max the widest
  hyphens    lines ending in a hyphen (in all, the most on a page, the
             mean per page)
  pages, bytes
and counts of the visible defects issue 14 lists: straight quotes left in
the text, lines that start with a citation number ("[7]"), pages whose
last line of text ends with a colon (a label stranded from what it
introduces), running-header lines that run past the text block or are cut
inside a word, and words beyond the text block by more than 1 pt (the
widest overhang in pt).

Natural space. A justified line's spaces are its natural space stretched
by r times their stretchability (r, the adjustment ratio): in casebrief,
as in XeTeX, a space of width s stretches by s/2, so a line of ratio r
has spaces of (1 + r/2) s. With --layout (the `render --dump-layout` text
of the same PDF) each line's r is read from the dump and its space is
1 + r/2 times the natural one (1 + r/3 when r < 0: shrink is s/3).
Without it, the ratio is measured on the page: the median gap between the
word boxes of the line (`pdftotext -bbox-layout`) divided by the natural
gap of text of that size, the median gap on lines that stop well short of
the measure (last lines of paragraphs, set at their natural spacing). The
two agree within one line in a hundred on casebrief's PDFs.

Widows and orphans (--layout only): a paragraph's last line alone at the
top of a page, or its first line alone at the foot of one.

The text block is found from the PDF: the running header's title starts
at its left edge (else the most common left edge of lines), and it is as
wide as the most common right edge of justified lines makes it.
"""
import collections, os, re, statistics, subprocess, sys
import xml.etree.ElementTree as ET

NS = '{http://www.w3.org/1999/xhtml}'
HEADER_Y = 60          # lines above this are the running header
FOOTER_Y = 800         # and below this the footer (A4 and letter)


class Line:
    def __init__(self, el):
        self.y0, self.y1 = float(el.get('yMin')), float(el.get('yMax'))
        self.words = [(float(w.get('xMin')), float(w.get('xMax')),
                       float(w.get('yMax')) - float(w.get('yMin')), w.text or '')
                      for w in el.iter(NS + 'word')]
        self.text = ' '.join(w[3] for w in self.words)


def pdf_pages(pdf):
    out = subprocess.run(['pdftotext', '-bbox-layout', '-enc', 'UTF-8', pdf, '-'],
                         capture_output=True, text=True, check=True).stdout
    pages = []
    for page in ET.fromstring(out).iter(NS + 'page'):
        lines = [Line(el) for el in page.iter(NS + 'line')]
        pages.append(sorted([l for l in lines if l.words], key=lambda l: (l.y0, l.words[0][0])))
    return pages


def body(page):
    return [l for l in page if HEADER_Y < l.y0 and l.y1 < FOOTER_Y]


def text_block(pages):
    heads = [l.words[0][0] for p in pages for l in p if l.y1 < HEADER_Y]
    lefts = collections.Counter(round(l.words[0][0]) for p in pages for l in body(p))
    rights = collections.Counter(round(l.words[-1][1]) for p in pages for l in body(p) if len(l.words) > 3)
    left = min(heads) if heads else lefts.most_common(1)[0][0]
    return left, rights.most_common(1)[0][0]


def box_ratios(pages, right):
    natural, lines = collections.defaultdict(list), []
    for p in pages:
        for l in body(p):
            ws = l.words
            if len(ws) < 3:
                continue
            size = round(statistics.median(w[2] for w in ws))
            gaps = [b[0] - a[1] for a, b in zip(ws, ws[1:])]
            if abs(ws[-1][1] - right) <= 1.0:
                lines.append((size, statistics.median(gaps)))
            elif ws[-1][1] < right - 20:
                natural[size].extend(gaps)
    return [gap / statistics.median(natural[size]) for size, gap in lines if natural[size]]


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
    return [1 + r / 2 if r >= 0 else 1 + r / 3 for p in pages for kind, r, brk in p
            if kind == 'line' and brk in ('glue', 'hyphen', 'char') and r != 0]


def widows_orphans(pages):
    n = 0
    for p, nxt in zip(pages, pages[1:]):
        rules = [i for i, it in enumerate(p) if it[0] == 'rule']
        text = p[:rules[-1]] if rules else p          # footnotes follow the rule
        lines = [it for it in text if it[0] == 'line']
        first = [it for it in nxt if it[0] == 'line'][:1]
        ends = lambda it: it[2] in ('last', 'forced')
        if lines and not ends(lines[-1]) and (len(lines) == 1 or ends(lines[-2])):
            n += 1                                     # orphan
        if first and lines and first[0][2] == 'last' and not ends(lines[-1]):
            n += 1                                     # widow
    return n


def cut_mid_word(prefix, texts):
    """A header shortened to `prefix` + an ellipsis cut a word: the title or
    a heading it comes from goes on with a letter or digit."""
    for t in texts:
        if t.startswith(prefix) and len(t) > len(prefix):
            return t[len(prefix)].isalnum() and prefix[-1:].isalnum()
    return False


def defects(pdf, pages, left, right):
    run = lambda *c: subprocess.run(c, capture_output=True, text=True, check=True).stdout
    text = run('pdftotext', '-raw', '-enc', 'UTF-8', pdf, '-')
    title = re.search(r'^Title:\s*(.*)$', run('pdfinfo', pdf), re.M)
    lines = [l for p in pages for l in body(p)]
    # the list of sources (after its heading) starts its lines with numbers
    src = max([i for i, l in enumerate(lines) if l.text == 'Sources'], default=len(lines))
    head = [l for p in pages for l in p if l.y1 < HEADER_Y]
    texts = [title.group(1) if title else ''] + [l.text for l in lines]
    over = [max(left - w[0], w[1] - right) for p in pages for l in p for w in l.words]
    res = collections.OrderedDict()
    res["straight '"] = text.count("'")
    res['straight "'] = text.count('"')
    res['citation starts line'] = sum(1 for l in lines[:src] if re.match(r'\[\d+\][.,;)]*$', l.words[0][3]))
    res['label ends page'] = sum(1 for p in pages if body(p) and body(p)[-1].text.rstrip().endswith(':'))
    res['header past rule'] = sum(1 for l in head if l.words[-1][1] > right + 0.5 or l.words[0][0] < left - 0.5)
    res['header cut mid-word'] = sum(1 for l in head if l.text.endswith('\u2026') and
                                     cut_mid_word(l.text[:-1], texts))
    res['max overhang'] = round(max(0, max(over)), 1) if over else 0
    return res


def measure(pdf, layout=None):
    pages = pdf_pages(pdf)
    left, right = text_block(pages)
    ratios = dump_ratios(layout_items(layout)) if layout else box_ratios(pages, right)
    hy = [sum(1 for l in body(p) if re.search(r'\w-\u200b?$', l.words[-1][3])) for p in pages]
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
    res.update(defects(pdf, pages, left, right))
    return res


if __name__ == '__main__':
    args, layout = sys.argv[1:], None
    if args[:1] == ['--layout']:
        layout, args = args[1], args[2:]
    for pdf in args:
        print('%s: %s' % (pdf, '  '.join('%s %s' % kv for kv in measure(pdf, layout).items())))
