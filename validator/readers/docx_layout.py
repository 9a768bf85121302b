"""The layout of a Word .docx, for the GB/T 9704-2012 layout rules: page setup, fonts, spacing, footers.

Read from the same package as the text (``validator.readers.package``, with its limits), beside it:
the text reader hands over the paragraphs it counted, so paragraph N here is paragraph N of the
text (``SourceLine.paragraph``). What is read:

- each section's page size, margins and document grid (``w:sectPr``), and the footers it uses
  (inherited from the section before when it names none), with the settings' odd/even switch;
- for each counted paragraph, its effective alignment and line spacing, and its runs' effective
  East Asian and Latin fonts and sizes. Effective means with Word's inheritance: document defaults
  → paragraph style (and the styles it is based on) → character style → direct formatting; theme
  fonts (``eastAsiaTheme="minorEastAsia"``) resolve through the theme part;
- in each footer, the PAGE field (simple or complex), the text on either side of it, the
  paragraph's alignment and the number's font and size.

A package whose layout parts cannot be read (damaged styles, a part over the limits) still has its
text: the layout is then None and the layout rules do not apply to it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from validator.errors import InputError
from validator.readers.docx_numbering import attr, child, child_val, local, parse_int
from validator.readers.package import Package

TWIPS_PER_MM = 1440 / 25.4
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# inline elements whose runs belong to the paragraph (as in validator.readers.docx)
_INLINE_CONTAINERS = {"hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir", "bdo", "sdtContent"}
_BLOCK_CONTAINERS = {"sdt", "sdtContent", "customXml", "ins", "moveTo", "tbl", "tr", "tc"}

Props = Mapping[str, str]


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class RunLayout:
    text: str
    east_asia_font: str | None  # the font of Chinese characters
    latin_font: str | None  # the font of digits and Latin letters (w:ascii)
    size_pt: float | None


@dataclass(frozen=True)
class ParagraphLayout:
    number: int  # 1-based, as SourceLine.paragraph
    section: int  # 1-based number of the section it is in
    alignment: str  # effective w:jc: left, center, right, both, distribute, start, end …
    line_rule: str | None  # auto | exact | atLeast; None when nothing sets the spacing
    line: int | None  # w:line: 240ths of a line for auto, twentieths of a point otherwise
    snap_to_grid: bool
    in_table: bool
    runs: tuple[RunLayout, ...]

    def line_pt(self, grid_pitch_pt: float | None) -> float | None:
        """The distance between its lines in points, when the spacing says (auto spacing snaps to the grid)."""
        if self.line is None or self.line_rule is None:
            return None
        if self.line_rule in ("exact", "atLeast"):
            return self.line / 20
        if grid_pitch_pt is not None and self.snap_to_grid:
            return grid_pitch_pt * self.line / 240
        return None


@dataclass(frozen=True)
class FooterLayout:
    kind: str  # default (odd pages, or all) | even | first
    part: str
    page_field: bool
    before: str  # the text before the page number in its paragraph ("— ")
    after: str
    alignment: str | None  # of the page number's paragraph
    number_east_asia_font: str | None
    number_latin_font: str | None
    number_size_pt: float | None


@dataclass(frozen=True)
class PageSetup:
    number: int  # 1-based section
    width_mm: float | None
    height_mm: float | None
    top_mm: float | None
    bottom_mm: float | None
    left_mm: float | None
    right_mm: float | None
    gutter_mm: float
    grid_type: str | None  # docGrid: lines | linesAndChars | snapToChars | None (no grid)
    grid_pitch_pt: float | None
    title_page: bool  # a different first-page header and footer
    footers: tuple[FooterLayout, ...]

    def footer(self, kind: str) -> FooterLayout | None:
        return next((f for f in self.footers if f.kind == kind), None)


@dataclass(frozen=True)
class DocxLayout:
    sections: tuple[PageSetup, ...]
    paragraphs: tuple[ParagraphLayout, ...]
    even_and_odd: bool  # settings: different odd and even page headers and footers

    def paragraph(self, number: int) -> ParagraphLayout | None:
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None


# --------------------------------------------------------------------------- reading


def read_layout(package: Package, main: str, body: Element, paragraphs: Sequence[tuple[Element, bool]],
                styles: Element | None) -> DocxLayout | None:
    """The layout of the document whose counted paragraphs (element, in a table) and styles part (as
    the text reader parsed it) are given; None when a part it needs cannot be read."""
    try:
        relations = _relationships(package, main)
        theme = ThemeFonts(_part(package, relations.get("theme")))
        sheet = StyleSheet(styles, theme)
        settings = _part(package, relations.get("settings"))
        even_and_odd = settings is not None and _on(child(settings, "evenAndOddHeaders"))
        footers = _Footers(package, relations, sheet)
        sections = tuple(_sections(body, footers))
        section_of = _section_numbers(body)
        layouts = tuple(_paragraph(i, p, in_table, section_of.get(id(p), len(sections) or 1), sheet)
                        for i, (p, in_table) in enumerate(paragraphs, 1))
    except InputError:
        return None
    return DocxLayout(sections, layouts, even_and_odd)


def _relationships(package: Package, part: str) -> dict[str, str]:
    """Relationship type (last path segment) and id → target part of ``part``'s internal relationships."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    out: dict[str, str] = {}
    if not package.has(rels):
        return out
    for rel in package.xml(rels).iter(f"{_RELS_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], path)
        out.setdefault("id:" + rel.get("Id", ""), path)
    return out


def _part(package: Package, path: str | None) -> Element | None:
    return package.xml(path) if path is not None and package.has(path) else None


def _on(flag: Element | None) -> bool:
    return flag is not None and attr(flag, "val") not in ("0", "false", "off")


def _twips_mm(value: str | None, signed: bool = False) -> float | None:
    number = parse_int(value)
    if number is None:
        return None
    return (abs(number) if signed else number) / TWIPS_PER_MM


# --------------------------------------------------------------------------- fonts and styles


def _local_any(tag: str) -> str:
    return tag.rpartition("}")[2]


class ThemeFonts:
    """The theme's major and minor fonts, for w:asciiTheme / w:eastAsiaTheme."""

    def __init__(self, root: Element | None) -> None:
        self.fonts: dict[str, str] = {}
        if root is None:
            return
        for element in root.iter():
            name = _local_any(element.tag)
            if name not in ("majorFont", "minorFont"):
                continue
            which = name[:5]  # major | minor
            for font in element:
                kind, face = _local_any(font.tag), font.get("typeface") or ""
                if kind == "latin" and face:
                    self.fonts[f"{which}Latin"] = face
                elif kind == "ea" and face:
                    self.fonts[f"{which}EastAsia"] = face
                elif kind == "font" and font.get("script") == "Hans" and face:
                    self.fonts.setdefault(f"{which}Hans", face)

    def resolve(self, theme: str) -> str | None:
        which = "major" if theme.startswith("major") else "minor"
        if theme.endswith("EastAsia"):
            return self.fonts.get(f"{which}EastAsia") or self.fonts.get(f"{which}Hans")
        return self.fonts.get(f"{which}Latin")


def run_props(rpr: Element | None, theme: ThemeFonts) -> dict[str, str]:
    """The run properties the layout rules use, as set in one w:rPr."""
    out: dict[str, str] = {}
    if rpr is None:
        return out
    fonts = child(rpr, "rFonts")
    if fonts is not None:
        for script, key in (("eastAsia", "eastAsia"), ("ascii", "latin")):
            themed = attr(fonts, script + "Theme")
            face = theme.resolve(themed) if themed else attr(fonts, script)
            if face:
                out[key] = face
    size = parse_int(child_val(rpr, "sz"))
    if size is not None and size > 0:
        out["size"] = str(size)
    if _on(child(rpr, "vanish")):
        out["vanish"] = "1"
    return out


def paragraph_props(ppr: Element | None) -> dict[str, str]:
    """The paragraph properties the layout rules use, as set in one w:pPr."""
    out: dict[str, str] = {}
    if ppr is None:
        return out
    jc = child_val(ppr, "jc")
    if jc:
        out["jc"] = jc
    spacing = child(ppr, "spacing")
    line = attr(spacing, "line")
    if line is not None and parse_int(line) is not None:
        out["line"] = line
        out["lineRule"] = attr(spacing, "lineRule") or "auto"
    snap = child(ppr, "snapToGrid")
    if snap is not None:
        out["snapToGrid"] = "1" if _on(snap) else "0"
    return out


@dataclass(frozen=True)
class _Style:
    kind: str  # paragraph | character | table | numbering
    based_on: str | None
    ppr: Props
    rpr: Props


class StyleSheet:
    """Styles and document defaults, resolved with inheritance (memoised per style)."""

    def __init__(self, root: Element | None, theme: ThemeFonts) -> None:
        self.theme = theme
        self.styles: dict[str, _Style] = {}
        self.default_ppr: Props = {}
        self.default_rpr: Props = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self._resolved: dict[tuple[str, str], tuple[Props, Props]] = {}
        if root is None:
            return
        for element in root:
            name = local(element.tag)
            if name == "docDefaults":
                rpr_default, ppr_default = child(element, "rPrDefault"), child(element, "pPrDefault")
                self.default_rpr = run_props(child(rpr_default, "rPr") if rpr_default is not None else None, theme)
                self.default_ppr = paragraph_props(child(ppr_default, "pPr") if ppr_default is not None else None)
            elif name == "style":
                self._add(element)

    def _add(self, element: Element) -> None:
        kind = attr(element, "type") or "paragraph"
        style_id = attr(element, "styleId") or ""
        self.styles.setdefault(style_id, _Style(kind, child_val(element, "basedOn"),
                                                paragraph_props(child(element, "pPr")),
                                                run_props(child(element, "rPr"), self.theme)))
        if attr(element, "default") in ("1", "true", "on"):
            if kind == "paragraph" and self.default_paragraph is None:
                self.default_paragraph = style_id
            elif kind == "character" and self.default_character is None:
                self.default_character = style_id

    def resolved(self, style_id: str | None, kind: str) -> tuple[Props, Props]:
        """(paragraph properties, run properties) a style gives, its base styles' included."""
        if style_id is None or style_id not in self.styles:
            style_id = self.default_paragraph if kind == "paragraph" else self.default_character
        if style_id is None:
            return {}, {}
        key = (kind, style_id)
        if key not in self._resolved:
            chain: list[_Style] = []
            seen: set[str] = set()
            current: str | None = style_id
            while current and current in self.styles and current not in seen:
                seen.add(current)
                chain.append(self.styles[current])
                current = self.styles[current].based_on
            ppr: dict[str, str] = {}
            rpr: dict[str, str] = {}
            for style in reversed(chain):  # the base first, the style itself last
                ppr.update(style.ppr)
                rpr.update(style.rpr)
            self._resolved[key] = (ppr, rpr)
        return self._resolved[key]

    def paragraph(self, ppr: Element | None) -> tuple[dict[str, str], Props]:
        """(effective paragraph properties, run properties its style gives) of a paragraph."""
        style_ppr, style_rpr = self.resolved(child_val(ppr, "pStyle") if ppr is not None else None, "paragraph")
        props = {**self.default_ppr, **style_ppr, **paragraph_props(ppr)}
        return props, {**self.default_rpr, **style_rpr}

    def run(self, base: Props, rpr: Element | None) -> dict[str, str]:
        """Effective run properties: the paragraph's, then the character style's, then the run's own."""
        style = child_val(rpr, "rStyle") if rpr is not None else None
        _, char_rpr = self.resolved(style, "character")
        return {**base, **char_rpr, **run_props(rpr, self.theme)}


def _size_pt(props: Props) -> float | None:
    size = props.get("size")
    return int(size) / 2 if size else None


# --------------------------------------------------------------------------- paragraphs


def _runs(container: Element) -> Iterator[Element]:
    """The runs of a paragraph in order, through hyperlinks, insertions, fields and content controls."""
    stack: list[Iterator[Element]] = [iter(container)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        name = local(element.tag)
        if name == "r":
            yield element
        elif name == "sdt":
            content = child(element, "sdtContent")
            if content is not None:
                stack.append(iter(content))
        elif name in _INLINE_CONTAINERS:
            stack.append(iter(element))


def _run_text(run: Element) -> str:
    parts = []
    for element in run:
        name = local(element.tag)
        if name == "t":
            parts.append(element.text or "")
        elif name == "tab":
            parts.append("\t")
    return "".join(parts)


def _paragraph(number: int, p: Element, in_table: bool, section: int, sheet: StyleSheet) -> ParagraphLayout:
    ppr = child(p, "pPr")
    props, base = sheet.paragraph(ppr)
    # runs of the same format in a row are kept as one (Word splits runs at every edit)
    groups: list[tuple[tuple[str | None, str | None, float | None], list[str]]] = []
    for run in _runs(p):
        text = _run_text(run)
        if not text:
            continue
        rp = sheet.run(base, child(run, "rPr"))
        if rp.get("vanish"):
            continue
        fmt = (rp.get("eastAsia"), rp.get("latin"), _size_pt(rp))
        if groups and groups[-1][0] == fmt:
            groups[-1][1].append(text)
        else:
            groups.append((fmt, [text]))
    runs = [RunLayout("".join(texts), *fmt) for fmt, texts in groups]
    line = parse_int(props.get("line"))
    return ParagraphLayout(
        number=number, section=section, alignment=props.get("jc", "left"), line_rule=props.get("lineRule") if line else None,
        line=line, snap_to_grid=props.get("snapToGrid", "1") == "1", in_table=in_table, runs=tuple(runs),
    )


# --------------------------------------------------------------------------- sections and footers


def _section_properties(body: Element) -> Iterator[Element]:
    """Every w:sectPr of the body in order: those ending a section inside a paragraph, then the last."""
    last: Element | None = None
    for element in body:
        name = local(element.tag)
        if name == "p":
            ppr = child(element, "pPr")
            sect = child(ppr, "sectPr") if ppr is not None else None
            if sect is not None:
                yield sect
        elif name == "sectPr":
            last = element
    if last is not None:
        yield last


def _section_numbers(body: Element) -> dict[int, int]:
    """Section number of every paragraph of the body (by id), tables and content controls included:
    a paragraph carrying a w:sectPr is the last of its section."""
    out: dict[int, int] = {}
    section = 1
    for element in body:
        for p in element.iter():
            if local(p.tag) == "p":
                out[id(p)] = section
        if local(element.tag) == "p":
            ppr = child(element, "pPr")
            if ppr is not None and child(ppr, "sectPr") is not None:
                section += 1
    return out


def _sections(body: Element, footers: _Footers) -> Iterator[PageSetup]:
    inherited: dict[str, FooterLayout] = {}
    for number, sect in enumerate(_section_properties(body), 1):
        for ref in sect:
            if local(ref.tag) != "footerReference":
                continue
            kind = attr(ref, "type") or "default"
            footer = footers.get(attr(ref, "id") or "", kind)
            if footer is not None:
                inherited[kind] = footer
        size, margins, grid = child(sect, "pgSz"), child(sect, "pgMar"), child(sect, "docGrid")
        pitch = parse_int(attr(grid, "linePitch"))
        yield PageSetup(
            number=number,
            width_mm=_twips_mm(attr(size, "w")), height_mm=_twips_mm(attr(size, "h")),
            top_mm=_twips_mm(attr(margins, "top"), signed=True),
            bottom_mm=_twips_mm(attr(margins, "bottom"), signed=True),
            left_mm=_twips_mm(attr(margins, "left")), right_mm=_twips_mm(attr(margins, "right")),
            gutter_mm=_twips_mm(attr(margins, "gutter")) or 0.0,
            grid_type=(attr(grid, "type") or "default") if grid is not None else None,
            grid_pitch_pt=pitch / 20 if pitch and pitch > 0 else None,
            title_page=_on(child(sect, "titlePg")),
            footers=tuple(inherited.values()),
        )


class _Footers:
    """Footer parts read once each, by relationship id."""

    def __init__(self, package: Package, relations: Mapping[str, str], sheet: StyleSheet) -> None:
        self.package = package
        self.relations = relations
        self.sheet = sheet
        self.read: dict[tuple[str, str], FooterLayout | None] = {}

    def get(self, rel_id: str, kind: str) -> FooterLayout | None:
        key = (rel_id, kind)
        if key not in self.read:
            path = self.relations.get("id:" + rel_id)
            root = _part(self.package, path)
            self.read[key] = _footer(root, kind, path or "", self.sheet) if root is not None else None
        return self.read[key]


def _footer_paragraphs(root: Element) -> Iterator[Element]:
    stack: list[Iterator[Element]] = [iter(root)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        name = local(element.tag)
        if name == "p":
            yield element
        elif name in _BLOCK_CONTAINERS:
            stack.append(iter(element))


def _is_page(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() == "PAGE"


def _footer(root: Element, kind: str, part: str, sheet: StyleSheet) -> FooterLayout:
    for p in _footer_paragraphs(root):
        found = _page_field(p, sheet)
        if found is not None:
            before, after, number = found
            props, _ = sheet.paragraph(child(p, "pPr"))
            return FooterLayout(kind, part, True, before, after, props.get("jc", "left"),
                                number.get("eastAsia"), number.get("latin"), _size_pt(number))
    return FooterLayout(kind, part, False, "", "", None, None, None, None)


def _page_field(p: Element, sheet: StyleSheet) -> tuple[str, str, Props] | None:
    """(text before the PAGE field, text after it, the number's run properties) in a paragraph, or None.

    The number's format is that of the result Word last rendered, else that of the instruction's run.
    """
    _, base = sheet.paragraph(child(p, "pPr"))
    before: list[str] = []
    after: list[str] = []
    seen = False
    instruction_props: Props | None = None
    result_props: Props | None = None
    fields: list[list[str]] = []  # open complex fields: [instruction, phase]
    simple = {id(r) for f in p.iter() if local(f.tag) == "fldSimple" and _is_page(attr(f, "instr") or "")
              for r in f.iter() if local(r.tag) == "r"}
    for run in _runs(p):
        props = sheet.run(base, child(run, "rPr"))
        if id(run) in simple:
            seen = True
            result_props = result_props or props
            continue
        for element in run:
            name = local(element.tag)
            if name == "fldChar":
                what = attr(element, "fldCharType")
                if what == "begin":
                    fields.append(["", "instruction"])
                elif what == "separate" and fields:
                    fields[-1][1] = "result"
                elif what == "end" and fields:
                    fields.pop()
            elif name == "instrText" and fields:
                fields[-1][0] += element.text or ""
                if _is_page(fields[-1][0]):
                    seen = True
                    instruction_props = instruction_props or props
            elif name in ("t", "tab"):
                if fields and fields[-1][1] == "instruction":
                    continue
                if fields and _is_page(fields[-1][0]):
                    result_props = result_props or props
                    continue
                text = (element.text or "") if name == "t" else " "
                (after if seen else before).append(text)
    number = result_props or instruction_props
    if number is None:
        return None
    return "".join(before), "".join(after), number
