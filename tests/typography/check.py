#!/usr/bin/env python3
"""check.py KIND PDF MD LAYOUT: the typographic checks of issue 14 on a PDF
that `casebrief render` made from MD (LAYOUT: its --dump-layout text).
KIND: typography (typography.md: one example of each defect), notes
(notes.md: footnotes over several pages), labels (labels.md: run-in
labels before lists, over many pages) or tallrow (tallrow.md: a table
whose first row is taller than a page).

Each check prints "ok NAME" or "FAIL NAME: what"; the exit status is the
number of failures (0: all passed). The word boxes come from
`pdftotext -bbox-layout`, the copied text from `pdftotext` (which, like a
viewer's copy, joins a word hyphenated at a line end), the outline from
`qpdf --json`. The text block is where most lines start and end.
"""
import collections, json, re, subprocess, sys
import xml.etree.ElementTree as ET

ZWSP = '\u200b'
NS = '{http://www.w3.org/1999/xhtml}'
failures = 0


def report(name, problems):
    global failures
    if problems:
        failures += 1
        print('FAIL %s: %s' % (name, '; '.join(problems[:6])))
    else:
        print('ok   %s' % name)


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        sys.exit('%s: exit %d: %s' % (cmd[0], p.returncode, p.stderr[:300]))
    return p.stdout


class Line:
    def __init__(self, page, el):
        self.page = page
        self.words = [(float(w.get('xMin')), float(w.get('xMax')), w.text or '')
                      for w in el.iter(NS + 'word')]
        self.x0, self.x1 = float(el.get('xMin')), float(el.get('xMax'))
        self.y0, self.y1 = float(el.get('yMin')), float(el.get('yMax'))
        self.text = ' '.join(w[2] for w in self.words)


def pdf_lines(pdf):
    root = ET.fromstring(run('pdftotext', '-bbox-layout', '-enc', 'UTF-8', pdf, '-'))
    pages = []
    for n, page in enumerate(root.iter(NS + 'page'), 1):
        lines = [Line(n, el) for el in page.iter(NS + 'line')]
        pages.append(sorted(lines, key=lambda l: (l.y0, l.x0)))
    return pages


def text_block(pages, width):
    """The text block's edges: the running header's title starts at its
    left edge; it is `width` wide (the dump's text area)."""
    heads = [l.x0 for p in pages for l in p if l.y1 < 60]
    left = min(heads) if heads else collections.Counter(
        round(l.x0, 1) for p in pages for l in p).most_common(1)[0][0]
    return left, left + width


def layout_pages(path):
    """Per page: the dump's items as (y, kind, brk, r, text, rest of the line)."""
    pages = []
    for s in open(path, encoding='utf-8'):
        if s.startswith('page '):
            pages.append([])
            continue
        m = re.match(r'\s+([\d.]+) (\w+)\s+h=[\d.]+(?: r=(-?[\d.]+) (\w+))?(.*?)(?:\|(.*)\| w=([\d.]+))?$',
                     s.rstrip('\n'))
        if m and pages:
            y, kind, r, brk, flags, text, w = m.groups()
            pages[-1].append(dict(y=float(y), kind=kind, r=float(r or 0), brk=brk or '',
                                  flags=flags, text=text or '', w=float(w or 0)))
    return pages


def md_spans(md):
    codes = re.findall(r'`([^`\n]+)`', md)
    urls = re.findall(r'<(https?://[^>\s]+)>', md)
    return codes, urls


def copied_text(pdf):
    """What copying the text between the running header and footer gives,
    its lines joined with nothing."""
    t = run('pdftotext', '-enc', 'UTF-8', '-x', '0', '-y', '62', '-W', '600', '-H', '730', pdf, '-')
    return t.replace(ZWSP, '').replace('\n', '').replace('\f', '')


def section_lines(pages, start, end):
    """The lines from the heading `start` up to the heading `end` (the
    headings, not their contents entries: the tallest lines)."""
    def tallest(prefix):
        hits = [l for p in pages for l in p if l.text.startswith(prefix)]
        return max(hits, key=lambda l: l.y1 - l.y0) if hits else None
    a, b = tallest(start), tallest(end) if end else None
    out, on = [], False
    for p in pages:
        for l in p:
            if l is a:
                on = True
            elif l is b:
                on = False
            if on:
                out.append(l)
    return out


def check_punctuation(text):
    probs = []
    for ch, name in (('\u201c', 'left double quote'), ('\u201d', 'right double quote'),
                     ('\u2019', 'apostrophe'), ('\u2013', 'en dash'), ('\u2014', 'em dash')):
        if ch not in text:
            probs.append('no %s' % name)
    for ch in ('"', "'", '--'):
        if ch in text:
            probs.append('a straight %r is left' % ch)
    report('curly quotes and dashes', probs)


def check_block(pages, left, right):
    probs = []
    wide = set(id(l) for l in section_lines(pages, 'A table with eight', 'Run-in labels'))
    for p in pages:
        for l in p:
            if id(l) in wide:
                continue
            for x0, x1, w in l.words:
                if x0 < left - 0.5 or x1 > right + 0.5:
                    probs.append('p%d %r at %.1f-%.1f' % (l.page, w, x0, x1))
    report('no word outside the text block', probs)


def check_wide(pages, left):
    """The one deliberately wide table: its heading starts where it does."""
    lines = section_lines(pages, 'A table with eight', 'Run-in labels')
    if len(lines) < 3:
        report('wide table aligned with its heading', ['table not found'])
        return
    # (the table's rules start where its heading does; its text is inset
    # by the cell padding, 6 pt)
    head, rows = lines[0], lines[1:]
    lmost = min(l.x0 for l in rows) - 6
    report('wide table aligned with its heading',
           [] if abs(head.x0 - lmost) < 0.6 and lmost < left - 1 else
           ['heading at %.1f, table at %.1f' % (head.x0, lmost)])


def check_citations(pages):
    probs = []
    for p in pages:
        for l in p:
            if l.text.startswith('Sources'):
                break
            if re.match(r'\[\d+\]', l.text):
                probs.append('p%d: %r' % (l.page, l.text[:40]))
    report('no line starts with a citation', probs)


def check_spans(pdf, md, pages):
    codes, urls = md_spans(md)
    stripped = re.sub(r'\s+', '', copied_text(pdf))
    probs = ['%r copies as something else' % s for s in codes + urls
             if re.sub(r'\s+', '', s) not in stripped]
    report('URLs and code copy whole, with no hyphen added', probs)
    probs = []
    for p in pages:
        for a, b in zip(p, p[1:]):
            if re.search(r'\d{4}-(\d{2}-?)?$', a.text.rstrip(ZWSP)) and re.match(r'\d', b.text):
                probs.append('p%d: %r / %r' % (a.page, a.text[-12:], b.text[:8]))
    report('dates never break', probs)
    words = set(w for p in pages for l in p for _, _, w in l.words)
    probs = [c for c in codes if ' ' not in c and len(c) < 40 and c not in words]
    report('a code span that fits is one word', probs)


def check_labels(lp):
    probs = []
    for n, items in enumerate(lp, 1):
        body = [it for it in items if it['kind'] in ('line', 'band', 'toc')]
        # the page's footnotes come after its rule
        rules = [i for i, it in enumerate(items) if it['kind'] == 'rule']
        if rules:
            body = [it for it in items[:rules[-1]] if it['kind'] in ('line', 'band', 'toc')]
        if body and body[-1]['text'].rstrip().endswith(':'):
            probs.append('p%d ends with %r' % (n, body[-1]['text']))
    report('no label alone at a page bottom', probs)


def check_cells(md, lp):
    probs = []
    compounds = set(re.findall(r'(\w+-)\w', md))
    for items in lp:
        for it in items:
            if it['kind'] != 'band':
                continue
            for tok in it['text'].split():
                if tok.endswith('-') and tok not in compounds:
                    probs.append('%r in %r' % (tok, it['text'][:50]))
            if it['text'].rstrip().endswith('\u2192'):
                probs.append('an arrow ends %r' % it['text'])
    report('no cell word hyphenated when its table had room', probs)


def paragraphs(lp):
    """The dump's lines grouped by paragraph (up to a last or forced line)."""
    out, cur = [], []
    for n, items in enumerate(lp, 1):
        for it in items:
            if it['kind'] != 'line':
                continue
            cur.append((n, it))
            if it['brk'] in ('last', 'forced'):
                out.append(cur)
                cur = []
    return out


def check_loose(lp):
    probs = []
    for para in paragraphs(lp):
        if len(para) > 4:
            continue
        for n, it in para:
            if it['r'] > 2:
                probs.append('p%d r=%.2f %r' % (n, it['r'], it['text'][:40]))
    report('no short paragraph stretched past twice the natural space', probs)
    probs = []
    for n, items in enumerate(lp, 1):
        run_ = 0
        for it in items:
            run_ = run_ + 1 if it['kind'] == 'line' and it['brk'] == 'hyphen' else 0
            if run_ >= 3:
                probs.append('p%d at %r' % (n, it['text'][:30]))
    report('no three hyphenated lines in a row', probs)
    lines = [it for items in lp for it in items if it['kind'] == 'line']
    para = [i for i, it in enumerate(lines) if 'Pneumono' in it['text']]
    bad = [lines[i]['text'][:30] for i in range(para[0], para[0] + 3)
           if para and lines[i]['brk'] != 'last' and lines[i]['r'] == 0 and lines[i]['brk'] != 'char'] if para else ['not found']
    report('a paragraph with one long token stays justified', bad)


def check_contents(pdf, lp, md):
    title = re.search(r'^# (.*)$', md, re.M).group(1)
    outline = json.loads(run('qpdf', '--json', '--json-key=outlines', pdf))['outlines']
    names = []

    def walk(items):
        for o in items:
            names.append(o['title'])
            walk(o['kids'])
    walk(outline)
    toc = [re.sub(r' \d+$', '', it['text']) for items in lp for it in items
           if it['kind'] == 'toc' and it['brk'] == 'last']
    outl = [n for n in names if n != title]
    report('contents and outline list the same headings',
           [] if toc == outl else ['contents %d %r, outline %d %r' % (len(toc), toc[:3], len(outl), outl[:3])])
    first = lp[0]
    kinds = [it['kind'] for it in first if it['kind'] != 'space']
    report('the contents follow the title on page 1',
           [] if kinds and ' h1' in first[0]['flags'] and 'toc' in kinds else ['page 1: %r' % kinds[:4]])


def check_header(pages, left, right, md):
    title = re.search(r'^# (.*)$', md, re.M).group(1)
    probs = []
    for p in pages:
        head = [l for l in p if l.y1 < 60]
        for l in head:
            if l.x0 < left - 0.5 or l.x1 > right + 0.5:
                probs.append('p%d header %r at %.1f-%.1f' % (l.page, l.text, l.x0, l.x1))
            t = l.text
            if t.endswith('\u2026') and title.startswith(t[:-1]) is False and not t.startswith(title[:5]):
                continue
        cut = [l.text for l in head if l.text.endswith('\u2026') and title.startswith(l.text[:-1])]
        for t in cut:
            rest = title[len(t) - 1:]
            if rest and rest[0] not in ' ,;:-\u2013\u2014':
                probs.append('p%d cut mid-word: %r' % (p[0].page if p else 0, t))
    report('running header fits at a word boundary', probs)


def check_words(text, md):
    probs = []
    if '\u00ad' in text:
        probs.append('a soft hyphen is drawn')
    for w in ('extra-ordinarily', 'counter-intuitively', 'super-califragilistic'):
        if w in text.replace('-\n', '\n'):
            probs.append('%r shows its soft hyphen' % w)
    report('soft hyphens are break points, not drawn', probs)
    probs = []
    flat = re.sub(r'\s+', ' ', md)
    for m in re.finditer(r'([A-Z][A-Za-z]+)-\n([a-z]+)', run_text):
        whole = m.group(1) + m.group(2)
        # a name: somewhere not at the start of a sentence (and a word
        # longer than a line has to be cut somewhere)
        inside = re.search(r'[^.!?:*#>\s] +\**%s\b' % re.escape(whole), flat)
        if inside and len(whole) < 40:
            probs.append('%s-/%s' % (m.group(1), m.group(2)))
    report('capitalised names are never hyphenated', probs)


def check_notes(pages):
    probs = []
    for p in pages:
        texts = [l.text for l in p]
        if any(t.startswith('A claim with a note') for t in texts):
            notes = [l for l in p if l.text.startswith('1 Measured') or l.text.startswith('Measured on')]
            if not notes:
                probs.append('note 1 is not on the page of its reference')
            elif max(l.y1 for l in p if l.y1 < 800) - notes[0].y1 > 80:
                probs.append('note 1 is not at the foot of the page')
    report('a footnote sits at the foot of its page', probs)


def check_note_pages(pages, left):
    """Each note starts on the page of its reference (or the next, when
    an older note still continues there), the notes in order, below the
    text."""
    refs, starts, probs = {}, {}, []
    for p in pages:
        for l in p:
            if l.y0 < 60 or l.y1 > 800:
                continue
            for x0, x1, w in l.words:
                if not w.isdigit():
                    continue
                small = [b for b in l.words if b[2] == w and b[0] == x0]
                if x0 < left + 12:
                    starts.setdefault(int(w), l.page)
                elif l.y1 - l.y0 > 0 and (l.words.index(small[0]) > 0):
                    pass
        for l in p:
            for i, (x0, x1, w) in enumerate(l.words):
                if i and w.isdigit() and abs(x0 - l.words[i - 1][1]) < 0.5:
                    refs.setdefault(int(w), l.page)
    for n in sorted(refs):
        if n not in starts:
            probs.append('note %d is not set' % n)
        elif not refs[n] <= starts[n] <= refs[n] + 1:
            probs.append('note %d starts on p%d, its reference is on p%d' % (n, starts[n], refs[n]))
    order = [starts[n] for n in sorted(starts)]
    if order != sorted(order):
        probs.append('notes out of order: %r' % order)
    report('each footnote starts at the foot of its reference\'s page', probs)


def check_foot_below(lp):
    probs = []
    for n, items in enumerate(lp, 1):
        rules = [it for it in items if it['kind'] == 'rule']
        if not rules:
            continue
        body = items[:items.index(rules[-1])]
        end = max((it['y'] for it in body), default=0)
        if end > rules[-1]['y']:
            probs.append('p%d: text at %.1f below the rule at %.1f' % (n, end, rules[-1]['y']))
    report('footnotes stay below the text', probs)


def check_tall_row(lp, height):
    items = lp[0]
    bands = [it for it in items if it['kind'] == 'band']
    end = max(it['y'] for it in items)
    report('a tall row starts on the page it begins',
           [] if len(bands) > 1 and end > 0.8 * height else
           ['page 1 ends at %.0f of %.0f with %d bands' % (end, height, len(bands))])


if __name__ == '__main__':
    kind, pdf, mdfile, layout = sys.argv[1:5]
    md = open(mdfile, encoding='utf-8').read()
    pages = pdf_lines(pdf)
    lp = layout_pages(layout)
    run_text = run('pdftotext', '-raw', '-enc', 'UTF-8', pdf, '-')
    width, height = map(float, re.search(r'text area ([\d.]+) x ([\d.]+)', open(layout).readline()).groups())
    left, right = text_block(pages, width)
    if kind == 'notes':
        check_note_pages(pages, left)
        check_foot_below(lp)
        check_block(pages, left, right)
    elif kind == 'tallrow':
        check_tall_row(lp, height)
    elif kind == 'labels':
        check_labels(lp)
        check_block(pages, left, right)
    else:
        check_punctuation(run_text)
        check_block(pages, left, right)
        check_wide(pages, left)
        check_citations(pages)
        check_spans(pdf, md, pages)
        check_labels(lp)
        check_cells(md, lp)
        check_loose(lp)
        check_contents(pdf, lp, md)
        check_header(pages, left, right, md)
        check_words(run_text, md)
        check_notes(pages)
        check_foot_below(lp)
    sys.exit(failures)
