"""A minimal PDF writer for tests: Chinese text at chosen positions, or image-only (scanned) pages.

Text uses a Type0 font with Identity-H encoding (CID = the character's code point) and a
ToUnicode map, and embeds no font program: text extraction needs only the map, so the tests
need no font files. Coordinates are PDF points, y upwards, on an A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass

A4 = (595.0, 842.0)


@dataclass(frozen=True)
class Run:
    x: float
    y: float
    text: str
    size: float = 12.0


def text_page(runs: list[Run]) -> bytes:
    """The content stream of a page with text runs."""
    ops = []
    for run in runs:
        hexes = "".join(f"{ord(c):04X}" for c in run.text)
        ops.append(f"BT /F1 {run.size:g} Tf 1 0 0 1 {run.x:g} {run.y:g} Tm <{hexes}> Tj ET")
    return "\n".join(ops).encode("ascii")


def image_page() -> bytes:
    """The content stream of a scanned page: one image over the whole page, no text."""
    return f"q {A4[0]:g} 0 0 {A4[1]:g} 0 0 cm /Im1 Do Q".encode("ascii")


def _to_unicode(chars: set[str]) -> bytes:
    entries = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in sorted(chars))
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Test-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")


def make_pdf(pages: list[list[Run] | None]) -> bytes:
    """A PDF with one page per item: text runs, or None for a scanned (image-only) page."""
    chars = {c for page in pages if page for run in page for c in run.text} or {" "}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)} {extra}>>\nstream\n".encode("ascii") + data + b"\nendstream"

    catalog = add(b"")  # filled in below, once the page tree number is known
    tree = add(b"")
    to_unicode = add(stream(_to_unicode(chars)))
    descriptor = add(b"<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -120 1000 880] "
                     b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    cid_font = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo << /Registry (Adobe) "
                   f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 1000 "
                   f"/W [32 126 500] /CIDToGIDMap /Identity >>".encode("ascii"))
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
               f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode("ascii"))
    image = add(stream(b"\x80", "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                                "/BitsPerComponent 8 "))
    kids = []
    for page in pages:
        content = add(stream(text_page(page) if page is not None else image_page()))
        kids.append(add(f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {A4[0]:g} {A4[1]:g}] "
                        f"/Resources << /Font << /F1 {font} 0 R >> /XObject << /Im1 {image} 0 R >> >> "
                        f"/Contents {content} 0 R >>".encode("ascii")))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode("ascii")
    objects[tree - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                         f"/Count {len(kids)} >>").encode("ascii")
    return _serialise(objects, catalog)


def _serialise(objects: list[bytes], root: int) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


_NO_LINE_START = set("，。、；：？！”’）》」』…%")


def _width(char: str) -> float:
    return 0.5 if ord(char) < 0x80 else 1.0  # the font's /W: ASCII is half an em


def wrap(text: str, width_ems: float, first_indent: float = 0.0) -> list[str]:
    """Break text into lines of at most ``width_ems``; closing punctuation hangs at the line end, as in Word."""
    lines: list[str] = []
    current, used = "", first_indent
    for char in text:
        if used + _width(char) > width_ems and current and char not in _NO_LINE_START:
            lines.append(current)
            current, used = "", 0.0
        current += char
        used += _width(char)
    if current:
        lines.append(current)
    if len(lines) > 1 and len(lines[-1]) == 1:
        # PDFium skips a text object of one glyph it cannot draw, and this font embeds no glyphs
        lines[-2:] = [lines[-2][:-1], lines[-2][-1] + lines[-1]]
    return lines


def paragraph_runs(text: str, top: float, *, left: float = 90.0, width_chars: int = 30, size: float = 12.0,
                   indent: int = 0, pitch: float = 18.0) -> tuple[list[Run], float]:
    """A paragraph wrapped at ``width_chars`` ems with a first-line indent; returns its runs and the next y."""
    runs = []
    y = top
    for number, chunk in enumerate(wrap(text, width_chars, indent)):
        x = left + (indent * size if number == 0 else 0.0)
        runs.append(Run(x, y, chunk, size))
        y -= pitch
    return runs, y
