"""A minimal OFD (GB/T 33190-2016) writer for tests: text at chosen positions, written by hand.

Coordinates are millimetres from the page's top left, as in OFD; ``y`` is the baseline. Each run
becomes one TextObject whose TextCode places its glyphs with a DeltaX list (compressed with the
standard's "g" repeats where the advances are equal).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.ofdspec.org/2016"
A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Run:
    x: float
    y: float  # baseline, from the top of the page
    text: str
    size: float = 4.2  # about 12 pt


def _advance(char: str, size: float) -> float:
    return size * (0.5 if ord(char) < 0x80 else 1.0)


def delta_x(text: str, size: float) -> str:
    advances = [_advance(c, size) for c in text[:-1]]
    parts: list[str] = []
    i = 0
    while i < len(advances):
        j = i
        while j < len(advances) and advances[j] == advances[i]:
            j += 1
        parts.append(f"g {j - i} {advances[i]:g}" if j - i > 1 else f"{advances[i]:g}")
        i = j
    return " ".join(parts)


def text_object(obj_id: int, run: Run, ctm: str | None = None) -> str:
    width = sum(_advance(c, run.size) for c in run.text)
    # the boundary's origin is the run's top left; the TextCode's Y is the baseline inside it
    top = run.y - run.size
    ctm_attr = f" CTM={quoteattr(ctm)}" if ctm else ""
    return (f'<ofd:TextObject ID="{obj_id}" Boundary="{run.x:g} {top:g} {width + 1:g} {run.size * 1.4:g}" '
            f'Font="3" Size="{run.size:g}"{ctm_attr}><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{run.size:g}" DeltaX="{delta_x(run.text, run.size)}">{escape(run.text)}'
            f"</ofd:TextCode></ofd:TextObject>")


def page_xml(objects: str, box: tuple[float, float] | None = None) -> str:
    area = f"<ofd:Area><ofd:PhysicalBox>0 0 {box[0]:g} {box[1]:g}</ofd:PhysicalBox></ofd:Area>" if box else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{area}<ofd:Content>'
            f'<ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>')


def make_ofd(pages: list[list[Run]], *, raw_pages: list[str] | None = None, absolute: bool = False) -> bytes:
    """An OFD package with one page per item (``raw_pages``: page XML written by the caller)."""
    contents = raw_pages if raw_pages is not None else [
        page_xml("".join(text_object(10 + i, run) for i, run in enumerate(page))) for page in pages]
    prefix = "/Doc_0/" if absolute else ""
    page_list = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="{prefix}Pages/Page_{i}/Content.xml"/>'
                        for i in range(len(contents)))
    document = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                f"<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {A4[0]:g} {A4[1]:g}"
                f"</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
                f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>")
    root = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
            f"<ofd:DocRoot>{'/' if absolute else ''}Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    res = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
           f'<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", root)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/PublicRes.xml", res)
        for i, content in enumerate(contents):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
    return out.getvalue()
