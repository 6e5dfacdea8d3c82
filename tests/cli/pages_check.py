"""The answer on one page, the body before the appendix in at most six
(tests/cli/brief_pages.sh).

  pages_check.py MAX_BODY FILE.pdf...

For each PDF: page 2 (after the cover) holds the heading "The answer" and
page 3 is the contents page (its title "Contents"), so that the answer,
set on pages of its own, took one page; the pages from the one with the
heading "At a glance" to the one with "Appendix" (that page too when
text comes before the heading) are at most MAX_BODY. Headings are told
from running headers and contents entries by their size. Prints
"ok NAME: ..." or the problem, one line per file; exits 1 on a problem.
"""
import sys

from pdftext import bbox_words


def words(path):
    """([(page from 1, top, height, text)], pages)"""
    ws, pages = bbox_words(path)
    return [(w[0] + 1, w[2], w[4] - w[2], w[5]) for w in ws], pages


def heading(ws, text, size):
    return [w for w in ws if w[3] == text and w[2] >= size]


def check(path, max_body):
    ws, npages = words(path)
    answer = heading(ws, "answer", 18)
    contents = heading(ws, "Contents", 24)
    glance = heading(ws, "glance", 18)
    appendix = heading(ws, "Appendix", 24)
    if not answer or answer[0][0] != 2:
        return "the answer's heading is not on page 2"
    if not contents or contents[0][0] != 3:
        return "the answer takes more than one page (the contents start on page %s)" % (
            contents[0][0] if contents else "none")
    if not glance or not appendix:
        return "no 'At a glance' or 'Appendix' heading"
    g, a = glance[0], appendix[0]
    before = [w for w in ws if w[0] == a[0] and w[1] < a[1] - 1 and w[2] > 8]
    body = a[0] - g[0] + (1 if before else 0)
    if body > max_body:
        return "the body takes %d pages (pages %d to %d), more than %d" % (
            body, g[0], g[0] + body - 1, max_body)
    return "ok: %d pages; the answer on page 2, the body %d pages (%d to %d)" % (
        npages, body, g[0], g[0] + body - 1)


def main():
    max_body, bad = int(sys.argv[1]), 0
    for f in sys.argv[2:]:
        r = check(f, max_body)
        bad |= not r.startswith("ok")
        print("%s %s" % ("ok" if r.startswith("ok") else "FAIL", f.rsplit("/", 1)[-1] + ": " +
                         (r[4:] if r.startswith("ok") else r)))
    sys.exit(bad)


if __name__ == "__main__":
    main()
