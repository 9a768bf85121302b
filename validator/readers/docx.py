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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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
from validator.readers.package import Package
from validator.readers.text import LINE_BREAK

# inline elements whose children are read as part of the paragraph
_INLINE_CONTAINERS = {"hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir", "bdo", "sdtContent"}
# a <w:br/> (Shift+Enter), or a line end Unicode knows written into a text run
_LINE_ENDS = lazy_regex(LINE_BREAK)
# revisions that are gone from the document as Word shows it with changes accepted
_REMOVED = {"del", "moveFrom"}


@dataclass(frozen=True)
class Block:
    paragraph: Element
    in_table: bool


def read_docx(data: bytes, name: str) -> SourceDocument:
    package = Package(data, name)
    main = package.related("", "officeDocument") or "word/document.xml"
    if not package.has(main):
        raise InputError(f"{name}: 不是有效的 Word（.docx）文件（缺少正文部分）")
    root = package.xml(main)
    styles_part = _optional_part(package, main, "styles")  # parsed once, for the text and the layout
    styles = Styles(styles_part)
    numbering = Numbering(_optional_part(package, main, "numbering"), styles)
    body = child(root, "body")
    if body is None:
        raise InputError(f"{name}: 不是有效的 Word（.docx）文件（正文为空或格式不符）")
    lines: list[SourceLine] = []
    counted: list[tuple[Element, bool]] = []  # the paragraphs numbered in the lines, for the layout
    count = chars = 0
    for block in _blocks(body, in_table=False):
        text, level = _paragraph(block.paragraph, styles, numbering)
        if text is None or not text.strip():
            continue
        count += 1
        counted.append((block.paragraph, block.in_table))
        chars += len(text)
        check_extracted(name, len(lines) + 1, chars)  # as the text grows, not once it has all been built
        parts = _LINE_ENDS.split(text)  # line breaks inside one paragraph (Shift+Enter) stay lines of it
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            lines.append(SourceLine(part, paragraph=count, outline_level=level if i == 0 else None,
                                    ends_paragraph=True if block.in_table and last else None))
    return SourceDocument(path=name, format="docx", lines=lines, layout=read_layout(package, main, body, counted, styles_part))


def _optional_part(package: Package, main: str, rel_type: str) -> Element | None:
    part = package.related(main, rel_type)
    return package.xml(part) if part is not None and package.has(part) else None


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
        name = local(element.tag)
        if name == "p":
            yield Block(element, inside)
        elif name == "tbl":
            cells = (cell for row in element if local(row.tag) == "tr" for cell in row if local(cell.tag) == "tc")
            stack.append((_children_of(cells), True))
        elif name == "sdt" and not _is_toc(element):
            content = child(element, "sdtContent")
            if content is not None:
                stack.append((iter(content), inside))
        elif name in ("customXml", "ins", "moveTo"):
            stack.append((iter(element), inside))


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


def _paragraph(p: Element, styles: Styles, numbering: Numbering) -> tuple[str | None, int | None]:
    """The paragraph's text with its numbering label, and its outline level; None text for a TOC line."""
    ppr = child(p, "pPr")
    style_id = child_val(ppr, "pStyle") if ppr is not None else None
    if styles.is_toc(style_id):
        return None, None
    label = _label(ppr, style_id, styles, numbering)
    text = "".join(_inline_text(p))
    level = _outline_level(ppr, style_id, styles)
    return label + text if text.strip() else text, level


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
    """The text of a paragraph's runs, through hyperlinks, insertions and content controls (iteratively)."""
    stack: list[Iterator[Element]] = [iter(container)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        name = local(element.tag)
        if name == "r":
            yield from _run_text(element)
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
