"""Hostile inputs for the readers, round two (issue 13), built in code: codecs that are not text
encodings, Word numbering and style amplification, PDFs that multiply one drawing, quadratic HTML,
text encodings that fooled detection. Shared by tests/robustness/test_hostile_readers.py and
``python -m tests.robustness.measure``.
"""

from __future__ import annotations

import zlib

from tests.readers.docxgen import W, make_docx, para
from tests.readers.pdfgen import A4, _serialise

REPORT = ("关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全年制定规范性文件3件，均经合法性审查。\n"
          "二、存在的不足和原因\n行政执法规范化水平有待提高。\n三、下一年度主要安排\n继续推进严格规范公正文明执法。\n")

# --------------------------------------------------------------------------- web pages


def charset_page(label: str, text: str = REPORT) -> bytes:
    """A UTF-8 page whose <meta charset> names ``label``."""
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (f'<html><head><meta charset="{label}"><title>report</title></head>'
            f'<body><div class="content">{body}</div></body></html>').encode()


def quadratic_page(token: str, count: int) -> bytes:
    """An article followed by ``count`` repetitions of ``token``: markup html.parser searches the rest
    of the page from each occurrence to finish ("</", "<!", "<![CDATA[", "<?" with no ">" after them,
    "<!--x>" with no "-->")."""
    return charset_page("utf-8") + (token * count).encode()


QUADRATIC_TOKENS = {"close": "</", "bang": "<!", "cdata": "<![CDATA[", "pi": "<?", "tag": "<a ",
                    "comment": "<!--x>", "cdata-gt": "<![CDATA[x>", "unknown-section": "<![foo[x>"}


# --------------------------------------------------------------------------- .docx


def numbering_docx(fmt: str, start: int, lvl_text: str = "%1、", paragraphs: int = 3,
                   start_override: int | None = None) -> bytes:
    """Headings numbered by one list level of format ``fmt`` starting at ``start``."""
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                if start_override is not None else "")
    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">'
                 f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                 f'<w:lvlText w:val="{lvl_text}"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="1"/>{override}</w:num></w:numbering>')
    body = para("关于2024年度法治政府建设情况的报告")
    for n in range(paragraphs):
        body += para(f"第{n + 1}项工作", num=(1, 0)) + para("全年制定规范性文件3件，均经合法性审查。")
    return make_docx(body, numbering=numbering)


def lvl_text_bomb_docx(placeholders: int = 30_000, paragraphs: int = 4_000) -> bytes:
    """A level whose lvlText is ``placeholders`` × "%1" in upper letters from 780 (30 letters each), and
    ``paragraphs`` paragraphs numbered by it: each label would be 30 × placeholders characters."""
    return numbering_docx("upperLetter", 780, "%1" * placeholders, paragraphs)


def style_chain_docx(depth: int = 20_000, paragraphs: int = 2_000) -> bytes:
    """Paragraph styles each based on the next, ``depth`` deep, the last one a cycle back to the
    first; ``paragraphs`` paragraphs use the first style, so each walks the whole chain."""
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="s{i}"><w:name w:val="s{i}"/>'
                     f'<w:basedOn w:val="s{(i + 1) % depth}"/></w:style>' for i in range(depth))
    body = para("关于2024年度法治政府建设情况的报告")
    body += "".join(para("全年制定规范性文件3件，均经合法性审查。", style="s0") for _ in range(paragraphs))
    return make_docx(body, styles=f'<w:styles xmlns:w="{W}">{styles}</w:styles>')


# --------------------------------------------------------------------------- PDF


def _stream(data: bytes, extra: str = "", compress: bool = False) -> bytes:
    if compress:
        data, extra = zlib.compress(data, 9), extra + "/Filter /FlateDecode "
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode("ascii") + data + b"\nendstream"


def _to_unicode(pairs: dict[int, int]) -> bytes:
    entries = "\n".join(f"<{code:04X}> <{target:04X}>" for code, target in sorted(pairs.items()))
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Test-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(pairs)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")


def custom_pdf(page_contents: list[bytes], to_unicode: dict[int, int], form: bytes | None = None) -> bytes:
    """Pages with the given content streams, one Type0 font (CID → Unicode by ``to_unicode``), and
    optionally one Form XObject /X1 that every page may draw."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog, tree = add(b""), add(b"")
    cmap = add(_stream(_to_unicode(to_unicode)))
    descriptor = add(b"<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -120 1000 880] "
                     b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    cid_font = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo << /Registry (Adobe) "
                   f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 1000 "
                   f"/CIDToGIDMap /Identity >>".encode("ascii"))
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
               f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {cmap} 0 R >>".encode("ascii"))
    resources = f"/Font << /F1 {font} 0 R >>"
    if form is not None:
        xobject = add(_stream(form, f"/Type /XObject /Subtype /Form /BBox [0 0 {A4[0]:g} {A4[1]:g}] "
                                    f"/Resources << /Font << /F1 {font} 0 R >> >> ", compress=True))
        resources += f" /XObject << /X1 {xobject} 0 R >>"
    kids = []
    for content in page_contents:
        stream = add(_stream(content, compress=True))
        kids.append(add(f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {A4[0]:g} {A4[1]:g}] "
                        f"/Resources << {resources} >> /Contents {stream} 0 R >>".encode("ascii")))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode("ascii")
    objects[tree - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                         f"/Count {len(kids)} >>").encode("ascii")
    return _serialise(objects, catalog)


def _show(text_codes: list[int], x: float = 90, y: float = 700, size: float = 12) -> bytes:
    return f"BT /F1 {size:g} Tf 1 0 0 1 {x:g} {y:g} Tm <{''.join(f'{c:04X}' for c in text_codes)}> Tj ET\n".encode()


def surrogate_pdf(target: int = 0xD800) -> bytes:
    """A page of Chinese text in which one glyph's ToUnicode maps to a lone surrogate ``target``."""
    text = [ord(c) for c in "全年办理行政复议案件四十件"]
    mapping = {c: c for c in text} | {0x0001: target}
    return custom_pdf([_show(text[:6] + [0x0001] + text[6:]), _show(text, y=680)], mapping)


def shared_xobject_pdf(pages: int = 200, glyphs: int = 97_000) -> bytes:
    """``pages`` pages that each draw one shared Form XObject of ``glyphs`` glyphs (a few KB packed)."""
    han = [ord(c) for c in "全年办理行政复议案件"]
    lines = [_show(han * 5, 20, 800 - (n % 70) * 11, 1) for n in range(glyphs // 50)]
    form = b"".join(lines)
    return custom_pdf([b"q /X1 Do Q"] * pages, {c: c for c in han}, form=form)


def repeated_draw_pdf(draws: int = 1_000, glyphs: int = 20_000) -> bytes:
    """One page that draws one shared Form XObject of ``glyphs`` glyphs ``draws`` times: PDFium builds every
    drawn glyph while it loads the page, before anyone can count a character (a few KB packed)."""
    han = [ord(c) for c in "全年办理行政复议案件"]
    form = b"".join(_show(han * 5, 20, 800 - (n % 70) * 11, 1) for n in range(glyphs // 50))
    return custom_pdf([b"q /X1 Do Q\n" * draws], {c: c for c in han}, form=form)


# --------------------------------------------------------------------------- rules


def costly_rules(patterns: int = 120, repeat: int = 16_000) -> str:
    """A rule file of ``patterns`` phrase patterns, each unrolling to 3 × ``repeat`` (48,000 by default,
    under the per-pattern limit of 50,000), all different (so no compiled pattern is shared): together
    they cost half a minute and 1.5 GB to compile."""
    items = "\n".join(f"        - '(?:[^，。{chr(0x4E00 + i)}]+，){{{repeat}}}'" for i in range(patterns))
    return f"""rules:
  - id: local.costly
    title: 代价高的规则
    check: phrase
    severity: warning
    weight: 1
    basis: 测试
    message: 测试
    hint: 测试
    params:
      patterns:
{items}
"""
