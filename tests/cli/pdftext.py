"""Shared by the Python checks in tests/cli: the words of a PDF with their
boxes, and the inline Markdown a brief shows as plain text."""
import html
import re
import subprocess

# a GFM table's delimiter row ("|---|:--:|"): not text of the document
TABLE_RULE = re.compile(r'^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$')


def bbox_words(path):
    """([(page, xmin, ymin, xmax, ymax, text)], pages) from `pdftotext
    -bbox`: pages counted from 0, y from the top of the page."""
    xml = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True,
                         check=True).stdout
    out, page = [], -1
    for m in re.finditer(r'<page [^>]*>|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">(.*?)</word>', xml):
        if m.group(0).startswith("<page"):
            page += 1
            continue
        out.append((page, float(m.group(1)), float(m.group(2)), float(m.group(3)),
                    float(m.group(4)), html.unescape(m.group(5))))
    return out, page + 1


def md_inline_text(t):
    """Markdown lines as shown: no link destinations, URLs or backslash
    escapes, and the HTML entities the templates write decoded."""
    t = re.sub(r'\]\([^)\s]*(\s+"[^"]*")?\)', ']', t)
    t = re.sub(r'<(https?|mailto):[^>\s]*>', ' ', t)
    t = re.sub(r'(https?://|mailto:)\S+', ' ', t)
    t = re.sub(r'\\(.)', r'\1', t)
    for a, b in (('&amp;', '&'), ('&lt;', '<'), ('&gt;', '>'), ('&quot;', '"')):
        t = t.replace(a, b)
    return t
