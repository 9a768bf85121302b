"""Hypothesis strategies for report-like and hostile inputs of every format."""

from __future__ import annotations

import functools
import io
import os
import zipfile

from hypothesis import strategies as st

from tests.readers.docxgen import CHINESE_HEADINGS, HEADING_STYLES, W, make_docx, table
from tests.readers.pdfgen import Run, make_pdf
from validator.ruleset import RuleSet, load_ruleset

def examples(count: int) -> int:
    """``count`` examples in CI; twenty times as many when exploring (FAZHI_HYPOTHESIS=explore)."""
    return count * 20 if os.environ.get("FAZHI_HYPOTHESIS") == "explore" else count


@functools.cache
def default_rules() -> RuleSet:
    """The shipped rule set, loaded once (not a fixture: Hypothesis would print it with every failing example)."""
    return load_ruleset()


# Unicode without lone surrogates (no encoding can carry them)
characters = st.characters(exclude_categories=["Cs"])
any_text = st.text(characters, max_size=300)

# Pieces real reports are made of, and the marks every stage reacts to: heading labels of every style,
# Markdown, suppression comments, dates, numbers, rates, durations, quotes and brackets, page debris,
# traditional characters, full-width and zero-width characters, Latin words, line breaks of all kinds.
FRAGMENTS = [
    "关于2024年度法治政府建设情况的报告", "某某县人民政府", "一、", "二、", "十二、", "一百、", "（一）", "（十）", "1.", "12.",
    "（3）", "①", "第一部分", "# ", "## ", "###### ", "> ", ">>>", "- ", "* ", "1) ", "| a | b |", "|---|---|",
    "```", "---", "===", "**", "__", "~~", "`", "[链接](http://x)", "![图](a.png)", "<br>", "<!-- x -->",
    "<!-- fazhi-lint-disable report.problems -- 理由 -->", "<!-- fazhi-lint-disable -->",
    "主要举措和成效", "存在的不足和原因", "下一年度主要安排", "第一责任人", "亲自部署", "重大行政决策事项目录",
    "公开征求意见", "合法性审查", "不少于30日", "15日", "七个工作日", "三十日", "纠错率150%", "受理29件", "纠错17件",
    "2019年", "2021—2025年", "2025年1月20日", "二〇二五年一月二十日", "2025-01-20", "05.01", "《", "》", "“", "”",
    "（", "）", "(", ")", "【", "】", "，", "。", "；", "：", ":", ",", "!", "?", "、", "…", "—", "- 4 -", "PAGE",
    "法制政府", "依法行政", "一是", "二是", "第一，", "發展", "於", "「", "」", "２０２４", "ＡＢ", "\u3000", "\u200b",
    "\ufeff", "\xa0", "\t", " ", "  ", "a", "and", "www.gov.cn", "x@y.cn", "%", "率", "日", "年", "\n", "\n\n",
    "\r\n", "\r", "\f", "\x00", "\ufffd",
]
report_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(characters, max_size=6)), max_size=120).map("".join)

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-32")


@st.composite
def encoded_text(draw: st.DrawFn, text: st.SearchStrategy[str] = report_text) -> bytes:
    """Report-like text in one of the encodings a Chinese office saves, sometimes with a damaged byte."""
    data = draw(text).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if data and draw(st.booleans()):
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data


# --------------------------------------------------------------------------- .docx

_RUN_PROPS = ["", "<w:vanish/>", '<w:vanish w:val="0"/>', "<w:b/>"]
_INLINE_WRAPPERS = ["w:hyperlink", "w:ins", "w:del", "w:smartTag", "w:sdtContent", "w:customXml", "w:moveFrom"]
_PPR = ['<w:outlineLvl w:val="{n}"/>', '<w:pStyle w:val="{s}"/>', '<w:numPr><w:ilvl w:val="{n}"/><w:numId w:val="{m}"/></w:numPr>']
_VALUES = ["0", "1", "3", "8", "9", "-1", "99", "²", "٣", "abc", "", "99999999999999999999", "1e3"]


@st.composite
def docx_paragraph(draw: st.DrawFn) -> str:
    runs = []
    for _ in range(draw(st.integers(0, 4))):
        text = draw(report_text).replace("\r", "").replace("\x00", "").replace("\f", "")
        run = f'<w:r><w:rPr>{draw(st.sampled_from(_RUN_PROPS))}</w:rPr><w:t xml:space="preserve">{_escape(text)}</w:t>' \
              f'{draw(st.sampled_from(["", "<w:br/>", "<w:tab/>", "<w:cr/>", "<w:noBreakHyphen/>"]))}</w:r>'
        for _ in range(draw(st.integers(0, 2))):
            wrapper = draw(st.sampled_from(_INLINE_WRAPPERS))
            run = f"<{wrapper}>{run}</{wrapper}>"
        runs.append(run)
    props = "".join(draw(st.sampled_from(_PPR)).format(n=draw(st.sampled_from(_VALUES)), m=draw(st.sampled_from(_VALUES)),
                                                       s=draw(st.sampled_from(["1", "Heading2", "TOC1", "Normal", "x"])))
                    for _ in range(draw(st.integers(0, 2))))
    return f"<w:p><w:pPr>{props}</w:pPr>{''.join(runs)}</w:p>"


@st.composite
def docx_body(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            blocks.append(table([[draw(report_text)[:20] for _ in range(2)] for _ in range(2)]))
        elif kind == 1:
            blocks.append(f"<w:sdt><w:sdtContent>{draw(docx_paragraph())}</w:sdtContent></w:sdt>")
        else:
            blocks.append(draw(docx_paragraph()))
    return "".join(blocks)


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    # XML 1.0 cannot hold most control characters even escaped: drop them, as Word would
    return escape("".join(c for c in text if c in "\t\n" or ord(c) >= 0x20 and c not in "\ufffe\uffff"))


@st.composite
def numbering_xml(draw: st.DrawFn) -> str:
    """numbering.xml with hostile values where Word has numbers: levels, starts, formats, overrides."""
    fmt = draw(st.sampled_from(["decimal", "chineseCounting", "upperLetter", "lowerRoman", "bullet", "none",
                                "decimalEnclosedCircle", "ideographTraditional", "decimalFullWidth", "bogus"]))
    start = draw(st.sampled_from(_VALUES + ["2147483647", "100000000"]))
    ilvl = draw(st.sampled_from(_VALUES))
    override = draw(st.sampled_from(_VALUES))
    text = draw(st.sampled_from(["%1、", "（%2）", "%1.%2.%3", "%9", "%0", "%", ""]))
    return (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7">'
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlRestart w:val="{draw(st.sampled_from(_VALUES))}"/></w:lvl></w:abstractNum>'
            f'<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="{override}">'
            f'<w:startOverride w:val="{draw(st.sampled_from(_VALUES))}"/></w:lvlOverride></w:num>'
            f'<w:num w:numId="{draw(st.sampled_from(_VALUES))}"><w:abstractNumId w:val="7"/></w:num></w:numbering>')


@st.composite
def docx_files(draw: st.DrawFn) -> bytes:
    """Generated .docx packages: random bodies with random styles and numbering."""
    numbering = draw(st.one_of(st.none(), st.just(CHINESE_HEADINGS), numbering_xml()))
    styles = draw(st.one_of(st.none(), st.just(HEADING_STYLES)))
    return make_docx(draw(docx_body()), numbering=numbering, styles=styles)


@st.composite
def random_xml_docx(draw: st.DrawFn) -> bytes:
    """A package whose word/document.xml is arbitrary (usually broken) text."""
    content = draw(st.one_of(any_text, report_text, docx_body().map(lambda b: f'<w:document xmlns:w="{W}">{b}')))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", content.encode(draw(st.sampled_from(["utf-8", "utf-16"])), errors="replace"))
        if draw(st.booleans()):
            z.writestr("_rels/.rels", draw(any_text))
    return out.getvalue()


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """Real-looking bytes with a few bytes flipped, cut short, or a stretch duplicated."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.integers(0, 3))
        if action == 0:
            data[at] = draw(st.integers(0, 255))
        elif action == 1:
            del data[at:]
        elif action == 2:
            data[at:at] = data[at:at + draw(st.integers(1, 64))]
        else:
            del data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


# --------------------------------------------------------------------------- .html

_TAGS = ["p", "div", "span", "br", "h1", "h2", "h3", "table", "tr", "td", "ul", "li", "script", "style", "nav",
         "article", "header", "footer", "a", "b", "meta", "title", "head", "body", "html", "iframe", "pre", "section"]
_ATTRS = ['class="content"', 'class="share"', 'id="zoom"', 'class="title"', 'charset="gbk"', 'charset="bogus"',
          'name="pubdate" content="2025-03-20"', 'href="x"', 'class']


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 9))
        tag = draw(st.sampled_from(_TAGS))
        if kind < 3:
            parts.append(f"<{tag} {draw(st.sampled_from(_ATTRS))}>" if draw(st.booleans()) else f"<{tag}>")
        elif kind < 5:
            parts.append(f"</{tag}>")
        elif kind == 5:
            parts.append(draw(st.sampled_from(["<!--", "-->", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?xml?>", "&amp;",
                                               "&#12345;", "&#x1F600;", "&#99999999999;", "&#" + "9" * 50, "&bogus;",
                                               "<", ">", "</", "<a b='", "发布时间：2025-03-20", "来源：本站 字号：大"])))
        else:
            parts.append(draw(report_text))
    return "".join(parts)


html_files = st.builds(lambda soup, enc: soup.encode(enc, errors="replace"), tag_soup(),
                       st.sampled_from(["utf-8", "gb18030", "utf-16"]))

# --------------------------------------------------------------------------- .pdf


@st.composite
def pdf_files(draw: st.DrawFn) -> bytes:
    pages = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 4)) == 0:
            pages.append(None)  # a scanned page
            continue
        runs = [Run(draw(st.floats(-100, 700)), draw(st.floats(-100, 900)),
                    draw(report_text).replace("\n", "").replace("\r", "")[:40] or "字",
                    draw(st.sampled_from([0.5, 1.0, 10.5, 12.0, 40.0])))
                for _ in range(draw(st.integers(0, 6)))]
        pages.append(runs)
    return make_pdf(pages)
