"""The GB/T 9704-2012 layout of a .docx: page, margins, fonts, line spacing, page numbers, signing date.

Read from the file's own formatting (``SourceDocument.layout``, validator.readers.docx_layout), with
Word's inheritance resolved. Paragraphs get their part from the analysed text: the title, 一级标题
(一、), 二级标题 (（一）), and body text (everything else after the title, 三级/四级标题 included,
less tables and the signature block). A paragraph's font and size are those of most of its Chinese
characters; one run in another font is not reported.

Findings name the paragraph (or section) and the value found against the value expected, and are
grouped: a document set in 宋体 throughout gets one finding for all its body paragraphs, not sixty.
Other formats have no layout to read: the rules do not apply to them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

import regex

from validator.checks import params as par
from validator.checks.base import CheckContext, CheckType, ParamReader
from validator.checks.quality import graded
from validator.lazyre import lazy_regex
from validator.model import Document, Paragraph, Problem, Span, Verdict
from validator.zh import HAN

if TYPE_CHECKING:  # the .docx reader is loaded only when a .docx is read, not for every text report
    from validator.readers.docx_layout import DocxLayout, FooterLayout, PageSetup, ParagraphLayout

TITLE, HEADING_1, HEADING_2, BODY = "title", "heading-1", "heading-2", "body"
ROLE_NAMES = {TITLE: "标题", HEADING_1: "一级标题", HEADING_2: "二级标题", BODY: "正文"}
# heading label styles (validator.headings) and the part they play; 三级、四级标题 are set like body text
_HEADING_ROLES = {"cn": HEADING_1, "paren-cn": HEADING_2, "arabic": BODY, "paren-arabic": BODY}
# Chinese type sizes (字号) in points
SIZE_NAMES = {42.0: "初号", 36.0: "小初", 26.0: "一号", 24.0: "小一", 22.0: "二号", 18.0: "小二", 16.0: "三号",
              15.0: "小三", 14.0: "四号", 12.0: "小四", 10.5: "五号", 9.0: "小五"}
_HAN = lazy_regex(HAN)
_SIGNATURE_MAX = 30  # an issuer line in the signature block is short and has no full stop
_SHOWN_PARAGRAPHS = 5
# the natural height of a line of Chinese type, in font sizes (FangSong, SimSun …), for auto line spacing
LINE_HEIGHT = 1.3


def size_text(points: float | None) -> str:
    if points is None:
        return "未设置"
    name = SIZE_NAMES.get(points)
    return f"{points:g} 磅" + (f"（{name}）" if name else "")


def _not_applicable(document: Document) -> Verdict | None:
    if document.source.layout is not None:
        return None
    if document.source.format in ("docx", "docm"):
        return Verdict(None, note="未能读取该 .docx 文件的版式信息，未检查")
    return Verdict(None, note=f"只检查 .docx 文件的版式（本文件为 .{document.source.format}）")


def _layout(ctx: CheckContext) -> DocxLayout:
    layout = ctx.document.source.layout
    assert layout is not None  # callers ask _not_applicable first
    return layout


def _close(value: float | None, expected: float, tolerance: float) -> bool:
    return value is not None and abs(value - expected) <= tolerance + 1e-9


def _mm(value: float | None) -> str:
    return "未设置" if value is None else f"{value:.1f}"


class Group:
    """Problems of one kind, grouped by what was found: one finding lists the places sharing it."""

    def __init__(self) -> None:
        self.places: dict[str, list[tuple[int, Span | None]]] = {}

    def add(self, message_key: str, number: int, span: Span | None) -> None:
        self.places.setdefault(message_key, []).append((number, span))

    def problems(self, code: str, describe: Callable[[str, list[int]], str]) -> list[Problem]:
        out = []
        for key, places in self.places.items():
            numbers = [n for n, _ in places]
            out.append(Problem(describe(key, numbers), places[0][1], code))
        return out


def paragraphs_text(numbers: list[int], what: str = "段") -> str:
    shown = "、".join(f"第{n}{what}" for n in numbers[:_SHOWN_PARAGRAPHS])
    return shown + (f"等共 {len(numbers)} {what}" if len(numbers) > _SHOWN_PARAGRAPHS else "")


# --------------------------------------------------------------------------- 纸张


class PageSizeParams(NamedTuple):
    width: float
    height: float
    tolerance: float


def _millimetres(description: str, default: float) -> par.Param:
    return par.number(description + "（毫米）", default, exclusive_minimum=0, maximum=1000)


def _points(description: str, default: float | None) -> par.Param:
    return par.number(description + "（磅）", default, exclusive_minimum=0, maximum=200)


def _tolerance(default: float, unit: str = "毫米") -> par.Param:
    return par.number(f"允许的误差（{unit}）", default, minimum=0, maximum=100)


def _prepare_size(r: ParamReader) -> PageSizeParams:
    return PageSizeParams(r.get("width"), r.get("height"), r.get("tolerance"))


def _is_size(section: PageSetup, p: PageSizeParams) -> bool:
    w, h = section.width_mm, section.height_mm
    return (_close(w, p.width, p.tolerance) and _close(h, p.height, p.tolerance)) or (
        _close(w, p.height, p.tolerance) and _close(h, p.width, p.tolerance))  # a landscape page for a wide table


def _run_size(ctx: CheckContext, p: PageSizeParams) -> Verdict:
    na = _not_applicable(ctx.document)
    if na is not None:
        return na
    group = Group()
    for section in _layout(ctx).sections:
        if not _is_size(section, p):
            group.add(f"{_mm(section.width_mm)}×{_mm(section.height_mm)}", section.number, None)

    def describe(found: str, sections: list[int]) -> str:
        where = paragraphs_text(sections, "节")
        if found.startswith("未设置"):
            return f"{where}未指明纸张大小（Word 将按本机默认纸张排版），应为 A4（{p.width:g}×{p.height:g} 毫米）"
        return f"{where}纸张为 {found} 毫米，应为 A4（{p.width:g}×{p.height:g} 毫米）"

    return graded(group.problems("page-size", describe))


PAGE_SIZE = CheckType("page-size", "纸张大小（.docx 的节属性）", _prepare_size, _run_size, reads_layout=True, params={
    "width": _millimetres("纸张宽度", 210), "height": _millimetres("纸张高度", 297), "tolerance": _tolerance(1)})


# --------------------------------------------------------------------------- 页边距与版心


class MarginParams(NamedTuple):
    top: float  # 天头
    inside: float  # 订口 (left margin plus gutter)
    width: float  # 版心
    height: float
    tolerance: float


def _prepare_margins(r: ParamReader) -> MarginParams:
    return MarginParams(r.get("top"), r.get("inside"), r.get("width"), r.get("height"), r.get("tolerance"))


def _margin_deviations(s: PageSetup, p: MarginParams) -> list[str]:
    if None in (s.width_mm, s.height_mm, s.top_mm, s.bottom_mm, s.left_mm, s.right_mm):
        return ["未设置页边距"]
    assert s.width_mm is not None and s.height_mm is not None and s.top_mm is not None
    assert s.bottom_mm is not None and s.left_mm is not None and s.right_mm is not None
    inside = s.left_mm + s.gutter_mm
    width = s.width_mm - inside - s.right_mm
    height = s.height_mm - s.top_mm - s.bottom_mm
    out = []
    if not _close(s.top_mm, p.top, p.tolerance):
        out.append(f"天头 {s.top_mm:.1f} 毫米（应为 {p.top:g}±{p.tolerance:g}）")
    if not _close(inside, p.inside, p.tolerance):
        out.append(f"订口 {inside:.1f} 毫米（应为 {p.inside:g}±{p.tolerance:g}）")
    if not (_close(width, p.width, p.tolerance) and _close(height, p.height, p.tolerance)):
        out.append(f"版心 {width:.1f}×{height:.1f} 毫米（应为 {p.width:g}×{p.height:g}）")
    return out


def _run_margins(ctx: CheckContext, p: MarginParams) -> Verdict:
    na = _not_applicable(ctx.document)
    if na is not None:
        return na
    group = Group()
    for section in _layout(ctx).sections:
        if section.width_mm is not None and section.height_mm is not None and section.width_mm > section.height_mm:
            continue  # a landscape page for a wide table has its own margins
        deviations = _margin_deviations(section, p)
        if deviations:
            group.add("、".join(deviations), section.number, None)
    return graded(group.problems("margins", lambda found, sections: f"{paragraphs_text(sections, '节')}：{found}"))


PAGE_MARGINS = CheckType("page-margins", "页边距与版心尺寸（天头、订口、版心）", _prepare_margins, _run_margins,
                         reads_layout=True, params={
                             "top": _millimetres("天头", 37), "inside": _millimetres("订口：左边距加装订线", 28),
                             "width": _millimetres("版心宽度", 156), "height": _millimetres("版心高度", 225),
                             "tolerance": _tolerance(1)})


# --------------------------------------------------------------------------- paragraphs and their parts


class Part(NamedTuple):
    role: str
    paragraph: Paragraph  # the analysed paragraph it belongs to
    offset: int  # where this .docx paragraph starts in it


def _signature(document: Document) -> set[int]:
    """Indexes of the analysed paragraphs of the signature block: the signing date and the short
    issuer lines just before it."""
    signed = document.metadata.signed_at
    if signed is None:
        return set()
    out = {signed.paragraph}
    i = signed.paragraph - 1
    while i >= 0 and len(document.paragraphs[i].text) <= _SIGNATURE_MAX and "。" not in document.paragraphs[i].text \
            and document.paragraphs[i].heading is None and len(out) < 3:
        out.add(i)
        i -= 1
    return out


def _title_index(document: Document) -> int | None:
    title = document.metadata.title
    if not title:
        return None
    for p in document.paragraphs[:12]:
        if p.heading is None and title.endswith(p.text):
            return p.index
    return None


def parts(document: Document, layout: DocxLayout) -> Iterator[tuple[Part, ParagraphLayout]]:
    """Each .docx paragraph with the part it plays (title, headings, body); others are left out."""
    title = _title_index(document)
    signature = _signature(document)
    # without a title the text before the first heading may be a letterhead (红头) or anything: left out
    start = title if title is not None else next(
        (p.index for p in document.paragraphs if p.heading is not None), len(document.paragraphs))
    for p in document.paragraphs[start:]:
        heading = p.heading
        if p.index == title:
            role = TITLE
        elif p.index in signature:
            continue
        elif heading is None:
            role = BODY
        elif heading.style in _HEADING_ROLES:
            role = _HEADING_ROLES[heading.style]
        else:
            continue  # Markdown, a Word heading style without a label, a lost numeral: no rule for them
        for number, offset in _docx_paragraphs(document, p):
            found = layout.paragraph(number)
            if found is not None and not found.in_table:
                yield Part(role, p, offset), found


def _docx_paragraphs(document: Document, p: Paragraph) -> Iterator[tuple[int, int]]:
    """(the .docx paragraph number, its offset in ``p``) of every .docx paragraph that went into ``p``."""
    seen: set[int] = set()
    for offset, line, _ in p.pieces:
        number = document.source.lines[line].paragraph
        if number is not None and number not in seen:
            seen.add(number)
            yield number, offset


def part_span(part: Part) -> Span:
    end = min(len(part.paragraph.text), part.offset + 20)
    return Span(part.paragraph.index, part.offset, max(end, part.offset + 1))


def dominant(runs: Iterable[tuple[str, str | None, float | None]]) -> tuple[str | None, float | None] | None:
    """(font, size) of most of the Chinese characters of some runs (text, East Asian font, size)."""
    fonts: dict[str | None, int] = {}
    sizes: dict[float | None, int] = {}
    for text, font, size in runs:
        count = len(_HAN.findall(text))
        if count:
            fonts[font] = fonts.get(font, 0) + count
            sizes[size] = sizes.get(size, 0) + count
    if not fonts:
        return None
    return max(fonts, key=lambda f: fonts[f]), max(sizes, key=lambda s: sizes[s])


def heading_runs(found: ParagraphLayout) -> Iterator[tuple[str, str | None, float | None]]:
    """The runs of a run-in heading up to its first full stop: "（一）健全依法决策机制。" and not what follows."""
    for run in found.runs:
        stop = run.text.find("。")
        yield (run.text if stop < 0 else run.text[:stop]), run.east_asia_font, run.size_pt
        if stop >= 0:
            return


# --------------------------------------------------------------------------- 字体字号


class FontTarget(NamedTuple):
    role: str
    fonts: tuple[regex.Pattern[str], ...]  # any of these matches an accepted font name
    font_name: str  # how the expected font is named in messages
    size: float | None
    tolerance: float


class FontParams(NamedTuple):
    targets: tuple[FontTarget, ...]


def _fonts(r: ParamReader) -> tuple[regex.Pattern[str], ...]:
    """Accepted font names: regular expressions, in any case."""
    return tuple(r.pattern(("fonts", i), "(?i)" + f) for i, f in enumerate(r.get("fonts")))


FONT_TARGET: par.Params = {
    "role": par.choice("哪一部分：标题、一级标题、二级标题、正文", (TITLE, HEADING_1, HEADING_2, BODY)),
    "fonts": par.patterns("可接受的字体名称（正则表达式，不分大小写）"),
    "font_name": par.text("问题说明中怎样称呼应使用的字体（默认：fonts 用顿号连接）", None, min_length=1, max_length=200),
    "size": _points("字号", None),
    "tolerance": _tolerance(0.5, "磅"),
}


def _prepare_font(r: ParamReader) -> FontParams:
    targets = []
    for sub in r.items("targets"):
        font_name = sub.get("font_name")
        targets.append(FontTarget(sub.get("role"), _fonts(sub), "、".join(sub.get("fonts")) if font_name is None
                                  else font_name, sub.get("size"), sub.get("tolerance")))
    return FontParams(tuple(targets))


def font_matches(name: str | None, fonts: tuple[regex.Pattern[str], ...]) -> bool:
    return name is not None and any(f.search(name) for f in fonts)


def _run_font(ctx: CheckContext, p: FontParams) -> Verdict:
    na = _not_applicable(ctx.document)
    if na is not None:
        return na
    by_role = {t.role: t for t in p.targets}
    fonts: dict[str, Group] = {role: Group() for role in by_role}
    sizes: dict[str, Group] = {role: Group() for role in by_role}
    for part, found in parts(ctx.document, _layout(ctx)):
        target = by_role.get(part.role)
        if target is None:
            continue
        runs = heading_runs(found) if part.role in (HEADING_1, HEADING_2) else \
            ((r.text, r.east_asia_font, r.size_pt) for r in found.runs)
        seen = dominant(runs)
        if seen is None:
            continue
        font, size = seen
        span = part_span(part)
        if target.fonts and not font_matches(font, target.fonts):
            fonts[part.role].add(font or "", found.number, span)
        if target.size is not None and not _close(size, target.size, target.tolerance):
            sizes[part.role].add(size_text(size), found.number, span)
    problems: list[Problem] = []
    for role, target in by_role.items():
        problems += fonts[role].problems(f"{role}-font", _font_message(target))
        problems += sizes[role].problems(f"{role}-size", _size_message(target))
    problems.sort(key=lambda q: (q.span.paragraph, q.span.start) if q.span else (-1, -1))
    return graded(problems)


def _font_message(target: FontTarget) -> Callable[[str, list[int]], str]:
    def describe(found: str, numbers: list[int]) -> str:
        shown = found or "未设置（Word 默认字体）"
        return f"{ROLE_NAMES[target.role]}（{paragraphs_text(numbers)}）的字体为“{shown}”，应为{target.font_name}"
    return describe


def _size_message(target: FontTarget) -> Callable[[str, list[int]], str]:
    def describe(found: str, numbers: list[int]) -> str:
        return f"{ROLE_NAMES[target.role]}（{paragraphs_text(numbers)}）的字号为 {found}，应为 {size_text(target.size)}"
    return describe


PARAGRAPH_FONT = CheckType("paragraph-font", "标题、各级标题和正文的字体字号（按段落的实际格式，含样式继承）", _prepare_font,
                           _run_font, reads_layout=True,
                           params={"targets": par.records("各部分应使用的字体字号", FONT_TARGET)})


# --------------------------------------------------------------------------- 行距


class SpacingParams(NamedTuple):
    min_pt: float
    max_pt: float
    expected: str  # how the expected spacing is named in messages


def _prepare_spacing(r: ParamReader) -> SpacingParams:
    low, high = r.get("min_pt"), r.get("max_pt")
    if low > high:
        r.report("min_pt", f"min_pt {low:g} 大于 max_pt {high:g}")
    expected = r.get("expected")
    return SpacingParams(low, high, f"固定值 {low:g}—{high:g} 磅" if expected is None else expected)


def line_spacing(found: ParagraphLayout, section: PageSetup | None) -> tuple[float | None, str]:
    """(the distance between lines in points, how it is set) of a paragraph; None when it is not known."""
    rule, line = found.line_rule, found.line
    size = dominant((r.text, r.east_asia_font, r.size_pt) for r in found.runs)
    font_size = size[1] if size is not None and size[1] is not None else None
    multiple = (line or 240) / 240
    if rule in ("exact", "atLeast") and line is not None:
        return line / 20, ("固定值" if rule == "exact" else "最小值")
    how = "单倍行距" if multiple == 1 else f"{multiple:g} 倍行距"
    if font_size is None:
        return None, how
    natural = font_size * LINE_HEIGHT * multiple
    pitch = section.grid_pitch_pt if section is not None and section.grid_type not in (None, "default") else None
    if pitch is not None and found.snap_to_grid:
        # Word puts a line on as many grid lines as its height needs
        return pitch * max(1, math.ceil(natural / pitch - 0.05)), f"{how}，按文档网格"
    return natural, how


def _run_spacing(ctx: CheckContext, p: SpacingParams) -> Verdict:
    na = _not_applicable(ctx.document)
    if na is not None:
        return na
    layout = _layout(ctx)
    sections = {s.number: s for s in layout.sections}
    group = Group()
    for part, found in parts(ctx.document, layout):
        if part.role != BODY:
            continue
        points, how = line_spacing(found, sections.get(found.section))
        if points is None or p.min_pt - 1e-9 <= points <= p.max_pt + 1e-9:
            continue
        shown = f"{how} {points:.1f} 磅" if how in ("固定值", "最小值") else f"{how}（约 {points:.1f} 磅）"
        group.add(shown, found.number, part_span(part))
    return graded(group.problems("line-spacing", lambda found, numbers: (
        f"正文（{paragraphs_text(numbers)}）行距为{' ' if found[:1].isdigit() else ''}{found}，应为{p.expected}")))


BODY_SPACING = CheckType("line-spacing", "正文行距（每面 22 行：固定行距约 28.9 磅，或按文档网格）", _prepare_spacing,
                         _run_spacing, reads_layout=True, params={
                             "min_pt": _points("行距下限", 27.7), "max_pt": _points("行距上限", 29.2),
                             "expected": par.text("问题说明中怎样称呼应有的行距（默认：固定值 下限—上限 磅）", None,
                                                  min_length=1, max_length=200),
                         })


# --------------------------------------------------------------------------- 页码


class PageNumberParams(NamedTuple):
    dashes: str  # characters accepted as the 一字线 on either side of the number
    fonts: tuple[regex.Pattern[str], ...]
    font_name: str
    size: float
    tolerance: float
    outside: bool  # odd pages right, even pages left


def _prepare_page_number(r: ParamReader) -> PageNumberParams:
    return PageNumberParams(r.get("dashes"), _fonts(r), r.get("font_name"), r.get("size"), r.get("tolerance"),
                            r.get("outside"))


def _footer_problems(footer: FooterLayout, pages: str, p: PageNumberParams) -> list[str]:
    out = []
    before, after = footer.before.strip(), footer.after.strip()
    if not (before[-1:] and before[-1] in p.dashes and after[:1] and after[0] in p.dashes):
        out.append(f"{pages}页码写作“{before}1{after}”，应为“— 1 —”（数字左右各一条一字线）")
    if not _close(footer.number_size_pt, p.size, p.tolerance):
        out.append(f"{pages}页码字号为 {size_text(footer.number_size_pt)}，应为 {size_text(p.size)}")
    if p.fonts and not (font_matches(footer.number_latin_font, p.fonts)
                        or font_matches(footer.number_east_asia_font, p.fonts)):
        shown = footer.number_latin_font or footer.number_east_asia_font or "未设置（Word 默认字体）"
        out.append(f"{pages}页码字体为“{shown}”，应为{p.font_name}")
    return out


def _run_page_number(ctx: CheckContext, p: PageNumberParams) -> Verdict:
    na = _not_applicable(ctx.document)
    if na is not None:
        return na
    layout = _layout(ctx)
    if not layout.sections:
        return graded([Problem("未设置页码（文件中没有节属性和页脚）", None, "no-page-number")])
    section = layout.sections[-1]  # the body's own section, where most pages are
    odd = section.footer("default")
    even = section.footer("even") if layout.even_and_odd else None
    messages: list[tuple[str, str]] = []
    if odd is None or not odd.page_field:
        messages.append(("no-page-number", "未设置页码（页脚中没有页码域）"))
    else:
        pages = "单页" if layout.even_and_odd else ""
        messages += [("page-number-format", m) for m in _footer_problems(odd, pages, p)]
        if p.outside:
            if not layout.even_and_odd:
                messages.append(("page-number-side", "未设置“奇偶页不同”，页码无法单页居右、双页居左"))
            elif odd.alignment not in ("right", "end"):
                messages.append(("page-number-side", f"单页页码{_alignment(odd.alignment)}，应居右（空一字）"))
        if layout.even_and_odd:
            if even is None or not even.page_field:
                messages.append(("no-page-number", "双页页脚中没有页码域"))
            else:
                messages += [("page-number-format", m) for m in _footer_problems(even, "双页", p)]
                if p.outside and even.alignment not in ("left", "start"):
                    messages.append(("page-number-side", f"双页页码{_alignment(even.alignment)}，应居左（空一字）"))
    return graded([Problem(message, None, code) for code, message in messages])


_ALIGNMENTS = {"left": "居左", "start": "居左", "right": "居右", "end": "居右", "center": "居中", "both": "两端对齐",
               "distribute": "分散对齐"}


def _alignment(value: str | None) -> str:
    return _ALIGNMENTS.get(value or "left", value or "居左")


PAGE_NUMBER = CheckType("page-number", "页码：一字线、四号半角宋体、单页居右双页居左（页脚中的 PAGE 域）",
                        _prepare_page_number, _run_page_number, reads_layout=True, params={
                            "dashes": par.text("可作为数字两侧一字线的字符", "—", min_length=1, max_length=20),
                            "fonts": par.patterns("可接受的页码字体名称（正则表达式，不分大小写）"),
                            "font_name": par.text("问题说明中怎样称呼应使用的字体", "宋体", min_length=1, max_length=200),
                            "size": _points("页码字号", 14),
                            "tolerance": _tolerance(0.5, "磅"),
                            "outside": par.flag("单页居右、双页居左", True),
                        })


# --------------------------------------------------------------------------- 成文日期


class DateAlignParams(NamedTuple):
    alignments: frozenset[str]


def _prepare_date(r: ParamReader) -> DateAlignParams:
    return DateAlignParams(frozenset(r.get("alignments")))


def _run_date(ctx: CheckContext, p: DateAlignParams) -> Verdict:
    na = _not_applicable(ctx.document)
    if na is not None:
        return na
    document = ctx.document
    signed = document.metadata.signed_at
    if signed is None:
        return Verdict(None, note="未找到成文日期，未检查其位置")
    para = document.paragraphs[signed.paragraph]
    line, _ = para.source_position(signed.start)
    number = document.source.lines[line].paragraph
    found = _layout(ctx).paragraph(number) if number is not None else None
    if found is None:
        return Verdict(None, note="未能确定成文日期所在段落的格式")
    if found.alignment in p.alignments:
        return Verdict(1.0)
    return graded([Problem(f"成文日期（第{number}段）{_alignment(found.alignment)}，应右对齐（右空四字）", signed,
                           "date-alignment")])


SIGNING_DATE_ALIGNMENT = CheckType("signing-date-alignment", "成文日期右对齐（右空四字）", _prepare_date, _run_date,
                                   reads_layout=True, params={"alignments": par.choices(
                                       "可接受的对齐方式", ("left", "start", "center", "right", "end", "both", "distribute"),
                                       ("right", "end"))})
