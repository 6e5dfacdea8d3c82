#!/usr/bin/env python3
"""pdf_words.py MD TXT: every word of the Markdown must be in the pdftotext
output of its PDF. Words are runs of letters and digits after NFKC
normalisation; link destinations, chart specs (drawn, not set as text),
Mermaid blocks, fence info strings and task-list boxes are not words of the
document. A word hyphenated at a line end counts when its halves join."""
import re, sys, unicodedata
md = open(sys.argv[1], encoding='utf-8').read()
txt = open(sys.argv[2], encoding='utf-8').read()
md = re.sub(r'```(chart|mermaid).*?```', ' ', md, flags=re.S)  # drawn, not set as text
md = re.sub(r'^(\s*)(```|~~~)\S*', r'\1', md, flags=re.M)        # fence info strings
md = re.sub(r'\[[ xX]\]', ' ', md)                                # task boxes
md = re.sub(r'\]\([^)]*\)', ']', md)                    # link destinations are not shown
md = re.sub(r'<(https?://[^>]*)>', r'\1', md)
def words(s):
    s = unicodedata.normalize('NFKC', s)
    return re.findall(r'[0-9A-Za-z\u00c0-\u024f]+', s)
joined = re.sub(r'-\n\s*', '', txt)
have = set(words(txt)) | set(words(joined))
missing = [w for w in words(md) if w not in have]
if missing:
    print('missing %d words, e.g.: %s' % (len(missing), ' '.join(sorted(set(missing))[:30])))
    sys.exit(1)
print('all %d words present' % len(words(md)))
