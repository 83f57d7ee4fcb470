#!/usr/bin/env python3
"""Builds cp437-8x16.bin (256 glyphs x 16 bytes, code page 437 order) from the X11
misc-fixed 8x13 ISO10646-1 font (public domain), as BDF:
    zcat /usr/share/fonts/X11/misc/8x13.pcf.gz > 8x13.pcf && pcf2bdf -o 8x13.bdf 8x13.pcf
    python3 make-cp437-8x16.py 8x13.bdf cp437-8x16.bin
Each 13-line glyph sits on lines 2-14 of the 16-line cell (baseline under line 12, so the
VGA BIOS's cursor lines 13-14 fall on the descenders). Box-drawing and block characters
(B0h-DFh) repeat their top line into lines 0-1 and their bottom line into line 15, so that
they join the cells above and below as on a VGA. Code points the font lacks stay blank."""
import sys

# CP437's pictures for 00h-1Fh and 7Fh (IBM PC character set); 20h-7Eh are ASCII and
# 80h-FFh what Python's cp437 codec gives.
LOW = ("\u0000\u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C"
       "\u25BA\u25C4\u2195\u203C\u00B6\u00A7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC")


def code_point(code):
    if code < 0x20:
        return ord(LOW[code])
    if code == 0x7F:
        return 0x2302
    return ord(bytes([code]).decode("cp437"))


def read_bdf(path):
    glyphs, encoding, bitmap, box, in_bitmap = {}, None, [], None, False
    for line in open(path, encoding="latin-1"):
        words = line.split()
        if not words:
            continue
        if words[0] == "ENCODING":
            encoding = int(words[1])
        elif words[0] == "BBX":
            box = tuple(int(w) for w in words[1:5])
        elif words[0] == "BITMAP":
            in_bitmap, bitmap = True, []
        elif words[0] == "ENDCHAR":
            glyphs[encoding] = (box, bitmap)
            in_bitmap = False
        elif in_bitmap:
            bitmap.append(int(words[0], 16))
    return glyphs


def cell(glyph, ascent=11, top=2):
    (width, height, x_offset, y_offset), rows = glyph
    lines = [0] * 16
    first = top + ascent - (height + y_offset)  # cell line of the glyph's top row
    for i, row in enumerate(rows):
        line = first + i
        if 0 <= line < 16:
            bits = row >> (8 * ((width + 7) // 8) - 8)  # the leftmost 8 dots of the BDF row
            lines[line] = (bits >> x_offset) & 0xFF if x_offset >= 0 else (bits << -x_offset) & 0xFF
    return lines


def main(source, target):
    glyphs = read_bdf(source)
    out = bytearray()
    for code in range(256):
        glyph = glyphs.get(code_point(code)) if code else None
        lines = cell(glyph) if glyph else [0] * 16
        if 0xB0 <= code <= 0xDF:
            lines[0] = lines[1] = lines[2]
            lines[15] = lines[14]
        out += bytes(lines)
    open(target, "wb").write(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
