"""Word .docx: body paragraphs and table cells in order, as the reader of the document sees them.

Read from the raw XML with the standard library rather than python-docx or docx2python:
python-docx drops text inside tracked insertions and content controls and cannot render list
numbering; docx2python renders numbering but not the Chinese formats (``chineseCounting``)
these reports use. What is read: the main document part only (no headers, footers, comments,
footnotes), tracked insertions kept and deletions dropped, hidden text dropped, the labels of
automatic numbering reconstructed (``docx_numbering``), and a table of contents skipped so its
entries are not taken for headings. Outline levels and Word's heading styles are heading
signals (``SourceLine.outline_level``); a numbered heading carries its label in the text, so
the labels' own ranks build the section tree just as in plain text.

Text that Word keeps out of the plain paragraph flow is read once, where a reader meets it:
content controls (``w:sdt``) around paragraphs, table rows and cells; text boxes
(``w:txbxContent``), right after the paragraph that anchors them; and markup-compatibility
alternatives (``mc:AlternateContent``), whose branches hold the same content twice (a text box as
a DrawingML shape and again as VML) — only the first branch is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple
from xml.etree.ElementTree import Element

from validator.errors import InputError
from validator.lazyre import lazy_regex
from validator.limits import check_extracted
from validator.model import SourceDocument, SourceLine
from validator.readers.docx_layout import read_layout
from validator.readers.docx_numbering import (
    Numbering,
    Styles,
    attr,
    child,
    child_val,
    local,
    parse_int,
)
from validator.readers.package import MalformedXml, Package
from validator.readers.text import LINE_BREAK

# inline elements whose children are read as part of the paragraph
_INLINE_CONTAINERS = {"hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir", "bdo", "sdtContent"}
# a <w:br/> (Shift+Enter), or a line end Unicode knows written into a text run
_LINE_ENDS = lazy_regex(LINE_BREAK)
# revisions that are gone from the document as Word shows it with changes accepted
_REMOVED = {"del", "moveFrom"}
# wrappers that may stand around table rows and cells: their children are the rows and cells
_ROW_WRAPPERS = {"sdt", "sdtContent", "customXml"}
# Markup compatibility (ECMA-376 Part 3): alternative renderings of the same content
MC_NAMESPACE = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_ALTERNATE = f"{{{MC_NAMESPACE}}}AlternateContent"
_MC_CHOICE = f"{{{MC_NAMESPACE}}}Choice"
_MC_FALLBACK = f"{{{MC_NAMESPACE}}}Fallback"


@dataclass(frozen=True)
class Block:
    paragraph: Element
    in_table: bool  # in a table cell or a text box: the paragraph ends its block


@dataclass(frozen=True)
class Read:
    """One paragraph as read: its block, numbering label, text (label not included) and outline level."""

    block: Block
    label: str
    text: str
    level: int | None


@dataclass(frozen=True)
class MappedParagraph:
    """Where a paragraph the reader counted stands in document.xml, for writing into the file (批注).

    ``element`` is the index of its ``w:p`` among all ``w:p`` elements of the main part in document
    order, and each run is given by its index among all ``w:r`` elements the same way: positions any
    XML library finds again in the same part. ``label`` is the numbering Word draws before the runs.
    """

    number: int
    element: int
    label: str
    runs: tuple[tuple[int, str], ...]


def read_docx(data: bytes, name: str) -> SourceDocument:
    from validator.readers.legacy import disguised_docx

    other = disguised_docx(data, name)  # a .doc, .odt or .rtf saved under a .docx name
    if other is not None:
        return other
    main = _main_body(data, name)
    lines: list[SourceLine] = []
    counted: list[tuple[Element, bool]] = []  # the paragraphs numbered in the lines, for the layout
    chars = 0
    for count, read in enumerate(_read_paragraphs(main), 1):
        text = read.label + read.text
        counted.append((read.block.paragraph, read.block.in_table))
        chars += len(text)
        check_extracted(name, len(lines) + 1, chars)  # as the text grows, not once it has all been built
        parts = _LINE_ENDS.split(text)  # line breaks inside one paragraph (Shift+Enter) stay lines of it
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            lines.append(SourceLine(part, paragraph=count, outline_level=read.level if i == 0 else None,
                                    ends_paragraph=True if read.block.in_table and last else None))
    body = child(main.root, "body")
    assert body is not None  # _main_body checked
    layout = read_layout(main.package, main.part, body, counted, main.styles_part)
    return SourceDocument(path=name, format="docx", lines=lines, layout=layout)


def paragraph_map(data: bytes, name: str) -> list[MappedParagraph]:
    """The paragraphs ``read_docx`` counts, each with its place in document.xml and its runs' text."""
    main = _main_body(data, name)
    root = main.root
    p_index = {id(e): i for i, e in enumerate(e for e in root.iter() if local(e.tag) == "p")}
    r_index = {id(e): i for i, e in enumerate(e for e in root.iter() if local(e.tag) == "r")}
    out = []
    for count, read in enumerate(_read_paragraphs(main), 1):
        runs = tuple((r_index[id(run)], "".join(_run_text(run))) for run in _inline_runs(read.block.paragraph))
        out.append(MappedParagraph(count, p_index[id(read.block.paragraph)], read.label, runs))
    return out


class _Main(NamedTuple):
    """The main part of a package, parsed: its root (checked to have a body), styles and numbering."""

    package: Package
    part: str
    root: Element
    styles: Styles
    numbering: Numbering
    styles_part: Element | None  # parsed once, for the text and the layout


def _main_body(data: bytes, name: str) -> _Main:
    package = Package(data, name)
    main = package.related("", "officeDocument") or "word/document.xml"
    if not package.has(main):
        raise InputError(f"{name}: 不是有效的 Word（.docx）文件（缺少正文部分）")
    root = package.xml(main)
    styles_part = _optional_part(package, main, "styles")
    styles = Styles(styles_part)
    numbering = Numbering(_optional_part(package, main, "numbering"), styles)
    if child(root, "body") is None:
        raise InputError(f"{name}: 不是有效的 Word（.docx）文件（正文为空或格式不符）")
    return _Main(package, main, root, styles, numbering, styles_part)


def _read_paragraphs(main: _Main) -> Iterator[Read]:
    """The paragraphs with text, in reading order (the ones ``SourceLine.paragraph`` counts)."""
    body = child(main.root, "body")
    assert body is not None  # _main_body checked
    for block in _blocks(body, in_table=False):
        read = _paragraph_parts(block, main.styles, main.numbering)
        if read is not None and read.text.strip():
            yield read


def _optional_part(package: Package, main: str, rel_type: str) -> Element | None:
    """The styles or numbering part; a damaged one is done without (the text is still there, only
    heading levels and list numbers are lost), one refused for safety still refuses the file."""
    part = package.related(main, rel_type)
    try:
        return package.xml(part) if part is not None and package.has(part) else None
    except MalformedXml:
        return None


def _blocks(container: Element, in_table: bool) -> Iterator[Block]:
    """Paragraphs in reading order: body paragraphs, then table cells row by row, nested tables too.

    Iterative, with a stack of the containers being read: nested tables and content controls then
    cost no more per paragraph than flat ones, however deep they go.
    """
    stack: list[tuple[Iterator[Element], bool]] = [(iter(container), in_table)]
    while stack:
        elements, inside = stack[-1]
        element = next(elements, None)
        if element is None:
            stack.pop()
            continue
        if element.tag == _MC_ALTERNATE:
            branch = chosen_branch(element)
            if branch is not None:
                stack.append((iter(branch), inside))
            continue
        name = local(element.tag)
        if name == "p":
            yield Block(element, inside)
            boxes = text_boxes(element)
            if boxes:  # read right after the paragraph that anchors them, each paragraph a block of its own
                stack.append((_children_of(iter(boxes)), True))
        elif name == "tbl":
            stack.append((_children_of(_cells(element)), True))
        elif name == "sdt" and not _is_toc(element):
            content = child(element, "sdtContent")
            if content is not None:
                stack.append((iter(content), inside))
        elif name in ("customXml", "ins", "moveTo"):
            stack.append((iter(element), inside))


def chosen_branch(alternate: Element) -> Element | None:
    """The branch of an ``mc:AlternateContent`` that is read: its first Choice, else its Fallback."""
    fallback = None
    for branch in alternate:
        if branch.tag == _MC_CHOICE:
            return branch
        if branch.tag == _MC_FALLBACK and fallback is None:
            fallback = branch
    return fallback


def _cells(table: Element) -> Iterator[Element]:
    """A table's cells row by row, through content controls and custom XML around rows or cells."""
    for row in _unwrapped(table, "tr"):
        yield from _unwrapped(row, "tc")


def _unwrapped(container: Element, wanted: str) -> Iterator[Element]:
    """The ``wanted`` children of a table or row, looking through the wrappers Word puts around them."""
    stack = [iter(container)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if element.tag == _MC_ALTERNATE:
            branch = chosen_branch(element)
            if branch is not None:
                stack.append(iter(branch))
            continue
        name = local(element.tag)
        if name == wanted:
            yield element
        elif name in _ROW_WRAPPERS:
            stack.append(iter(element))


def text_boxes(paragraph: Element) -> list[Element]:
    """The text boxes (``w:txbxContent``) anchored in a paragraph, outermost ones only, in order.

    A text box is drawn by a run (``w:drawing`` or VML ``w:pict``), usually twice inside an
    ``mc:AlternateContent``: only the branch that is read counts. Text boxes inside deleted runs
    are gone; a text box inside a text box is found when its own paragraph is read.
    """
    boxes: list[Element] = []
    stack = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if element.tag == _MC_ALTERNATE:
            branch = chosen_branch(element)
            if branch is not None:
                stack.append(iter(branch))
            continue
        name = local(element.tag)
        if name == "txbxContent":
            boxes.append(element)
        elif name not in _REMOVED and name not in ("p", "tbl"):
            stack.append(iter(element))
    return boxes


def _children_of(containers: Iterator[Element]) -> Iterator[Element]:
    """The children of each container in turn (the paragraphs and tables of each table cell)."""
    for container in containers:
        yield from container


def _is_toc(sdt: Element) -> bool:
    properties = child(sdt, "sdtPr")
    if properties is None:
        return False
    part = child(properties, "docPartObj")
    gallery = child_val(part, "docPartGallery") if part is not None else None
    return gallery is not None and gallery.startswith("Table of Contents")


def _paragraph_parts(block: Block, styles: Styles, numbering: Numbering) -> Read | None:
    """The paragraph's numbering label, text and outline level; None for a line of a table of contents."""
    p = block.paragraph
    ppr = child(p, "pPr")
    style_id = child_val(ppr, "pStyle") if ppr is not None else None
    if styles.is_toc(style_id):
        return None
    label = _label(ppr, style_id, styles, numbering)
    text = "".join(_inline_text(p))
    level = _outline_level(ppr, style_id, styles)
    return Read(block, label if text.strip() else "", text, level)


def _label(ppr: Element | None, style_id: str | None, styles: Styles, numbering: Numbering) -> str:
    num = child(ppr, "numPr") if ppr is not None else None
    num_id = child_val(num, "numId") if num is not None else None
    ilvl_text = child_val(num, "ilvl") if num is not None else None
    style_num, style_level = styles.numbering(style_id)
    if num_id is None:
        num_id = style_num
    if num_id is None or num_id == "0":
        return ""
    explicit = parse_int(ilvl_text)  # a level Word does not have (20) numbers nothing; "abc" or "²" is no level
    if explicit is not None and explicit >= 0:
        ilvl = explicit
    elif style_level is not None:
        ilvl = style_level
    else:
        ilvl = numbering.level_for_style(num_id, style_id)
    return numbering.label(num_id, ilvl)


def _outline_level(ppr: Element | None, style_id: str | None, styles: Styles) -> int | None:
    own = parse_int(child_val(ppr, "outlineLvl") if ppr is not None else None)
    if own is not None and own >= 0:
        return own + 1 if own < 9 else None  # level 9 and up: body text
    return styles.outline_level(style_id)


def _inline_text(container: Element) -> Iterator[str]:
    """The text of a paragraph's runs, through hyperlinks, insertions and content controls."""
    for run in _inline_runs(container):
        yield from _run_text(run)


def _inline_runs(container: Element) -> Iterator[Element]:
    """A paragraph's runs in order, through hyperlinks, insertions, content controls and
    markup-compatibility alternatives (iteratively)."""
    stack: list[Iterator[Element]] = [iter(container)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if element.tag == _MC_ALTERNATE:
            branch = chosen_branch(element)
            if branch is not None:
                stack.append(iter(branch))
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
        # _REMOVED, pPr, bookmarks, comment ranges, drawings: no text of the paragraph


def _run_text(run: Element) -> Iterator[str]:
    properties = child(run, "rPr")
    if properties is not None and _on(child(properties, "vanish")):
        return  # hidden text is not part of the document as printed
    for element in run:
        name = local(element.tag)
        if name == "t":
            yield element.text or ""
        elif name == "tab":
            yield "\t"
        elif name in ("br", "cr"):
            yield "\n"
        elif name == "noBreakHyphen":
            yield "-"
        # delText (deleted), instrText (field codes), footnote references: not shown text


def _on(flag: Element | None) -> bool:
    return flag is not None and attr(flag, "val") not in ("0", "false", "off")
