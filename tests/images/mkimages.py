#!/usr/bin/env python3
"""Writes the PNG test images (standard library only).

  mkimages.py good DIR        small PNGs of every colour type and bit depth
  mkimages.py bad DIR         broken PNGs (truncated, bad CRC, lying header),
                              and broken JPEGs made from DIR/../good/rgb.jpg
  mkimages.py seeds DIR       more PNGs for the fuzzer: ancillary chunks
                              (which the decoder skips), one pixel, filters
  mkimages.py flood W H FILE [gray]
                              a black W x H RGB (or gray) PNG, streamed:
                              20000 x 20000 RGB is about 1.2 MB, 50000 x
                              50000 gray 2.4 MB; either takes a fraction of
                              a second

Every "good" image is 128 x 64 pixels: the left half is colour A, opaque; the
right half colour B, at half opacity where the type has alpha (tests/cli/
images.sh looks for both colours, blended over white, in the rendered page).
"""
import struct
import sys
import zlib

W, H = 128, 64


def chunk(tag, data):
    body = tag + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def ihdr(w, h, depth, ctype, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace))


def pack_row(samples, depth):
    """Packs sample values of `depth` bits into bytes, most significant first."""
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    out, acc, n = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        n += depth
        if n == 8:
            out.append(acc)
            acc, n = 0, 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def scanlines(pixels, depth, interlace):
    """pixels: rows of lists of samples (all channels flattened per pixel)."""
    if not interlace:
        return b"".join(b"\0" + pack_row(r, depth) for r in pixels)
    h, out = len(pixels), bytearray()
    nch = len(pixels[0]) // W
    for x0, y0, dx, dy in ADAM7:
        for y in range(y0, h, dy):
            row = []
            for x in range(x0, W, dx):
                row += pixels[y][x * nch:(x + 1) * nch]
            if row:
                out += b"\0" + pack_row(row, depth)
    return bytes(out)


def png(depth, ctype, a, b, extra=b"", interlace=0):
    rows = [(list(a) * (W // 2)) + (list(b) * (W // 2)) for _ in range(H)]
    data = zlib.compress(scanlines(rows, depth, interlace), 9)
    return (b"\x89PNG\r\n\x1a\n" + ihdr(W, H, depth, ctype, interlace) + extra +
            chunk(b"IDAT", data) + chunk(b"IEND", b""))


def good_images():
    imgs = {}
    for d in (1, 2, 4, 8, 16):
        top = (1 << d) - 1
        imgs["gray%d" % d] = png(d, 0, [0], [top // 2 + (1 if d == 1 else 0)])
    imgs["gray8-trns"] = png(8, 0, [0], [200], chunk(b"tRNS", struct.pack(">H", 200)))
    imgs["rgb8"] = png(8, 2, [255, 0, 0], [0, 0, 255])
    imgs["rgb16"] = png(16, 2, [0xffff, 0, 0], [0, 0, 0xffff])
    imgs["rgb8-trns"] = png(8, 2, [255, 0, 0], [0, 0, 255], chunk(b"tRNS", struct.pack(">HHH", 0, 0, 255)))
    pal = chunk(b"PLTE", bytes([255, 0, 0, 0, 128, 0, 0, 0, 255, 255, 255, 0]))
    for d in (1, 2, 4, 8):
        imgs["pal%d" % d] = png(d, 3, [0], [1], pal)
    imgs["pal8-trns"] = png(8, 3, [0], [2], pal + chunk(b"tRNS", bytes([255, 255, 128])))
    imgs["graya8"] = png(8, 4, [0, 255], [0, 128])
    imgs["graya16"] = png(16, 4, [0, 0xffff], [0, 0x8080])
    imgs["rgba8"] = png(8, 6, [255, 0, 0, 255], [0, 0, 255, 128])
    imgs["rgba16"] = png(16, 6, [0xffff, 0, 0, 0xffff], [0, 0, 0xffff, 0x8080])
    imgs["rgba8-interlaced"] = png(8, 6, [255, 0, 0, 255], [0, 0, 255, 128], interlace=1)
    imgs["gray2-interlaced"] = png(2, 0, [0], [2], interlace=1)
    return imgs


def bad_images():
    ok = good_images()["rgba8"]
    imgs = {"truncated-40": ok[:40], "truncated-idat": ok[:len(ok) - 20]}
    crc = bytearray(ok)
    crc[29] ^= 0xff  # inside the IHDR CRC
    imgs["bad-crc"] = bytes(crc)
    # IHDR says 3000 x 3000, the data holds one row
    lie = b"\x89PNG\r\n\x1a\n" + ihdr(3000, 3000, 8, 2) + chunk(b"IDAT", zlib.compress(b"\0" * 9001)) + \
        chunk(b"IEND", b"")
    imgs["short-data"] = lie
    imgs["zero-width"] = b"\x89PNG\r\n\x1a\n" + ihdr(0, 8, 8, 2) + chunk(b"IEND", b"")
    imgs["no-plte"] = png(8, 3, [0], [1])
    imgs["signature-only"] = b"\x89PNG\r\n\x1a\n"
    return imgs


def seed_images():
    text = chunk(b"tEXt", b"Title\0a seed") + chunk(b"zTXt", b"Note\0\0" + zlib.compress(b"x" * 200))
    icc = chunk(b"iCCP", b"sRGB\0\0" + zlib.compress(b"\0" * 128)) + chunk(b"gAMA", struct.pack(">I", 45455))
    one = (b"\x89PNG\r\n\x1a\n" + ihdr(1, 1, 8, 6) + chunk(b"IDAT", zlib.compress(b"\0\x10\x20\x30\x40")) +
           chunk(b"IEND", b""))
    # rows with each of the five filter types
    rows = b"".join(bytes([f]) + bytes(range(f, f + 12)) for f in range(5))
    filt = (b"\x89PNG\r\n\x1a\n" + ihdr(4, 5, 8, 2) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    z = zlib.compress(rows)
    split = (b"\x89PNG\r\n\x1a\n" + ihdr(4, 5, 8, 2) + chunk(b"IDAT", z[:9]) + chunk(b"IDAT", z[9:]) +
             chunk(b"IEND", b""))
    return {"ancillary": png(8, 2, [255, 0, 0], [0, 0, 255], text + icc), "one-pixel": one, "filters": filt,
            "two-idat": split}


def sof(jpeg):
    """Offset of the first SOF0/SOF2 marker of a JPEG."""
    i = 2
    while jpeg[i + 1] not in (0xC0, 0xC2):
        i += 2 + struct.unpack(">H", jpeg[i + 2:i + 4])[0]
    return i


def bad_jpegs(good):
    imgs = {"truncated": good[:len(good) // 2], "no-eoi": good[:-2]}
    i = sof(good)
    big = bytearray(good)
    big[i + 5:i + 9] = struct.pack(">HH", 60000, 60000)
    imgs["huge-header"] = bytes(big)
    # garbage in the entropy-coded data, after the scan header
    sos = good.index(b"\xff\xda")
    junk = bytearray(good)
    for k in range(sos + 20, len(good) - 10, 7):
        junk[k] = 0xFF if junk[k + 1] != 0 else 0x00
    imgs["damaged-scan"] = bytes(junk)
    two = bytearray(good)
    two[i + 9] = 2  # two components
    imgs["two-components"] = bytes(two)
    return imgs


def flood(w, h, path, channels=3):
    """A black image: every row is a zero filter byte and zero samples, so
    the stream is one compressed chunk of zeros repeated; the Adler-32 of
    n zero bytes is (n mod 65521) << 16 | 1."""
    total = (1 + channels * w) * h
    step = 1 << 20
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * step) + c.flush(zlib.Z_FULL_FLUSH)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + ihdr(w, h, 8, 2 if channels == 3 else 0))
        body = bytearray(b"\x78\xda")
        crc = zlib.crc32(b"IDAT")
        n = total // step
        tail = zlib.compressobj(9, zlib.DEFLATED, -15)
        last = tail.compress(b"\0" * (total - n * step)) + tail.flush()
        adler = ((total % 65521) << 16) | 1
        size = 2 + n * len(block) + len(last) + 4
        f.write(struct.pack(">I", size) + b"IDAT")
        f.write(b"\x78\xda")
        crc = zlib.crc32(b"\x78\xda", crc)
        for _ in range(n):
            f.write(block)
            crc = zlib.crc32(block, crc)
        end = last + struct.pack(">I", adler)
        f.write(end)
        crc = zlib.crc32(end, crc)
        f.write(struct.pack(">I", crc))
        f.write(chunk(b"IEND", b""))


def write_all(imgs, d):
    for name, data in imgs.items():
        with open("%s/%s.png" % (d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    if sys.argv[1] == "good":
        write_all(good_images(), sys.argv[2])
    elif sys.argv[1] == "bad":
        write_all(bad_images(), sys.argv[2])
        with open(sys.argv[2] + "/../good/rgb.jpg", "rb") as f:
            for name, data in bad_jpegs(f.read()).items():
                with open("%s/%s.jpg" % (sys.argv[2], name), "wb") as g:
                    g.write(data)
    elif sys.argv[1] == "seeds":
        write_all(seed_images(), sys.argv[2])
    elif sys.argv[1] == "flood":
        flood(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], 1 if sys.argv[5:] == ["gray"] else 3)
    else:
        sys.exit("usage: mkimages.py good|bad|seeds DIR | flood W H FILE [gray]")
