#!/usr/bin/env python3
"""pdf_tags.py [options] PDF...: checks that a PDF is tagged the way
PDF/UA-1 wants, from the file alone (with qpdf, pdftotext and pdfinfo).

For each PDF:
  - the catalog: /MarkInfo /Marked true, /Lang, /ViewerPreferences
    /DisplayDocTitle true, /StructTreeRoot, an XMP /Metadata stream that
    says what the document info says (title, author, subject, keywords,
    producer, creator tool, dates) with pdfuaid:part 1; PDF version 1.7;
  - every page: /StructParents, /Tabs /S;
  - the content streams: every text-showing and painting operator is in
    marked content (an MCID of an element, or an artifact); BDC/BMC/EMC
    balance in each stream and nest properly with BT/ET and q/Q; no MCID
    twice on a page; the text of every page as pdftotext finds it is
    text this check found in marked content (decoded through the fonts'
    ToUnicode maps);
  - the structure tree: every element's /P is its parent; every MCID on a
    page is in exactly one element and every marked-content reference in
    the tree is on its page; the ParentTree maps every MCID of every page
    and every annotation's /StructParent back to the element that holds
    it; every link annotation has /Contents and an OBJR in a Link
    element; headings start at H1 and never skip a level; every Figure
    has /Alt; every TH has a /Scope; every Note has an /ID; LI in L, TR
    in Table/THead/TBody, TH and TD in TR; the running header and footer
    ("Page N of M") are pagination artifacts on every page from
    --furniture N on (0-based; default 0), and no element's text has them.

Options:
  --md FILE   the Markdown the PDF was made from: its words, in order,
              must be the words of `pdfinfo -struct-text` (at least
              --order-min of them found in order, default 0.97)
  --roles R   comma-separated structure types the tree must have
  --tree      print the structure types and their text (reading order)
Exit 1 with one line per problem (at most 20 per file).
"""
import os, re, subprocess, sys, tempfile, unicodedata
import xml.etree.ElementTree as ET

from pdftext import TABLE_RULE, md_inline_text

WS = b' \t\r\n\x0c\x00'
DELIM = b'()<>[]{}/%'


class Ref(tuple):
    pass


class Name(str):
    pass


class Stream:
    def __init__(self, d, data):
        self.d, self.data = d, data


class Op(str):
    pass


def skip_ws(b, i):
    n = len(b)
    while i < n:
        c = b[i]
        if c in WS:
            i += 1
        elif c == 0x25:  # comment
            while i < n and b[i] not in b'\r\n':
                i += 1
        else:
            break
    return i


def token(b, i):
    j = i
    while j < len(b) and b[j] not in WS and b[j] not in DELIM:
        j += 1
    return b[i:j], j


def lit_string(b, i):
    out, depth, i = bytearray(), 1, i + 1
    esc = {ord('n'): 10, ord('r'): 13, ord('t'): 9, ord('b'): 8, ord('f'): 12}
    while i < len(b):
        c = b[i]
        if c == 0x5c:
            i += 1
            c = b[i]
            if c in esc:
                out.append(esc[c]); i += 1
            elif 0x30 <= c <= 0x37:
                k = 0
                v = 0
                while k < 3 and i < len(b) and 0x30 <= b[i] <= 0x37:
                    v = v * 8 + b[i] - 0x30; i += 1; k += 1
                out.append(v & 255)
            elif c in b'\r\n':
                i += 1
                if c == 13 and i < len(b) and b[i] == 10:
                    i += 1
            else:
                out.append(c); i += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if not depth:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    raise ValueError('unterminated string')


def value(b, i, refs=True):
    i = skip_ws(b, i)
    c = b[i:i + 1]
    if b[i:i + 2] == b'<<':
        d, i = {}, i + 2
        while True:
            i = skip_ws(b, i)
            if b[i:i + 2] == b'>>':
                return d, i + 2
            k, i = value(b, i, refs)
            v, i = value(b, i, refs)
            d[str(k)] = v
    if c == b'<':
        j = b.index(b'>', i)
        h = re.sub(rb'\s', b'', b[i + 1:j])
        if len(h) % 2:
            h += b'0'
        return bytes.fromhex(h.decode()), j + 1
    if c == b'[':
        a, i = [], i + 1
        while True:
            i = skip_ws(b, i)
            if b[i:i + 1] == b']':
                return a, i + 1
            v, i = value(b, i, refs)
            a.append(v)
    if c == b'(':
        return lit_string(b, i)
    if c == b'/':
        t, j = token(b, i + 1)
        return Name(re.sub(rb'#([0-9A-Fa-f]{2})', lambda m: bytes([int(m.group(1), 16)]), t).decode('latin1')), j
    t, j = token(b, i)
    if not t:
        raise ValueError('unexpected %r at %d' % (b[i:i + 10], i))
    if re.fullmatch(rb'[+-]?(\d+\.?\d*|\.\d+)', t):
        if refs and re.fullmatch(rb'\d+', t):
            m = re.match(rb'\s+(\d+)\s+R(?=[\s/\[\]<>()%]|$)', b[j:j + 24])
            if m:
                return Ref((int(t), int(m.group(1)))), j + m.end()
        return (float(t) if b'.' in t else int(t)), j
    if t == b'true':
        return True, j
    if t == b'false':
        return False, j
    if t == b'null':
        return None, j
    return Op(t.decode('latin1')), j


def read_qdf(path):
    b = open(path, 'rb').read()
    objs = {}
    for m in re.finditer(rb'(?m)^(\d+) (\d+) obj\n', b):
        num = int(m.group(1))
        if num in objs:
            continue
        v, i = value(b, m.end())
        i = skip_ws(b, i)
        if b.startswith(b'stream', i):
            i += 6
            if b[i:i + 2] == b'\r\n':
                i += 2
            elif b[i:i + 1] in (b'\n', b'\r'):
                i += 1
            e = b.find(b'\nendstream\nendobj', i)
            v = Stream(v, b[i:e])
        objs[num] = v
    t = b.rfind(b'trailer')
    trailer, _ = value(b, t + 7) if t >= 0 else ({}, 0)
    return objs, trailer, b[:9].decode('latin1', 'replace')


class Problems(list):
    def add(self, msg):
        if len(self) < 20:
            self.append(msg)


def text_string(s):
    if isinstance(s, bytes):
        if s[:2] == b'\xfe\xff':
            return s[2:].decode('utf-16-be', 'replace')
        return s.decode('latin1')
    return str(s)


def parse_cmap(data):
    m = {}
    for blk in re.findall(rb'beginbfchar(.*?)endbfchar', data, re.S):
        for a, u in re.findall(rb'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>', blk):
            m[int(a, 16)] = bytes.fromhex(u.decode()).decode('utf-16-be', 'replace')
    for blk in re.findall(rb'beginbfrange(.*?)endbfrange', data, re.S):
        for a, z, u in re.findall(rb'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>', blk):
            base = bytes.fromhex(u.decode()).decode('utf-16-be', 'replace')
            for k in range(int(a, 16), int(z, 16) + 1):
                m[k] = base[:-1] + chr(ord(base[-1]) + k - int(a, 16))
    return m


class Doc:
    def __init__(self, path):
        fd, self.qdf = tempfile.mkstemp(suffix='.pdf')
        os.close(fd)
        p = subprocess.run(['qpdf', '--qdf', '--object-streams=disable', path, self.qdf],
                           capture_output=True, text=True)
        if p.returncode not in (0, 3):
            raise ValueError('qpdf: ' + p.stderr.strip()[:200])
        self.objs, self.trailer, _ = read_qdf(self.qdf)
        self.header = open(path, 'rb').read(9).decode('latin1', 'replace')
        os.unlink(self.qdf)

    def get(self, v):
        while isinstance(v, Ref):
            v = self.objs.get(v[0])
        return v

    def dict(self, v):
        v = self.get(v)
        return v.d if isinstance(v, Stream) else (v if isinstance(v, dict) else {})

    def pages(self, node=None, out=None):
        out = [] if out is None else out
        n = self.dict(node)
        for k in n.get('Kids', []):
            kd = self.dict(k)
            if kd.get('Type') == 'Pages':
                self.pages(k, out)
            else:
                out.append(k)
        return out


# ---- content streams -------------------------------------------------------

TEXT_OPS = {'Tj', 'TJ', "'", '"'}
PAINT_OPS = {'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'Do', 'sh', 'BI'}


class Page:
    def __init__(self):
        self.mcid_text = {}   # mcid -> text
        self.artifact = []    # (kind, text)
        self.shows = []       # every text shown, in order
        self.kinds = set()


def font_maps(doc, res):
    fonts = {}
    for name, ref in doc.dict(res.get('Font', {})).items():
        f = doc.dict(ref)
        tu = doc.get(f.get('ToUnicode'))
        cmap = parse_cmap(tu.data) if isinstance(tu, Stream) else {}
        fonts[name] = (2 if f.get('Subtype') == 'Type0' else 1, cmap)
    return fonts


def decode(font, s):
    width, cmap = font
    out = []
    for k in range(0, len(s) - width + 1, width):
        code = int.from_bytes(s[k:k + width], 'big')
        out.append(cmap.get(code, '\ufffd'))
    return ''.join(out)


def scan_content(doc, data, fonts, pg, where, probs):
    ops, i, operands = [], 0, []
    n = len(data)
    stack = []           # (kind, mcid, bt_serial or None, q depth)
    in_bt, bt_serial, qd, font = False, 0, 0, None
    while True:
        i = skip_ws(data, i)
        if i >= n:
            break
        c = data[i:i + 1]
        if c in (b'/', b'(', b'<', b'['):
            v, i = value(data, i, refs=False)
            operands.append(v)
            continue
        t, j = token(data, i)
        if not t:
            probs.add('%s: cannot read the content stream at byte %d' % (where, i))
            return
        i = j
        if re.fullmatch(rb'[+-]?(\d+\.?\d*|\.\d+)', t):
            operands.append(float(t))
            continue
        op = t.decode('latin1')
        if op in ('true', 'false', 'null'):
            operands.append(op)
            continue
        if op == 'BT':
            if in_bt:
                probs.add('%s: BT inside BT' % where)
            in_bt, bt_serial = True, bt_serial + 1
        elif op == 'ET':
            if stack and stack[-1][2] == bt_serial:
                probs.add('%s: marked content opened inside a text object is still open at ET' % where)
            in_bt = False
        elif op == 'q':
            qd += 1
        elif op == 'Q':
            if stack and stack[-1][3] >= qd:
                probs.add('%s: marked content opened after q is still open at its Q' % where)
            qd -= 1
        elif op in ('BMC', 'BDC'):
            tag = operands[0] if operands else ''
            props = operands[1] if op == 'BDC' and len(operands) > 1 else {}
            mcid = props.get('MCID') if isinstance(props, dict) else None
            kind = 'artifact' if tag == 'Artifact' else tag
            if tag == 'Artifact' and isinstance(props, dict):
                kind = 'artifact:%s/%s' % (props.get('Type', ''), props.get('Subtype', ''))
            if mcid is not None:
                mcid = int(mcid)
                if mcid in pg.mcid_text:
                    probs.add('%s: MCID %d used twice' % (where, mcid))
                pg.mcid_text[mcid] = ''
            elif tag != 'Artifact' and not stack:
                probs.add('%s: marked content /%s with no MCID outside any element' % (where, tag))
            pg.kinds.add(kind)
            stack.append((kind, mcid, bt_serial if in_bt else None, qd))
        elif op == 'EMC':
            if not stack:
                probs.add('%s: EMC without BMC/BDC' % where)
            else:
                top = stack.pop()
                if top[2] is not None and (not in_bt or top[2] != bt_serial):
                    probs.add('%s: marked content opened inside a text object closes outside it' % where)
                if top[2] is None and in_bt:
                    probs.add('%s: marked content opened outside a text object closes inside one' % where)
        elif op == 'Tf':
            font = fonts.get(str(operands[0])) if operands else None
        elif op in TEXT_OPS or op in PAINT_OPS:
            text = ''
            if op in TEXT_OPS:
                arg = operands[-1] if operands else b''
                parts = arg if isinstance(arg, list) else [arg]
                text = ''.join(decode(font, p) for p in parts if isinstance(p, bytes)) if font else ''
                pg.shows.append(text)
            owner = None
            for kind, mcid, _, _ in reversed(stack):
                if kind.startswith('artifact'):
                    owner = ('artifact', kind)
                    break
                if mcid is not None:
                    owner = ('mcid', mcid)
                    break
            if owner is None:
                what = 'text %r' % text[:40] if op in TEXT_OPS else 'painting operator %s' % op
                probs.add('%s: %s outside marked content' % (where, what))
            elif owner[0] == 'mcid':
                pg.mcid_text[owner[1]] += text
            elif text:
                pg.artifact.append((owner[1], text))
        elif op == 'BI':
            e = data.find(b'EI', i)
            i = e + 2 if e >= 0 else n
        operands = []
    if stack:
        probs.add('%s: %d marked-content sequences left open' % (where, len(stack)))


# ---- the structure tree ------------------------------------------------------

LEGAL_PARENT = {'LI': {'L'}, 'Lbl': {'LI'}, 'LBody': {'LI'}, 'TR': {'Table', 'THead', 'TBody', 'TFoot'},
                'TH': {'TR'}, 'TD': {'TR'}, 'THead': {'Table'}, 'TBody': {'Table'}, 'TOCI': {'TOC'}}


class Tree:
    def __init__(self, doc, page_nums, probs):
        self.doc, self.page_nums, self.probs = doc, page_nums, probs
        self.mcr = {}      # (page objnum, mcid) -> element objnum
        self.objr = {}     # annot objnum -> element objnum
        self.order = []    # ('mcr', pagenum, mcid, type) | ('elem', type, depth)
        self.elems = {}    # objnum -> dict
        self.types = {}

    def walk(self, ref, parent, pg, depth):
        doc, probs = self.doc, self.probs
        if not isinstance(ref, Ref):
            probs.add('a structure element that is not an indirect object')
            return
        num = ref[0]
        e = doc.dict(ref)
        if num in self.elems:
            probs.add('element %d is in the tree twice' % num)
            return
        self.elems[num] = e
        s = str(e.get('S', ''))
        self.types[s] = self.types.get(s, 0) + 1
        p = e.get('P')
        if not isinstance(p, Ref) or p[0] != parent:
            probs.add('element %d (%s): /P is not its parent %d' % (num, s, parent))
        ptype = str(doc.dict(Ref((parent, 0))).get('S', ''))
        if s in LEGAL_PARENT and ptype not in LEGAL_PARENT[s]:
            probs.add('element %d: %s inside %s' % (num, s, ptype or 'the root'))
        pg = e.get('Pg', pg)
        self.order.append(('elem', s, depth, num))
        kids = e.get('K', [])
        for k in kids if isinstance(kids, list) else [kids]:
            if isinstance(k, (int, float)):
                self.add_mcr(pg, int(k), num, s)
            elif isinstance(k, dict) and k.get('Type') == 'MCR':
                self.add_mcr(k.get('Pg', pg), int(k.get('MCID', -1)), num, s)
            elif isinstance(k, dict) and k.get('Type') == 'OBJR':
                o = k.get('Obj')
                if isinstance(o, Ref):
                    self.objr[o[0]] = num
            elif isinstance(k, Ref):
                self.walk(k, num, pg, depth + 1)
            else:
                probs.add('element %d: a kid that is none of MCID, MCR, OBJR, element' % num)

    def add_mcr(self, pg, mcid, num, s):
        if not isinstance(pg, Ref):
            self.probs.add('element %d: marked content without a page' % num)
            return
        key = (pg[0], mcid)
        if key in self.mcr:
            self.probs.add('MCID %d of page object %d is in two elements' % (mcid, pg[0]))
        self.mcr[key] = num
        self.order.append(('mcr', pg[0], mcid, s))


def number_tree(doc, node, out):
    n = doc.dict(node)
    nums = n.get('Nums', [])
    for k in range(0, len(nums) - 1, 2):
        out[int(nums[k])] = nums[k + 1]
    for kid in n.get('Kids', []):
        number_tree(doc, kid, out)
    return out


def check_parent_tree(doc, tree, pages, pdata, probs):
    root = doc.dict(doc.dict(doc.trailer_root).get('StructTreeRoot'))
    pt = number_tree(doc, root.get('ParentTree'), {})
    for idx, pref in enumerate(pages):
        pd = doc.dict(pref)
        sp = pd.get('StructParents')
        mcids = pdata[idx].mcid_text
        if sp is None:
            probs.add('page %d has no /StructParents' % (idx + 1))
            continue
        arr = doc.get(pt.get(int(sp)))
        if mcids and not isinstance(arr, list):
            probs.add('ParentTree: no entry %s for page %d' % (sp, idx + 1))
            continue
        for mcid in sorted(mcids):
            owner = tree.mcr.get((pref[0], mcid))
            if owner is None:
                probs.add('page %d: MCID %d is in no structure element' % (idx + 1, mcid))
                continue
            got = arr[mcid] if mcid < len(arr) else None
            if not isinstance(got, Ref) or got[0] != owner:
                probs.add('ParentTree: page %d MCID %d maps to %s, not to its element %d' %
                          (idx + 1, mcid, got[0] if isinstance(got, Ref) else got, owner))
    for (pnum, mcid), owner in tree.mcr.items():
        idx = next((k for k, p in enumerate(pages) if p[0] == pnum), None)
        if idx is None or mcid not in pdata[idx].mcid_text:
            probs.add('element %d refers to MCID %d of page object %d, which has none' % (owner, mcid, pnum))
    for idx, pref in enumerate(pages):
        pd = doc.dict(pref)
        if pd.get('Tabs') != 'S':
            probs.add('page %d: /Tabs is not /S' % (idx + 1))
        for a in doc.get(pd.get('Annots', [])) or []:
            ad = doc.dict(a)
            if ad.get('Subtype') != 'Link':
                continue
            owner = tree.objr.get(a[0]) if isinstance(a, Ref) else None
            if owner is None:
                probs.add('page %d: link annotation %s is in no structure element' % (idx + 1, a))
                continue
            if str(tree.elems[owner].get('S')) != 'Link':
                probs.add('page %d: link annotation in a %s, not a Link' % (idx + 1, tree.elems[owner].get('S')))
            sp = ad.get('StructParent')
            got = pt.get(int(sp)) if sp is not None else None
            if not isinstance(got, Ref) or got[0] != owner:
                probs.add('ParentTree: annotation %s (StructParent %s) does not map to its Link' % (a, sp))
            if not text_string(ad.get('Contents', b'')).strip():
                probs.add('page %d: link annotation without /Contents' % (idx + 1))


def check_elements(tree, probs):
    prev = 0
    for item in tree.order:
        if item[0] != 'elem':
            continue
        s, num = item[1], item[3]
        e = tree.elems[num]
        m = re.fullmatch(r'H([1-6])', s)
        if m:
            lv = int(m.group(1))
            if lv > prev + 1:
                probs.add('heading level skips: H%d after %s' % (lv, 'H%d' % prev if prev else 'no heading'))
            prev = lv
        elif s == 'H':
            probs.add('an unnumbered H element')
        if s == 'Figure' and not text_string(e.get('Alt', b'')).strip():
            probs.add('Figure %d has no /Alt' % num)
        if s == 'TH':
            a = e.get('A', {})
            a = a if isinstance(a, dict) else {}
            if a.get('Scope') not in ('Column', 'Row', 'Both'):
                probs.add('TH %d has no /Scope' % num)
        if s == 'Note' and not e.get('ID'):
            probs.add('Note %d has no /ID' % num)


def reading_text(tree, pages, pdata):
    idx = {p[0]: k for k, p in enumerate(pages)}
    out = []
    for item in tree.order:
        if item[0] == 'mcr' and item[1] in idx:
            out.append(pdata[idx[item[1]]].mcid_text.get(item[2], ''))
    return ' '.join(out)


# ---- metadata ---------------------------------------------------------------

NS = {'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'dc': 'http://purl.org/dc/elements/1.1/',
      'xmp': 'http://ns.adobe.com/xap/1.0/', 'pdf': 'http://ns.adobe.com/pdf/1.3/',
      'pdfuaid': 'http://www.aiim.org/pdfua/ns/id/'}


def pdf_date(s):
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)", s)
    return '%s-%s-%sT%s:%s:%s' % m.groups() if m else None


def check_metadata(doc, cat, info, probs):
    md = doc.get(cat.get('Metadata'))
    if not isinstance(md, Stream):
        probs.add('no /Metadata stream in the catalog')
        return
    try:
        root = ET.fromstring(re.sub(rb'<\?xpacket[^>]*\?>', b'', md.data))
    except ET.ParseError as e:
        probs.add('the XMP does not parse: %s' % e)
        return

    def one(path):
        el = root.find('.//' + path, NS)
        return el.text if el is not None and el.text is not None else None
    want = [('dc:title/rdf:Alt/rdf:li', 'Title'), ('dc:creator/rdf:Seq/rdf:li', 'Author'),
            ('dc:description/rdf:Alt/rdf:li', 'Subject'), ('pdf:Keywords', 'Keywords'),
            ('pdf:Producer', 'Producer'), ('xmp:CreatorTool', 'Creator')]
    for path, key in want:
        iv = text_string(info[key]) if key in info else None
        if one(path) != iv:
            probs.add('XMP %s is %r, the document info /%s %r' % (path, one(path), key, iv))
    for path, key in (('xmp:CreateDate', 'CreationDate'), ('xmp:ModifyDate', 'ModDate')):
        iv = pdf_date(text_string(info.get(key, b'')))
        xv = (one(path) or '')[:19]
        if iv != xv:
            probs.add('XMP %s %r is not the document info /%s %r' % (path, xv, key, iv))
    if one('pdfuaid:part') != '1':
        probs.add('XMP pdfuaid:part is %r, not 1' % one('pdfuaid:part'))


# ---- words ---------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+")


def words(s):
    return WORD.findall(unicodedata.normalize('NFKC', s).casefold())


def md_words(text):
    """The Markdown's words in order, as the brief shows them."""
    out, lines, i = [], text.split('\n'), 0
    while i < len(lines):
        # a brief's own contents list: the PDF draws its contents instead
        if re.match(r'^##? Contents\s*$', lines[i]):
            i += 1
            while i < len(lines) and not lines[i].startswith('#'):
                i += 1
            continue
        m = re.match(r'^\s*(`{3,}|~{3,})\s*(\S*)', lines[i])
        if m:
            fence, info, body = m.group(1), m.group(2), []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            i += 1
            if info not in ('mermaid', 'chart'):
                out.extend(body)
            else:
                # the chart's data as a table, for Markdown readers only
                while i < len(lines) and not lines[i].strip():
                    i += 1
                while i < len(lines) and lines[i].lstrip().startswith('|'):
                    i += 1
            continue
        if not TABLE_RULE.match(lines[i]):
            out.append(re.sub(r'^(\s*)[0-9]+[.)]\s', r'\1', lines[i]))
        i += 1
    t = '\n'.join(out)
    t = re.sub(r'\[\^[^\]]*\]:?', ' ', t)
    t = re.sub(r'\[[ xX]\]', ' ', t)
    return words(md_inline_text(t))


def in_order(want, have):
    """How many of `want` appear in `have` in order (the longest common
    subsequence difflib finds: a block read elsewhere, such as a figure
    placed after the text that follows it, costs only its own words);
    the words not found."""
    import difflib
    # a word the line breaker hyphenated reads as its two halves
    joined, k = [], 0
    wanted = set(want)
    while k < len(have):
        if k + 1 < len(have) and have[k] not in wanted and have[k] + have[k + 1] in wanted:
            joined.append(have[k] + have[k + 1])
            k += 2
        else:
            joined.append(have[k])
            k += 1
    sm = difflib.SequenceMatcher(None, want, joined, autojunk=False)
    found, lost, at = 0, [], 0
    for a, _, n in sm.get_matching_blocks():
        lost.extend(want[at:a])
        found += n
        at = a + n
    return found, lost


def struct_text_words(path, probs):
    p = subprocess.run(['pdfinfo', '-struct-text', path], capture_output=True, text=True)
    if p.returncode or p.stderr.strip():
        probs.add('pdfinfo -struct-text: exit %d %s' % (p.returncode, p.stderr.strip()[:200]))
    # a Figure's text (chart labels) is replaced by its /Alt for a reader
    parts, fig = [], None
    for line in p.stdout.split('\n'):
        ind = len(line) - len(line.lstrip(' '))
        if fig is not None and ind > fig:
            continue
        fig = None
        m = re.match(r'^\s*"(.*)"\s*$', line)
        if m:
            parts.append(m.group(1))
        elif line.strip().startswith('Figure'):
            fig = ind
    return words(' '.join(parts)), p.stdout


def pieces(w, have):
    """Whether `w` is words of `have` run together (text shown in several
    runs, e.g. across emphasis, that pdftotext joins)."""
    ok = [True] + [False] * len(w)
    for j in range(1, len(w) + 1):
        ok[j] = any(ok[i] and w[i:j] in have for i in range(j))
    return ok[len(w)]


def check_words(path, pdata, probs):
    p = subprocess.run(['pdftotext', '-raw', '-enc', 'UTF-8', path, '-'], capture_output=True, text=True)
    if p.returncode or p.stderr.strip():
        probs.add('pdftotext: exit %d %s' % (p.returncode, p.stderr.strip()[:200]))
    for k, text in enumerate(p.stdout.split('\f')):
        if k >= len(pdata):
            break
        shows = pdata[k].shows
        have = set(words(''.join(shows))) | set(words(' '.join(shows)))
        lost = [w for w in words(text) if not pieces(w, have)]
        if lost:
            probs.add('page %d: pdftotext finds %d words not in marked content, e.g. %s' %
                      (k + 1, len(lost), ' '.join(lost[:8])))


# ---- one file ------------------------------------------------------------------

def check(path, opts):
    probs = Problems()
    doc = Doc(path)
    if not doc.header.startswith('%PDF-1.7'):
        probs.add('header %r, not %%PDF-1.7' % doc.header)
    doc.trailer_root = doc.trailer.get('Root')
    cat = doc.dict(doc.trailer_root)
    info = doc.dict(doc.trailer.get('Info'))
    if doc.dict(cat.get('MarkInfo')).get('Marked') is not True:
        probs.add('no /MarkInfo <</Marked true>>')
    if not text_string(cat.get('Lang', b'')).strip():
        probs.add('no /Lang')
    if doc.dict(cat.get('ViewerPreferences')).get('DisplayDocTitle') is not True:
        probs.add('no /ViewerPreferences <</DisplayDocTitle true>>')
    check_metadata(doc, cat, info, probs)
    pages = doc.pages(cat.get('Pages'))
    pdata = []
    for idx, pref in enumerate(pages):
        pd = doc.dict(pref)
        pg = Page()
        fonts = font_maps(doc, doc.dict(pd.get('Resources')))
        conts = doc.get(pd.get('Contents'))
        for c in conts if isinstance(conts, list) else [pd.get('Contents')]:
            s = doc.get(c)
            if isinstance(s, Stream):
                scan_content(doc, s.data, fonts, pg, 'page %d' % (idx + 1), probs)
        pdata.append(pg)
        if idx >= opts.get('furniture', 0):
            for part in ('Header', 'Footer'):
                if 'artifact:Pagination/%s' % part not in pg.kinds:
                    probs.add('page %d: no %s pagination artifact' % (idx + 1, part.lower()))
        for mcid, t in pg.mcid_text.items():
            if re.search(r'Page \d+ of \d+', t):
                probs.add('page %d: "Page N of M" in the text of MCID %d' % (idx + 1, mcid))
    root = doc.dict(cat.get('StructTreeRoot'))
    if root.get('Type') != 'StructTreeRoot':
        probs.add('no /StructTreeRoot')
        return probs, None
    tree = Tree(doc, pages, probs)
    kids = root.get('K', [])
    rootnum = cat.get('StructTreeRoot')[0]
    for k in kids if isinstance(kids, list) else [kids]:
        tree.walk(k, rootnum, None, 0)
    check_parent_tree(doc, tree, pages, pdata, probs)
    check_elements(tree, probs)
    check_words(path, pdata, probs)
    for r in opts.get('roles', []):
        if not tree.types.get(r):
            probs.add('no %s element in the tree' % r)
    if opts.get('md'):
        have, _ = struct_text_words(path, probs)
        want = md_words(open(opts['md'], encoding='utf-8').read())
        found, lost = in_order(want, have)
        if want and found < opts.get('order_min', 0.97) * len(want):
            probs.add('pdfinfo -struct-text has %d of the %d Markdown words in order; not found: %s' %
                      (found, len(want), ' '.join(lost[:20])))
    if opts.get('tree'):
        print(reading_text(tree, pages, pdata))
    return probs, tree


def main(argv):
    opts, files, i = {}, [], 0
    while i < len(argv):
        a = argv[i]
        if a == '--md':
            opts['md'] = argv[i + 1]; i += 1
        elif a == '--roles':
            opts['roles'] = [r for r in argv[i + 1].split(',') if r]; i += 1
        elif a == '--furniture':
            opts['furniture'] = int(argv[i + 1]); i += 1
        elif a == '--order-min':
            opts['order_min'] = float(argv[i + 1]); i += 1
        elif a == '--tree':
            opts['tree'] = True
        else:
            files.append(a)
        i += 1
    bad = 0
    for f in files:
        try:
            probs, _ = check(f, opts)
        except (ValueError, IndexError, KeyError) as e:
            probs = ['cannot check: %s' % e]
        for p in probs:
            print('%s: %s' % (os.path.basename(f), p))
        bad += bool(probs)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
