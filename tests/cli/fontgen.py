#!/usr/bin/env python3
"""Hostile and unusual TrueType fonts for tests/cli/fonts.sh, made from a
shipped font (or from nothing) so that no large file is checked in.

    fontgen.py directory OUT            248 bytes whose directory claims 65,535 tables
    fontgen.py gpos OUT BASE [N [S]]    BASE with a GPOS whose N 'kern' features each
                                        list lookup 0 65,535 times, and lookup 0 has
                                        S subtables (default 32,000, all the same PairPos)
    fontgen.py gsub OUT BASE [N [S]]    the same shape of table as GSUB (ligatures)
    fontgen.py cmap12 OUT BASE [N]      BASE with a format 12 cmap of N groups, each
                                        spanning the whole of Unicode
    fontgen.py length OUT BASE TAG LEN  BASE with the length of table TAG set to LEN
    fontgen.py strip OUT BASE TAG...    BASE without the tables named
    fontgen.py upem OUT BASE N          BASE with N units per em
"""
import struct
import sys


def read_tables(path):
    data = open(path, "rb").read()
    n = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = data[off:off + ln]
    return tables


def checksum(b):
    b = b + b"\0" * (-len(b) % 4)
    return sum(struct.unpack(">%dI" % (len(b) // 4), b)) & 0xFFFFFFFF


def write_font(path, tables, lengths=None):
    lengths = lengths or {}
    tags = sorted(tables)
    n = len(tags)
    es = max(k for k in range(16) if 2 ** k <= n)
    out = struct.pack(">IHHHH", 0x00010000, n, 16 * 2 ** es, es, 16 * n - 16 * 2 ** es)
    off = 12 + 16 * n
    body = b""
    for tag in tags:
        t = tables[tag]
        out += struct.pack(">4sIII", tag, checksum(t), off + len(body), lengths.get(tag, len(t)))
        body += t + b"\0" * (-len(t) % 4)
    open(path, "wb").write(out + body)


def layout_table(n_features, feature_tag, lookup_type, subtable, count=32000):
    """A GSUB/GPOS table: one script (DFLT) with every feature, n_features
    features each listing lookup 0 65,535 times, one lookup of `count`
    subtables that all point at `subtable`."""
    refs = 65535
    # ScriptList: 1 script, DFLT, default LangSys with feature indices 0..n-1
    langsys = struct.pack(">HHH", 0, 0xFFFF, n_features) + b"".join(
        struct.pack(">H", i) for i in range(n_features))
    script = struct.pack(">HH", 4, 0) + langsys
    scripts = struct.pack(">H4sH", 1, b"DFLT", 8) + script
    # FeatureList: n records sharing one Feature table
    feat_off = 2 + 6 * n_features
    feature = struct.pack(">HH", 0, refs) + b"\0\0" * refs
    features = struct.pack(">H", n_features) + b"".join(
        struct.pack(">4sH", feature_tag, feat_off) for _ in range(n_features)) + feature
    # LookupList: one lookup, `count` subtable offsets to one subtable
    sub_off = 6 + 2 * count
    lookup = struct.pack(">HHH", lookup_type, 0, count) + struct.pack(">H", sub_off) * count + subtable
    lookups = struct.pack(">HH", 1, 4) + lookup
    # lookups first, the large feature list last: every offset fits 16 bits
    head = 10
    return (struct.pack(">IHHH", 0x00010000, head + len(lookups), head + len(lookups) + len(scripts), head)
            + lookups + scripts + features)


def pairpos():
    # format 1, coverage of glyphs 1..200, value format 4 (XAdvance), no pair sets used
    cov = struct.pack(">HHHHH", 2, 1, 1, 200, 0)
    return struct.pack(">HHHHH", 1, 10, 4, 0, 0) + cov


def ligsubst():
    cov = struct.pack(">HHHHH", 2, 1, 1, 200, 0)
    return struct.pack(">HHH", 1, 6, 0) + cov


def cmap12(n_groups, nglyphs):
    groups = b"".join(struct.pack(">III", 0, 0x10FFFF, 1 + i % (nglyphs - 1)) for i in range(n_groups))
    sub = struct.pack(">HHIII", 12, 0, 16 + len(groups), 0, n_groups) + groups
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + sub


def main(argv):
    what, out = argv[1], argv[2]
    if what == "directory":
        data = struct.pack(">IHHHH", 0x00010000, 0xFFFF, 0, 0, 0)
        open(out, "wb").write(data + b"\xab" * (248 - len(data)))
        return
    tables = read_tables(argv[3])
    lengths = {}
    if what in ("gpos", "gsub"):
        n = int(argv[4]) if len(argv) > 4 else 4
        count = int(argv[5]) if len(argv) > 5 else 32000
        if what == "gpos":
            tables[b"GPOS"] = layout_table(n, b"kern", 2, pairpos(), count)
        else:
            tables[b"GSUB"] = layout_table(n, b"liga", 4, ligsubst(), count)
    elif what == "cmap12":
        n = int(argv[4]) if len(argv) > 4 else 1000
        nglyphs = struct.unpack(">H", tables[b"maxp"][4:6])[0]
        tables[b"cmap"] = cmap12(n, nglyphs)
    elif what == "length":
        lengths[argv[4].encode().ljust(4)] = int(argv[5], 0)
    elif what == "strip":
        for tag in argv[4:]:
            tables.pop(tag.encode().ljust(4), None)
    elif what == "upem":
        head = bytearray(tables[b"head"])
        head[18:20] = struct.pack(">H", int(argv[4]))
        tables[b"head"] = bytes(head)
    else:
        sys.exit("fontgen.py: unknown kind " + what)
    write_font(out, tables, lengths)


if __name__ == "__main__":
    main(sys.argv)
