"""The .docx layout reader: effective formatting through Word's inheritance, sections, footers, page fields."""

from __future__ import annotations

import io
import zipfile

import pytest

from validator.readers import read_bytes
from validator.readers.docx_layout import DocxLayout

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

STYLES = f"""<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsiaTheme="minorEastAsia" w:ascii="Times New Roman"/>
<w:sz w:val="21"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>
<w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/><w:basedOn w:val="Normal"/>
<w:pPr><w:jc w:val="both"/><w:spacing w:line="578" w:lineRule="exact"/></w:pPr>
<w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="BodyRight"><w:name w:val="Body right"/><w:basedOn w:val="Body"/>
<w:pPr><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="loop"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="loop"/><w:basedOn w:val="Loop1"/></w:style>
</w:styles>"""

THEME = f"""<a:theme xmlns:a="{A}"><a:themeElements><a:fontScheme>
<a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:font script="Hans" typeface="等线 Light"/></a:majorFont>
<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:font script="Hans" typeface="等线"/></a:minorFont>
</a:fontScheme></a:themeElements></a:theme>"""


def run(text: str, props: str = "") -> str:
    return f'<w:r>{"<w:rPr>" + props + "</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def sect(footers: str = "", size: str = 'w:w="11906" w:h="16838"', extra: str = "") -> str:
    return (f"<w:sectPr>{footers}<w:pgSz {size}/>"
            f'<w:pgMar w:top="2098" w:bottom="1984" w:left="1588" w:right="1474" w:gutter="0"/>{extra}</w:sectPr>')


def footer(*paragraphs: str) -> str:
    return f'<w:ftr xmlns:w="{W}">{"".join(paragraphs)}</w:ftr>'


def docx(body: str, *, styles: str | None = STYLES, theme: bool = True, settings: str | None = None,
         footers: dict[str, str] | None = None) -> bytes:
    parts: dict[str, str] = {}
    rels = []
    if styles is not None:
        parts["word/styles.xml"], _ = styles, rels.append(("rIdS", "styles", "styles.xml"))
    if theme:
        parts["word/theme/theme1.xml"], _ = THEME, rels.append(("rIdT", "theme", "theme/theme1.xml"))
    if settings is not None:
        parts["word/settings.xml"] = f'<w:settings xmlns:w="{W}">{settings}</w:settings>'
        rels.append(("rIdG", "settings", "settings.xml"))
    for rel_id, xml in (footers or {}).items():
        parts[f"word/{rel_id}.xml"] = xml
        rels.append((rel_id, "footer", f"{rel_id}.xml"))
    document = f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", _rels([("rId1", "officeDocument", "word/document.xml")]))
        z.writestr("word/_rels/document.xml.rels", _rels(rels))
        z.writestr("word/document.xml", document)
        for name, xml in parts.items():
            z.writestr(name, xml)
    return out.getvalue()


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in items)
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def layout_of(data: bytes) -> DocxLayout:
    layout = read_bytes(data, "t.docx").layout
    assert layout is not None
    return layout


def test_effective_formatting_follows_defaults_styles_character_styles_and_direct_formatting() -> None:
    body = "".join([
        para(run("默认段落，主题字体。")),
        para(run("基于正文的样式。"), ppr='<w:pStyle w:val="BodyRight"/>'),
        para(run("字符样式"), run("直接格式", '<w:rFonts w:eastAsia="楷体_GB2312"/><w:sz w:val="44"/>'),
             run("加粗", '<w:rStyle w:val="Strong"/>'), ppr='<w:pStyle w:val="Body"/><w:jc w:val="center"/>'),
        para(run("循环的样式链。"), ppr='<w:pStyle w:val="Loop1"/>'),
        para(run("隐藏", "<w:vanish/>"), run("可见文字。")),
        sect(),
    ])
    layout = layout_of(docx(body))
    first, second, third, loop, hidden = layout.paragraphs
    assert (first.runs[0].east_asia_font, first.runs[0].latin_font, first.runs[0].size_pt) == ("等线", "Times New Roman", 16.0)
    assert (first.alignment, first.line_rule, first.line) == ("left", "auto", 240)
    assert (second.alignment, second.line_rule, second.line) == ("right", "exact", 578)
    assert second.runs[0].east_asia_font == "仿宋_GB2312" and second.line_pt(None) == pytest.approx(28.9)
    assert third.alignment == "center"
    assert [(r.text, r.east_asia_font, r.size_pt) for r in third.runs] == [
        ("字符样式", "仿宋_GB2312", 16.0), ("直接格式", "楷体_GB2312", 22.0), ("加粗", "黑体", 16.0)]
    assert loop.runs[0].east_asia_font == "等线"  # a loop of basedOn ends; the defaults still apply
    assert [r.text for r in hidden.runs] == ["可见文字。"]


def test_paragraph_numbers_are_those_of_the_text_reader() -> None:
    body = para(run("第一段。")) + para() + f"<w:tbl><w:tr><w:tc>{para(run('表格中。'))}</w:tc></w:tr></w:tbl>" \
        + para(run("第三段。")) + sect()
    source = read_bytes(docx(body), "t.docx")
    assert source.layout is not None
    numbered = {line.paragraph: line.text for line in source.lines}
    assert [(p.number, p.runs[0].text, p.in_table) for p in source.layout.paragraphs] == [
        (n, numbered[n], n == 2) for n in (1, 2, 3)]


def test_sections_footers_and_page_fields() -> None:
    complex_field = para(
        run("— "), '<w:r><w:rPr><w:sz w:val="28"/><w:rFonts w:ascii="宋体"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run("3", '<w:rFonts w:ascii="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/>'),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>', run(" —"), ppr='<w:jc w:val="right"/>')
    number = run("2", '<w:sz w:val="21"/>')
    simple_field = para(run("-"), f'<w:fldSimple w:instr=" PAGE ">{number}</w:fldSimple>',
                        run("-"), ppr='<w:jc w:val="left"/>')
    refs = '<w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="even" r:id="rIdF2"/>'
    body = (para(run("第一节。"), ppr=sect(refs))
            + para(run("第二节，横向。")) + sect(size='w:w="16838" w:h="11906" w:orient="landscape"',
                                                 extra='<w:docGrid w:type="lines" w:linePitch="579"/>'))
    layout = layout_of(docx(body, settings="<w:evenAndOddHeaders/>",
                            footers={"rIdF1": footer(complex_field), "rIdF2": footer(para(), simple_field)}))
    assert layout.even_and_odd
    first, second = layout.sections
    assert (round(first.width_mm or 0), round(first.height_mm or 0), round(first.top_mm or 0),
            round(first.left_mm or 0)) == (210, 297, 37, 28)
    assert (round(second.width_mm or 0), second.grid_type, second.grid_pitch_pt) == (297, "lines", 28.95)
    assert [p.section for p in layout.paragraphs] == [1, 2]
    odd, even = second.footer("default"), second.footer("even")  # inherited from the first section
    assert odd is not None and even is not None
    assert (odd.page_field, odd.before, odd.after, odd.alignment) == (True, "— ", " —", "right")
    assert (odd.number_latin_font, odd.number_size_pt) == ("宋体", 14.0)
    assert (even.page_field, even.before, even.after, even.alignment, even.number_size_pt) == (
        True, "-", "-", "left", 10.5)


def test_a_footer_without_a_page_field_and_a_document_without_styles() -> None:
    refs = '<w:footerReference w:type="default" r:id="rIdF1"/>'
    layout = layout_of(docx(para(run("正文。")) + sect(refs), styles=None, theme=False,
                            footers={"rIdF1": footer(para(run("第 页")))}))
    (section,) = layout.sections
    footer_layout = section.footer("default")
    assert footer_layout is not None and not footer_layout.page_field
    run_layout = layout.paragraphs[0].runs[0]
    assert (run_layout.east_asia_font, run_layout.size_pt) == (None, None)
    assert not layout.even_and_odd


def test_damaged_layout_parts_leave_the_text_readable() -> None:
    data = docx(para(run("正文仍可检查。")) + sect(), settings="<w:evenAndOddHeaders>")  # not well-formed
    source = read_bytes(data, "t.docx")
    assert [line.text for line in source.lines] == ["正文仍可检查。"]
    assert source.layout is None
